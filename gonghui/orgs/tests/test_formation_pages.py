"""Formation pages (ORG-3): the targets with filters and scope, the employer's formation page
(a contact, a founding with Chinese errors), the contacts and foundings lists, the setting,
the employer page's panel, the menu and the exports."""

import pytest
from django.template.loader import render_to_string

from gonghui.core.clock import today
from gonghui.core.registry import menu_for, registry
from gonghui.orgs import services_formation
from gonghui.orgs.models import Employer, FormationContact, FormationSetting, Founding
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(world):
    return EmployerFactory(name="丙塑料制品有限公司", town=world.town_b, headcount=80)


def test_targets_page_scope_and_filters(world, client_for, target):
    other = EmployerFactory(name="丁服装有限公司", town=world.town_a, headcount=90)
    body = client_for(world.town_b_user).get("/formation/").content.decode()
    assert "丙塑料制品有限公司" in body and "丁服装有限公司" not in body
    assert "职工人数 25 人以上" in body
    body = client_for(world.admin).get("/formation/", {"town": world.town_a.pk}).content.decode()
    assert "丁服装有限公司" in body and "丙塑料制品有限公司" not in body
    bad = client_for(world.admin).get("/formation/", {"headcount_min": "abc"})
    assert bad.status_code == 200 and "职工人数" in bad.content.decode()
    assert other.pk


def test_contact_and_founding_on_the_employer_page(world, client_for, target):
    client = client_for(world.town_b_user)
    url = f"/employers/{target.pk}/formation/"
    page = client.get(url)
    assert page.status_code == 200 and "登记组建" in page.content.decode()
    late = client.post(
        url,
        {"form": "contact", "contacted_on": "2999-01-01", "method": "visit", "outcome": "willing"},
    )
    assert "联系日期不能晚于今天" in late.content.decode()
    done = client.post(
        url,
        {
            "form": "contact",
            "contacted_on": today().isoformat(),
            "method": "visit",
            "outcome": "willing",
            "contact_person": "王经理",
        },
    )
    assert done.status_code == 302 and FormationContact.objects.filter(employer=target).count() == 1
    assert "王经理" in client.get(url).content.decode()
    too_many = client.post(
        url,
        {
            "form": "founding",
            "founded_on": today().isoformat(),
            "first_chair": "李四",
            "founding_members": "500",
        },
    )
    assert "不能多于单位职工人数" in too_many.content.decode()
    founded = client.post(
        url,
        {
            "form": "founding",
            "founded_on": today().isoformat(),
            "first_chair": "李四",
            "founding_members": "60",
            "name": "丙塑料工会委员会",
        },
    )
    founding = Founding.objects.get()
    assert founded.status_code == 302 and founded.url == f"/orgs/{founding.union_id}/"
    assert Employer.objects.get(pk=target.pk).union.name == "丙塑料工会委员会"
    assert "丙塑料" in client.get("/formation/foundings/").content.decode()
    assert "丙塑料" not in client.get("/formation/").content.decode()


def test_other_town_and_chair_cannot(world, client_for, target):
    assert (
        client_for(world.town_a_user).get(f"/employers/{target.pk}/formation/").status_code == 404
    )
    # formation is staff work (formation.view): a chair's union exists already
    chair_page = client_for(world.chair_a).get(f"/employers/{world.employer_a.pk}/formation/")
    assert chair_page.status_code == 403
    assert client_for(world.chair_a).get("/formation/").status_code == 403
    response = client_for(world.auditor).post(
        f"/employers/{target.pk}/formation/",
        {
            "form": "founding",
            "founded_on": today().isoformat(),
            "first_chair": "x",
            "founding_members": "3",
        },
    )
    assert response.status_code == 403
    assert not Founding.objects.exists()


def test_setting_page_for_the_district_only(world, client_for):
    assert client_for(world.town_a_user).get("/formation/setting/").status_code == 403
    client = client_for(world.admin)
    response = client.post(
        "/formation/setting/", {"effective_from": today().isoformat(), "min_headcount": "50"}
    )
    assert response.status_code == 302 and FormationSetting.objects.get().min_headcount == 50
    assert "<strong>50</strong>" in client.get("/formation/setting/").content.decode()
    bad = client.post("/formation/setting/", {"effective_from": "x", "min_headcount": "0"})
    assert "1至10000" in bad.content.decode()


def test_contacts_list_and_employer_panel(world, client_for, target):
    services_formation.formation_contact_record(
        actor=world.town_b_user,
        employer=target,
        contacted_on=today(),
        method="phone",
        outcome="refused",
        note="老板不在",
    )
    body = client_for(world.town_b_user).get("/formation/contacts/").content.decode()
    assert "丙塑料制品有限公司" in body and "暂不组建" in body
    assert (
        "丙塑料" not in client_for(world.town_a_user).get("/formation/contacts/").content.decode()
    )
    # the employer page's panel (rendered alone: core.registry.rendered_detail_panels)
    panel = registry["detail_panels"]["orgs.Employer"]["formation"]
    context = panel.context(target, world.town_b_user)
    html = render_to_string(panel.template, {"obj": target, "user": world.town_b_user, **context})
    assert "联系记录 1 条" in html and "暂不组建" in html and "属组建目标" in html
    assert panel.context(world.employer_a, world.admin) is None  # has a union, not founded here


def test_menu_and_exports(world, client_for, target):
    items = [i.key for _s, items in menu_for(world.town_b_user) for i in items]
    assert "formation" in items and "certificates" in items
    for name in ("orgs.formation_targets", "orgs.formation_contacts", "orgs.formation_foundings"):
        response = client_for(world.town_b_user).post(f"/exports/{name}/", {})
        assert response.status_code in (302, 200), name
