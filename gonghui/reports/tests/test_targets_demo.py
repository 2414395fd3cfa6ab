"""The demo's targets (REPORT-2): the work report's four 2014 targets of the district, and
the current year's tasks of the district and each town, some of them behind."""

import datetime
from decimal import Decimal

import pytest

from gonghui.accounts.models import User
from gonghui.core.registry import registry
from gonghui.demo.build import build_demo
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.reports import queries
from gonghui.reports.demo import LIVE_CODES, REPORT_CODES
from gonghui.reports.models import Target

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 9, 30)


@pytest.fixture
def demo():
    return build_demo(
        seed=2014, scale="tiny", as_of=AS_OF, members=True, only=["reports", "accounts"]
    )


def test_the_reports_2014_targets_are_the_districts(demo):
    district = Organization.objects.get(kind=OrgKind.DISTRICT)
    rows = Target.objects.filter(year=2014).order_by("code")
    assert {(t.code, t.value, t.organization_id, t.comparison) for t in rows} == {
        ("democracy.open_affairs.non_public_rate", Decimal("80.00"), district.pk, "at_least"),
        ("democracy.congress.non_public_rate", Decimal("80.00"), district.pk, "at_least"),
        ("democracy.wage_bargaining.rate", Decimal("90.00"), district.pk, "at_least"),
        ("finance.refund.on_time_rate", Decimal("60.00"), district.pk, "at_least"),
    }
    assert {t.set_by_name for t in rows} == {"系统（演示数据）"}
    assert set(REPORT_CODES) == {t.code for t in rows}


def test_the_2014_targets_are_measured_on_the_page(demo, client):
    """Every 2014 target's indicator is registered (democracy's rates, finance's refunds):
    none shows as 指标待上线."""
    client.force_login(User.objects.get(username="admin"))
    html = client.get("/stats/targets/", {"year": 2014}).content.decode()
    registered = registry["indicators"]
    assert all(code in registered for code in REPORT_CODES)
    assert 'data-status="pending"' not in html
    assert "工资集体协商建制面保持在建会企业的90%以上" in html


def test_the_current_year_has_a_task_per_town_some_behind(demo):
    district = Organization.objects.get(kind=OrgKind.DISTRICT)
    towns = Organization.objects.filter(kind=OrgKind.TOWN).count()
    rows = Target.objects.filter(year=AS_OF.year)
    assert rows.count() == len(LIVE_CODES) * (towns + 1)
    assert all(t.value >= 1 for t in rows)
    admin = User.objects.get(username="admin")
    lines = queries.target_lines(user=admin, year=AS_OF.year, org=district, now=AS_OF)
    statuses = {line.status for line in lines if line.target.code == "members.members.new"}
    assert queries.TargetStatus.BEHIND in statuses
    assert statuses - {queries.TargetStatus.BEHIND}, "every town behind: nothing to compare"
