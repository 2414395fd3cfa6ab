"""The pure rules for a sub-header row and for total and note rows (spec.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.importing.spec import note_row, with_sub_header

from .helpers import HEADER, person

GROUPED = ["姓名", "身份证号", "联系方式", None, "入会日期"]


def test_a_sub_header_under_a_merged_group_completes_the_header():
    row = [None, None, "手机号码", "固定电话", None]
    assert with_sub_header(GROUPED, row) == ["姓名", "身份证号", "手机号码", "固定电话", "入会日期"]


def test_a_sub_header_may_repeat_the_titles_merged_down():
    row = ["姓名", "身份证号", "手机号码", "固定电话", "入会日期"]
    assert with_sub_header(GROUPED, row) == row


@pytest.mark.parametrize(
    "row",
    [
        ["张三", None, "手机号码", None, None],  # a value under a title of its own
        [None, None, 13800138000, None, None],  # a number is data
        [None, None, None, None, None],  # nothing
        ["合计 3人"],
    ],
)
def test_rows_that_are_not_a_sub_header(row):
    assert with_sub_header(GROUPED, row) is None


@given(seed=st.integers(min_value=1, max_value=9999), male=st.booleans())
def test_a_person_is_never_a_sub_header_nor_a_note(seed, male):
    row = person(seed, male=male)
    assert with_sub_header(HEADER, row) is None
    assert with_sub_header(GROUPED, [row[0], row[1], row[4], None, row[5]]) is None
    assert note_row(row) is None


@pytest.mark.parametrize(
    ("cells", "text"),
    [
        (["合计 300人"], "合计 300人"),
        (["合  计", None, 300], "合  计 300"),
        (["总计：", "300"], "总计： 300"),
        (["注：身份证号请填写18位。"], "注：身份证号请填写18位。"),
        (["注1．日期格式为2020-01-05"], "注1．日期格式为2020-01-05"),
        (["填表人：王某", None, "联系电话：020-84560000"], "填表人：王某 联系电话：020-84560000"),
        (["单位（盖章）：", "2013年12月"], "单位（盖章）： 2013年12月"),
        (["以下空白"], "以下空白"),
        (["请各基层工会于12月底前报送，逾期不候。"], "请各基层工会于12月底前报送，逾期不候。"),
        (["张三", "44011319900101123"], None),  # a person with a bad RIC: rejected, not skipped
        (["注明", "44011319900101123"], None),
        ([None, ""], None),
    ],
)
def test_total_and_note_rows(cells, text):
    assert note_row(cells) == text
