"""Forms of the workers' congress and open affairs (DEMO-2): the lists' filters (sessions,
records, the employers' work list, the rates page), a session, a year's record."""

from typing import Any

from django import forms

from gonghui.core.clock import today
from gonghui.core.forms import FilterForm, FlagField, MultipleFileField, OrgScopeField, YearField
from gonghui.members.forms import choice_filter, drill_down_date, offer_towns, town_filter
from gonghui.orgs.choices import Ownership
from gonghui.orgs.forms import EmployerField

from ..choices import CongressForm, DisclosureItem, DisclosureMethod, Frequency
from ..rules import congress as rules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
OWNERSHIPS = [
    *[(key, label) for key, (label, _kinds) in rules.GROUPS.items()],
    *[(k, v) for k, v in Ownership.choices if k in (*rules.NON_PUBLIC, *rules.PUBLIC_SECTOR)],
    *[(k, v) for k, v in Ownership.choices if k not in (*rules.NON_PUBLIC, *rules.PUBLIC_SECTOR)],
]


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={
            "invalid": f"{label}应为日期，例如 2013-04-28。",
            "required": f"请填写{label}。",
        },
        **kwargs,
    )


def _count(label: str, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput({"min": 0, "inputmode": "numeric"}),
        error_messages={
            "invalid": f"{label}应为整数。",
            "required": f"请填写{label}。",
            "min_value": f"{label}不能为负数。",
            "max_value": f"{label}不能超过1,000,000。",
        },
    )


class _Filters(FilterForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class SessionFilterForm(_Filters):
    q = forms.CharField(label="单位名称", required=False, max_length=100)
    town = town_filter()
    year = YearField("年度")
    form = choice_filter("形式", CongressForm.choices)
    ownership = choice_filter("经济类型", OWNERSHIPS)
    quorate = FlagField("是否有效", yes="符合召开条件", no="不足三分之二")
    org = OrgScopeField()
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    held_from = drill_down_date("召开日期（起）")
    held_to = drill_down_date("召开日期（止）")


class RecordFilterForm(_Filters):
    q = forms.CharField(label="单位名称", required=False, max_length=100)
    town = town_filter()
    year = YearField("年度")
    ownership = choice_filter("经济类型", OWNERSHIPS)
    established = FlagField("是否建制", yes="已建制", no="未建制")
    org = OrgScopeField()
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class EmployerFilterForm(_Filters):
    """The work list: the year's unionized employers, with or without their congress and
    open affairs (a town's list of who still has to hold one)."""

    q = forms.CharField(label="单位名称", required=False, max_length=100)
    town = town_filter()
    year = YearField("年度")
    ownership = choice_filter("经济类型", OWNERSHIPS)
    congress = FlagField("职代会", yes="已召开", no="未召开")
    open_affairs = FlagField("厂务公开", yes="已建制", no="未建制")
    due = choice_filter("提醒", [("overdue", "超过12个月未召开职代会")], empty="全部单位")
    org = OrgScopeField()
    start = drill_down_date("统计期（起）")
    end = drill_down_date("统计期（止）")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            self.add_error("end", "统计期须同时给出起止日期。")
        elif start and end and start > end:
            self.add_error("end", "统计期（止）不能早于统计期（起）。")
        return data


class RatesForm(_Filters):
    year = YearField("年度")
    town = town_filter()

    def year_value(self) -> int:
        return self.filters().get("year") or today().year


class SessionForm(forms.Form):
    employer = EmployerField(
        label="用人单位",
        help_text="输入单位名称、统一社会信用代码或拼音首字母后选择；须为已建会的单位。",
    )
    form = forms.ChoiceField(
        label="会议形式",
        choices=CongressForm.choices,
        help_text="职工不足100人的单位一般召开职工大会。",
    )
    term_number = forms.IntegerField(label="届次", required=False, min_value=1, max_value=100)
    session_number = forms.IntegerField(label="会次", required=False, min_value=1, max_value=100)
    held_on = _date("召开日期")
    workers_total = _count("职工总数", required=True)
    delegates_total = _count("应到代表（职工）人数", required=True)
    delegates_attended = _count("实到人数", required=True)
    frontline_delegates = _count("其中一线职工代表")
    manager_delegates = _count("其中中高层管理人员代表")
    women_delegates = _count("其中女职工代表")
    agenda = forms.CharField(
        label="审议事项", max_length=3000, widget=forms.Textarea({"rows": 3}),
        help_text="提交会议审议、通过的事项，如工资集体合同草案、规章制度、福利方案。",
    )  # fmt: skip
    resolutions = forms.CharField(
        label="决议", max_length=3000, required=False, widget=forms.Textarea({"rows": 3})
    )
    note = forms.CharField(
        label="备注", max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = user

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        due, attended = data.get("delegates_total"), data.get("delegates_attended")
        if due is not None and attended is not None and attended > due:
            self.add_error(
                "delegates_attended", f"实到人数（{attended}）不能多于应到人数（{due}）。"
            )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class RecordForm(forms.Form):
    employer = EmployerField(label="用人单位", help_text="须为已建会的单位；每个单位每年一条记录。")
    year = forms.IntegerField(
        label="年度",
        min_value=1980,
        max_value=2100,
        error_messages={"invalid": "年度应为四位数字年份。", "required": "请填写年度。"},
    )
    items = forms.MultipleChoiceField(
        label="公开事项",
        choices=DisclosureItem.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少勾选一项公开事项。"},
        help_text="招聘用工和劳动合同、集体合同和规章制度、奖惩和单方解除劳动合同、劳动安全卫生、"
        "社会保险五项直接涉及职工切身利益，均公开的计入厂务公开建制。",
    )
    methods = forms.MultipleChoiceField(
        label="公开形式",
        choices=DisclosureMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少勾选一种公开形式。"},
    )
    frequency = forms.ChoiceField(label="公开频次", choices=Frequency.choices)
    has_supervision_group = forms.BooleanField(label="设立厂务公开监督小组", required=False)
    last_disclosed_on = _date("最近一次公开日期", required=False)
    note = forms.CharField(
        label="备注", max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = user
        self.fields["year"].initial = today().year

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(
        label="佐证材料（公开栏照片、会议记录等，图片或PDF，可多选）",
        error_messages={"required": "请选择要上传的佐证材料（照片或PDF）。"},
    )
