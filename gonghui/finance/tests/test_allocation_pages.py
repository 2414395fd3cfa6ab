"""The allocation pages: the rules (list with the demo label, detail with the split of
100.00, the form, who may set them), the allocations (scope, filters, totals, a detail with
each part's account and the voucher), and the run started as a job."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.models import Job
from gonghui.finance.models import Allocation, AllocationRule
from gonghui.finance.services import allocation as services
from gonghui.finance.tests.factories import RULE_2014, make_collection, make_rule

pytestmark = pytest.mark.django_db
DAY = datetime.date


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def rule_data(**changes):
    return {
        "name": "2015年经费分配方案",
        "effective_from": "2015-01-01",
        "effective_to": "",
        **{k: str(v) for k, v in RULE_2014.items()},
        "refund_due_days": "30",
        "note": "",
        "version": "",
    } | changes


@pytest.fixture
def allocated(world):
    make_rule(DAY(2013, 1, 1), is_demo=True)
    a = make_collection(world.employer_a, DAY(2013, 3, 1), "1000.00")
    b = make_collection(world.employer_b, DAY(2013, 3, 1), "2000.00")
    services.allocate_pending(actor=world.admin)
    return a.allocation, b.allocation


def test_rule_list_and_detail(world, client_for, allocated):
    rule = AllocationRule.objects.get()
    client = client_for(world.admin)
    listing = page(client, reverse("finance:rule_list"))
    assert "2013年经费分配方案" in listing and "演示数据，非真实标准" in listing
    detail = page(client, reverse("finance:rule_detail", args=[rule.pk]))
    # the split of 100.00 as a table, what it allocated, the frozen notice
    assert 'id="example-union_part"><td>缴费单位工会留成</td><td class="num">60.00' in detail
    assert 'id="example-district_part"><td>区总工会</td><td class="num">8.00' in detail
    assert "2 条代收记录，合计 3,000.00 元" in detail
    assert 'id="rule-frozen"' in detail and 'id="rule-demo"' in detail


def test_the_district_creates_a_rule_and_a_used_one_refuses_new_shares(
    world, client_for, allocated
):
    client = client_for(world.admin)
    response = client.post(reverse("finance:rule_create"), rule_data())
    created = AllocationRule.objects.get(name="2015年经费分配方案")
    assert response.status_code == 302 and created.retained_town == Decimal(40)
    bad = client.post(reverse("finance:rule_create"), rule_data(name="错", share_union="50"))
    assert "合计应为 100%" in bad.content.decode()
    used = AllocationRule.objects.get(effective_from=DAY(2013, 1, 1))
    edit = reverse("finance:rule_edit", args=[used.pk])
    refused = client.post(
        edit,
        rule_data(
            name=used.name,
            effective_from="2013-01-01",
            effective_to="2014-12-31",
            share_union="50",
            share_district="30",
            version=str(used.version),
        ),
    )
    assert "请新建一个分配方案" in refused.content.decode()
    used.refresh_from_db()
    assert used.share_union == Decimal(60)


def test_a_chair_and_a_town_read_rules_but_cannot_edit_them(world, client_for, allocated):
    rule = AllocationRule.objects.get()
    for user in (world.chair_a, world.town_a_user):
        client = client_for(user)
        assert "2013年经费分配方案" in page(client, reverse("finance:rule_list"))
        assert 'id="rule-new"' not in page(client, reverse("finance:rule_list"))
        assert 'id="rule-edit"' not in page(client, reverse("finance:rule_detail", args=[rule.pk]))
        assert client.get(reverse("finance:rule_edit", args=[rule.pk])).status_code == 403
        assert client.post(reverse("finance:rule_create"), rule_data()).status_code == 403
        assert client.get(reverse("finance:allocation_run")).status_code == 403
    assert AllocationRule.objects.count() == 1


def test_town_a_sees_only_its_employers_allocations(world, client_for, allocated):
    mine, theirs = allocated
    client = client_for(world.town_a_user)
    listing = page(client, reverse("finance:allocation_list"))
    assert "甲电子有限公司" in listing and "乙五金有限公司" not in listing
    assert 'id="allocation-totals"><th colspan="6">合计（1 条）</th><th class="num">1,000.00' in (
        listing
    )
    assert client.get(reverse("finance:allocation_detail", args=[theirs.pk])).status_code == 404
    detail = page(client, reverse("finance:allocation_detail", args=[mine.pk]))
    assert reverse("finance:entry_detail", args=[mine.entry_id]) in detail
    assert "应返拨基层工会经费" in detail and "甲公司工会委员会" in detail
    # the chair of union A sees its own, too
    chair = client_for(world.chair_a)
    assert "甲电子有限公司" in page(chair, reverse("finance:allocation_list"))


def test_the_list_filters_and_says_a_wrong_month(world, client_for, allocated):
    client = client_for(world.admin)
    url = reverse("finance:allocation_list")
    assert "乙五金有限公司" in page(client, f"{url}?period_from=2013-03&period_to=2013-03-01")
    empty = page(client, f"{url}?period_from=2013-04")
    assert "没有符合条件的分配记录" in empty
    by_town = page(client, f"{url}?town={world.town_b.pk}")
    assert "乙五金有限公司" in by_town and "甲电子有限公司" not in by_town
    wrong = page(client, f"{url}?period_from=2013-13")
    assert "所属期应为月份" in wrong and "乙五金有限公司" in wrong
    by_union = page(client, f"{url}?union={world.union_a.pk}&fund_kind=union_fund")
    assert "甲电子有限公司" in by_union and "乙五金有限公司" not in by_union


def test_the_run_form_starts_the_job_and_goes_to_its_page(
    world, client_for, django_capture_on_commit_callbacks
):
    make_rule(DAY(2013, 1, 1))
    make_collection(world.employer_a, DAY(2013, 5, 1))
    client = client_for(world.admin)
    assert "待分配的已匹配代收记录：1 条" in page(client, reverse("finance:allocation_run"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("finance:allocation_run"), {"period_from": "2013-05"})
    job = Job.objects.get(kind=services.JOB_KIND)
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert "已分配 1 条代收记录" in page(client, response["Location"])
    assert Allocation.objects.count() == 1
    wrong = client.post(
        reverse("finance:allocation_run"), {"period_from": "2013-06", "period_to": "2013-05"}
    )
    assert "所属期止不能早于所属期起" in wrong.content.decode()
