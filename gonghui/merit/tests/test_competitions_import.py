"""Results and entries through the import pipeline: a good sheet, bad rows refused with
the row, the column and the reason in Chinese, ranks computed when the sheet gives none,
and the same sheet again changing nothing."""

from decimal import Decimal

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.core.importing.services import import_start
from gonghui.core.models import Job
from gonghui.core.tests.importing.helpers import upload, xlsx_bytes
from gonghui.merit.models import CompetitionEntry, Contestant
from gonghui.merit.tests.competitions_helpers import skills

pytestmark = pytest.mark.django_db
RESULTS = "merit.competition_results"
ENTRIES = "merit.competition_entries"
HEADER = [
    "工种/项目",
    "姓名",
    "身份证号",
    "单位",
    "成绩",
    "名次",
    "获奖",
    "是否选送",
    "上级比赛成绩",
]
ENTRY_HEADER = ["单位/信用代码", "班组", "参与人数", "成绩"]


def run(capture, actor, kind, rows, *, header, target, dry_run=False):
    with capture(execute=True):
        started = import_start(
            actor=actor,
            kind=kind,
            upload=upload(xlsx_bytes(rows, header=header), "成绩.xlsx"),
            target=target,
            dry_run=dry_run,
        )
    started.refresh_from_db()
    return started


def counts(done):
    return done.created, done.updated, done.unchanged, done.rejected


def reasons(done) -> dict[int, str]:
    return {e["row"]: f"{e['column']}：{e['reason']}" for e in done.errors}


def test_a_results_sheet_is_imported_ranked_and_again_unchanged(
    world, django_capture_on_commit_callbacks
):
    s = skills(world)
    c = s.competition
    capture = django_capture_on_commit_callbacks
    rows = [
        ["焊工", "王焊工", s.ric_a, "", "95", "", "一等奖", "是", "省职业技能大赛冠军"],
        ["焊工", "张师傅", "", world.employer_a.uscc, "88.5", "", "二等奖", "否", ""],
        ["焊工", "刘师傅", "", "乙五金有限公司", "88.5", "", "", "", ""],
        ["养老护理员", "李护理", s.ric_b, "", "90", "1", "一等奖", "是", ""],
    ]
    done = run(capture, world.admin, RESULTS, rows, header=HEADER, target=c.pk)
    assert done.status == Job.Status.SUCCEEDED, done.errors
    assert counts(done) == (4, 0, 0, 0)
    got = {r.name: r for r in Contestant.objects.filter(competition=c)}
    assert {n: r.rank for n, r in got.items()} == {
        "王焊工": 1,
        "张师傅": 2,
        "刘师傅": 2,
        "李护理": 1,
    }
    assert got["王焊工"].member_id == s.member_a.pk and got["王焊工"].sent_on
    assert got["张师傅"].employer_id == world.employer_a.pk
    assert got["刘师傅"].union_id == world.union_b.pk
    assert got["李护理"].score == Decimal("90.00")
    again = run(capture, world.admin, RESULTS, rows, header=HEADER, target=c.pk)
    assert counts(again) == (0, 0, 4, 0)
    rows[1][4] = "96"
    changed = run(capture, world.admin, RESULTS, rows, header=HEADER, target=c.pk)
    assert counts(changed) == (0, 1, 3, 0)
    ranks = dict(
        Contestant.objects.filter(competition=c, event__name="焊工").values_list("name", "rank")
    )
    assert ranks == {"张师傅": 1, "王焊工": 2, "刘师傅": 3}


def test_bad_rows_say_their_row_column_and_reason(world, django_capture_on_commit_callbacks):
    s = skills(world)
    rows = [
        ["电工", "甲某", "", "", "90", "", "", "", ""],
        ["焊工", "别名", s.ric_a, "", "90", "", "", "", ""],
        ["焊工", "丙某", "", "不存在的公司", "90", "", "", "", ""],
        ["焊工", "丁某", "", "", "九十", "", "", "", ""],
        ["焊工", "戊某", "", "", "90", "0", "", "", ""],
        ["焊工", "己某", "", "", "90", "", "", "否", "省赛第三"],
    ]
    done = run(
        django_capture_on_commit_callbacks,
        world.admin,
        RESULTS,
        rows,
        header=HEADER,
        target=s.competition.pk,
    )
    assert counts(done) == (0, 0, 0, 6)
    why = reasons(done)
    assert why[2].startswith("工种/项目：本竞赛没有工种或项目「电工」")
    assert why[3].startswith("姓名：该身份证号登记的会员姓名为「王焊工」")
    assert why[4] == "单位：在您的管理范围内没有名称或统一社会信用代码为「不存在的公司」的单位。"
    assert why[5] == "成绩：「九十」应为数字，例如 92.5。"
    assert why[6] == "名次：不能小于1。"
    assert why[7] == "是否选送：未选送上级比赛的选手不能登记上级比赛成绩。"
    assert not Contestant.objects.exists()


def test_only_the_organizer_imports_results(world, django_capture_on_commit_callbacks):
    s = skills(world)
    with pytest.raises(ApplicationError):
        run(
            django_capture_on_commit_callbacks,
            world.chair_a,
            RESULTS,
            [],
            header=HEADER,
            target=s.competition.pk,
        )


def test_an_ankang_cup_sheet_of_entries(world, django_capture_on_commit_callbacks):
    s = skills(world)
    capture = django_capture_on_commit_callbacks
    rows = [
        [world.employer_a.name, "焊接一班", "25", ""],
        [world.employer_a.uscc, "焊接二班", "30", "优胜班组"],
        [world.employer_b.name, "", "300", ""],
        ["没有的公司", "", "3", ""],
        [world.employer_b.name, "装配班", "-4", ""],
    ]
    done = run(capture, world.admin, ENTRIES, rows, header=ENTRY_HEADER, target=s.competition.pk)
    assert counts(done) == (3, 0, 0, 2), done.errors
    why = reasons(done)
    assert "没有名称或统一社会信用代码为「没有的公司」" in why[5]
    assert why[6] == "参与人数：不能小于0。"
    assert sum(CompetitionEntry.objects.values_list("workers", flat=True)) == 355
    again = run(capture, world.admin, ENTRIES, rows, header=ENTRY_HEADER, target=s.competition.pk)
    assert counts(again) == (0, 0, 3, 2)
    assert CompetitionEntry.objects.count() == 3


def test_a_chair_imports_its_own_teams_without_results(world, django_capture_on_commit_callbacks):
    s = skills(world)
    rows = [
        [world.employer_a.name, "一班", "10", ""],
        [world.employer_a.name, "二班", "10", "优胜"],
        [world.employer_b.name, "", "10", ""],
    ]
    done = run(
        django_capture_on_commit_callbacks,
        world.chair_a,
        ENTRIES,
        rows,
        header=ENTRY_HEADER,
        target=s.competition.pk,
    )
    assert counts(done) == (1, 0, 0, 2), done.errors
    why = reasons(done)
    assert why[3] == "成绩：成绩、名次、获奖和选送情况由竞赛主办单位登记。"
    assert why[4].startswith("单位/信用代码：在您的管理范围内没有")
    assert done.org_path == world.union_a.path
