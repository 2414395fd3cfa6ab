"""Forms of union formation (ORG-3): the targets' and lists' filters, a contact, a founding,
the threshold setting."""

from django import forms

from gonghui.core.forms import AtLeastField, FilterForm, FlagField, YearField

from .choices import ContactMethod, ContactOutcome, Industry
from .forms import DATE, _date_filter, _town_filter, _under_filter
from .queries import towns_visible


class _TownFiltered(FilterForm):
    """A town select and, for the indicators' drill-downs, the subtree (`org`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = towns_visible(self.user)
        self.fields["org"].user = self.user


class TargetFilterForm(_TownFiltered):
    q = forms.CharField(label="名称或信用代码", required=False)
    town = _town_filter()
    industry = forms.ChoiceField(
        label="行业", choices=[("", "全部行业"), *Industry.choices], required=False
    )
    headcount_min = AtLeastField("职工人数 ≥", "职工人数")
    labor_dispatch = FlagField("劳务派遣", yes="劳务派遣企业", no="非劳务派遣企业")
    lead = FlagField("缴纳筹备金", yes="已缴纳工会筹备金", no="未缴纳工会筹备金")
    contacted = FlagField("联系情况", yes="已联系", no="未联系")
    on = _date_filter("截至日期")
    org = _under_filter()


class ContactFilterForm(_TownFiltered):
    town = _town_filter()
    outcome = forms.ChoiceField(
        label="结果", choices=[("", "全部结果"), *ContactOutcome.choices], required=False
    )
    method = forms.ChoiceField(
        label="联系方式", choices=[("", "全部方式"), *ContactMethod.choices], required=False
    )
    date_from = _date_filter("联系日期起")
    date_to = _date_filter("联系日期止")
    org = _under_filter()


class FoundingFilterForm(_TownFiltered):
    year = YearField("成立年份")
    town = _town_filter()
    labor_dispatch = FlagField("劳务派遣", yes="劳务派遣企业", no="非劳务派遣企业")
    founded_from = _date_filter("成立日期起")
    founded_to = _date_filter("成立日期止")
    org = _under_filter()


class ContactForm(forms.Form):
    contacted_on = forms.DateField(label="联系日期", widget=DATE)
    method = forms.ChoiceField(label="联系方式", choices=ContactMethod.choices)
    contact_person = forms.CharField(label="单位联系人", max_length=50, required=False)
    outcome = forms.ChoiceField(label="结果", choices=ContactOutcome.choices)
    note = forms.CharField(
        label="情况记录", max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )


class FoundingForm(forms.Form):
    name = forms.CharField(
        label="工会名称",
        max_length=120,
        required=False,
        help_text="不填则为“单位名称＋工会委员会”。",
    )
    founded_on = forms.DateField(label="成立日期", widget=DATE)
    first_chair = forms.CharField(label="首任工会主席", max_length=50)
    founding_members = forms.IntegerField(
        label="成立时会员人数",
        min_value=1,
        error_messages={"min_value": "成立时会员人数应至少为1人。"},
    )
    note = forms.CharField(
        label="备注", max_length=2000, required=False, widget=forms.Textarea({"rows": 2})
    )


class SettingForm(forms.Form):
    effective_from = forms.DateField(label="执行日期", widget=DATE)
    min_headcount = forms.IntegerField(
        label="职工人数不少于",
        min_value=1,
        max_value=10000,
        error_messages={
            "min_value": "职工人数标准应为1至10000之间的整数。",
            "max_value": "职工人数标准应为1至10000之间的整数。",
        },
    )
    note = forms.CharField(label="依据或说明", max_length=200, required=False)
