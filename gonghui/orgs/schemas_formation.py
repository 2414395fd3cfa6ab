"""API inputs and outputs of union formation (ORG-3)."""

import datetime

from ninja import Field, Schema

from gonghui.core.storable import ID_MAX


class TargetOut(Schema):
    id: int
    name: str
    uscc: str
    town_id: int
    industry: str
    headcount: int
    is_labor_dispatch: bool
    is_lead: bool
    last_contacted_on: datetime.date | None


class TargetFilters(Schema):
    q: str = ""
    town: int | None = Field(None, ge=1, le=ID_MAX)
    industry: str = ""
    headcount_min: int | None = Field(None, ge=0, le=10_000_000)
    labor_dispatch: str = ""
    lead: str = ""
    contacted: str = ""


class ContactIn(Schema):
    contacted_on: datetime.date
    method: str = Field(max_length=20)
    outcome: str = Field(max_length=20)
    contact_person: str = Field("", max_length=50)
    note: str = Field("", max_length=2000)


class ContactOut(Schema):
    id: int
    employer_id: int
    contacted_on: datetime.date
    method: str
    contact_person: str
    outcome: str
    note: str


class ContactFilters(Schema):
    town: int | None = Field(None, ge=1, le=ID_MAX)
    employer: int | None = Field(None, ge=1, le=ID_MAX)
    outcome: str = ""
    method: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


class FoundingIn(Schema):
    founded_on: datetime.date
    first_chair: str = Field(max_length=50)
    founding_members: int = Field(ge=1, le=1_000_000)
    name: str = Field("", max_length=120)
    note: str = Field("", max_length=2000)


class FoundingOut(Schema):
    id: int
    union_id: int
    employer_id: int
    founded_on: datetime.date
    first_chair: str
    founding_members: int
    note: str


class FoundingFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2100)
    all: bool = False
    town: int | None = Field(None, ge=1, le=ID_MAX)
    labor_dispatch: str = ""


class SettingIn(Schema):
    effective_from: datetime.date
    min_headcount: int = Field(ge=1, le=10000)
    note: str = Field("", max_length=200)


class SettingOut(Schema):
    id: int
    effective_from: datetime.date
    min_headcount: int
    note: str


class ThresholdOut(Schema):
    min_headcount: int
    settings: list[SettingOut]
