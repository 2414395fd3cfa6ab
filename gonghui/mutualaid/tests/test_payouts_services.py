"""Payout lists: what goes on a list, its totals, the bank's file, the bank's return
(paid, failed, a repeated row, an unknown number, a claim of another list) and the reissue."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from gonghui.core.models import AuditEntry, Notification
from gonghui.mutualaid.choices import ClaimState, PayoutState
from gonghui.mutualaid.models import Claim, Payout
from gonghui.mutualaid.services.payouts import (
    FULL_ID,
    claim_reissue,
    payout_create,
    payout_file,
    payout_return_start,
)
from gonghui.mutualaid.tests.payouts_helpers import approved, plan_of, sheet_rows, upload, xlsx

pytestmark = pytest.mark.django_db


def test_a_list_takes_the_approved_claims_on_no_list_with_exact_totals(world):
    # given
    plan = plan_of(world)
    a1 = approved(plan, world.union_a, "500.10")
    a2 = approved(plan, world.union_a, "300.25")
    b1 = approved(plan, world.union_b, "199.66")
    reviewed = approved(plan, world.union_a, "900", state=ClaimState.REVIEWED)
    paid = approved(plan, world.union_a, "800", state=ClaimState.PAID)
    other = approved(plan_of(world, 2014), world.union_a, "700")
    # when
    made = payout_create(actor=world.admin, plan=plan)
    # then
    assert made.number == f"HF{made.issued_on.year}{made.pk:06d}"
    assert made.claim_count == 3 and made.total == Decimal("1000.01")
    assert set(made.claims.values_list("pk", flat=True)) == {a1.pk, a2.pk, b1.pk}
    for row in (reviewed, paid, other):
        row.refresh_from_db()
        assert row.payout_id is None
    assert AuditEntry.objects.filter(
        action="mutualaid.payout.created", target_id=str(made.pk)
    ).exists()
    # not twice: nothing is left, refused in Chinese, and no empty list is kept
    with pytest.raises(ApplicationError, match="不能生成空名单"):
        payout_create(actor=world.admin, plan=plan)
    assert Payout.objects.count() == 1


def test_a_town_list_takes_that_town_only(world):
    plan = plan_of(world)
    a = approved(plan, world.union_a)
    b = approved(plan, world.union_b)
    made = payout_create(actor=world.admin, plan=plan, town=world.town_a)
    assert list(made.claims.all()) == [a] and made.org_path == world.town_a.path
    again = payout_create(actor=world.admin, plan=plan, town=world.town_b)
    assert list(again.claims.all()) == [b]


def test_only_who_pays_makes_a_list(world):
    plan = plan_of(world)
    approved(plan, world.union_a)
    for user in (world.town_a_user, world.chair_a, world.auditor):
        with pytest.raises(PermissionDenied):
            payout_create(actor=user, plan=plan)
    assert not Claim.objects.exclude(payout=None).exists()


def test_the_bank_file_masks_the_account_unless_whole_is_asked_and_allowed(world, monkeypatch):
    plan = plan_of(world)
    approved(plan, world.union_a, "500.10", name="张三", account="6222020200112345678")
    approved(plan, world.union_b, "300.25", name="=HYPERLINK(1)", account="6217000011112222")
    made = payout_create(actor=world.district_staff, plan=plan)
    content, name = payout_file(actor=world.district_staff, payout=made)
    rows = sheet_rows(content)
    assert name == f"互助金发放名单-{made.number}.xlsx"
    assert rows[0] == ("序号", "申请编号", "姓名", "开户银行", "银行账号", "金额（元）")
    assert sorted(r[4] for r in rows[1:-1]) == ["****2222", "****5678"]
    assert "'=HYPERLINK(1)" in [r[2] for r in rows[1:-1]]
    assert rows[-1][0] == "合计" and rows[-1][2] == "2笔"
    assert Decimal(str(rows[-1][5])) == Decimal("800.35")
    assert AuditEntry.objects.get(action="mutualaid.payout.downloaded").data == {
        "full": False,
        "rows": 2,
    }
    content, _ = payout_file(actor=world.admin, payout=made, full=True)
    assert "6222020200112345678" in [r[4] for r in sheet_rows(content)]
    user = world.district_staff
    monkeypatch.setattr(user, "can", lambda p: p != FULL_ID and type(user).can(user, p))
    with pytest.raises(PermissionDenied):
        payout_file(actor=user, payout=made, full=True)


def test_a_list_out_of_scope_is_not_found(world):
    from gonghui.accounts.roles import Role
    from gonghui.accounts.tests.factories import UserFactory
    from gonghui.orgs.choices import OrgKind
    from gonghui.orgs.tests.factories import make_org

    stranger = UserFactory(
        role=Role.DISTRICT_ADMIN, organization=make_org(None, OrgKind.DISTRICT, "另一区总工会")
    )
    plan = plan_of(world)
    approved(plan, world.union_a)
    made = payout_create(actor=world.admin, plan=plan)
    with pytest.raises(Http404):
        payout_file(actor=stranger, payout=made)


# ---- the bank's return -----------------------------------------------------------------------


@pytest.fixture
def listed(world):
    plan = plan_of(world)
    claims = [approved(plan, world.union_a, "500", name=f"甲{i}") for i in range(3)]
    claims.append(approved(plan, world.union_b, "400", name="乙0"))
    return payout_create(actor=world.admin, plan=plan), claims


def run_return(capture, actor, payout, rows, **kw):
    with capture(execute=True):
        run = payout_return_start(actor=actor, payout=payout, upload=upload(xlsx(rows)), **kw)
    run.refresh_from_db()
    payout.refresh_from_db()
    return run


def test_paid_and_failed_rows_mark_the_claims_the_list_and_tell_the_unions(
    world, listed, django_capture_on_commit_callbacks
):
    made, (c1, c2, c3, c4) = listed
    chair_b = world.chair_a.__class__.objects.create(
        username="chair_b", role="grassroots_chair", organization=world.union_b
    )
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [
            (c1.number, "成功", "", "2013-12-20"),
            (c2.number, 1, "", None),
            (c3.number, "失败", "账号不存在", "2013-12-20"),
            (c4.number, "0", "", ""),
        ],
    )
    assert (run.updated, run.rejected) == (4, 0), run.errors
    for c in (c1, c2, c3, c4):
        c.refresh_from_db()
    assert c1.state == ClaimState.PAID and c1.paid_on == datetime.date(2013, 12, 20)
    assert c2.state == ClaimState.PAID and c2.paid_on is not None
    assert c3.state == ClaimState.PAYMENT_FAILED and c3.failure_reason == "账号不存在"
    assert c4.failure_reason == "银行未注明原因" and c4.paid_on is None
    assert (made.paid_count, made.failed_count) == (2, 2)
    assert made.state == PayoutState.RETURNED and made.returned_on is not None
    assert AuditEntry.objects.filter(action="mutualaid.claim.paid").count() == 2
    failed = AuditEntry.objects.filter(action="mutualaid.claim.payment_failed")
    assert {e.data["payout"] for e in failed} == {made.pk} and failed.count() == 2
    assert AuditEntry.objects.filter(
        action="mutualaid.payout.returned", target_id=str(made.pk)
    ).exists()
    told_a = Notification.objects.get(recipient=world.chair_a)
    assert c3.number in told_a.message and c4.number not in told_a.message
    assert c4.number in Notification.objects.get(recipient=chair_b).message


def test_repeated_unknown_and_other_list_rows_are_rejected(
    world, listed, django_capture_on_commit_callbacks
):
    made, (c1, c2, *_rest) = listed
    stranger = approved(plan_of(world, 2014), world.union_a)  # on no list, another plan
    elsewhere = approved(made.plan, world.union_a)
    other_list = payout_create(actor=world.admin, plan=made.plan)  # takes `elsewhere`
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [
            (c1.number, "成功", "", "2013-12-20"),
            (c1.number, "失败", "重复", ""),  # row 3: a repeat
            ("HZ2013999999", "成功", "", ""),  # row 4: no such claim
            (stranger.number, "成功", "", ""),  # row 5: on no list
            (elsewhere.number, "成功", "", ""),  # row 6: on another list
            (c2.number, "处理中", "", ""),  # row 7: unknown result
        ],
    )
    assert (run.updated, run.rejected) == (1, 5)
    reasons = {e["row"]: e["reason"] for e in run.errors}
    assert "第2行已回盘" in reasons[3]
    assert all("不在发放名单" in reasons[row] for row in (4, 5, 6))
    assert "不是可识别的结果" in reasons[7]
    for c in (c2, stranger, elsewhere):
        c.refresh_from_db()
        assert c.state == ClaimState.APPROVED
    assert elsewhere.payout_id == other_list.pk
    assert (made.paid_count, made.state) == (1, PayoutState.ISSUED)


def test_a_second_return_changes_nothing_twice_and_refuses_a_contradiction(
    world, listed, django_capture_on_commit_callbacks
):
    made, (c1, c2, c3, _c4) = listed
    rows = [(c1.number, "成功", "", "2013-12-20"), (c2.number, "失败", "户名不符", "")]
    run_return(django_capture_on_commit_callbacks, world.admin, made, rows)
    again = run_return(
        django_capture_on_commit_callbacks, world.admin, made, [*rows, (c3.number, "成功", "", "")]
    )
    assert (again.unchanged, again.updated, again.rejected) == (2, 1, 0)
    assert AuditEntry.objects.filter(action="mutualaid.claim.paid").count() == 2
    other = run_return(
        django_capture_on_commit_callbacks, world.admin, made, [(c1.number, "失败", "", "")]
    )
    assert other.rejected == 1 and "已回盘为「已发放」" in other.errors[0]["reason"]


def test_a_dry_run_writes_nothing_and_only_who_pays_imports(
    world, listed, django_capture_on_commit_callbacks
):
    made, (c1, *_rest) = listed
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(c1.number, "成功", "", "")],
        dry_run=True,
    )
    c1.refresh_from_db()
    assert run.updated == 1 and c1.state == ClaimState.APPROVED and made.paid_count == 0
    with pytest.raises(PermissionDenied):
        payout_return_start(actor=world.town_a_user, payout=made, upload=upload(xlsx([])))


# ---- reissue ---------------------------------------------------------------------------------


def test_a_failed_claim_reissued_goes_onto_the_next_list(
    world, listed, django_capture_on_commit_callbacks
):
    made, (c1, c2, c3, c4) = listed
    run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(c.number, "成功", "", "2013-11-30") for c in (c2, c3, c4)]
        + [(c1.number, "失败", "账号不存在", "2013-11-30")],
    )
    c1.refresh_from_db()
    # when
    done = claim_reissue(
        actor=world.admin,
        claim=c1,
        version=c1.version,
        bank_name="中国农业银行",
        account="6228 4800 0000 0000 017",
    )
    # then
    assert done.state == ClaimState.APPROVED and done.payout_id is None
    assert done.failure_reason == "" and done.account_last4 == "0017"
    assert done.bank_name == "中国农业银行"
    entry = AuditEntry.objects.get(action="mutualaid.claim.reissue", target_id=str(c1.pk))
    assert entry.data["payout"] == made.pk
    again = payout_create(actor=world.admin, plan=made.plan)
    assert list(again.claims.values_list("pk", flat=True)) == [c1.pk]
    assert again.total == c1.amount
    made.refresh_from_db()
    assert made.failed_count == 1  # the old list keeps what its return said


def test_reissue_needs_a_failed_claim_a_valid_account_and_the_permission(world):
    plan = plan_of(world)
    failed = approved(plan, world.union_a, state=ClaimState.PAYMENT_FAILED)
    with pytest.raises(ApplicationError, match="8至30位数字"):
        claim_reissue(
            actor=world.admin,
            claim=failed,
            version=failed.version,
            bank_name="农行",
            account="12ab",
        )
    with pytest.raises(ApplicationError, match="开户银行"):
        claim_reissue(
            actor=world.admin,
            claim=failed,
            version=failed.version,
            bank_name=" ",
            account="6228480000000000017",
        )
    with pytest.raises(PermissionDenied):
        claim_reissue(
            actor=world.town_a_user,
            claim=failed,
            version=failed.version,
            bank_name="农行",
            account="6228480000000000017",
        )
    fine = approved(plan, world.union_a)
    with pytest.raises(TransitionNotAllowed):
        claim_reissue(
            actor=world.admin,
            claim=fine,
            version=fine.version,
            bank_name="农行",
            account="6228480000000000017",
        )
