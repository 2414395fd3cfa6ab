"""Forms of allocation (FUND-2): a rule (every share a percentage typed with two places), a
rule's last day, the allocation list's filters, the run's period."""

from typing import Any

from django import forms

from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, OrgScopeField, YearField, date_filter
from gonghui.members.forms import choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import UnionField
from gonghui.orgs.models import Organization

from ..choices import FundKind
from ..queries import allocation as queries
from ..rules import allocation as rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{label}应为日期，例如 2014-01-01。"},
        **kwargs,
    )


def _share(name: str) -> forms.DecimalField:
    label = rules.SHARE_LABELS[name]
    wrong = f"「{label}」应为 0 至 100 之间的数字（百分比），最多两位小数。"
    return forms.DecimalField(
        label=f"{label}（%）",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.TextInput({"inputmode": "decimal"}),
        error_messages={
            "invalid": wrong,
            "min_value": wrong,
            "max_value": wrong,
            "max_digits": wrong,
            "max_decimal_places": wrong,
            "max_whole_digits": wrong,
        },
    )


class RuleForm(forms.Form):
    name = forms.CharField(label="方案名称", max_length=rules.NAME_MAX)
    effective_from = _date("生效日期")
    effective_to = _date(
        "截止日期", required=False, help_text="留空：执行到下一个方案生效的前一天。"
    )
    share_union = _share("share_union")
    share_town = _share("share_town")
    share_district = _share("share_district")
    share_city = _share("share_city")
    share_province = _share("share_province")
    share_national = _share("share_national")
    retained_district = _share("retained_district")
    retained_town = _share("retained_town")
    retained_refund = _share("retained_refund")
    refund_due_days = forms.IntegerField(
        label="返拨期限（代收后天数）",
        min_value=rules.DUE_DAYS_MIN,
        max_value=rules.DUE_DAYS_MAX,
        initial=30,
        error_messages={
            "invalid": "返拨期限应为天数（整数）。",
            "min_value": f"返拨期限应为 {rules.DUE_DAYS_MIN} 至 {rules.DUE_DAYS_MAX} 天。",
            "max_value": f"返拨期限应为 {rules.DUE_DAYS_MIN} 至 {rules.DUE_DAYS_MAX} 天。",
        },
    )
    is_demo = forms.BooleanField(label="演示数据（非真实标准）", required=False)
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=rules.NOTE_MAX,
        widget=forms.Textarea({"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = (
        "name",
        "effective_from",
        "effective_to",
        *rules.SHARES,
        "refund_due_days",
        "is_demo",
        "note",
    )

    def sections(self) -> list[tuple[str, str, list]]:
        """(id, title, fields) of each part of the page."""
        return [
            ("period", "方案与期间", [self[n] for n in ("name", "effective_from", "effective_to")]),
            ("levels", "各级分成（占代收金额，合计 100%）", [self[n] for n in rules.LEVEL_SHARES]),
            (
                "retained",
                "区级留成的分配（占区级留成，合计 100%）",
                [self[n] for n in rules.RETAINED_SHARES],
            ),
            ("other", "其他", [self[n] for n in ("refund_due_days", "is_demo", "note")]),
        ]

    def service_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


def rule_initial(rule: Any) -> dict[str, Any]:
    if rule is None:
        return {}
    return {**{name: getattr(rule, name) for name in RuleForm.FIELDS}, "version": rule.version}


class RuleCloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    effective_to = _date("截止日期")


class RuleFilterForm(FilterForm):
    year = YearField("适用年度")


class MonthField(forms.CharField):
    """A month: "2013-05", or the ISO date of its first day."""

    def __init__(self, label: str, **kwargs: Any):
        super().__init__(
            label=label,
            required=False,
            max_length=10,
            widget=forms.TextInput(
                {"placeholder": f"{label}（如 2013-05）", "class": "filter-month"}
            ),
            **kwargs,
        )

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        month, problem = rules.parse_month(text)
        if problem:
            raise forms.ValidationError(f"{self.label}：{problem}")
        return month


def _check_months(form: forms.Form, data: dict[str, Any]) -> None:
    start, end = data.get("period_from"), data.get("period_to")
    if start and end and start > end:
        form.add_error("period_to", "所属期止不能早于所属期起。")


class AllocationFilterForm(FilterForm):
    period_from = MonthField("所属期起")
    period_to = MonthField("所属期止")
    collected_from = date_filter("代收日期起")
    collected_to = date_filter("代收日期止")
    town = town_filter()
    union = UnionField(label="基层工会", required=False)
    fund_kind = choice_filter("经费类型", FundKind.choices)
    rule = forms.ModelChoiceField(
        label="分配方案",
        queryset=None,
        required=False,
        empty_label="全部分配方案",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选分配方案不存在。"},
    )
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["union"].user = self.user
        self.fields["union"].widget.attrs["placeholder"] = "基层工会"
        self.fields["rule"].queryset = queries.rules_visible(self.user).order_by("-effective_from")
        offer_towns(self)

    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org and not Organization.objects.visible_to(self.user).filter(pk=org).exists():
            raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_months(self, data)
        return data


class RunForm(forms.Form):
    """The period a run allocates (both empty: every pending collection)."""

    period_from = MonthField("所属期起")
    period_to = MonthField("所属期止")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_months(self, data)
        return data
