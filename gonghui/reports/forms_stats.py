"""The statistics pages' period and organization (REPORT-1, issue #13): a year (the current
one by default), a quarter or a month of it, or a date range; an organization of the user's
scope (a picker; the user's own by default). The catalog page, an indicator's page and the
catalog's export read them the same way."""

import datetime
from typing import Any

from django import forms

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.forms import FilterForm
from gonghui.core.indicators import Period
from gonghui.orgs.forms import OrganizationField
from gonghui.orgs.models import Organization

from .queries import YEAR_MAX, YEAR_MIN

IN_RANGE = f"须在 {YEAR_MIN} 至 {YEAR_MAX} 年之间"
PERIOD_FIELDS = ("year", "quarter", "month", "start", "end")
QUARTERS = [("", "全年"), *((str(q), f"第{'一二三四'[q - 1]}季度") for q in range(1, 5))]
MONTHS = [("", "全部月份"), *((str(m), f"{m}月") for m in range(1, 13))]


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"{label}应为日期，例如 2013-06-30。"},
    )


class StatsForm(FilterForm):
    """The period and organization of the figures. A date range, when given, wins over the
    year (the year box always shows one); a quarter and a month are of the year."""

    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput({"class": "filter-year", "step": 1}),
        error_messages={
            "invalid": "年度须为四位数字年份，例如 2013。",
            "min_value": f"年度{IN_RANGE}。",
            "max_value": f"年度{IN_RANGE}。",
        },
    )
    quarter = forms.ChoiceField(
        label="季度",
        choices=QUARTERS,
        required=False,
        error_messages={"invalid_choice": "季度只能选第一至第四季度。"},
    )
    month = forms.ChoiceField(
        label="月份",
        choices=MONTHS,
        required=False,
        error_messages={"invalid_choice": "月份只能选1至12月。"},
    )
    start = _date("开始日期")
    end = _date("结束日期")
    org = OrganizationField(label="组织", required=False)

    def __init__(self, data: Any = None, *, user: Any = None, **kwargs: Any):
        data = dict(data.items()) if data is not None else {}
        # The defaults are shown in the boxes (and posted by the export button with the rest).
        if not any(data.get(name) for name in ("year", "start", "end")):
            data["year"] = str(today().year)
        if not data.get("org") and getattr(user, "organization_id", None):
            data["org"] = str(user.organization_id)
        super().__init__(data, user=user, **kwargs)
        self.fields["org"].user = user
        self.fields["org"].widget.attrs["placeholder"] = "组织（名称、信用代码或拼音首字母）"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start or end:
            if not (start and end):
                missing = "end" if start else "start"
                if missing not in self.errors:
                    self.add_error(missing, "按日期统计时，开始和结束日期都要填写。")
            elif start > end:
                self.add_error("end", "结束日期不能早于开始日期。")
            else:
                for name, day in (("start", start), ("end", end)):
                    if not YEAR_MIN <= day.year <= YEAR_MAX:
                        self.add_error(name, f"日期{IN_RANGE}。")
        elif data.get("quarter") and data.get("month"):
            self.add_error("month", "季度和月份只能选一项。")
        return data

    def error_status(self) -> int:
        """404 for an organization not found in the user's scope (as for a row), else 400."""
        return 404 if "org" in self.errors else 400

    def period(self) -> Period:
        data = self.cleaned_data
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"])
        year = data.get("year") or today().year
        if data.get("quarter"):
            return Period.quarter(year, int(data["quarter"]))
        if data.get("month"):
            return Period.month(year, int(data["month"]))
        return Period.year(year)

    def organization(self) -> Organization:
        org = self.cleaned_data.get("org") or getattr(self.user, "organization", None)
        if org is None:
            raise ApplicationError("您的账号没有所属组织，请在“组织”中选择要统计的组织。")
        return org

    def period_query(self) -> dict[str, str]:
        """The period as the page was asked for it, for links to other indicators and
        organizations with the same period."""
        query = {}
        for name in PERIOD_FIELDS:
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                query[name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
        return query


class BreakdownForm(StatsForm):
    """An indicator's page as its export asks for it: the period, the organization and the
    indicator (hidden, from the page)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def clean_code(self) -> str:
        from gonghui.core.registry import registry

        code = self.cleaned_data["code"]
        found = registry["indicators"].get(code)
        if found is None or not self.user.can(found.permission):
            raise forms.ValidationError(f"没有代码为「{code}」的指标，或您无权查看。")
        return code
