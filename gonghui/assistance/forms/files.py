"""Forms of hardship files: the list's filters, the new file (member picker or name + RIC,
household rows, documents), visits, living standards and the workflow's inputs (NoteForm,
ReasonForm, ExitForm, named by workflow.py)."""

from typing import Any

from django import forms

from gonghui.core.clock import today
from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, VersionForm
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import UnionField
from gonghui.orgs.models import Organization

from ..choices import (
    AccidentEvent,
    DocumentKind,
    FileState,
    HardshipCategory,
    HardshipCause,
    Relation,
    VisitKind,
)
from ..queries.files import towns_visible

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.TextInput({"inputmode": "decimal"})
HOUSEHOLD_ROWS = 6
# The documents the new-file page asks for, one upload box each (rules.required_documents
# says which are needed for the cause and a migrant worker).
DOCUMENT_FIELDS = (
    DocumentKind.ID_CARD,
    DocumentKind.HOUSEHOLD_REGISTER,
    DocumentKind.INCOME_PROOF,
    DocumentKind.MEDICAL,
    DocumentKind.LABOR_CONTRACT,
    DocumentKind.MEMBERSHIP_PROOF,
    DocumentKind.INJURY_DETERMINATION,
    DocumentKind.OTHER,
)


def date_filter(label: str, hidden: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.HiddenInput if hidden else DATE,
        error_messages={"invalid": f"{label}应为日期，例如 2013-01-31。"},
    )


def money_field(label: str, required: bool = True) -> forms.CharField:
    """Typed as text; the service reads it with core.money.parse_money (the same error)."""
    return forms.CharField(label=label, max_length=24, widget=MONEY, required=required)


class FileFilterForm(FilterForm):
    """The file list's filters; `org` (hidden), `standing_on` and `due` are what the
    indicator catalog and the to-dos open the list with."""

    q = forms.CharField(label="编号/姓名/身份证后4位", required=False, max_length=50)
    state = choice_filter("状态", FileState.choices)
    category = choice_filter("类别", HardshipCategory.choices)
    town = town_filter()
    opened_from = date_filter("建档日期起")
    opened_to = date_filter("建档日期止")
    standing_on = date_filter("在档日期")
    due = forms.ChoiceField(
        label="到期",
        required=False,
        choices=[("", "到期：全部"), ("visit", "走访到期"), ("review", "年度复核超期")],
        error_messages={"invalid_choice": "「%(value)s」不是可选的到期类别。"},
    )
    org = forms.IntegerField(
        label="范围",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "范围应为组织编号。"},
    )
    scope_org: Organization | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)

    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org:
            self.scope_org = Organization.objects.visible_to(self.user).filter(pk=org).first()
            if self.scope_org is None:
                raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org

    def clean(self):
        data = super().clean()
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and start > end:
            self.add_error("opened_to", "建档日期止不能早于建档日期起。")
        return data


class HouseholdForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, required=False)
    relation = forms.ChoiceField(
        label="关系", choices=[("", "—"), *Relation.choices], required=False
    )
    birth_year = forms.IntegerField(
        label="出生年份", required=False, min_value=1900, max_value=2100
    )
    situation = forms.CharField(label="情况", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("relation"):
            self.add_error("relation", "请选择与职工的关系。")
        return data


HouseholdFormSet = forms.formset_factory(HouseholdForm, extra=HOUSEHOLD_ROWS, max_num=20)


class FileOpenForm(forms.Form):
    union = UnionField(label="建档工会", required=False, help_text="基层工会；留空为您所在的工会。")
    member = MemberField(
        label="会员", required=False, help_text="会员请选择；非会员留空，填写姓名和身份证号。"
    )
    name = forms.CharField(label="姓名", max_length=50, required=False)
    ric = forms.CharField(label="身份证号", max_length=30, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    employer_name = forms.CharField(label="工作单位", max_length=150, required=False)
    is_migrant_worker = forms.BooleanField(label="农民工", required=False)
    employed_since = forms.DateField(label="现单位入职日期", required=False, widget=DATE)
    household_size = forms.IntegerField(
        label="共同生活人数",
        required=False,
        min_value=1,
        max_value=21,
        help_text="含本人；留空按本人加下列家庭成员计。",
    )
    annual_income = money_field("家庭年可支配收入（元）")
    essential_expenses = money_field("家庭年刚性支出（元）")
    hardship_costs = money_field("当年致困支出（元）", required=False)
    accident_event = forms.ChoiceField(
        label="意外事件", choices=AccidentEvent.choices, required=False
    )
    cause = forms.ChoiceField(label="致困原因", choices=HardshipCause.choices)
    situation = forms.CharField(
        label="困难情况", max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )
    contact_name = forms.CharField(label="帮扶联系人", max_length=50)
    contact_phone = forms.CharField(label="联系人电话", max_length=20, required=False)

    def __init__(self, *args, user: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("union", "member"):
            self.fields[name].user = user
        for kind in DOCUMENT_FIELDS:
            self.fields[f"doc_{kind}"] = forms.FileField(
                label=DocumentKind(kind).label,
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/*,application/pdf,.doc,.docx"}
                ),
            )

    def clean(self):
        data = super().clean()
        if not data.get("member") and not (data.get("name") and data.get("ric")):
            self.add_error("name", "请选择会员，或填写职工姓名和身份证号。")
        return data

    def service_kwargs(self, household: list[dict[str, Any]]) -> dict[str, Any]:
        d = self.cleaned_data
        union = d.get("union") or getattr(self.user, "organization", None)
        return {
            "union": union,
            "member": d.get("member"),
            "name": d.get("name", ""),
            "ric": d.get("ric", ""),
            "phone": d.get("phone", ""),
            "employer_name": d.get("employer_name", ""),
            "is_migrant_worker": d.get("is_migrant_worker", False),
            "employed_since": d.get("employed_since"),
            "household": household,
            "household_size": d.get("household_size"),
            "annual_income": d["annual_income"],
            "essential_expenses": d["essential_expenses"],
            "hardship_costs": d.get("hardship_costs") or "0",
            "accident_event": d.get("accident_event") or "",
            "cause": d["cause"],
            "situation": d.get("situation", ""),
            "contact_name": d["contact_name"],
            "contact_phone": d.get("contact_phone", ""),
            "documents": [
                (kind, d[f"doc_{kind}"]) for kind in DOCUMENT_FIELDS if d.get(f"doc_{kind}")
            ],
        }


def household_rows(formset: Any) -> list[dict[str, Any]]:
    return [
        {k: f.cleaned_data.get(k) for k in ("name", "relation", "birth_year", "situation")}
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=VisitKind.choices)
    visited_on = forms.DateField(label="日期", widget=DATE)
    visitor = forms.CharField(label="走访人", max_length=50)
    note = forms.CharField(
        label="情况记录", max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )
    annual_income = money_field("复核：家庭年可支配收入（元）", required=False)
    essential_expenses = money_field("复核：家庭年刚性支出（元）", required=False)
    hardship_costs = money_field("复核：当年致困支出（元）", required=False)
    household_size = forms.IntegerField(
        label="复核：共同生活人数", required=False, min_value=1, max_value=21
    )

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        out = {k: d[k] for k in ("kind", "visited_on", "visitor", "note")}
        if d["kind"] == VisitKind.REVIEW:
            for k in ("annual_income", "essential_expenses", "hardship_costs", "household_size"):
                if d.get(k) not in (None, ""):
                    out[k] = d[k]
        return out


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类别", choices=DocumentKind.choices)
    upload = forms.FileField(label="文件")


class StandardForm(forms.Form):
    town = forms.ModelChoiceField(
        label="镇街", queryset=Organization.objects.none(), widget=SEARCHABLE_SELECT
    )
    effective_from = forms.DateField(label="执行日期", widget=DATE)
    monthly_amount = money_field("每人每月标准（元）")
    note = forms.CharField(label="依据", max_length=200, required=False)

    def __init__(self, *args, user: Any = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = (
            towns_visible(user) if user is not None else Organization.objects.none()
        )


class StandardFilterForm(FilterForm):
    town = town_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)


# ---- the workflow's inputs (workflow.py) ------------------------------------------------


class NoteForm(VersionForm):
    note = forms.CharField(label="意见", max_length=300, required=False)


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", max_length=300)


class ExitForm(VersionForm):
    reason = forms.CharField(label="退档理由", max_length=300)
    notice_from = forms.DateField(
        label="公示开始日期", required=False, widget=DATE, help_text="留空为今天；公示5个工作日。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice_from"].initial = today
