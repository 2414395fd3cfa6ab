"""A roster with a 工会 column: each row into the union it names, within the uploader's scope
(issue #10, "Import"). A town or the district imports many unions at once; a name that is
unknown, shared by unions of different parents, or out of scope is refused under 工会."""

import pytest

from gonghui.core.identity import ric_hash
from gonghui.core.importing.checking import CheckedRows
from gonghui.core.importing.models import ImportStatus
from gonghui.members.models import Member
from gonghui.orgs.models import Organization
from gonghui.orgs.tests.factories import EmployerFactory, make_org, uscc

from .helpers import HEADER, person, run_import, xlsx_bytes

UNION_HEADER = [*HEADER, "工会"]


def _row(seed: int, union: str) -> list:
    return [*person(seed), union]


def _roster(*rows: list, header=UNION_HEADER) -> bytes:
    return xlsx_bytes(list(rows), header=header)


def _errors(run) -> dict[int, tuple[str, str]]:
    return {e["row"]: (e["column"], e["reason"]) for e in run.errors}


@pytest.fixture
def union_b_uscc(world) -> str:
    code = uscc("81")
    Organization.objects.filter(pk=world.union_b.pk).update(uscc=code)
    return code


@pytest.fixture(params=["here", "apart"])
def checking(request, settings, monkeypatch):
    """Rows read and checked in this process, then in a child process (the union index
    must reach the child through `check_state`)."""
    used = []
    settings.IMPORT_CHECK_APART = request.param == "apart"
    if request.param == "apart":
        settings.IMPORT_PARALLEL_ABOVE_ROWS = 0
        original = CheckedRows._in_child

        def spy(self):
            used.append(True)
            yield from original(self)

        monkeypatch.setattr(CheckedRows, "_in_child", spy)
    yield request.param
    assert bool(used) == (request.param == "apart")


def test_the_district_imports_rows_into_two_towns_unions_at_once(
    world, django_capture_on_commit_callbacks, union_b_uscc, checking
):
    # given a roster naming union A (town A) by name and union B (town B) by its USCC
    content = _roster(
        _row(1, "甲公司工会委员会"),
        _row(2, "甲公司工会委员会"),
        _row(3, union_b_uscc.lower()),
    )
    # when the district imports it without choosing a union
    run = run_import(django_capture_on_commit_callbacks, world.admin, content)
    # then each row is a member of the union it names, in that union's scope path
    assert run.status == ImportStatus.SUCCEEDED, run.message
    assert (run.created, run.rejected) == (3, 0), run.errors
    assert (run.target_id, run.target_label, run.org_path) == (None, "", world.district.path)
    placed = {m.ric_hash: (m.union_id, m.org_path) for m in Member.objects.all()}
    assert placed[ric_hash(person(1)[1])] == (world.union_a.pk, world.union_a.path)
    assert placed[ric_hash(person(3)[1])] == (world.union_b.pk, world.union_b.path)
    # and every union touched is recounted
    counts = dict(Organization.objects.values_list("pk", "member_count"))
    assert (counts[world.union_a.pk], counts[world.union_b.pk]) == (2, 1)


def test_a_dry_run_by_union_reports_the_same_and_writes_nothing(
    world, django_capture_on_commit_callbacks, union_b_uscc
):
    content = _roster(_row(1, "甲公司工会委员会"), _row(2, union_b_uscc), _row(3, "没有这个工会"))
    run = run_import(django_capture_on_commit_callbacks, world.admin, content, dry_run=True)
    assert (run.status, run.created, run.rejected) == (ImportStatus.SUCCEEDED, 2, 1)
    assert "试导入" in run.message and not Member.objects.exists()
    assert Organization.objects.get(pk=world.union_a.pk).member_count == 0


def test_a_union_out_of_the_users_scope_is_refused_like_an_unknown_one(
    world, django_capture_on_commit_callbacks, union_b_uscc, checking
):
    # given town A's officer, whose scope holds union A but not town B's union B
    content = _roster(
        _row(1, "甲公司工会委员会"),
        _row(2, "乙公司工会委员会"),  # town B's, by name
        _row(3, union_b_uscc),  # town B's, by USCC
        _row(4, "丙公司工会委员会"),  # nowhere
    )
    run = run_import(django_capture_on_commit_callbacks, world.town_a_user, content)
    # then only the row of union A is imported; the others say why, under 工会, in words
    # that do not tell whether the union exists elsewhere
    assert (run.created, run.rejected) == (1, 3)
    errors = _errors(run)
    assert errors[3] == (
        "工会",
        "在您的管理范围内没有名称或统一社会信用代码为「乙公司工会委员会」的基层工会。",
    )
    assert errors[4] == (
        "工会",
        f"在您的管理范围内没有名称或统一社会信用代码为「{union_b_uscc}」的基层工会。",
    )
    assert errors[5][1] == errors[3][1].replace("乙", "丙")
    assert set(Member.objects.values_list("union_id", flat=True)) == {world.union_a.pk}
    assert run.org_path == world.town_a.path


def test_a_name_two_unions_share_is_refused_as_ambiguous(
    world, django_capture_on_commit_callbacks, checking
):
    # given town B also has a union called 甲公司工会委员会 (names are unique among siblings)
    make_org(world.town_b, name="甲公司工会委员会")
    content = _roster(_row(1, "甲公司工会委员会"), _row(2, world.union_a.name))
    run = run_import(django_capture_on_commit_callbacks, world.admin, content)
    # then the district, which sees both, is told the name is ambiguous and how to say which
    assert (run.created, run.rejected) == (0, 2)
    column, reason = _errors(run)[2]
    assert column == "工会"
    assert reason == (
        "有2个名为「甲公司工会委员会」的基层工会（分别在南村镇总工会、市桥街道总工会下），"
        "请改填该工会的统一社会信用代码。"
    )
    # while town A, which sees only its own, imports the rows into it
    again = run_import(django_capture_on_commit_callbacks, world.town_a_user, content)
    assert (again.created, again.rejected) == (2, 0)
    assert set(Member.objects.values_list("union_id", flat=True)) == {world.union_a.pk}


def test_without_a_union_column_or_a_chosen_union_the_run_says_what_to_do(
    world, django_capture_on_commit_callbacks, checking
):
    run = run_import(django_capture_on_commit_callbacks, world.admin, xlsx_bytes([person(1)]))
    assert run.status == ImportStatus.FAILED
    assert run.message == (
        "表中没有“工会”列，上传时也没有选择导入到的基层工会：请在表中加一列“工会”，"
        "填写每人所属基层工会的全称或统一社会信用代码；或在上传时选择导入到哪个基层工会。"
    )
    assert not Member.objects.exists()


def test_an_empty_union_cell_without_a_chosen_union_is_refused(
    world, django_capture_on_commit_callbacks
):
    content = _roster(_row(1, "甲公司工会委员会"), _row(2, ""))
    run = run_import(django_capture_on_commit_callbacks, world.admin, content)
    assert (run.created, run.rejected) == (1, 1)
    assert _errors(run)[3] == (
        "工会",
        "没有选择导入到的基层工会时，每行都要填写所属基层工会的全称或统一社会信用代码。",
    )


def test_with_a_chosen_union_the_column_may_only_repeat_it(
    world, django_capture_on_commit_callbacks, union_b_uscc, checking
):
    code = uscc("81")
    Organization.objects.filter(pk=world.union_a.pk).update(uscc=code)
    content = _roster(
        _row(1, "甲公司工会委员会"),
        _row(2, code),
        _row(3, ""),
        _row(4, "乙公司工会委员会"),
    )
    run = run_import(django_capture_on_commit_callbacks, world.admin, content, union=world.union_a)
    assert (run.created, run.rejected) == (3, 1)
    assert _errors(run)[5] == (
        "工会",
        "所填工会「乙公司工会委员会」不是上传时选择的「甲公司工会委员会」；"
        "要按“工会”列导入到多个工会，上传时请不要选择基层工会。",
    )
    assert set(Member.objects.values_list("union_id", flat=True)) == {world.union_a.pk}


def test_an_inactive_union_named_in_a_row_takes_no_member(
    world, django_capture_on_commit_callbacks
):
    make_org(world.town_a, name="已撤销工会", is_active=False)
    content = _roster(_row(1, "已撤销工会"), _row(2, "甲公司工会委员会"))
    run = run_import(django_capture_on_commit_callbacks, world.town_a_user, content)
    assert (run.created, run.rejected) == (1, 1)
    assert _errors(run)[2] == ("工会", "「已撤销工会」：会员只能属于有效的基层工会。")


def test_each_row_keeps_the_member_rules_of_its_own_union(
    world, django_capture_on_commit_callbacks, checking
):
    # given employer A belongs to union A: a member of union B may not work there
    other = EmployerFactory(name="乙二厂", town=world.town_b, union=None)
    header = [*UNION_HEADER, "工作单位"]
    content = _roster(
        [*_row(1, "乙公司工会委员会"), world.employer_a.name],
        [*_row(2, "乙公司工会委员会"), other.name],
        [*_row(3, "甲公司工会委员会"), world.employer_a.name],
        header=header,
    )
    run = run_import(django_capture_on_commit_callbacks, world.admin, content)
    assert (run.created, run.rejected) == (2, 1)
    column, reason = _errors(run)[2]
    assert column == "工作单位" and "属于其他基层工会" in reason
    employers = dict(Member.objects.values_list("union_id", "employer_id"))
    assert employers == {world.union_b.pk: other.pk, world.union_a.pk: world.employer_a.pk}


def test_a_member_of_another_union_in_scope_is_named_and_not_moved(
    world, django_capture_on_commit_callbacks
):
    run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        _roster(_row(1, "乙公司工会委员会")),
    )
    run = run_import(
        django_capture_on_commit_callbacks,
        world.admin,
        _roster(_row(1, "甲公司工会委员会"), _row(2, "甲公司工会委员会")),
    )
    assert (run.created, run.rejected) == (1, 1)
    assert _errors(run)[2][1].startswith("此人已是「乙公司工会委员会」的会员，未导入")
    assert Member.objects.get(ric_hash=ric_hash(person(1)[1])).union_id == world.union_b.pk


def test_a_town_users_run_by_union_is_hidden_from_another_town(
    world, django_capture_on_commit_callbacks, client_for
):
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        _roster(_row(1, "甲公司工会委员会")),
    )
    assert client_for(world.town_b_user).get(f"/imports/{run.pk}/").status_code == 404
    assert client_for(world.town_a_user).get(f"/imports/{run.pk}/").status_code == 200
