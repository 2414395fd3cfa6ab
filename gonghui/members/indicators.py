"""The members app's indicators (REPORT-1, issue #13): members standing and newly joined."""

from django.db.models import Q, QuerySet

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from .models import Member

VIEW = "members.view"


def members_standing(period: Period) -> QuerySet[Member]:
    """Joined by the period's end and not left by then (retained members are members)."""
    return Member.objects.filter(joined_on__lte=period.end).filter(
        Q(left_on=None) | Q(left_on__gt=period.end)
    )


def members_joined(period: Period) -> QuerySet[Member]:
    return Member.objects.filter(joined_on__range=(period.start, period.end))


def register() -> None:
    register_indicator(
        Indicator(
            code="members.members.total",
            title="会员人数",
            unit="人",
            kind=Kind.STOCK,
            capability="MEM-1",
            section="会员",
            order=10,
            definition="统计期末已入会且尚未离会的会员（含保留会籍的会员），按其所在基层工会计。",
            permission=VIEW,
            measure=Measure(query=members_standing),
        )
    )
    register_indicator(
        Indicator(
            code="members.members.new",
            title="新发展会员",
            unit="人",
            kind=Kind.FLOW,
            capability="MEM-1",
            section="会员",
            order=20,
            definition="入会日期在统计期内的会员（报告“新发展会员3万多人”），含其后已离会的。",
            permission=VIEW,
            measure=Measure(query=members_joined),
        )
    )
