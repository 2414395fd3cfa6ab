"""The employer rules (ORG-2) as pure functions, shared by the services and the importer.

`employer_problems(row, context)` gives every broken rule as (field, Chinese message); the
service raises the first, the importer reports them all against the row. Nothing here reads
the database: `EmployerContext` carries what a batch needs (which employer holds a USCC,
which employers a union already covers), loaded once by `queries.employer_rule_context`.
"""

from dataclasses import dataclass, field
from typing import Any

from gonghui.core.ids import InvalidID, uscc_validate

from .choices import OrgKind, UnionForm

Problem = tuple[str, str]  # (field, message)


@dataclass
class EmployerContext:
    """Facts a batch of employer rows is checked against (from `queries`).

    `holders`: USCC -> (employer pk, name) of the employer already registered with it;
    `covered`: union pk -> pks of the employers it covers.
    """

    holders: dict[str, tuple[int, str]] = field(default_factory=dict)
    covered: dict[int, set[int]] = field(default_factory=dict)

    def accept(self, pk: int | None, uscc: str, name: str, union_id: int | None) -> None:
        """Remember a row just saved, so the next rows of its batch are checked against it."""
        if pk is None:
            return
        self.holders[uscc] = (pk, name)
        for covered in self.covered.values():
            covered.discard(pk)
        if union_id is not None:
            self.covered.setdefault(union_id, set()).add(pk)


def clean_uscc(raw: str) -> tuple[str, Problem | None]:
    """The USCC normalized (full-width, spaces, case), or the problem with it."""
    try:
        return uscc_validate(raw), None
    except InvalidID as exc:
        return raw, ("uscc", exc.message)


def employer_problems(row: dict[str, Any], context: EmployerContext) -> list[Problem]:
    """`row`: pk (None when new), name, uscc (as `clean_uscc` left it), town and union
    (Organization rows or None)."""
    problems: list[Problem] = []
    if not (row.get("name") or "").strip():
        problems.append(("name", "单位名称不能为空。"))
    uscc, problem = clean_uscc(row.get("uscc") or "")
    if problem:
        problems.append(problem)
    else:
        holder = context.holders.get(uscc)
        if holder is not None and holder[0] != row.get("pk"):
            problems.append(("uscc", f"统一社会信用代码已被「{holder[1]}」使用。"))
    town = row.get("town")
    if town is None or town.kind != OrgKind.TOWN:
        problems.append(("town", "所在镇街不存在。"))
    problems.extend(_union_problems(row, context))
    return problems


def _union_problems(row: dict[str, Any], context: EmployerContext) -> list[Problem]:
    union = row.get("union")
    if union is None:
        return []
    if union.kind != OrgKind.GRASSROOTS:
        return [("union", "所属工会必须是基层工会。")]
    others = context.covered.get(union.pk, set()) - {row.get("pk")}
    if union.form == UnionForm.SINGLE and others:
        return [
            (
                "union",
                f"「{union.name}」是单独基层工会，已对应其他单位；多个单位共建请设为联合基层工会。",
            )
        ]
    return []


def employer_path(union: Any, town: Any) -> str:
    """An employer is scoped to its union if it has one, else to its town."""
    return union.path if union is not None else town.path


def ambiguous_union(text: str, unions: list[Any]) -> str:
    """What to say when several grassroots unions answer to one name (they sit under
    different parents: names are unique only among siblings)."""
    parents = "、".join(sorted({u.parent.name for u in unions if u.parent is not None}))
    where = f"（分别在{parents}下）" if parents else ""
    return f"有{len(unions)}个名为「{text}」的基层工会{where}，请改填该工会的统一社会信用代码。"
