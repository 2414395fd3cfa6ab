"""The demo's formation and certificate part (ORG-3, ORG-4): every union of 2013 and of the
live year has its founding record (so "new unions with a founding record" gives the report's
845 in proportion, 97 of dispatched-labor employers), the live year's targets carry
contacts, most unions a certificate (some expiring, some expired), a few requests wait."""

import datetime
import time

import pytest

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.demo import Report2013
from gonghui.orgs.models import (
    CertificateRequest,
    FormationContact,
    Founding,
    LegalPersonCertificate,
    Organization,
)

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 25)


def _value(code, period):
    admin = User.objects.get(username="admin")
    org = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=period, org_path=org.path).value


def test_the_small_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    t0 = time.perf_counter()
    build_demo(seed=5, scale="small", as_of=AS_OF, only=["accounts", "orgs_formation"])
    print(f"small demo with formation and certificates: {time.perf_counter() - t0:.1f} s")
    target = Report2013.at(SCALES["small"].unions)
    y2013, live = Period.year(2013), Period(datetime.date(2026, 1, 1), AS_OF)
    assert _value("formation.foundings", y2013) == target.new_unions
    assert _value("formation.foundings", y2013) == _value("orgs.unions.new", y2013)
    dispatch = Founding.objects.filter(
        founded_on__year=2013, employer__is_labor_dispatch=True
    ).count()
    assert dispatch == target.dispatch
    assert _value("formation.foundings", live) == _value("orgs.unions.new", live) >= 1
    assert _value("formation.targets", live) >= 1
    assert FormationContact.objects.filter(contacted_on__year=2026).count() >= 1
    assert not FormationContact.objects.filter(contacted_on__gt=AS_OF).exists()
    unions = Organization.objects.filter(kind=OrgKind.GRASSROOTS).count()
    certified = LegalPersonCertificate.objects.count()
    assert 0.75 * unions < certified < 0.95 * unions
    assert _value("certificates.expiring", live) >= 1
    assert LegalPersonCertificate.objects.filter(valid_until__lt=AS_OF).exists()
    assert CertificateRequest.objects.filter(state="submitted").count() >= 2


def test_certificates_are_drawn_deterministically_in_their_shares():
    import random

    from gonghui.orgs.demo import _demo_certificate

    union = Organization(pk=1, name="甲公司工会委员会", path="/1/", uscc="81", chair_name="张三")
    union.established_on = datetime.date(2000, 1, 1)

    def draw(seed):
        rng = random.Random(seed)
        return [_demo_certificate(rng, union, n, AS_OF, None) for n in range(2000)]

    first, again = draw(1), draw(1)
    assert [(c.issued_on, c.valid_until) for c in first] == [
        (c.issued_on, c.valid_until) for c in again
    ]
    soon = sum(AS_OF < c.valid_until <= AS_OF + datetime.timedelta(days=90) for c in first)
    ended = sum(c.valid_until < AS_OF for c in first)
    assert 40 < soon < 130 and 80 < ended < 170  # 4% and 6% of 2,000
    assert all(c.issued_on <= AS_OF and c.valid_until > c.issued_on for c in first)
