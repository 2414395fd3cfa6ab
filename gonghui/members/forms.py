from typing import Any

from django import forms

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import FilterForm, FlagField, PickerField, VersionForm, YearField
from gonghui.core.identity import ric_hash, search_hashes
from gonghui.core.ids import normalize_code
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.forms import EmployerField, TownField, UnionField
from gonghui.orgs.models import Organization
from gonghui.orgs.queries import towns_visible

from .choices import Education, JoiningState, MemberStatus, RetainedReason, Sex, TransferState
from .models import Member
from .queries import union_by_name_or_uscc
from .services.joining import employer_union

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# ---- list filters (issue #10, Lists) --------------------------------------------------------
# Compact controls in the page's filter bar (no labels shown): each control names itself in
# its empty choice or placeholder, and in aria-label/title. Years, flags and "≥ N" are
# core.forms' YearField, FlagField and AtLeastField, as on every list; the rights app's lists
# use the helpers here too. An invalid value (a year "abc") is shown on its field and the
# list is then unfiltered (FilterForm.filters() gives nothing for an invalid form), as is
# its export.


WHOLE_NUMBER_BY_POST = (
    "完整号码请在“按完整号码查找”中输入（号码不会写进网址和服务器日志）；这里只填后4位。"
)


class IdentityHashField(forms.RegexField):
    """The keyed hash of a whole RIC or phone (core.identity), carried in the list's URL and
    its export's filters instead of the number."""

    def __init__(self) -> None:
        super().__init__(
            regex=r"^[0-9a-f]{64}$",
            required=False,
            widget=forms.HiddenInput,
            error_messages={"invalid": "查找条件已失效，请重新输入完整号码查找。"},
        )


class IdentitySearchForm(forms.Form):
    """A member by the whole RIC or phone, posted (never in a URL): `hashes()` is what the
    list's URL then carries."""

    ric = forms.CharField(label="完整身份证号", required=False, max_length=30)
    phone = forms.CharField(label="完整手机号", required=False, max_length=20)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.found: dict[str, str] = {}
        ric, phone = data.get("ric", ""), data.get("phone", "")
        try:
            self.found = search_hashes(ric, phone)
        except ApplicationError as exc:
            # Nothing typed is the form's error, not the RIC box's.
            self.add_error(exc.field if ric or phone else None, exc.message)
        return data

    def hashes(self) -> dict[str, str]:
        return self.found


def choice_filter(label: str, choices: Any, empty: str | None = None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty or f"全部{label}"), *choices],
        error_messages={"invalid_choice": f"「%(value)s」不是可选的{label}，请从列表中选择。"},
    )


def town_filter() -> TownField:
    """The town select of a list (the form fills its queryset: `offer_towns`)."""
    return TownField(label="镇街", required=False, empty_label="全部镇街")


def offer_towns(form: FilterForm, name: str = "town") -> None:
    """A town select only for who sees several towns (the district); a town's staff and a
    chair see one or none, and the field would only take room."""
    rows = towns_visible(form.user) if form.user is not None else Organization.objects.none()
    form.offer_if_several(name, rows)


def drill_down_date(label: str) -> forms.DateField:
    """A day of the drill-down's filters (ISO, as the catalog's links give it)."""
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.HiddenInput,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{label}应为日期，例如 2013-12-31。"},
    )


class MemberFilterForm(FilterForm):
    name = forms.CharField(
        label="姓名", required=False, widget=forms.TextInput({"placeholder": "姓名"})
    )
    # Only the last 4 digits in the URL: a whole number is looked up through the POST form
    # below (IdentitySearchForm), which puts its keyed hash here instead (issue #12).
    ric = forms.CharField(
        label="身份证号后4位",
        required=False,
        max_length=4,
        widget=forms.TextInput({"placeholder": "身份证号后4位"}),
        error_messages={"max_length": WHOLE_NUMBER_BY_POST},
    )
    phone = forms.CharField(
        label="手机号后4位",
        required=False,
        max_length=4,
        widget=forms.TextInput({"placeholder": "手机号后4位"}),
        error_messages={"max_length": WHOLE_NUMBER_BY_POST},
    )
    ric_hash = IdentityHashField()
    phone_hash = IdentityHashField()
    union = forms.CharField(
        label="基层工会", required=False, widget=forms.TextInput({"placeholder": "基层工会"})
    )
    employer = forms.CharField(
        label="工作单位", required=False, widget=forms.TextInput({"placeholder": "工作单位"})
    )
    status = forms.ChoiceField(
        label="会籍状态", required=False, choices=[("", "全部状态"), *MemberStatus.choices]
    )
    town = town_filter()
    joined_year = YearField("入会年份")
    sex = choice_filter("性别", Sex.choices)
    is_model_worker = FlagField("劳模", yes="劳模", no="非劳模")
    is_migrant_worker = FlagField("农民工", yes="农民工", no="非农民工")
    is_new_form_worker = FlagField("新就业形态", yes="新就业形态劳动者", no="非新就业形态")
    is_dispatched = FlagField("劳务派遣", yes="劳务派遣工", no="非劳务派遣工")
    # The indicator catalog's drill-down (issue #13): exactly the rows a figure counts. Not
    # controls of the bar but hidden (kept when the bar is used); the page says them.
    org = forms.IntegerField(
        label="组织",
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": "组织编号须为正整数。", "min_value": "组织编号须为正整数。"},
    )
    joined_from = drill_down_date("入会日期起")
    joined_to = drill_down_date("入会日期止")
    standing_on = drill_down_date("在册日期")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("joined_from"), data.get("joined_to")
        if start and end and start > end:
            self.add_error("joined_to", "入会日期止不能早于入会日期起。")
        return data

    def drill_down(self) -> list[str]:
        """The hidden filters in words, for the line above the list ("2013-12-31 在册")."""
        found = self.filters()
        said = []
        if found.get("org"):
            rows = Organization.objects.visible_to(self.user) if self.user else None
            org = rows.filter(pk=found["org"]).first() if rows is not None else None
            said.append(
                f"{org.name}及其下属" if org else f"组织编号 {found['org']}（不在您的管理范围内）"
            )
        start, end = found.get("joined_from"), found.get("joined_to")
        if start or end:
            said.append(f"入会日期 {start or '…'} 至 {end or '…'}")
        if found.get("standing_on"):
            said.append(f"{found['standing_on']} 在册（已入会、未离会）")
        return said


class TransferFilterForm(FilterForm):
    """会籍接转: state, direction as seen from the user's unions (or the town chosen),
    the year asked, the town (district users); `decide` is the home page's to-do."""

    state = choice_filter("状态", TransferState.choices)
    direction = choice_filter("方向", [("out", "转出"), ("in", "转入")], empty="转出和转入")
    year = YearField("申请年份")
    town = town_filter()
    decide = forms.BooleanField(label="待我审批", required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class JoiningFilterForm(FilterForm):
    """网上入会申请: state (审核中 unless another is asked), the year submitted, the town
    (district users) and the deciding union by part of its name."""

    state = choice_filter("状态", JoiningState.choices)
    year = YearField("提交年份")
    town = town_filter()
    union = forms.CharField(
        label="审核工会",
        required=False,
        max_length=100,
        widget=forms.TextInput({"placeholder": "审核工会"}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    ric = forms.CharField(label="身份证号", max_length=30)
    birth_date = forms.DateField(
        label="出生日期", required=False, widget=DATE, help_text="可不填；填写时须与身份证号一致。"
    )
    sex = forms.ChoiceField(label="性别", required=False, choices=[("", "—"), *Sex.choices])
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    union = UnionField(label="所属基层工会", help_text="输入工会名称、信用代码或拼音首字母后选择。")
    employer = EmployerField(label="工作单位", required=False)
    joined_on = forms.DateField(label="入会日期", widget=DATE)
    education = forms.ChoiceField(
        label="学历", required=False, choices=[("", "—"), *Education.choices]
    )
    ethnicity = forms.CharField(label="民族", max_length=20, required=False, initial="汉族")
    is_migrant_worker = forms.BooleanField(label="农民工", required=False)
    is_dispatched = forms.BooleanField(label="劳务派遣工", required=False)
    is_new_form_worker = forms.BooleanField(label="新就业形态劳动者", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].user = user
        self.fields["employer"].user = user
        if editing:
            # The union changes only through a transfer; birth date and sex follow the RIC.
            for name in ("union", "birth_date", "sex"):
                del self.fields[name]
            # Identity is never sent to the browser in clear here (reveal is audited).
            for name in ("ric", "phone"):
                self.fields[name].required = False
                self.fields[name].help_text = "留空表示不修改；查看完整号码请在详情页操作。"


class RetainForm(VersionForm):
    reason = forms.ChoiceField(label="保留会籍原因", choices=RetainedReason.choices)


class LeaveForm(VersionForm):
    left_on = forms.DateField(
        label="离会日期", widget=DATE, required=False, help_text="不填为今天。"
    )


def member_by_ric_or_name(rows: Any, text: str) -> Any:
    """A member typed without the picker: a whole RIC, or a name only one member has."""
    code = normalize_code(text)
    if len(code) == 18:
        found = rows.filter(ric_hash=ric_hash(code)).first()
        if found is None:
            raise ApplicationError("在您的管理范围内没有该身份证号的会员。")
        return found
    several = list(rows.filter(name=text)[:2])
    if not several:
        raise ApplicationError(
            f"在您的管理范围内没有名为「{text}」的会员；非会员请填写姓名和身份证号。"
        )
    if len(several) > 1:
        raise ApplicationError(f"有多个名为「{text}」的会员，请从列表中选择或输入身份证号。")
    return several[0]


class MemberField(PickerField):
    """A member of the user's scope (members.view): picked by name or the RIC's last 4, or
    typed as a whole RIC or a name only one member has. Every form that names a member."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        kwargs.setdefault("max_length", 60)
        super().__init__(
            *args,
            suggest="members:suggest_members",
            rows=lambda user: Member.objects.visible_to(user, "members.view"),
            find=member_by_ric_or_name,
            user=user,
            **{"missing_id": "所选会员不存在或不在您的管理范围内，请重新选择。", **kwargs},
        )
        self.widget.attrs["placeholder"] = "输入会员姓名、身份证后4位或完整身份证号"


class TransferUnionField(PickerField):
    """The receiving union of a transfer out: any active union of the district, named by
    its full name or USCC, never listed (its picker suggests the user's own unions, and
    another town's only when its name or code is typed in full: views/suggest.py)."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(
            *args,
            suggest="members:suggest_transfer_unions",
            rows=lambda user: Organization.objects.visible_to(user).filter(
                kind=OrgKind.GRASSROOTS, is_active=True
            ),
            find=lambda rows, text: union_by_name_or_uscc(text),
            user=user,
            **{
                "missing_id": "所选基层工会不存在或不在您的管理范围内，请重新选择或填写全称。",
                **kwargs,
            },
        )


class TransferOutForm(forms.Form):
    """The sending side: this member moves to a union picked, or found by exact name or USCC."""

    to_union = TransferUnionField(
        label="转入基层工会",
        max_length=120,
        help_text="输入转入工会的名称或拼音首字母后选择；其他镇街的工会请填写全称或工会统一社会信用代码。",
    )
    reason = forms.CharField(label="接转原因", max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"].user = user


class TransferInForm(forms.Form):
    """The receiving side: a member of another union, named by full RIC, moves here."""

    ric = forms.CharField(label="会员身份证号", max_length=30)
    to_union = UnionField(label="转入基层工会（本方）")
    to_employer = EmployerField(label="新工作单位", required=False)
    reason = forms.CharField(label="接转原因", max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_union"].user = user
        self.fields["to_employer"].user = user


class RejectForm(VersionForm):
    """Rejecting a transfer or a joining application: the reason is shown to the other side."""

    reason = forms.CharField(label="原因", max_length=200)


class JoiningForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    ric = forms.CharField(label="身份证号", max_length=30)
    phone = forms.CharField(
        label="手机号", max_length=20, widget=forms.TextInput({"inputmode": "tel"})
    )
    employer = forms.CharField(
        label="工作单位",
        max_length=150,
        help_text="填写单位全称（与营业执照一致）或统一社会信用代码。",
    )
    consent = forms.BooleanField(
        label="我已阅读并同意《个人信息处理告知》，同意工会为办理入会处理我的身份证号和手机号。",
        required=True,
        error_messages={"required": "请阅读并同意个人信息处理告知。"},
    )


class JoiningStatusForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=30)
    ric = forms.CharField(label="身份证号", max_length=30)


class JoiningApproveForm(VersionForm):
    """The receiving union is asked only when the employer has no (active) union."""

    union = UnionField(
        label="接收的基层工会",
        required=False,
        help_text="单位未建会时必填：输入接收该职工的基层工会名称、信用代码或拼音首字母后选择。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].user = self.user
        if self.obj is not None and employer_union(self.obj.employer) is not None:
            del self.fields["union"]
