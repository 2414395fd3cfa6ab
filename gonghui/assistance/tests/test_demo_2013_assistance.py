"""The demo's closed year 2013 gives the report's services paragraph exactly, through the
indicator catalog (issue #14), at the small scale `make run` loads; its files are judged by
the rules; the current year is live work; the workers are the unions' demo members."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from gonghui.accounts.models import User
from gonghui.assistance.choices import FileState, GrantState
from gonghui.assistance.demo import GRANTS_2013, REPORT_2013
from gonghui.assistance.models import (
    Disbursement,
    Grant,
    HardshipFile,
    LivingStandard,
    Program,
    ProgramBudget,
    ServiceBeneficiary,
    ServiceRecord,
)
from gonghui.assistance.rules.files import judge, standard_on
from gonghui.core.indicators import Period, figure, indicator
from gonghui.demo.build import build_demo
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.models import Organization

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 25)
Y2013 = Period.year(2013)
THIS_YEAR = Period(datetime.date(2026, 1, 1), AS_OF)


@pytest.fixture
def demo():
    """The small demo (`make run`'s scale): the district, its logins and this part."""
    build_demo(seed=5, scale="small", as_of=AS_OF, only=["accounts", "assistance"])


def test_the_small_demo(demo):
    """One build (it is the slow part), four checks."""
    _2013_gives_the_reports_figures_exactly()
    _2013_grants_are_all_paid_through_returned_lists_within_budget()
    _every_files_category_is_the_rules_judgement()
    _the_current_year_is_live()


def _value(code, period=Y2013, org=None):
    admin = User.objects.get(username="admin")
    org = org or Organization.objects.get(kind=OrgKind.DISTRICT)
    return figure(indicator(code), user=admin, period=period, org_path=org.path).value


def _2013_gives_the_reports_figures_exactly():
    found = {code: _value(code) for code in REPORT_2013}
    assert found == REPORT_2013
    # as the report words them: 67名 and 12万多元, 40多万元, 1.8万多名, 48人 and 近3万元,
    # 110多万元, 30多万元
    assert 120_000 < found["assistance.school_aid.amount"] < 130_000
    assert 400_000 < found["assistance.living_condolence.amount"] < 500_000
    assert 18_000 < found["assistance.health_checks.people"] < 19_000
    assert 28_000 < found["assistance.injury_visits.amount"] < 30_000
    assert 1_100_000 < found["assistance.training_subsidy.amount"] < 1_200_000
    assert 300_000 < found["assistance.periodicals.value"] < 400_000
    # the three kinds of "生活救助、节日慰问" each as chosen, adding up to the report's
    for kind in ("living_aid", "holiday_condolence", "model_worker_condolence", "training_subsidy"):
        n, total = GRANTS_2013[kind]
        assert (_value(f"assistance.{kind}.people"), _value(f"assistance.{kind}.amount")) == (
            n,
            total,
        )
    assert sum(GRANTS_2013[k][1] for k in ("living_aid", "holiday_condolence",
               "model_worker_condolence")) == REPORT_2013["assistance.living_condolence.amount"]  # fmt: skip
    # the campaigns without a figure in the report are there: cooling to construction sites,
    # the spring employment campaign's guidance and referrals, the mixers
    for code in ("assistance.cooling.people", "assistance.cooling.value",
                 "assistance.employment.guidance", "assistance.employment.referrals",
                 "assistance.mixers", "assistance.files.open"):  # fmt: skip
        assert _value(code) > 0, code
    cooling = ServiceRecord.objects.filter(held_on__year=2013, program__kind__code="summer_cooling")
    assert cooling.exists() and not cooling.exclude(recipient="site").exists()
    # the 48 injured workers are named, each record's amount its beneficiaries'
    named = ServiceBeneficiary.objects.filter(
        record__kind="injury_visit", record__held_on__year=2013
    )
    assert named.count() == 48
    assert named.aggregate(s=Sum("amount"))["s"] == REPORT_2013["assistance.injury_visits.amount"]
    for record in ServiceRecord.objects.filter(kind="injury_visit"):
        rows = record.beneficiaries.aggregate(n=Count("pk"), s=Sum("amount"))
        assert (record.head_count, record.amount) == (rows["n"], rows["s"]), record.number
    # the school-aid children are children of hardship files of 2013, admitted that year
    school = Grant.objects.filter(program__year=2013, program__kind__code="school_aid")
    assert school.count() == 67
    assert not school.filter(hardship_file=None).exists()
    assert not school.exclude(admission_year=2013).exists()
    assert not school.filter(child_name="").exists()


def _2013_grants_are_all_paid_through_returned_lists_within_budget():
    grants = Grant.objects.filter(program__year=2013)
    assert grants.exists() and set(grants.values_list("state", flat=True)) == {GrantState.PAID}
    for g in grants.select_related("disbursement"):
        assert g.disbursement is not None and g.disbursement.returned_on == g.paid_on, g.number
        assert g.submitted_on <= g.reviewed_on <= g.approved_on <= g.paid_on, g.number
        assert g.once_key == g.ric_hash, g.number
    for d in Disbursement.objects.filter(program__year=2013):
        rows = d.grants.aggregate(n=Count("pk"), s=Sum("amount"))
        assert (d.grant_count, d.total, d.paid_count) == (rows["n"], rows["s"], rows["n"])
    # every town's committed grants within its share, the shares adding up to the budget
    committed = defaultdict(Decimal)
    for g in Grant.objects.filter(state__in=[GrantState.APPROVED, GrantState.PAID]):
        committed[(g.program_id, g.town_id)] += g.amount
    for budget in ProgramBudget.objects.all():
        assert committed[(budget.program_id, budget.town_id)] <= budget.amount
    for program in Program.objects.annotate(n=Count("budgets")).filter(n__gt=0):
        assert program.budget == program.budgets.aggregate(s=Sum("amount"))["s"], program.name


def _every_files_category_is_the_rules_judgement():
    standards = defaultdict(list)
    for s in LivingStandard.objects.all():
        standards[s.town_id].append((s.effective_from, s.monthly_amount))
    files = list(HardshipFile.objects.all())
    assert 300 < len(files) < 1000
    for f in files:
        standard = standard_on(standards[f.town_id], f.judged_on)
        found = judge(
            annual_income=f.annual_income,
            essential_expenses=f.essential_expenses,
            household_size=f.household_size,
            standard=standard,
            hardship_costs=f.hardship_costs,
            accident_event=f.accident_event,
        )
        assert (found.category, found.per_head, found.standard) == (
            f.category,
            f.per_head_monthly,
            f.living_standard,
        ), f.number
        assert f.household.count() == f.household_size - 1, f.number
    # 2013's standard is Guangzhou's 600 元 in every town, today's higher
    town = Organization.objects.filter(kind=OrgKind.TOWN).first()
    assert standard_on(standards[town.pk], datetime.date(2013, 6, 1)) == Decimal("600.00")
    assert standard_on(standards[town.pk], AS_OF) == Decimal("1200.00")
    # every category is there, files exited with a notice and follow-up, some again
    assert {f.category for f in files} == {"deep", "relative", "accident"}
    exited = [f for f in files if f.state == FileState.EXITED]
    assert exited
    for f in exited:
        assert f.exit_notice_from < f.exit_notice_until < f.exited_on < f.follow_up_until
        assert f.approved_on < f.exit_notice_from
    again = [f for f in files if f.previous_id]
    assert again and all(f.previous.state == FileState.EXITED for f in again)
    assert all(f.previous.ric_hash == f.ric_hash and f.previous.exited_on < f.opened_on
               for f in again)  # fmt: skip


def _the_current_year_is_live():
    # files: applications in hand, visits due, reviews overdue, one in its exit notice
    files = HardshipFile.objects.all()
    assert files.filter(state=FileState.SUBMITTED).exists()
    assert files.filter(state=FileState.REVIEWED).exists()
    assert files.filter(state=FileState.EXIT_NOTICE).count() == 1
    assert _value("assistance.files.visit_due", THIS_YEAR) > 0
    assert _value("assistance.files.review_overdue", THIS_YEAR) > 0
    assert not files.filter(opened_on__gt=AS_OF).exists()
    assert _value("assistance.files.open", THIS_YEAR) > 0
    # grants: applications submitted and reviewed, an approved batch on no list yet, paid ones
    live = Grant.objects.filter(program__year=AS_OF.year)
    assert live.filter(state=GrantState.SUBMITTED).exists()
    assert live.filter(state=GrantState.REVIEWED).exists()
    assert live.filter(state=GrantState.APPROVED, disbursement=None).exists()
    assert live.filter(state=GrantState.PAID).exists()
    assert not Grant.objects.filter(paid_on__gt=AS_OF).exists()
    assert not Grant.objects.filter(submitted_on__gt=AS_OF).exists()
    assert Program.objects.filter(year=AS_OF.year, is_open=True).exists()
    # and services this year
    assert ServiceRecord.objects.filter(held_on__year=AS_OF.year).exists()
    assert not ServiceRecord.objects.filter(held_on__gt=AS_OF).exists()
    assert _value("assistance.health_checks.people", THIS_YEAR) > 0


def test_the_workers_are_the_unions_demo_members(db):
    # given the tiny district with its members
    build_demo(seed=3, scale="tiny", as_of=AS_OF, members=True, only=["accounts", "assistance"])
    # (the report's figures do not depend on the district's size: the tiny one has them too)
    assert {code: _value(code) for code in REPORT_2013} == REPORT_2013
    grants = list(Grant.objects.select_related("member"))
    files = list(HardshipFile.objects.select_related("member"))
    with_member = [row for row in grants + files if row.member_id]
    # then most workers are members of the union that applied, with their name and RIC
    assert len(with_member) > 0.6 * len(grants + files)
    for row in with_member:
        assert (row.name, row.ric_hash) == (row.member.name, row.member.ric_hash), row.number
        union = row.union if row.union.kind != OrgKind.TOWN else None
        if union is not None:
            assert row.member.union_id == union.pk, row.number
    model = Grant.objects.filter(program__kind__code="model_worker_condolence").exclude(member=None)
    assert model.exists() and not model.filter(member__is_model_worker=False).exists()
