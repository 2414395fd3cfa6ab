"""API bodies of service records (CARE-4, in-kind CARE-2): every field bounded, every id
checked through the scope by the API (api/records.py)."""

import datetime

from ninja import Field, Schema

from gonghui.core.identity import mask
from gonghui.core.money import ZERO, Money

from ..choices import Recipient

COUNT_MAX = 2_000_000_000


class ServiceFilters(Schema):
    """The service list page's filters (forms.records.ServiceFilterForm)."""

    org: int | None = Field(None, description="组织编号：该组织及其下级的记录")
    kind: str = Field("", max_length=30, description="服务类别（ServiceKind）")
    program_kind: str = Field("", max_length=40, description="项目类别代码（ProgramKind.code）")
    held_from: datetime.date | None = Field(None, description="日期起（含）")
    held_to: datetime.date | None = Field(None, description="日期止（含）")
    town: int | None = Field(None, description="镇街编号")


class ServiceRecordIn(Schema):
    kind: str = Field(max_length=30)
    program_id: int | None = None
    title: str = Field(max_length=120)
    held_on: datetime.date
    organizer_id: int
    recipient: str = Field(Recipient.PEOPLE, max_length=20)
    employer_id: int | None = None
    site: str = Field("", max_length=150)
    recipient_union_id: int | None = None
    item: str = Field("", max_length=100)
    quantity: int = Field(0, ge=0, le=COUNT_MAX)
    value: Money = ZERO
    amount: Money = ZERO
    head_count: int = Field(0, ge=0, le=COUNT_MAX)
    note: str = Field("", max_length=2000)


class ServiceRecordEditIn(ServiceRecordIn):
    version: int = Field(ge=0, le=COUNT_MAX)


class ServiceRecordOut(Schema):
    id: int
    number: str
    kind: str
    program_id: int | None
    title: str
    held_on: datetime.date
    organizer_id: int
    recipient: str
    employer_id: int | None
    site: str
    recipient_union_id: int | None
    item: str
    quantity: int
    value: Money
    amount: Money
    head_count: int
    named: bool
    note: str
    version: int


class BeneficiaryIn(Schema):
    """A member (member_id) or a name and RIC, with the amount they received."""

    member_id: int | None = None
    name: str = Field("", max_length=50)
    ric: str = Field("", max_length=30)
    amount: Money = ZERO
    note: str = Field("", max_length=200)


class BeneficiaryOut(Schema):
    id: int
    name: str
    ric: str = Field(description="身份证号（遮蔽，仅后4位）")
    member_id: int | None
    amount: Money
    note: str

    @staticmethod
    def resolve_ric(obj) -> str:
        return mask(obj.ric_last4)
