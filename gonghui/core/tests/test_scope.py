import pytest
from django.http import Http404

from gonghui.core.scope import access, register_role_rule
from gonghui.orgs.models import Employer, Organization


def test_town_user_sees_only_own_subtree(world):
    # given a user of town A
    # when listing organizations and employers
    orgs = set(Organization.objects.visible_to(world.town_a_user))
    employers = set(Employer.objects.visible_to(world.town_a_user))
    # then only town A's rows are there
    assert orgs == {world.town_a, world.union_a}
    assert employers == {world.employer_a}


def test_district_user_sees_everything(world):
    assert Organization.objects.visible_to(world.admin).count() == Organization.objects.count()
    assert Employer.objects.visible_to(world.district_staff).count() == 2


def test_grassroots_chair_sees_own_union_only(world):
    assert list(Organization.objects.visible_to(world.chair_a)) == [world.union_a]
    assert list(Employer.objects.visible_to(world.chair_a)) == [world.employer_a]


def test_access_gives_404_alike_for_missing_and_foreign(world):
    with pytest.raises(Http404):
        access(Employer, world.town_a_user, world.employer_b.pk)
    with pytest.raises(Http404):
        access(Employer, world.town_a_user, 999_999)
    with pytest.raises(Http404):
        access(Employer, world.town_a_user, "not-a-number")
    assert access(Employer, world.town_a_user, world.employer_a.pk) == world.employer_a


def test_anonymous_and_inactive_users_see_nothing(world, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert Employer.objects.visible_to(AnonymousUser()).count() == 0
    world.town_a_user.is_active = False
    assert Employer.objects.visible_to(world.town_a_user).count() == 0


def test_rule_only_role_sees_nothing_without_a_rule(world):
    assert Employer.objects.visible_to(world.lawyer_a).count() == 0


def test_role_rule_narrows_within_subtree(world):
    # given a rule that lets lawyers see employers with a union
    register_role_rule(Employer, "lawyer", lambda qs, user: qs.filter(union__isnull=False))
    try:
        # then the lawyer of town A sees town A's employer only (scope still applies)
        assert list(Employer.objects.visible_to(world.lawyer_a)) == [world.employer_a]
    finally:
        from gonghui.core.registry import registry

        registry["role_rules"].pop(("orgs.employer", "lawyer"))


def test_prefix_range_does_not_catch_sibling_paths(world):
    # given a sibling whose path extends town A's digits ("/1/2/" and "/1/20/")
    pk = int(f"{world.town_a.pk}0")
    sibling = Organization.objects.create(
        id=pk,
        parent=world.district,
        kind="town",
        name="邻镇",
        depth=1,
        path=f"{world.district.path}{pk}/",
    )
    # then the subtree of town A holds only its own rows
    assert set(Organization.objects.within(world.town_a.path)) == {world.town_a, world.union_a}
    assert sibling in Organization.objects.within(world.district.path)


def _where(qs) -> str:
    sql = str(qs.query)
    return sql.split(" WHERE ", 1)[1] if " WHERE " in sql else ""


def test_the_district_roots_queries_send_no_scope_condition(world):
    # given the district's user (the whole tree is theirs) and a town's
    from gonghui.members.models import Member, Transfer

    # then the admin's member and employer queries have no org_path condition, which
    # steered the planner to the scope index over the name index (issue #10: the admin's
    # `?name=张伟` 96 -> 353 ms on SQLite, p99 1.8-2.5 s on PostgreSQL)
    for model in (Member, Employer):
        assert "org_path" not in _where(model.objects.visible_to(world.admin))
        assert "org_path" in _where(model.objects.visible_to(world.town_a_user))
    assert "path" not in _where(Transfer.objects.visible_to(world.admin))
    assert "path" in _where(Organization.objects.visible_to(world.chair_a))
    # and they still see the same rows
    assert Employer.objects.visible_to(world.admin).count() == Employer.objects.count() == 2


def test_a_second_root_keeps_the_condition(world):
    # given an organization outside the district's tree (another root)
    other = Organization.objects.create(kind="district", name="另一区总工会", path="tmp/")
    other.path = f"/{other.pk}/"
    other.save(update_fields=["path"])
    # then the district's user is sent the condition again and does not see it
    from gonghui.core.scope import scope_covers_everything

    admin = type(world.admin).objects.get(pk=world.admin.pk)  # a fresh request's user
    assert not scope_covers_everything(admin)
    assert "path" in _where(Organization.objects.visible_to(admin))
    assert other not in Organization.objects.visible_to(admin)


def test_rows_that_may_have_no_path_keep_the_condition(world):
    # an audit entry may have a blank path (a failed login) and a user no organization:
    # the district root sees them only through its prefix, as before
    from gonghui.accounts.models import User
    from gonghui.core.models import AuditEntry

    AuditEntry.objects.create(action="accounts.login_failed", org_path="")
    assert "org_path" in _where(AuditEntry.objects.visible_to(world.admin))
    assert not AuditEntry.objects.visible_to(world.admin).filter(org_path="").exists()
    assert "path" in _where(User.objects.visible_to(world.admin))
