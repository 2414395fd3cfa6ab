"""Forms of mutual-aid claims (CARE-3): the list's filters (the indicator catalog's names),
a new claim (a member picked, the event, the bills, the account, the documents), a
correction before the review, one more document, and the workflow's inputs (NoteForm,
ReasonForm, named in workflow.py)."""

from typing import Any

from django import forms

from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, VersionForm
from gonghui.core.forms import YearField as FilterYearField
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.models import Organization

from ..choices import BenefitKind, ClaimState, DocumentKind, EventKind
from ..queries import claims as queries

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = False, hidden: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.HiddenInput if hidden else DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{label}应为日期，例如 2013-12-31。"},
    )


def money_field(label: str, **kwargs: Any) -> forms.CharField:
    """An amount as typed; the service reads it with core.money.parse_money."""
    return forms.CharField(
        label=label, max_length=24, widget=forms.TextInput({"inputmode": "decimal"}), **kwargs
    )


class ClaimFilterForm(FilterForm):
    """The claim list's filters; the names are the indicator catalog's (docs/mutualaid.md)."""

    number = forms.CharField(label="申请编号", required=False, max_length=20)
    plan = forms.ModelChoiceField(
        label="计划年度",
        required=False,
        queryset=None,
        empty_label="全部计划",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选计划年度不存在。"},
    )
    year = FilterYearField("年度")
    state = choice_filter("状态", ClaimState.choices)
    kind = choice_filter("互助项目", BenefitKind.choices)
    event_kind = choice_filter("类别", EventKind.choices)
    paid_from = _date("发放日期起")
    paid_to = _date("发放日期止")
    town = town_filter()
    org = forms.IntegerField(
        label="范围",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "范围应为组织编号。"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = queries.plan_choices(self.user)
        offer_towns(self)

    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org and not Organization.objects.visible_to(self.user).filter(pk=org).exists():
            raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org

    def clean(self) -> dict:
        data = super().clean()
        if data.get("paid_from") and data.get("paid_to") and data["paid_from"] > data["paid_to"]:
            self.add_error("paid_to", "发放日期止不能早于发放日期起。")
        return data


class ClaimFieldsMixin(forms.Form):
    """The event, the bills and the account (a new claim and a correction alike)."""

    event_on = _date("发病或受伤日期", required=True)
    admitted_on = _date("入院日期")
    discharged_on = _date("出院日期")
    hospital = forms.CharField(label="医院", max_length=100)
    diagnosis = forms.CharField(label="诊断或伤情", max_length=200)
    disease = forms.ChoiceField(
        label="重大疾病病种",
        required=False,
        choices=(),
        help_text="患计划所列重大疾病的选择病种；否则留空。",
    )
    total_cost = money_field("医疗总费用（元）")
    insurance_paid = money_field("基本医保支付（元）", required=False)
    own_cost = money_field("个人自付（元）", required=False, help_text="留空按总费用减医保支付。")
    bank_name = forms.CharField(label="开户银行", max_length=60)
    account = forms.CharField(label="银行账号", max_length=40)

    def _offer_diseases(self) -> None:
        self.fields["disease"].choices = [("", "无"), *queries.disease_choices(self.user)]


class ClaimForm(ClaimFieldsMixin):
    """A new claim: the member picked from the union's members."""

    member = MemberField(label="会员")
    event_kind = forms.ChoiceField(label="类别", choices=EventKind.choices)
    discharge_document = forms.FileField(label="出院小结或诊断证明")
    invoice_document = forms.FileField(label="医疗费用票据")
    settlement_document = forms.FileField(label="医保结算单", required=False)
    other_document = forms.FileField(label="其他材料（意外事故证明等）", required=False)

    field_order = ["member", "event_kind"]
    DOCUMENTS = (
        ("discharge_document", DocumentKind.DISCHARGE),
        ("invoice_document", DocumentKind.INVOICE),
        ("settlement_document", DocumentKind.SETTLEMENT),
        ("other_document", DocumentKind.OTHER),
    )

    def __init__(self, *args: Any, user: Any = None, quote: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["member"].user = user
        self._offer_diseases()
        if quote:  # 试算: the figures only
            for name in ("discharge_document", "invoice_document", "hospital", "diagnosis"):
                self.fields[name].required = False
            self.fields["bank_name"].required = self.fields["account"].required = False

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        documents = []
        for name, kind in self.DOCUMENTS:
            upload = data.pop(name, None)
            if upload:
                documents.append((kind, upload))
        data["documents"] = documents
        return data

    def quote_kwargs(self) -> dict[str, Any]:
        data = self.service_kwargs()
        data.pop("documents")
        return data


class ClaimEditForm(ClaimFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self._offer_diseases()

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        data["insurance_paid"] = data.get("insurance_paid") or "0"
        return data


class DocumentForm(VersionForm):
    kind = forms.ChoiceField(label="材料类别", choices=DocumentKind.choices)
    upload = forms.FileField(label="文件")


# ---- the workflow's inputs -------------------------------------------------------------------


class NoteForm(VersionForm):
    note = forms.CharField(label="意见", max_length=300, required=False)


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", max_length=300)
