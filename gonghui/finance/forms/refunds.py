"""Forms of the refund pages: the lists' filters, a new batch, a union's bank account."""

import datetime

from django import forms

from gonghui.core.forms import FilterForm, VersionForm, date_filter
from gonghui.members.forms import choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import UnionField

from ..choices import RefundBatchState, RefundState
from ..queries.refunds import unions_without_account

MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


def month_field(label: str, *, required: bool = False, hidden: bool = False) -> forms.DateField:
    """A period (所属期): "2013-05" (a month box) or a date, read as the first of its month."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=MONTH_FORMATS,
        widget=(
            forms.HiddenInput()
            if hidden
            else forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
        ),
        error_messages={
            "invalid": f"{label}应为年月，例如 2013-05。",
            "required": f"请填写{label}。",
        },
    )


def _id_filter(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        widget=forms.HiddenInput,
        error_messages={"invalid": f"{label}应为编号。", "min_value": f"{label}应为编号。"},
    )


class RefundFilterForm(FilterForm):
    period_from = month_field("所属期起")
    period_to = month_field("所属期止")
    state = choice_filter("状态", RefundState.choices)
    town = town_filter()
    union = UnionField(label="工会", required=False)
    overdue = forms.ChoiceField(
        label="逾期",
        required=False,
        choices=[("", "逾期：全部"), ("1", "已过返拨期限未到账")],
        error_messages={"invalid_choice": "「逾期」只能选“已过返拨期限未到账”。"},
    )
    paid_from = date_filter("返拨日期起")
    paid_to = date_filter("返拨日期止")
    on_time = forms.ChoiceField(
        label="按时",
        required=False,
        choices=[("", "按时：全部"), ("yes", "按时返拨"), ("no", "逾期返拨")],
        error_messages={"invalid_choice": "「按时」只能选“按时返拨”或“逾期返拨”。"},
    )
    # the to-do's link: failed refunds no later batch has taken again
    retry = forms.ChoiceField(
        label="待重新返拨",
        required=False,
        choices=[("", "全部"), ("1", "返拨失败、尚未重新列入批次")],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "「待重新返拨」只能为1。"},
    )
    batch = _id_filter("返拨批次")
    org = _id_filter("范围")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)
        self.fields["union"].user = self.user
        self.fields["union"].widget.attrs["placeholder"] = "工会（名称或信用代码）"


class BatchFilterForm(FilterForm):
    period_from = month_field("所属期起")
    period_to = month_field("所属期止")
    state = choice_filter("状态", RefundBatchState.choices)


class DueUnpaidFilterForm(FilterForm):
    period_from = month_field("所属期起")
    period_to = month_field("所属期止")
    on = date_filter("截至日期")
    town = town_filter()
    union = UnionField(label="工会", required=False)
    org = _id_filter("范围")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)
        self.fields["union"].user = self.user
        self.fields["union"].widget.attrs["placeholder"] = "工会（名称或信用代码）"


class BankAccountFilterForm(FilterForm):
    q = forms.CharField(label="工会或户名", required=False, max_length=120)
    town = town_filter()
    org = _id_filter("范围")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class BatchCreateForm(forms.Form):
    period = month_field("所属期", required=True)
    # Set by the preview step: the page shows each union's due first, then confirms.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_period(self) -> datetime.date:
        return self.cleaned_data["period"].replace(day=1)


class _AccountFields(forms.Form):
    account_name = forms.CharField(label="户名", max_length=120)
    bank_name = forms.CharField(label="开户银行", max_length=100)
    account = forms.CharField(label="银行账号", max_length=40, help_text="8至30位数字，可带空格。")


class BankAccountForm(_AccountFields):
    """A new account: the union (a chair's own is the only one it may choose)."""

    org = UnionField(
        label="工会",
        help_text="输入工会名称、统一社会信用代码或拼音首字母后选择。",
        error_messages={"required": "请选择工会。"},
    )
    field_order = ["org", "account_name", "bank_name", "account"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].user = user
        self.fields["org"].rows = lambda u: unions_without_account(u)
        self.fields["org"].missing_id = "所选工会不存在、不在您的管理范围内或已有经费账户。"


class BankAccountEditForm(VersionForm, _AccountFields):
    pass
