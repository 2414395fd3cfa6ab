"""Forms of legal-person certificates (ORG-4): the request with its documents, the check's
transitions (core.workflow forms), the lists' filters."""

from django import forms

from gonghui.core.forms import FilterForm, VersionForm, YearField

from .choices import (
    CertificateDocumentKind,
    CertificateRequestKind,
    CertificateRequestState,
    CertificateState,
)
from .forms import DATE, _date_filter, _town_filter, _under_filter
from .queries import towns_visible

# The documents a request carries, one file box each (a phone's camera or files).
DOCUMENT_FIELDS = [
    (CertificateDocumentKind.APPLICATION, "doc_application"),
    (CertificateDocumentKind.APPROVAL, "doc_approval"),
    (CertificateDocumentKind.MINUTES, "doc_minutes"),
    (CertificateDocumentKind.CHAIR_ID, "doc_chair_id"),
    (CertificateDocumentKind.PREMISES, "doc_premises"),
    (CertificateDocumentKind.FUNDS, "doc_funds"),
    (CertificateDocumentKind.OTHER, "doc_other"),
]
FILE_INPUT = forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf,.doc,.docx"})


class _Documents(forms.Form):
    def documents(self, files) -> list[tuple[str, object]]:
        """(kind, upload) of each file given, for the service to check."""
        return [(kind.value, files[name]) for kind, name in DOCUMENT_FIELDS if files.get(name)]


def _add_document_fields(form: forms.Form) -> None:
    for kind, name in DOCUMENT_FIELDS:
        form.fields[name] = forms.FileField(label=kind.label, required=False, widget=FILE_INPUT)


class RequestForm(_Documents):
    kind = forms.ChoiceField(label="办理事项", choices=CertificateRequestKind.choices)
    representative = forms.CharField(
        label="法定代表人", max_length=50, required=False, help_text="申领、变更时填写。"
    )
    address = forms.CharField(label="住所", max_length=200, required=False)
    reason = forms.CharField(label="事由", max_length=300, required=False, help_text="注销时必填。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_document_fields(self)


class DocumentsForm(_Documents):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_document_fields(self)


class NoteForm(VersionForm):
    note = forms.CharField(label="审核意见", max_length=300)


class ResubmitForm(VersionForm):
    representative = forms.CharField(label="法定代表人", max_length=50, required=False)
    address = forms.CharField(label="住所", max_length=200, required=False)
    reason = forms.CharField(label="事由", max_length=300, required=False)


class IssueForm(VersionForm):
    number = forms.CharField(label="证书编号", max_length=40)
    uscc = forms.CharField(
        label="工会统一社会信用代码",
        max_length=18,
        min_length=18,
        error_messages={"min_length": "统一社会信用代码应为18位。"},
    )
    issued_on = forms.DateField(label="发证日期", widget=DATE)
    valid_until = forms.DateField(label="有效期至", widget=DATE)


class CertificateFilterForm(FilterForm):
    q = forms.CharField(label="工会、证书编号或信用代码", required=False)
    state = forms.ChoiceField(
        label="状态",
        choices=[("", "全部状态"), *CertificateState.choices, ("expired", "已过期")],
        required=False,
    )
    due = forms.ChoiceField(
        label="到期", choices=[("", "不限"), ("expiring", "90天内到期")], required=False
    )
    town = _town_filter()
    valid_until_to = _date_filter("有效期至不晚于")
    issued_year = YearField("发证年份")
    issued_from = _date_filter("发证日期起")
    issued_to = _date_filter("发证日期止")
    valid_on = _date_filter("该日有效")
    expiring_on = _date_filter("自该日起90天内到期")
    org = _under_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)
        self.fields["org"].user = self.user


class WithoutFilterForm(FilterForm):
    q = forms.CharField(label="工会名称", required=False)
    town = _town_filter()
    on = _date_filter("截至日期")
    org = _under_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)
        self.fields["org"].user = self.user


class RequestFilterForm(FilterForm):
    todo = forms.BooleanField(label="待我审核", required=False)
    state = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *CertificateRequestState.choices], required=False
    )
    kind = forms.ChoiceField(
        label="办理事项",
        choices=[("", "全部事项"), *CertificateRequestKind.choices],
        required=False,
    )
    town = _town_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)
