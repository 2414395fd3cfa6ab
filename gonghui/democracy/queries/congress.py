"""Reads of the workers' congress and open affairs (DEMO-2)."""

from django.db.models import Exists, OuterRef, QuerySet

from gonghui.orgs.models import Employer

from ..models import CongressSession, OpenAffairsRecord


def employers_with_congress(year: int) -> QuerySet[Employer]:
    """Employers whose congress (or all-worker assembly) met in `year`, quorate: the rules of
    domain-rules §8 (`rules.congress`) decide which sessions count."""
    held = CongressSession.objects.filter(employer=OuterRef("pk"), held_on__year=year)
    return Employer.objects.filter(Exists(held))


def employers_with_open_affairs(year: int) -> QuerySet[Employer]:
    """Employers that practised open affairs in `year` (a record of the year; §8)."""
    done = OpenAffairsRecord.objects.filter(employer=OuterRef("pk"), year=year)
    return Employer.objects.filter(Exists(done))
