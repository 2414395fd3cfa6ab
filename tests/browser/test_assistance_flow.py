"""Issue #14's "done means", through the pages: town A's staff open a hardship file for a
member (深度困难 against the town's living standard) and review it, the district approves
it; the town applies for the member's 金秋助学 grant and reviews it, the district approves
it, makes the disbursement list, downloads it and imports the bank's return; the grant is
已发放 and the worker sees it paid on the phone page. A second file for the same person is
refused with a link to the first. The whole flow runs at desktop and at phone size, and no
page scrolls sideways (test_layout's check)."""

import io
from decimal import Decimal

import openpyxl
import pytest

from gonghui.assistance.choices import BUILTIN_PROGRAM_KINDS, Eligibility
from gonghui.assistance.models import Grant, HardshipFile, ProgramKind
from gonghui.assistance.services import grants as grant_services
from gonghui.assistance.tests.factories import make_standard
from gonghui.core.clock import today
from gonghui.members.tests.factories import make_member, new_ric

from .flow import act, bank_return, choose, fits, login, logout, pdf_file, png_file
from .pickers import pick
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _builtin_kind(code: str) -> ProgramKind:
    """The migration's kind; a transactional test before this one flushed the table."""
    name, order = next((n, o) for c, n, o in BUILTIN_PROGRAM_KINDS if c == code)
    return ProgramKind.objects.get_or_create(
        code=code, defaults={"name": name, "order": order, "builtin": True}
    )[0]


@pytest.fixture
def school_aid(world):
    """Town A's living standard (600 a month), a member of union A, and the district's
    金秋助学 of this year (2,000 each, once per person) with 6,000 of its budget split to
    town A."""
    make_standard(world.town_a, "600", today().replace(month=1, day=1))
    ric = new_ric(male=False)
    member = make_member(world.union_a, "周晓梅", ric=ric)
    program = grant_services.program_create(
        actor=world.admin,
        organizer=world.district,
        kind=_builtin_kind("school_aid"),
        name=f"{today().year}年金秋助学",
        year=today().year,
        budget=Decimal("20000"),
        eligibility=Eligibility.SCHOOL_ADMISSION,
        standard_amount=Decimal("2000"),
        once_per_person=True,
        is_open=True,
    )
    program = grant_services.program_budgets_set(
        actor=world.admin,
        program=program,
        version=program.version,
        shares={world.town_a.pk: "6000"},
    )
    return member, ric, program


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_town_takes_a_worker_from_a_hardship_file_to_a_paid_school_aid_grant(
    browser, live_server, world, school_aid, size
):
    member, ric, program = school_aid
    context = browser.new_context(
        locale="zh-CN", viewport={"width": size[0], "height": size[1]}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    # 1. town A's staff open the member's hardship file: 2 people, (9,600 − 2,400) ÷ 12 ÷ 2
    # = 300 a month, under the town's 600: 深度困难; the page names the documents it needs
    login(page, live_server, world.town_a_user.username)
    page.goto(f"{live_server.url}/assistance/files/")
    fits(page)
    page.click("#file-new")
    fits(page)
    pick(page, "id_union", "甲公司", world.union_a.name)
    pick(page, "id_member", member.name, member.name)
    page.fill("#id_annual_income", "9600")
    page.fill("#id_essential_expenses", "2400")
    page.select_option("#id_cause", "unemployment")
    page.fill("#id_situation", "本人失业，配偶无固定收入")
    page.fill("#id_contact_name", "张联系")
    page.fill("#id_household-0-name", "李建国")
    page.select_option("#id_household-0-relation", "spouse")
    page.fill("#id_household-0-birth_year", "1988")
    asked = page.inner_text("#file-form")
    assert "身份证" in asked and "户口簿" in asked and "收入证明" in asked
    page.set_input_files("#id_doc_id_card", files=[png_file("身份证.png")])
    page.set_input_files("#id_doc_household_register", files=[pdf_file("户口簿.pdf")])
    page.set_input_files("#id_doc_income_proof", files=[pdf_file("收入证明.pdf")])
    page.click("#file-form button[type=submit]")
    page.wait_for_selector("#file-state:has-text('待镇街审核')")
    assert page.inner_text("#file-category") == "深度困难"
    assert "300.00" in page.inner_text("#file-per-head")
    assert "600.00" in page.inner_text("#file-per-head")
    assert "缺" not in page.inner_text("#required-documents")
    file = HardshipFile.objects.get()
    assert file.member == member and file.household_size == 2 and file.documents.count() == 3
    fits(page)
    act(page, "review", {"input[name=note]": "经入户核实，情况属实"})
    page.wait_for_selector("#file-state:has-text('待区总工会审批')")
    fits(page)

    # the negative step: a second file for the same person is refused, with a link to the first
    page.goto(f"{live_server.url}/assistance/files/new/")
    pick(page, "id_union", "甲公司", world.union_a.name)
    pick(page, "id_member", member.name, member.name)
    page.fill("#id_annual_income", "9600")
    page.fill("#id_essential_expenses", "2400")
    page.select_option("#id_cause", "unemployment")
    page.fill("#id_contact_name", "张联系")
    page.set_input_files("#id_doc_id_card", files=[png_file("身份证.png")])
    page.set_input_files("#id_doc_household_register", files=[pdf_file("户口簿.pdf")])
    page.set_input_files("#id_doc_income_proof", files=[pdf_file("收入证明.pdf")])
    page.click("#file-form button[type=submit]")
    link = page.locator("#existing-file a")
    link.wait_for()
    assert file.number in page.inner_text("#file-form")
    fits(page)
    link.click()
    page.wait_for_url(f"**/assistance/files/{file.pk}/")
    assert HardshipFile.objects.count() == 1
    logout(page)

    # 2. the district approves the file
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/assistance/files/?state=reviewed")
    page.click(f"#file-list a:has-text('{file.number}')")
    act(page, "approve", {"input[name=note]": "同意建档"})
    page.wait_for_selector("#file-state:has-text('在档')")
    fits(page)
    logout(page)

    # 3. the town applies for the child's 金秋助学 and reviews it; the district approves it
    login(page, live_server, world.town_a_user.username)
    page.goto(f"{live_server.url}/assistance/programs/")
    page.click(f"#program-list a:has-text('{program.name}')")
    page.click("#grant-apply")
    fits(page)
    pick(page, "id_union", "甲公司", world.union_a.name)
    pick(page, "id_member", member.name, member.name)
    page.fill("#id_child_name", "李小雨")
    page.fill("#id_school", "华南理工大学")
    page.fill("#id_admission_year", str(program.year))
    page.set_input_files("#id_admission_letter", files=[pdf_file("录取通知书.pdf")])
    page.fill("#id_bank_name", "中国工商银行番禺支行")
    page.fill("#id_account", "6222020200112345678")
    page.click("#grant-form button[type=submit]")
    page.wait_for_selector("#grant-state:has-text('待镇街审核')")
    grant = Grant.objects.get()
    assert grant.hardship_file == file and grant.amount == Decimal("2000")
    assert "2,000.00" in page.inner_text("#grant-amount")
    assert "录取通知书.pdf" in page.inner_text("#grant-documents")
    fits(page)
    act(page, "review", {"input[name=note]": "材料齐全"})
    page.wait_for_selector("#grant-state:has-text('待区总工会审批')")
    logout(page)
    login(page, live_server, world.district_staff.username)
    page.goto(f"{live_server.url}/assistance/grants/?program={program.pk}&state=reviewed")
    page.click(f"#grant-list a:has-text('{grant.number}')")
    act(page, "approve", {"input[name=note]": "同意资助"})
    page.wait_for_selector("#grant-state:has-text('已批准待发放')")
    fits(page)

    # 4. the district makes the program's disbursement list, downloads it, imports the
    # bank's return, and the grant is paid. At 390 px too: the searchable select once
    # reopened its list after the choice and the next tap only closed it (pickers.js).
    page.goto(f"{live_server.url}/assistance/disbursements/")
    page.click("#disbursement-new")
    fits(page)
    choose(page, "id_program", "金秋", program.name)
    page.click("#disbursement-form button[type=submit]")
    page.wait_for_selector("#disbursement-total:has-text('2,000.00')")
    fits(page)
    with page.expect_download() as download:
        page.click("#disbursement-download button[type=submit]")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert grant.number in cells and "周晓梅" in cells
    page.set_input_files(
        "#disbursement-return input[type=file]",
        files=[
            {
                "name": "银行回盘.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": bank_return(grant.number),
            }
        ],
    )
    page.click("#disbursement-return button[type=submit]")
    page.wait_for_selector("#import-run[data-status=succeeded]")
    fits(page)
    page.goto(f"{live_server.url}/assistance/disbursements/")
    page.click("#disbursement-list a")
    page.click(f"#disbursement-grants a:has-text('{grant.number}')")
    page.wait_for_selector("#grant-state:has-text('已发放')")
    assert today().isoformat() in page.inner_text("dl.props")
    fits(page)
    logout(page)

    # 5. the worker, on the phone page, sees the grant paid with the number and the RIC
    page.goto(f"{live_server.url}/m/assistance/")
    fits(page)
    page.fill("#id_number", grant.number)
    page.fill("#id_ric", ric)
    page.click("form button[type=submit]")
    mine = page.locator("#my-grants")
    mine.wait_for()
    text = mine.inner_text()
    assert grant.number in text and "已发放" in text and "2,000.00" in text
    assert ric not in page.content()  # the RIC is not written back into the page
    fits(page)
    context.close()
