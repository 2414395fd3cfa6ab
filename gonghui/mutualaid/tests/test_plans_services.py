"""Plan-year services: who may write, the rules refused in Chinese on their field, one year
per calendar year with periods that never overlap, the freeze once a claim is committed,
the copy to the next year (and that editing it never touches this year), the workflow,
every write audited."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.core.errors import ApplicationError, ConflictError, PermissionDenied
from gonghui.core.models import AuditEntry
from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import BenefitKind, ClaimState, PlanState
from gonghui.mutualaid.models import BenefitItem, ClaimBenefit, CriticalDisease, PlanYear
from gonghui.mutualaid.queries import plans as queries
from gonghui.mutualaid.rules import plans as rules
from gonghui.mutualaid.services import plans as services
from gonghui.mutualaid.tests.factories import make_claim, make_enrollment, make_plan

pytestmark = pytest.mark.django_db

D = Decimal


def plan_fields(year=2015, **changes):
    return {
        "year": year,
        "name": f"{year}年度职工医疗互助保障计划",
        "starts_on": datetime.date(year, 1, 1),
        "ends_on": datetime.date(year, 12, 31),
        "enroll_closes_on": datetime.date(year, 3, 31),
        "contribution": "30.00",
        "age_limit_male": 60,
        "age_limit_female": 50,
        "waiting_days": 90,
        "claim_window_days": 365,
        "counted_when": "paid",
        "is_demo": True,
        "note": "",
    } | changes


def items(**changes):
    return {
        "inpatient": {
            "deductible": "500.00",
            "ratio": D("0.6"),
            "per_claim_cap": "10000.00",
            "yearly_cap": "30000.00",
        },
        "critical": {
            "diseases": [
                {"code": "cancer", "name": "恶性肿瘤", "amount": "15000.00"},
                {"name": "尿毒症", "amount": "10000.00"},
            ]
        },
        "accident": {"ratio": D("0.8"), "yearly_cap": "5000.00"},
    } | changes


def create(world, year=2015, **changes):
    return services.plan_create(
        actor=world.admin, items=changes.pop("items", items()), **plan_fields(year, **changes)
    )


def test_district_staff_create_a_year_with_its_items_and_diseases(world):
    plan = create(world)
    assert plan.state == PlanState.DRAFT and plan.org_path == world.district.path
    by_kind = {i.kind: i for i in plan.items.all()}
    assert by_kind["inpatient"].ratio == D("0.6") and by_kind["inpatient"].waiting_applies
    assert by_kind["accident"].waiting_applies is False  # no waiting period for accidents
    assert by_kind["critical"].ratio == 0 and by_kind["critical"].per_claim_cap is None
    codes = sorted(by_kind["critical"].diseases.values_list("code", flat=True))
    assert codes == ["cancer", "d2"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "mutualaid.plan.created",
        "mutualaid.benefit_item.created",
        "mutualaid.disease.added",
    } <= actions


@pytest.mark.parametrize("who", ["town_a_user", "chair_a", "auditor"])
def test_only_district_staff_manage_plans(world, who):
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=getattr(world, who), **plan_fields())
    plan = make_plan(world.district, 2013)
    with pytest.raises(PermissionDenied):
        services.plan_copy(actor=getattr(world, who), plan=plan)
    with pytest.raises(PermissionDenied):
        services.plan_close(actor=getattr(world, who), plan=plan, version=plan.version)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ends_on": datetime.date(2014, 12, 1)}, "ends_on", "晚于开始日期"),
        ({"enroll_closes_on": datetime.date(2016, 2, 1)}, "enroll_closes_on", "保障期内"),
        ({"age_limit_female": 12}, "age_limit_female", "女职工年龄上限"),
        ({"contribution": "-5"}, "contribution", "负数"),
        ({"contribution": "1.005"}, "contribution", "两位小数"),
        (
            {"items": items(inpatient={"ratio": D("1.5")})},
            "inpatient_ratio",
            "住院医疗互助的资助比例",
        ),
        (
            {"items": items(accident={"per_claim_cap": "6000", "yearly_cap": "5000"})},
            "accident_per_claim_cap",
            "不能高于年度上限",
        ),
        (
            {"items": items(critical={"diseases": [{"name": "尿毒症", "amount": "0"}]})},
            "disease_amount",
            "大于 0",
        ),
    ],
)
def test_wrong_figures_are_refused_on_their_field(world, changes, field, words):
    with pytest.raises(ApplicationError) as exc:
        create(world, **changes)
    assert exc.value.field == field and words in exc.value.message
    assert not PlanYear.objects.exists()


def test_one_year_per_year_and_periods_never_overlap(world):
    create(world, 2015)
    with pytest.raises(ApplicationError) as exc:
        create(world, 2015, name="另一个")
    assert exc.value.field == "year" and "每年只能有一个" in exc.value.message
    with pytest.raises(ApplicationError) as exc:
        create(
            world,
            2016,
            starts_on=datetime.date(2015, 12, 1),
            ends_on=datetime.date(2016, 11, 30),
            enroll_closes_on=None,
        )
    assert exc.value.field == "starts_on" and "2015年度" in exc.value.message


def test_update_edits_figures_and_items_with_the_version(world):
    plan = create(world)
    saved = services.plan_update(
        actor=world.admin,
        plan=plan,
        version=plan.version,
        contribution="35.00",
        items={"inpatient": {"ratio": D("0.65"), "deductible": "800", "yearly_cap": "40000"}},
    )
    inpatient = saved.items.get(kind="inpatient")
    assert saved.contribution == D("35.00") and saved.version == plan.version + 1
    assert (inpatient.ratio, inpatient.deductible, inpatient.per_claim_cap) == (
        D("0.65"),
        D("800.00"),
        None,
    )
    assert saved.items.filter(kind="accident").exists()  # a kind left out stays
    entry = AuditEntry.objects.filter(action="mutualaid.benefit_item.updated").get()
    assert entry.data["ratio"] == ["0.6000", "0.65"]
    with pytest.raises(ConflictError):
        services.plan_update(actor=world.admin, plan=plan, version=plan.version, name="旧页面")
    services.plan_update(
        actor=world.admin, plan=saved, version=saved.version, items={"accident": None}
    )
    assert not saved.items.filter(kind="accident").exists()
    assert AuditEntry.objects.filter(action="mutualaid.benefit_item.removed").exists()


def _committed_claim(world, plan):
    member = make_member(world.union_a, "李四")
    enrollment = make_enrollment(member, plan)
    claim = make_claim(enrollment, state=ClaimState.APPROVED, amount=D("4500.00"))
    inpatient = plan.items.get(kind=BenefitKind.INPATIENT)
    ClaimBenefit.objects.create(
        claim=claim,
        item=inpatient,
        member=member,
        kind=inpatient.kind,
        amount=D("4500.00"),
        lines=["自付 8,000.00 − 起付 500.00 = 7,500.00 × 60% = 4,500.00"],
        org_path=claim.org_path,
    )
    return claim


def test_figures_freeze_once_a_claim_is_committed(world):
    plan = make_plan(world.district, 2013)
    _committed_claim(world, plan)
    refusals = [
        {"contribution": "40.00"},
        {"waiting_days": 30},
        {"items": {"inpatient": {"ratio": D("0.7"), "deductible": "500"}}},
        {"items": {"accident": None}},
    ]
    for changes in refusals:
        with pytest.raises(ApplicationError) as exc:
            services.plan_update(actor=world.admin, plan=plan, version=plan.version, **changes)
        assert "1 件互助金申请已批准或已发放" in exc.value.message
        assert "按本年度现行标准计算" in exc.value.message
    with pytest.raises(ApplicationError):
        services.disease_add(actor=world.admin, plan=plan, name="白血病", amount="8000")
    cancer = CriticalDisease.objects.get(item__plan=plan, code="cancer")
    with pytest.raises(ApplicationError):
        services.disease_remove(actor=world.admin, plan=plan, disease=cancer)
    # the name, the note and the state still change; the same figures given again are no change
    saved = services.plan_update(
        actor=world.admin,
        plan=plan,
        version=plan.version,
        name="2013年度计划（已结算）",
        contribution="30.00",
        items={
            "inpatient": {
                "ratio": D("0.6"),
                "deductible": "500",
                "per_claim_cap": "10000",
                "yearly_cap": "30000",
            }
        },
    )
    assert saved.name == "2013年度计划（已结算）"
    closed = services.plan_close(actor=world.admin, plan=saved, version=saved.version)
    assert closed.state == PlanState.CLOSED


def test_a_submitted_claim_does_not_freeze(world):
    plan = make_plan(world.district, 2013)
    enrollment = make_enrollment(make_member(world.union_a), plan)
    make_claim(enrollment)  # submitted: computed again when approved
    saved = services.plan_update(
        actor=world.admin, plan=plan, version=plan.version, contribution="32.00"
    )
    assert saved.contribution == D("32.00")


def test_editing_next_year_never_touches_this_year(world):
    # given 2013 with an approved claim computed by its rules
    plan_2013 = make_plan(world.district, 2013)
    claim = _committed_claim(world, plan_2013)
    items_2013 = list(
        BenefitItem.objects.filter(plan=plan_2013).values(
            "kind", "deductible", "ratio", "per_claim_cap", "yearly_cap"
        )
    )
    # when 2013 is copied to 2014 and 2014's ratio and caps change
    plan_2014 = services.plan_copy(actor=world.admin, plan=plan_2013, version=plan_2013.version)
    assert (plan_2014.year, plan_2014.previous, plan_2014.state) == (2014, plan_2013, "draft")
    assert plan_2014.starts_on == datetime.date(2014, 1, 1)
    assert plan_2014.ends_on == datetime.date(2014, 12, 31)
    assert plan_2014.name == "2014年度职工医疗互助保障计划"
    services.plan_update(
        actor=world.admin,
        plan=plan_2014,
        version=plan_2014.version,
        items={
            "inpatient": {
                "deductible": "300",
                "ratio": D("0.75"),
                "per_claim_cap": "20000",
                "yearly_cap": "50000",
            },
            "critical": {"diseases": [{"code": "cancer", "name": "恶性肿瘤", "amount": "20000"}]},
        },
    )
    # then 2013's claim, its benefit and its items are as they were
    claim.refresh_from_db()
    benefit = claim.benefits.get()
    assert claim.amount == D("4500.00") and benefit.amount == D("4500.00")
    assert benefit.item.plan_id == plan_2013.pk and benefit.item.ratio == D("0.6")
    assert (
        list(
            BenefitItem.objects.filter(plan=plan_2013).values(
                "kind", "deductible", "ratio", "per_claim_cap", "yearly_cap"
            )
        )
        == items_2013
    )
    assert CriticalDisease.objects.filter(item__plan=plan_2013).count() == 2
    assert CriticalDisease.objects.get(item__plan=plan_2013, code="cancer").amount == D("15000")
    new = plan_2014.items.get(kind="inpatient")
    assert (new.ratio, new.yearly_cap) == (D("0.75"), D("50000.00"))
    assert list(
        CriticalDisease.objects.filter(item__plan=plan_2014).values_list("code", "amount")
    ) == [("cancer", D("20000.00"))]


def test_copy_takes_every_item_and_disease_and_is_refused_twice(world):
    source = make_plan(world.district, 2013, enroll_closes_on=datetime.date(2013, 2, 28))
    copy = services.plan_copy(actor=world.admin, plan=source)
    assert copy.enroll_closes_on == datetime.date(2014, 2, 28)
    fields = (
        "kind",
        "name",
        "deductible",
        "ratio",
        "per_claim_cap",
        "yearly_cap",
        "waiting_applies",
    )
    assert list(copy.items.values_list(*fields)) == list(source.items.values_list(*fields))
    assert sorted(
        CriticalDisease.objects.filter(item__plan=copy).values_list("code", "amount")
    ) == sorted(CriticalDisease.objects.filter(item__plan=source).values_list("code", "amount"))
    entry = AuditEntry.objects.get(action="mutualaid.plan.copied")
    assert entry.data["from"] == source.pk and entry.target_id == str(copy.pk)
    with pytest.raises(ApplicationError) as exc:
        services.plan_copy(actor=world.admin, plan=source)
    assert "2014年度已有计划" in exc.value.message


def test_the_workflow_opens_only_a_year_that_can_pay(world):
    plan = create(world, items={"critical": {}})
    with pytest.raises(ApplicationError) as exc:
        services.plan_open(actor=world.admin, plan=plan, version=plan.version)
    assert "病种" in exc.value.message
    services.disease_add(actor=world.admin, plan=plan, name="恶性肿瘤", amount="15000")
    plan.refresh_from_db()
    opened = services.plan_open(actor=world.admin, plan=plan, version=plan.version)
    assert opened.state == PlanState.OPEN
    assert list(queries.open_plans(world.chair_a)) == [opened]
    closed = services.plan_close(actor=world.admin, plan=opened, version=opened.version)
    reopened = services.plan_reopen(actor=world.admin, plan=closed, version=closed.version)
    assert reopened.state == PlanState.OPEN
    assert AuditEntry.objects.filter(action="mutualaid.plan.close").exists()


def test_diseases_one_by_one(world):
    plan = make_plan(world.district, 2013)
    added = services.disease_add(actor=world.admin, plan=plan, name="白血病", amount="8000.50")
    assert added.code == "d3" and added.amount == D("8000.50")
    with pytest.raises(ApplicationError) as exc:
        services.disease_add(actor=world.admin, plan=plan, name="白血病", amount="1")
    assert exc.value.field == "disease_name"
    services.disease_update(
        actor=world.admin, plan=plan, disease=added, name="白血病", amount="9000"
    )
    added.refresh_from_db()
    assert added.amount == D("9000.00")
    services.disease_remove(actor=world.admin, plan=plan, disease=added)
    assert not CriticalDisease.objects.filter(pk=added.pk).exists()
    plan.refresh_from_db()
    assert plan.version == 4  # each change bumps the plan's version
    other = make_plan(world.district, 2014)
    foreign = CriticalDisease.objects.filter(item__plan=other).first()
    with pytest.raises(ApplicationError):
        services.disease_remove(actor=world.admin, plan=plan, disease=foreign)


def test_plans_are_the_districts_and_every_viewer_sees_them(world):
    plan = make_plan(world.district, 2013)
    for user in (world.town_a_user, world.chair_a, world.auditor, world.admin):
        assert queries.plan_get(user=user, pk=plan.pk) == plan
    with pytest.raises(PermissionDenied):
        queries.plan_get(user=world.lawyer_a, pk=plan.pk)
    with pytest.raises(Http404):
        queries.plan_get(user=world.admin, pk=10**22)


def test_plan_for_day(world):
    plan = make_plan(world.district, 2013)
    draft = make_plan(world.district, 2014, state=PlanState.DRAFT)
    assert queries.plan_for_day(datetime.date(2013, 6, 1)) == plan
    assert queries.plan_for_day(datetime.date(2014, 6, 1)) is None  # a draft is not in force
    assert queries.plan_for_day(datetime.date(2012, 6, 1)) is None
    assert draft.pk


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.dates(),
    length=st.integers(min_value=-5, max_value=800),
    contribution=st.text(max_size=12),
    ratio=st.decimals(min_value=-2, max_value=2, places=5, allow_nan=False),
    caps=st.tuples(
        st.one_of(st.none(), st.decimals(min_value=-10, max_value=10**7, places=3)),
        st.one_of(st.none(), st.decimals(min_value=-10, max_value=10**7, places=3)),
    ),
)
def test_any_edit_saves_or_is_refused_in_chinese(world, start, length, contribution, ratio, caps):
    plan = PlanYear.objects.filter(year=2013).first() or make_plan(world.district, 2013)
    plan.refresh_from_db()
    try:
        end = start + datetime.timedelta(days=length)
    except OverflowError:
        end = start
    item = {"ratio": ratio, "per_claim_cap": caps[0], "yearly_cap": caps[1]}
    try:
        saved = services.plan_update(
            actor=world.admin,
            plan=plan,
            version=plan.version,
            starts_on=start,
            ends_on=end,
            contribution=contribution,
            items={"inpatient": item},
        )
    except ApplicationError as exc:
        assert exc.message and any("\u4e00" <= ch <= "\u9fff" for ch in exc.message)
        return
    assert rules.plan_problems(saved) == []
    inpatient = saved.items.get(kind="inpatient")
    assert 0 <= inpatient.ratio <= 1
