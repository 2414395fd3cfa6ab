import datetime

import pytest
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry, Job
from gonghui.orgs import services
from gonghui.orgs.choices import OrgKind, UnionForm
from gonghui.orgs.models import Employer, Organization, OrganizationMove
from gonghui.orgs.tests.factories import EmployerFactory, make_org, uscc


def _create(world, **extra):
    fields = {
        "name": "新建公司工会委员会",
        "kind": OrgKind.GRASSROOTS,
        "form": UnionForm.SINGLE,
    } | extra
    return services.organization_create(actor=world.town_a_user, parent=world.town_a, **fields)


def test_create_sets_path_town_and_audits(world):
    org = _create(world)
    assert org.path == f"{world.town_a.path}{org.pk}/"
    assert org.town == world.town_a
    entry = AuditEntry.objects.get(action="orgs.organization.created")
    assert entry.actor == world.town_a_user and entry.data["name"] == "新建公司工会委员会"


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"uscc": "91350100M000100Y43"}, "uscc", "8开头"),
        ({"uscc": "81440113MC0000001B"}, "uscc", "校验位"),
        ({"name": " "}, "name", "不能为空"),
        ({"form": ""}, "form", "组建形式"),
        ({"kind": OrgKind.TOWN}, "parent", "不能设立"),
    ],
)
def test_create_rejects_bad_input_in_chinese(world, extra, field, message):
    with pytest.raises(ApplicationError) as exc:
        _create(world, **extra)
    assert exc.value.field == field
    assert message in exc.value.message
    assert not Organization.objects.filter(name="新建公司工会委员会").exists()


def test_duplicate_union_uscc_is_refused(world):
    _create(world, uscc="81440113MC0000001A")
    with pytest.raises(ApplicationError, match="已被"):
        _create(world, name="另一个工会", uscc="81440113MC0000001A")


def test_organizer_only_below_25_members(world):
    Organization.objects.filter(pk=world.union_a.pk).update(member_count=30)
    world.union_a.refresh_from_db()
    with pytest.raises(ApplicationError, match="应建立工会委员会"):
        services.organization_update(
            actor=world.town_a_user, org=world.union_a, version=1, form=UnionForm.ORGANIZER
        )
    Organization.objects.filter(pk=world.union_a.pk).update(member_count=12)
    updated = services.organization_update(
        actor=world.town_a_user, org=world.union_a, version=1, form=UnionForm.ORGANIZER
    )
    assert updated.form == UnionForm.ORGANIZER and updated.version == 2


def test_update_with_stale_version_is_a_conflict(world):
    services.organization_update(
        actor=world.town_a_user, org=world.union_a, version=1, chair_name="甲"
    )
    with pytest.raises(ConflictError):
        services.organization_update(
            actor=world.town_a_user, org=world.union_a, version=1, chair_name="乙"
        )
    world.union_a.refresh_from_db()
    assert world.union_a.chair_name == "甲"


def test_town_user_cannot_write_outside_town(world):
    # out of scope is "not found", as on every page and endpoint (issue #9)
    with pytest.raises(Http404):
        services.organization_create(
            actor=world.town_a_user,
            parent=world.town_b,
            name="x",
            kind=OrgKind.GRASSROOTS,
            form=UnionForm.SINGLE,
        )
    with pytest.raises(Http404):
        services.organization_update(
            actor=world.town_a_user, org=world.union_b, version=1, name="x"
        )


def test_chair_may_edit_own_union_but_not_create(world):
    services.organization_update(
        actor=world.chair_a, org=world.union_a, version=1, signboard_displayed=True
    )
    with pytest.raises(PermissionDenied):
        services.organization_create(
            actor=world.chair_a, parent=world.union_a, name="小组", kind=OrgKind.UNION_GROUP
        )


def test_move_rewrites_subtree_and_scoped_rows_and_keeps_history(world):
    # given a federation in town A with a union, its employer and a job under it
    federation = make_org(world.town_a, OrgKind.INDUSTRY_FEDERATION, "纸类行业工会联合会")
    union = make_org(federation, OrgKind.GRASSROOTS, "纸厂工会")
    employer = EmployerFactory(town=world.town_a, union=union)
    Job.objects.create(kind="x", title="x", org_path=union.path)
    # when the district moves the federation to town B
    moved = services.organization_move(
        actor=world.admin, org=federation, new_parent=world.town_b, version=1, reason="区划调整"
    )
    # then paths, depth, town and the scope of every row below follow
    union.refresh_from_db()
    employer.refresh_from_db()
    assert moved.path == f"{world.town_b.path}{federation.pk}/"
    assert union.path == f"{moved.path}{union.pk}/" and union.depth == 3
    assert union.town == world.town_b and moved.town == world.town_b
    assert employer.org_path == union.path
    assert Job.objects.get().org_path == union.path
    assert list(Employer.objects.visible_to(world.town_b_user).filter(pk=employer.pk)) == [employer]
    assert not Employer.objects.visible_to(world.town_a_user).filter(pk=employer.pk).exists()
    history = OrganizationMove.objects.get()
    assert (history.from_parent, history.to_parent, history.reason) == (
        world.town_a,
        world.town_b,
        "区划调整",
    )
    assert AuditEntry.objects.filter(action="orgs.organization.moved").count() == 1


def test_cannot_move_under_own_subtree_or_by_town_user_across_towns(world):
    federation = make_org(world.town_a, OrgKind.INDUSTRY_FEDERATION)
    union = make_org(federation, OrgKind.GRASSROOTS)
    with pytest.raises(ApplicationError, match="下级"):
        services.organization_move(actor=world.admin, org=federation, new_parent=union, version=1)
    with pytest.raises(Http404):
        services.organization_move(
            actor=world.town_a_user, org=union, new_parent=world.town_b, version=1
        )


def test_employer_validation(world):
    base = {
        "name": "丙公司",
        "ownership": "private",
        "industry": "C",
        "headcount": 10,
        "town": world.town_a,
    }
    with pytest.raises(ApplicationError, match="校验位"):
        services.employer_create(actor=world.town_a_user, uscc="91350100M000100Y44", **base)
    with pytest.raises(ApplicationError, match="已被"):
        services.employer_create(actor=world.town_a_user, uscc=world.employer_a.uscc, **base)
    with pytest.raises(ApplicationError, match="镇街不存在"):
        services.employer_create(actor=world.admin, uscc=uscc(), **(base | {"town": world.union_a}))
    with pytest.raises(ApplicationError, match="单独基层工会"):
        services.employer_create(actor=world.town_a_user, uscc=uscc(), union=world.union_a, **base)


def test_joint_union_covers_several_employers(world):
    Organization.objects.filter(pk=world.union_a.pk).update(form=UnionForm.JOINT)
    world.union_a.refresh_from_db()
    employer = services.employer_create(
        actor=world.town_a_user,
        uscc=uscc(),
        union=world.union_a,
        name="丙公司",
        ownership="private",
        industry="C",
        headcount=8,
        town=world.town_a,
    )
    assert employer.org_path == world.union_a.path
    with pytest.raises(ApplicationError, match="联合基层工会"):
        services.organization_update(
            actor=world.town_a_user, org=world.union_a, version=1, form=UnionForm.SINGLE
        )


@given(
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)),
    st.sampled_from([3, 5]),
)
def test_term_end_is_the_day_before_the_anniversary(start, years):
    after = services.term_end(start, years) + datetime.timedelta(days=1)
    assert after.year == start.year + years
    if (start.month, start.day) != (2, 29):
        assert (after.month, after.day) == (start.month, start.day)


def _direct_term(world, actor=None, **extra):
    fields = {
        "org": world.union_a,
        "term_years": 5,
        "starts_on": datetime.date(2020, 1, 1),
        "reason": "补录2020年换届结果（纸质档案）",
    } | extra
    return services.term_record(actor=actor or world.district_staff, **fields)


def test_term_record_replaces_current_term(world):
    first = _direct_term(world)
    second = _direct_term(world, term_years=3, starts_on=datetime.date(2025, 1, 1))
    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.number == 2
    assert second.ends_on == datetime.date(2027, 12, 31)
    with pytest.raises(ApplicationError, match="3年或5年"):
        _direct_term(world, term_years=4, starts_on=datetime.date(2026, 1, 1))


def test_a_term_is_recorded_directly_only_by_district_staff_with_a_reason(world):
    # issue #10: a chair registered a 5-year term with "自己写的" and skipped the approval
    for actor in (world.chair_a, world.town_a_user):
        with pytest.raises(PermissionDenied):
            _direct_term(world, actor, approval_doc_no="自己写的")
    with pytest.raises(ApplicationError, match="原因") as exc:
        _direct_term(world, reason="  ")
    assert exc.value.field == "reason"
    assert not world.union_a.terms.exists()
    term = _direct_term(world)
    entry = AuditEntry.objects.get(action="orgs.term.recorded")
    assert entry.actor == world.district_staff and entry.target_id == str(term.pk)
    assert entry.data["reason"] == "补录2020年换届结果（纸质档案）"


def test_a_direct_term_is_refused_while_an_election_is_pending(world):
    from gonghui.orgs.elections import election_start

    election_start(
        actor=world.chair_a, org=world.union_a, planned_on=datetime.date(2026, 9, 1), term_years=5
    )
    with pytest.raises(ApplicationError, match="进行中的换届"):
        _direct_term(world)
    assert not world.union_a.terms.exists()


def test_an_approved_election_starts_the_term_without_the_direct_permission(world):
    from gonghui.orgs.elections import election_approve, election_record_result, election_start

    election = election_start(
        actor=world.chair_a, org=world.union_a, planned_on=datetime.date(2025, 9, 1), term_years=5
    )
    election = election_record_result(
        actor=world.chair_a,
        election=election,
        version=1,
        elected_on=datetime.date(2025, 9, 1),
        chair_name="王伟",
    )
    assert not world.town_a_user.can("orgs.record_term")
    election_approve(
        actor=world.town_a_user,
        election=election,
        version=2,
        approval_doc_no="番工复〔2025〕1号",
        approved_on=datetime.date(2025, 9, 5),
    )
    term = world.union_a.terms.get(is_current=True)
    assert (term.starts_on, term.approval_doc_no) == (
        datetime.date(2025, 9, 1),
        "番工复〔2025〕1号",
    )
    entry = AuditEntry.objects.get(action="orgs.term.elected")
    assert entry.data["election"] == election.pk and entry.actor == world.town_a_user


# ---- names are unique among siblings (issue #10) ---------------------------------------------


def test_a_second_union_of_the_same_name_under_one_parent_is_refused(world):
    with pytest.raises(ApplicationError) as exc:
        _create(world, name="甲公司工会委员会")
    assert exc.value.field == "name"
    assert "市桥街道总工会" in exc.value.message and "甲公司工会委员会" in exc.value.message
    # a name is the parent's to keep unique: spaces around it do not make it another
    with pytest.raises(ApplicationError, match="已有"):
        _create(world, name=" 甲公司工会委员会 ")
    # the same name under another parent is another union
    other = services.organization_create(
        actor=world.admin,
        parent=world.town_b,
        name="甲公司工会委员会",
        kind=OrgKind.GRASSROOTS,
        form=UnionForm.SINGLE,
    )
    assert other.parent == world.town_b


def test_renaming_or_moving_onto_a_sibling_name_is_refused(world):
    second = _create(world, name="丙公司工会委员会")
    with pytest.raises(ApplicationError, match="已有名为「甲公司工会委员会」"):
        services.organization_update(
            actor=world.town_a_user, org=second, version=1, name="甲公司工会委员会"
        )
    namesake = make_org(world.town_b, OrgKind.GRASSROOTS, "丙公司工会委员会")
    assert namesake
    with pytest.raises(ApplicationError, match="南村镇总工会"):
        services.organization_move(
            actor=world.admin, org=second, new_parent=world.town_b, version=1
        )
    second.refresh_from_db()
    assert second.parent == world.town_a


def test_the_database_keeps_sibling_names_unique(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_org(world.town_a, OrgKind.GRASSROOTS, "甲公司工会委员会")
