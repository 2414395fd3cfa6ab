"""The orgs app's indicators (REPORT-1, issue #13): unions standing and founded.

Declared over the organization rows themselves; the catalog (core.indicators) scopes,
narrows to a subtree and breaks them down by child organization.
"""

from django.db.models import Q, QuerySet

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from .choices import OrgKind
from .models import Organization

VIEW = "orgs.view"


def _grassroots() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrgKind.GRASSROOTS, is_active=True)


def unions_standing(period: Period) -> QuerySet[Organization]:
    # An undated union (no 成立日期 recorded) stands: it exists today.
    return _grassroots().filter(Q(established_on__lte=period.end) | Q(established_on=None))


def unions_founded(period: Period) -> QuerySet[Organization]:
    return _grassroots().filter(established_on__range=(period.start, period.end))


def register() -> None:
    register_indicator(
        Indicator(
            code="orgs.unions.total",
            title="基层工会数",
            unit="家",
            kind=Kind.STOCK,
            capability="ORG-1",
            section="组织建设",
            order=10,
            definition=(
                "统计期末已成立、目前仍有效的基层工会（不含工会小组）；"
                "未登记成立日期的按已成立计。撤销的工会不再计入（撤销日期未登记，历史期末数按现状计）。"
            ),
            permission=VIEW,
            measure=Measure(query=unions_standing, path="path"),
        )
    )
    register_indicator(
        Indicator(
            code="orgs.unions.new",
            title="新组建工会",
            unit="家",
            kind=Kind.FLOW,
            capability="ORG-1",
            section="组织建设",
            order=20,
            definition="成立日期在统计期内、目前仍有效的基层工会（报告“全年新组建工会845家”）。",
            permission=VIEW,
            measure=Measure(query=unions_founded, path="path"),
        )
    )
