"""Employer import (ORG-2): towns by name, labels to codes, upsert on USCC, same rules as the form."""

import pytest

from gonghui.core.importing.models import ImportStatus
from gonghui.orgs.models import Employer
from gonghui.orgs.tests.factories import uscc

from .helpers import run_import, xlsx_bytes

HEADER = [
    "单位名称",
    "统一社会信用代码",
    "所在镇街",
    "经济类型",
    "行业",
    "职工人数",
    "所属基层工会",
]


@pytest.fixture
def codes():
    return [uscc() for _ in range(4)]


def test_employers_are_created_then_unchanged_on_reimport(
    world, django_capture_on_commit_callbacks, codes
):
    world.union_a.form = "joint"  # a joint union may cover another employer
    world.union_a.save(update_fields=["form"])
    rows = [
        ["市桥甲厂", codes[0], "市桥街道", "私营企业", "制造业", "120", ""],
        ["市桥乙店", codes[1].lower(), "市桥街道总工会", "民营", "F", "8", "甲公司工会委员会"],
        ["无名镇厂", codes[2], "无名镇", "私营企业", "制造业", "10", ""],
        ["南村丙厂", codes[3], "南村镇", "私营企业", "制造业", "10", ""],  # not the user's town
        ["坏代码厂", "91440113MA00000000", "市桥街道", "私营企业", "制造业", "10", ""],
    ]
    content = xlsx_bytes(rows, header=HEADER)
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        content,
        kind="employers",
        name="单位.xlsx",
    )
    assert run.status == ImportStatus.SUCCEEDED
    assert (run.created, run.rejected) == (2, 3), run.errors
    reasons = {e["row"]: e["reason"] for e in run.errors}
    assert reasons[4] == "镇街「无名镇」不存在。"
    assert reasons[5] == "镇街「南村镇」不存在。"  # another town is not revealed
    assert "校验位" in reasons[6]
    shop = Employer.objects.get(uscc=codes[1])
    assert (shop.ownership, shop.industry, shop.union, shop.town) == (
        "private",
        "F",
        world.union_a,
        world.town_a,
    )
    assert shop.org_path == world.union_a.path
    again = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        content,
        kind="employers",
        name="单位.xlsx",
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_employer_row_breaking_a_form_rule_is_rejected_with_that_rule(
    world, django_capture_on_commit_callbacks, codes
):
    # given union A is a single-employer union that already has employer A
    rows = [["市桥丁厂", codes[0], "市桥街道", "私营企业", "制造业", "30", "甲公司工会委员会"]]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes(rows, header=HEADER),
        kind="employers",
    )
    assert run.rejected == 1 and "单独基层工会" in run.errors[0]["reason"]
    assert run.errors[0]["column"] == "所属基层工会"


def test_employer_of_another_town_is_not_changed(world, django_capture_on_commit_callbacks):
    rows = [
        [world.employer_b.name, world.employer_b.uscc, "市桥街道", "私营企业", "制造业", "5", ""]
    ]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes(rows, header=HEADER),
        kind="employers",
    )
    assert run.rejected == 1 and "其他镇街" in run.errors[0]["reason"]
    world.employer_b.refresh_from_db()
    assert world.employer_b.town == world.town_b
