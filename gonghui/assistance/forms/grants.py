"""Forms of programs and grants (CARE-2): the lists' filters, the program and its budget
split, the application, and the inputs of the grant workflow's transitions (NoteForm,
ReasonForm, AccountForm, named in workflow.py)."""

from typing import Any

from django import forms

from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, FlagField, OrgScopeField, VersionForm
from gonghui.core.forms import YearField as FilterYearField
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.forms import UnionField
from gonghui.orgs.models import Organization

from ..choices import DocumentKind, Eligibility, GrantState, HardshipCategory
from ..models import ProgramKind
from ..queries import grants as queries

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label: str, **kwargs: Any) -> forms.CharField:
    """An amount as typed; the service reads it with core.money.parse_money."""
    return forms.CharField(
        label=label, max_length=24, widget=forms.TextInput({"inputmode": "decimal"}), **kwargs
    )


def _date_filter(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{label}应为日期，例如 2013-12-31。"},
    )


def _kind_choices() -> list[tuple[str, str]]:
    return list(ProgramKind.objects.values_list("code", "name"))


class ProgramFilterForm(FilterForm):
    year = FilterYearField("年度")
    kind = forms.ChoiceField(label="类别", required=False, choices=())
    is_open = FlagField("接受申报", yes="接受申报", no="已停止申报")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "全部类别"), *_kind_choices()]


class GrantFilterForm(FilterForm):
    """The grant list's filters; the names are the indicator catalog's (docs/assistance.md)."""

    q = forms.CharField(label="编号/姓名", required=False, max_length=50)
    program = forms.ModelChoiceField(
        label="项目",
        required=False,
        queryset=None,
        empty_label="全部项目",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选项目不存在或不在您的管理范围内。"},
    )
    # Several kinds at once: the report's 生活救助、节日慰问 is three (the catalog's link).
    kind = forms.MultipleChoiceField(
        label="类别",
        required=False,
        choices=(),
        widget=forms.SelectMultiple(
            attrs={"data-searchable": "1", "class": "form-select", "aria-label": "项目类别"}
        ),
        error_messages={"invalid_choice": "「%(value)s」不是可选的项目类别。"},
    )
    state = choice_filter("状态", GrantState.choices)
    year = FilterYearField("项目年度")
    paid_from = _date_filter("发放日期起")
    paid_to = _date_filter("发放日期止")
    category = choice_filter("困难类别", HardshipCategory.choices)
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = queries.programs_visible(self.user).order_by(
            "-year", "pk"
        )
        self.fields["kind"].choices = _kind_choices()
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


# ---- programs --------------------------------------------------------------------------------


class ProgramKindForm(forms.Form):
    name = forms.CharField(label="类别名称", max_length=50)
    order = forms.IntegerField(label="排序", min_value=0, max_value=32767, initial=100)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user


class OrganizerField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any):
        super().__init__(
            queryset=Organization.objects.none(),
            widget=SEARCHABLE_SELECT,
            error_messages={"invalid_choice": "所选主办工会不存在或不在您的管理范围内。"},
            **kwargs,
        )


class ProgramForm(forms.Form):
    kind = forms.ModelChoiceField(label="类别", queryset=ProgramKind.objects.all())
    name = forms.CharField(label="项目名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    organizer = OrganizerField(label="主办工会")
    budget = money_field("预算（元）")
    eligibility = forms.ChoiceField(label="资助对象", choices=Eligibility.choices)
    hardship_categories = forms.MultipleChoiceField(
        label="困难类别（资助对象为在档困难职工时；不选为全部类别）",
        choices=HardshipCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    standard_amount = money_field("标准金额（元）", required=False)
    cap_amount = money_field("每人上限（元）", required=False)
    once_per_person = forms.BooleanField(label="每人限领一次", required=False, initial=True)
    opens_on = forms.DateField(label="申报开始", required=False, widget=DATE)
    closes_on = forms.DateField(label="申报截止", required=False, widget=DATE)
    is_open = forms.BooleanField(label="接受申报", required=False, initial=True)
    description = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organizer"].queryset = (
            Organization.objects.visible_to(user)
            .filter(kind__in=[OrgKind.DISTRICT, OrgKind.TOWN])
            .order_by("path")
        )

    def service_kwargs(self) -> dict[str, Any]:
        from gonghui.core.money import parse_money

        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["budget"] = parse_money(data["budget"], field="budget")
        for name in ("standard_amount", "cap_amount"):
            data[name] = parse_money(data[name], field=name) if data[name] else None
        data["hardship_categories"] = list(data["hardship_categories"] or [])
        return data


class BudgetSplitForm(forms.Form):
    """A share per town under the program's organizer (blank: none)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, towns: Any = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.towns = list(towns)
        for town in self.towns:
            self.fields[f"town_{town.pk}"] = money_field(town.name, required=False)

    def shares(self) -> dict[int, str]:
        return {
            t.pk: self.cleaned_data[f"town_{t.pk}"]
            for t in self.towns
            if (self.cleaned_data.get(f"town_{t.pk}") or "").strip()
        }


# ---- applications ----------------------------------------------------------------------------


class ApplyForm(forms.Form):
    """One application: a member picked, or a worker by name and RIC."""

    union = UnionField(label="申报工会")
    member = MemberField(
        label="会员",
        required=False,
        help_text="从会员中选择；非会员职工请留空并填写姓名和身份证号。",
    )
    name = forms.CharField(label="姓名", max_length=50, required=False)
    ric = forms.CharField(label="身份证号", max_length=18, required=False)
    amount = money_field("金额（元）", required=False, help_text="留空按项目标准金额。")
    child_name = forms.CharField(label="子女姓名", max_length=50, required=False)
    school = forms.CharField(label="录取学校", max_length=100, required=False)
    admission_year = forms.IntegerField(
        label="入学年份", min_value=1990, max_value=2100, required=False
    )
    reason = forms.CharField(
        label="申请理由", max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )
    bank_name = forms.CharField(label="开户银行", max_length=60, required=False)
    account = forms.CharField(label="银行账号", max_length=30, required=False)
    admission_letter = forms.FileField(label="录取通知书", required=False)
    injury_determination = forms.FileField(label="工伤认定书", required=False)
    other_document = forms.FileField(label="其他证明材料", required=False)

    def __init__(self, *args: Any, user: Any = None, program: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user, self.program = user, program
        for name in ("union", "member"):
            self.fields[name].user = user
        if program is not None and program.eligibility != Eligibility.SCHOOL_ADMISSION:
            for name in ("child_name", "school", "admission_year", "admission_letter"):
                del self.fields[name]
        if program is not None and program.eligibility != Eligibility.WORK_INJURY:
            del self.fields["injury_determination"]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("member") and not (data.get("name") or data.get("ric")):
            self.add_error("member", "请选择会员，或填写姓名和身份证号。")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        documents = []
        for name, kind in (
            ("admission_letter", DocumentKind.ADMISSION_LETTER),
            ("injury_determination", DocumentKind.INJURY_DETERMINATION),
            ("other_document", DocumentKind.OTHER),
        ):
            upload = data.pop(name, None)
            if upload:
                documents.append((kind, upload))
        data["documents"] = documents
        return data


# ---- the workflow's inputs -------------------------------------------------------------------


class NoteForm(VersionForm):
    note = forms.CharField(label="意见", max_length=300, required=False)


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", max_length=300)


class AccountForm(VersionForm):
    bank_name = forms.CharField(label="开户银行", max_length=60)
    account = forms.CharField(label="银行账号", max_length=30)


class BatchForm(forms.Form):
    """The batch approval's confirm step: the filters it was opened with, and a note."""

    note = forms.CharField(label="审批意见", max_length=300, required=False)
    confirm = forms.BooleanField(label="确认批准", required=True)
