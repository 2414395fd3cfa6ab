"""Forms of the payout pages, and the reissue's (the claim workflow's `reissue`)."""

from django import forms

from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, VersionForm, YearField
from gonghui.members.forms import choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import TownField
from gonghui.orgs.queries import towns_visible

from ..choices import PayoutState
from ..queries.payouts import payable_plans


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.year}年 {obj.name}"


def _plan_field(**kwargs) -> PlanChoiceField:
    kwargs.setdefault(
        "error_messages", {"invalid_choice": "所选计划年度不存在或不在您的管理范围内。"}
    )
    return PlanChoiceField(queryset=None, widget=SEARCHABLE_SELECT, **kwargs)


class PayoutFilterForm(FilterForm):
    year = YearField("计划年度")
    plan = _plan_field(label="计划", required=False, empty_label="全部计划年度")
    state = choice_filter("状态", PayoutState.choices)
    town = town_filter()
    org = forms.IntegerField(
        label="范围",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "范围应为组织编号。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = payable_plans(self.user)
        offer_towns(self)


class PayoutCreateForm(forms.Form):
    plan = _plan_field(
        label="计划年度",
        error_messages={
            "required": "请选择计划年度。",
            "invalid_choice": "所选计划年度不存在或不在您的管理范围内。",
        },
    )
    town = TownField(
        label="镇街",
        required=False,
        empty_label="全部镇街（整个计划年度）",
        help_text="只为一个镇街生成名单时选择；不选则包括您管理范围内的全部待发放互助金。",
    )
    # Set by the preview step: the page shows the count and total first, then confirms.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = payable_plans(user)
        self.fields["town"].queryset = towns_visible(user)


class AccountForm(VersionForm):
    """The reissue's input: the corrected bank account."""

    bank_name = forms.CharField(label="开户银行", max_length=60)
    account = forms.CharField(label="银行账号", max_length=30)
