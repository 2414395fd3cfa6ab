"""Forms of reading-campaign submissions (MERIT-4): the list's filters (the indicator
catalog's names), a union's entry for a member, the review's inputs (RejectForm, AwardForm,
named by services.submissions.SUBMISSION_WORKFLOW), and the member's phone page (an entry;
a look-up of their own entries)."""

from typing import Any

from django import forms

from gonghui.core.forms import (
    SEARCHABLE_SELECT,
    FilterForm,
    FlagField,
    OrgScopeField,
    VersionForm,
    YearField,
    date_filter,
)
from gonghui.members.forms import MemberField, choice_filter
from gonghui.orgs.forms import UnionField

from ..choices import ActivityKind, SubmissionState
from ..queries import submissions as queries
from ..rules import submissions as rules

ACTIVITY_ERRORS = {"invalid_choice": "所选活动不存在或现在不接受投稿，请重新选择。"}
TEXT = forms.Textarea(attrs={"rows": 10})


class SubmissionFilterForm(FilterForm):
    q = forms.CharField(label="题目或书名", required=False, max_length=60)
    activity = forms.ModelChoiceField(
        label="活动",
        required=False,
        queryset=None,
        empty_label="全部活动",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选活动不存在或不在您的管理范围内。"},
    )
    year = YearField("年度")
    kind = choice_filter(
        "活动类型",
        [(k, label) for k, label in ActivityKind.choices if k in rules.SUBMISSION_KINDS],
    )
    state = choice_filter("状态", SubmissionState.choices)
    union = UnionField(label="工会", required=False)
    prized = FlagField("获奖", yes="获奖作品", no="未获奖")
    reviewable = FlagField("审核", yes="本级主办（由我审核）", no="上级主办")
    submitted_from = date_filter("投稿日期起")
    submitted_to = date_filter("投稿日期止")
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = queries.activities_for_filter(self.user)
        self.fields["union"].user = self.user

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("submitted_from"), data.get("submitted_to")
        if since and until and since > until:
            self.add_error("submitted_to", "投稿日期止不能早于投稿日期起。")
        return data


class SubmissionCountsForm(FilterForm):
    year = YearField("年度")


class EntryFields(forms.Form):
    title = forms.CharField(label="题目", max_length=rules.TITLE_MAX)
    book = forms.CharField(label="书名", max_length=rules.BOOK_MAX, required=False)
    text = forms.CharField(
        label="正文",
        max_length=rules.TEXT_MAX,
        widget=TEXT,
        help_text=f"{rules.TEXT_MIN}至{rules.TEXT_MAX}字。",
    )


class SubmissionForm(EntryFields):
    """A union enters an entry for its member."""

    activity = forms.ModelChoiceField(
        label="活动", queryset=None, widget=SEARCHABLE_SELECT, error_messages=ACTIVITY_ERRORS
    )
    member = MemberField(label="会员")
    field_order = ["activity", "member", "title", "book", "text"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = queries.activities_for_entry(user)
        self.fields["member"].user = user


class RejectForm(VersionForm):
    reason = forms.CharField(
        label="未采用原因",
        max_length=rules.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="会员在手机上查看投稿时可以看到。",
    )


class AwardForm(VersionForm):
    prize = forms.CharField(
        label="奖项", max_length=rules.PRIZE_MAX, help_text="例如：一等奖、优秀书评。"
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.obj is not None and self.obj.prize:
            self.initial.setdefault("prize", self.obj.prize)


# ---- the member's phone page ---------------------------------------------------------------


class IdentityFields(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    ric = forms.CharField(label="身份证号", max_length=30)
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text="会员登记时留的手机号。",
    )


class PortalEntryForm(IdentityFields, EntryFields):
    activity = forms.ModelChoiceField(
        label="活动", queryset=None, empty_label="请选择活动", error_messages=ACTIVITY_ERRORS
    )
    field_order = ["activity", "name", "ric", "phone", "title", "book", "text"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = queries.open_activities()


class PortalLookupForm(IdentityFields):
    pass
