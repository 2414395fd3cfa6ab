"""Writes of sessions and records (services.congress): the rules refuse what they forbid,
naming the field; scope and permission; edits with the version; audit entries."""

import datetime

import pytest
from django.http import Http404

from gonghui.core.audit import AuditEntry
from gonghui.core.edit import ConflictError
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.democracy.choices import CongressForm, DisclosureItem, Frequency
from gonghui.democracy.models import CongressSession, OpenAffairsRecord
from gonghui.democracy.services import congress as services
from gonghui.democracy.tests.factories_congress import ALL_ITEMS
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def _session(world, **kw):
    return {
        "employer": world.employer_a, "form": CongressForm.CONGRESS, "term_number": 2,
        "session_number": 3, "held_on": datetime.date(2013, 4, 20), "workers_total": 800,
        "delegates_total": 60, "delegates_attended": 50, "frontline_delegates": 40,
        "manager_delegates": 8, "women_delegates": 25, "agenda": "审议工资集体合同草案",
        **kw,
    }  # fmt: skip


def _refused(field, call):
    with pytest.raises(ApplicationError) as caught:
        call()
    assert caught.value.field == field, caught.value.message
    return caught.value.message


def test_a_session_recorded_and_audited(world):
    session = services.session_create(actor=world.chair_a, **_session(world))
    assert session.union == world.union_a and session.org_path == world.union_a.path
    assert session.created_by == world.chair_a
    entry = AuditEntry.objects.get(action="democracy.congress.created")
    assert entry.data["delegates_attended"] == 50


def test_what_the_rules_forbid_is_refused_by_field(world):
    def create(**kw):
        return lambda: services.session_create(actor=world.town_a_user, **_session(world, **kw))

    assert "不能多于应到人数" in _refused("delegates_attended", create(delegates_attended=61))
    _refused("delegates_total", create(delegates_total=0, delegates_attended=0))
    _refused("women_delegates", create(women_delegates=70))
    _refused("held_on", create(held_on=datetime.date(2999, 1, 1)))
    _refused("agenda", create(agenda="  "))
    _refused("agenda", create(agenda="议" * 3001))
    _refused("term_number", create(term_number=0))
    _refused("delegates_total", create(delegates_total="六十"))
    no_union = EmployerFactory(town=world.town_a)
    assert "尚未建立工会" in _refused("employer", create(employer=no_union))
    assert not CongressSession.objects.exists()


def test_scope_and_permission(world):
    with pytest.raises(Http404):
        services.session_create(
            actor=world.town_a_user, **_session(world, employer=world.employer_b)
        )
    with pytest.raises(PermissionDenied):
        services.session_create(actor=world.auditor, **_session(world))
    assert not CongressSession.objects.exists()


def test_an_inquorate_session_is_recorded_with_its_warning(world):
    from gonghui.democracy.queries.congress import employers_with_congress

    services.session_create(actor=world.town_a_user, **_session(world, delegates_attended=39))
    assert CongressSession.objects.count() == 1
    assert not employers_with_congress(2013).exists()


def test_an_edit_needs_the_version_read(world):
    session = services.session_create(actor=world.town_a_user, **_session(world))
    edited = services.session_update(
        actor=world.town_a_user,
        session=session,
        version=session.version,
        **_session(world, delegates_attended=45),
    )
    assert edited.version == session.version + 1 and edited.delegates_attended == 45
    entry = AuditEntry.objects.get(action="democracy.congress.updated")
    assert entry.data == {"delegates_attended": [50, 45]}
    with pytest.raises(ConflictError):
        services.session_update(actor=world.town_a_user, session=session, version=0,
                                **_session(world))  # fmt: skip


def _record(world, **kw):
    return {"employer": world.employer_a, "year": 2013, "items": ALL_ITEMS,
            "methods": ["board", "congress"], "frequency": Frequency.QUARTERLY,
            "has_supervision_group": True, "last_disclosed_on": datetime.date(2013, 12, 1),
            **kw}  # fmt: skip


def test_a_record_once_a_year(world):
    record = services.record_create(
        actor=world.chair_a, **_record(world, items=["safety", "hiring"])
    )
    assert record.items == ["hiring", "safety"]  # in the checklist's order
    assert "已登记" in _refused(
        "year", lambda: services.record_create(actor=world.chair_a, **_record(world))
    )
    services.record_create(actor=world.chair_a, **_record(world, year=2012, last_disclosed_on=None))
    assert OpenAffairsRecord.objects.count() == 2
    assert AuditEntry.objects.filter(action="democracy.open_affairs.created").count() == 2


def test_a_record_refused_by_field(world):
    def create(**kw):
        return lambda: services.record_create(actor=world.chair_a, **_record(world, **kw))

    _refused("items", create(items=[]))
    _refused("items", create(items=["dividends"]))
    _refused("methods", create(methods=["radio"]))
    _refused("frequency", create(frequency="daily"))
    _refused("year", create(year=2999))
    _refused("last_disclosed_on", create(last_disclosed_on=datetime.date(2012, 5, 1)))
    _refused("items", create(items="hiring"))
    assert not OpenAffairsRecord.objects.exists()


def test_a_record_edited(world):
    record = services.record_create(actor=world.chair_a, **_record(world))
    done = services.record_update(
        actor=world.chair_a, record=record, version=record.version,
        **_record(world, items=[DisclosureItem.OPERATIONS]),
    )  # fmt: skip
    assert done.items == ["operations"] and done.version == record.version + 1
    other = services.record_create(actor=world.chair_a, **_record(world, year=2012,
                                                                 last_disclosed_on=None))  # fmt: skip
    _refused("year", lambda: services.record_update(actor=world.chair_a, record=other, version=other.version,
                                                    **_record(world)))  # fmt: skip
