"""Issue #16 through the pages. The district admin imports the tax bureau's file (three rows
saved, one of them an employer the registry does not know, one refused with its reason),
matches the unknown one with the employer picker, runs the allocation (its job page
finishes), sees the allocations, makes the period's refund batch (its due per union first,
then confirm), downloads the bank file and imports the bank's return (one paid, one failed);
the batch counts them and the trial balance says 借贷平衡. The auditor reads the reports and
the ledger, finds no button that writes, and every report it opened is in the audit log.
A grassroots chair on a phone registers its union's bank account, sees its own union's
refunds only and edits the account. Every page fits the width (test_layout's check)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db.models import F, Sum
from django.urls import reverse

from gonghui.core.clock import today
from gonghui.core.models import AuditEntry
from gonghui.core.registry import menu_for
from gonghui.core.tabular import write_xlsx
from gonghui.finance.choices import CollectionState, RefundState
from gonghui.finance.models import Allocation, Collection, RefundBatch, RefundLine
from gonghui.finance.services.refunds import batch_create
from gonghui.finance.tests.factories import make_bank_account, make_rule
from gonghui.finance.tests.refunds_helpers import JAN, allocated
from gonghui.orgs.tests.factories import EmployerFactory, uscc

from .flow import fits, login, logout
from .pickers import pick
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    "统一社会信用代码",
    "单位名称",
    "所属期",
    "工资总额",
    "代收金额",
    "代收日期",
    "经费类型",
    "税票号",
]


def _context(browser, size):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": size[0], "height": size[1]}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _go(page, live_server, url_name: str, *args, query: str = "") -> None:
    response = page.goto(f"{live_server.url}{reverse(url_name, args=args)}{query}")
    assert response is not None and response.status == 200, f"{page.url}: {response.status}"
    fits(page)


def _return_file(rows: list[tuple[str, str, str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["申请编号", "结果", "失败原因", "日期"])
    for number, result, reason in rows:
        sheet.append([number, result, reason, today().isoformat()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_district_imports_matches_allocates_and_refunds_a_month(
    browser, live_server, world, tmp_path, size
):
    make_rule(datetime.date(2013, 1, 1))  # open-ended: in force today
    for union in (world.union_a, world.union_b):
        make_bank_account(union)
    newcomer = EmployerFactory(name="丙科技有限公司", town=world.town_a, union=world.union_a)
    first = today().replace(day=1)
    period = (first - datetime.timedelta(days=40)).replace(day=1)  # the month before last
    month, paid_on = period.strftime("%Y-%m"), (period + datetime.timedelta(days=35)).isoformat()
    unknown = uscc()

    def row(code: str, name: str, payroll: str, amount: str, ticket: str) -> list[str]:
        return [code, name, month, payroll, amount, paid_on, "工会经费", ticket]

    rows = [
        row(world.employer_a.uscc, world.employer_a.name, "500000.00", "10000.00", "T001"),
        row(world.employer_b.uscc, world.employer_b.name, "300000.00", "6000.00", "T002"),
        row(unknown, "丙科技（旧名）", "100000.00", "2000.00", "T003"),  # not in the registry
        row(uscc(), "丁贸易有限公司", "1000.00", "2000.00", "T004"),  # more than the payroll
    ]
    tax_file = tmp_path / "代收明细.xlsx"
    write_xlsx(tax_file, HEADERS, rows, text_columns=[0, 2])
    context, page = _context(browser, size)

    # 1. the import: three rows saved, one refused with the reason in Chinese
    login(page, live_server, world.admin.username)
    _go(page, live_server, "finance:collection_list")
    page.click("#collection-import")
    page.select_option("#id_kind", "finance.collections")
    fits(page)
    page.set_input_files("#id_file", str(tax_file))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-run[data-status=succeeded]")
    assert page.inner_text("[data-count=created]") == "3"
    assert page.inner_text("[data-count=rejected]") == "1"
    rejected = page.inner_text("table.rejected")
    assert "代收金额大于工资总额" in rejected and "5" in rejected, rejected
    fits(page)
    assert Collection.objects.filter(state=CollectionState.MATCHED).count() == 2

    # 2. the unknown USCC's row is matched to the employer with the picker
    _go(page, live_server, "finance:collection_list", query="?state=unmatched")
    assert "共 1 条" in page.inner_text("#collection-totals")
    page.click("#collection-list tbody a")
    page.wait_for_selector("#match-form")
    assert page.inner_text("#collection-employer") == "未匹配"
    fits(page)
    # picked, the box lets go of the focus itself: the button is hit at the first tap
    pick(page, "id_employer", "丙科技", newcomer.name)
    page.click("#match-form button[type=submit]")
    page.wait_for_selector("#collection-state:has-text('已匹配')")
    assert newcomer.name in page.inner_text("#collection-employer")
    assert Collection.objects.get(uscc=unknown).employer == newcomer
    fits(page)

    # 3. the allocation run: its job page finishes; the list shows the three rows
    _go(page, live_server, "finance:allocation_list")
    page.click("#allocation-run")
    fits(page)
    page.click("#allocation-run-form button[type=submit]")
    page.wait_for_selector("#job [data-status=succeeded]")
    fits(page)
    assert Allocation.objects.count() == 3
    _go(page, live_server, "finance:allocation_list")
    assert page.locator("#allocation-list tbody tr").count() == 3
    assert "合计（3 条）" in page.inner_text("#allocation-totals")
    assert "18,000.00" in page.inner_text("#allocation-totals")

    # 4. the period's refund batch: each union's due first (the 2013 rule: 60 % + 20 % × 30 %
    # of 12,000.00 and of 6,000.00), then confirm
    _go(page, live_server, "finance:batch_list")
    page.click("#batch-new")
    fits(page)
    page.fill("#id_period", month)
    page.click("#batch-form button[type=submit]")
    preview = page.locator("#batch-preview")
    preview.wait_for()
    assert "列入批次 2 个工会，合计 11,880.00 元" in preview.inner_text()
    lines = page.inner_text("#preview-list")
    assert "7,920.00" in lines and "3,960.00" in lines
    fits(page)
    page.click("#batch-confirm button[type=submit]")
    page.wait_for_selector("#batch-state:has-text('已生成待回盘')")
    batch = RefundBatch.objects.get()
    assert page.inner_text("#batch-total") == "11,880.00 元"
    fits(page)

    # 5. the bank file, then the bank's return: union A paid, union B failed
    with page.expect_download() as download:
        page.click("#batch-download button[type=submit]")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    line_a = RefundLine.objects.get(batch=batch, union=world.union_a)
    line_b = RefundLine.objects.get(batch=batch, union=world.union_b)
    assert line_a.number in cells and line_b.number in cells
    assert any("7920" in cell for cell in cells), cells
    returned = _return_file(
        [(line_a.number, "成功", ""), (line_b.number, "失败", "账号与户名不符")]
    )
    page.set_input_files(
        "#batch-return input[type=file]",
        files=[{"name": "回盘.xlsx", "mimeType": XLSX, "buffer": returned}],
    )
    page.click("#batch-return button[type=submit]")
    page.wait_for_selector("#import-run[data-status=succeeded]")
    fits(page)
    _go(page, live_server, "finance:batch_detail", batch.pk)
    assert page.inner_text("#batch-state") == "已回盘"
    assert page.inner_text("#batch-paid") == "1"
    assert page.inner_text("#batch-failed") == "1"
    assert "账号与户名不符" in page.inner_text("#batch-lines")
    line_a.refresh_from_db()
    assert line_a.state == RefundState.PAID and line_a.entry_id is not None

    # 6. the trial balance over the whole ledger
    _go(page, live_server, "finance:report_home")
    page.click("#report-links a[href$='/trial-balance/']")
    page.wait_for_selector("#trial-result")
    assert "借贷平衡" in page.inner_text("#trial-result")
    assert page.inner_text("#trial-debits") == page.inner_text("#trial-credits")
    fits(page)
    context.close()


@pytest.fixture
def refunded_month(world):
    """January 2013 of employers A and B allocated and in a batch (both unions have an
    account), so the ledger has collection, allocation vouchers and lines to read."""
    for union in (world.union_a, world.union_b):
        make_bank_account(union)
    allocated(world, world.employer_a, JAN, "1000.00")
    allocated(world, world.employer_b, JAN, "500.00")
    return batch_create(actor=world.admin, period=JAN)


def _no_writes(page) -> None:
    """Nothing on the page writes: no form that posts (but the export, a read) and no link to
    a new, edit, run or import page."""
    posting = page.locator("#main form[method=post]:not(.export-form)")
    assert posting.count() == 0, f"{page.url}: {posting.first.get_attribute('id')}"
    links = page.locator(
        "#main a[href*='/new/'], #main a[href*='/edit/'], #main a[href*='/run/'],"
        " #main a[href*='/imports/'], #main .action-open"
    )
    assert links.count() == 0, f"{page.url}: {links.first.get_attribute('href')}"


def test_the_auditor_reads_the_reports_and_the_ledger_and_writes_nothing(
    browser, live_server, world, refunded_month
):
    context, page = _context(browser, DESKTOP)
    login(page, live_server, world.auditor.username)
    _go(page, live_server, "finance:report_home")
    for name, query in [
        ("finance:balances", ""),
        ("finance:trial_balance", ""),
        ("finance:town_statement", f"?town={world.town_a.pk}"),
        ("finance:employer_statement", f"?employer={world.employer_a.pk}"),
    ]:
        _go(page, live_server, name, query=query)
        _no_writes(page)
    _go(page, live_server, "finance:trial_balance")
    assert "借贷平衡" in page.inner_text("#trial-result")
    _go(page, live_server, "finance:town_statement", query=f"?town={world.town_a.pk}")
    statement = page.inner_text("#main")
    assert world.union_a.name in statement and "660.00" in statement  # its union's refund due
    for name in (
        "finance:collection_list",
        "finance:allocation_list",
        "finance:refund_list",
        "finance:batch_list",
        "finance:bank_account_list",
        "finance:rule_list",
        "finance:entry_list",
    ):
        _go(page, live_server, name)
        _no_writes(page)
    # a voucher: its lines, and no reversal
    _go(page, live_server, "finance:entry_list")
    page.click("#entry-list tbody a")
    page.wait_for_selector("#main dl.props")
    assert page.locator("#action-reverse").count() == 0
    _no_writes(page)
    _go(page, live_server, "finance:batch_detail", refunded_month.pk)
    assert page.locator("#batch-download, #batch-return").count() == 0
    _no_writes(page)
    viewed = AuditEntry.objects.filter(action="finance.report.viewed", actor=world.auditor)
    reports = {entry.data.get("report") for entry in viewed}
    assert {"balances", "trial_balance", "town_statement", "employer_statement"} <= reports, [
        entry.data for entry in viewed
    ]
    context.close()


def test_a_chair_on_a_phone_registers_its_account_and_sees_its_own_refunds(
    browser, live_server, world
):
    make_bank_account(world.union_b)
    mine = allocated(world, world.employer_a, JAN, "1000.00")
    allocated(world, world.employer_b, JAN, "500.00")
    context, page = _context(browser, PHONE)
    login(page, live_server, world.chair_a.username)
    finance = [
        item.url_name
        for section, items in menu_for(world.chair_a)
        for item in items
        if item.url_name.startswith("finance:")
    ]
    assert "finance:refund_list" in finance and "finance:bank_account_list" in finance
    for name in finance:
        _go(page, live_server, name)

    # 1. the chair registers its union's account (it is the only union it may choose)
    _go(page, live_server, "finance:bank_account_list")
    assert world.union_b.name not in page.inner_text("#bank-account-list")
    page.click("#bank-account-new")
    fits(page)
    pick(page, "id_org", "甲公司", world.union_a.name)
    page.fill("#id_account_name", world.union_a.name)
    page.fill("#id_bank_name", "中国农业银行番禺支行")
    page.fill("#id_account", "6228 4801 2345 6789 012")
    page.click("#bank-account-form button[type=submit]")
    page.wait_for_selector("#bank-account-number")
    assert page.inner_text("#bank-account-number") == "****9012"
    assert "6228480123456789012" not in page.content()
    fits(page)

    # 2. the district makes January's batch; the chair sees its own union's line only
    batch_create(actor=world.admin, period=JAN)
    due = Allocation.objects.filter(pk=mine.pk).aggregate(
        due=Sum(F("union_part") + F("extra_refund_part"))
    )["due"]
    line = RefundLine.objects.get(union=world.union_a)
    assert line.amount == due == Decimal("660.00")
    _go(page, live_server, "finance:refund_list")
    text = page.inner_text("#refund-list")
    assert line.number in text and "660.00" in text
    assert world.union_b.name not in text
    assert page.locator("#refund-list tbody tr").count() == 1
    page.click(f"#refund-list a:has-text('{line.number}')")
    page.wait_for_selector("#refund-state:has-text('待返拨')")
    assert page.inner_text("#refund-amount") == "660.00 元"
    fits(page)
    _go(page, live_server, "finance:due_unpaid")
    _go(page, live_server, "finance:refund_detail", line.pk)
    other = RefundLine.objects.get(union=world.union_b)
    response = page.goto(f"{live_server.url}{reverse('finance:refund_detail', args=[other.pk])}")
    assert response.status in (403, 404)

    # 3. the chair edits the account: the next batch takes the new one
    _go(page, live_server, "finance:bank_account_list")
    page.click(f"#bank-account-list a:has-text('{world.union_a.name}')")
    page.click("#bank-account-edit")
    fits(page)
    page.fill("#id_bank_name", "中国建设银行番禺支行")
    page.fill("#id_account", "6217000123456784321")
    page.click("#bank-account-form button[type=submit]")
    page.wait_for_selector("#bank-account-number:has-text('****4321')")
    assert "中国建设银行番禺支行" in page.inner_text("#bank-account-props")
    fits(page)
    line.refresh_from_db()
    assert line.account_last4 == "9012"  # the line already issued keeps its account
    logout(page)
    context.close()
