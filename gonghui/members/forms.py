from django import forms

from gonghui.core.forms import FilterForm, PickerField, VersionForm
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.forms import EmployerField, UnionField
from gonghui.orgs.models import Organization

from .choices import Education, MemberStatus, RetainedReason, Sex
from .queries import union_by_name_or_uscc
from .services.joining import employer_union

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MemberFilterForm(FilterForm):
    name = forms.CharField(
        label="姓名", required=False, widget=forms.TextInput({"placeholder": "姓名"})
    )
    ric = forms.CharField(
        label="身份证号",
        required=False,
        widget=forms.TextInput({"placeholder": "身份证号或后4位"}),
    )
    phone = forms.CharField(
        label="手机号", required=False, widget=forms.TextInput({"placeholder": "手机号或后4位"})
    )
    union = forms.CharField(
        label="基层工会", required=False, widget=forms.TextInput({"placeholder": "基层工会"})
    )
    employer = forms.CharField(
        label="工作单位", required=False, widget=forms.TextInput({"placeholder": "工作单位"})
    )
    status = forms.ChoiceField(
        label="会籍状态", required=False, choices=[("", "全部状态"), *MemberStatus.choices]
    )


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
    is_model_worker = forms.BooleanField(label="劳模", required=False)
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
