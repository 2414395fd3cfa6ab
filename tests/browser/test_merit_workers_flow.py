"""MERIT-2 through the pages, on a desktop and a phone: the district enters a model worker of
earlier years for a member (the member picker), sees the registry page (the honor, the
benefits of the level, the care section), retires them through the confirmed dialog; the
town makes an innovation studio led by them (the model-worker picker) and records a result.
Every page fits the width (test_layout's check)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.members.models import Member
from gonghui.members.tests.factories import make_member
from gonghui.merit.choices import BenefitKind, Level
from gonghui.merit.models import InnovationStudio, ModelWorker, ModelWorkerBenefit
from gonghui.merit.tests.factories import make_honor_type

from .flow import fits, login, logout
from .pickers import pick
from .test_layout import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _go(page, live_server, url_name: str, *args) -> None:
    response = page.goto(f"{live_server.url}{reverse(url_name, args=args)}")
    assert response is not None and response.status == 200, page.url
    fits(page)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_model_worker_entered_retired_and_leading_a_studio(browser, live_server, world, size):
    medal = make_honor_type("全国五一劳动奖章", level=Level.NATIONAL, confers_model_worker=True)
    ModelWorkerBenefit.objects.create(
        level=Level.NATIONAL, kind=BenefitKind.ALLOWANCE, amount=Decimal("500"),
        effective_from=datetime.date(2012, 1, 1),
    )  # fmt: skip
    member = make_member(world.union_a, name="王锐祥", employer=world.employer_a)
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(20_000)

    login(page, live_server, world.admin.username)
    _go(page, live_server, "merit:model_worker_list")
    page.click("#model-worker-new")
    fits(page)
    page.select_option("#id_honor_type", str(medal.pk))
    page.fill("#id_year", "2013")
    pick(page, "id_member", "王锐", "王锐祥")
    page.click("#model-worker-form button[type=submit]")
    page.wait_for_selector("#model-worker-props")
    fits(page)
    worker = ModelWorker.objects.get(member=member)
    assert Member.objects.get(pk=member.pk).is_model_worker
    assert "全国五一劳动奖章" in page.inner_text("#model-worker-honor")
    assert "每月 500.00 元" in page.inner_text("#model-worker-benefits")

    page.click("#model-worker-state-change .action-open")
    page.select_option("#state_state", "retired")
    page.once("dialog", lambda dialog: dialog.accept())  # the confirm before an irreversible step
    page.click("#model-worker-state-change button[type=submit]")
    page.wait_for_selector("#model-worker-state:has-text('已退休')")
    fits(page)
    assert Member.objects.get(pk=member.pk).is_model_worker  # a retired model worker keeps it
    logout(page)

    login(page, live_server, world.town_a_user.username)
    _go(page, live_server, "merit:studio_list")
    page.click("#studio-new")
    fits(page)
    page.fill("#id_name", "王锐祥声学创新工作室")
    pick(page, "id_employer", "甲电子", "甲电子有限公司")
    pick(page, "id_leader", "王锐", "王锐祥")
    page.fill("#id_founded_on", "2013-05-01")
    page.click("#studio-form button[type=submit]")
    page.wait_for_selector("#studio-props")
    fits(page)
    studio = InnovationStudio.objects.get()
    assert studio.leader == worker and studio.union == world.union_a

    page.click("#studio-result-add .action-open")
    page.select_option("#result_kind", "patent")
    page.fill("#result_title", "一种低失真扬声器")
    page.fill("#result_achieved_on", "2014-03-01")
    page.fill("#result_benefit", "120000")
    page.click("#studio-result-add button[type=submit]")
    page.wait_for_selector("#studio-results:has-text('一种低失真扬声器')")
    fits(page)
    assert "120,000.00" in page.inner_text("#studio-total")
    context.close()
