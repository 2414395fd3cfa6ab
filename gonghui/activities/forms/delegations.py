"""Forms of delegations (MERIT-4): the list's filters, the delegation, its events (several
at once), athletes (several members picked at once, with the events they enter), an
athlete's events, a prize."""

from typing import Any

from django import forms

from gonghui.core.forms import FilterForm, OrgScopeField, VersionForm, YearField, date_filter
from gonghui.members.forms import MemberField

from ..rules import delegations as rules
from .activities import StartsRange

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Members picked at once on the page (the API takes any number).
ATHLETE_SLOTS = 8


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{label}应为日期，例如 2013-10-01。"},
    )


class DelegationFilterForm(StartsRange, FilterForm):
    q = forms.CharField(label="代表团或赛事名称", required=False, max_length=60)
    year = YearField("年度")
    starts_from = date_filter("开始日期起")
    starts_to = date_filter("开始日期止")
    org = OrgScopeField()
    # organized in the subtree only (the events figure counts by the organizer)
    organized_in = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organized_in"].label = "组团范围"


class EventFilterForm(FilterForm):
    """The events tab of a delegation's page."""

    q = forms.CharField(label="项目名称", required=False, max_length=60)


class _RowsFilterForm(FilterForm):
    """The athletes and prizes tabs: an event of the delegation; org (the drill-down's)."""

    event = forms.ModelChoiceField(
        label="比赛项目",
        queryset=None,
        required=False,
        empty_label="全部项目",
        error_messages={"invalid_choice": "所选比赛项目不属于该代表团，请重新选择。"},
    )
    org = OrgScopeField()

    def __init__(self, *args: Any, delegation: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = delegation.events.order_by("pk")


class AthleteFilterForm(_RowsFilterForm):
    q = forms.CharField(label="姓名", required=False, max_length=50)
    field_order = ["q", "event", "org"]


class PrizeFilterForm(_RowsFilterForm):
    q = forms.CharField(label="奖项或获奖者", required=False, max_length=60)
    field_order = ["q", "event", "org"]


class DelegationForm(forms.Form):
    """A delegation; `events` only when it is made (later they are added on its page)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="代表团名称", max_length=rules.NAME_MAX)
    event_name = forms.CharField(
        label="赛事名称", max_length=rules.NAME_MAX, help_text="例如：广州市第八届职工运动会。"
    )
    host = forms.CharField(label="主办单位", max_length=rules.HOST_MAX)
    year = forms.IntegerField(
        label="年度",
        min_value=rules.YEAR_MIN,
        max_value=rules.YEAR_MAX,
        error_messages={"invalid": "年度须为四位数字年份，例如 2013。"},
    )
    starts_on = _date("开始日期")
    ends_on = _date("结束日期", required=False)
    note = forms.CharField(
        label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    events = forms.CharField(
        label="比赛项目",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个，或用顿号分隔，例如：田径、游泳、羽毛球。",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["events"]

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class EventsForm(VersionForm):
    names = forms.CharField(
        label="比赛项目",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个，或用顿号分隔。",
    )


class EventRenameForm(VersionForm):
    name = forms.CharField(label="项目名称", max_length=rules.EVENT_MAX)


def _events_field(delegation: Any) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="参加项目",
        required=False,
        queryset=delegation.events.order_by("pk"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选比赛项目不属于该代表团。"},
    )


class AthletesForm(VersionForm):
    """Several members at once, each entering the events ticked."""

    def __init__(self, *args: Any, delegation: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for n in range(1, ATHLETE_SLOTS + 1):
            field = MemberField(label=f"会员{n}", required=False, user=self.user)
            self.fields[f"member_{n}"] = field
        self.fields["events"] = _events_field(delegation)

    def clean(self) -> dict:
        data = super().clean()
        picked = [data.get(f"member_{n}") for n in range(1, ATHLETE_SLOTS + 1)]
        data["members"] = [m for m in picked if m is not None]
        if not data["members"] and not self.errors:
            self.add_error("member_1", "请至少选择一名会员。")
        return data


class AthleteEventsForm(VersionForm):
    """`choices`: the delegation's events as (pk, name), read once for a page that shows
    this form for every athlete (else each would read them again)."""

    def __init__(self, *args: Any, delegation: Any = None, choices: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["events"] = _events_field(delegation)
        if choices is not None:
            self.fields["events"].widget.choices = choices


class PrizeForm(VersionForm):
    event = forms.ModelChoiceField(
        label="比赛项目",
        queryset=None,
        empty_label="请选择项目",
        error_messages={"invalid_choice": "所选比赛项目不属于该代表团。"},
    )
    athlete = forms.ModelChoiceField(
        label="获奖运动员",
        queryset=None,
        required=False,
        empty_label="团体奖项（不属于某一名运动员）",
        error_messages={"invalid_choice": "所选运动员不在该代表团中。"},
    )
    prize = forms.CharField(
        label="奖项", max_length=rules.PRIZE_MAX, help_text="例如：男子100米第二名、团体第三名。"
    )

    def __init__(self, *args: Any, delegation: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = delegation.events.order_by("pk")
        self.fields["athlete"].queryset = delegation.athletes.select_related("member").order_by(
            "pk"
        )
        self.fields["athlete"].label_from_instance = lambda a: a.member.name
