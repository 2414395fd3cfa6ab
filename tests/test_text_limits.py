"""Every text field has a length limit, enforced on every path and both databases (issue #12:
a 2 MiB case note was stored, and a 3,000-character chair_name was asked to be)."""

import datetime

import pytest
from django.apps import apps
from django.db import models

from gonghui.accounts.services import token_create
from gonghui.core.clock import today
from gonghui.core.storable import check_storable
from gonghui.orgs.models import Organization
from gonghui.rights.models import CaseNote
from gonghui.rights.services import handling, registration

pytestmark = pytest.mark.django_db


def _text_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("gonghui."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                yield model, field


def test_every_text_field_of_every_gonghui_model_has_a_length_limit():
    # TextField included: without max_length storable had nothing to hold a note to
    unlimited = [f"{m._meta.label}.{f.name}" for m, f in _text_fields() if not f.max_length]
    assert unlimited == []
    fields = {f"{m._meta.label}.{f.name}": f.max_length for m, f in _text_fields()}
    assert fields["rights.CaseNote.text"] == 10_000
    assert fields["rights.Case.summary"] == 5000
    assert fields["members.Member.ric"] == 18  # the clear text, checked before encryption


def test_storable_refuses_a_text_over_its_limit_with_the_field_named(world):
    org = Organization(name="甲" * 121, parent=world.town_a)
    with pytest.raises(Exception, match="最多120个字符") as exc:
        check_storable(org)
    assert exc.value.field == "name"


@pytest.fixture
def api(world, client):
    _token, key = token_create(user=world.town_a_user, name="limits")

    def call(method: str, path: str, body=None):
        return getattr(client, method)(
            f"/api/v1{path}",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )

    return call


@pytest.fixture
def accepted_case(world):
    case = registration.case_register(
        actor=world.town_a_user,
        kind="petition",
        channel="visit",
        received_on=today() - datetime.timedelta(days=1),
        subject="wages",
        summary="拖欠工资",
        contact_name="陈大明",
        employer=world.employer_a,
    )
    return handling.case_accept(actor=world.town_a_user, case=case, version=case.version)


def test_a_two_mebibyte_case_note_is_refused_on_the_api(world, api, accepted_case):
    path = f"/rights/cases/{accepted_case.pk}/notes"
    before = CaseNote.objects.count()
    response = api("post", path, {"kind": "note", "text": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 400, response.content[:200]
    body = response.json()
    assert body["field"] == "text" and "最多10000个字符" in body["detail"]
    assert CaseNote.objects.count() == before
    # the limit itself is a note that fits
    assert api("post", path, {"kind": "note", "text": "记" * 10_000}).status_code == 201


def test_a_long_case_note_is_refused_on_the_page(world, client_for, accepted_case):
    client = client_for(world.town_a_user)
    url = f"/rights/cases/{accepted_case.pk}/notes/"
    before = CaseNote.objects.count()
    response = client.post(url, {"kind": "note", "text": "记" * 10_001}, follow=True)
    assert "最多10000个字符" in response.content.decode()
    assert CaseNote.objects.count() == before


def test_patching_an_organization_with_a_3000_character_chair_name_is_refused(world, api):
    org = world.union_a
    response = api("patch", f"/orgs/{org.pk}", {"version": org.version, "chair_name": "张" * 3000})
    assert response.status_code == 400
    assert response.json()["field"] == "chair_name"
    org.refresh_from_db()
    assert org.chair_name == "" and org.version == world.union_a.version
