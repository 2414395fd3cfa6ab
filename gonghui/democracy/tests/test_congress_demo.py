"""The demo's congress part: calendar 2013 gives the report's rates through the indicator
catalog at the small scale (70% and 60% among unionized non-public employers, 100% for the
public sector), the rows that do not count are there, and the current year is part-way
(sessions held up to `as_of`, employers overdue)."""

import datetime
import time

import pytest
from django.db.models import F

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.democracy.demo.congress import EVIDENCE_RECORDS, RATES, chosen_count, report_2013
from gonghui.democracy.models import CongressSession, OpenAffairsEvidence, OpenAffairsRecord
from gonghui.democracy.queries.congress import overdue, quorate_sessions, unionized_by
from gonghui.democracy.services.evidence import evidence_path
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 25)


def _figure(code, year):
    admin = User.objects.get(username="admin")
    org = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=Period.year(year), org_path=org.path)


def test_the_small_demo(monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the evidence files
    t0 = time.perf_counter()
    build_demo(seed=5, scale="small", as_of=AS_OF, only=["accounts", "democracy.congress"])
    print(f"small demo with congress: {time.perf_counter() - t0:.1f} s")
    expected = report_2013(SCALES["small"])
    found = {code: _figure(code, 2013) for code in expected}
    assert {code: round(f.value) for code, f in found.items()} == expected
    assert found["democracy.congress.non_public_rate"].denominator > 100
    # earlier years lower, 2014 above the report's 80% targets
    assert round(_figure("democracy.congress.non_public_rate", 2011).value) == RATES[2011][1]
    assert round(_figure("democracy.open_affairs.non_public_rate", 2012).value) == RATES[2012][0]
    assert _figure("democracy.congress.non_public_rate", 2014).value >= 80
    # the rules decide: some sessions and records of 2013 do not count
    sessions = CongressSession.objects.filter(held_on__year=2013)
    assert sessions.exclude(pk__in=quorate_sessions().values("pk")).exists()
    assert OpenAffairsRecord.objects.filter(year=2013).count() > found[
        "democracy.open_affairs.non_public_rate"].numerator + found[
        "democracy.open_affairs.public_rate"].numerator  # fmt: skip
    # every session follows the hard rules
    assert not sessions.filter(delegates_attended__gt=F("delegates_total")).exists()
    _the_current_year_is_part_way(monkeypatch)
    _some_records_carry_their_minutes()


def _some_records_carry_their_minutes():
    files = OpenAffairsEvidence.objects.select_related("record")
    assert files.count() == EVIDENCE_RECORDS
    assert {f.record.year for f in files} == {AS_OF.year}
    assert all(evidence_path(f).exists() for f in files)


def _the_current_year_is_part_way(monkeypatch):
    this_year = CongressSession.objects.filter(held_on__year=AS_OF.year)
    assert this_year.exists() and not this_year.filter(held_on__gt=AS_OF).exists()
    monkeypatch.setattr("gonghui.democracy.queries.congress.today", lambda: AS_OF)
    assert overdue(unionized_by(AS_OF), AS_OF).exists()
    assert _figure("democracy.congress.sessions", AS_OF.year).value == this_year.filter(
        pk__in=quorate_sessions().values("pk")).count()  # fmt: skip


def test_the_chosen_count_rounds_to_the_rate():
    for whole in range(1, 400):
        n = chosen_count(60, whole)
        assert abs(n - 0.6 * whole) <= 0.5
        if whole >= 100:  # the catalog's one-decimal figure then rounds to 60
            assert round(n * 100 / whole) == 60
    assert report_2013(SCALES["district"])["democracy.congress.non_public_rate"] == 60
