"""The demo's merit part (issue 18): calendar 2013 gives the report's figures through the
indicator catalog (the Ankang Cup in proportion to the scale, the rest at every scale), the
model-worker flag comes from the registry, and the current year has a round in its public
notice today and a running competition."""

import datetime
import time

import pytest

from gonghui.accounts.models import User
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.demo.context import SCALES
from gonghui.members.models import Member
from gonghui.merit.choices import (
    CompetitionKind,
    CompetitionState,
    Level,
    NominationState,
    RoundState,
)
from gonghui.merit.demo import DONGSU, PIONEER_TEAM, RUIFENG, WANG, ankang_2013, report_2013
from gonghui.merit.models import Competition, Contestant, Honor, HonorRound, ModelWorker
from gonghui.merit.rules.honors import notice_period
from gonghui.merit.services.workers import STANDING
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
Y2013 = Period.year(2013)


def _value(code, period=Y2013):
    admin = User.objects.get(username="admin")
    org = Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=period, org_path=org.path).value


def test_the_small_demo():
    """One build of `make run`'s scale with members (the slow part), then each check."""
    t0 = time.perf_counter()
    build_demo(seed=5, scale="small", as_of=AS_OF, members=True, only=["accounts", "merit"])
    print(f"small demo with members and merit: {time.perf_counter() - t0:.1f} s")
    _2013_gives_the_reports_figures()
    _the_report_names_its_holders()
    _the_flag_comes_from_the_registry()
    _the_current_year_is_live()


def _2013_gives_the_reports_figures():
    expected = report_2013(SCALES["small"])
    assert {code: _value(code) for code in expected} == expected
    assert expected["merit.ankang.entries"] == 65 and expected["merit.ankang.workers"] == 3_404
    assert expected["merit.commendations.model_home"] == 15
    assert _value("merit.skills.contestants") == 290
    # the honors of the model workers are of earlier years: 2013 has only the report's
    assert _value("merit.honors.national") == 1 and _value("merit.honors.total") == 14


def test_the_district_gives_the_ankang_cups_figures():
    """At district scale the size-dependent figures are the report's ("2000多…4.5万多")."""
    assert ankang_2013(SCALES["district"]) == (2_046, 45_380)
    figures = report_2013(SCALES["district"])
    assert 2_000 < figures["merit.ankang.entries"] < 2_100
    assert 45_000 < figures["merit.ankang.workers"] < 46_000


def _the_report_names_its_holders():
    medal = Honor.objects.get(year=2013, honor_type__name="全国五一劳动奖章")
    assert medal.name == WANG and medal.employer.name == RUIFENG and "锐丰音响" in RUIFENG
    assert medal.nomination.state == NominationState.RECOMMENDED
    assert ModelWorker.objects.get(honor=medal).level == Level.NATIONAL
    pioneer = Honor.objects.get(year=2013, honor_type__name="广东省工人先锋号")
    assert (pioneer.name, pioneer.employer.name) == (PIONEER_TEAM, DONGSU)
    assert "东塑石油钻采" in DONGSU
    assert pioneer.honor_type.level == Level.PROVINCIAL
    skills = Competition.objects.get(year=2013, kind=CompetitionKind.SKILLS)
    assert set(skills.events.values_list("name", flat=True)) == {
        "养老护理员", "家政服务员", "焊工", "数控机床装调维修工"
    }  # fmt: skip
    for c in Contestant.objects.filter(competition=skills).select_related("member"):
        assert c.member.joined_on <= skills.starts_on and c.org_path == c.member.union.path
    champion = Contestant.objects.get(competition=skills, next_rank=1)
    assert champion.sent_on and "广东省" in champion.next_result and champion.rank == 1
    # every commendation came through a closed round, its nominations decided
    for r in HonorRound.objects.filter(year=2013, honor_type__is_commendation=True):
        assert r.state == RoundState.CLOSED and r.notice_until >= r.notice_from
        assert r.nominations.filter(state=NominationState.REJECTED).count() == 2
        awarded = r.nominations.filter(state=NominationState.AWARDED).count()
        assert awarded == Honor.objects.filter(nomination__round=r).count() == r.quota


def _the_flag_comes_from_the_registry():
    flagged = set(Member.objects.filter(is_model_worker=True).values_list("pk", flat=True))
    standing = set(
        ModelWorker.objects.filter(state__in=STANDING, member__isnull=False).values_list(
            "member_id", flat=True
        )
    )
    assert flagged == standing and len(flagged) > 30  # 0.2 % of the small district's
    for worker in ModelWorker.objects.select_related("honor__honor_type"):
        assert worker.honor.honor_type.confers_model_worker
        assert worker.level in (Level.NATIONAL, Level.PROVINCIAL, Level.CITY)
        assert worker.year == worker.honor.year <= 2013


def _the_current_year_is_live():
    r = HonorRound.objects.get(year=AS_OF.year, state=RoundState.NOTICE)
    assert r.notice_from <= AS_OF <= r.notice_until
    assert r.notice_until == notice_period(r.notice_from, r.honor_type.notice_workdays)
    assert r.nominations.filter(state=NominationState.NOTICE).count() == 10
    assert r.nominations.first().objections.exists()
    running = Competition.objects.get(year=AS_OF.year, state=CompetitionState.RUNNING)
    assert running.starts_on <= AS_OF <= running.ends_on and running.contestants.exists()
    assert _value("merit.competitions.skills", Period(datetime.date(2026, 1, 1), AS_OF)) == 1


def test_without_members_the_figures_that_do_not_need_them(db):
    build_demo(seed=3, scale="tiny", as_of=AS_OF, only=["accounts", "merit"])
    expected = report_2013(SCALES["tiny"])
    assert {code: _value(code) for code in expected} == expected
    assert not ModelWorker.objects.filter(member__isnull=False).exists()
    assert Contestant.objects.filter(competition__year=2013, member__isnull=True).count() == 290
