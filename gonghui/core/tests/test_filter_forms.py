"""The list filters' fields and renderer (core.forms, issue #10): one style of year, flag
and "≥ N" field on every list, and the filter bar's controls written without a template
per option, in the same markup Django's widget templates give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from gonghui.core.forms import AtLeastField, FilterForm, FlagField, YearField


class SampleFilters(FilterForm):
    q = forms.CharField(label="名称", required=False)
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), ("a", "甲 & <乙>"), ("b", "丙")]
    )
    grouped = forms.ChoiceField(
        label="分组", required=False, choices=[("", "全部"), ("组一", [("x", "X"), ("y", "Y")])]
    )
    year = YearField("成立年份")
    flag = FlagField("劳模", yes="劳模", no="非劳模")
    at_least = AtLeastField("职工人数 ≥", "职工人数")
    mine = forms.BooleanField(label="仅看我的", required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": 'a"<b>&c', "state": "a", "grouped": "y", "year": "2015", "flag": "yes"},
        {"q": "x", "year": "abc", "flag": "maybe", "at_least": "-1", "mine": "on"},
    ],
)
def test_the_filter_renderer_writes_what_djangos_templates_write(data):
    form = SampleFilters(data)
    form.is_valid()
    fast = [str(field) for field in form]
    form.renderer = DjangoTemplates()
    assert fast == [str(field) for field in form]


def test_a_flag_reads_yes_and_no_and_the_older_1_and_0():
    for given, meant in (("yes", "yes"), ("1", "yes"), ("no", "no"), ("0", "no")):
        form = SampleFilters({"flag": given})
        assert form.is_valid() and form.filters() == {"flag": meant}
    bad = SampleFilters({"flag": "maybe"})
    assert not bad.is_valid()
    assert bad.field_errors() == ["「劳模」只能选“劳模”或“非劳模”。"]


def test_a_year_is_a_number_box_with_a_chinese_error():
    form = SampleFilters({"year": "abc"})
    assert 'type="number"' in str(form["year"])
    assert not form.is_valid() and form.filters() == {}
    assert form.field_errors() == ["成立年份须为四位数字年份，例如 2015。"]
