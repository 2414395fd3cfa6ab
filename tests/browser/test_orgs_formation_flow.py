"""ORG-3 and ORG-4 through the pages: union A's chair applies for its legal-person
certificate on a phone (the application form photographed/uploaded), town A's staff find it
among the requests to check and approve it at desktop (number, the union's USCC, validity),
and the union leaves the list of unions without a certificate; town B's staff record a
contact and the founding of a target employer from the targets list, and the employer
leaves the targets. No page scrolls sideways."""

import pytest

from gonghui.core.clock import today
from gonghui.orgs.choices import CertificateRequestState
from gonghui.orgs.models import CertificateRequest, Employer, Founding
from gonghui.orgs.tests.certificates_helpers import union_uscc
from gonghui.orgs.tests.factories import EmployerFactory

from .flow import act, fits, login, logout, pdf_file, png_file
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser, size):
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())
    return context, page


def test_a_chair_applies_on_a_phone_and_staff_approve_at_desktop(browser, live_server, world):
    context, page = _page(browser, PHONE)
    login(page, live_server, world.chair_a.username)
    page.goto(f"{live_server.url}/orgs/{world.union_a.pk}/certificate/apply/")
    fits(page)
    page.select_option("#id_kind", "new")
    page.fill("#id_representative", "张三")
    page.fill("#id_address", "市桥街道富华西路1号")
    page.click("#apply-submit")  # no application form: said in Chinese, on the page
    page.wait_for_selector("text=申领证书须上传工会法人资格登记申请表。")
    page.set_input_files("#id_doc_application", pdf_file("登记申请表.pdf"))
    page.set_input_files("#id_doc_chair_id", png_file("身份证.png"))
    page.click("#apply-submit")
    page.wait_for_selector("#request-state:has-text('已提交')")
    fits(page)
    request = CertificateRequest.objects.get()
    assert request.documents.count() == 2
    logout(page)
    context.close()

    context, page = _page(browser, DESKTOP)
    login(page, live_server, world.town_a_user.username)
    page.goto(f"{live_server.url}/certificates/requests/?todo=on")
    fits(page)
    page.click("#request-list a:has-text('甲公司工会委员会')")
    page.wait_for_selector("#request-documents a:has-text('登记申请表.pdf')")
    code = union_uscc()
    act(
        page,
        "issue",
        {
            "input[name=number]": "番工法证字2026第00001号",
            "input[name=uscc]": code,
            "input[name=issued_on]": today().isoformat(),
            "input[name=valid_until]": today().replace(year=today().year + 5).isoformat(),
        },
    )
    page.wait_for_selector("#request-state:has-text('已办结')")
    fits(page)
    request.refresh_from_db()
    assert request.state == CertificateRequestState.APPROVED
    assert request.certificate.uscc == code
    page.goto(f"{live_server.url}/certificates/without/")
    page.wait_for_selector("#without-list")
    assert "甲公司工会委员会" not in page.inner_text("#without-list")
    context.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_record_a_founding_from_the_targets_list(browser, live_server, world, size):
    target = EmployerFactory(name="丙塑料制品有限公司", town=world.town_b, headcount=80)
    context, page = _page(browser, size)
    login(page, live_server, world.town_b_user.username)
    page.goto(f"{live_server.url}/formation/")
    fits(page)
    page.click("#target-list a:has-text('联系与组建')")
    page.wait_for_selector("#contact-form")
    fits(page)
    page.select_option("#contact-form select[name=method]", "visit")
    page.select_option("#contact-form select[name=outcome]", "willing")
    page.fill("#contact-form input[name=contact_person]", "王经理")
    page.click("#contact-save")
    page.wait_for_selector("#employer-contacts td:has-text('王经理')")
    page.fill("#founding-form input[name=first_chair]", "李四")
    page.fill("#founding-form input[name=founding_members]", "500")
    page.click("#founding-save")  # more members than staff: said on the field
    page.wait_for_selector("text=不能多于单位职工人数")
    page.fill("#founding-form input[name=founding_members]", "60")
    page.click("#founding-save")
    page.wait_for_selector("h1:has-text('丙塑料制品有限公司工会委员会')")
    fits(page)
    founding = Founding.objects.get()
    assert Employer.objects.get(pk=target.pk).union_id == founding.union_id
    page.goto(f"{live_server.url}/formation/")
    page.wait_for_selector("#target-list")
    assert "丙塑料制品有限公司" not in page.inner_text("#target-list")
    context.close()
