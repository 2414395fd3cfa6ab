"""A whole RIC or phone is searched by POST and never lands in a URL, a job's filters or the
audit log (issue #12): the list's URL and its export carry the number's keyed hash."""

import pytest

from gonghui.core.models import AuditEntry, Job
from gonghui.members.tests.factories import make_member

from .test_exports import export

pytestmark = pytest.mark.django_db


def test_a_whole_ric_is_posted_and_the_list_url_holds_only_its_hash(
    world, roster, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    wanted = roster["woman"]
    response = client.post("/members/?status=active", {"ric": wanted.ric.lower()})
    assert response.status_code == 302
    url = response.url
    assert wanted.ric not in url.upper()
    assert "status=active" in url and f"ric_hash={wanted.ric_hash}" in url
    page = client.get(url)
    assert [m.name for m in page.context["page"]] == ["女工乙"]
    assert 'id="by-whole-number"' in page.content.decode()
    # exported as the page shows it: the job and the audit entry hold the hash, not the number
    query = dict(page.wsgi_request.GET.items())
    rows = export(client, "members.members", query, django_capture_on_commit_callbacks)
    assert [r[0] for r in rows[1:]] == ["女工乙"]
    job = Job.objects.latest("pk")
    entry = AuditEntry.objects.get(action="members.member.exported")
    for stored in (str(job.params), str(entry.data)):
        assert wanted.ric not in stored and wanted.ric_hash in stored


def test_a_whole_phone_is_found_the_same_way(world, roster, client_for):
    client = client_for(world.town_a_user)
    wanted = roster["model"]
    response = client.post("/members/", {"phone": wanted.phone})
    assert wanted.phone not in response.url and f"phone_hash={wanted.phone_hash}" in response.url
    assert [m.name for m in client.get(response.url).context["page"]] == ["劳模丙"]


def test_the_hash_finds_nothing_out_of_scope(world, roster, client_for):
    client = client_for(world.town_a_user)
    response = client.post("/members/", {"ric": roster["other_town"].ric})
    assert list(client.get(response.url).context["page"]) == []


def test_a_whole_number_in_the_url_is_refused_and_matches_nothing_by_it(world, client_for):
    member = make_member(world.union_a, name="号码甲")
    make_member(world.union_a, name="号码乙")
    page = client_for(world.town_a_user).get("/members/", {"ric": member.ric})
    text = page.content.decode()
    assert "按完整号码查找" in text and "只填后4位" in text
    assert page.context["filter_form"].filters() == {}  # the list is shown unfiltered


def test_a_bad_whole_number_is_said_on_the_page(world, client_for):
    client = client_for(world.town_a_user)
    page = client.post("/members/", {"ric": "123"})
    assert page.status_code == 200 and "身份证号应为18位" in page.content.decode()
    page = client.post("/members/", {})
    assert "请输入完整的身份证号或手机号" in page.content.decode()


def test_the_last_four_digits_still_filter_in_the_url(world, roster, client_for):
    wanted = roster["migrant"]
    page = client_for(world.town_a_user).get("/members/", {"ric": wanted.ric[-4:]})
    assert "农民工丁" in [m.name for m in page.context["page"]]


def test_the_api_takes_a_whole_number_in_the_body_and_only_the_last_four_in_the_query(
    world, roster, client_for
):
    client = client_for(world.town_a_user)
    wanted = roster["woman"]
    found = client.post(
        "/api/v1/members/search?status=active", {"ric": wanted.ric}, content_type="application/json"
    )
    assert found.status_code == 200 and [m["name"] for m in found.json()["items"]] == ["女工乙"]
    by_phone = client.post(
        "/api/v1/members/search", {"phone": wanted.phone}, content_type="application/json"
    )
    assert [m["name"] for m in by_phone.json()["items"]] == ["女工乙"]
    bad = client.post("/api/v1/members/search", {"ric": "123"}, content_type="application/json")
    assert bad.status_code == 400 and "18位" in str(bad.json())
    in_url = client.get("/api/v1/members", {"ric": wanted.ric})
    assert in_url.status_code == 422 and "ric" in str(in_url.json())
    assert [
        m["name"] for m in client.get("/api/v1/members", {"ric": wanted.ric[-4:]}).json()["items"]
    ]
