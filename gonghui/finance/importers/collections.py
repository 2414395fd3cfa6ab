"""The tax bureau's collection file (FUND-1) through the import pipeline (core.importing),
kind "finance.collections", registered by registrations.register_collections.

Columns: 统一社会信用代码, 单位名称, 所属期, 工资总额, 代收金额, 代收日期, 经费类型, and 税票号
(optional), each under the names a tax file gives them. A row is checked by
rules.collections (in the child process for a big file: the check needs no database);
its natural key is (USCC, 所属期, 经费类型). A batch is matched to the employer registry by
USCC (employers not met before in the run: one lookup per batch), compared with the
standing rows of its keys (skipped for months no standing row has), and written by
services.collections.import_batch_write with one voucher:

- a new key: a new row, 已匹配 to the registered employer (its scope path) or 待匹配单位
  (the district's path, listed for staff to match; never rejected): created;
- the same amount, payroll and date as the standing row: unchanged (a file imported twice
  changes nothing and books nothing); only the name or 税票号 differs: those two corrected
  in place (they are not money), updated;
- a different amount, payroll or date: the standing row reversed and the new one added
  (services), updated.
"""

import re
from decimal import Decimal
from typing import Any

from gonghui.core.clock import today
from gonghui.core.errors import ApplicationError
from gonghui.core.ids import uscc_validate
from gonghui.core.importing.normalize import clean_text, memo_limit, parse_date, pure_clean
from gonghui.core.importing.readers import cell_text
from gonghui.core.importing.spec import BatchOutcome, Column, Importer, RowInvalid
from gonghui.core.money import parse_money
from gonghui.demo import numbers

from ..rules import collections as rules
from ..services import collections as services

# An amount as parse_money returns it: two places, not negative, under its limit.
_PLAIN_MONEY = re.compile(r"[0-9]{1,12}\.[0-9]{2}")
_MEMO = 200_000  # distinct USCCs and names a year's file repeats (12 months each)


@pure_clean
@memo_limit(_MEMO)
def clean_uscc(raw: Any) -> str:
    if raw.__class__ is not str and isinstance(raw, int | float) and not isinstance(raw, bool):
        raise ApplicationError(
            "统一社会信用代码被表格存成了数字，可能已丢失位数；请把该列设为文本后重新录入。"
        )
    return uscc_validate(raw)


@pure_clean
@memo_limit(_MEMO)
def clean_name(raw: Any) -> str:
    return clean_text(raw)


@pure_clean
def clean_period(raw: Any) -> Any:
    return rules.parse_period(raw)


@pure_clean
def clean_fund_kind(raw: Any) -> str:
    return rules.parse_fund_kind(raw)


def clean_amount(raw: Any) -> Any:
    if raw.__class__ is str and _PLAIN_MONEY.fullmatch(raw):  # most cells: "2469.12"
        return Decimal(raw)
    return parse_money(raw if raw.__class__ is str else cell_text(raw))


COLUMNS = [
    Column(
        "uscc",
        "统一社会信用代码",
        (
            "社会信用代码",
            "信用代码",
            "纳税人识别号",
            "纳税人识别号（统一社会信用代码）",
            "统一社会信用代码（纳税人识别号）",
            "缴费人识别号",
            "税号",
        ),
        required=True,
        clean=clean_uscc,
        text=True,
    ),
    Column(
        "employer_name",
        "单位名称",
        ("纳税人名称", "缴费人名称", "缴费单位", "缴费单位名称", "企业名称", "单位全称"),
        required=True,
        clean=clean_name,
    ),
    Column(
        "period",
        "所属期",
        (
            "税款所属期",
            "费款所属期",
            "所属期起",
            "所属月份",
            "所属时期",
            "所属年月",
            "费款所属期起",
        ),
        required=True,
        clean=clean_period,
    ),
    Column(
        "payroll",
        "工资总额",
        ("计征依据", "计税依据", "计费依据", "缴费基数", "工资薪金总额", "计征基数"),
        required=True,
        clean=clean_amount,
    ),
    Column(
        "amount",
        "代收金额",
        ("实缴金额", "实缴（退）金额", "入库金额", "实征金额", "缴费金额", "实缴税额", "金额"),
        required=True,
        clean=clean_amount,
    ),
    Column(
        "collected_on",
        "代收日期",
        ("入库日期", "缴款日期", "缴费日期", "征收日期", "开票日期", "实缴日期"),
        required=True,
        clean=parse_date,
    ),
    Column(
        "fund_kind",
        "经费类型",
        ("费种", "征收品目", "征收项目", "品目名称", "费种名称", "项目"),
        required=True,
        clean=clean_fund_kind,
    ),
    Column(
        "voucher_no",
        "税票号",
        ("电子税票号码", "税票号码", "票证号码", "完税凭证号", "凭证号"),
        clean=clean_text,
        text=True,
    ),
]
LABELS = {c.key: c.label for c in COLUMNS}


class CollectionImporter(Importer):
    kind = "finance.collections"
    columns = COLUMNS
    check_apart = True  # the check needs no database: big files are read in a child
    example = {
        "uscc": numbers.uscc("91", "440113", 2, lead="EX"),
        "employer_name": "广州市番禺区示例电子有限公司",
        "period": "2013-01",
        "payroll": "500000.00",
        "amount": "10000.00",
        "collected_on": "2013-02-15",
        "fund_kind": "工会经费",
        "voucher_no": "344016130000012345",
    }

    def __init__(self, *, run: Any, actor: Any):
        super().__init__(run=run, actor=actor)
        self._load({"today": today(), "run": run.pk, "user": getattr(actor, "pk", None)})
        self.root_path = services.district().path
        self.standing_periods = services.standing_periods()
        self.employers: dict[str, tuple[int, str] | None] = {}  # USCC -> registered or None
        self.seen: dict[tuple, int] = {}  # natural key -> the file's row that had it first
        self._count = 0

    def _load(self, state: dict[str, Any]) -> None:
        self.state = state
        self.today = state["today"]
        self.layout = services.RowLayout(run=state["run"], user=state["user"])

    def check_state(self) -> dict[str, Any]:
        return self.state

    def load_check_state(self, state: dict[str, Any]) -> None:
        self._load(state)

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        problems = rules.row_problems(values, self.today)
        if problems:
            raise RowInvalid([(LABELS[field], message) for field, message in problems])
        return values

    def prepare(self, record: dict[str, Any]) -> None:
        """The row as the insert takes it, laid out while checking (in the child for a big
        file); the writer fills in the employer, state, path and voucher."""
        record["_insert"] = self.layout.row(record)

    def key(self, record: dict[str, Any]) -> int:
        # Every row is its own to the pipeline: it would call a second row of a key "the
        # same person"; `upsert` names a repeated (USCC, 所属期, 经费类型) in the file's words.
        self._count += 1
        return self._count

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        kept = self._first_of_keys(records, outcome)
        standing = self._standing(kept)
        new, corrections, described = [], [], []
        for record in kept:
            old = standing.get(_key(record))
            if old is None:
                new.append(record)
            elif not rules.same_money(record, old):
                corrections.append((record, old))
            elif _described(record, old):
                described.append((record, old))
            else:
                outcome.unchanged += 1
        outcome.created = len(new)
        outcome.updated = len(corrections) + len(described)
        if write and (new or corrections):
            services.import_batch_write(
                actor=self.actor,
                run=self.run,
                new=new,
                corrections=corrections,
                employers=self._employers([r["uscc"] for r in kept]),
            )
        if write and described:
            services.describe_rows(actor=self.actor, run=self.run, changes=described)
        return outcome

    def _first_of_keys(self, records: list[dict], outcome: BatchOutcome) -> list[dict]:
        kept = []
        for record in records:
            first = self.seen.setdefault(_key(record), record["_row"])
            if first == record["_row"]:
                kept.append(record)
                continue
            reason = (
                f"与第{first}行的统一社会信用代码、所属期和经费类型相同（重复）：同一单位同一"
                f"所属期的同类经费只能有一行，补缴请与第{first}行合并后导入。"
            )
            outcome.rejected.append((record, LABELS["uscc"], reason, ""))
        return kept

    def _standing(self, records: list[dict]) -> dict[tuple, dict]:
        keys = [_key(r) for r in records if r["period"] in self.standing_periods]
        return services.standing_by_key(keys) if keys else {}

    def _employers(self, usccs: list[str]) -> dict[str, tuple[int, str]]:
        """The registered employers of the batch's USCCs, each looked up once a run."""
        unknown = {u for u in usccs if u not in self.employers}
        if unknown:
            found = services.employers_by_uscc(unknown)
            self.employers.update((u, found.get(u)) for u in unknown)
        return {u: self.employers[u] for u in set(usccs) if self.employers[u] is not None}


def _key(record: dict[str, Any]) -> tuple:
    return record["uscc"], record["period"], record["fund_kind"]


def _described(record: dict[str, Any], old: dict[str, Any]) -> bool:
    """The name or 税票号 the file gives differs (a column the file leaves out never does)."""
    return any(
        record.get(name) and record[name] != old[name] for name in ("employer_name", "voucher_no")
    )
