"""API inputs of mutual-aid claims: the workflow's transitions (NoteIn, ReasonIn, named in
workflow.py), a new claim, a correction and a quote. Every field is bounded."""

import base64
import binascii
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from ninja import Field, Schema

from gonghui.core.errors import ApplicationError
from gonghui.core.money import Money
from gonghui.core.workflow_api import VersionIn

# A document in a JSON body: base64 of at most ~5 MB (core.uploads checks the bytes).
DOCUMENT_B64_MAX = 7_000_000


class NoteIn(VersionIn):
    note: str = Field("", max_length=300)


class ReasonIn(VersionIn):
    reason: str = Field(..., min_length=1, max_length=300)


class DocumentIn(Schema):
    kind: str = Field(max_length=30, description="材料类别（DocumentKind）")
    name: str = Field(max_length=200, description="文件名")
    content: str = Field(max_length=DOCUMENT_B64_MAX, description="文件内容（base64）")

    def upload(self) -> SimpleUploadedFile:
        try:
            data = base64.b64decode(self.content, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ApplicationError(
                f"申请材料「{self.name}」的内容不是有效的base64。", field="documents"
            ) from exc
        return SimpleUploadedFile(self.name or "材料", data)


class ClaimFieldsIn(Schema):
    event_on: datetime.date = Field(description="发病或受伤日期：计划年度按它确定")
    admitted_on: datetime.date | None = None
    discharged_on: datetime.date | None = None
    hospital: str = Field("", max_length=100)
    diagnosis: str = Field("", max_length=200)
    disease: str = Field("", max_length=30, description="重大疾病病种代码；无则留空")
    total_cost: Money
    insurance_paid: Money | None = None
    own_cost: Money | None = Field(None, description="留空按总费用减医保支付")
    bank_name: str = Field("", max_length=60)
    account: str = Field("", max_length=40)


class ClaimIn(ClaimFieldsIn):
    member_id: int
    event_kind: str = Field(max_length=20, description="illness 或 accident")
    documents: list[DocumentIn] = Field(
        default_factory=list, max_length=12, description="至少出院小结或诊断证明、医疗费用票据"
    )


class QuoteIn(ClaimFieldsIn):
    member_id: int
    event_kind: str = Field(max_length=20, description="illness 或 accident")


class ClaimEditIn(ClaimFieldsIn):
    version: int
