"""Rules of delegations (pure): its values, event names (several at once, unique), an
athlete's events, a prize (an athlete's only in an event they entered)."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gonghui.activities.rules import delegations as rules

GAMES = "田径、游泳、羽毛球、乒乓球、篮球、足球、排球、象棋、围棋、拔河、跳绳、龙舟、门球"


def values(**changes):
    return {
        "name": "番禺区代表团",
        "event_name": "广州市第八届职工运动会",
        "host": "广州市总工会",
        "year": 2013,
        "starts_on": datetime.date(2013, 10, 1),
        "ends_on": datetime.date(2013, 11, 30),
    } | changes


def test_a_whole_delegation_passes_and_each_gap_is_named():
    assert rules.delegation_problems(**values()) == []
    assert rules.delegation_problems(**values(name=" ")) == [("name", "请填写代表团名称。")]
    assert rules.delegation_problems(**values(starts_on=datetime.date(2014, 1, 2)))[0] == (
        "starts_on",
        "开始日期应在2013年内（与年度一致）。",
    )


@given(
    start=st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
    days=st.integers(-30, 30),
)
def test_the_end_is_never_before_the_start(start, days):
    end = start + datetime.timedelta(days=days)
    problems = dict(
        rules.delegation_problems(**values(year=start.year, starts_on=start, ends_on=end))
    )
    assert ("ends_on" in problems) == (days < 0)


def test_the_thirteen_events_of_the_games_come_from_one_line():
    names = rules.event_names(GAMES)
    assert len(names) == 13 and names[0] == "田径" and names[-1] == "门球"
    assert rules.events_problems(names) == []
    assert rules.events_problems(["游泳"], names) == [("events", "已有比赛项目「游泳」。")]


@given(st.lists(st.sampled_from(["田径", " 田径", "游泳", "", "  ", "象棋\r"]), max_size=12))
def test_event_names_are_clean_unique_and_in_order(raw):
    names = rules.event_names(raw)
    assert len(names) == len(set(names))
    assert all(n and n == n.strip() for n in names)
    firsts = [rules.clean_text(r) for r in raw if rules.clean_text(r)]
    assert names == list(dict.fromkeys(firsts))


@given(
    chosen=st.sets(st.integers(1, 20), max_size=6),
    own=st.sets(st.integers(1, 20), max_size=10),
)
def test_an_athlete_enters_only_the_delegations_events(chosen, own):
    assert bool(rules.athlete_events_problems(chosen, own)) == (not chosen <= own)


@given(
    event=st.integers(1, 10),
    entered=st.one_of(st.none(), st.sets(st.integers(1, 10), max_size=5)),
)
def test_an_athletes_prize_is_in_an_event_they_entered(event, entered):
    problems = rules.prize_problems(
        prize="第一名",
        event_id=event,
        athlete_events=entered,
        athlete_name="张三",
        event_name="游泳",
    )
    assert bool(problems) == (entered is not None and event not in entered)
    if problems:
        assert problems[0] == ("athlete", "张三没有报名参加「游泳」，不能记为该项目的个人奖项。")
