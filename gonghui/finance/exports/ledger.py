"""The ledger's exports: the voucher list (core.exports, a job) and the two statements as
.xlsx (small: one town or one employer; written at once, formula-safe, core.tabular)."""

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from gonghui.core.exports import Column, ListExport
from gonghui.core.tabular import write_xlsx

from ..forms.ledger import EntryFilterForm
from ..queries import ledger as queries

ENTRY_EXPORTS = (
    ListExport(
        name="finance.entries",
        label="记账凭证",
        permission="finance.view",
        filter_form=EntryFilterForm,
        rows=lambda user, filters: queries.entry_list(user=user, filters=filters),
        columns=(
            Column("凭证号", lambda e: e.number, text=True),
            Column("记账日期", lambda e: e.booked_on),
            Column("凭证类型", lambda e: e.get_kind_display()),
            Column("记账单位", lambda e: e.org.name),
            Column("摘要", lambda e: e.memo),
            Column("金额（元）", lambda e: e.total),
            Column("来源", lambda e: e.source or "", text=True),
            Column("冲销原因", lambda e: e.reason),
        ),
        list_url="finance:entry_list",
        audit_action="finance.entries.exported",
    ),
)


def _xlsx(sections: list[tuple[str, list[str], list[list[Any]]]], sheet: str) -> bytes:
    """Several small tables one under another on one sheet, each with its title row."""
    rows: list[list[Any]] = []
    for title, headers, body in sections:
        rows += [[title], headers, *body, []]
    with TemporaryDirectory() as folder:
        path = Path(folder) / "statement.xlsx"
        write_xlsx(path, [sheet], rows, sheet=sheet[:31])
        return path.read_bytes()


def town_statement_xlsx(s: dict[str, Any]) -> bytes:
    refunds = s["refunds"]
    return _xlsx(
        [
            (
                "辖区用人单位代收工会经费（按所属期）",
                ["所属期", "笔数", "代收金额（元）"],
                [[f"{r['period']:%Y-%m}", r["count"], r["amount"]] for r in s["collections"]]
                + [["合计", "", s["collections_total"]]],
            ),
            (
                "本级经费收入（按记账月份）",
                ["月份", "收入（元）"],
                [[f"{r['month']:%Y-%m}", r["amount"]] for r in s["income"]]
                + [["合计", s["income_total"]]],
            ),
            (
                "所属基层工会经费返拨",
                ["基层工会", "应返拨（元）", "已返拨（元）", "未返拨（元）"],
                [[r["union"].name, r["due"], r["paid"], r["unpaid"]] for r in refunds["rows"]]
                + [["合计", *(refunds["totals"][k] for k in ("due", "paid", "unpaid"))]],
            ),
        ],
        f"{s['town'].name}经费对账单",
    )


def employer_statement_xlsx(s: dict[str, Any]) -> bytes:
    t = s["totals"]
    parts = ["union_part", "extra_refund_part", "town_part", "town_retained_part"]
    return _xlsx(
        [
            (
                "代收工会经费及分配",
                [
                    "所属期",
                    "经费类型",
                    "代收日期",
                    "代收金额（元）",
                    "单位工会留成",
                    "额外返还",
                    "镇街（系统）工会",
                    "区级留成分给镇街",
                    "区总工会",
                    "上解上级",
                ],
                [
                    [
                        f"{c.period:%Y-%m}",
                        c.get_fund_kind_display(),
                        c.collected_on,
                        c.amount,
                        *(getattr(c, p) for p in parts),
                        c.district_part,
                        c.upper,
                    ]
                    for c in s["rows"]
                ]
                + [
                    [
                        "合计",
                        "",
                        "",
                        t["amount"],
                        *(t[p] for p in parts),
                        t["district_part"],
                        t["upper"],
                    ]
                ],
            ),
            (
                "所属工会经费返拨",
                ["所属期", "返拨编号", "返拨金额（元）", "状态", "返拨日期"],
                [
                    [
                        f"{r.period:%Y-%m}",
                        r.number,
                        r.amount,
                        r.get_state_display(),
                        r.paid_on or "",
                    ]
                    for r in s["refunds"]
                ]
                + [["已返拨合计", "", s["refunded"], "", ""]],
            ),
        ],
        f"{s['employer'].name}经费对账单",
    )
