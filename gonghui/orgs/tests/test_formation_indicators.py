"""Formation and certificate indicators (ORG-3, ORG-4): hand-checked values on a small
fixture, and each figure drilling down to a list of exactly its rows."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from gonghui.core.clock import today
from gonghui.core.indicators import Period, figure, indicator
from gonghui.core.registry import registry
from gonghui.orgs import services_formation
from gonghui.orgs.models import FormationContact, LegalPersonCertificate
from gonghui.orgs.tests.certificates_helpers import issue, submit_new
from gonghui.orgs.tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db
D = datetime.date
DAY = datetime.timedelta(days=1)
CODES = sorted(
    c for c in registry["indicators"] if c.split(".")[0] in ("formation", "certificates")
)
NOW = Period.year(today().year)


@pytest.fixture
def rows(world):
    """Town B: three targets (one founded 2013, one founded this year) and two contacts;
    union a: a certificate expiring in 30 days; union b: one issued in 2013, expired."""
    old = EmployerFactory(name="老目标", town=world.town_b, headcount=60)
    services_formation.union_found(
        actor=world.admin,
        employer=old,
        founded_on=D(2013, 5, 1),
        first_chair="甲",
        founding_members=30,
    )
    fresh = EmployerFactory(name="新目标", town=world.town_b, headcount=90, is_labor_dispatch=True)
    EmployerFactory(name="小单位", town=world.town_b, headcount=10)
    EmployerFactory(name="待组建", town=world.town_a, headcount=40)
    for day in (D(2013, 3, 1), today()):
        FormationContact.objects.create(
            employer=fresh,
            org_path=fresh.org_path,
            contacted_on=day,
            method="visit",
            outcome="considering",
        )
    services_formation.union_found(
        actor=world.admin,
        employer=fresh,
        founded_on=today(),
        first_chair="乙",
        founding_members=50,
    )
    issue(world, submit_new(world), valid_until=today() + 30 * DAY)
    req = submit_new(world, actor=world.admin, org=world.union_b)
    cert = issue(world, req, actor=world.admin).certificate
    LegalPersonCertificate.objects.filter(pk=cert.pk).update(
        issued_on=D(2013, 6, 1), valid_until=D(2018, 5, 31)
    )
    return world


def _value(code, user, period, org):
    return figure(indicator(code), user=user, period=period, org_path=org.path).value


def test_codes_are_registered():
    assert CODES == [
        "certificates.expiring",
        "certificates.issued",
        "certificates.valid",
        "certificates.without",
        "formation.contacts",
        "formation.foundings",
        "formation.targets",
    ]


def test_hand_checked_values(rows):
    w = rows
    y2013 = Period.year(2013)
    # end of 2013: 老目标 founded (not a target), 新目标 and 待组建 targets; today only 待组建
    assert _value("formation.targets", w.admin, y2013, w.district) == 2
    assert _value("formation.targets", w.admin, NOW, w.district) == 1
    assert _value("formation.targets", w.town_b_user, NOW, w.town_b) == 0
    assert _value("formation.foundings", w.admin, y2013, w.district) == 1
    assert _value("formation.foundings", w.admin, NOW, w.district) == 1
    assert _value("formation.contacts", w.admin, y2013, w.district) == 1
    assert _value("formation.contacts", w.town_a_user, NOW, w.town_a) == 0
    assert _value("certificates.issued", w.admin, y2013, w.district) == 1
    assert _value("certificates.valid", w.admin, y2013, w.district) == 1  # union b's, then
    assert _value("certificates.valid", w.admin, NOW, w.district) == 1  # union a's, now
    assert _value("certificates.expiring", w.admin, NOW, w.district) == 1
    # now: union b (expired) and the two founded unions have none; union a has one
    assert _value("certificates.without", w.admin, NOW, w.district) == 3


def _listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["filter_form"]
    assert form.is_valid(), (url, form.errors)
    assert set(form.filters()) == set(parse_qs(urlsplit(url).query)), url
    return response.context["page"].paginator.object_list.count()


@pytest.mark.parametrize("code", CODES)
def test_each_figure_drills_down_to_exactly_its_rows(rows, client_for, code):
    ind = indicator(code)
    w = rows
    for user, org in ((w.admin, w.district), (w.admin, w.town_b), (w.town_a_user, w.town_a)):
        client = client_for(user)
        for period in (Period.year(2013), NOW):
            found = figure(ind, user=user, period=period, org_path=org.path)
            url = ind.measure.list_url(period, org.path)
            assert _listed(client, url) == found.value, (code, org.name, period)
