"""The members app's indicators (REPORT-1, issue #13): members standing, newly joined, and
standing by flag (migrant worker, dispatched, new-form worker, model worker).

Each measure drills down to the member list (`members:member_list`) with the filters that
show exactly its rows: the organization's subtree (`org`), the members standing on the
period's end (`standing_on`) or joined within it (`joined_from`, `joined_to`), the flag.
The list reads them with `queries.member_facts_filter`, the same conditions as here.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from gonghui.core.indicators import (
    Indicator,
    Kind,
    Measure,
    Period,
    register_indicator,
    standing,
)

from .models import Member
from .queries import standing_on

VIEW = "members.view"


def members_standing(period: Period) -> QuerySet[Member]:
    """Joined by the period's end and not left by then (retained members are members)."""
    return Member.objects.filter(standing_on(period.end))


def members_joined(period: Period) -> QuerySet[Member]:
    return Member.objects.filter(joined_on__range=(period.start, period.end))


def _org_filter(org_path: str) -> dict[str, str]:
    """The list's `org` (the subtree's organization, the last id of its path); none for the
    root "/" (the user's scope is the list's own)."""
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return {"org": last} if last.isdigit() else {}


def _standing_url(flag: str | None = None) -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        query = {**_org_filter(org_path), "standing_on": period.end.isoformat()}
        if flag:
            query[flag] = "yes"
        return f"{reverse('members:member_list')}?{urlencode(query)}"

    return url


def _joined_url(period: Period, org_path: str) -> str:
    query = {
        **_org_filter(org_path),
        "joined_from": period.start.isoformat(),
        "joined_to": period.end.isoformat(),
    }
    return f"{reverse('members:member_list')}?{urlencode(query)}"


def _on_roll(flag: str | None = None) -> Measure:
    """Members on the roll at the period's end (with `flag`): `members_standing`'s rows,
    declared with their span so that the monthly trend is one pass (core.indicators)."""

    def rows() -> QuerySet[Member]:
        return Member.objects.filter(**{flag: True}) if flag else Member.objects.all()

    return standing(rows, since="joined_on", until="left_on", list_url=_standing_url(flag))


# (code's last part, title, the member's flag field, order): the members standing at the
# period's end with the flag their record carries.
FLAGS = (
    ("migrant", "农民工会员", "is_migrant_worker", "农民工", 30),
    ("dispatched", "劳务派遣工会员", "is_dispatched", "劳务派遣工", 40),
    ("new_form", "新就业形态劳动者会员", "is_new_form_worker", "新就业形态劳动者", 50),
    ("model_worker", "劳模会员", "is_model_worker", "劳模", 60),
)


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
            measure=_on_roll(),
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
            measure=Measure(query=members_joined, list_url=_joined_url, date="joined_on"),
        )
    )
    for what, title, flag, word, order in FLAGS:
        register_indicator(
            Indicator(
                code=f"members.members.{what}",
                title=title,
                unit="人",
                kind=Kind.STOCK,
                capability="MEM-1",
                section="会员",
                order=order,
                definition=(
                    f"统计期末在册的会员（已入会且尚未离会，含保留会籍的）中会员信息登记为"
                    f"{word}的人数，按其所在基层工会计；按现登记的标识计。"
                ),
                permission=VIEW,
                measure=_on_roll(flag),
            )
        )
