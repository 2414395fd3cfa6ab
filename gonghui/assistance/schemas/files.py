"""API inputs of hardship files: the workflow's transitions (NoteIn, ReasonIn, ExitIn,
named by workflow.py), a new file, a visit, a living standard. Every field is bounded."""

import base64
import binascii
import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from ninja import Field, Schema

from gonghui.core.errors import ApplicationError
from gonghui.core.money import ZERO, Money
from gonghui.core.scope import access
from gonghui.core.workflow_api import VersionIn
from gonghui.members.models import Member
from gonghui.orgs.models import Organization

# A document in a JSON body: base64 of at most ~5 MB (core.uploads checks the bytes).
DOCUMENT_B64_MAX = 7_000_000


class NoteIn(VersionIn):
    note: str = Field("", max_length=300)


class ReasonIn(VersionIn):
    reason: str = Field("", max_length=300)


class ExitIn(VersionIn):
    reason: str = Field("", max_length=300)
    notice_from: datetime.date | None = Field(None, description="公示开始日期（默认今天）")


class HouseholdIn(Schema):
    name: str = Field(max_length=50)
    relation: str = Field(max_length=20, description="spouse/child/parent/sibling/other")
    birth_year: int | None = Field(None, ge=1900, le=2100)
    situation: str = Field("", max_length=200)


class DocumentIn(Schema):
    kind: str = Field(max_length=30, description="材料类别（DocumentKind）")
    name: str = Field(max_length=200, description="文件名")
    content: str = Field(max_length=DOCUMENT_B64_MAX, description="文件内容（base64）")

    def upload(self) -> SimpleUploadedFile:
        try:
            data = base64.b64decode(self.content, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ApplicationError(
                f"证明材料「{self.name}」的内容不是有效的base64。", field="documents"
            ) from exc
        return SimpleUploadedFile(self.name or "材料", data)


class FileIn(Schema):
    union_id: int | None = Field(None, description="建档工会；默认您所在的工会")
    member_id: int | None = None
    name: str = Field("", max_length=50)
    ric: str = Field("", max_length=30)
    phone: str = Field("", max_length=20)
    employer_name: str = Field("", max_length=150)
    is_migrant_worker: bool = False
    employed_since: datetime.date | None = None
    household: list[HouseholdIn] = Field(default_factory=list, max_length=20)
    household_size: int | None = Field(None, ge=1, le=21)
    annual_income: Money
    essential_expenses: Money
    hardship_costs: Money = ZERO
    accident_event: str = Field("", max_length=20)
    cause: str = Field(max_length=20)
    situation: str = Field("", max_length=2000)
    contact_name: str = Field(max_length=50)
    contact_phone: str = Field("", max_length=20)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=12)

    def service_kwargs(self, user: Any) -> dict[str, Any]:
        union = (
            access(Organization, user, self.union_id, field="union_id")
            if self.union_id
            else getattr(user, "organization", None)
        )
        member = access(Member, user, self.member_id, field="member_id") if self.member_id else None
        data = self.dict(exclude={"union_id", "member_id", "documents", "household"})
        return {
            **data,
            "union": union,
            "member": member,
            "household": [h.dict() for h in self.household],
            "documents": [(d.kind, d.upload()) for d in self.documents],
        }


class VisitIn(Schema):
    kind: str = Field("visit", max_length=20, description="visit/review/follow_up")
    visited_on: datetime.date
    visitor: str = Field(max_length=50)
    note: str = Field("", max_length=2000)
    annual_income: Money | None = None
    essential_expenses: Money | None = None
    hardship_costs: Money | None = None
    household_size: int | None = Field(None, ge=1, le=21)
    accident_event: str | None = Field(None, max_length=20)


class StandardIn(Schema):
    town_id: int
    effective_from: datetime.date
    monthly_amount: Money
    note: str = Field("", max_length=200)
