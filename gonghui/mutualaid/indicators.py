"""The mutual-aid plan's figures in the indicator catalog (section 服务职工, CARE-3): the
report's "2013年参加医疗互助保障计划的在册职工达12.3万多人，共为134名患重病职工资助医疗救助金
201万多元", and the plan's work for any period and subtree.

- Enrollment: members enrolled at the period's end (counted: `effective_on` by then, not
  cancelled by then, the day inside the plan's period: the enrollment list's
  `standing_on`); enrollments that came into effect in the period and are still active (the
  report's "在册职工"); new and renewed enrollments registered in the period.
- Contributions: what the batches registered in the period owe (`amount_due`) and what was
  paid in the period (`ContributionPayment`).
- Claims paid in the period (state 已发放, `paid_on` in it): counted and summed, and per
  benefit item (a claim with a benefit of that kind > 0; the benefit's amount summed); the
  serious-illness figures: members with such a claim that has a critical-illness benefit,
  and those claims' whole amounts.

A row's place is its union's `org_path`, so the breakdown by town is the catalog's.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from gonghui.core.indicators import Indicator, Kind, Measure, Period, register_indicator

from .choices import BenefitKind, ClaimState, EnrollmentState
from .models import Claim, ClaimBenefit, ContributionPayment, Enrollment, EnrollmentBatch

# the one definition of an enrollment counted on a day: the list's `standing_on` is it too
from .queries.enrollments import standing_q

STATS = "mutualaid.stats"
SECTION = "服务职工"
CAPABILITY = "CARE-3"


def _org(org_path: str) -> dict[str, str]:
    """The lists' `org` (the subtree's organization: the path's last id); none for "/"."""
    last = org_path.rstrip("/").rsplit("/", 1)[-1]
    return {"org": last} if last.isdigit() else {}


def _url(name: str, org_path: str, params: list[tuple[str, str]]) -> str:
    return f"{reverse(name)}?{urlencode([*params, *_org(org_path).items()])}"


# ---- enrollment -----------------------------------------------------------------------------


def enrolled_at(period: Period) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(standing_q(period.end))


def enrolled_at_url(period: Period, org_path: str) -> str:
    return _url("mutualaid:enrollment_list", org_path, [("standing_on", period.end.isoformat())])


def effective_active(period: Period) -> QuerySet[Enrollment]:
    """Active enrollments that came into effect in the period (the report's 在册职工 of a
    plan year: a calendar plan's enrollments all come into effect in its year)."""
    return Enrollment.objects.filter(
        state=EnrollmentState.ACTIVE, effective_on__range=(period.start, period.end)
    )


def effective_active_url(period: Period, org_path: str) -> str:
    params = [
        ("state", EnrollmentState.ACTIVE.value),
        ("effective_from", period.start.isoformat()),
        ("effective_to", period.end.isoformat()),
    ]
    return _url("mutualaid:enrollment_list", org_path, params)


def enrollments_registered(renewal: bool) -> Callable[[Period], QuerySet[Enrollment]]:
    """Enrollments registered (`enrolled_on`) in the period, renewals or new ones, in any
    state (one cancelled since was still enrolled)."""

    def rows(period: Period) -> QuerySet[Enrollment]:
        return Enrollment.objects.filter(
            is_renewal=renewal, enrolled_on__range=(period.start, period.end)
        )

    return rows


def enrollments_registered_url(renewal: bool) -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [
            ("renewal", "1" if renewal else "0"),
            ("enrolled_from", period.start.isoformat()),
            ("enrolled_to", period.end.isoformat()),
        ]
        return _url("mutualaid:enrollment_list", org_path, params)

    return url


# ---- contributions --------------------------------------------------------------------------


def contributions_due(period: Period) -> QuerySet[EnrollmentBatch]:
    return EnrollmentBatch.objects.filter(enrolled_on__range=(period.start, period.end))


def contributions_due_url(period: Period, org_path: str) -> str:
    """The enrollments of those batches (each owes its contribution)."""
    params = [("enrolled_from", period.start.isoformat()), ("enrolled_to", period.end.isoformat())]
    return _url("mutualaid:enrollment_list", org_path, params)


def contributions_paid(period: Period) -> QuerySet[ContributionPayment]:
    return ContributionPayment.objects.filter(paid_on__range=(period.start, period.end))


# ---- claims ---------------------------------------------------------------------------------


def claims_paid(kind: str = "") -> Callable[[Period], QuerySet[Claim]]:
    """Claims paid in the period; with `kind`, those with a benefit of that kind > 0."""

    def rows(period: Period) -> QuerySet[Claim]:
        found = Claim.objects.filter(
            state=ClaimState.PAID, paid_on__range=(period.start, period.end)
        )
        if kind:
            found = found.filter(
                Exists(
                    ClaimBenefit.objects.filter(claim_id=OuterRef("pk"), kind=kind, amount__gt=0)
                )
            )
        return found

    return rows


def benefits_paid(kind: str) -> Callable[[Period], QuerySet[ClaimBenefit]]:
    """The benefits of one kind (> 0) of the claims paid in the period: one per claim."""

    def rows(period: Period) -> QuerySet[ClaimBenefit]:
        return ClaimBenefit.objects.filter(
            kind=kind,
            amount__gt=0,
            claim__state=ClaimState.PAID,
            claim__paid_on__range=(period.start, period.end),
        )

    return rows


def claims_paid_url(kind: str = "") -> Callable[[Period, str], str]:
    def url(period: Period, org_path: str) -> str:
        params = [
            ("state", ClaimState.PAID.value),
            ("paid_from", period.start.isoformat()),
            ("paid_to", period.end.isoformat()),
        ]
        if kind:
            params.append(("kind", kind))
        return _url("mutualaid:claim_list", org_path, params)

    return url


def serious_members(period: Period) -> QuerySet[Enrollment]:
    """The members (their enrollments: one a member and plan year) with a claim paid in the
    period that has a critical-illness benefit > 0."""
    paid = claims_paid(BenefitKind.CRITICAL)(period)
    # the claims (few, by their paid date) first, then their enrollments by key
    return Enrollment.objects.filter(pk__in=paid.values("enrollment_id"))


# ---- the catalog ----------------------------------------------------------------------------

PAID = "统计期内发放成功（状态为已发放、发放日期在统计期内）的互助金申请"
SERIOUS = f"{PAID}中含重大疾病互助金（金额大于0）的"


def _indicator(**fields: Any) -> None:
    register_indicator(
        Indicator(
            section=SECTION,
            permission=STATS,
            capability=CAPABILITY,
            own_meaningful=True,
            **fields,
        )
    )


def _register_enrollment() -> None:
    _indicator(
        code="mutualaid.enrolled",
        title="医疗互助在保职工",
        unit="人",
        kind=Kind.STOCK,
        order=400,
        definition=(
            "统计期末在保的医疗互助参保记录数：已生效（生效日期不晚于当日）、当日未退保，且当日"
            "在其计划年度的保障期内（一人一年度一条）。"
        ),
        measure=Measure(query=enrolled_at, list_url=enrolled_at_url),
    )
    _indicator(
        code="mutualaid.enrolled.year",
        title="参加医疗互助保障计划的在册职工",
        unit="人",
        kind=Kind.FLOW,
        order=401,
        definition=(
            "生效日期在统计期内、现仍有效（已缴费生效、未退保）的参保记录数；按年度统计即该年度"
            "计划的在册参保职工（报告“2013年参加医疗互助保障计划的在册职工达12.3万多人”）。"
        ),
        measure=Measure(query=effective_active, list_url=effective_active_url, date="effective_on"),
    )
    for order, (renewal, what, title) in enumerate(
        ((False, "new", "医疗互助新参保"), (True, "renewed", "医疗互助续保")), start=402
    ):
        _indicator(
            code=f"mutualaid.enrollments.{what}",
            title=title,
            unit="人",
            kind=Kind.FLOW,
            order=order,
            definition=(
                f"登记日期在统计期内的{'续保（上一计划年度已参保）' if renewal else '新参保（非续保）'}"
                "参保记录数，含待缴费和已退保的。"
            ),
            measure=Measure(
                query=enrollments_registered(renewal),
                list_url=enrollments_registered_url(renewal),
                date="enrolled_on",
            ),
        )
    _indicator(
        code="mutualaid.contributions.due",
        title="医疗互助应缴金额",
        unit="元",
        kind=Kind.FLOW,
        order=410,
        definition="登记日期在统计期内的参保批次应缴金额之和（元；参保人数×每人缴费）。",
        measure=Measure(
            query=contributions_due,
            value="amount_due",
            list_url=contributions_due_url,
            date="enrolled_on",
        ),
    )
    _indicator(
        code="mutualaid.contributions.paid",
        title="医疗互助已缴金额",
        unit="元",
        kind=Kind.FLOW,
        order=411,
        definition="到账日期在统计期内的缴费记录金额之和（元；录入或银行导入）。",
        measure=Measure(query=contributions_paid, value="amount", date="paid_on"),
    )


def _register_claims() -> None:
    _indicator(
        code="mutualaid.claims.paid",
        title="医疗互助金资助人次",
        unit="人次",
        kind=Kind.FLOW,
        order=420,
        definition=f"{PAID}笔数（一笔为一次住院或意外）。",
        measure=Measure(query=claims_paid(), list_url=claims_paid_url(), date="paid_on"),
    )
    _indicator(
        code="mutualaid.claims.amount",
        title="医疗互助金发放金额",
        unit="元",
        kind=Kind.FLOW,
        order=421,
        definition=f"{PAID}核定金额之和（元）。",
        measure=Measure(
            query=claims_paid(), value="amount", list_url=claims_paid_url(), date="paid_on"
        ),
    )
    for i, kind in enumerate(BenefitKind):
        _indicator(
            code=f"mutualaid.claims.{kind.value}",
            title=f"{kind.label}人次",
            unit="人次",
            kind=Kind.FLOW,
            order=422 + 2 * i,
            definition=f"{PAID}中含{kind.label}金（金额大于0）的笔数。",
            measure=Measure(
                query=benefits_paid(kind.value),
                list_url=claims_paid_url(kind.value),
                date="claim__paid_on",
            ),
        )
        _indicator(
            code=f"mutualaid.claims.{kind.value}.amount",
            title=f"{kind.label}金额",
            unit="元",
            kind=Kind.FLOW,
            order=423 + 2 * i,
            definition=f"{PAID}中{kind.label}项目的核定金额之和（元）。",
            measure=Measure(
                query=benefits_paid(kind.value),
                value="amount",
                list_url=claims_paid_url(kind.value),
                date="claim__paid_on",
            ),
        )
    _indicator(
        code="mutualaid.serious.people",
        title="获医疗救助的患重病职工",
        unit="名",
        kind=Kind.FLOW,
        order=440,
        definition=(
            f"{SERIOUS}职工人数（一人一计划年度计一名）；报告“共为134名患重病职工资助医疗救助金”。"
        ),
        measure=Measure(query=serious_members, list_url=claims_paid_url(BenefitKind.CRITICAL)),
    )
    _indicator(
        code="mutualaid.serious.amount",
        title="患重病职工医疗救助金",
        unit="元",
        kind=Kind.FLOW,
        order=441,
        definition=(
            f"{SERIOUS}申请的核定金额之和（元，含其住院医疗互助金）；报告“资助医疗救助金201万多元”。"
        ),
        measure=Measure(
            query=claims_paid(BenefitKind.CRITICAL),
            value="amount",
            list_url=claims_paid_url(BenefitKind.CRITICAL),
            date="paid_on",
        ),
    )


def register() -> None:
    _register_enrollment()
    _register_claims()
