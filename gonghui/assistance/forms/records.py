"""Forms of service records (CARE-4, in-kind CARE-2): the list's filters, the record, a
beneficiary, a beneficiary list to import. Amounts are text the service reads with
core.money.parse_money, so the page and the API say the same thing."""

from typing import Any

from django import forms

from gonghui.core.forms import SEARCHABLE_SELECT, FilterForm
from gonghui.core.storable import id_in_range
from gonghui.members.forms import MemberField, choice_filter, offer_towns, town_filter
from gonghui.orgs.forms import EmployerField, OrganizationField, UnionField
from gonghui.orgs.models import Organization

from ..choices import Recipient, ServiceKind
from ..models import ProgramKind
from ..queries.records import programs_offered

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def money_field(label: str, **kwargs: Any) -> forms.CharField:
    """An amount as typed ("600", "1,200.50"), read by the service (core.money)."""
    kwargs.setdefault("required", False)
    return forms.CharField(
        label=label, max_length=24, widget=forms.TextInput({"inputmode": "decimal"}), **kwargs
    )


def _date_filter(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DATE,
        error_messages={"invalid": f"{label}应为日期，例如 2013-05-01。"},
    )


class ServiceFilterForm(FilterForm):
    """The service list's filters (the catalog drills down with these names): org (a
    subtree, hidden), kind, program_kind (a ProgramKind code), held_from, held_to, town."""

    kind = choice_filter("类别", ServiceKind.choices)
    program_kind = choice_filter("项目类别", [])
    held_from = _date_filter("日期起")
    held_to = _date_filter("日期止")
    town = town_filter()
    org = forms.IntegerField(
        label="范围",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "范围应为组织编号。"},
    )
    scope_org: Organization | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["program_kind"].choices = [
            ("", "全部项目类别"),
            *ProgramKind.objects.values_list("code", "name"),
        ]
        offer_towns(self)

    def clean_org(self) -> int | None:
        org = self.cleaned_data.get("org")
        if org:
            rows = Organization.objects.visible_to(self.user)
            self.scope_org = rows.filter(pk=org).first() if id_in_range(org) else None
            if self.scope_org is None:
                raise forms.ValidationError("所选范围（组织）不存在或不在您的管理范围内。")
        return org

    def clean(self):
        data = super().clean()
        start, end = data.get("held_from"), data.get("held_to")
        if start and end and start > end:
            self.add_error("held_to", "日期止不能早于日期起。")
        return data


class ServiceRecordForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ServiceKind.choices)
    program = forms.ModelChoiceField(
        label="所属项目",
        queryset=None,
        required=False,
        widget=SEARCHABLE_SELECT,
        empty_label="（不属于项目）",
        help_text="夏送清凉、赠阅工会报刊等项目的实物发放，或某次体检活动所属的项目；须为同一年度。",
        error_messages={"invalid_choice": "所选项目不存在或不在您的管理范围内，请重新选择。"},
    )
    title = forms.CharField(label="名称", max_length=120)
    held_on = forms.DateField(label="日期", widget=DATE)
    organizer = OrganizationField(label="组织单位")
    recipient = forms.ChoiceField(label="对象", choices=Recipient.choices, initial=Recipient.PEOPLE)
    employer = EmployerField(label="用人单位", required=False)
    site = forms.CharField(label="工地或场所", max_length=150, required=False)
    recipient_union = UnionField(label="受赠工会", required=False)
    item = forms.CharField(label="物品", max_length=100, required=False)
    quantity = forms.IntegerField(
        label="数量", min_value=0, max_value=2_000_000_000, required=False, initial=0
    )
    value = money_field("物品价值（元）")
    amount = money_field("慰问金或补助金额（元）")
    head_count = forms.IntegerField(
        label="受益人数", min_value=0, max_value=2_000_000_000, required=False, initial=0
    )
    note = forms.CharField(
        label="情况", max_length=2000, widget=forms.Textarea({"rows": 3}), required=False
    )

    def __init__(self, *args: Any, user: Any, named: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["program"].queryset = programs_offered(user)
        for name in ("organizer", "employer", "recipient_union"):
            self.fields[name].user = user
        if named:  # kept as the number and sum of the named beneficiaries
            for name in ("head_count", "amount"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "按逐人登记的受益职工自动统计。"

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["quantity"] = data.get("quantity") or 0
        data["head_count"] = data.get("head_count") or 0
        for name in ("head_count", "amount"):
            if self.fields[name].disabled:
                data.pop(name, None)
        return data


class ServiceRecordEditForm(ServiceRecordForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class BeneficiaryForm(forms.Form):
    member = MemberField(
        label="会员", required=False, help_text="会员从列表中选择；非会员请填写姓名和身份证号。"
    )
    name = forms.CharField(label="姓名", max_length=50, required=False)
    ric = forms.CharField(label="身份证号", max_length=30, required=False)
    amount = money_field("金额（元）", help_text="如慰问金；没有则留空。")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["member"].user = user


class BeneficiaryImportForm(forms.Form):
    file = forms.FileField(
        label="名单文件",
        allow_empty_file=True,
        help_text="Excel 或 CSV，需有“姓名”“身份证号”两列，可有“金额”“备注”。",
    )
    dry_run = forms.BooleanField(label="试导入（只检查，不写入）", required=False)
