"""Forms of the competition pages (MERIT-3): the list's filters, the competition, its state,
an entry, a contestant, a sheet to import; the results page's export filter."""

from typing import Any

from django import forms

from gonghui.core.forms import FilterForm, FlagField, OrgScopeField, VersionForm, YearField
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import EmployerField, OrganizationField
from gonghui.orgs.models import Organization

from ..choices import CompetitionKind, CompetitionState, Level
from ..rules import competitions as rules


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"{label}应为日期，例如 2013-09-01。"},
    )


class CompetitionFilterForm(FilterForm):
    q = forms.CharField(label="竞赛名称或行业", required=False, max_length=60)
    year = YearField("年度")
    kind = choice_filter("竞赛类型", CompetitionKind.choices)
    level = choice_filter("级别", Level.choices)
    town = town_filter()
    state = choice_filter("状态", CompetitionState.choices)
    starts_from = _date("开始日期（起）", required=False)
    starts_to = _date("开始日期（止）", required=False)
    org = OrgScopeField()  # the organizer's subtree (an indicator's drill-down)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)

    def clean_org(self) -> int | None:
        return _visible_org(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_from"), data.get("starts_to")
        if start and end and start > end:
            self.add_error("starts_to", "开始日期（止）不能早于开始日期（起）。")
        return data


def _visible_org(form: FilterForm) -> int | None:
    org = form.cleaned_data.get("org")
    if org and not Organization.objects.visible_to(form.user).filter(pk=org).exists():
        raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
    return org


TABS = (("contestants", "参赛选手"), ("entries", "参赛单位（班组）"))


class DetailFilterForm(FilterForm):
    """A competition page's paged list: its contestants (`tab` contestants, the default),
    narrowed by sent on and the rank at the next level, or its entries (`tab=entries`);
    both by `org` (the contestant's or the entry's union's subtree: a drill-down's)."""

    tab = forms.ChoiceField(
        label="列表",
        required=False,
        choices=[("", "参赛选手"), *TABS],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "列表只能是参赛选手或参赛单位。"},
    )
    sent_on = FlagField("选送上级比赛", yes="已选送", no="未选送")
    next_rank = forms.IntegerField(
        label="上级比赛名次",
        required=False,
        min_value=1,
        max_value=rules.RANK_MAX,
        widget=forms.NumberInput({"class": "filter-number", "min": 1}),
        error_messages={
            "invalid": "上级比赛名次须为正整数，例如 1。",
            "min_value": "上级比赛名次须为正整数，例如 1。",
            "max_value": f"上级比赛名次不能大于 {rules.RANK_MAX}。",
        },
    )
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.shown == "entries":  # an entry has no rank of its own
            del self.fields["sent_on"], self.fields["next_rank"]

    @property
    def shown(self) -> str:
        """The list the page pages: the `tab` asked for (as given: the field is hidden)."""
        wanted = (self.data or {}).get("tab")
        return wanted if wanted in dict(TABS) else "contestants"

    def clean_org(self) -> int | None:
        return _visible_org(self)


class ResultsFilterForm(FilterForm):
    """The results page's export: which competition (the page's own argument)."""

    competition = forms.IntegerField(
        label="竞赛", required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )


class CompetitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organizer = OrganizationField(label="主办工会", help_text="本会或下级工会。")
    kind = forms.ChoiceField(label="竞赛类型", choices=CompetitionKind.choices)
    name = forms.CharField(label="竞赛名称", max_length=rules.NAME_MAX)
    year = forms.IntegerField(label="年度", min_value=rules.YEAR_MIN, max_value=rules.YEAR_MAX)
    level = forms.ChoiceField(label="级别", choices=Level.choices, initial=Level.DISTRICT)
    industry = forms.CharField(
        label="行业",
        max_length=rules.INDUSTRY_MAX,
        required=False,
        help_text="行业劳动竞赛必填，如建设、教育、卫生、旅游。",
    )
    co_organizers = forms.CharField(
        label="联合主办单位", max_length=rules.CO_ORGANIZERS_MAX, required=False
    )
    starts_on = _date("开始日期")
    ends_on = _date("结束日期", required=False)
    events = forms.CharField(
        label="工种或项目",
        required=False,
        widget=forms.Textarea({"rows": 4}),
        help_text="每行一个（或用顿号分隔），如：养老护理员、家政服务员、焊工、数控机床装调维修工。",
    )
    next_level = forms.CharField(label="选送的上级赛事", max_length=120, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].user = user

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class MoveForm(VersionForm):
    state = forms.ChoiceField(choices=CompetitionState.choices, widget=forms.HiddenInput)


class EntryForm(forms.Form):
    employer = EmployerField(label="参赛单位")
    team = forms.CharField(label="参赛班组", max_length=rules.TEAM_MAX, required=False)
    workers = forms.IntegerField(
        label="参与职工人数", min_value=0, max_value=rules.WORKERS_MAX, initial=0
    )
    result = forms.CharField(label="成绩或评定", max_length=rules.RESULT_MAX, required=False)

    def __init__(self, *args: Any, user: Any = None, results: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = user
        self.fields["employer"].help_text = "输入单位名称、统一社会信用代码或拼音首字母后选择。"
        if not results:  # the organizer records results
            del self.fields["result"]


class ContestantForm(forms.Form):
    event = forms.ChoiceField(label="工种或项目")
    member = MemberField(label="会员", required=False)
    name = forms.CharField(
        label="姓名",
        max_length=rules.PERSON_MAX,
        required=False,
        help_text="非会员填写姓名、身份证号和单位。",
    )
    ric = forms.CharField(label="身份证号", max_length=18, required=False)
    employer = EmployerField(label="所在单位", required=False)
    score = forms.DecimalField(
        label="成绩",
        required=False,
        min_value=rules.SCORE_MIN,
        max_value=rules.SCORE_MAX,
        decimal_places=2,
    )
    rank = forms.IntegerField(label="名次", required=False, min_value=1, max_value=rules.RANK_MAX)
    prize = forms.CharField(label="获奖", max_length=rules.PRIZE_MAX, required=False)
    sent_on = forms.BooleanField(label="选送上级比赛", required=False)
    next_result = forms.CharField(label="上级比赛成绩", max_length=rules.RESULT_MAX, required=False)
    next_rank = forms.IntegerField(
        label="上级比赛名次", required=False, min_value=1, max_value=rules.RANK_MAX
    )

    def __init__(
        self, *args: Any, user: Any = None, events: Any = (), results: bool = True, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(e.name, e.name) for e in events]
        self.fields["member"].user = user
        self.fields["employer"].user = user
        if not results:
            for name in ("score", "rank", "prize", "sent_on", "next_result", "next_rank"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("member") and not (data.get("name") or "").strip():
            self.add_error("name", "请选择会员，或填写选手姓名。")
        return data

    def service_kwargs(self, *, editing: bool = False) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if editing and data.get("member") is None:
            data.pop("member")  # kept as it is: a non-member stays one, a member stays
        if editing and not data.get("ric"):
            data.pop("ric")  # the stored RIC is never shown, so blank means unchanged
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel或CSV文件", allow_empty_file=True)
    dry_run = forms.BooleanField(label="试导入（只检查，不写入）", required=False)
