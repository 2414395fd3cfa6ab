"""The rules of §8 (rules.congress): the quorum, the delegates' minimum, the soft rules'
warnings, the hard limits, open affairs' required items; by hand and with hypothesis."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gonghui.democracy.choices import CongressForm, DisclosureItem, DisclosureMethod, Frequency
from gonghui.democracy.rules import congress as rules

counts = st.integers(min_value=0, max_value=5000)


def test_the_quorum_by_hand():
    assert rules.is_quorate(60, 40) and not rules.is_quorate(60, 39)
    assert rules.is_quorate(3, 2) and not rules.is_quorate(3, 1)
    assert not rules.is_quorate(0, 0)  # nobody due: no session
    assert not rules.is_quorate(10, 11)  # more than due is no quorum, it is an error


@given(due=st.integers(min_value=1, max_value=10_000), attended=counts)
def test_the_quorum_is_two_thirds(due, attended):
    expected = attended <= due and attended / due >= 2 / 3 - 1e-12
    assert rules.is_quorate(due, attended) == expected
    if rules.is_quorate(due, attended) and attended < due:
        assert rules.is_quorate(due, attended + 1)  # more attending never loses the quorum


def test_the_delegates_minimum_by_hand():
    assert rules.delegates_required(99) is None
    assert rules.delegates_required(100) == 30
    assert rules.delegates_required(600) == 30
    assert rules.delegates_required(601) == 31  # 5% of 601 = 30.05
    assert rules.delegates_required(2000) == 100


@given(workers=st.integers(min_value=100, max_value=200_000))
def test_the_delegates_minimum(workers):
    need = rules.delegates_required(workers)
    assert need >= 30 and need >= workers * 0.05
    assert need == 30 or need - 1 < workers * 0.05  # the least that is enough


def _session(**kw):
    base = {"form": CongressForm.CONGRESS, "workers": 800, "due": 60, "attended": 50,
            "frontline": 40, "managers": 8, "women": 25}  # fmt: skip
    return rules.Session(**{**base, **kw})


def test_a_good_session_has_no_errors_nor_warnings():
    assert rules.session_errors(_session()) == {}
    assert rules.session_warnings(_session()) == []
    assert rules.women_share(_session()) == Decimal("41.7")


def test_the_hard_limits_name_their_field():
    assert "delegates_attended" in rules.session_errors(_session(attended=61))
    assert "delegates_total" in rules.session_errors(_session(due=0, attended=0))
    assert "delegates_total" in rules.session_errors(_session(workers=50))
    assert "women_delegates" in rules.session_errors(_session(women=61))
    assert "manager_delegates" in rules.session_errors(_session(frontline=55, managers=8))
    assert "form" in rules.session_errors(_session(form="meeting"))


def test_the_soft_rules_warn():
    said = " ".join(rules.session_warnings(_session(attended=39)))
    assert "不足应到60人的三分之二" in said
    assert "代表应不少于40人" in " ".join(rules.session_warnings(_session(workers=800, due=35,
                                                                         attended=30,
                                                                         frontline=20,
                                                                         managers=5)))  # fmt: skip
    assert "不超过20%" in " ".join(rules.session_warnings(_session(managers=13)))
    assert "应超过半数" in " ".join(rules.session_warnings(_session(frontline=30)))
    assert "一般召开职工大会" in " ".join(rules.session_warnings(_session(workers=80, due=60)))
    assembly = _session(form=CongressForm.ASSEMBLY, workers=300, due=300, attended=250,
                        frontline=200, managers=20)  # fmt: skip
    assert "一般应召开职工代表大会" in " ".join(rules.session_warnings(assembly))


@given(workers=counts, due=counts, attended=counts, frontline=counts, managers=counts, women=counts)
def test_a_session_is_refused_or_its_numbers_hold(workers, due, attended, frontline, managers,
                                                  women):  # fmt: skip
    s = rules.Session(CongressForm.CONGRESS, workers, due, attended, frontline, managers, women)
    if not rules.session_errors(s):
        assert due >= 1 and attended <= due and women <= due
        assert frontline + managers <= due and (not workers or due <= workers)
        warned = any("三分之二" in w for w in rules.session_warnings(s))
        assert warned == (not rules.is_quorate(due, attended))
        need = rules.delegates_required(workers)
        short = need is not None and due < need
        assert short == any("代表应不少于" in w for w in rules.session_warnings(s))
        assert (managers * 5 > due) == any("20%" in w for w in rules.session_warnings(s))
        assert abs(float(rules.women_share(s)) - 100 * women / due) <= 0.05 + 1e-9


REQUIRED = [str(i) for i in rules.REQUIRED_ITEMS]


def test_open_affairs_by_hand():
    assert rules.open_affairs_established(REQUIRED, [DisclosureMethod.BOARD])
    assert not rules.open_affairs_established(REQUIRED, [])
    assert not rules.open_affairs_established(REQUIRED[1:], [DisclosureMethod.BOARD])
    assert rules.missing_items([DisclosureItem.HIRING]) == list(rules.REQUIRED_ITEMS[1:])
    warned = rules.open_affairs_warnings([DisclosureItem.OPERATIONS], [], False)
    assert "社会保险和企业年金缴纳" in warned[0] and len(warned) == 3
    assert rules.open_affairs_errors([], [], Frequency.MONTHLY) == {
        "items": "请至少勾选一项公开事项。"
    }
    assert "frequency" in rules.open_affairs_errors(REQUIRED, [], "daily")
    assert "items" in rules.open_affairs_errors(["dividends"], [], Frequency.MONTHLY)


@given(
    items=st.lists(st.sampled_from(DisclosureItem.values), unique=True),
    methods=st.lists(st.sampled_from(DisclosureMethod.values), unique=True),
)
def test_open_affairs_needs_every_required_item_and_a_method(items, methods):
    expected = set(REQUIRED) <= set(items) and bool(methods)
    assert rules.open_affairs_established(items, methods) == expected
    assert set(rules.missing_items(items)) == set(REQUIRED) - set(items)
