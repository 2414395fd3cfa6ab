"""The registration rules (MERIT-4), as properties: confirmed while there is room, the
waiting list moves up in order of arrival, positions never repeat, the window and who may
register."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gonghui.activities.choices import ActivityState, RegistrationState
from gonghui.activities.rules import activities as rules

capacities = st.one_of(st.none(), st.integers(min_value=1, max_value=8))


@given(capacities, st.integers(min_value=0, max_value=20))
def test_confirmed_while_there_is_room(capacity, confirmed):
    state = rules.new_registration_state(capacity, confirmed)
    room = capacity is None or confirmed < capacity
    assert (state == RegistrationState.CONFIRMED) == room
    assert state in (RegistrationState.CONFIRMED, RegistrationState.WAITLISTED)


@given(st.lists(st.integers(min_value=1, max_value=10_000)))
def test_a_new_position_is_after_every_position_given(positions):
    new = rules.next_position(positions)
    assert new not in positions and all(new > p for p in positions) and new >= 1


@given(capacities, st.integers(min_value=0, max_value=8), st.sets(st.integers(1, 100)))
def test_promotions_are_the_first_waiting_as_many_as_free_places(capacity, confirmed, waiting):
    moving = rules.promotions(capacity, confirmed, list(waiting))
    ordered = sorted(waiting)
    assert moving == ordered[: len(moving)]  # the first ones, in order
    if capacity is None:
        assert moving == ordered
    else:
        assert len(moving) == min(max(capacity - confirmed, 0), len(waiting))


# A run of registrations and cancellations against the rules: the confirmed never pass the
# capacity, nobody waits while a place is free, and those confirmed from the waiting list
# are always the earliest waiting.
operations = st.lists(
    st.one_of(st.just(("register", 0)), st.tuples(st.just("cancel"), st.integers(0, 30))),
    max_size=40,
)


@given(st.integers(min_value=1, max_value=5), operations)
def test_a_run_of_registrations_and_cancellations_keeps_the_invariants(capacity, ops):
    rows: dict[int, str] = {}  # position -> state
    for op, pick in ops:
        if op == "register":
            confirmed = sum(1 for s in rows.values() if s == "confirmed")
            rows[rules.next_position(rows)] = rules.new_registration_state(capacity, confirmed)
        else:
            live = sorted(p for p, s in rows.items() if s != "cancelled")
            if not live:
                continue
            rows[live[pick % len(live)]] = "cancelled"
            confirmed = sum(1 for s in rows.values() if s == "confirmed")
            waiting = [p for p, s in rows.items() if s == "waitlisted"]
            for position in rules.promotions(capacity, confirmed, waiting):
                rows[position] = "confirmed"
        confirmed = [p for p, s in rows.items() if s == "confirmed"]
        waiting = [p for p, s in rows.items() if s == "waitlisted"]
        assert len(confirmed) <= capacity
        assert not waiting or len(confirmed) == capacity
        # whoever waits came after... not necessarily all the confirmed (a cancellation
        # frees an early place), but the waiting are in arrival order behind each other
        assert [rules.waitlist_rank(p, waiting) for p in sorted(waiting)] == list(
            range(1, len(waiting) + 1)
        )


DAY = datetime.date(2026, 12, 10)
dates = st.one_of(st.none(), st.dates(datetime.date(2026, 11, 1), datetime.date(2027, 1, 31)))


@given(st.sampled_from(ActivityState.values), dates, dates, dates)
def test_registration_is_open_only_in_state_open_and_inside_the_window(state, opens, closes, day):
    day = day or DAY
    problem = rules.window_problem(state, opens, closes, day)
    inside = (opens is None or opens <= day) and (closes is None or day <= closes)
    assert (problem is None) == (state == ActivityState.OPEN and inside)
    if problem:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in problem)  # said in Chinese


@given(st.booleans(), st.booleans(), st.booleans())
def test_eligibility_active_in_the_subtree_and_not_registered(active, inside, registered):
    problem = rules.eligibility_problem(
        name="王五",
        active=active,
        member_path="/1/2/5/" if inside else "/1/3/7/",
        organizer_path="/1/2/",
        registered=registered,
    )
    assert (problem is None) == (active and inside and not registered)
    if problem:
        assert "王五" in problem


def test_activity_problems_name_the_field():
    starts = datetime.datetime(2026, 12, 20, 9, 0)
    problems = rules.activity_problems(
        name=" ",
        starts_at=starts,
        ends_at=starts - datetime.timedelta(hours=1),
        capacity=0,
        opens_on=datetime.date(2026, 12, 10),
        closes_on=datetime.date(2026, 12, 21),
    )
    fields = [field for field, _ in problems]
    assert fields == ["name", "ends_at", "capacity", "registration_closes_on"]
    assert rules.activity_problems(
        name="篮球赛",
        starts_at=starts,
        ends_at=None,
        capacity=3,
        opens_on=None,
        closes_on=None,
        confirmed=5,
    ) == [("capacity", "已有5人确认报名，名额不能少于5人。")]


def test_transitions_from_each_state():
    assert rules.transition_problem("publish", ActivityState.DRAFT) is None
    assert "不能截止报名" in rules.transition_problem("close", ActivityState.DRAFT)
    assert rules.transition_problem("finish", ActivityState.CLOSED) is None
    assert rules.transition_problem("cancel", ActivityState.FINISHED) is not None
