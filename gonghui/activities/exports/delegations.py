"""The delegation list's exports (core.exports): the delegations, their athletes (with the
events entered; the RIC masked unless asked for in full by who holds members.view_full_id:
a city's games register athletes by it) and their prizes. Each reads the list's own query,
so scope and filters hold."""

from gonghui.core.exports import Column, ListExport
from gonghui.core.identity import mask

from ..forms.delegations import DelegationFilterForm
from ..queries import delegations as queries

DELEGATIONS = ListExport(
    name="activities.delegations",
    label="代表团",
    permission="activities.view",
    filter_form=DelegationFilterForm,
    rows=lambda user, filters: queries.delegation_list(user=user, filters=filters),
    columns=(
        Column("代表团", lambda d: d.name),
        Column("赛事", lambda d: d.event_name),
        Column("主办单位", lambda d: d.host),
        Column("年度", lambda d: d.year),
        Column("开始日期", lambda d: d.starts_on),
        Column("结束日期", lambda d: d.ends_on or ""),
        Column("运动员（名）", lambda d: d.athlete_count),
        Column("比赛项目（个）", lambda d: d.event_count),
        Column("获奖（项）", lambda d: d.prize_count),
    ),
    list_url="activities:delegation_list",
)

ATHLETES = ListExport(
    name="activities.delegation_athletes",
    label="代表团运动员",
    permission="activities.view",
    filter_form=DelegationFilterForm,
    rows=lambda user, filters: queries.athletes_export(user=user, filters=filters),
    columns=(
        Column("代表团", lambda a: a.delegation.name),
        Column("姓名", lambda a: a.member.name),
        Column(
            "身份证号", lambda a: mask(a.member.ric_last4), full=lambda a: a.member.ric, text=True
        ),
        Column("性别", lambda a: a.member.get_sex_display()),
        Column("工会", lambda a: a.member.union.name),
        Column("工作单位", lambda a: a.member.employer.name if a.member.employer else ""),
        Column("参加项目", lambda a: "、".join(e.name for e in a.events.all())),
        Column("获奖", lambda a: "；".join(f"{p.event.name}{p.prize}" for p in a.prizes.all())),
    ),
    list_url="activities:delegation_list",
    full_permission="members.view_full_id",
)

PRIZES = ListExport(
    name="activities.delegation_prizes",
    label="代表团获奖",
    permission="activities.view",
    filter_form=DelegationFilterForm,
    rows=lambda user, filters: queries.prizes_export(user=user, filters=filters),
    columns=(
        Column("代表团", lambda p: p.delegation.name),
        Column("比赛项目", lambda p: p.event.name),
        Column("获奖者", lambda p: p.athlete.member.name if p.athlete else "团体"),
        Column("工会", lambda p: p.athlete.member.union.name if p.athlete else ""),
        Column("奖项", lambda p: p.prize),
    ),
    list_url="activities:delegation_list",
)
DELEGATION_EXPORTS = [DELEGATIONS, ATHLETES, PRIZES]
