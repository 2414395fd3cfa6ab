"""Forms of the reports pages: the targets page's year and organization, and a target's
setting, change and removal (REPORT-2). The rules are the service's; these only parse."""

from typing import Any

from django import forms

from gonghui.core.clock import today
from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, VersionForm
from gonghui.core.indicators import catalog
from gonghui.orgs.forms import OrganizationField
from gonghui.orgs.models import Organization

from .models import Comparison
from .queries import YEAR_MAX, YEAR_MIN

YEAR_ERRORS = {
    "invalid": "年度须为四位数字年份，例如 2014。",
    "min_value": f"年度须在 {YEAR_MIN} 至 {YEAR_MAX} 年之间。",
    "max_value": f"年度须在 {YEAR_MIN} 至 {YEAR_MAX} 年之间。",
}


def _year(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label="年度", min_value=YEAR_MIN, max_value=YEAR_MAX, error_messages=YEAR_ERRORS, **kwargs
    )


class TargetFilterForm(FilterForm):
    """The year and the organization whose targets (its own and its children's) are shown;
    the current year and the user's own organization by default."""

    year = _year(required=False, widget=forms.NumberInput({"class": "filter-year", "step": 1}))
    org = OrganizationField(label="组织", required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["org"].user = self.user
        self.fields["org"].widget.attrs["placeholder"] = "组织（名称或编号）"

    def year_and_org(self) -> tuple[int, Organization | None]:
        """What was given rightly; a wrong one (said under the filters) is its default."""
        data = {}
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the fields given rightly
            data = self.cleaned_data
        org = data.get("org") or getattr(self.user, "organization", None)
        return data.get("year") or today().year, org


def _value() -> forms.DecimalField:
    return forms.DecimalField(
        label="目标值",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="比率填百分数（80 即 80%），数量填整数。",
        error_messages={
            "required": "请填写目标值。",
            "invalid": "目标值应为数字，例如 80。",
            "min_value": "目标值不能为负数。",
            "max_digits": "目标值太大。",
            "max_decimal_places": "目标值最多保留两位小数。",
            "max_whole_digits": "目标值太大。",
        },
    )


def _comparison() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="要求",
        choices=Comparison.choices,
        initial=Comparison.AT_LEAST,
        error_messages={"invalid_choice": "要求应为「不低于」或「不高于」。"},
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label="说明",
        max_length=300,
        required=False,
        error_messages={"max_length": "说明最多300个字。"},
    )


class TargetForm(forms.Form):
    """A new target (or a new value for one there is): the indicators the user may see, the
    organizations whose targets they may set (the view passes them)."""

    year = _year(widget=forms.HiddenInput)
    code = forms.ChoiceField(
        label="指标", widget=SEARCHABLE_SELECT, error_messages={"invalid_choice": "请选择指标。"}
    )
    organization = forms.ModelChoiceField(
        label="组织",
        queryset=Organization.objects.none(),
        widget=SEARCHABLE_SELECT,
        error_messages={
            "required": "请选择组织。",
            "invalid_choice": "所选组织不存在或您不能设定其目标，请重新选择。",
        },
    )
    value = _value()
    comparison = _comparison()
    note = _note()

    def __init__(self, *args: Any, user: Any, organizations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [
            (i.code, f"{i.section} · {i.title}（{i.unit}）") for i in catalog(user)
        ]
        self.fields["organization"].queryset = organizations


class TargetChangeForm(VersionForm):
    value = _value()
    comparison = _comparison()
    note = _note()
