"""The rules of collective contracts (rules 37–42): term, filing, review, vote, women's
negotiator, renewal window, offers' answer; properties with hypothesis, edges by hand."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gonghui.democracy.rules import contracts as rules

DAYS = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))


@given(DAYS, st.integers(1, 3))
def test_a_term_of_one_to_three_years_is_accepted(start, years):
    assert rules.term_error(start, rules.term_end(start, years)) == ""


@given(DAYS, st.integers(1, 400))
def test_a_term_shorter_than_a_year_or_longer_than_three_is_refused(start, days):
    short = rules.term_end(start, 1) - datetime.timedelta(days=days)
    long = rules.term_end(start, 3) + datetime.timedelta(days=days)
    assert rules.term_error(start, short) and rules.term_error(start, long)


def test_term_end_is_the_day_before_the_anniversary():
    assert rules.term_end(datetime.date(2013, 3, 1), 1) == datetime.date(2014, 2, 28)
    assert rules.term_end(datetime.date(2012, 2, 29), 1) == datetime.date(2013, 2, 27)
    assert "期满日期须晚于" in rules.term_error(
        datetime.date(2013, 3, 1), datetime.date(2013, 3, 1)
    )


@given(DAYS, st.integers(0, 60), st.sampled_from(["wage", "general", "women", "safety"]))
def test_filing_is_late_only_past_10_days_or_7_for_a_wage_contract(signed, after, kind):
    submitted = signed + datetime.timedelta(days=after)
    limit = 7 if kind == "wage" else 10
    assert rules.filing_late_days(kind, signed, submitted) == max(0, after - limit)
    assert bool(rules.filing_warning(kind, signed, submitted)) == (after > limit)


def test_filing_edges():
    signed = datetime.date(2013, 5, 1)
    assert rules.filing_warning("wage", signed, datetime.date(2013, 5, 8)) == ""
    assert "1天" in rules.filing_warning("wage", signed, datetime.date(2013, 5, 9))
    assert rules.filing_warning("general", signed, datetime.date(2013, 5, 11)) == ""


@given(DAYS, st.integers(0, 40))
def test_review_takes_effect_at_filing_plus_15_days(submitted, days):
    today = submitted + datetime.timedelta(days=days)
    assert rules.effective_date(submitted) == submitted + datetime.timedelta(days=15)
    assert rules.may_take_effect(submitted, today) == (days >= 15)
    assert rules.objection_in_time(submitted, today) == (days <= 15)


@given(st.integers(1, 2000), st.data())
def test_a_vote_passes_with_two_thirds_attending_and_more_than_half_of_all_for(total, data):
    attended = data.draw(st.integers(0, total))
    for_ = data.draw(st.integers(0, attended))
    field, error = rules.vote_error(total, attended, for_)
    passes = attended * 3 >= total * 2 and for_ * 2 > total
    assert (error == "") == passes
    if not passes:
        assert field in ("vote_attended", "vote_for")


def test_vote_edges():
    assert rules.vote_error(30, 20, 16) == ("", "")  # exactly 2/3 attend, 16 > 15
    assert rules.vote_error(30, 19, 19)[0] == "vote_attended"  # fewer than 2/3
    assert rules.vote_error(30, 30, 15)[0] == "vote_for"  # half is not more than half
    assert rules.vote_error(30, 31, 10)[0] == "vote_attended"
    assert rules.vote_error(None, 1, 1)[0] == "vote_total"


def test_a_womens_contract_needs_a_woman_negotiator():
    assert rules.women_negotiator_error("women", 0, 5)
    assert rules.women_negotiator_error("women", 1, 5) == ""
    assert rules.women_negotiator_error("wage", 0, 5) == ""
    assert rules.women_negotiator_error("wage", 6, 5)


@given(DAYS)
def test_renewal_opens_three_months_before_expiry(ends):
    opens = rules.renewal_opens(ends)
    assert 89 <= (ends - opens).days <= 92
    assert rules.may_renew(ends, opens) and not rules.may_renew(ends, opens - datetime.timedelta(1))


def test_renewal_window_at_a_months_end():
    assert rules.renewal_opens(datetime.date(2014, 5, 31)) == datetime.date(2014, 2, 28)


@given(DAYS, st.integers(0, 60), st.booleans())
def test_an_offer_is_overdue_after_20_days_without_an_answer(sent, days, answered):
    due = rules.answer_due(sent)
    today = sent + datetime.timedelta(days=days)
    assert due == sent + datetime.timedelta(days=20)
    assert rules.answer_overdue(due, answered, today) == (not answered and days > 20)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_the_rate_has_one_decimal_and_no_denominator_no_value(num, den):
    value = rules.rate(min(num, den), den)
    if den == 0:
        assert value is None
    else:
        assert 0 <= value <= 100 and value == round(value, 1)
    assert rules.rate(17, 20) == 85 and str(rules.rate(1, 16)) == "6.3"
