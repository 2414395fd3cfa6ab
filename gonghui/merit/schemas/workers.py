"""API shapes of the model-worker registry, benefits and innovation studios (MERIT-2)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from gonghui.core.forms import YEAR_MAX, YEAR_MIN
from gonghui.core.money import Money

from ..choices import BenefitKind, Level, ModelWorkerState, ResultKind
from ..rules import workers as rules


class BenefitOut(Schema):
    id: int
    level: str
    kind: str
    kind_label: str
    amount: Money | None
    percent: Decimal | None
    times_a_year: int | None
    effective_from: datetime.date
    note: str
    text: str
    version: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_text(obj) -> str:
        return rules.benefit_text(obj)


class ModelWorkerOut(Schema):
    id: int
    name: str
    member_id: int | None
    ric_last4: str
    level: str
    year: int
    honor_id: int
    honor_type_id: int = Field(alias="honor.honor_type_id")
    honor_type: str = Field(alias="honor.honor_type.name")
    employer_id: int | None
    union_id: int
    union_name: str = Field(alias="union.name")
    state: str
    note: str
    version: int


class GrantRef(Schema):
    id: int
    number: str
    program: str = Field(alias="program.name")
    amount: Money
    state: str
    submitted_on: datetime.date
    paid_on: datetime.date | None


class ModelWorkerDetailOut(ModelWorkerOut):
    benefits: list[BenefitOut] = Field(description="该级别现行的待遇标准")
    studio_ids: list[int] = Field(description="领衔的劳模创新工作室")
    grants: list[GrantRef] = Field(description="慰问、体检、帮扶（帮扶资金申请）")


class ModelWorkerFilters(Schema):
    level: Level | None = None
    state: ModelWorkerState | None = None
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    town: int | None = Field(None, description="镇街工会的编号")
    union: int | None = Field(None, description="所属工会的编号")
    org: int | None = Field(None, description="组织编号：该组织及其下级组织的劳模")
    member: int | None = Field(None, description="会员编号")
    q: str = Field("", max_length=50, description="姓名、身份证后4位或完整身份证号")


class ModelWorkerIn(Schema):
    """A model worker of earlier years: the honor (a type that confers the title) and the
    person: `member_id`, or `name` and `ric` with `employer_id` or `union_id`."""

    honor_type_id: int
    year: int = Field(ge=rules.YEAR_MIN, le=YEAR_MAX)
    awarded_on: datetime.date | None = None
    document_no: str = Field("", max_length=60)
    member_id: int | None = None
    name: str = Field("", max_length=rules.NAME_MAX)
    ric: str = Field("", max_length=30)
    employer_id: int | None = None
    union_id: int | None = None
    note: str = Field("", max_length=rules.NOTE_MAX)


class ModelWorkerPatch(Schema):
    version: int
    employer_id: int | None = Field(None, description="工作单位；不填为不改")
    note: str | None = Field(None, max_length=rules.NOTE_MAX)


class StateIn(Schema):
    state: ModelWorkerState
    version: int | None = None
    reason: str = Field("", max_length=300, description="撤销称号时必填")


class BenefitIn(Schema):
    level: Level
    kind: BenefitKind
    amount: Money | None = None
    percent: Decimal | None = Field(None, ge=0, le=100, decimal_places=2)
    times_a_year: int | None = Field(None, ge=1, le=rules.TIMES_MAX)
    effective_from: datetime.date
    note: str = Field("", max_length=200)


class BenefitEditIn(BenefitIn):
    version: int


class BenefitFilters(Schema):
    level: Level | None = None
    kind: BenefitKind | None = None


class ResultOut(Schema):
    id: int
    kind: str
    title: str
    achieved_on: datetime.date
    benefit: Money | None
    note: str


class StudioOut(Schema):
    id: int
    name: str
    level: str
    employer_id: int
    employer_name: str = Field(alias="employer.name")
    union_id: int
    leader_id: int | None
    leader_name: str
    founded_on: datetime.date
    field: str
    is_active: bool
    version: int


class StudioDetailOut(StudioOut):
    member_ids: list[int]
    results: list[ResultOut]

    @staticmethod
    def resolve_member_ids(obj) -> list[int]:
        return list(obj.members.order_by("pk").values_list("pk", flat=True))

    @staticmethod
    def resolve_results(obj) -> list:
        return list(obj.results.order_by("-achieved_on", "-pk"))


class StudioFilters(Schema):
    level: Level | None = None
    town: int | None = None
    org: int | None = None
    active: bool | None = None
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX)
    q: str = Field("", max_length=100)


class StudioIn(Schema):
    name: str = Field(max_length=100)
    level: Level = Level.DISTRICT
    employer_id: int
    leader_id: int | None = Field(None, description="领衔劳模（劳模名册的编号）")
    leader_name: str = Field("", max_length=50, description="不在名册中的领衔人")
    founded_on: datetime.date
    field: str = Field("", max_length=100)
    is_active: bool = True
    member_ids: list[int] | None = Field(None, max_length=200, description="成员（会员编号）")


class StudioEditIn(StudioIn):
    version: int


class ResultIn(Schema):
    kind: ResultKind
    title: str = Field(max_length=150)
    achieved_on: datetime.date
    benefit: Money | None = None
    note: str = Field("", max_length=300)
