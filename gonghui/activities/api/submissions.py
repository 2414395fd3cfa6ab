"""Activities API: reading-campaign submissions under /api/v1/activities/submissions — the
list page's filters, the counts per activity, one entry with its text, a union's entry for
a member, the review (the workflow's actions). Same services, queries and scope as the
pages."""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.lists import CappedPagination
from gonghui.core.permissions import require
from gonghui.core.scope import NotInScope, access
from gonghui.core.workflow_api import add_action_endpoint
from gonghui.members.models import Member

from ..queries import submissions as queries
from ..schemas.submissions import SubmissionIn
from ..services import submissions as services
from ..services.submissions import SUBMISSION_WORKFLOW

router = Router()


class SubmissionOut(Schema):
    id: int
    activity_id: int
    activity: str
    member_id: int
    name: str
    union_id: int
    title: str
    book: str
    source: str
    submitted_at: datetime.datetime
    state: str
    review_note: str
    reviewed_at: datetime.datetime | None
    prize: str
    version: int

    @staticmethod
    def resolve_activity(obj) -> str:
        return obj.activity.name

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.member.name


class SubmissionDetailOut(SubmissionOut):
    text: str


class CountOut(Schema):
    activity_id: int
    activity: str = Field(alias="activity__name")
    year: int = Field(alias="activity__year")
    kind: str = Field(alias="activity__kind")
    total: int
    waiting: int
    accepted: int
    rejected: int
    prized: int


class SubmissionFilters(Schema):
    """The list page's filters (forms.submissions.SubmissionFilterForm), read by the same
    query."""

    activity: int | None = Field(None, description="活动编号")
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description="活动年度")
    kind: str = Field("", max_length=20, description="reading 或 culture")
    state: str = Field("", max_length=20)
    union: int | None = Field(None, description="工会编号")
    org: int | None = Field(None, description="组织编号：该组织及其下级会员的投稿")
    submitted_from: datetime.date | None = None
    submitted_to: datetime.date | None = None
    q: str = Field("", max_length=60, description="题目或书名")
    prized: bool | None = Field(None, description="只看获奖作品")


@router.get("/activities/submissions", response=list[SubmissionOut])
@paginate(CappedPagination, page_size=100)
def list_submissions(request, filters: Query[SubmissionFilters]):
    require(request.user, queries.VIEW)
    return queries.submission_list(user=request.user, filters=filters.dict())


# Before "/activities/submissions/{submission_id}".
@router.get("/activities/submissions/counts", response=list[CountOut])
def submission_counts(
    request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="活动年度")
):
    """Per activity: entries received, waiting, accepted, rejected, prized (in scope)."""
    require(request.user, queries.VIEW)
    return queries.submission_counts(user=request.user, year=year)


@router.get("/activities/submissions/{submission_id}", response=SubmissionDetailOut)
def get_submission(request, submission_id: int):
    return queries.submission_get(user=request.user, pk=submission_id)


@router.post("/activities/submissions", response={201: SubmissionDetailOut})
def create_submission(request, payload: SubmissionIn):
    """A union enters an entry for a member of its scope, to an open reading or culture
    activity of its own subtree or one above it."""
    require(request.user, services.ENTER)
    activity = queries.activities_for_entry(request.user).filter(pk=payload.activity_id).first()
    if activity is None:
        raise NotInScope(
            "activity_id 所指的活动不存在、不接受投稿或不面向您的会员。", field="activity_id"
        )
    member = access(Member, request.user, payload.member_id, field="member_id")
    saved = services.submission_create(
        actor=request.user,
        activity=activity,
        member=member,
        title=payload.title,
        book=payload.book,
        text=payload.text,
    )
    return 201, saved


add_action_endpoint(
    router, "/activities/submissions/{pk}/actions", SUBMISSION_WORKFLOW, SubmissionOut
)
