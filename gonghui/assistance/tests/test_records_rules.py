"""The pure rules of service records and in-kind deliveries (rules/records.py, rules/people.py)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.assistance.choices import Recipient, ServiceKind
from gonghui.assistance.rules.people import name_checked, name_mismatch, ric_number
from gonghui.assistance.rules.records import (
    EARLIEST,
    RecordFacts,
    held_on_problem,
    named_totals,
    record_problems,
)
from gonghui.core.errors import ApplicationError
from gonghui.core.money import money
from gonghui.members.tests.factories import new_ric

TODAY = datetime.date(2026, 12, 1)
amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


def facts(**changes) -> RecordFacts:
    base = {"kind": ServiceKind.HEALTH_CHECK, "title": "免费体检", "held_on": TODAY}
    return RecordFacts(**(base | changes))


def fields(problems) -> set[str]:
    return {field for field, _ in problems}


def test_a_plain_service_breaks_no_rule():
    assert record_problems(facts(head_count=8000), TODAY) == []


@given(st.dates(min_value=EARLIEST, max_value=TODAY))
def test_any_day_from_2000_to_today_is_taken(day):
    assert held_on_problem(day, TODAY) is None


@given(st.dates(min_value=TODAY + datetime.timedelta(days=1)))
def test_a_day_after_today_is_refused(day):
    assert "不能晚于今天" in held_on_problem(day, TODAY)


@given(st.dates(max_value=EARLIEST - datetime.timedelta(days=1)))
def test_a_day_before_2000_is_refused(day):
    assert "不能早于2000年" in held_on_problem(day, TODAY)


def test_a_record_without_a_date_or_title_or_kind_is_refused():
    problems = record_problems(facts(held_on=None, title=" ", kind="x"), TODAY)
    assert fields(problems) == {"held_on", "title", "kind"}


def test_an_in_kind_delivery_needs_item_quantity_and_value():
    problems = record_problems(facts(kind=ServiceKind.IN_KIND), TODAY)
    assert fields(problems) == {"item", "quantity", "value"}
    assert "物品名称" in dict(problems)["item"]


@given(st.integers(min_value=1, max_value=10**6), amounts.filter(lambda v: v > 0))
def test_an_in_kind_delivery_with_item_quantity_and_value_is_taken(quantity, value):
    given_facts = facts(
        kind=ServiceKind.IN_KIND, item="防暑降温用品", quantity=quantity, value=value
    )
    assert record_problems(given_facts, TODAY) == []


@pytest.mark.parametrize(
    ("recipient", "field"),
    [
        (Recipient.EMPLOYER, "employer"),
        (Recipient.SITE, "site"),
        (Recipient.UNION, "recipient_union"),
    ],
)
def test_a_delivery_to_an_employer_site_or_union_names_it(recipient, field):
    assert fields(record_problems(facts(recipient=recipient), TODAY)) == {field}


def test_a_delivery_naming_its_recipient_is_taken():
    assert record_problems(facts(recipient=Recipient.EMPLOYER, employer_id=3), TODAY) == []
    assert record_problems(facts(recipient=Recipient.SITE, site="某工地"), TODAY) == []
    assert record_problems(facts(recipient=Recipient.UNION, recipient_union_id=4), TODAY) == []


def test_an_unknown_recipient_is_refused():
    assert fields(record_problems(facts(recipient="bank"), TODAY)) == {"recipient"}


def test_a_program_of_another_year_is_refused():
    problems = dict(record_problems(facts(program_year=2025), TODAY))
    assert "2025年度" in problems["program"]
    assert record_problems(facts(program_year=2026), TODAY) == []


def test_negative_counts_are_refused():
    assert fields(record_problems(facts(quantity=-1, head_count=-2), TODAY)) == {
        "quantity",
        "head_count",
    }


@given(st.lists(amounts, max_size=50))
def test_named_totals_are_the_number_and_the_sum(values):
    count, total = named_totals(values)
    assert count == len(values)
    assert total == money(sum(values, Decimal(0)))


def test_a_name_is_checked_as_the_member_rules_do():
    assert name_checked(" 张三 ") == "张三"
    with pytest.raises(ApplicationError, match="请填写姓名") as empty:
        name_checked("", field="name")
    assert empty.value.field == "name"
    with pytest.raises(ApplicationError, match="2至50个"):
        name_checked("张")


def test_a_ric_must_be_whole_and_valid():
    number = new_ric()
    assert ric_number(number.lower()) == number
    with pytest.raises(ApplicationError, match="请填写身份证号"):
        ric_number(" ")
    with pytest.raises(ApplicationError) as wrong:
        ric_number(number[:-1] + ("0" if number[-1] != "0" else "1"), field="ric")
    assert wrong.value.field == "ric"


def test_a_name_that_is_not_the_members_is_said():
    assert name_mismatch("张三", "张三") is None
    assert "李四" in name_mismatch("张三", "李四")
