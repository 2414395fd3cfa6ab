"""API shapes of the workers' congress and open affairs (DEMO-2)."""

import datetime

from ninja import Field, Schema

from gonghui.core.forms import YEAR_MAX, YEAR_MIN

from ..choices import CongressForm, DisclosureItem, DisclosureMethod, Frequency
from ..queries import congress as queries
from ..rules import congress as rules

COUNT = {"ge": 0, "le": 1_000_000}


class SessionOut(Schema):
    id: int
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    union_id: int
    form: str
    term_number: int | None
    session_number: int | None
    held_on: datetime.date
    workers_total: int
    delegates_total: int
    delegates_attended: int
    frontline_delegates: int
    manager_delegates: int
    women_delegates: int
    is_quorate: bool
    version: int

    @staticmethod
    def resolve_is_quorate(obj) -> bool:
        return rules.is_quorate(obj.delegates_total, obj.delegates_attended)


class SessionDetailOut(SessionOut):
    agenda: str
    resolutions: str
    note: str
    women_share: float | None
    warnings: list[str]

    @staticmethod
    def resolve_women_share(obj) -> float | None:
        return rules.women_share(queries.session_rule(obj))

    @staticmethod
    def resolve_warnings(obj) -> list[str]:
        return rules.session_warnings(queries.session_rule(obj))


class SessionFilters(Schema):
    org: int | None = None
    town: int | None = None
    employer: int | None = None
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    held_from: datetime.date | None = None
    held_to: datetime.date | None = None
    form: CongressForm | None = None
    ownership: str = Field("", max_length=20, description="non_public、public 或一种经济类型")
    quorate: bool | None = None
    q: str = Field("", max_length=100)


class SessionIn(Schema):
    employer_id: int
    form: CongressForm = CongressForm.CONGRESS
    term_number: int | None = Field(None, ge=1, le=100)
    session_number: int | None = Field(None, ge=1, le=100)
    held_on: datetime.date
    workers_total: int = Field(0, **COUNT)
    delegates_total: int = Field(**COUNT)
    delegates_attended: int = Field(**COUNT)
    frontline_delegates: int = Field(0, **COUNT)
    manager_delegates: int = Field(0, **COUNT)
    women_delegates: int = Field(0, **COUNT)
    agenda: str = Field(max_length=3000)
    resolutions: str = Field("", max_length=3000)
    note: str = Field("", max_length=2000)


class SessionEditIn(SessionIn):
    version: int


class RecordOut(Schema):
    id: int
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    union_id: int
    year: int
    items: list[str]
    methods: list[str]
    frequency: str
    has_supervision_group: bool
    last_disclosed_on: datetime.date | None
    note: str
    is_established: bool
    missing_items: list[str]
    version: int

    @staticmethod
    def resolve_is_established(obj) -> bool:
        return rules.open_affairs_established(obj.items, obj.methods)

    @staticmethod
    def resolve_missing_items(obj) -> list[str]:
        return [str(i) for i in rules.missing_items(obj.items)]


class RecordFilters(Schema):
    org: int | None = None
    town: int | None = None
    employer: int | None = None
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    ownership: str = Field("", max_length=20)
    established: bool | None = None
    q: str = Field("", max_length=100)


class RecordIn(Schema):
    employer_id: int
    year: int = Field(ge=1980, le=YEAR_MAX)
    items: list[DisclosureItem] = Field(max_length=9)
    methods: list[DisclosureMethod] = Field(max_length=5)
    frequency: Frequency
    has_supervision_group: bool = False
    last_disclosed_on: datetime.date | None = None
    note: str = Field("", max_length=2000)


class RecordEditIn(RecordIn):
    version: int


class EmployerFilters(Schema):
    org: int | None = None
    town: int | None = None
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    start: datetime.date | None = None
    end: datetime.date | None = None
    ownership: str = Field("", max_length=20)
    congress: bool | None = None
    open_affairs: bool | None = None
    due: str = Field("", max_length=10, description="overdue：超过12个月未召开职代会")
    q: str = Field("", max_length=100)


class EmployerOut(Schema):
    id: int
    name: str
    uscc: str
    ownership: str
    town_id: int
    union_id: int | None
    headcount: int
    has_congress: bool
    has_open_affairs: bool
    last_congress: datetime.date | None


class RateOut(Schema):
    numerator: int
    denominator: int
    value: float | None


class RateGroupOut(Schema):
    group: str
    label: str
    open_affairs: RateOut
    congress: RateOut


class RatesOut(Schema):
    year: int
    groups: list[RateGroupOut]


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    created_at: datetime.datetime
