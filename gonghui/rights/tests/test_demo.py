"""The demo's years look like the work report: 2013 gives its figures, the current year is live work."""

import datetime

import pytest
from django.contrib.auth import authenticate

from gonghui.core.actors import ActorKind
from gonghui.core.ids import ric_validate
from gonghui.core.models import WorkflowEvent
from gonghui.demo import data
from gonghui.demo.build import build_demo
from gonghui.demo.context import DEMO_PASSWORD
from gonghui.rights import queries
from gonghui.rights.models import Case, CaseParty, LawFirm, Lawyer, Station

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)


def test_demo_rights_year_matches_the_report():
    build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["rights"])
    assert Station.objects.count() == 16
    assert LawFirm.objects.count() == 5 and Lawyer.objects.count() == 16
    lawyer = Lawyer.objects.select_related("user").get(user__username="lawyer01")
    assert lawyer.user.role == "lawyer"
    assert authenticate(username="lawyer01", password=DEMO_PASSWORD) is not None
    admin = Lawyer.objects.model._meta.apps.get_model("accounts", "User").objects.get(
        username="admin"
    )
    # the report's year on the tiny district too (test_demo_2013_rights.py: the small one)
    f = queries.case_figures(
        user=admin, start=datetime.date(2013, 1, 1), end=datetime.date(2013, 12, 31)
    )
    assert (f["batches"], f["person_visits"], f["letters"]) == (15, 50, 8)
    assert (f["visits_letters_workers"], f["calls"], f["petitions"]) == (583, 973, 215)
    assert (f["disputes"], f["dispute_workers"]) == (872, 9_536)
    assert f["amount_recovered"] > 0
    assert f["in_time_share"] > 90
    # and this year's live work, smaller
    now = queries.case_figures(user=admin, start=datetime.date(AS_OF.year, 1, 1), end=AS_OF)
    assert 0 < now["cases"] < f["cases"] and 0 < now["batches"] < 15
    # a lawyer sees only their station's assigned cases
    visible = queries.case_list(user=lawyer.user)
    assert visible.exists() and not visible.exclude(lawyer=lawyer).exists()


def test_demo_case_history_is_by_the_system_not_an_account():
    build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["rights"])
    events = WorkflowEvent.objects.filter(workflow="rights.case", action="created")
    assert events.count() == Case.objects.count() > 2000
    assert not events.exclude(actor_kind=ActorKind.SYSTEM).exists()
    assert not events.filter(actor__isnull=False).exists()
    assert set(events.values_list("actor_name", flat=True)) == {"系统（演示数据）"}


def test_demo_contacts_and_lawyers_have_names_that_fit_their_sex():
    # given the demo year (issue #10: the demo's names did not match sex)
    build_demo(seed=5, scale="tiny", as_of=AS_OF, only=["rights"])
    # then each case's contact is its party, as registering makes it, same name and phone
    parties = list(CaseParty.objects.select_related("case"))
    assert len(parties) == Case.objects.count()
    assert all(p.name == p.case.contact_name for p in parties)
    assert all(p.phone_last4 == p.case.contact_phone_last4 for p in parties)
    # and a contact with a RIC has a given name of the sex it encodes
    with_ric = [p for p in parties if p.ric]
    assert len(with_ric) > len(parties) // 2
    for party in with_ric:
        names = data.GIVEN_FEMALE if ric_validate(party.ric).sex == "F" else data.GIVEN_MALE
        assert party.name[0] in data.SURNAMES and party.name[1:] in names, party.name
    # the others and the lawyers have a name of one sex's list, never a mix of both
    either = set(data.GIVEN_FEMALE) | set(data.GIVEN_MALE)
    others = [p.name for p in parties if not p.ric]
    assert all(n[1:] in either for n in others + [lw.name for lw in Lawyer.objects.all()])
