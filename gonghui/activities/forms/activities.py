"""Forms of activities and registrations (MERIT-4): the list filters, the activity form, the
union's registration of several members, the check-in search, results, and the members'
identification on the phone."""

from typing import Any

from django import forms

from gonghui.core.forms import (
    FilterForm,
    FlagField,
    OrgScopeField,
    VersionForm,
    YearField,
    date_filter,
)
from gonghui.members.forms import MemberField, choice_filter
from gonghui.orgs.forms import OrganizationField, UnionField

from ..choices import ActivityKind, ActivityState, RegistrationState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
MEMBER_SLOTS = 6  # members registered at once from the page (the API takes a list)


def date_field(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{label}应为日期，例如 2026-12-31。"},
    )


def datetime_field(label: str, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        error_messages={
            "invalid": f"{label}应为日期和时间，例如 2026-12-20 09:00。",
            "required": f"请填写{label}。",
        },
    )


def held_filter() -> FlagField:
    """举办: held (neither draft nor cancelled, the indicator catalog's 举办) or not."""
    return FlagField("举办", yes="已举办（非筹备中、未取消）", no="筹备中或已取消")


class StartsRange:
    """`starts_from` / `starts_to` (the activity's start): the later not before the earlier."""

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("starts_from"), data.get("starts_to")
        if since and until and since > until:
            labels = self.fields["starts_to"].label, self.fields["starts_from"].label
            self.add_error("starts_to", "{}不能早于{}。".format(*labels))
        return data


class ActivityFilterForm(StartsRange, FilterForm):
    year = YearField("年度")
    kind = choice_filter("活动类型", ActivityKind.choices)
    state = choice_filter("状态", ActivityState.choices)
    held = held_filter()
    starts_from = date_filter("开始日期起")
    starts_to = date_filter("开始日期止")
    organizer = OrganizationField(label="主办工会", required=False)
    name = forms.CharField(label="活动名称", required=False, max_length=60)
    # the to-do's link: the user's activities that start today (the check-in desk)
    today = forms.ChoiceField(
        label="今天开始",
        required=False,
        choices=[("", ""), ("yes", "今天开始")],
        widget=forms.HiddenInput,
    )
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organizer"].user = self.user


class ActivityForm(VersionForm):
    kind = forms.ChoiceField(
        label="活动类型",
        choices=ActivityKind.choices,
        error_messages={
            "invalid_choice": "请从列表中选择活动类型。",
            "required": "请选择活动类型。",
        },
    )
    name = forms.CharField(
        label="活动名称", max_length=120, error_messages={"required": "请填写活动名称。"}
    )
    organizer = OrganizationField(label="主办工会", error_messages={"required": "请选择主办工会。"})
    starts_at = datetime_field("活动开始", required=True)
    ends_at = datetime_field("活动结束")
    place = forms.CharField(label="地点", max_length=150, required=False)
    capacity = forms.IntegerField(
        label="名额",
        required=False,
        min_value=1,
        max_value=100000,
        help_text="不限名额请留空；报满后报名的进入候补。",
        error_messages={
            "invalid": "名额应为整数。",
            "min_value": "名额至少为1人；不限名额请留空。",
            "max_value": "名额最多100000人。",
        },
    )
    registration_opens_on = date_field("报名开始")
    registration_closes_on = date_field("报名截止")
    member_registration = forms.BooleanField(
        label="会员可在手机上报名", required=False, initial=True
    )
    description = forms.CharField(
        label="活动说明", max_length=5000, required=False, widget=forms.Textarea({"rows": 4})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["version"].required = False
        self.fields["organizer"].user = user
        if user is not None and user.organization is not None:
            self.fields["organizer"].initial = self.fields["organizer"].initial or user.organization

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def activity_initial(activity: Any) -> dict[str, Any]:
    if activity is None:
        return {"member_registration": True}
    from django.utils import timezone

    data = {
        name: getattr(activity, name)
        for name in ActivityForm.base_fields
        if name not in ("version", "starts_at", "ends_at")
    }
    data["starts_at"] = timezone.localtime(activity.starts_at)
    data["ends_at"] = timezone.localtime(activity.ends_at) if activity.ends_at else None
    data["version"] = activity.version
    return data


class TransitionForm(VersionForm):
    reason = forms.CharField(label="原因", max_length=300, required=False)


class RegisterMembersForm(forms.Form):
    """Several members at once, each picked by name or the RIC's last 4."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for i in range(1, MEMBER_SLOTS + 1):
            field = MemberField(label=f"会员{i}", required=i == 1, user=user)
            field.error_messages["required"] = "请至少选择一名会员。"
            self.fields[f"member_{i}"] = field

    def members(self) -> list[Any]:
        return [
            m for i in range(1, MEMBER_SLOTS + 1) if (m := self.cleaned_data.get(f"member_{i}"))
        ]


class RegistrationFilterForm(StartsRange, FilterForm):
    activity = forms.IntegerField(
        label="活动", required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1
    )
    year = YearField("活动年度")
    state = choice_filter("报名状态", RegistrationState.choices)
    union = UnionField(label="工会", required=False)
    checked_in = choice_filter("签到", [("yes", "已签到"), ("no", "未签到")])
    held = held_filter()
    starts_from = date_filter("活动开始日期起")
    starts_to = date_filter("活动开始日期止")
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["union"].user = self.user


class ResultForm(VersionForm):
    result = forms.CharField(
        label="成绩",
        max_length=100,
        required=False,
        widget=forms.TextInput({"class": "form-control"}),
    )
    prize = forms.CharField(
        label="获奖",
        max_length=60,
        required=False,
        widget=forms.TextInput({"class": "form-control"}),
    )


class IdentifyForm(forms.Form):
    """The member on the phone: name, RIC and phone as in the union's roster."""

    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名。"})
    ric = forms.CharField(
        label="身份证号", max_length=30, error_messages={"required": "请填写身份证号。"}
    )
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput({"inputmode": "tel"}),
        error_messages={"required": "请填写手机号。"},
    )
