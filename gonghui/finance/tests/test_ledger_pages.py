"""The ledger's pages and API: the voucher list and detail, the reversal with its reason, an
expense, the reports (each audited when opened), the statements' .xlsx; the auditor reads
everything and changes nothing."""

import datetime
import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import URLPattern, get_resolver

from gonghui.core.models import AuditEntry
from gonghui.finance.choices import EntryKind
from gonghui.finance.models import LedgerEntry
from gonghui.finance.services import ledger
from gonghui.finance.tests.factories import make_collection
from gonghui.finance.tests.test_ledger_queries import JAN, allocate, collect

D = Decimal


@pytest.fixture
def book(world):
    collect(world, "3000", JAN, "collections:1:2")
    a = allocate(world, world.union_a, world.town_a, "1000", JAN, "allocation:1-1")
    b = allocate(world, world.union_b, world.town_b, "2000", JAN, "allocation:2-2")
    return a, b


def test_the_list_shows_the_scopes_vouchers_amounts_right_aligned(world, book, client_for):
    a, b = book
    body = client_for(world.town_a_user).get("/finance/entries/").content.decode()
    assert a.number in body and b.number not in body
    assert '<td class="num">1,000.00</td>' in body
    body = (
        client_for(world.admin).get("/finance/entries/", {"org": world.town_b.pk}).content.decode()
    )
    assert b.number in body and a.number not in body


def test_the_detail_shows_every_line_and_the_reversal_form_to_the_district(world, book, client_for):
    a, b = book
    response = client_for(world.town_a_user).get(f"/finance/entries/{a.pk}/")
    body = response.content.decode()
    assert response.status_code == 200 and "番禺区总工会" in body and "甲公司工会委员会" in body
    assert 'id="entry-debits">1,000.00' in body and 'id="entry-credits">1,000.00' in body
    assert "action-reverse" not in body  # a town may not reverse
    assert client_for(world.town_a_user).get(f"/finance/entries/{b.pk}/").status_code == 404
    body = client_for(world.admin).get(f"/finance/entries/{a.pk}/").content.decode()
    assert "action-reverse" in body and "data-confirm=" in body and "只能冲销一次" in body


def test_a_reversal_needs_a_reason_and_links_both_ways(world, book, client_for):
    a, _b = book
    client = client_for(world.admin)
    client.post(f"/finance/entries/{a.pk}/reverse/", {"reason": ""})
    assert not LedgerEntry.objects.filter(reverses=a).exists()
    response = client.post(f"/finance/entries/{a.pk}/reverse/", {"reason": "分配有误"}, follow=True)
    mirror = LedgerEntry.objects.get(reverses=a)
    body = response.content.decode()
    assert mirror.kind == EntryKind.REVERSAL and "分配有误" in body and a.number in body
    body = client.get(f"/finance/entries/{a.pk}/").content.decode()
    assert 'id="entry-reversed-by"' in body and "action-reverse" not in body
    assert (
        client_for(world.town_a_user)
        .post(f"/finance/entries/{a.pk}/reverse/", {"reason": "x"})
        .status_code
        == 403
    )


def test_an_expense_through_the_page(world, client_for):
    client = client_for(world.town_a_user)
    form = client.get("/finance/expenses/new/").content.decode()
    key = re.search(r'name="key" value="(\w+)"', form).group(1)
    data = {
        "org": world.town_a.pk,
        "program": "periodicals",
        "amount": "1,200.00",
        "paid_on": "2013-05-01",
        "memo": "工人日报订阅",
        "key": key,
    }
    response = client.post("/finance/expenses/new/", data)
    entry = LedgerEntry.objects.get(kind=EntryKind.EXPENSE)
    assert response.status_code == 302 and entry.total == D("1200.00") and entry.org == world.town_a
    client.post("/finance/expenses/new/", data)  # posted twice: recorded once
    assert LedgerEntry.objects.count() == 1
    body = client.post(
        "/finance/expenses/new/", {**data, "org": world.town_b.pk, "key": ""}
    ).content
    assert "不在您的管理范围内" in body.decode() and LedgerEntry.objects.count() == 1


def _viewed(report: str) -> list[dict]:
    return [
        e.data
        for e in AuditEntry.objects.filter(action="finance.report.viewed")
        if e.data["report"] == report
    ]


def test_each_report_is_audited_when_opened(world, book, client_for):
    client = client_for(world.auditor)
    assert client.get("/finance/reports/").status_code == 200
    body = client.get("/finance/reports/trial-balance/", {"date_to": "2013-12-31"}).content.decode()
    assert "借贷平衡 ✓" in body and 'id="trial-debits">6,000.00' in body
    assert _viewed("trial_balance") == [
        {"report": "trial_balance", "filters": {"date_to": "2013-12-31"}}
    ]
    body = client.get("/finance/reports/balances/", {"org": world.town_a.pk}).content.decode()
    assert "甲公司工会委员会" in body and "-600.00" in body
    assert _viewed("balances")[0]["filters"]["org"] == str(world.town_a.pk)
    town = client_for(world.town_a_user).get("/finance/reports/trial-balance/").content.decode()
    assert "借贷不平" in town and "text-danger" in town


def test_the_statements_and_their_xlsx(world, book, client_for):
    make_collection(world.employer_a, datetime.date(2013, 1, 1), "1000.00")
    client = client_for(world.town_a_user)
    body = client.get("/finance/reports/town/").content.decode()  # a town: its own
    assert "市桥街道总工会" in body and "1,000.00" in body and "南村镇" not in body
    link = re.search(r'id="town-statement-xlsx" href="([^"]+)"', body).group(1)
    assert client.get("/finance/reports/town/xlsx/").status_code == 302  # the town is named
    response = client.get(html.unescape(link))
    content = b"".join(response.streaming_content)
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(content)).active.values for c in row]
    assert "2013-01" in cells and D("1000") in [
        D(str(c)) for c in cells if isinstance(c, int | float)
    ]
    assert (
        client.get("/finance/reports/town/", {"town": world.town_b.pk})
        .content.decode()
        .count("南村镇总工会")
        == 0
    )
    chair = client_for(world.chair_a)
    body = chair.get(
        "/finance/reports/employer/", {"employer": world.employer_a.pk}
    ).content.decode()
    assert 'id="employer-amount">1,000.00' in body
    assert (
        chair.get("/finance/reports/employer/xlsx/", {"employer": world.employer_a.pk}).status_code
        == 200
    )
    assert {
        d["report"]
        for d in (e.data for e in AuditEntry.objects.filter(action="finance.report.viewed"))
    } >= {"town_statement", "town_statement.xlsx", "employer_statement", "employer_statement.xlsx"}


def test_the_api(world, book, client_for):
    a, b = book
    client = client_for(world.town_a_user)
    listed = client.get("/api/v1/finance/entries").json()
    assert [e["id"] for e in listed["items"]] == [a.pk]
    detail = client.get(f"/api/v1/finance/entries/{a.pk}").json()
    assert len(detail["lines"]) == 5 and detail["total"] == "1000.00"
    assert client.get(f"/api/v1/finance/entries/{b.pk}").status_code == 404
    assert client.get(f"/api/v1/finance/statements/town/{world.town_b.pk}").status_code == 404
    town = client.get(f"/api/v1/finance/statements/town/{world.town_a.pk}").json()
    assert town["income_total"] == "100.00"
    trial = client_for(world.admin).get("/api/v1/finance/trial-balance").json()
    assert trial["balanced"] and trial["totals"]["debits"] == "6000.00"
    balances = (
        client_for(world.admin).get("/api/v1/finance/balances", {"org_id": world.union_a.pk}).json()
    )
    assert [(r["kind"], r["closing"]) for r in balances["rows"]] == [("refund_payable", "-600.00")]
    assert {
        d["report"]
        for d in (e.data for e in AuditEntry.objects.filter(action="finance.report.viewed"))
    } == {"town_statement", "trial_balance", "balances"}
    admin = client_for(world.admin)
    made = admin.post(
        f"/api/v1/finance/entries/{a.pk}/reverse",
        {"reason": "重复"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["reverses_id"] == a.pk
    again = admin.post(
        f"/api/v1/finance/entries/{a.pk}/reverse",
        {"reason": "重复"},
        content_type="application/json",
    )
    assert again.status_code == 400 and "已冲销" in again.json()["detail"]
    spent = admin.post(
        "/api/v1/finance/expenses",
        {
            "org_id": world.district.pk,
            "program": "training",
            "amount": "88.80",
            "paid_on": "2013-06-01",
            "memo": "财务培训",
            "key": "abcdefgh12",
        },
        content_type="application/json",
    )
    assert spent.status_code == 201 and spent.json()["total"] == "88.80"


def _finance_post_routes() -> list[str]:
    """Every page of the finance app (its namespace), with its pk as `{pk}`."""
    routes = []
    for p in get_resolver().url_patterns:
        if getattr(p, "namespace", None) != "finance":
            continue
        for q in p.url_patterns:
            if isinstance(q, URLPattern):
                routes.append("/" + str(p.pattern) + re.sub(r"<int:\w+>", "{pk}", str(q.pattern)))
    assert "/finance/entries/{pk}/reverse/" in routes
    return routes


def _rows() -> dict[str, int]:
    """Every finance row, and every audit entry but the reports' own."""
    from django.apps import apps

    counts = {
        m.__name__: m._default_manager.count() for m in apps.get_app_config("finance").get_models()
    }
    counts["audit"] = AuditEntry.objects.exclude(action="finance.report.viewed").count()
    return counts


def test_the_auditor_reads_everything_and_changes_nothing(world, book, client_for):
    a, _b = book
    client = client_for(world.auditor)
    for url in (
        "/finance/entries/",
        f"/finance/entries/{a.pk}/",
        "/finance/reports/balances/",
        "/finance/reports/town/",
        "/finance/reports/employer/",
    ):
        assert client.get(url).status_code == 200, url
    before = _rows()
    for route in _finance_post_routes():
        url = route.format(pk=a.pk)
        # a list or report: a POST reads it; another part's row (not made here): not found
        seen = client.get(url).status_code
        allowed = {403, 405} | ({200} if seen == 200 else set())
        if "{pk}" in route and not route.startswith("/finance/entries/"):
            allowed.add(404)
        status = client.post(
            url, {"reason": "x", "amount": "1", "org": world.district.pk}
        ).status_code
        assert status in allowed, f"POST {url}: {status}"
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/finance/"):
            continue
        for method in set(operations) & {"post", "put", "patch", "delete"}:
            url = re.sub(r"{\w+}", str(a.pk), path)
            response = client.generic(
                method.upper(), url, '{"reason": "x"}', content_type="application/json"
            )
            assert response.status_code in (403, 422), f"{method} {url}: {response.status_code}"
    assert _rows() == before
    assert ledger.posted("collections:1:2") is not None
