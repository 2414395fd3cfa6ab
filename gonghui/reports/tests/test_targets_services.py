"""Setting and removing targets (REPORT-2): the level rule, the audit entries, the values
a target may have, the optimistic lock."""

from decimal import Decimal

import pytest
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.reports.models import Comparison, Target
from gonghui.reports.services import target_remove, target_set, target_settable

from .targets_rows import RATE, rate_indicator  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

NEW = "orgs.unions.new"


def _set(actor, org, **extra):
    return target_set(actor=actor, code=NEW, year=2014, organization=org, value=5, **extra)


# ---- the level rule -------------------------------------------------------------------------

# (persona, organization, what happens), checked by hand against the rule: the district sets
# its own and everyone's under it; a town only its grassroots unions'; a chair none.
LEVELS = [
    ("district_staff", "district", None),
    ("district_staff", "town_a", None),
    ("district_staff", "union_b", None),
    ("admin", "town_b", None),
    ("town_a_user", "union_a", None),
    ("town_a_user", "town_a", PermissionDenied),  # never its own town's
    ("town_a_user", "district", Http404),  # above its scope: as if it did not exist
    ("town_a_user", "town_b", Http404),
    ("town_a_user", "union_b", Http404),
    ("chair_a", "union_a", PermissionDenied),  # no reports.targets.set
    ("auditor", "town_a", PermissionDenied),
]


@pytest.mark.parametrize(("persona", "org", "refused"), LEVELS)
def test_who_may_set_whose_target(world, persona, org, refused):
    # given
    actor, organization = getattr(world, persona), getattr(world, org)
    # when / then
    if refused is None:
        target = _set(actor, organization)
        assert (target.organization, target.org_path) == (organization, organization.path)
        assert target_settable(actor, organization)
    else:
        with pytest.raises(refused):
            _set(actor, organization)
        assert not target_settable(actor, organization)
        assert not Target.objects.exists()


def test_a_town_cannot_remove_its_own_towns_target(world):
    # given the district set the town's target
    target = _set(world.district_staff, world.town_a)
    # when the town tries to remove it
    with pytest.raises(PermissionDenied) as refused:
        target_remove(actor=world.town_a_user, target=target)
    # then it stays, and the message says why
    assert "镇街工会只能设定其下基层工会的目标" in refused.value.message
    assert Target.objects.filter(pk=target.pk).exists()


def test_a_town_cannot_remove_another_towns_target(world):
    target = _set(world.district_staff, world.union_b)
    with pytest.raises(Http404):
        target_remove(actor=world.town_a_user, target=target)
    assert Target.objects.filter(pk=target.pk).exists()


# ---- the audit ------------------------------------------------------------------------------


def test_setting_changing_and_removing_are_audited(world):
    # when a target is set, changed and removed
    target = _set(world.town_a_user, world.union_a, note="年初下达")
    changed = target_set(
        actor=world.town_a_user,
        code=NEW,
        year=2014,
        organization=world.union_a,
        value="8",
        note="年初下达",
        version=target.version,
    )
    target_remove(actor=world.town_a_user, target=changed, version=changed.version)
    # then three entries, each on the target, in the union's subtree, by the town user
    entries = list(AuditEntry.objects.filter(target_type="reports.target").order_by("id"))
    assert [e.action for e in entries] == [
        "reports.target.set",
        "reports.target.changed",
        "reports.target.removed",
    ]
    assert {e.target_id for e in entries} == {str(target.pk)}
    assert {e.org_path for e in entries} == {world.union_a.path}
    assert {e.actor_id for e in entries} == {world.town_a_user.pk}
    assert entries[0].data["value"] == "5" and entries[0].data["note"] == "年初下达"
    assert entries[1].data == {"value": ["5.00", "8"]}  # before and after, nothing else
    assert entries[2].data["code"] == NEW
    assert not Target.objects.exists()


def test_a_change_keeps_one_row_and_records_who_set_it(world):
    first = _set(world.admin, world.town_a)
    second = _set(world.district_staff, world.town_a, comparison=Comparison.AT_MOST)
    assert Target.objects.count() == 1
    assert (second.pk, second.version, second.comparison) == (first.pk, 2, "at_most")
    assert (second.set_by, second.set_by_name) == (world.district_staff, "district")


def test_a_stale_version_is_refused(world):
    target = _set(world.admin, world.town_a)
    _set(world.admin, world.town_a, version=target.version)  # someone else changed it
    with pytest.raises(ConflictError):
        _set(world.admin, world.town_a, version=target.version)
    with pytest.raises(ConflictError):
        target_remove(actor=world.admin, target=target, version=target.version)


def test_a_version_for_a_target_removed_meanwhile_is_a_conflict(world):
    target = _set(world.admin, world.town_a)
    target_remove(actor=world.admin, target=target)
    with pytest.raises(ConflictError):
        _set(world.admin, world.town_a, version=target.version)


# ---- values ---------------------------------------------------------------------------------

BAD = [
    ({"code": "no.such.indicator"}, "code", "没有代码为"),
    ({"year": 1999}, "year", "年度"),
    ({"year": "2014"}, "year", "年度"),
    ({"value": -1}, "value", "不能为负数"),
    ({"value": "abc"}, "value", "应为数字"),
    ({"value": "NaN"}, "value", "应为数字"),
    ({"value": "Infinity"}, "value", "应为数字"),
    ({"value": "2.5"}, "value", "应为整数"),  # unions are counted
    ({"value": "1e20"}, "value", "目标值"),  # more digits than the column holds
    ({"comparison": "more"}, "comparison", "不低于"),
    ({"note": "说" * 301}, "note", "说明"),
]


@pytest.mark.parametrize(("changes", "field", "words"), BAD)
def test_bad_values_are_refused_in_chinese_naming_the_field(world, changes, field, words):
    arguments = {"code": NEW, "year": 2014, "value": 5} | changes
    with pytest.raises(ApplicationError) as refused:
        target_set(actor=world.admin, organization=world.town_a, **arguments)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not Target.objects.exists()


EXAMPLES = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@EXAMPLES
@given(value=st.decimals(min_value=0, max_value=100, places=1))
def test_a_rate_target_is_any_percentage(world, rate_indicator, value):  # noqa: F811
    target = target_set(
        actor=world.admin, code=RATE, year=2014, organization=world.town_a, value=value
    )
    assert target.value == value


@EXAMPLES
@given(value=st.decimals(min_value=Decimal("100.01"), max_value=10**6, places=2))
def test_a_rate_target_above_100_is_refused(world, rate_indicator, value):  # noqa: F811
    with pytest.raises(ApplicationError) as refused:
        target_set(actor=world.admin, code=RATE, year=2014, organization=world.town_a, value=value)
    assert refused.value.field == "value" and "0–100" in refused.value.message


def test_a_target_follows_its_organization_when_it_moves(world):
    from gonghui.orgs.services import organization_move

    target = _set(world.town_a_user, world.union_a)
    moved = organization_move(
        actor=world.admin, org=world.union_a, new_parent=world.town_b, version=None
    )
    target.refresh_from_db()
    assert target.org_path == moved.path and moved.path.startswith(world.town_b.path)
