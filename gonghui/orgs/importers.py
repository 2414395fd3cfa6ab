"""Employer import (ORG-2): column specs and upsert on the USCC, within the uploader's scope.

The 所属基层工会 column takes a union's full name or its USCC; a name several unions share
(under different parents) is refused as ambiguous, never resolved to one of them.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from gonghui.core.actors import actor_kind, actor_label, actor_user
from gonghui.core.errors import ApplicationError
from gonghui.core.ids import normalize_code
from gonghui.core.importing.normalize import choice_by_label, clean_text, parse_bool, parse_int
from gonghui.core.importing.spec import BatchOutcome, Column, Importer, RowInvalid
from gonghui.core.models import AuditEntry
from gonghui.demo import numbers

from . import rules
from .choices import Industry, OrgKind, Ownership
from .models import Employer, EmployerImportChange, Organization
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
        text=True,
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
    """Rows are upserted on the USCC. A row that changes an existing employer is written
    with one audit entry per employer (`orgs.employer.imported`: the difference and the run)
    and listed for the run (`EmployerImportChange`), in a dry run too, so nobody's employer
    is renamed without a trace (issue #10)."""

    kind = "employers"
    columns = COLUMNS
    # The template's example row: a valid USCC of a lead ("EX") the demo never gives.
    example = {
        "name": "广州市番禺区示例电子有限公司",
        "uscc": numbers.uscc("91", "440113", 1, lead="EX"),
        "town": "市桥街道",
        "ownership": "私营企业",
        "industry": "制造业",
        "headcount": 120,
        "address": "番禺区市桥街道示例路1号",
        "is_labor_dispatch": False,
        "is_fortune500": False,
    }

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        visible = Organization.objects.visible_to(actor)
        self.towns: dict[str, Organization] = {}
        for town in visible.filter(kind=OrgKind.TOWN):
            self.towns[town.name] = self.towns[_short(town.name)] = town
        # Names are unique among siblings only, so one name may be several unions.
        self.unions: dict[str, list[Organization]] = {}
        self.unions_by_uscc: dict[str, Organization] = {}
        for union in visible.filter(kind=OrgKind.GRASSROOTS).select_related("parent"):
            self.unions.setdefault(union.name, []).append(union)
            if union.uscc:
                self.unions_by_uscc[union.uscc] = union
        self.listed = EmployerImportChange.objects.filter(run=run).count() if run else 0

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        town = self.towns.get(values["town"])
        if town is None:
            problems.append(("镇街", f"镇街「{values['town']}」不存在。"))
        record = {k: v for k, v in values.items() if k not in ("town", "union")}
        record["town"] = town
        if values.get("union"):
            union, problem = self._union(values["union"])
            if problem:
                problems.append(("所属基层工会", problem))
            record["union"] = union
        if problems:
            raise RowInvalid(problems)
        return record

    def _union(self, text: str) -> tuple[Organization | None, str]:
        """The union a cell names by full name or USCC, or what is wrong with the cell."""
        if union := self.unions_by_uscc.get(normalize_code(text)):
            return union, ""
        named = self.unions.get(text, [])
        if len(named) == 1:
            return named[0], ""
        if named:
            return None, rules.ambiguous_union(text, named)
        return None, f"基层工会「{text}」不存在。"

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
        batch = _Batch()
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
            self._one(record, current, outcome, write, context, batch)
        self._record(batch, write)
        return outcome

    def _one(
        self,
        record: dict[str, Any],
        current: Employer | None,
        outcome: BatchOutcome,
        write: bool,
        context: rules.EmployerContext,
        batch: "_Batch",
    ) -> None:
        employer = Employer(pk=current.pk, version=current.version) if current else Employer()
        if current:
            for column in Employer._meta.concrete_fields:
                setattr(employer, column.attname, getattr(current, column.attname))
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
                batch.created.append(employer)
            return
        changed = [
            k for k in (*COMPARED, "org_path") if getattr(employer, k) != getattr(current, k)
        ]
        if not changed:
            outcome.unchanged += 1
            return
        outcome.updated += 1
        diff = {k: [getattr(current, k), getattr(employer, k)] for k in changed if k != "org_path"}
        batch.updated.append((record["_row"], employer, diff))
        if write:
            # only what the row changed: an edit saved meanwhile on another column stays
            written = [*changed, "name_initials"] if "name" in changed else changed
            Employer.objects.filter(pk=current.pk).update(
                **{k: getattr(employer, k) for k in written},
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
            context.accept(employer.pk, employer.uscc, employer.name, employer.union_id)

    def _record(self, batch: "_Batch", write: bool) -> None:
        """Audit what a writing batch did (in its transaction: written and audited, or
        neither); list the changes of a writing batch or of a dry run for the result page.
        A resumed run re-reads its committed batches with write=False: those list nothing."""
        if write:
            AuditEntry.objects.bulk_create(
                [self._audit(e, "orgs.employer.import_created", {}) for e in batch.created]
                + [self._audit(e, "orgs.employer.imported", d) for _r, e, d in batch.updated]
            )
        if not (write or self.run.dry_run):
            return
        room = max(0, settings.IMPORT_ERROR_SAMPLE - self.listed)
        listed = [
            EmployerImportChange(run=self.run, row=row, employer_id=employer.pk, changes=diff)
            for row, employer, diff in batch.updated[:room]
        ]
        EmployerImportChange.objects.bulk_create(listed)
        self.listed += len(listed)

    def _audit(self, employer: Employer, action: str, diff: dict[str, list[Any]]) -> AuditEntry:
        """The entry of one employer this run created or changed, the run's creator its actor."""
        return AuditEntry(
            actor=actor_user(self.actor),
            actor_kind=actor_kind(self.actor),
            actor_name=actor_label(self.actor),
            action=action,
            target_type=Employer._meta.label_lower,
            target_id=str(employer.pk),
            target_repr=employer.name[:255],
            org_path=employer.org_path,
            data={"run": self.run.pk, **diff},
        )


@dataclass
class _Batch:
    """What one batch wrote: the employers it created, and (row, employer, difference) of
    those it changed."""

    created: list[Employer] = field(default_factory=list)
    updated: list[tuple[int, Employer, dict[str, list[Any]]]] = field(default_factory=list)
