"""Issue #15's "done means", through the pages: union A's chair enrolls the union's members
for this year's plan from the roster (a preview with the count, renewals and the one refused
with the reason, then confirm), the batch shows the contribution due; the district records
the payment and the enrollments are 有效; the chair files a claim for a renewed member with
its two documents and sees the calculation line by line; the town reviews, the district
approves (the question says what will happen), makes the payout list, downloads the bank
file and imports the bank's return; the claim is 已发放 and the worker sees it paid with its
amount on the phone page. The whole flow runs at desktop and at phone size, and no page
scrolls sideways (test_layout's check)."""

import datetime
import io

import openpyxl
import pytest

from gonghui.core.clock import today
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.mutualaid.choices import EnrollmentState, PlanState
from gonghui.mutualaid.models import Claim, Enrollment
from gonghui.mutualaid.tests.factories import make_enrollment, make_plan

from .flow import PDF, act, bank_return, choose, fits, jpeg, login, logout
from .pickers import pick
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def plan_year(world):
    """This year's plan (open, 30 元 a person, 90 days' waiting for a new enrollee) after last
    year's; union A has three active members, two of them enrolled last year, and a man of
    66 the age limit refuses."""
    year = today().year
    last = make_plan(world.district, year=year - 1, state=PlanState.CLOSED)
    plan = make_plan(world.district, year=year, previous=last)
    ric = new_ric()
    renewed = [make_member(world.union_a, "王大力", ric=ric), make_member(world.union_a, "陈秀英")]
    for member in renewed:
        make_enrollment(member, last)
    make_member(world.union_a, "刘小新")
    make_member(world.union_a, "赵老汉", ric=new_ric(birth=datetime.date(1960, 3, 1)))
    return plan, renewed[0], ric


def _rows(page, table: str) -> dict[str, str]:
    """A list's rows by the name in their cell with a link: the row's text."""
    out = {}
    for row in page.locator(f"#{table} tbody tr").all():
        out[row.locator("a").first.inner_text()] = row.inner_text()
    return out


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_union_enrolls_its_members_and_a_claim_goes_from_entry_to_payment(
    browser, live_server, world, plan_year, size
):
    plan, member, ric = plan_year
    day = today()
    context = browser.new_context(
        locale="zh-CN", viewport={"width": size[0], "height": size[1]}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    # 1. union A's chair enrolls the union's members from the roster: the preview counts 3
    # (2 renewals) and 90.00 due, and names the one refused and why; confirm; the batch
    login(page, live_server, world.chair_a.username)
    page.goto(f"{live_server.url}/mutualaid/enrollments/")
    fits(page)
    page.click("#enroll-roster")
    fits(page)
    assert page.input_value("#id_plan") == str(plan.pk)  # the only plan open for enrollment
    pick(page, "id_org", "甲公司", world.union_a.name)
    page.click("#enroll-preview")
    page.wait_for_selector("#enroll-summary")
    assert page.inner_text("#preview-enrolled") == "3 人"
    assert page.inner_text("#preview-renewals") == "2 人"
    assert page.inner_text("#preview-new") == "1 人"
    assert page.inner_text("#preview-due") == "90.00 元"
    assert page.inner_text("#preview-refused") == "1 人"
    reasons = page.inner_text("#preview-reasons")
    assert "已满60周岁" in reasons and "赵老汉" in reasons
    assert not Enrollment.objects.filter(plan=plan).exists()  # a preview writes nothing
    fits(page)
    page.once("dialog", accept)
    page.click("#enroll-confirm button[type=submit]")
    page.wait_for_selector("#batch-list tbody a")
    assert "3 人" in asked[-1] and "90.00" in asked[-1]
    assert "共参保 3 人，应缴 90.00 元，已缴 0.00 元" in page.inner_text("#batch-totals")
    fits(page)
    page.click("#batch-list tbody a")
    page.wait_for_selector("#batch-props")
    assert page.inner_text("#batch-due") == "90.00 元"
    assert page.inner_text("#batch-outstanding") == "90.00 元"
    assert page.inner_text("#batch-enrolled") == "3（其中续保 2）"
    waiting = _rows(page, "batch-enrollments")
    assert sorted(waiting) == ["刘小新", "王大力", "陈秀英"]
    assert all("待缴费" in text for text in waiting.values())
    assert "赵老汉" in page.inner_text("#refusal-list")
    assert page.locator("#payment-form").count() == 0  # the district records payments
    batch_url = page.url
    fits(page)
    logout(page)

    # 2. the district records the payment on the batch page: paid in full, the three
    # enrollments count from today (the newcomer after 90 days' waiting), the list shows 有效
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/mutualaid/batches/?outstanding=1")
    page.click("#batch-list tbody a")
    page.wait_for_url(batch_url)
    assert page.input_value("#id_paid_on") == day.isoformat()
    page.fill("#id_amount", "90.00")
    page.fill("#id_reference", "ICBC20261201001")
    page.click("#payment-form button[type=submit]")
    page.wait_for_selector("#batch-outstanding:has-text('0.00 元')")
    assert page.inner_text("#batch-paid") == "90.00 元"
    assert "ICBC20261201001" in page.inner_text("#payment-list")
    assert page.locator("#payment-form").count() == 0
    fits(page)
    page.goto(f"{live_server.url}/mutualaid/enrollments/?plan={plan.pk}")
    rows = _rows(page, "enrollment-list")
    assert sorted(rows) == ["刘小新", "王大力", "陈秀英"]
    assert all("有效" in text for text in rows.values())
    assert "续保" in rows["王大力"] and "新参保" in rows["刘小新"]
    assert (day + datetime.timedelta(days=90)).isoformat() in rows["刘小新"]
    assert set(Enrollment.objects.filter(plan=plan).values_list("state", flat=True)) == {
        EnrollmentState.ACTIVE
    }
    fits(page)
    logout(page)

    # 3. the chair files a claim for 王大力 (renewed: no waiting period), a day case today:
    # own cost 8,000.00; the detail page shows the calculation line by line
    login(page, live_server, world.chair_a.username)
    page.goto(f"{live_server.url}/mutualaid/claims/")
    page.click("#claim-new")
    fits(page)
    pick(page, "id_member", "王大力", "王大力")
    page.select_option("#id_event_kind", "illness")
    for name in ("event_on", "admitted_on", "discharged_on"):
        page.fill(f"#id_{name}", day.isoformat())
    page.fill("#id_hospital", "番禺区中心医院")
    page.fill("#id_diagnosis", "急性阑尾炎（日间手术）")
    page.fill("#id_total_cost", "20000.00")
    page.fill("#id_insurance_paid", "12000.00")
    page.fill("#id_bank_name", "中国工商银行番禺支行")
    page.fill("#id_account", "6222020200112345678")
    page.set_input_files(
        "#id_discharge_document",
        files=[{"name": "出院小结.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}],
    )
    page.set_input_files(
        "#id_invoice_document",
        files=[{"name": "医疗费用票据.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("#claim-form button[type=submit]:not([name])")
    page.wait_for_selector("#claim-state:has-text('待镇街审核')")
    claim = Claim.objects.get()
    assert claim.member == member and claim.number in page.inner_text("h1")
    assert page.inner_text("#claim-amount") == "4,500.00 元"
    assert page.inner_text("#claim-bills") == "20,000.00 / 12,000.00 / 8,000.00 元"
    calculation = page.inner_text("#claim-benefits")
    assert "自付 8,000.00 − 起付 500.00 = 7,500.00 × 60% = 4,500.00" in calculation
    assert "续保" in page.inner_text("#claim-enrollment")
    documents = page.inner_text("#claim-documents")
    assert "出院小结.jpg" in documents and "医疗费用票据.pdf" in documents
    assert page.locator("#claim-reasons").count() == 0
    fits(page)
    logout(page)

    # 4. town A's staff review it; the district approves it, the question saying what follows
    login(page, live_server, world.town_a_user.username)
    page.goto(f"{live_server.url}/mutualaid/claims/?state=submitted")
    page.click(f"#claim-list a:has-text('{claim.number}')")
    act(page, "review", {"input[name=note]": "材料齐全，情况属实"})
    page.wait_for_selector("#claim-state:has-text('待区总工会审批')")
    assert page.locator("#action-approve").count() == 0  # the district approves
    fits(page)
    logout(page)
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/mutualaid/claims/?state=reviewed")
    page.click(f"#claim-list a:has-text('{claim.number}')")
    page.once("dialog", accept)
    act(page, "approve", {"input[name=note]": "同意资助"})
    page.wait_for_selector("#claim-state:has-text('已批准待发放')")
    assert claim.number in asked[-1] and "批准后进入发放名单" in asked[-1]
    assert page.inner_text("#claim-amount") == "4,500.00 元"
    assert "同意资助" in page.inner_text("dl.props")
    fits(page)

    # 5. the district makes the payout list (the count and total first), downloads the bank
    # file, imports the bank's return; the claim is paid
    page.goto(f"{live_server.url}/mutualaid/payouts/")
    page.click("#payout-new")
    fits(page)
    assert "4,500.00" in page.inner_text("#waiting-list")
    choose(page, "id_plan", str(plan.year), plan.name)
    assert page.input_value("#id_plan") == str(plan.pk)
    page.click("#payout-form button[type=submit]")
    preview = page.locator("#payout-preview")
    preview.wait_for()
    assert "待列入名单 1 笔，合计 4,500.00 元" in preview.inner_text()
    fits(page)
    page.click("#payout-confirm button[type=submit]")
    page.wait_for_selector("#payout-total:has-text('4,500.00 元')")
    assert page.inner_text("#payout-state") == "已生成待回盘"
    assert claim.number in page.inner_text("#payout-claims")
    fits(page)
    with page.expect_download() as download:
        page.click("#payout-download button[type=submit]")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert claim.number in cells and "王大力" in cells
    assert any("4500" in cell for cell in cells), cells
    page.set_input_files(
        "#payout-return input[type=file]",
        files=[{"name": "银行回盘.xlsx", "mimeType": XLSX, "buffer": bank_return(claim.number)}],
    )
    page.click("#payout-return button[type=submit]")
    page.wait_for_selector("#import-run[data-status=succeeded]")
    fits(page)
    page.goto(f"{live_server.url}/mutualaid/payouts/")
    page.click("#payout-list tbody a")
    page.wait_for_selector("#payout-state:has-text('已回盘')")
    page.click(f"#payout-claims a:has-text('{claim.number}')")
    page.wait_for_selector("#claim-state:has-text('已发放')")
    assert f"发放日期\n{day.isoformat()}" in page.inner_text("dl.props")
    fits(page)
    logout(page)

    # 6. the worker, on the phone page, enters the claim number and the RIC: paid, 4,500.00
    page.goto(f"{live_server.url}/m/mutualaid/")
    fits(page)
    page.fill("#id_number", claim.number)
    page.fill("#id_ric", ric)
    page.click("form button[type=submit]")
    status = page.locator("#claim-status")
    status.wait_for()
    text = status.inner_text()
    assert claim.number in text and "已发放" in text
    assert page.inner_text("#claim-amount") == "4,500.00"
    assert "7,500.00 × 60% = 4,500.00" in page.inner_text("#claim-lines")
    assert ric not in page.content()  # the RIC is not written back into the page
    fits(page)
    context.close()
