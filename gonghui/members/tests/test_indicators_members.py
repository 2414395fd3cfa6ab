"""The members' indicators (issue #13): members standing and new, members standing by flag,
hand-checked on a small roster; their drill-down lists hold exactly the rows counted; the
children add up to the parent; the services' writes move the figures."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.clock import today
from gonghui.core.indicators import OWN, Figure, Period, breakdown, figure, indicator, rows
from gonghui.members import services
from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.orgs.tests.factories import make_org

pytestmark = pytest.mark.django_db
D = datetime.date
Y2013, Y2014 = Period.year(2013), Period.year(2014)
CODES = {
    "total": "members.members.total",
    "new": "members.members.new",
    "migrant": "members.members.migrant",
    "dispatched": "members.members.dispatched",
    "new_form": "members.members.new_form",
    "model_worker": "members.members.model_worker",
}
FLAGS = {
    "migrant": "is_migrant_worker",
    "dispatched": "is_dispatched",
    "new_form": "is_new_form_worker",
    "model_worker": "is_model_worker",
}


@pytest.fixture
def factory_roster(world):
    """A factory's members in town A (one union) and two in town B, around 2013."""
    a, b = world.union_a, world.union_b
    left = {"status": "left"}
    make_member(a, name="甲一", joined_on=D(2012, 5, 1), is_migrant_worker=True)
    make_member(a, name="甲二", joined_on=D(2013, 3, 1), is_migrant_worker=True, is_dispatched=True)
    make_member(a, name="甲三", joined_on=D(2013, 6, 1), left_on=D(2013, 10, 1), is_model_worker=True, **left)  # fmt: skip
    make_member(a, name="甲四", joined_on=D(2013, 7, 1), left_on=D(2014, 2, 1), is_new_form_worker=True, **left)  # fmt: skip
    make_member(a, name="甲五", joined_on=D(2014, 1, 5), is_model_worker=True)
    make_member(a, name="甲六", joined_on=D(2010, 1, 1), status="retained", is_new_form_worker=True)
    make_member(b, name="乙一", joined_on=D(2013, 12, 31), is_migrant_worker=True, is_model_worker=True)  # fmt: skip
    make_member(b, name="乙二", joined_on=D(2014, 1, 1), is_migrant_worker=True)


def _value(code: str, user, period: Period, org) -> int:
    return figure(indicator(CODES[code]), user=user, period=period, org_path=org.path).value


def test_the_figures_of_2013_by_hand(world, factory_roster):
    district = {
        "total": 5,  # 甲一 甲二 甲四 (left in 2014) 甲六 (retained) 乙一
        "new": 4,  # 甲二 甲三 (left since) 甲四 乙一
        "migrant": 3,  # 甲一 甲二 乙一
        "dispatched": 1,  # 甲二
        "new_form": 2,  # 甲四 甲六
        "model_worker": 1,  # 乙一; 甲三 left in 2013, 甲五 joined in 2014
    }
    town_a = {"total": 4, "new": 3, "migrant": 2, "dispatched": 1, "new_form": 2, "model_worker": 0}
    for code, expected in district.items():
        assert _value(code, world.admin, Y2013, world.district) == expected, code
    for code, expected in town_a.items():
        assert _value(code, world.admin, Y2013, world.town_a) == expected, code
        # a town's staff count their own town whatever subtree they name
        assert _value(code, world.town_a_user, Y2013, world.district) == expected, code


def test_the_stock_is_taken_at_the_periods_end(world, factory_roster):
    # 2014: 甲四 has left, 甲五 and 乙二 joined
    assert _value("total", world.admin, Y2014, world.district) == 6
    assert _value("model_worker", world.admin, Y2014, world.district) == 2
    assert _value("new_form", world.admin, Y2014, world.district) == 1
    # the middle of 2013: 甲三 had not left yet; 乙一 had not joined
    june = Period.month(2013, 6)
    assert _value("total", world.admin, june, world.district) == 4
    assert _value("model_worker", world.admin, june, world.district) == 1
    assert _value("new", world.admin, june, world.district) == 1


def test_a_role_without_the_permission_counts_nothing(world, factory_roster):
    for code in CODES:
        assert _value(code, world.lawyer_a, Y2013, world.town_a) == 0


def _list_rows(client, url: str) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.context["filter_form"].field_errors() == []
    # the queryset the page pages through, not its capped label
    return set(response.context["page"].paginator.object_list.values_list("pk", flat=True))


@pytest.mark.parametrize("code", list(CODES))
def test_each_figure_drills_down_to_exactly_its_rows(world, factory_roster, client_for, code):
    union_a2 = make_org(world.town_a, OrgKind.GRASSROOTS, "丙公司工会委员会")
    make_member(union_a2, name="丙一", joined_on=D(2013, 8, 8), is_dispatched=True, is_migrant_worker=True, is_model_worker=True, is_new_form_worker=True)  # fmt: skip
    ind = indicator(CODES[code])
    cases = [
        (world.admin, world.district.path),
        (world.admin, world.town_a.path),
        (world.admin, world.union_a.path),
        (world.admin, world.town_b.path),
        (world.admin, "/"),
        (world.town_a_user, world.town_a.path),
        (world.town_a_user, world.district.path),  # the scope narrows the list alike
    ]
    for user, path in cases:
        client = client_for(user)
        for period in (Y2013, Y2014, Period.month(2013, 6)):
            counted = figure(ind, user=user, period=period, org_path=path).value
            expected = rows(ind.measure, user=user, permission=ind.permission, period=period, org_path=path)  # fmt: skip
            listed = _list_rows(client, ind.measure.list_url(period, path))
            assert len(listed) == counted, (code, user.username, path, period)
            assert listed == set(expected.values_list("pk", flat=True))
    # the figures are not all nothing: the drill-down was tried on rows
    assert figure(ind, user=world.admin, period=Y2013, org_path=world.district.path).value > 0


def test_the_drill_down_says_its_filters_and_keeps_the_bars(world, factory_roster, client_for):
    url = indicator(CODES["migrant"]).measure.list_url(Y2013, world.town_a.path)
    client = client_for(world.admin)
    page = client.get(url).content.decode()
    assert "市桥街道总工会及其下属" in page and "2013-12-31 在册" in page
    # another filter of the bar keeps the drill-down's (hidden) ones
    assert names(client, f"{url}&sex=M") == {"甲一", "甲二"}
    flow = indicator(CODES["new"]).measure.list_url(Y2013, world.district.path)
    assert "入会日期 2013-01-01 至 2013-12-31" in client.get(flow).content.decode()


def names(client, url: str) -> set[str]:
    return {m.name for m in client.get(url).context["page"]}


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("standing_on=2013-13-01", "在册日期应为日期"),
        ("joined_from=abc", "入会日期起应为日期"),
        ("joined_from=2013-05-01&joined_to=2013-01-01", "入会日期止不能早于入会日期起"),
        ("org=abc", "组织编号须为正整数"),
        ("org=-3", "组织编号须为正整数"),
    ],
)
def test_a_bad_drill_down_filter_is_said_and_the_list_unfiltered(
    world, factory_roster, client_for, query, said
):
    response = client_for(world.admin).get(f"/members/?{query}")
    assert response.status_code == 200
    assert said in response.content.decode()
    assert response.context["page"].paginator.object_list.count() == Member.objects.count()


def test_an_organization_out_of_scope_lists_nothing(world, factory_roster, client_for):
    client = client_for(world.town_a_user)
    assert _list_rows(client, f"/members/?org={world.town_b.pk}") == set()
    assert _list_rows(client, "/members/?org=999999") == set()
    assert "不在您的管理范围内" in client.get(f"/members/?org={world.town_b.pk}").content.decode()


# ---- the children add up to the parent -----------------------------------------------------

member_rows = st.lists(
    st.tuples(
        st.integers(0, 3),  # which union
        st.integers(2012, 2014),  # year joined
        st.integers(1, 12),  # month joined
        st.one_of(st.none(), st.integers(1, 30)),  # left this many months later
        st.fixed_dictionaries({flag: st.booleans() for flag in FLAGS.values()}),
    ),
    max_size=12,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(members=member_rows)
def test_the_childrens_figures_add_up_to_the_parents(world, members):
    Member.objects.all().delete()
    # the examples share the test's database: one more union of town A, made once
    union_a2 = Organization.objects.filter(name="丙公司工会委员会").first() or make_org(
        world.town_a, OrgKind.GRASSROOTS, "丙公司工会委员会"
    )
    unions = [world.union_a, world.union_b, union_a2, world.town_a]  # the town's own: 本级
    end = Y2013.end
    expected = dict.fromkeys(CODES, 0)
    for n, (union, year, month, left_after, flags) in enumerate(members):
        joined = D(year, month, 1)
        left = None
        if left_after is not None:
            months = year * 12 + month - 1 + left_after
            left = D(months // 12, months % 12 + 1, 1)
        make_member(unions[union], name=f"会员{n}", joined_on=joined, left_on=left, **flags)
        standing = joined <= end and (left is None or left > end)
        expected["total"] += standing
        expected["new"] += joined.year == 2013
        for code, flag in FLAGS.items():
            expected[code] += standing and flags[flag]
    for code, name in CODES.items():
        parts = breakdown(indicator(name), user=world.admin, period=Y2013, org_path=world.district.path)  # fmt: skip
        assert parts.total.value == expected[code], code
        assert sum(f.value for f in parts.parts.values()) == parts.total.value, code
        town = breakdown(indicator(name), user=world.admin, period=Y2013, org_path=world.town_a.path)  # fmt: skip
        assert sum(f.value for f in town.parts.values()) == town.total.value, code
        assert town.total.value == parts.parts.get(world.town_a.pk, Figure(0)).value, code
        assert set(town.parts) <= {world.union_a.pk, union_a2.pk, OWN}


# ---- the services' writes move the figures -------------------------------------------------


def test_a_member_entered_and_one_who_leaves_move_the_figures(world):
    this_year = Period.year(today().year)

    def values() -> dict[str, int]:
        return {code: _value(code, world.town_a_user, this_year, world.town_a) for code in CODES}

    before = values()
    member = services.member_create(
        actor=world.town_a_user,
        union=world.union_a,
        ric=new_ric(),
        name="新会员",
        joined_on=today(),
        is_migrant_worker=True,
    )
    # The flag follows the model-worker registry (merit), set here as its sync does.
    Member.objects.filter(pk=member.pk).update(is_model_worker=True)
    entered = values()
    moved = {"total": 1, "new": 1, "migrant": 1, "model_worker": 1}
    assert entered == {code: before[code] + moved.get(code, 0) for code in CODES}
    member.refresh_from_db()
    services.member_leave(actor=world.town_a_user, member=member, version=member.version)
    left = values()
    # no longer standing at the year's end, but still new this year
    assert left == {**before, "new": before["new"] + 1}


def test_the_member_list_api_takes_the_drill_down_filters(world, factory_roster, client_for):
    """GET /api/v1/members with the drill-down's filters gives the rows the figure counts."""
    api = client_for(world.admin)
    for code, params in (
        ("total", "standing_on=2013-12-31"),
        ("new", "joined_from=2013-01-01&joined_to=2013-12-31"),
        ("migrant", "standing_on=2013-12-31&is_migrant_worker=true"),
    ):
        for org in (world.district, world.town_a):
            answer = api.get(f"/api/v1/members?org={org.pk}&{params}&status=")
            assert answer.status_code == 200, answer.content
            assert answer.json()["count"] == _value(code, world.admin, Y2013, org), (code, org)


def test_the_counts_and_their_breakdown_read_the_index_alone(world, factory_roster):
    """On SQLite the standing count and its breakdown by path are answered from the
    member_scope_joined index without reading a row (issue #13: 120-350 ms → 20-80 ms at
    district scale); PostgreSQL plans by its statistics, which a test table does not have."""
    from django.db import connection
    from django.db.models import Count

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's depends on table statistics")
    ind = indicator(CODES["migrant"])
    qs = rows(ind.measure, user=world.admin, permission=ind.permission, period=Y2013, org_path="/")
    plan = qs.values_list("org_path").annotate(n=Count("pk")).order_by().explain()
    assert "COVERING INDEX member_scope_joined" in plan, plan
