"""API inputs and outputs of legal-person certificates (ORG-4)."""

import datetime

from ninja import Field, Schema

from gonghui.core.storable import ID_MAX
from gonghui.core.workflow_api import VersionIn


class NoteIn(VersionIn):
    note: str = Field(max_length=300)


class ResubmitIn(VersionIn):
    representative: str = Field("", max_length=50)
    address: str = Field("", max_length=200)
    reason: str = Field("", max_length=300)


class IssueIn(VersionIn):
    number: str = Field(max_length=40)
    uscc: str = Field(max_length=18)
    issued_on: datetime.date
    valid_until: datetime.date


class CertificateOut(Schema):
    id: int
    organization_id: int
    number: str
    uscc: str
    representative: str
    address: str
    issued_on: datetime.date
    valid_until: datetime.date
    state: str
    cancelled_on: datetime.date | None
    cancel_reason: str
    version: int


class DocumentOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int


class CertificateRequestOut(Schema):
    id: int
    organization_id: int
    kind: str
    state: str
    certificate_id: int | None
    submitted_on: datetime.date
    representative: str
    address: str
    reason: str
    check_note: str
    decided_on: datetime.date | None
    version: int
    documents: list[DocumentOut]

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())


class UnionOut(Schema):
    id: int
    name: str
    town_id: int | None
    chair_name: str
    established_on: datetime.date | None


class CertificateFilters(Schema):
    q: str = ""
    state: str = ""
    due: str = ""
    town: int | None = Field(None, ge=1, le=ID_MAX)
    valid_until_to: datetime.date | None = None
    issued_year: int | None = Field(None, ge=1900, le=2100)


class WithoutFilters(Schema):
    q: str = ""
    town: int | None = Field(None, ge=1, le=ID_MAX)


class RequestFilters(Schema):
    todo: bool = False
    state: str = ""
    kind: str = ""
    town: int | None = Field(None, ge=1, le=ID_MAX)
    organization: int | None = Field(None, ge=1, le=ID_MAX)
