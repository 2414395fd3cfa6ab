"""Forms of the disbursement pages."""

from django import forms

from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm, YearField
from gonghui.members.forms import choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import TownField
from gonghui.orgs.queries import towns_visible

from ..choices import DisbursementState
from ..queries.payments import payable_programs


class ProgramChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.year}年 {obj.name}"


class DisbursementFilterForm(FilterForm):
    year = YearField("项目年度")
    program = ProgramChoiceField(
        label="项目",
        required=False,
        queryset=None,
        empty_label="全部项目",
        widget=SEARCHABLE_SELECT,
        error_messages={"invalid_choice": "所选项目不存在或不在您的管理范围内。"},
    )
    state = choice_filter("状态", DisbursementState.choices)
    town = town_filter()
    org = forms.IntegerField(
        label="范围",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "范围应为组织编号。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = payable_programs(self.user)
        offer_towns(self)


class DisbursementCreateForm(forms.Form):
    program = ProgramChoiceField(
        label="帮扶项目",
        queryset=None,
        widget=SEARCHABLE_SELECT,
        error_messages={
            "required": "请选择帮扶项目。",
            "invalid_choice": "所选项目不存在或不在您的管理范围内。",
        },
    )
    town = TownField(
        label="镇街",
        required=False,
        empty_label="全部镇街（整个项目）",
        help_text="只为一个镇街生成名单时选择；不选则包括您管理范围内的全部待发放资金。",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = payable_programs(user)
        self.fields["town"].queryset = towns_visible(user)
