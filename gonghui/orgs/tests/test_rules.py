"""Employer rules (orgs.rules): pure, and the same for the form, the API and the importer."""

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError
from gonghui.core.ids import uscc_with_check
from gonghui.core.tests.importing.helpers import run_import, xlsx_bytes
from gonghui.orgs import rules, services
from gonghui.orgs.models import Employer
from gonghui.orgs.tests.factories import EmployerFactory, uscc

TOWN = SimpleNamespace(pk=2, kind="town", path="/1/2/", name="市桥街道总工会")
SINGLE = SimpleNamespace(pk=5, kind="grassroots", form="single", path="/1/2/5/", name="甲工会")
JOINT = SimpleNamespace(pk=6, kind="grassroots", form="joint", path="/1/2/6/", name="乙工会")


def _row(**overrides):
    row = {"pk": None, "name": "甲厂", "uscc": uscc(), "town": TOWN, "union": None}
    return row | overrides


def test_a_good_row_has_no_problems():
    assert rules.employer_problems(_row(), rules.EmployerContext()) == []


def test_each_rule_names_its_field():
    taken = uscc()
    context = rules.EmployerContext(holders={taken: (9, "乙厂")}, covered={SINGLE.pk: {9}})
    problems = dict(
        rules.employer_problems(_row(name=" ", uscc=taken, town=SINGLE, union=SINGLE), context)
    )
    assert problems == {
        "name": "单位名称不能为空。",
        "uscc": "统一社会信用代码已被「乙厂」使用。",
        "town": "所在镇街不存在。",
        "union": "「甲工会」是单独基层工会，已对应其他单位；多个单位共建请设为联合基层工会。",
    }
    # the employer itself may keep its own code and its own single union
    assert rules.employer_problems(_row(pk=9, uscc=taken, union=SINGLE), context) == []


def test_a_union_must_be_grassroots_and_a_joint_one_may_cover_many():
    context = rules.EmployerContext(covered={JOINT.pk: {1, 2, 3}})
    assert rules.employer_problems(_row(union=JOINT), context) == []
    assert dict(rules.employer_problems(_row(union=TOWN), context)) == {
        "union": "所属工会必须是基层工会。"
    }


@given(st.text(max_size=20))
def test_a_bad_code_is_a_problem_never_an_error(raw):
    problems = rules.employer_problems(_row(uscc=raw), rules.EmployerContext())
    valid = rules.clean_uscc(raw)[1] is None
    assert ("uscc" in dict(problems)) is not valid


@given(st.integers(min_value=0, max_value=10**9))
def test_accepting_a_row_makes_its_code_taken_for_the_next(counter):
    code = uscc_with_check(f"91440113MA{counter:08d}"[:17])
    context = rules.EmployerContext()
    context.accept(41, code, "先到厂", JOINT.pk)
    assert dict(rules.employer_problems(_row(uscc=code), context))["uscc"].startswith(
        "统一社会信用代码已被「先到厂」"
    )
    assert context.covered[JOINT.pk] == {41}


def test_service_and_importer_refuse_a_second_employer_of_a_single_union(
    world, django_capture_on_commit_callbacks
):
    # given union A (single) already covers employer A
    code = uscc()
    with pytest.raises(ApplicationError, match="单独基层工会"):
        services.employer_create(
            actor=world.town_a_user,
            name="第二家厂",
            uscc=code,
            ownership="private",
            industry="C",
            headcount=10,
            town=world.town_a,
            union=world.union_a,
        )
    header = ["单位名称", "统一社会信用代码", "所在镇街", "经济类型", "行业", "所属基层工会"]
    row = ["第二家厂", code, "市桥街道", "私营企业", "制造业", world.union_a.name]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes([row], header=header),
        kind="employers",
        name="单位.xlsx",
    )
    assert (run.created, run.rejected) == (0, 1)
    assert "单独基层工会" in run.errors[0]["reason"]
    assert not Employer.objects.filter(uscc=code).exists()


def test_two_rows_of_one_file_for_a_single_union_take_only_the_first(
    world, django_capture_on_commit_callbacks
):
    # given a single union with no employer yet, and a file naming it twice
    world.employer_a.union = None
    world.employer_a.save(update_fields=["union"])
    header = ["单位名称", "统一社会信用代码", "所在镇街", "经济类型", "行业", "所属基层工会"]
    rows = [
        ["一厂", uscc(), "市桥街道", "私营企业", "制造业", world.union_a.name],
        ["二厂", uscc(), "市桥街道", "私营企业", "制造业", world.union_a.name],
    ]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes(rows, header=header),
        kind="employers",
        name="单位.xlsx",
    )
    # then the rule sees the batch's own first row, as it would have seen a saved one
    assert (run.created, run.rejected) == (1, 1), run.errors
    assert Employer.objects.get(union=world.union_a).name == "一厂"


def test_factory_employers_satisfy_the_rules(world):
    employer = EmployerFactory(town=world.town_a)
    services.employer_validate(employer)
