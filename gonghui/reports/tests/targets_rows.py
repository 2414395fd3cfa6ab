"""The targets tests' rows (REPORT-2): unions founded in 2013 under the two towns, and a
rate indicator registered for the test only (no app has one yet)."""

import datetime
from dataclasses import dataclass

import pytest

from gonghui.core.indicators import Indicator, Kind, Measure, register_indicator
from gonghui.core.registry import registry
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization
from gonghui.orgs.tests.factories import make_org

RATE = "test.unions.signboard_rate"
YEAR = 2013


@dataclass
class Founded:
    """2013: town A founded 2 unions, town B 1; the district 3 in all."""

    a: list[Organization]
    b: list[Organization]


@pytest.fixture
def founded(world) -> Founded:
    on = datetime.date
    return Founded(
        a=[
            make_org(world.town_a, OrgKind.GRASSROOTS, established_on=on(YEAR, 3, 5)),
            make_org(world.town_a, OrgKind.GRASSROOTS, established_on=on(YEAR, 7, 9)),
        ],
        b=[make_org(world.town_b, OrgKind.GRASSROOTS, established_on=on(YEAR, 11, 20))],
    )


def _grassroots(period):
    return Organization.objects.filter(kind=OrgKind.GRASSROOTS)


def _signboards(period):
    return _grassroots(period).filter(signboard_displayed=True)


@pytest.fixture
def rate_indicator():
    """A rate over the grassroots unions (亮牌子率), registered while the test runs."""
    register_indicator(
        Indicator(
            code=RATE,
            title="测试亮牌子率",
            unit="%",
            kind=Kind.RATE,
            capability="ORG-1",
            definition="测试用：亮牌子的基层工会占基层工会的比例。",
            permission="orgs.view",
            numerator=Measure(query=_signboards, path="path"),
            denominator=Measure(query=_grassroots, path="path"),
        )
    )
    yield registry["indicators"][RATE]
    registry["indicators"].pop(RATE)
