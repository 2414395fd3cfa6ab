"""The collections API and the lists' exports: the same scope, permissions and services as
the pages (FUND-1)."""

import datetime
from decimal import Decimal

import pytest

from gonghui.core.models import Job
from gonghui.demo.numbers import uscc
from gonghui.finance.choices import CollectionState
from gonghui.finance.models import Collection
from gonghui.finance.tests.factories import make_collection
from gonghui.orgs.tests.factories import EmployerFactory
from tests.stored import stored_workbook

pytestmark = pytest.mark.django_db
API = "/api/v1/finance"
JAN, FEB = datetime.date(2013, 1, 1), datetime.date(2013, 2, 1)


@pytest.fixture
def rows(world):
    lead = EmployerFactory(name="丙未建会有限公司", town=world.town_a, union=None)
    return {
        "a": make_collection(world.employer_a, JAN, "1000.00"),
        "a_feb": make_collection(world.employer_a, FEB, "3000.00"),
        "b": make_collection(world.employer_b, JAN, "700.00"),
        "lead": make_collection(lead, JAN, "300.00"),
        "stray": make_collection(
            None,
            JAN,
            "90.00",
            uscc=uscc("91", "440113", 88, lead="EX"),
            org_path=world.district.path,
        ),
    }


def test_the_list_and_one_row_within_scope(world, rows, client_for):
    town = client_for(world.town_a_user)
    listed = town.get(f"{API}/collections")
    assert listed.status_code == 200
    ids = {item["id"] for item in listed.json()["items"]}
    assert ids == {rows["a"].pk, rows["a_feb"].pk, rows["lead"].pk}
    assert town.get(f"{API}/collections/{rows['b'].pk}").status_code == 404
    one = town.get(f"{API}/collections/{rows['a'].pk}").json()
    assert (one["amount"], one["period"], one["state"]) == ("1000.00", "2013-01-01", "matched")
    filtered = client_for(world.admin).get(
        f"{API}/collections", {"state": "unmatched", "period_from": "2013-01"}
    )
    assert [i["id"] for i in filtered.json()["items"]] == [rows["stray"].pk]
    bad = client_for(world.admin).get(f"{API}/collections", {"period_from": "2013-13"})
    assert bad.status_code == 422
    assert "不是有效的月份" in bad.json()["errors"][0]["message"]


def test_match_and_reverse(world, rows, client_for):
    admin = client_for(world.admin)
    stray = rows["stray"]
    answer = admin.post(
        f"{API}/collections/{stray.pk}/match",
        {"employer_id": world.employer_b.pk},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"matched": [stray.pk]}
    again = admin.post(
        f"{API}/collections/{stray.pk}/match",
        {"employer_id": world.employer_b.pk},
        content_type="application/json",
    )
    assert again.status_code == 400 and "已匹配单位或已冲销" in str(again.json())
    missing = admin.post(
        f"{API}/collections/{rows['a'].pk}/match",
        {"employer_id": 10**15},
        content_type="application/json",
    )
    assert missing.status_code == 404 and "employer_id" in str(missing.json())
    reversed_ = admin.post(
        f"{API}/collections/{stray.pk}/reverse",
        {"reason": "重复代收"},
        content_type="application/json",
    )
    assert reversed_.status_code == 201, reversed_.content
    assert reversed_.json()["amount"] == "-90.00" and reversed_.json()["reverses_id"] == stray.pk
    stray.refresh_from_db()
    assert stray.state == CollectionState.REVERSED
    # a town may do neither
    town = client_for(world.town_a_user)
    denied = town.post(
        f"{API}/collections/{rows['a'].pk}/reverse",
        {"reason": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403


def test_the_three_lists(world, rows, client_for):
    admin = client_for(world.admin)
    payers = admin.get(f"{API}/payers-without-union").json()["items"]
    assert [(p["name"], p["total"], p["months"], p["has_union"]) for p in payers] == [
        ("丙未建会有限公司", "300.00", 1, False)
    ]
    non = admin.get(f"{API}/non-payers", {"period": "2013-02"}).json()["items"]
    assert [n["employer_id"] for n in non] == [world.employer_b.pk]
    assert non[0]["last_paid"] == "2013-01-01"
    jumps = admin.get(f"{API}/payroll-jumps").json()["items"]
    assert [(j["collection_id"], j["change_percent"]) for j in jumps] == [
        (rows["a_feb"].pk, "200.0")
    ]
    town_b = client_for(world.town_b_user)
    assert town_b.get(f"{API}/payers-without-union").json()["items"] == []
    assert town_b.get(f"{API}/payroll-jumps").json()["items"] == []


def test_the_collection_export_keeps_to_scope(
    world, rows, client_for, django_capture_on_commit_callbacks
):
    town = client_for(world.town_a_user)
    page = town.get("/finance/collections/").content.decode()
    assert 'data-export="finance.collections"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = town.post("/exports/finance.collections/", {})
    job = Job.objects.latest("pk")
    assert response.url == f"/jobs/{job.pk}/" and job.status == Job.Status.SUCCEEDED
    header, *body = list(stored_workbook(job.result_file).active.values)
    assert header[0] == "所属期" and len(body) == 3
    assert {row[1] for row in body} == {world.employer_a.uscc, rows["lead"].uscc}
    amounts = sorted(Decimal(str(row[7])) for row in body)
    assert amounts == [Decimal("300"), Decimal("1000"), Decimal("3000")]


@pytest.mark.parametrize(
    "name", ["finance.payers_without_union", "finance.non_payers", "finance.payroll_jumps"]
)
def test_the_lists_export(world, rows, client_for, django_capture_on_commit_callbacks, name):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.admin).post(f"/exports/{name}/", {})
    job = Job.objects.latest("pk")
    assert job.status == Job.Status.SUCCEEDED, job.message
    _header, *body = list(stored_workbook(job.result_file).active.values)
    assert len(body) == 1
    assert Collection.objects.count() == 5
