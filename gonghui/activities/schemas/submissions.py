"""API inputs of reading-campaign submissions: a union's entry for a member, and the
review's transitions (RejectIn, AwardIn, named by services.submissions.SUBMISSION_WORKFLOW).
Every field is bounded."""

from ninja import Field, Schema

from gonghui.core.workflow_api import VersionIn

from ..rules import submissions as rules


class SubmissionIn(Schema):
    activity_id: int
    member_id: int
    title: str = Field(max_length=rules.TITLE_MAX)
    book: str = Field("", max_length=rules.BOOK_MAX)
    text: str = Field(max_length=rules.TEXT_MAX)


class RejectIn(VersionIn):
    reason: str = Field(..., max_length=rules.REASON_MAX, description="未采用原因（会员可见）")


class AwardIn(VersionIn):
    prize: str = Field(..., max_length=rules.PRIZE_MAX, description="奖项，例如一等奖")
