"""The member rules (members/rules.py): pure functions, one set for the service and the import."""

import datetime
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError
from gonghui.core.ids import ric_validate
from gonghui.demo.numbers import ric as make_ric
from gonghui.members import rules
from gonghui.members.choices import Education

TODAY = datetime.date(2026, 11, 25)
UNION = rules.UnionFacts(pk=7, name="甲公司工会委员会", kind="grassroots", is_active=True)
EMPLOYERS = rules.employer_index(
    [
        (1, 7, "甲电子有限公司", "91440113MA5D1234XA"),
        (2, 8, "丙电子有限公司", "91440113MA5D5678XB"),
        (3, None, "未建会公司", "91440113MA5D9999XC"),
    ]
)
CONTEXT = rules.MemberContext(union=UNION, today=TODAY, employers=EMPLOYERS)

births = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2008, 12, 31))


def _ric(birth: datetime.date, seed: int = 1, *, male: bool = True) -> str:
    return make_ric(random.Random(seed), birth, seed, male=male)


def _fields(record: dict, context=CONTEXT) -> list[str]:
    return [field for field, _message in rules.problems(record, context)]


@given(birth=births, seed=st.integers(1, 10_000), male=st.booleans(), data=st.data())
def test_a_consistent_person_keeps_every_rule(birth, seed, male, data):
    # given a valid RIC, the birth date and sex it says, a join date between birth and today
    number = _ric(birth, seed, male=male)
    joined = data.draw(st.dates(min_value=birth, max_value=TODAY))
    record = {"name": "张三", "ric": number, "birth_date": birth, "sex": "M" if male else "F"}
    record |= {"joined_on": joined, "education": data.draw(st.sampled_from(["", *Education]))}
    record["employer"] = data.draw(st.sampled_from([None, "", 1, 3, "甲电子有限公司"]))
    # then no rule has anything to say, whether the RIC is typed or already read
    assert rules.problems(record, CONTEXT) == []
    assert rules.problems({**record, "ric": ric_validate(number)}, CONTEXT) == []


@given(birth=births, seed=st.integers(1, 10_000), days=st.integers(1, 20_000))
def test_a_join_date_before_birth_is_one_problem_on_the_join_date(birth, seed, days):
    joined = birth - datetime.timedelta(days=days)
    record = {"name": "张三", "ric": _ric(birth, seed), "joined_on": joined}
    assert rules.problems(record, CONTEXT) == [("joined_on", "入会日期不能早于出生日期。")]


@given(days=st.integers(1, 3_000))
def test_a_join_date_after_today_is_refused(days):
    record = {"name": "张三", "ric": _ric(datetime.date(1990, 1, 1))}
    record["joined_on"] = TODAY + datetime.timedelta(days=days)
    assert rules.problems(record, CONTEXT) == [("joined_on", "入会日期不能晚于今天。")]


@given(birth=births, other=births)
def test_a_birth_date_beside_the_ric_must_be_the_rics(birth, other):
    record = {"name": "张三", "ric": _ric(birth), "birth_date": other}
    expected = [] if other == birth else ["birth_date"]
    assert _fields(record) == expected


def test_sex_beside_the_ric_must_be_the_rics_and_a_known_value():
    number = _ric(datetime.date(1990, 1, 1), male=True)
    assert rules.problems({"name": "张三", "ric": number, "sex": "F"}, CONTEXT) == [
        ("sex", "所填性别「女」与身份证号中的性别（男）不一致。")
    ]
    assert _fields({"name": "张三", "ric": number, "sex": "X"}) == ["sex"]


def test_an_invalid_ric_says_why_and_the_rules_that_need_it_keep_quiet():
    record = {"name": "张三", "ric": "440113199001011230", "birth_date": datetime.date(1991, 1, 1)}
    assert rules.problems(record, CONTEXT) == [("ric", "身份证号校验位不正确，请核对。")]
    assert _fields({"name": "张三", "ric": ""}) == ["ric"]


@pytest.mark.parametrize(
    "name,problem",
    [
        ("", "姓名不能为空。"),
        ("   ", "姓名不能为空。"),
        ("张" * 51, "姓名不能超过50个字，现为51个字。"),
    ],
)
def test_name_is_required_and_fits_the_column(name, problem):
    record = {"name": name, "ric": _ric(datetime.date(1990, 1, 1))}
    assert rules.problems(record, CONTEXT) == [("name", problem)]


def test_education_must_be_a_known_choice():
    record = {"name": "张三", "ric": _ric(datetime.date(1990, 1, 1)), "education": "phd"}
    ((field, message),) = rules.problems(record, CONTEXT)
    assert field == "education" and "「研究生」" in message


@pytest.mark.parametrize(
    "ref,problem",
    [
        (1, None),  # of the member's union
        (3, None),  # of no union
        ("91440113ma5d1234xa", None),  # its USCC as typed (lower case): normalized
        (2, "「丙电子有限公司」属于其他基层工会，不能作为本工会会员的工作单位。"),
        ("丙电子有限公司", "「丙电子有限公司」属于其他基层工会，不能作为本工会会员的工作单位。"),
        ("没有的公司", "工作单位「没有的公司」未找到（请填写已登记的单位名称或信用代码）。"),
    ],
)
def test_the_employer_is_of_the_members_union_or_of_none(ref, problem):
    found = rules.employer_rule({"employer": ref}, CONTEXT)
    assert found == ([] if problem is None else [("employer", problem)])


@pytest.mark.parametrize(
    "union",
    [
        rules.UnionFacts(pk=7, kind="grassroots", is_active=False),
        rules.UnionFacts(pk=7, kind="town", is_active=True),
        rules.UnionFacts(pk=7),  # facts not loaded: never accepted by default
    ],
)
def test_only_an_active_grassroots_union_takes_members(union):
    context = rules.MemberContext(union=union, today=TODAY)
    assert rules.union_rule({}, context) == [("union", "会员只能属于有效的基层工会。")]
    assert rules.union_rule({}, CONTEXT) == []


def test_problems_collects_every_problem_and_ensure_raises_the_first_on_its_field():
    record = {"name": "", "ric": _ric(datetime.date(1990, 1, 1)), "education": "phd"}
    record["joined_on"] = datetime.date(1980, 1, 1)
    assert _fields(record) == ["name", "joined_on", "education"]
    with pytest.raises(ApplicationError, match="姓名不能为空") as exc:
        rules.ensure(record, CONTEXT)
    assert exc.value.field == "name"
    # the row rules leave the union to the run
    inactive = rules.MemberContext(union=rules.UnionFacts(pk=7), today=TODAY)
    assert _fields(record, inactive)[0] == "union"
    assert "union" not in [f for f, _m in rules.problems(record, inactive, rules.ROW_RULES)]


def test_employer_index_prefers_the_uscc_and_the_first_of_a_shared_name():
    index = rules.employer_index([(1, None, "同名公司", "A1"), (2, None, "同名公司", "B2")])
    assert index["同名公司"][0] == 1 and index["B2"][0] == 2 and index[2][0] == 2


def test_the_rules_touch_no_database():
    # no `db` fixture: a query here would fail the test
    record = {"name": "张三", "ric": _ric(datetime.date(1990, 1, 1)), "employer": "甲电子有限公司"}
    assert rules.problems(record, CONTEXT) == []
