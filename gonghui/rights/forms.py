import datetime

from django import forms
from django.conf import settings
from django.db.models import Q

from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.forms import (
    SEARCHABLE_SELECT,
    FilterForm,
    FlagField,
    MultipleFileField,
    OrgScopeField,
    VersionForm,
    YearField,
)
from gonghui.core.ids import normalize_code
from gonghui.members.forms import choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import EmployerField, TownField
from gonghui.orgs.models import Employer, Organization

from . import queries
from .choices import CaseKind, CaseState, Channel, EventKind, NoteKind, Outcome, Subject
from .models import LawFirm, Lawyer, Station
from .services.registration import registrar_town

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label: str, **kwargs) -> forms.CharField:
    """An amount as typed ("8000", "1,200.50"); the service reads it with core.money.parse_money,
    so the page and the API give the same Chinese error on this field."""
    return forms.CharField(
        label=label,
        max_length=24,
        widget=forms.TextInput({"inputmode": "decimal"}),
        **kwargs,
    )


def _due_choices() -> list[tuple[str, str]]:
    # the home page's to-dos open the list with one of these
    soon = f"{settings.RIGHTS_DUE_SOON_DAYS}天内到期"
    return [("", "全部"), ("overdue", "已超期"), ("soon", soon)]


class CaseEmployerField(EmployerField):
    """The employer of a case: picked from the register, or typed; a name the register
    does not have is kept as the employer's name (the case is filed without the row)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            "输入单位名称、统一社会信用代码或拼音首字母后选择；库中没有的单位直接填写全称。",
        )
        super().__init__(*args, **kwargs)

    def resolve(self, text: str):
        if self.is_id(text):
            return super().resolve(text)
        found = list(self.rows(self.user).filter(Q(name=text) | Q(uscc=normalize_code(text)))[:2])
        if len(found) > 1:
            raise forms.ValidationError(
                f"有多个名为「{text}」的单位，请从列表中选择或输入统一社会信用代码。"
            )
        return found[0] if found else text


def date_filter(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DATE,
        error_messages={"invalid": f"{label}应为日期，例如 2013-01-31。"},
    )


def _check_scope(form: FilterForm) -> int | None:
    """The 范围 given, if the user sees that organization; the page names it above the list
    (`scope_org`), as the filter is hidden."""
    org = form.cleaned_data.get("org")
    if org:
        form.scope_org = Organization.objects.visible_to(form.user).filter(pk=org).first()
        if form.scope_org is None:
            raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
    return org


def _check_range(form: FilterForm, start: str, end: str) -> None:
    data = form.cleaned_data
    if data.get(start) and data.get(end) and data[start] > data[end]:
        form.add_error(end, f"{form.fields[end].label}不能早于{form.fields[start].label}。")


class CaseFilterForm(FilterForm):
    """The case queue's filters. `due` is what the home page's to-dos open; station and
    lawyer only for who assigns cases (rights.register); a worker's tracking code (查询码)
    finds their case, within the user's scope, whatever the other filters. The dates
    received, 重复件, 办结, 追回金额 and the hidden 范围 are what an indicator's drill-down
    opens the list with (queries.CASE_FIGURES)."""

    q = forms.CharField(
        label="编号/姓名/单位",
        required=False,
        widget=forms.TextInput({"placeholder": "编号/姓名/单位"}),
    )
    code = forms.CharField(
        label="查询码",
        required=False,
        max_length=12,
        widget=forms.TextInput({"placeholder": "职工的查询码", "autocomplete": "off"}),
    )
    state = choice_filter("状态", CaseState.choices)
    kind = choice_filter("类别", CaseKind.choices)
    subject = choice_filter("事项", Subject.choices)
    channel = choice_filter("渠道", [*Channel.choices, ("visit_letter", "来访或来信")])
    year = YearField("收到年份")
    received_from = date_filter("收到日期起")
    received_to = date_filter("收到日期止")
    merged = FlagField("重复件", yes="仅已合并的重复件", no="不含已合并的重复件")
    concluded = choice_filter(
        "办结情况",
        [("yes", "已办结"), ("in_time", "按期办结"), ("late", "逾期办结")],
        empty="办结情况：全部",
    )
    recovered = FlagField("追回金额", yes="有追回金额", no="无追回金额")
    town = town_filter()
    org = OrgScopeField()
    scope_org: Organization | None = None  # the 范围's organization, once checked
    station = forms.ModelChoiceField(
        label="工作站",
        required=False,
        queryset=Station.objects.none(),
        empty_label="全部工作站",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选工作站不存在或不在您的管理范围内。"},
    )
    lawyer = forms.ModelChoiceField(
        label="律师",
        required=False,
        queryset=Lawyer.objects.none(),
        empty_label="全部律师",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选律师不存在或不在您的管理范围内。"},
    )
    due = forms.ChoiceField(
        label="期限",
        required=False,
        choices=_due_choices,
        error_messages={"invalid_choice": "「%(value)s」不是可选的期限，请从列表中选择。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)
        if self.user is not None and self.user.can("rights.register"):
            self.fields["station"].queryset = queries.station_list(user=self.user)
            self.fields["lawyer"].queryset = queries.lawyer_list(user=self.user)
        else:
            del self.fields["station"], self.fields["lawyer"]

    def clean_code(self) -> str:
        return normalize_code(self.cleaned_data["code"] or "")

    def clean_org(self) -> int | None:
        return _check_scope(self)

    def clean(self):
        data = super().clean()
        _check_range(self, "received_from", "received_to")
        return data


class CasesDueFilterForm(FilterForm):
    """The due list: which limit (overdue / soon) and the town (district users)."""

    due = forms.ChoiceField(
        label="期限",
        required=False,
        choices=lambda: [("", "已超期和即将到期"), *_due_choices()[1:]],
        error_messages={"invalid_choice": "「%(value)s」不是可选的期限，请从列表中选择。"},
    )
    town = town_filter()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class EventFilterForm(FilterForm):
    year = YearField("活动年份")
    held_from = date_filter("活动日期起")
    held_to = date_filter("活动日期止")
    kind = choice_filter("类型", EventKind.choices)
    town = town_filter()
    org = OrgScopeField()
    scope_org: Organization | None = None  # the 范围's organization, once checked

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)

    def clean_org(self) -> int | None:
        return _check_scope(self)

    def clean(self):
        data = super().clean()
        _check_range(self, "held_from", "held_to")
        return data


class CaseRegisterForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=CaseKind.choices)
    channel = forms.ChoiceField(
        label="渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(label="收到日期", widget=DATE)
    subject = forms.ChoiceField(label="事项", choices=Subject.choices)
    summary = forms.CharField(label="情况", widget=forms.Textarea({"rows": 4}))
    employer = CaseEmployerField(label="用人单位", required=False)
    town = TownField(
        label="所属镇街（单位不在库中时）",
        required=False,
        help_text="单位在库中时按单位所在镇街；否则默认为您所在的镇街。",
    )
    amount_claimed = money_field("争议金额（元）", required=False)
    visitors = forms.IntegerField(label="来访人次", min_value=1, initial=1)
    workers_involved = forms.IntegerField(label="涉及职工人数", min_value=1, initial=1)
    infringement_known_on = forms.DateField(
        label="知道权益受侵害日期（劳动争议）", required=False, widget=DATE
    )
    wage_claim_ongoing = forms.BooleanField(label="在职追索工资", required=False)
    contact_name = forms.CharField(label="联系人姓名", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    contact_ric = forms.CharField(
        label="联系人身份证号（会员可自动关联）", max_length=30, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["employer"].user = user
        self.fields["town"].queryset = queries.towns_visible(user)
        own = registrar_town(user)  # a town's staff file into their town unless they choose
        self.fields["town"].initial = own.pk if own else None

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        employer = d["employer"] if isinstance(d["employer"], Employer) else None
        return {
            "kind": d["kind"],
            "channel": d["channel"],
            "received_on": d["received_on"],
            "subject": d["subject"],
            "summary": d["summary"],
            "employer": employer,
            "employer_name": employer.name if employer else (d["employer"] or ""),
            "town": d["town"],
            "amount_claimed": d["amount_claimed"],
            "visitors": d["visitors"],
            "workers_involved": d["workers_involved"],
            "infringement_known_on": d["infringement_known_on"],
            "wage_claim_ongoing": d["wage_claim_ongoing"],
            "contact_name": d["contact_name"],
            "contact_phone": d["contact_phone"],
            "contact_ric": d["contact_ric"],
        }


class CaseEditForm(VersionForm):
    subject = forms.ChoiceField(label="事项", choices=Subject.choices)
    summary = forms.CharField(label="情况", widget=forms.Textarea({"rows": 4}))
    employer_name = forms.CharField(label="用人单位名称", max_length=150, required=False)
    amount_claimed = money_field("争议金额（元）")
    visitors = forms.IntegerField(label="来访人次", min_value=1)
    workers_involved = forms.IntegerField(label="涉及职工人数", min_value=1)
    infringement_known_on = forms.DateField(label="知道权益受侵害日期", required=False, widget=DATE)
    wage_claim_ongoing = forms.BooleanField(label="在职追索工资", required=False)
    arbitration_accepted_on = forms.DateField(label="仲裁受理日期", required=False, widget=DATE)
    award_on = forms.DateField(label="收到仲裁裁决日期", required=False, widget=DATE)


class ReviewForm(forms.Form):
    received_on = forms.DateField(label="收到复查/复核申请日期", widget=DATE)
    summary = forms.CharField(label="申请理由", widget=forms.Textarea({"rows": 3}), required=False)
    late_reason = forms.CharField(
        label="逾期申请的正当理由（超过30日时填写）", max_length=300, required=False
    )


# ---- the workflow's inputs (named by the transitions in rights/workflow.py) ------------------


class AcceptForm(VersionForm):
    accepted_on = forms.DateField(label="受理日期", required=False, widget=DATE)


class ReasonForm(VersionForm):
    reason = forms.CharField(label="理由", max_length=300)


class AssignForm(VersionForm):
    # Short lists of the user's scope (16 stations, a panel of dozens): searchable selects.
    station = forms.ModelChoiceField(
        label="工作站", required=False, queryset=None, widget=SEARCHABLE_SELECT
    )
    lawyer = forms.ModelChoiceField(
        label="律师", required=False, queryset=None, widget=SEARCHABLE_SELECT
    )
    org = TownField(label="镇街工会", required=False)
    note = forms.CharField(label="交办意见", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = queries.station_list(user=self.user)
        self.fields["lawyer"].queryset = queries.lawyer_list(user=self.user)
        self.fields["org"].queryset = queries.towns_visible(self.user)


class ExtendForm(VersionForm):
    days = forms.IntegerField(label="延长天数", min_value=1)
    reason = forms.CharField(label="延期理由（将告知职工）", max_length=300)


class ConcludeForm(VersionForm):
    outcome = forms.ChoiceField(
        label="办理结果", choices=[("", "—"), *Outcome.choices], required=False
    )
    conclusion = forms.CharField(label="办结意见（将告知职工）", widget=forms.Textarea({"rows": 3}))
    amount_recovered = money_field("追回金额（元）", required=False)


class CloseForm(VersionForm):
    note = forms.CharField(label="说明", max_length=300, required=False)


class MergeForm(VersionForm):
    original = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=NoteKind.choices)
    happened_on = forms.DateField(label="日期", required=False, widget=DATE)
    text = forms.CharField(label="内容", widget=forms.Textarea({"rows": 3}))


class PartyForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    ric = forms.CharField(label="身份证号", max_length=30, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)


# ---- worker pages ----------------------------------------------------------------------------


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label="您要",
        choices=[(CaseKind.COMPLAINT, "投诉"), (CaseKind.CONSULTATION, "咨询")],
        widget=forms.RadioSelect,
        initial=CaseKind.COMPLAINT,
    )
    subject = forms.ChoiceField(label="事项", choices=Subject.choices)
    summary = forms.CharField(
        label="发生了什么", widget=forms.Textarea({"rows": 5}), max_length=5000
    )
    employer_name = forms.CharField(label="用人单位全称", max_length=150, required=False)
    amount_claimed = money_field("涉及金额（元）", required=False)
    contact_name = forms.CharField(label="您的姓名", max_length=50)
    phone = forms.CharField(label="手机号（查询进度用）", max_length=20)
    ric = forms.CharField(label="身份证号（选填，会员可自动关联）", max_length=30, required=False)
    attachments = MultipleFileField(label="附件（选填，图片或PDF）", required=False)
    consent = forms.BooleanField(
        label="我已阅读并同意《个人信息处理告知》，同意工会为办理投诉咨询处理我的手机号和身份证号。",
        required=True,
        error_messages={"required": "请阅读并同意个人信息处理告知。"},
    )


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=12)
    phone = forms.CharField(label="手机号", max_length=20)


class FeedbackForm(forms.Form):
    code = forms.CharField(max_length=12, widget=forms.HiddenInput)
    phone = forms.CharField(max_length=20, widget=forms.HiddenInput)
    satisfied = forms.TypedChoiceField(
        label="您对办理结果",
        choices=[("1", "满意"), ("0", "不满意")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="意见", widget=forms.Textarea({"rows": 3}), required=False, max_length=2000
    )


# ---- records -----------------------------------------------------------------------------------


class StationForm(forms.Form):
    town = forms.ModelChoiceField(label="镇街", queryset=None)
    name = forms.CharField(label="名称", max_length=120)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="电话", max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = queries.towns_visible(user)


class StationEditForm(VersionForm):
    name = forms.CharField(label="名称", max_length=120)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="电话", max_length=30, required=False)
    is_active = forms.BooleanField(label="有效", required=False)


class FirmForm(forms.Form):
    name = forms.CharField(label="律师事务所", max_length=120)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="电话", max_length=30, required=False)
    contract_until = forms.DateField(label="服务协议至", required=False, widget=DATE)


class LawyerForm(forms.Form):
    user = forms.ModelChoiceField(label="登录账号（角色：工作站律师）", queryset=None)
    name = forms.CharField(label="姓名", max_length=50)
    firm = forms.ModelChoiceField(label="律师事务所", queryset=None)
    station = forms.ModelChoiceField(label="驻点工作站", queryset=None, required=False)
    license_no = forms.CharField(label="执业证号", max_length=30, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        path = user.organization.path if user.organization else "-"
        self.fields["user"].queryset = User.objects.filter(
            role=Role.LAWYER, lawyer_profile__isnull=True, organization__path__startswith=path
        )
        self.fields["firm"].queryset = LawFirm.objects.visible_to(user)
        self.fields["station"].queryset = queries.station_list(user=user)


class FirmEditForm(FirmForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LawyerEditForm(LawyerForm):
    """The same as registering, without the login account (it cannot change)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["user"]


class EventForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=EventKind.choices)
    title = forms.CharField(label="主题", max_length=150)
    held_on = forms.DateField(label="日期", widget=DATE)
    town = forms.ModelChoiceField(label="镇街", queryset=None)
    place = forms.CharField(label="地点", max_length=150, required=False)
    organizers = forms.CharField(label="主办单位", max_length=200)
    attendance = forms.IntegerField(label="参加人数", min_value=0)
    notes = forms.CharField(label="备注", widget=forms.Textarea({"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = queries.towns_visible(user)


class EventEditForm(EventForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StatsForm(FilterForm):
    """The figures' period and scope: a year (1 January to 31 December), or a start and an
    end date; the whole scope or one town."""

    year = YearField("年度")
    start = forms.DateField(label="起", required=False, widget=DATE)
    end = forms.DateField(label="止", required=False, widget=DATE)
    town = TownField(label="范围", required=False, empty_label="全部")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = queries.towns_visible(self.user)

    def clean(self):
        data = super().clean()
        if data.get("year"):
            data["start"] = datetime.date(data["year"], 1, 1)
            data["end"] = datetime.date(data["year"], 12, 31)
            return data
        for name, label in (("start", "开始日期"), ("end", "结束日期")):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, f"请选择年度，或填写{label}。")
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        return data
