"""The activities part of the demo district (MERIT-4): calendar 2013 as the report's, and the
current year's activities (one open for registration with a waiting list).

2013 (whenever `as_of` is after it), at every scale:
- the 第九套广播体操 contest (kind `exercise`) and the year's other district activities
  (a sports day, a culture evening, a social mixer), finished;
- the reading campaign on the union's microblog (微书评), with `REVIEWS` = 496 book reviews
  ("近500篇") by members;
- the district's delegation to 广州市第八届职工运动会: `ATHLETES` = 136 athletes ("130多名")
  in 13 events, 38 prizes.

Registrations, reviews and athletes are members, so without `--members` there are only the
activities and the delegation with its events (the figures that need people are 0).
The current year: a finished activity with check-ins and results, and one open for
registration whose places are taken (confirmed up to its capacity, a waiting list after).
"""

import datetime
import random
from typing import Any

from django.utils import timezone

from gonghui.core.registry import DemoBuilder, register_demo_builder
from gonghui.demo.context import DemoContext
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

from .choices import (
    ActivityKind,
    ActivityState,
    RegistrationSource,
    RegistrationState,
    SubmissionState,
)
from .models import (
    Activity,
    Delegation,
    DelegationAthlete,
    DelegationEvent,
    DelegationPrize,
    Registration,
    Submission,
)

YEAR = 2013
REVIEWS = 496  # "共收到各类书评近500篇"
ATHLETES = 136  # "组织130多名职工健儿"
GAMES_EVENTS = (  # "13个比赛项目"
    "田径", "游泳", "篮球", "排球", "足球", "乒乓球", "羽毛球",
    "网球", "象棋", "围棋", "拔河", "龙舟", "趣味运动",
)  # fmt: skip
PRIZES = 38  # "共获得38项奖励"
EXERCISE_TEAMS = 24  # unions' teams at the radio-calisthenics contest, 10 members each
BOOKS = ("平凡的世界", "活着", "围城", "人生", "穆斯林的葬礼", "白鹿原", "长征", "红岩")
OPEN_CAPACITY = 40
WAITING = 6
# (kind, name, month, day, place, capacity, registered)
ACTIVITIES_2013 = (
    (ActivityKind.SPORTS, "2013年番禺区职工趣味运动会", 4, 20, "番禺区体育馆", 300, 260),
    (ActivityKind.CULTURE, "2013年番禺区“五一”职工文艺晚会", 4, 29, "番禺区文化馆", 600, 520),
    (ActivityKind.MIXER, "2013年番禺区青年职工交友联谊会", 8, 17, "大夫山森林公园", 120, 120),
)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def report_2013(members: bool) -> dict[str, int]:
    """The 2013 figures the demo gives, by indicator code (the same at every scale)."""
    people = {
        "activities.reviews": REVIEWS,
        "activities.delegations.athletes": ATHLETES,
        "activities.delegations.prizes": PRIZES,
    }
    return {
        "activities.held.exercise": 1,
        "activities.held.reading": 1,
        "activities.held": 2 + len(ACTIVITIES_2013),
        "activities.delegations.events": len(GAMES_EVENTS),
        **{code: n if members else 0 for code, n in people.items()},
    }


class ActivitiesBuilder:
    def __init__(self, context: DemoContext):
        self.as_of = context.as_of
        self.rng = random.Random(context.seed * 59 + 19)
        self.root = Organization.objects.get(kind=OrgKind.DISTRICT)
        self.unions = {
            u.pk: u for u in Organization.objects.filter(kind=OrgKind.GRASSROOTS).order_by("pk")
        }
        self.members = (
            list(
                Member.objects.filter(status=MemberStatus.ACTIVE)
                .order_by("pk")
                .values_list("pk", "union_id", "joined_on")
            )
            if context.members
            else []
        )

    def sample(self, n: int, by: datetime.date) -> list[tuple[int, int]]:
        """`n` different members (pk, union) who had joined by `by` (as many as there are)."""
        joined = [(pk, u) for pk, u, on in self.members if on <= by]
        return self.rng.sample(joined, min(n, len(joined)))

    def activity(self, kind: str, name: str, starts: datetime.date, **fields: Any) -> Activity:
        return Activity.objects.create(
            kind=kind,
            name=name,
            organizer=self.root,
            year=starts.year,
            starts_at=_at(starts),
            ends_at=_at(starts, 17),
            org_path=self.root.path,
            **fields,
        )

    def register(
        self,
        activity: Activity,
        people: list[tuple[int, int]],
        *,
        capacity: int | None,
        finished: bool,
        prizes: dict[int, str] | None = None,
    ) -> None:
        """Registrations in arrival order: confirmed while there is room, then waiting."""
        opens = activity.registration_opens_on or activity.starts_at.date()
        rows = []
        for i, (pk, union_id) in enumerate(people):
            confirmed = capacity is None or i < capacity
            union = self.unions[union_id]
            rows.append(
                Registration(
                    activity=activity,
                    member_id=pk,
                    union=union,
                    source=RegistrationSource.PHONE if i % 3 else RegistrationSource.UNION,
                    state=RegistrationState.CONFIRMED
                    if confirmed
                    else RegistrationState.WAITLISTED,
                    position=i + 1,
                    registered_at=_at(opens, 8) + datetime.timedelta(minutes=7 * i),
                    checked_in_at=(
                        activity.starts_at - datetime.timedelta(minutes=30)
                        if finished and confirmed and i % 11
                        else None
                    ),
                    prize=(prizes or {}).get(i, ""),
                    org_path=union.path,
                )
            )
        Registration.objects.bulk_create(rows, batch_size=2000)

    # -- 2013 ----------------------------------------------------------------------------------
    def build_2013(self) -> None:
        for kind, name, month, day, place, capacity, registered in ACTIVITIES_2013:
            starts = datetime.date(YEAR, month, day)
            a = self.activity(
                kind,
                name,
                starts,
                place=place,
                capacity=capacity,
                registration_opens_on=starts - datetime.timedelta(days=30),
                registration_closes_on=starts - datetime.timedelta(days=5),
                state=ActivityState.FINISHED,
            )
            self.register(a, self.sample(registered, starts), capacity=capacity, finished=True)
        contest_day = datetime.date(YEAR, 10, 26)
        contest = self.activity(
            ActivityKind.EXERCISE,
            "2013年番禺区职工第九套广播体操比赛",
            contest_day,
            place="番禺区体育馆",
            capacity=EXERCISE_TEAMS * 10,
            registration_opens_on=datetime.date(YEAR, 9, 1),
            registration_closes_on=datetime.date(YEAR, 9, 30),
            member_registration=False,  # the unions enter their teams
            state=ActivityState.FINISHED,
            description="各基层工会组队参赛，每队10人，按第九套广播体操规定动作评分。",
        )
        prizes = {0: "一等奖", 10: "二等奖", 20: "二等奖", 30: "三等奖", 40: "三等奖"}
        self.register(
            contest,
            self.sample(EXERCISE_TEAMS * 10, contest_day),
            capacity=None,
            finished=True,
            prizes=prizes,
        )
        self.build_reading()
        self.build_delegation()

    def build_reading(self) -> None:
        starts = datetime.date(YEAR, 4, 23)  # World Book Day
        campaign = self.activity(
            ActivityKind.READING,
            "2013年“书香番禺”职工微书评活动",
            starts,
            place="番禺区总工会官方微博",
            registration_opens_on=starts,
            registration_closes_on=datetime.date(YEAR, 11, 30),
            state=ActivityState.FINISHED,
            description="通过工会微博征集职工读书书评（微书评），评选优秀作品。",
        )
        rows = []
        span = (datetime.date(YEAR, 11, 30) - starts).days
        for i, (pk, union_id) in enumerate(self.sample(REVIEWS, starts)):
            union = self.unions[union_id]
            book = BOOKS[i % len(BOOKS)]
            state = SubmissionState.ACCEPTED if i % 5 == 0 else SubmissionState.RECEIVED
            rows.append(
                Submission(
                    activity=campaign,
                    member_id=pk,
                    union=union,
                    title=f"读《{book}》有感",
                    book=book,
                    text=f"《{book}》让我看到普通劳动者的坚守与奋斗，激励我在岗位上踏实工作。",
                    submitted_at=_at(starts + datetime.timedelta(days=i * span // REVIEWS), 20),
                    state=state,
                    prize="优秀书评" if i % 25 == 0 else "",
                    org_path=union.path,
                )
            )
        Submission.objects.bulk_create(rows, batch_size=2000)

    def build_delegation(self) -> None:
        delegation = Delegation.objects.create(
            name="番禺区职工代表团",
            event_name="广州市第八届职工运动会",
            host="广州市总工会",
            year=YEAR,
            organizer=self.root,
            starts_on=datetime.date(YEAR, 9, 28),
            ends_on=datetime.date(YEAR, 11, 16),
            org_path=self.root.path,
        )
        events = DelegationEvent.objects.bulk_create(
            DelegationEvent(delegation=delegation, name=n) for n in GAMES_EVENTS
        )
        people = self.sample(ATHLETES, delegation.starts_on)
        athletes = DelegationAthlete.objects.bulk_create(
            DelegationAthlete(
                delegation=delegation, member_id=pk, org_path=self.unions[union_id].path
            )
            for pk, union_id in people
        )
        through = DelegationAthlete.events.through
        links = [
            through(delegationathlete_id=a.pk, delegationevent_id=events[i % len(events)].pk)
            for i, a in enumerate(athletes)
        ]
        # a few entered a second event
        links += [
            through(delegationathlete_id=a.pk, delegationevent_id=events[(i + 5) % len(events)].pk)
            for i, a in enumerate(athletes[:20])
        ]
        through.objects.bulk_create(links)
        if not athletes:
            return
        kinds = ("金牌", "银牌", "铜牌", "第四名", "第五名", "第六名", "体育道德风尚奖")
        prizes = []
        for i in range(PRIZES):
            athlete = athletes[(i * 7) % len(athletes)] if i % 6 else None  # some the team's
            event = events[i % len(events)] if athlete is None else None
            if athlete is not None:
                event = events[athletes.index(athlete) % len(events)]
            prizes.append(
                DelegationPrize(
                    delegation=delegation,
                    event=event,
                    athlete=athlete,
                    prize=kinds[i % len(kinds)] if athlete else "团体" + kinds[i % 3],
                    org_path=athlete.org_path if athlete else delegation.org_path,
                )
            )
        DelegationPrize.objects.bulk_create(prizes)

    # -- the current year ----------------------------------------------------------------------
    def build_current(self) -> None:
        year = self.as_of.year
        done_on = max(datetime.date(year, 1, 1), self.as_of - datetime.timedelta(days=40))
        done = self.activity(
            ActivityKind.SPORTS,
            f"{year}年番禺区职工羽毛球比赛",
            done_on,
            place="番禺区体育馆",
            capacity=64,
            registration_opens_on=done_on - datetime.timedelta(days=20),
            registration_closes_on=done_on - datetime.timedelta(days=3),
            state=ActivityState.FINISHED,
        )
        self.register(
            done,
            self.sample(60, done_on),
            capacity=64,
            finished=True,
            prizes={0: "冠军", 1: "亚军", 2: "季军"},
        )
        soon = self.as_of + datetime.timedelta(days=18)
        open_ = self.activity(
            ActivityKind.MIXER,
            f"{year}年番禺区青年职工交友联谊会",
            soon,
            place="番禺区莲花山旅游区",
            capacity=OPEN_CAPACITY,
            registration_opens_on=self.as_of - datetime.timedelta(days=10),
            registration_closes_on=soon - datetime.timedelta(days=4),
            state=ActivityState.OPEN,
            description="面向全区35周岁以下单身职工，名额有限，额满后进入候补。",
        )
        self.register(
            open_,
            self.sample(OPEN_CAPACITY + WAITING, self.as_of),
            capacity=OPEN_CAPACITY,
            finished=False,
        )
        self.activity(
            ActivityKind.READING,
            f"{year}年“书香番禺”职工读书征文",
            self.as_of - datetime.timedelta(days=60),
            registration_opens_on=self.as_of - datetime.timedelta(days=60),
            registration_closes_on=self.as_of + datetime.timedelta(days=20),
            state=ActivityState.OPEN,
        )

    def build(self) -> None:
        if self.as_of.year > YEAR:
            self.build_2013()
        self.build_current()


def build(context: DemoContext) -> None:
    ActivitiesBuilder(context).build()


register_demo_builder(
    DemoBuilder(
        "activities",
        build,
        after=("orgs", "members"),
        label="2013年文体活动、书评、市职工运动会代表团，本年度报名",
    )
)
