"""The plan-year pages: the list with the demo label, a year's page with each formula in
words, the diseases and the year's counts, the form with its item sections, copy to the
next year, the workflow's buttons and the diseases; scope and permission."""

from decimal import Decimal

import pytest

from gonghui.members.tests.factories import make_member
from gonghui.mutualaid.choices import ClaimState, PlanState
from gonghui.mutualaid.models import CriticalDisease, PlanYear
from gonghui.mutualaid.tests.factories import make_claim, make_enrollment, make_plan

pytestmark = pytest.mark.django_db
URL = "/mutualaid/plans/"


def form_data(year=2015, **changes):
    return {
        "year": year,
        "name": f"{year}年度职工医疗互助保障计划",
        "starts_on": f"{year}-01-01",
        "ends_on": f"{year}-12-31",
        "enroll_closes_on": f"{year}-03-31",
        "contribution": "30",
        "age_limit_male": 60,
        "age_limit_female": 50,
        "waiting_days": 90,
        "claim_window_days": 365,
        "counted_when": "paid",
        "is_demo": "on",
        "inpatient_included": "on",
        "inpatient_name": "住院医疗互助",
        "inpatient_deductible": "500",
        "inpatient_ratio": "60",
        "inpatient_per_claim_cap": "10000",
        "inpatient_yearly_cap": "30000",
        "inpatient_waiting_applies": "on",
        "critical_included": "on",
        "critical_name": "重大疾病互助",
        "critical_waiting_applies": "on",
        "accident_included": "on",
        "accident_name": "意外伤害互助",
        "accident_ratio": "80",
        "accident_yearly_cap": "5000",
    } | changes


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_list_and_detail_show_every_figure_in_words(world, client_for):
    plan = make_plan(world.district, 2013)
    member = make_member(world.union_a)
    make_claim(make_enrollment(member, plan), state=ClaimState.PAID, amount=Decimal("4500"))
    client = client_for(world.admin)
    listing = page(client, URL)
    assert plan.name in listing and "演示数据，非真实标准" in listing and "30.00" in listing
    detail = page(client, f"{URL}{plan.pk}/")
    assert "（个人自付 − 起付 500.00）× 60%，每次最高 10,000.00，年度最高 30,000.00" in detail
    assert "个人自付 × 80%，年度最高 5,000.00" in detail
    assert "恶性肿瘤" in detail and "15,000.00" in detail
    assert 'id="plan-demo"' in detail
    assert "1 人" in detail and "4,500.00 元" in detail
    assert 'id="plan-frozen"' in detail  # a paid claim: the figures are frozen
    assert 'id="disease-add"' not in detail and 'id="disease-remove-cancer"' not in detail
    assert 'id="action-close"' in detail and 'id="plan-copy"' in detail


def test_staff_of_a_town_read_but_do_not_manage(world, client_for):
    plan = make_plan(world.district, 2013)
    client = client_for(world.town_a_user)
    detail = page(client, f"{URL}{plan.pk}/")
    assert plan.name in detail
    assert 'id="plan-edit"' not in detail and 'id="action-close"' not in detail
    assert 'id="plan-copy"' not in detail and 'id="disease-add"' not in detail
    assert client.get(f"{URL}new/").status_code == 403
    assert client.get(f"{URL}{plan.pk}/edit/").status_code == 403
    assert client.post(f"{URL}{plan.pk}/copy/", {"version": plan.version}).status_code == 403
    assert client.post(f"{URL}{plan.pk}/close/", {"version": plan.version}).status_code in (
        403,
        404,
    )
    assert not PlanYear.objects.filter(year=2014).exists()
    assert client_for(world.lawyer_a).get(URL).status_code == 403


def test_counts_are_of_the_users_scope(world, client_for):
    plan = make_plan(world.district, 2013)
    make_enrollment(make_member(world.union_a, "甲"), plan)
    make_enrollment(make_member(world.union_b, "乙"), plan)
    assert "2 人" in page(client_for(world.admin), f"{URL}{plan.pk}/")
    town = page(client_for(world.town_a_user), f"{URL}{plan.pk}/")
    assert "1 人" in town and "2 人" not in town


def test_create_then_edit_through_the_form(world, client_for):
    client = client_for(world.admin)
    blank = page(client, f"{URL}new/")
    assert 'id="section-inpatient"' in blank and 'id="section-critical"' in blank
    response = client.post(f"{URL}new/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = PlanYear.objects.get(year=2015)
    inpatient = plan.items.get(kind="inpatient")
    assert inpatient.ratio == Decimal("0.6") and plan.items.count() == 3
    assert plan.items.get(kind="accident").waiting_applies is False
    edit = page(client, f"{URL}{plan.pk}/edit/")
    assert 'value="60"' in edit
    data = form_data(
        version=plan.version, inpatient_ratio="65.5", accident_included="", contribution="35"
    )
    assert client.post(f"{URL}{plan.pk}/edit/", data).status_code == 302
    plan.refresh_from_db()
    assert plan.contribution == Decimal("35.00") and plan.items.count() == 2
    assert plan.items.get(kind="inpatient").ratio == Decimal("0.655")


def test_the_form_says_what_is_wrong_in_chinese(world, client_for):
    client = client_for(world.admin)
    wrong = client.post(f"{URL}new/", form_data(inpatient_ratio="120")).content.decode()
    assert "资助比例应在 0% 至 100% 之间" in wrong
    wrong = client.post(f"{URL}new/", form_data(inpatient_per_claim_cap="40000")).content.decode()
    assert "每次上限（40,000.00）不能高于年度上限（30,000.00）" in wrong
    wrong = client.post(f"{URL}new/", form_data(age_limit_male="80")).content.decode()
    assert "男职工年龄上限应在 16 至 70 岁之间" in wrong
    assert not PlanYear.objects.exists()


def test_a_frozen_year_refuses_its_figures_on_the_page(world, client_for):
    plan = make_plan(world.district, 2013)
    make_claim(make_enrollment(make_member(world.union_a), plan), state=ClaimState.APPROVED)
    client = client_for(world.admin)
    data = form_data(
        2013,
        version=plan.version,
        name=plan.name,
        inpatient_ratio="70",
        enroll_closes_on="",
    )
    answer = client.post(f"{URL}{plan.pk}/edit/", data).content.decode()
    assert "不能再修改本年度的标准" in answer
    assert plan.items.get(kind="inpatient").ratio == Decimal("0.6")


def test_copy_to_the_next_year_and_the_workflow_buttons(world, client_for):
    plan = make_plan(world.district, 2013, state=PlanState.DRAFT)
    client = client_for(world.admin)
    detail = page(client, f"{URL}{plan.pk}/")
    assert "data-confirm" in detail and "复制为2014年度" in detail
    response = client.post(f"{URL}{plan.pk}/copy/", {"version": plan.version})
    copy = PlanYear.objects.get(year=2014)
    assert response.status_code == 302 and response.url == f"{URL}{copy.pk}/"
    assert copy.previous == plan and copy.items.count() == 3
    assert "复制" in page(client, response.url)
    client.post(f"{URL}{plan.pk}/open/", {"version": plan.version})
    plan.refresh_from_db()
    assert plan.state == PlanState.OPEN


def test_diseases_added_changed_and_removed_on_the_page(world, client_for):
    plan = make_plan(world.district, 2013)
    client = client_for(world.admin)
    assert 'id="disease-remove-cancer"' in page(client, f"{URL}{plan.pk}/")
    client.post(
        f"{URL}{plan.pk}/diseases/",
        {"version": plan.version, "name": "白血病", "amount": "8000", "code": "leukemia"},
    )
    disease = CriticalDisease.objects.get(item__plan=plan, code="leukemia")
    plan.refresh_from_db()
    client.post(
        f"{URL}{plan.pk}/diseases/{disease.pk}/",
        {
            f"d{disease.pk}-version": plan.version,
            f"d{disease.pk}-name": "白血病",
            f"d{disease.pk}-amount": "9000",
        },
    )
    disease.refresh_from_db()
    assert disease.amount == Decimal("9000.00")
    plan.refresh_from_db()
    client.post(
        f"{URL}{plan.pk}/diseases/{disease.pk}/remove/", {f"r{disease.pk}-version": plan.version}
    )
    assert not CriticalDisease.objects.filter(pk=disease.pk).exists()
    other = make_plan(world.district, 2014)
    foreign = CriticalDisease.objects.filter(item__plan=other).first()
    assert client.post(f"{URL}{plan.pk}/diseases/{foreign.pk}/remove/", {}).status_code == 404


def test_the_phone_layout_keeps_tables_in_their_cards(world, client_for):
    plan = make_plan(world.district, 2013)
    detail = page(client_for(world.admin), f"{URL}{plan.pk}/")
    # every table of the page scrolls inside its card at 390 px (docs/ui.md)
    assert detail.count('<div class="table-responsive">') == detail.count("<table")


def test_a_frozen_year_still_takes_a_new_name_from_its_own_form(world, client_for):
    from gonghui.mutualaid.forms.plans import plan_initial
    from gonghui.mutualaid.queries.plans import plan_items

    plan = make_plan(world.district, 2013)
    make_claim(make_enrollment(make_member(world.union_a), plan), state=ClaimState.PAID)
    # the form as the page fills it, only the name changed
    data = {
        k: ("on" if v is True else "" if v in (False, None) else v)
        for k, v in plan_initial(plan, plan_items(plan)).items()
    }
    data |= {"name": "2013年度计划（已结算）", "counted_when": "paid"}
    response = client_for(world.admin).post(f"{URL}{plan.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    plan.refresh_from_db()
    assert plan.name == "2013年度计划（已结算）"


def test_the_list_costs_the_same_queries_for_more_years(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.admin)
    make_plan(world.district, 2013)
    page(client, URL)  # the first request also saves the session
    with CaptureQueriesContext(connection) as one:
        page(client, URL)
    make_plan(world.district, 2014, state=PlanState.DRAFT)
    make_plan(world.district, 2015, state=PlanState.DRAFT)
    with CaptureQueriesContext(connection) as three:
        listing = page(client, URL)
    assert "2015年度" in listing
    assert len(three) == len(one)
