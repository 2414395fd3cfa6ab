"""Mutual-aid API: enrollments, batches and contributions (/api/v1/mutualaid/...). The same
services, queries and scope as the pages; every body field bounded, ids checked with
core.scope.access."""

import datetime

from ninja import Query, Router
from ninja.pagination import paginate

from gonghui.core.clock import today
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import access
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Organization

from ..queries import enrollments as queries
from ..schemas.enrollments import (
    BatchFilters,
    BatchOut,
    CancelIn,
    EnrolledCountOut,
    EnrollIn,
    EnrollmentFilters,
    EnrollmentOut,
    EnrollOneIn,
    EnrollResultOut,
    PaymentIn,
    PaymentOut,
)
from ..services import enrollments as services

router = Router()
ID_MAX = 2**63 - 1


@router.get("/mutualaid/enrollments", response=list[EnrollmentOut])
@paginate(CappedPagination, page_size=100)
def list_enrollments(request, filters: Query[EnrollmentFilters]):
    require(request.user, queries.VIEW)
    return queries.enrollment_list(user=request.user, filters=filters.dict())


@router.get("/mutualaid/enrollments/count", response=EnrolledCountOut)
def enrolled_count(
    request,
    day: datetime.date | None = None,
    org: int | None = Query(None, ge=1, le=ID_MAX),
):
    """How many enrollments count on `day` (today), in `org`'s subtree (the user's scope)."""
    require(request.user, queries.VIEW)
    day = day or today()
    if org is not None:
        access(Organization, request.user, org, field="org")
    return {"day": day, "org": org, "count": queries.enrolled_count(request.user, day, org)}


@router.get("/mutualaid/enrollments/{enrollment_id}", response=EnrollmentOut)
def get_enrollment(request, enrollment_id: int):
    return queries.enrollment_get(user=request.user, pk=enrollment_id)


@router.post("/mutualaid/enrollments/{enrollment_id}/cancel", response=EnrollmentOut)
def cancel_enrollment(request, enrollment_id: int, payload: CancelIn):
    """退保: it stops counting from today."""
    require(request.user, services.ENROLL)
    enrollment = queries.enrollment_get(user=request.user, pk=enrollment_id)
    services.enrollment_cancel(actor=request.user, enrollment=enrollment, reason=payload.reason)
    return queries.enrollment_get(user=request.user, pk=enrollment_id)


@router.post("/mutualaid/enroll", response={200: EnrollResultOut, 202: EnrollResultOut})
def enroll(request, payload: EnrollIn):
    """Enroll the members of `org_id`'s subtree (filtered) in plan `plan_id`: the batch
    summary (200), or the job that runs a large one (202, follow /api/v1/jobs/{job_id});
    `preview=true` only counts."""
    require(request.user, services.ENROLL)
    plan = queries.plan_get(
        user=request.user, pk=payload.plan_id, action=services.ENROLL, field="plan_id"
    )
    org = access(queries.enroll_orgs(request.user), request.user, payload.org_id, field="org_id")
    filters = payload.roster_filters()
    if payload.employer_id is not None:
        access(
            Employer.objects.visible_to(request.user, "employers.view"),
            request.user,
            payload.employer_id,
            field="employer_id",
        )
    preview = services.roster_enroll(
        actor=request.user, plan=plan, org=org, filters=filters, write=False
    )
    if payload.preview or not preview.enrolled:
        return 200, {**preview.as_dict(), "job_id": None}
    result = services.roster_enroll_start(
        actor=request.user, plan=plan, org=org, filters=filters, expected=preview.enrolled
    )
    if isinstance(result, services.Outcome):
        return 200, {**result.as_dict(), "job_id": None}
    return 202, {**preview.as_dict(), "written": False, "job_id": result.pk}


@router.post("/mutualaid/enroll/one", response={201: EnrollmentOut})
def enroll_one(request, payload: EnrollOneIn):
    require(request.user, services.ENROLL)
    plan = queries.plan_get(
        user=request.user, pk=payload.plan_id, action=services.ENROLL, field="plan_id"
    )
    member = access(
        Member.objects.visible_to(request.user, "members.view"),
        request.user,
        payload.member_id,
        field="member_id",
    )
    made = services.enrollment_single(actor=request.user, plan=plan, member=member)
    return 201, queries.enrollment_get(user=request.user, pk=made.pk)


@router.get("/mutualaid/batches", response=list[BatchOut])
@paginate(CappedPagination, page_size=100)
def list_batches(request, filters: Query[BatchFilters]):
    require(request.user, queries.VIEW)
    return queries.batch_list(user=request.user, filters=filters.dict())


@router.get("/mutualaid/batches/{batch_id}", response=BatchOut)
def get_batch(request, batch_id: int):
    return queries.batch_get(user=request.user, pk=batch_id)


@router.get("/mutualaid/batches/{batch_id}/payments", response=list[PaymentOut])
def list_payments(request, batch_id: int):
    batch = queries.batch_get(user=request.user, pk=batch_id)
    return list(queries.batch_payments(user=request.user, batch=batch))


@router.post("/mutualaid/batches/{batch_id}/payments", response={201: PaymentOut})
def record_payment(request, batch_id: int, payload: PaymentIn):
    """A contribution paid towards the batch; over what is still due is refused (400)."""
    require(request.user, services.RECORD)
    batch = queries.batch_get(user=request.user, pk=batch_id)
    payment = services.payment_record(
        actor=request.user,
        batch=batch,
        amount=payload.amount,
        paid_on=payload.paid_on,
        reference=payload.reference,
    )
    return 201, payment
