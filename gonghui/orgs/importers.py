"""Employer import (ORG-2): column specs and upsert on the USCC, within the uploader's scope."""

from typing import Any

from django.db.models import F
from django.utils import timezone

from gonghui.core.errors import ApplicationError
from gonghui.core.ids import normalize_code
from gonghui.core.importing.normalize import choice_by_label, clean_text, parse_bool, parse_int
from gonghui.core.importing.spec import BatchOutcome, Column, Importer, RowInvalid

from . import rules
from .choices import Industry, OrgKind, Ownership
from .models import Employer, Organization
from .queries import employer_rule_context
from .services import employer_validate

_OWNERSHIP_ALIASES = {
    "国企": Ownership.STATE,
    "民营企业": Ownership.PRIVATE,
    "民营": Ownership.PRIVATE,
    "私企": Ownership.PRIVATE,
    "外资企业": Ownership.FOREIGN,
    "外资": Ownership.FOREIGN,
    "港澳台资企业": Ownership.HMT,
}
FIELD_LABELS = {
    "name": "单位名称",
    "uscc": "统一社会信用代码",
    "town": "镇街",
    "union": "所属基层工会",
}
OPTIONAL = ("address", "union_id", "is_labor_dispatch", "is_fortune500")
COMPARED = ("name", "ownership", "industry", "headcount", "town_id", *OPTIONAL)

COLUMNS = [
    Column("name", "单位名称", ("企业名称", "单位全称"), required=True, clean=clean_text),
    Column(
        "uscc",
        "统一社会信用代码",
        ("信用代码", "社会信用代码", "统一代码"),
        required=True,
        clean=normalize_code,
    ),
    Column("town", "镇街", ("所在镇街", "所属镇街", "镇（街）"), required=True, clean=clean_text),
    Column(
        "ownership",
        "经济类型",
        ("企业类型", "单位性质", "经济性质"),
        required=True,
        clean=lambda v: choice_by_label(Ownership, v, _OWNERSHIP_ALIASES),
    ),
    Column(
        "industry",
        "行业",
        ("所属行业", "行业类别"),
        required=True,
        clean=lambda v: choice_by_label(Industry, normalize_code(v) if len(str(v)) == 1 else v),
    ),
    Column("headcount", "职工人数", ("从业人数", "员工人数"), clean=parse_int),
    Column("address", "地址", ("单位地址", "注册地址"), clean=clean_text),
    Column("union", "所属基层工会", ("基层工会", "工会名称"), clean=clean_text),
    Column("is_labor_dispatch", "劳务派遣企业", ("是否劳务派遣企业",), clean=parse_bool),
    Column("is_fortune500", "世界500强", ("是否世界500强",), clean=parse_bool),
]


def _short(name: str) -> str:
    for suffix in ("总工会", "工会"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


class EmployerImporter(Importer):
    kind = "employers"
    columns = COLUMNS

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        visible = Organization.objects.visible_to(actor)
        self.towns: dict[str, Organization] = {}
        for town in visible.filter(kind=OrgKind.TOWN):
            self.towns[town.name] = self.towns[_short(town.name)] = town
        self.unions = {u.name: u for u in visible.filter(kind=OrgKind.GRASSROOTS)}

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        town = self.towns.get(values["town"])
        if town is None:
            problems.append(("镇街", f"镇街「{values['town']}」不存在。"))
        record = {k: v for k, v in values.items() if k not in ("town", "union")}
        record["town"] = town
        if values.get("union"):
            union = self.unions.get(values["union"])
            if union is None:
                problems.append(("所属基层工会", f"基层工会「{values['union']}」不存在。"))
            record["union"] = union
        if problems:
            raise RowInvalid(problems)
        return record

    def key(self, record: dict[str, Any]) -> str:
        return record["uscc"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        usccs = [r["uscc"] for r in records]
        existing = Employer.objects.in_bulk(usccs, field_name="uscc")
        visible = set(
            Employer.objects.visible_to(self.actor)
            .filter(uscc__in=list(existing))
            .values_list("uscc", flat=True)
        )
        unions = {r["union"].pk for r in records if r.get("union") is not None}
        unions |= {e.union_id for e in existing.values()}
        context = employer_rule_context(usccs, list(unions))
        for record in records:
            current = existing.get(record["uscc"])
            if current is not None and current.uscc not in visible:
                outcome.rejected.append(
                    (
                        record,
                        "统一社会信用代码",
                        "该信用代码已登记在其他镇街的单位，不能在此修改。",
                        "",
                    )
                )
                continue
            self._one(record, current, outcome, write, context)
        return outcome

    def _one(
        self,
        record: dict[str, Any],
        current: Employer | None,
        outcome: BatchOutcome,
        write: bool,
        context: rules.EmployerContext,
    ) -> None:
        employer = Employer(pk=current.pk, version=current.version) if current else Employer()
        if current:
            for field in Employer._meta.concrete_fields:
                setattr(employer, field.attname, getattr(current, field.attname))
        for key, value in record.items():
            if not key.startswith("_"):
                setattr(employer, key, value)
        try:
            employer_validate(employer, context)
        except ApplicationError as exc:
            outcome.rejected.append(
                (record, FIELD_LABELS.get(exc.field or "", ""), exc.message, "")
            )
            return
        if current is None:
            outcome.created += 1
            if write:
                employer.save()
                context.accept(employer.pk, employer.uscc, employer.name, employer.union_id)
            return
        changed = [
            k for k in (*COMPARED, "org_path") if getattr(employer, k) != getattr(current, k)
        ]
        if not changed:
            outcome.unchanged += 1
            return
        outcome.updated += 1
        if write:
            # only what the row changed: an edit saved meanwhile on another column stays
            Employer.objects.filter(pk=current.pk).update(
                **{k: getattr(employer, k) for k in changed},
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            context.accept(employer.pk, employer.uscc, employer.name, employer.union_id)
