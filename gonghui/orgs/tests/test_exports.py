"""The orgs lists' exports (core.exports; issue #10, Lists): the file of a filtered list
holds exactly the rows its page shows, never another town's, with IDs as text and the
chair's phone masked unless exported in full."""

import datetime

import pytest

from gonghui.core.clock import today
from gonghui.core.models import AuditEntry, Job
from gonghui.orgs.models import Term
from gonghui.orgs.tests.factories import EmployerFactory, make_org
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db


def _export(client, name, data, capture) -> list[tuple]:
    with capture(execute=True):
        response = client.post(f"/exports/{name}/", data)
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED, job.message
    sheet = stored_workbook(job.result_file).active
    return list(sheet.values)


def _column(rows: list[tuple], header: str) -> list:
    at = rows[0].index(header)
    return [r[at] for r in rows[1:]]


def test_organization_export_holds_the_filtered_page(
    world, client_for, django_capture_on_commit_callbacks
):
    # given
    make_org(world.town_a, name="丙公司工会委员会", established_on=datetime.date(2015, 6, 1))
    make_org(world.town_a, name="丁公司工会委员会", established_on=datetime.date(2019, 6, 1))
    make_org(world.town_b, name="乙镇同年工会委员会", established_on=datetime.date(2015, 1, 1))
    client = client_for(world.town_a_user)
    page = client.get("/orgs/list/", {"established_year": "2015"}).content.decode()
    assert 'data-export="orgs.organizations"' in page
    assert 'name="established_year" value="2015"' in page  # the button posts the filter
    # when
    rows = _export(
        client,
        "orgs.organizations",
        {"established_year": "2015"},
        django_capture_on_commit_callbacks,
    )
    # then: what the page shows, not town B's union of the same year
    assert _column(rows, "名称") == ["丙公司工会委员会"]
    assert "丙公司工会委员会" in page and "丁公司工会委员会" not in page
    entry = AuditEntry.objects.get(action="core.list.exported")
    assert entry.data["filters"] == {"established_year": 2015} and entry.data["rows"] == 1


def test_organization_export_masks_the_chairs_phone_unless_full(
    world, client_for, django_capture_on_commit_callbacks
):
    world.union_a.chair_phone = "13812345678"
    world.union_a.save(update_fields=["chair_phone"])
    asked = {"q": "甲公司", "full": "1"}
    # the chair sees the list but may not edit organizations: masked though asked in full
    chair = _export(
        client_for(world.chair_a), "orgs.organizations", asked, django_capture_on_commit_callbacks
    )
    assert _column(chair, "联系电话") == ["138****5678"]
    staff = client_for(world.town_a_user)
    full = _export(staff, "orgs.organizations", asked, django_capture_on_commit_callbacks)
    assert _column(full, "联系电话") == ["13812345678"]
    plain = _export(
        staff, "orgs.organizations", {"q": "甲公司"}, django_capture_on_commit_callbacks
    )
    assert _column(plain, "联系电话") == ["138****5678"]
    assert _column(plain, "组织编号") == [str(world.union_a.pk)]  # an ID, as text


def test_employer_export_holds_the_filtered_page_with_the_new_filters(
    world, client_for, django_capture_on_commit_callbacks
):
    EmployerFactory(name="戊派遣有限公司", town=world.town_a, headcount=800, is_labor_dispatch=True)
    EmployerFactory(name="己小店", town=world.town_a, headcount=8, is_labor_dispatch=True)
    EmployerFactory(name="乙镇派遣公司", town=world.town_b, headcount=900, is_labor_dispatch=True)
    filters = {"headcount_min": "500", "labor_dispatch": "yes"}
    client = client_for(world.town_a_user)
    page = client.get("/employers/", filters).content.decode()
    rows = _export(client, "orgs.employers", filters, django_capture_on_commit_callbacks)
    assert _column(rows, "单位名称") == ["戊派遣有限公司"]
    assert "戊派遣有限公司" in page and "己小店" not in page and "乙镇派遣公司" not in page
    assert _column(rows, "劳务派遣企业") == ["是"]
    sheet = stored_workbook(Job.objects.latest("pk").result_file).active
    assert sheet.cell(row=2, column=2).data_type == "s"  # the USCC is text


def _term(org, ends_on):
    return Term.objects.create(
        organization=org,
        org_path=org.path,
        number=2,
        term_years=5,
        starts_on=ends_on - datetime.timedelta(days=5 * 365),
        ends_on=ends_on,
    )


def test_terms_export_holds_the_filtered_lists(
    world, client_for, django_capture_on_commit_callbacks
):
    now = today()
    _term(world.union_a, now - datetime.timedelta(days=30))
    soon = make_org(world.town_a, name="庚公司工会委员会")
    _term(soon, now + datetime.timedelta(days=10))
    _term(world.union_b, now - datetime.timedelta(days=5))
    client = client_for(world.town_a_user)
    assert 'data-export="orgs.terms"' in client.get("/orgs/terms/").content.decode()
    both = _export(client, "orgs.terms", {}, django_capture_on_commit_callbacks)
    assert _column(both, "工会") == ["甲公司工会委员会", "庚公司工会委员会"]  # not town B's
    assert _column(both, "届满情况") == ["逾期 30 天", "剩余 10 天"]
    overdue = _export(client, "orgs.terms", {"due": "overdue"}, django_capture_on_commit_callbacks)
    assert _column(overdue, "工会") == ["甲公司工会委员会"]
    job = Job.objects.latest("pk")
    assert job.params["return_url"] == "/orgs/terms/?due=overdue"


def test_coverage_export_is_the_table_shown(world, client_for, django_capture_on_commit_callbacks):
    make_org(
        world.town_a,
        name="丙公司工会委员会",
        signboard_displayed=True,
        chair_identity_displayed=True,
    )
    client = client_for(world.admin)
    rows = _export(
        client, "orgs.coverage", {"town": world.town_a.pk}, django_capture_on_commit_callbacks
    )
    assert rows[1:] == [
        ("市桥街道总工会", 2, 1, "50.0%", 0, "0.0%"),
        ("合计", 2, 1, "50.0%", 0, "0.0%"),
    ]
    town_staff = client_for(world.town_a_user)
    mine = _export(town_staff, "orgs.coverage", {}, django_capture_on_commit_callbacks)
    assert "南村镇总工会" not in _column(mine, "镇街 / 系统")


def test_an_export_with_a_bad_filter_is_unfiltered_like_its_page(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    page = client.get("/employers/", {"headcount_min": "-1"}).content.decode()
    assert "职工人数不能为负数" in page and "甲电子有限公司" in page
    rows = _export(
        client, "orgs.employers", {"headcount_min": "-1"}, django_capture_on_commit_callbacks
    )
    assert _column(rows, "单位名称") == ["甲电子有限公司"]
