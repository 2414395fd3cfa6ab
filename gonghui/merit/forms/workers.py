"""Forms of the model-worker registry (MERIT-2): the list's filters, a model worker of
earlier years (the honor recorded, then the registry row), the employer and note, a state
change, benefits as data."""

from typing import Any

from django import forms

from gonghui.core.errors import ApplicationError
from gonghui.core.forms import (
    FilterForm,
    FlagField,
    OrgScopeField,
    PickerField,
    VersionForm,
    YearField,
)
from gonghui.core.money import parse_money
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import EmployerField, UnionField

from ..choices import BenefitKind, Level, ModelWorkerState
from ..models import ModelWorker
from ..queries import workers as queries
from ..rules import workers as rules

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


class ModelWorkerFilterForm(FilterForm):
    q = forms.CharField(label="姓名或身份证后4位", required=False, max_length=50)
    level = choice_filter("级别", Level.choices)
    state = choice_filter("状态", ModelWorkerState.choices)
    # 在册 counts the retired too (rules.STANDING): the registry's figures are of these
    standing = FlagField("是否在册", yes="在册（含已退休）", no="不在册")
    year = YearField("获评年度")
    year_to = YearField("获评年度（止）")
    town = town_filter()
    union = UnionField(label="所属工会", required=False, help_text="")
    org = OrgScopeField()
    member = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["union"].user = self.user
        self.fields["union"].widget.attrs["placeholder"] = "所属工会"
        offer_towns(self)


def model_worker_by_name(rows: Any, text: str) -> ModelWorker:
    several = list(rows.filter(name=text)[:2])
    if not several:
        raise ApplicationError(
            f"在您的管理范围内的劳模名册中没有「{text}」；也可直接填写领衔人姓名。"
        )
    if len(several) > 1:
        raise ApplicationError(f"劳模名册中有多个「{text}」，请从列表中选择。")
    return several[0]


class ModelWorkerField(PickerField):
    """A model worker of the registry in the user's scope, picked by name."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        kwargs.setdefault("max_length", 60)
        super().__init__(
            *args,
            suggest="merit:suggest_model_workers",
            rows=lambda user: ModelWorker.objects.visible_to(user, queries.VIEW).filter(
                state__in=rules.STANDING
            ),
            find=model_worker_by_name,
            user=user,
            **{"missing_id": "所选劳模不存在或不在您的管理范围内，请重新选择。", **kwargs},
        )
        self.widget.attrs["placeholder"] = "输入劳模姓名后选择"


class HonorTypeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.get_level_display()}）"


class ModelWorkerRecordForm(forms.Form):
    """A model worker of earlier years: the honor that confers the title, and the person."""

    honor_type = HonorTypeChoice(
        label="荣誉（授予劳模称号）",
        queryset=queries.honor_types_conferring(),
        empty_label="请选择",
        error_messages={
            "required": "请选择授予劳模称号的荣誉。",
            "invalid_choice": "所选荣誉不存在，请重新选择。",
        },
    )
    year = forms.IntegerField(
        label="获评年度",
        min_value=rules.YEAR_MIN,
        max_value=2100,
        error_messages={
            "invalid": "获评年度应为四位数字年份，例如 2013。",
            "required": "请填写获评年度。",
            "min_value": f"获评年度不能早于{rules.YEAR_MIN}年。",
            "max_value": "获评年度不能晚于今年。",
        },
    )
    awarded_on = _date("授予日期", required=False)
    document_no = forms.CharField(label="文号", max_length=60, required=False)
    member = MemberField(
        label="会员",
        required=False,
        help_text="是会员时从会员中选择；不是会员时留空，填写下面的姓名和身份证号。",
    )
    name = forms.CharField(label="姓名（非会员）", max_length=rules.NAME_MAX, required=False)
    ric = forms.CharField(label="身份证号（非会员）", max_length=30, required=False)
    employer = EmployerField(label="工作单位", required=False)
    union = UnionField(
        label="所属工会（非会员、单位未填时）",
        required=False,
        help_text="单位已建工会时可不填，按单位的工会登记。",
    )
    note = forms.CharField(
        label="备注", max_length=rules.NOTE_MAX, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        for name in ("member", "employer", "union"):
            self.fields[name].user = user

    def clean(self) -> dict:
        data = super().clean()
        missing = not data.get("member") and not (data.get("name") or "").strip()
        if missing and "member" not in self.errors:
            self.add_error("member", "请选择会员，或填写姓名和身份证号。")
        return data


class ModelWorkerEditForm(VersionForm):
    employer = EmployerField(label="工作单位", required=False)
    note = forms.CharField(
        label="备注", max_length=rules.NOTE_MAX, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["employer"].user = self.user


class StateForm(VersionForm):
    state = forms.ChoiceField(label="变更为", choices=())
    reason = forms.CharField(
        label="理由或依据",
        max_length=300,
        required=False,
        help_text="撤销称号时必填（如撤销文号）。",
    )

    def __init__(self, *args: Any, current: str = ModelWorkerState.ACTIVE, **kwargs: Any):
        super().__init__(*args, **kwargs)
        allowed = rules.NEXT_STATES.get(current, ())
        self.fields["state"].choices = [
            (value, label) for value, label in ModelWorkerState.choices if value in allowed
        ]
        self.fields["state"].error_messages["invalid_choice"] = (
            "该劳模当前状态不能改为所选状态，请刷新页面后重新选择。"
        )


# ---- benefits ----------------------------------------------------------------------------


class BenefitFilterForm(FilterForm):
    level = choice_filter("级别", Level.choices)
    kind = choice_filter("待遇", BenefitKind.choices)


class BenefitForm(forms.Form):
    level = forms.ChoiceField(label="劳模级别", choices=Level.choices)
    kind = forms.ChoiceField(label="待遇项目", choices=BenefitKind.choices)
    amount = forms.CharField(
        label="金额（元）",
        max_length=24,
        required=False,
        widget=forms.TextInput({"inputmode": "decimal"}),
        help_text="津贴为每月金额；困难帮扶、节日慰问为每次金额；体检、疗休养可填每次标准。",
    )
    percent = forms.DecimalField(
        label="比例（%）",
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        help_text="退休养老金加发的比例，如 5 表示 5%。",
        error_messages={
            "invalid": "比例应为数字，如 5 表示 5%。",
            "min_value": "比例不能为负数。",
            "max_value": "比例不能超过100。",
            "max_decimal_places": "比例至多保留两位小数。",
            "max_digits": "比例不能超过100。",
        },
    )
    times_a_year = forms.IntegerField(
        label="每年次数",
        required=False,
        min_value=1,
        max_value=rules.TIMES_MAX,
        help_text="年度健康体检、疗休养填写。",
        error_messages={
            "invalid": "每年次数应为整数。",
            "min_value": "每年次数至少为1。",
            "max_value": f"每年次数不能超过{rules.TIMES_MAX}。",
        },
    )
    effective_from = _date("起始日期")
    note = forms.CharField(label="依据或说明", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_amount(self) -> Any:
        raw = (self.cleaned_data.get("amount") or "").strip()
        if not raw:
            return None
        try:
            return parse_money(raw, field="amount")
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self) -> dict:
        data = super().clean()
        if "kind" in data:
            problems = rules.benefit_problems(
                data["kind"], data.get("amount"), data.get("percent"), data.get("times_a_year")
            )
            for field, message in problems.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
