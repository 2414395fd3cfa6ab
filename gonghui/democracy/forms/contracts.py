"""Forms of collective contracts and bargaining offers (DEMO-1): the lists' filters, the
contract (its signer and coverage by scope), renewal, the workflow's steps, a campaign, an
offer's answer and outcome. The services check every rule again (the API has no form)."""

from typing import Any

from django import forms

from gonghui.core.clock import today
from gonghui.core.forms import FilterForm, FlagField, OrgScopeField, VersionForm, YearField
from gonghui.members.forms import choice_filter, drill_down_date, offer_towns, town_filter
from gonghui.orgs.choices import Industry
from gonghui.orgs.forms import EmployerField, OrganizationField

from ..choices import CampaignState, ContractKind, ContractScope, ContractState, OfferAnswer
from ..choices import OfferOutcome as Outcome
from ..models import CollectiveContract
from ..queries.contracts import OWNERSHIP_GROUPS, RATE_KINDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE,
        error_messages={
            "invalid": f"{label}应为日期，例如 2013-04-28。",
            "required": f"请填写{label}。",
        },
        **kwargs,
    )


def _count(label: str, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "invalid": f"{label}须为整数。",
            "min_value": f"{label}不能小于0。",
            "max_value": f"{label}不能超过10000000。",
        },
        **kwargs,
    )


# ---- filters ---------------------------------------------------------------------------------


class ContractFilterForm(FilterForm):
    q = forms.CharField(label="合同名称或单位", required=False, max_length=100)
    kind = choice_filter("合同类型", ContractKind.choices)
    scope = choice_filter("签订范围", ContractScope.choices)
    state = choice_filter("状态", ContractState.choices)
    town = town_filter()
    year = YearField("签订年份")
    ending = FlagField("90日内到期", yes="90日内到期（未续签）", no="否")
    expired = FlagField("已过期未续签", yes="已过期未续签", no="否")
    org = OrgScopeField()
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # an indicator's drill-down: signed in a period; ending / expired judged on a day
    signed_from = drill_down_date("签订日期（起）")
    signed_to = drill_down_date("签订日期（止）")
    on = drill_down_date("判断日期")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class RateFilterForm(FilterForm):
    on = _date("统计日期", required=False)
    kind = forms.ChoiceField(
        label="合同类型",
        required=False,
        choices=[(k.value, k.label) for k in RATE_KINDS],
        error_messages={"invalid_choice": "「%(value)s」不是可选的合同类型。"},
    )
    ownership = choice_filter("经济类型", list(OWNERSHIP_GROUPS.items()), empty="全部经济类型")
    town = town_filter()
    list = forms.ChoiceField(
        label="名单",
        required=False,
        choices=[
            ("uncovered", "未签订（未覆盖）的单位"),
            ("covered", "已签订（已覆盖）的单位"),
            ("all", "全部已建会单位"),
        ],
        error_messages={"invalid_choice": "「%(value)s」不是可选的名单。"},
    )
    q = forms.CharField(label="单位名称或信用代码", required=False, max_length=100)
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class CampaignFilterForm(FilterForm):
    year = YearField("年度")
    state = choice_filter("状态", CampaignState.choices)
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)


class OfferFilterForm(FilterForm):
    campaign = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    q = forms.CharField(label="单位名称", required=False, max_length=100)
    answer = forms.ChoiceField(
        label="答复",
        required=False,
        choices=[("all", "全部答复"), *[(c.value, c.label) for c in OfferAnswer]],
    )
    outcome = forms.ChoiceField(
        label="结果",
        required=False,
        choices=[("all", "全部结果"), *[(c.value, c.label) for c in Outcome]],
    )
    town = town_filter()
    org = OrgScopeField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer_towns(self)

    def filters(self) -> dict[str, Any]:
        # "" is a value here (待回应, 进行中): kept, unlike other lists' empty filters
        if not self.is_bound or not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, False, [])}
        for key in ("answer", "outcome"):
            if key in self.data and self.data.get(key) == "":
                data[key] = ""
            elif data.get(key) in ("", "all"):
                data.pop(key, None)
        if not data.get("q"):
            data.pop("q", None)
        return data


# ---- a contract ------------------------------------------------------------------------------


TERM_CHOICES = [("", "按期满日期"), ("1", "1年"), ("2", "2年"), ("3", "3年")]


class ContractForm(forms.Form):
    kind = forms.ChoiceField(label="合同类型", choices=ContractKind.choices)
    scope = forms.ChoiceField(
        label="签订范围", choices=ContractScope.choices, initial=ContractScope.EMPLOYER
    )
    employer = EmployerField(
        label="用人单位",
        required=False,
        help_text="单位合同：选择签订合同的已建会单位，签约工会为其基层工会。",
    )
    union = OrganizationField(
        label="签约工会",
        required=False,
        help_text="行业性、区域性合同：镇街工会或行业、区域性工会联合会；覆盖其下属已建会单位。",
    )
    industry = forms.ChoiceField(
        label="行业", required=False, choices=[("", "—"), *Industry.choices]
    )
    area = forms.CharField(label="区域", required=False, max_length=100)
    title = forms.CharField(
        label="合同名称", required=False, max_length=150, help_text="留空则按单位和类型命名。"
    )
    signed_on = _date("签订日期")
    starts_on = _date("生效起始日期", required=False, help_text="留空为签订日期。")
    term_years = forms.ChoiceField(label="期限", required=False, choices=TERM_CHOICES)
    ends_on = _date("期满日期", required=False, help_text="期限为1至3年；选了期限可留空。")
    wage_increase_pct = forms.DecimalField(
        label="工资增长幅度（%）",
        required=False,
        max_digits=5,
        decimal_places=2,
        error_messages={"invalid": "工资增长幅度须为数字，例如 8.5。"},
        help_text="工资专项集体合同必填。",
    )
    workers_covered = _count("覆盖职工人数", required=False)
    women_covered = _count("覆盖女职工人数", required=False)
    negotiators_worker_side = _count("职工方协商代表人数", required=False)
    women_negotiators = _count(
        "女职工协商代表人数", required=False, help_text="女职工专项合同须至少1人。"
    )
    vote_total = _count("表决应到人数", required=False, help_text="职代会或全体职工表决。")
    vote_attended = _count("表决实到人数", required=False)
    vote_for = _count("赞成人数", required=False)
    note = forms.CharField(label="备注", required=False, max_length=2000, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIXED_ON_RENEWAL = ("kind", "scope", "employer", "union", "industry")

    def __init__(self, *args: Any, user: Any = None, renewal: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("employer", "union"):
            self.fields[name].user = user
        if renewal:
            for name in self.FIXED_ON_RENEWAL:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        scope = data.get("scope")
        if (
            scope == ContractScope.EMPLOYER
            and not data.get("employer")
            and "employer" not in self.errors
        ):
            self.add_error("employer", "单位合同请选择用人单位。")
        many = scope in (ContractScope.INDUSTRY, ContractScope.AREA)
        if many and not data.get("union") and "union" not in self.errors:
            self.add_error("union", "行业性、区域性合同请选择签约工会。")
        if not data.get("ends_on") and not data.get("term_years") and "ends_on" not in self.errors:
            self.add_error("ends_on", "请填写期满日期或选择期限。")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["term_years"] = int(data["term_years"]) if data.get("term_years") else None
        if data.get("scope") == ContractScope.EMPLOYER:
            data["union"] = None
        else:
            data.pop("employer", None)
        return data


def contract_initial(contract: CollectiveContract) -> dict[str, Any]:
    names = [
        "kind", "scope", "employer", "union", "industry", "area", "title", "signed_on",
        "starts_on", "ends_on", "wage_increase_pct", "workers_covered", "women_covered",
        "negotiators_worker_side", "women_negotiators", "vote_total", "vote_attended",
        "vote_for", "note", "version",
    ]  # fmt: skip
    return {name: getattr(contract, name) for name in names}


class SubmitForm(VersionForm):
    submitted_on = _date("报送日期", initial=today)


class ObjectionForm(VersionForm):
    objection_on = _date("审查意见书日期", initial=today)
    objection_note = forms.CharField(
        label="审查意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写审查意见。"},
    )


class TerminateForm(VersionForm):
    terminated_on = _date("终止日期", initial=today)
    reason = forms.CharField(
        label="终止原因", max_length=300, error_messages={"required": "请填写终止原因。"}
    )


# ---- campaigns and offers --------------------------------------------------------------------


class CampaignForm(forms.Form):
    name = forms.CharField(label="活动名称", max_length=100)
    organizer = OrganizationField(
        label="组织单位", help_text="向其下属已建会、无有效合同的单位发出协商要约。"
    )
    kind = forms.ChoiceField(
        label="协商内容", choices=ContractKind.choices, initial=ContractKind.WAGE
    )
    started_on = _date("发出日期", initial=today)
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organizer"].user = user


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label="答复",
        choices=[(OfferAnswer.ACCEPTED, "同意协商"), (OfferAnswer.REFUSED, "拒绝协商"),
                 (OfferAnswer.NO_REPLY, "逾期未回应")],
    )  # fmt: skip
    answered_on = _date("答复日期", required=False, initial=today)
    note = forms.CharField(label="备注", required=False, max_length=300)


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="结果", choices=[(Outcome.SIGNED, "已签订合同"), (Outcome.FAILED, "未达成")]
    )
    contract = forms.ModelChoiceField(
        label="签订的合同",
        required=False,
        queryset=CollectiveContract.objects.none(),
        error_messages={"invalid_choice": "所选合同不存在或未覆盖该单位，请重新选择。"},
    )

    def __init__(self, *args: Any, contracts: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if contracts is not None:
            self.fields["contract"].queryset = contracts
