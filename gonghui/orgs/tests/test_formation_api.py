"""Formation API (ORG-3): targets in scope, a contact, a founding, the setting; Chinese
errors naming the field."""

import pytest

from gonghui.core.clock import today
from gonghui.orgs.models import Employer, Founding
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_targets_contact_founding(world, client_for):
    target = EmployerFactory(name="丙塑料制品有限公司", town=world.town_b, headcount=80)
    EmployerFactory(town=world.town_a, headcount=80)
    client = client_for(world.town_b_user)
    rows = client.get(f"{API}/formation/targets").json()
    assert [r["id"] for r in rows["items"]] == [target.pk]
    assert rows["items"][0]["is_lead"] is False
    bad = post(
        client,
        f"{API}/employers/{target.pk}/formation/contacts",
        {"contacted_on": today().isoformat(), "method": "fax", "outcome": "willing"},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "method"
    ok = post(
        client,
        f"{API}/employers/{target.pk}/formation/contacts",
        {"contacted_on": today().isoformat(), "method": "visit", "outcome": "willing"},
    )
    assert ok.status_code == 201
    assert client.get(f"{API}/formation/contacts").json()["count"] == 1
    founded = post(
        client,
        f"{API}/employers/{target.pk}/formation/founding",
        {"founded_on": today().isoformat(), "first_chair": "李四", "founding_members": 30},
    )
    assert founded.status_code == 201
    assert Employer.objects.get(pk=target.pk).union_id == founded.json()["union_id"]
    assert client.get(f"{API}/formation/targets").json()["count"] == 0
    assert client.get(f"{API}/formation/foundings").json()["count"] == 1
    other = client_for(world.town_a_user)
    assert other.get(f"{API}/formation/foundings").json()["count"] == 0
    again = post(
        other,
        f"{API}/employers/{target.pk}/formation/founding",
        {"founded_on": today().isoformat(), "first_chair": "x", "founding_members": 3},
    )
    assert again.status_code == 404 and Founding.objects.count() == 1


def test_setting_api(world, client_for):
    body = {"effective_from": today().isoformat(), "min_headcount": 40}
    assert post(client_for(world.town_a_user), f"{API}/formation/setting", body).status_code == 403
    client = client_for(world.admin)
    assert post(client, f"{API}/formation/setting", body).status_code == 201
    assert client.get(f"{API}/formation/setting").json()["min_headcount"] == 40
    bad = post(client, f"{API}/formation/setting", {**body, "min_headcount": 0})
    assert bad.status_code == 422
