"""The pickers' endpoints for unions, organizations and employers (issue #10, views/suggest.py)
and the picker fields that resolve what a person chose or typed (orgs.forms)."""

import datetime

import pytest

from gonghui.core.pinyin import name_initials
from gonghui.core.suggest import SUGGEST_LIMIT
from gonghui.core.tests.importing.helpers import run_import, xlsx_bytes
from gonghui.demo.build import build_demo
from gonghui.orgs.choices import Industry, OrgKind, Ownership, UnionForm
from gonghui.orgs.forms import EmployerField, OrganizationField, UnionField
from gonghui.orgs.models import Employer, Organization
from gonghui.orgs.services import (
    employer_create,
    employer_update,
    organization_create,
    organization_update,
)
from gonghui.orgs.tests.factories import EmployerFactory, make_org, uscc

UNIONS, ORGS, EMPLOYERS = "/suggest/unions/", "/suggest/organizations/", "/suggest/employers/"


def _names(client, url: str, q: str) -> list[str]:
    response = client.get(url, {"q": q})
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def jiayi(world):
    """A union and an employer of the same name in each town (「甲乙科技」: initials "jykj")."""
    a = make_org(world.town_a, name="甲乙科技有限公司工会", uscc=uscc("81"))
    b = make_org(world.town_b, name="甲乙科技有限公司工会", uscc=uscc("81"))
    ea = EmployerFactory(name="甲乙科技有限公司", town=world.town_a, union=a)
    eb = EmployerFactory(name="甲乙科技有限公司", town=world.town_b, union=b)
    return a, b, ea, eb


# ---- the endpoints: scope, permission, matching, the limit --------------------------------


@pytest.mark.parametrize("url", [UNIONS, ORGS, EMPLOYERS])
@pytest.mark.parametrize("q", ["甲乙", "jykj", "JYKJ", "甲乙科技有限公司"])
def test_a_town_b_row_is_never_suggested_to_a_town_a_user(client_for, world, jiayi, url, q):
    a, b, ea, eb = jiayi
    own = {UNIONS: a, ORGS: a, EMPLOYERS: ea}[url]
    found = client_for(world.town_a_user).get(url, {"q": q}).json()["results"]
    assert [row["id"] for row in found] == [own.pk], found  # theirs, never town B's
    # the district's staff see both towns' rows
    assert len(client_for(world.admin).get(url, {"q": q}).json()["results"]) == 2


def test_a_town_b_uscc_typed_by_a_town_a_user_finds_nothing(client_for, world, jiayi):
    _a, b, _ea, eb = jiayi
    client = client_for(world.town_a_user)
    assert _names(client, UNIONS, b.uscc) == []
    assert _names(client, ORGS, b.uscc) == []
    assert _names(client, EMPLOYERS, eb.uscc) == []
    both = client_for(world.admin).get(UNIONS, {"q": "jykj"}).json()["results"]
    assert sorted(row["parent"] for row in both) == ["南村镇总工会", "市桥街道总工会"]


@pytest.mark.parametrize("url", [UNIONS, ORGS, EMPLOYERS])
def test_a_role_without_the_permission_gets_403(client_for, world, url):
    assert not world.lawyer_a.can("orgs.view") and not world.lawyer_a.can("employers.view")
    response = client_for(world.lawyer_a).get(url, {"q": "甲"})
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(UNIONS, {"q": "甲"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_matches_part_of_the_name_a_uscc_prefix_and_pinyin_initials(client_for, world, jiayi):
    a, _b, ea, _eb = jiayi
    client = client_for(world.town_a_user)
    assert _names(client, UNIONS, "乙科") == [a.name]  # part of the name
    assert _names(client, UNIONS, a.uscc[:17]) == [a.name]  # the USCC's first characters
    assert _names(client, UNIONS, a.uscc[:17].lower()) == [a.name]  # in any case
    assert _names(client, UNIONS, "kjyx") == [a.name]  # initials from the middle
    assert _names(client, EMPLOYERS, "jykj") == [ea.name]
    assert _names(client, EMPLOYERS, ea.uscc[:17]) == [ea.name]
    assert _names(client, ORGS, "sqjd") == ["市桥街道总工会"]  # any kind of organization
    assert _names(client, UNIONS, "sqjd") == []  # … the union picker offers unions only
    assert _names(client, UNIONS, "") == []  # no query, no rows


def test_each_row_says_where_it_sits(client_for, world, jiayi):
    a, _b, ea, _eb = jiayi
    client = client_for(world.town_a_user)
    (union,) = client.get(UNIONS, {"q": "jykj"}).json()["results"]
    assert union == {"id": a.pk, "name": a.name, "parent": "市桥街道总工会", "code": a.uscc}
    (employer,) = client.get(EMPLOYERS, {"q": "jykj"}).json()["results"]
    assert employer["parent"] == f"市桥街道总工会 · {a.name}" and employer["code"] == ea.uscc


def test_at_most_20_shortest_names_first(client_for, world):
    for n in range(25):
        make_org(world.union_a.parent, name=f"联合测试{'甲' * (n % 5)}{n}号工会")
    client = client_for(world.town_a_user)
    found = _names(client, UNIONS, "联合测试")
    assert len(found) == SUGGEST_LIMIT
    assert [len(name) for name in found] == sorted(len(name) for name in found)


def test_an_inactive_union_is_not_offered(client_for, world):
    make_org(world.town_a, name="已撤销测试工会", is_active=False)
    assert _names(client_for(world.town_a_user), UNIONS, "已撤销") == []
    assert _names(client_for(world.town_a_user), ORGS, "已撤销") == ["已撤销测试工会"]


# ---- name_initials set wherever a name is written -----------------------------------------


def test_the_services_set_the_initials_on_create_and_rename(world):
    org = organization_create(
        actor=world.town_a_user,
        parent=world.town_a,
        kind=OrgKind.GRASSROOTS,
        name="番禺区测试灯饰厂工会",
        form=UnionForm.SINGLE,
    )
    assert org.name_initials == "pyqcsdscgh"
    org = organization_update(
        actor=world.town_a_user, org=org, version=org.version, name="重庆测试工会"
    )
    assert Organization.objects.get(pk=org.pk).name_initials == "cqcsgh"  # 重 read as chong
    employer = employer_create(
        actor=world.town_a_user,
        name="广州ABC电子厂",
        uscc=uscc(),
        ownership=Ownership.PRIVATE,
        industry=Industry.MANUFACTURING,
        headcount=30,
        town=world.town_a,
    )
    assert Employer.objects.get(pk=employer.pk).name_initials == "gzabcdzc"
    employer_update(
        actor=world.town_a_user, employer=employer, version=employer.version, name="市桥五金厂"
    )
    assert Employer.objects.get(pk=employer.pk).name_initials == "sqwjc"


def test_the_employer_import_sets_the_initials_of_new_and_renamed_rows(
    world, django_capture_on_commit_callbacks
):
    header = ["单位名称", "统一社会信用代码", "所在镇街", "经济类型", "行业", "职工人数"]
    new_uscc = uscc()
    rows = [
        ["新建导入测试公司", new_uscc, "市桥街道", "私营企业", "制造业", "50"],
        ["改名导入测试公司", world.employer_a.uscc, "市桥街道", "私营企业", "制造业", "120"],
    ]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes(rows, header=header),
        kind="employers",
        name="单位.xlsx",
    )
    assert run.rejected == 0, run
    assert Employer.objects.get(uscc=new_uscc).name_initials == "xjdrcsgs"
    assert Employer.objects.get(pk=world.employer_a.pk).name_initials == "gmdrcsgs"


@pytest.mark.django_db
def test_the_demo_gives_every_organization_and_employer_its_initials():
    build_demo(seed=5, scale="tiny", as_of=datetime.date(2026, 11, 25), only=["orgs"])
    for model in (Organization, Employer):
        rows = list(model.objects.values_list("name", "name_initials"))
        assert rows
        assert all(initials == name_initials(name) and initials for name, initials in rows)


# ---- the picker fields: an id picked, or a name or USCC typed without JavaScript ----------


def test_an_id_out_of_scope_is_refused_in_chinese(world):
    field = UnionField(user=world.town_a_user)
    with pytest.raises(Exception) as refused:
        field.clean(str(world.union_b.pk))
    assert refused.value.messages == ["所选基层工会不存在或不在您的管理范围内，请重新选择。"]
    assert field.clean(str(world.union_a.pk)) == world.union_a
    employers = EmployerField(user=world.town_a_user)
    with pytest.raises(Exception) as refused:
        employers.clean(str(world.employer_b.pk))
    assert refused.value.messages == ["所选单位不存在或不在您的管理范围内，请重新选择。"]


def test_an_exact_name_or_uscc_typed_without_javascript_resolves(world, jiayi):
    a, _b, ea, _eb = jiayi
    unions = UnionField(user=world.town_a_user)
    assert unions.clean("甲公司工会委员会") == world.union_a
    assert unions.clean(f"  {a.uscc.lower()} ") == a
    assert EmployerField(user=world.town_a_user).clean(ea.uscc) == ea
    assert OrganizationField(user=world.town_a_user).clean("市桥街道总工会") == world.town_a
    with pytest.raises(Exception) as refused:
        unions.clean("乙公司工会委员会")  # town B's, by its exact name: not in scope
    assert "在您的管理范围内没有名为「乙公司工会委员会」的基层工会" in refused.value.messages[0]


def test_an_ambiguous_name_asks_for_the_code(world, jiayi):
    a, _b, _ea, _eb = jiayi
    unions = UnionField(user=world.admin)  # the district sees both 「甲乙科技有限公司工会」
    with pytest.raises(Exception) as refused:
        unions.clean("甲乙科技有限公司工会")
    message = refused.value.messages[0]
    assert (
        "有2个名为「甲乙科技有限公司工会」的基层工会" in message and "统一社会信用代码" in message
    )
    assert unions.clean(a.uscc) == a  # the code settles it
    with pytest.raises(Exception) as refused:
        EmployerField(user=world.admin).clean("甲乙科技有限公司")
    assert refused.value.messages == [
        "有多个名为「甲乙科技有限公司」的单位，请从列表中选择或输入统一社会信用代码。"
    ]


def test_the_box_shows_the_name_of_a_picked_id(world):
    field = UnionField(user=world.town_a_user)
    assert field.prepare_value(str(world.union_a.pk)) == world.union_a.name
    assert field.prepare_value(str(world.union_b.pk)) == str(world.union_b.pk)  # not theirs
    html = field.widget.render("union", "")
    assert 'data-picker="/suggest/unions/"' in html and 'autocomplete="off"' in html
