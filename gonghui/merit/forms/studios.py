"""Forms of innovation studios (MERIT-2): the list's filters, the studio (its employer, the
leading model worker or a name, its field), a member added, a result added."""

from typing import Any

from django import forms

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import FilterForm, FlagField, OrgScopeField, YearField
from gonghui.core.money import parse_money
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import EmployerField

from ..choices import Level, ResultKind
from .workers import ModelWorkerField, _date


class StudioFilterForm(FilterForm):
    q = forms.CharField(label="工作室名称", required=False, max_length=100)
    level = choice_filter("级别", Level.choices)
    town = town_filter()
    active = FlagField("运行状态", yes="运行中", no="已停止")
    year = YearField("创建年份")
    founded_from = _date("创建日期（起）", required=False)
    founded_to = _date("创建日期（止）", required=False)
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("founded_from"), data.get("founded_to")
        if start and end and start > end:
            self.add_error("founded_to", "创建日期（止）不能早于创建日期（起）。")
        return data


class StudioForm(forms.Form):
    name = forms.CharField(label="工作室名称", max_length=100)
    level = forms.ChoiceField(label="级别", choices=Level.choices, initial=Level.DISTRICT)
    employer = EmployerField(
        label="所在单位",
        help_text="输入单位名称、信用代码或拼音首字母后选择；工作室归属该单位的工会。",
    )
    leader = ModelWorkerField(
        label="领衔劳模",
        required=False,
        help_text="从劳模名册中选择；不在名册中的请留空并填写领衔人姓名。",
    )
    leader_name = forms.CharField(label="领衔人姓名", max_length=50, required=False)
    founded_on = _date("创建日期")
    field = forms.CharField(label="创新方向", max_length=100, required=False)
    is_active = forms.BooleanField(label="运行中", required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("employer", "leader"):
            self.fields[name].user = user

    def clean(self) -> dict:
        data = super().clean()
        missing = not data.get("leader") and not (data.get("leader_name") or "").strip()
        if missing and "leader" not in self.errors:
            self.add_error("leader", "请选择领衔劳模，或填写领衔人姓名。")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class StudioMemberForm(forms.Form):
    member = MemberField(label="成员")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["member"].user = user


class ResultForm(forms.Form):
    kind = forms.ChoiceField(label="成果类型", choices=ResultKind.choices)
    title = forms.CharField(label="成果名称", max_length=150)
    achieved_on = _date("取得日期")
    benefit = forms.CharField(
        label="创造经济效益（元）",
        max_length=24,
        required=False,
        widget=forms.TextInput({"inputmode": "decimal"}),
    )
    note = forms.CharField(label="说明", max_length=300, required=False)

    def clean_benefit(self) -> Any:
        raw = (self.cleaned_data.get("benefit") or "").strip()
        if not raw:
            return None
        try:
            return parse_money(raw, field="benefit")
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc
