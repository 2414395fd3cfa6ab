"""The worker's phone page (/m/mutualaid/): claim number + RIC show that claim's state in
plain words, its dates, the amount with its calculation and a refusal's reason; any other
pair gets one answer, whatever exists; look-ups limited per address."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache

from gonghui.members.tests.factories import make_member, new_ric
from gonghui.mutualaid.choices import BenefitKind, ClaimState
from gonghui.mutualaid.models import ClaimBenefit
from gonghui.mutualaid.queries.portal import NOT_FOUND
from gonghui.mutualaid.tests.factories import make_claim, make_enrollment, make_plan

pytestmark = pytest.mark.django_db
URL = "/m/mutualaid/"
LINE = "自付 8,000.00 − 起付 500.00 = 7,500.00 × 60% = 4,500.00"


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(world):
    plan = make_plan(world.district, 2013)
    ric = new_ric()
    member = make_member(world.union_a, "王五", ric=ric)
    paid = make_claim(
        make_enrollment(member, plan),
        state=ClaimState.PAID,
        amount=Decimal("4500.00"),
        reviewed_on=datetime.date(2013, 6, 1),
        approved_on=datetime.date(2013, 6, 10),
        paid_on=datetime.date(2013, 6, 20),
        decision_note="区内部意见",
        account="6222020200112345678",
        account_last4="5678",
    )
    ClaimBenefit.objects.create(
        claim=paid,
        item=plan.items.get(kind=BenefitKind.INPATIENT),
        member=member,
        kind=BenefitKind.INPATIENT,
        amount=Decimal("4500.00"),
        lines=[LINE],
        org_path=paid.org_path,
    )
    other = make_member(world.union_a, "赵六")
    someone_else = make_claim(
        make_enrollment(other, plan), state=ClaimState.REJECTED, decision_note="别人的理由"
    )
    return ric, paid, someone_else


def test_the_right_number_and_ric_show_the_claim_in_plain_words(client, person):
    ric, paid, someone_else = person
    page = client.post(URL, {"number": paid.number.lower(), "ric": f" {ric.lower()} "})
    assert page.status_code == 200 and page.context["status"].claim.pk == paid.pk
    html = page.content.decode()
    assert "已发放" in html and "互助金已发放到您的银行账户" in html
    for day in ("2013-06-01", "2013-06-10", "2013-06-20"):
        assert day in html
    assert "4,500.00" in html or "4500.00" in html
    assert LINE in html and "住院医疗互助" in html
    assert "区内部意见" not in html  # an approval's note is the staff's
    assert "5678" not in html and ric not in html  # neither the account nor the RIC echoed
    assert someone_else.number not in html and "别人的理由" not in html and "赵六" not in html


def test_a_refusal_shows_its_reason(client, world):
    plan = make_plan(world.district, 2014)
    ric = new_ric()
    member = make_member(world.union_a, "钱七", ric=ric)
    refused = make_claim(
        make_enrollment(member, plan),
        state=ClaimState.REJECTED,
        decision_note="出院超过申请时限",
        reasons=["出院后超过365天申请"],
    )
    html = client.post(URL, {"number": refused.number, "ric": ric}).content.decode()
    assert "不予资助" in html and "出院超过申请时限" in html and "出院后超过365天申请" in html


def test_a_wrong_ric_and_an_unknown_number_get_the_same_answer(client, person):
    ric, paid, someone_else = person
    answers = set()
    for data in (
        {"number": paid.number, "ric": new_ric()},  # wrong RIC
        {"number": someone_else.number, "ric": ric},  # another person's claim
        {"number": "HZ2013999999", "ric": ric},  # no such claim
        {"number": paid.number, "ric": "ABC98765"},  # not a RIC at all
    ):
        page = client.post(URL, data)
        assert page.status_code == 200 and page.context["status"] is None
        html = page.content.decode()
        assert NOT_FOUND in html and data["ric"] not in html
        shown = html.replace(data["number"], "").replace(data["ric"], "")
        answers.add(re.sub(r"[A-Za-z0-9]{64}", "", shown))  # the CSRF token differs each time
    assert len(answers) == 1  # nothing tells a number that exists from one that does not


def test_look_ups_are_limited_per_address(client, person, settings):
    settings.JOINING_STATUS_CHECKS_PER_HOUR = 3
    ric, paid, _other = person
    for _ in range(3):
        client.post(URL, {"number": "HZ2013999999", "ric": ric})
    page = client.post(URL, {"number": paid.number, "ric": ric})  # right, but over the limit
    assert page.context["status"] is None and "查询过于频繁" in page.content.decode()


def test_the_page_opens_without_an_account(client):
    page = client.get(URL)
    assert page.status_code == 200 and 'name="number"' in page.content.decode()
