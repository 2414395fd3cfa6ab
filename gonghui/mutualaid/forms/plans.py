"""Forms of plan years (CARE-3): the list's filters, the plan year with its benefit items on
one page (a section per kind), a disease of the critical-illness list. Amounts are read by
the service (core.money.parse_money); a ratio is typed as a percentage and read here."""

from typing import Any

from django import forms

from gonghui.core.forms import FilterForm, VersionForm
from gonghui.core.forms import YearField as FilterYearField
from gonghui.members.forms import choice_filter

from ..choices import BenefitKind, CountedWhen, PlanState
from ..models import BenefitItem, PlanYear
from ..rules import plans as rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SMALL_INT_MAX = 32767  # a PositiveSmallIntegerField: the rules say the real bounds


def money_field(label: str, **kwargs: Any) -> forms.CharField:
    """An amount as typed; the service reads it with core.money.parse_money."""
    return forms.CharField(
        label=label, max_length=24, widget=forms.TextInput({"inputmode": "decimal"}), **kwargs
    )


def _int(label: str, **kwargs: Any) -> forms.IntegerField:
    wrong = f"{label}应为整数。"
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=SMALL_INT_MAX,
        error_messages={"invalid": wrong, "min_value": wrong, "max_value": f"{label}太大。"},
        **kwargs,
    )


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={"invalid": f"{label}应为日期，例如 2013-12-31。"},
        **kwargs,
    )


class PlanFilterForm(FilterForm):
    year = FilterYearField("年度")
    state = choice_filter("状态", PlanState.choices)


# The item sections: (kind, its fields without the kind's prefix).
SHARE_FIELDS = ("name", "deductible", "ratio", "per_claim_cap", "yearly_cap", "waiting_applies")
ITEM_SECTIONS = (
    (BenefitKind.INPATIENT, SHARE_FIELDS),
    (BenefitKind.CRITICAL, ("name", "yearly_cap", "waiting_applies")),
    (BenefitKind.ACCIDENT, SHARE_FIELDS),
)
PLAN_FORM_FIELDS = (
    "year",
    "name",
    "starts_on",
    "ends_on",
    "enroll_closes_on",
    "contribution",
    "age_limit_male",
    "age_limit_female",
    "waiting_days",
    "claim_window_days",
    "counted_when",
    "is_demo",
    "note",
)


def _item_field(kind: str, name: str) -> forms.Field:
    label = rules.item_label(kind)
    if name == "name":
        return forms.CharField(label="名称", max_length=rules.ITEM_NAME_MAX, required=False)
    if name == "deductible":
        return money_field("起付金额（元）", required=False, initial="0.00")
    if name == "ratio":
        return forms.CharField(
            label="资助比例（%）",
            max_length=12,
            required=False,
            help_text="按百分比填写，如 60 表示 60%。",
            widget=forms.TextInput({"inputmode": "decimal"}),
        )
    if name == "per_claim_cap":
        return money_field("每次上限（元）", required=False, help_text="留空为不设上限。")
    if name == "yearly_cap":
        return money_field("年度上限（元）", required=False, help_text="留空为不设上限。")
    return forms.BooleanField(
        label=f"{label}适用新参保观察期", required=False, initial=kind != BenefitKind.ACCIDENT
    )


class PlanForm(forms.Form):
    """A plan year and its three possible items, each in its own section."""

    year = _int("年度")
    name = forms.CharField(label="计划名称", max_length=rules.NAME_MAX)
    starts_on = _date("保障期开始")
    ends_on = _date("保障期结束")
    enroll_closes_on = _date("参保截止日期", required=False)
    contribution = money_field("每人缴费（元）")
    age_limit_male = _int("男职工年龄上限（岁）", initial=60)
    age_limit_female = _int("女职工年龄上限（岁）", initial=50)
    waiting_days = _int("新参保观察期（天）", initial=90)
    claim_window_days = _int("申请时限（出院后天数）", initial=365)
    counted_when = forms.ChoiceField(
        label="参保生效", choices=CountedWhen.choices, initial=CountedWhen.PAID
    )
    is_demo = forms.BooleanField(label="演示数据（非真实标准）", required=False)
    note = forms.CharField(
        label="说明", required=False, max_length=rules.NOTE_MAX, widget=forms.Textarea({"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        for kind, names in ITEM_SECTIONS:
            self.fields[f"{kind}_included"] = forms.BooleanField(
                label=f"设{rules.item_label(kind)}", required=False
            )
            for name in names:
                self.fields[f"{kind}_{name}"] = _item_field(kind, name)

    def sections(self) -> list[tuple[str, str, list]]:
        """(id, title, bound fields) of each part of the page."""
        parts = [("plan", "计划年度", [self[n] for n in PLAN_FORM_FIELDS])]
        for kind, names in ITEM_SECTIONS:
            fields = [self[f"{kind}_included"], *(self[f"{kind}_{n}"] for n in names)]
            parts.append((kind, rules.item_label(kind), fields))
        return parts

    def clean(self) -> dict:
        data = super().clean()
        for kind, names in ITEM_SECTIONS:
            if not data.get(f"{kind}_included") or "ratio" not in names:
                continue
            ratio, problem = rules.parse_percent(data.get(f"{kind}_ratio"))
            if problem:
                self.add_error(f"{kind}_ratio", problem)
            else:
                data[f"{kind}_ratio"] = ratio
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The plan's fields and `items` ({kind: values, or None for an item not set})."""
        data = self.cleaned_data
        fields = {name: data[name] for name in PLAN_FORM_FIELDS}
        items: dict[str, dict | None] = {}
        for kind, names in ITEM_SECTIONS:
            if not data.get(f"{kind}_included"):
                items[kind] = None
                continue
            items[kind] = {name: data.get(f"{kind}_{name}") for name in names}
            items[kind]["name"] = items[kind]["name"] or rules.item_label(kind)
        return {**fields, "items": items}


def plan_initial(plan: PlanYear | None, items: list[BenefitItem]) -> dict[str, Any]:
    """The form's values for a plan year (a new one: the defaults, all three items)."""
    if plan is None:
        initial: dict[str, Any] = {}
        for kind, _ in ITEM_SECTIONS:
            defaults = rules.item_defaults(kind)
            initial[f"{kind}_included"] = True
            initial[f"{kind}_name"] = defaults["name"]
            initial[f"{kind}_waiting_applies"] = defaults["waiting_applies"]
        return initial
    initial = {name: getattr(plan, name) for name in PLAN_FORM_FIELDS}
    initial["version"] = plan.version
    by_kind = {i.kind: i for i in items}
    for kind, names in ITEM_SECTIONS:
        item = by_kind.get(kind)
        initial[f"{kind}_included"] = item is not None
        if item is None:
            initial[f"{kind}_name"] = rules.item_label(kind)
            continue
        for name in names:
            initial[f"{kind}_{name}"] = getattr(item, name)
        if "ratio" in names:
            initial[f"{kind}_ratio"] = rules.percent_text(item.ratio).rstrip("%")
    return initial


class DiseaseForm(VersionForm):
    name = forms.CharField(label="病种名称", max_length=rules.DISEASE_NAME_MAX)
    amount = money_field("资助金额（元）")
    code = forms.CharField(
        label="代码",
        max_length=rules.CODE_MAX,
        required=False,
        help_text="留空自动编号；字母、数字、“-”或“_”。",
    )


class DiseaseEditForm(VersionForm):
    name = forms.CharField(label="病种名称", max_length=rules.DISEASE_NAME_MAX)
    amount = money_field("资助金额（元）")
