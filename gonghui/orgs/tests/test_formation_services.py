"""Formation (ORG-3): the dated threshold, the targets, contacts, and a founding that
creates the union under the town and moves the employer into the unionized set."""

import datetime

import pytest
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.core.registry import EmployerLead, registry
from gonghui.orgs import queries_formation, services_formation
from gonghui.orgs.choices import ContactMethod, ContactOutcome, OrgKind, UnionForm
from gonghui.orgs.models import Employer, FormationContact, FormationSetting, Founding
from gonghui.orgs.queries import subtree_counts
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def target(world):
    return EmployerFactory(name="丙塑料制品有限公司", town=world.town_b, headcount=80)


def _found(world, employer, actor=None, **extra):
    return services_formation.union_found(
        actor=actor or world.town_b_user,
        employer=employer,
        founded_on=extra.pop("founded_on", today()),
        first_chair="李四",
        founding_members=extra.pop("founding_members", 40),
        **extra,
    )


def test_threshold_is_25_until_set_then_follows_the_dates(world):
    assert queries_formation.formation_threshold(datetime.date(2013, 6, 1)) == 25
    FormationSetting.objects.create(effective_from=datetime.date(2014, 1, 1), min_headcount=50)
    FormationSetting.objects.create(effective_from=datetime.date(2016, 1, 1), min_headcount=10)
    assert queries_formation.formation_threshold(datetime.date(2013, 12, 31)) == 25
    assert queries_formation.formation_threshold(datetime.date(2014, 1, 1)) == 50
    assert queries_formation.formation_threshold(datetime.date(2015, 12, 31)) == 50
    assert queries_formation.formation_threshold(datetime.date(2020, 1, 1)) == 10


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    threshold=st.integers(min_value=1, max_value=200),
    headcounts=st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=6),
)
def test_targets_are_exactly_those_at_or_above_the_threshold(world, threshold, headcounts):
    Employer.objects.filter(union__isnull=True).delete()
    FormationSetting.objects.all().delete()
    FormationSetting.objects.create(effective_from=today() - DAY, min_headcount=threshold)
    made = [EmployerFactory(town=world.town_a, headcount=h) for h in headcounts]
    listed = set(queries_formation.formation_targets(user=world.admin).values_list("pk", flat=True))
    assert listed == {e.pk for e in made if e.headcount >= threshold}


def test_setting_is_district_only_and_audited(world):
    with pytest.raises(PermissionDenied):
        services_formation.formation_setting_set(
            actor=world.town_a_user, effective_from=today(), min_headcount=30
        )
    setting = services_formation.formation_setting_set(
        actor=world.admin, effective_from=today(), min_headcount=30, note="区总工会通知"
    )
    assert queries_formation.formation_threshold() == 30
    again = services_formation.formation_setting_set(
        actor=world.admin, effective_from=today(), min_headcount=40
    )
    assert again.pk == setting.pk and queries_formation.formation_threshold() == 40
    entry = AuditEntry.objects.filter(action="orgs.formation_setting.set").first()
    assert entry.data["min_headcount"] == [30, 40]
    with pytest.raises(ApplicationError) as exc:
        services_formation.formation_setting_set(
            actor=world.admin, effective_from=today(), min_headcount=0
        )
    assert exc.value.field == "min_headcount"


def test_a_town_sees_only_its_own_targets(world, target):
    other = EmployerFactory(town=world.town_a, headcount=300)
    assert list(queries_formation.formation_targets(user=world.town_b_user)) == [target]
    district = set(queries_formation.formation_targets(user=world.admin))
    assert {target, other} <= district
    assert world.employer_a not in district  # has a union


def test_leads_come_first_and_are_flagged(world, target):
    small = EmployerFactory(town=world.town_b, headcount=30)
    registry["employer_leads"]["test.leads"] = EmployerLead(
        "test.leads", "测试线索", lambda: Employer.objects.filter(pk=small.pk).values("pk")
    )
    try:
        rows = list(queries_formation.formation_targets(user=world.town_b_user))
        assert rows == [small, target]
        assert [r.is_lead for r in rows] == [True, False]
        only = queries_formation.formation_targets(user=world.town_b_user, filters={"lead": "yes"})
        assert list(only) == [small]
    finally:
        del registry["employer_leads"]["test.leads"]


def test_dispatch_and_industry_filters(world, target):
    dispatch = EmployerFactory(town=world.town_b, headcount=60, is_labor_dispatch=True)
    rows = queries_formation.formation_targets(
        user=world.town_b_user, filters={"labor_dispatch": "yes"}
    )
    assert list(rows) == [dispatch]
    rows = queries_formation.formation_targets(user=world.town_b_user, filters={"industry": "A"})
    assert list(rows) == []


def test_contact_recorded_in_scope_and_not_in_the_future(world, target):
    contact = services_formation.formation_contact_record(
        actor=world.town_b_user,
        employer=target,
        contacted_on=today(),
        method=ContactMethod.VISIT,
        outcome=ContactOutcome.CONSIDERING,
        contact_person="王经理",
    )
    assert contact.org_path == world.town_b.path
    assert FormationContact.objects.visible_to(world.town_a_user).count() == 0
    with pytest.raises(Http404):
        services_formation.formation_contact_record(
            actor=world.town_a_user,
            employer=target,
            contacted_on=today(),
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.REFUSED,
        )
    with pytest.raises(ApplicationError) as exc:
        services_formation.formation_contact_record(
            actor=world.town_b_user,
            employer=target,
            contacted_on=today() + DAY,
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.REFUSED,
        )
    assert exc.value.field == "contacted_on"
    row = queries_formation.formation_targets(user=world.town_b_user).get(pk=target.pk)
    assert row.last_contacted_on == today()


def test_founding_moves_the_employer_out_of_the_targets_into_the_unionized_count(world, target):
    before = subtree_counts(world.town_b)
    assert target in queries_formation.formation_targets(user=world.town_b_user)
    founding = _found(world, target)
    union = founding.union
    target.refresh_from_db()
    assert target.union == union and target.org_path == union.path
    assert union.parent == world.town_b and union.town == world.town_b
    assert union.kind == OrgKind.GRASSROOTS and union.form == UnionForm.SINGLE
    assert union.name == "丙塑料制品有限公司工会委员会"
    assert union.established_on == today() and union.chair_name == "李四"
    assert target not in queries_formation.formation_targets(user=world.town_b_user)
    from django.core.cache import cache

    cache.clear()
    after = subtree_counts(world.town_b)
    assert after.employers_with_union == before.employers_with_union + 1
    assert after.grassroots == before.grassroots + 1
    assert founding.org_path == union.path
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"orgs.organization.created", "orgs.founding.recorded", "orgs.employer.updated"} <= (
        actions
    )
    assert list(queries_formation.foundings(user=world.town_b_user)) == [founding]
    assert list(queries_formation.foundings(user=world.town_a_user)) == []


def test_founding_is_all_or_nothing(world, target):
    EmployerFactory(name="同名", town=world.town_b, headcount=30)
    from gonghui.orgs.tests.factories import make_org

    make_org(world.town_b, OrgKind.GRASSROOTS, "重名工会")
    with pytest.raises(ApplicationError) as exc:
        _found(world, target, name="重名工会")
    assert exc.value.field == "name"
    target.refresh_from_db()
    assert target.union_id is None and not Founding.objects.exists()


def test_founding_refuses_bad_input_and_a_second_founding(world, target):
    with pytest.raises(ApplicationError) as exc:
        _found(world, target, founding_members=81)
    assert exc.value.field == "founding_members"
    with pytest.raises(ApplicationError) as exc:
        _found(world, target, founded_on=today() + DAY)
    assert exc.value.field == "founded_on"
    small = _found(world, target, founding_members=10)
    assert small.union.form == UnionForm.ORGANIZER
    with pytest.raises(ApplicationError):
        _found(world, Employer.objects.get(pk=target.pk))
    with pytest.raises(PermissionDenied):
        _found(world, EmployerFactory(town=world.town_b), actor=world.chair_a)
