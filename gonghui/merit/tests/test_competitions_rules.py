"""Competition rules: ranks from scores ("1, 2, 2, 4"), the events typed as a list, and the
checks of a competition, an entry and a contestant."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.members.tests.factories import new_ric
from gonghui.merit.choices import CompetitionKind, CompetitionState
from gonghui.merit.rules import competitions as rules

scores = st.lists(
    st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False),
    ),
    max_size=30,
)


def test_ties_share_a_rank_and_the_next_skips():
    got = rules.ranks([Decimal("90"), Decimal("95"), Decimal("90"), Decimal("80"), None])
    assert got == [2, 1, 2, 4, None]
    assert rules.ranks([Decimal(5)] * 3 + [Decimal(1)]) == [1, 1, 1, 4]
    assert rules.ranks([]) == []


@given(scores)
def test_a_rank_is_one_plus_the_number_of_better_scores(values):
    got = rules.ranks(values)
    for score, rank in zip(values, got, strict=True):
        if score is None:
            assert rank is None
        else:
            assert rank == 1 + sum(1 for other in values if other is not None and other > score)


@given(scores)
def test_higher_scores_never_rank_below_lower_ones(values):
    got = rules.ranks(values)
    pairs = [(s, r) for s, r in zip(values, got, strict=True) if s is not None]
    for s1, r1 in pairs:
        for s2, r2 in pairs:
            if s1 > s2:
                assert r1 < r2
            if s1 == s2:
                assert r1 == r2
    if pairs:
        assert min(r for _s, r in pairs) == 1
        assert max(r for _s, r in pairs) <= len(pairs)


@given(st.lists(st.text(alphabet="焊工护理员 、，\n", max_size=8), max_size=10))
def test_events_are_split_trimmed_and_each_once(parts):
    got = rules.split_events("\n".join(parts))
    assert len(got) == len(set(got))
    assert all(e and e == " ".join(e.split()) for e in got)
    assert all(not set(e) & set("、，\n") for e in got)


def test_the_reports_trades_are_read_from_one_line():
    text = "养老护理员、家政服务员、焊工、数控机床装调维修工、焊工"
    assert rules.split_events(text) == ["养老护理员", "家政服务员", "焊工", "数控机床装调维修工"]


def _facts(**changes):
    values = {
        "kind": CompetitionKind.SKILLS,
        "name": "技能竞赛",
        "year": 2013,
        "starts_on": datetime.date(2013, 9, 1),
    }
    return rules.CompetitionFacts(**{**values, **changes})


def test_a_competition_is_checked():
    assert rules.competition_problems(_facts()) == []
    assert ("industry", "行业劳动竞赛须填写行业（如建设、教育、卫生、旅游）。") in (
        rules.competition_problems(_facts(kind=CompetitionKind.INDUSTRY))
    )
    bad = dict(rules.competition_problems(_facts(name=" ", starts_on=datetime.date(2014, 1, 1))))
    assert bad["name"] == "请填写竞赛名称。"
    assert bad["starts_on"] == "开始日期应在2013年内。"
    ends = rules.competition_problems(_facts(ends_on=datetime.date(2013, 8, 1)))
    assert ends == [("ends_on", "结束日期不能早于开始日期。")]


def test_the_states_go_planned_running_finished():
    assert rules.move_problem(CompetitionState.PLANNED, CompetitionState.RUNNING) == ""
    assert rules.move_problem(CompetitionState.RUNNING, CompetitionState.FINISHED) == ""
    assert rules.move_problem(CompetitionState.PLANNED, CompetitionState.FINISHED) == (
        "竞赛当前为「筹备中」，不能改为「已结束」。"
    )


def test_an_event_with_contestants_is_not_removed():
    assert rules.removed_events_problem(["焊工", "电工"], ["焊工"]) == (
        "工种或项目「焊工」已有参赛选手，不能删除。"
    )
    assert rules.removed_events_problem(["电工"], ["焊工"]) == ""


def test_an_entry_is_checked():
    assert rules.entry_problems(rules.EntryRow(employer_id=1, workers=25)) == []
    bad = dict(rules.entry_problems(rules.EntryRow(employer_id=None, workers=-1, team="班" * 101)))
    assert set(bad) == {"employer", "workers", "team"}


@given(st.integers(min_value=-10, max_value=rules.WORKERS_MAX + 10))
def test_workers_are_counted_from_zero_to_the_bound(workers):
    problems = rules.entry_problems(rules.EntryRow(employer_id=1, workers=workers))
    assert (problems == []) == (0 <= workers <= rules.WORKERS_MAX)


CONTEXT = rules.ContestantContext(events=frozenset({"焊工", "养老护理员"}))


def test_a_contestant_is_checked_against_the_competitions_events():
    good = rules.ContestantRow(event="焊工", name="王焊工", ric=new_ric(), score=Decimal("92.5"))
    assert rules.contestant_problems(good, CONTEXT) == []
    bad = dict(
        rules.contestant_problems(
            rules.ContestantRow(event="电工", name="", ric="44011319900517123", rank=0), CONTEXT
        )
    )
    assert bad["event"] == "本竞赛没有工种或项目「电工」（现有：养老护理员、焊工）。"
    assert bad["name"] == "请填写选手姓名。"
    assert bad["ric"] == "身份证号应为18位，现为17位。"
    assert bad["rank"] == "名次应为正整数。"


def test_only_those_sent_on_have_a_result_at_the_next_level():
    row = rules.ContestantRow(event="焊工", name="王焊工", next_rank=1)
    assert rules.contestant_problems(row, CONTEXT) == [
        ("sent_on", "未选送上级比赛的选手不能登记上级比赛成绩。")
    ]
    sent = rules.ContestantRow(event="焊工", name="王焊工", sent_on=True, next_rank=1)
    assert rules.contestant_problems(sent, CONTEXT) == []
    assert rules.is_winner(1) and not rules.is_winner(2) and not rules.is_winner(None)


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_a_score_is_a_finite_number_in_range_with_two_places(score):
    ok = (
        score.is_finite()
        and rules.SCORE_MIN <= score <= rules.SCORE_MAX
        and score == score.quantize(Decimal("0.01"))
    )
    assert (rules.score_problem(score) == "") == ok
