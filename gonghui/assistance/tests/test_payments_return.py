"""The bank's return: rows matched by grant number within the list; success, failure,
unmatched, repeated and unknown rows; the list's counts, state, audit and notices."""

import datetime

import pytest

from gonghui.assistance.choices import DisbursementState, GrantState
from gonghui.assistance.services.payments import disbursement_create, disbursement_return_start
from gonghui.assistance.tests.payments_helpers import approved, district_program, upload, xlsx
from gonghui.core.errors import PermissionDenied
from gonghui.core.models import AuditEntry, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(world):
    program = district_program(world)
    grants = [approved(program, world.union_a, "500", name=f"甲{i}") for i in range(3)]
    grants.append(approved(program, world.union_b, "400", name="乙0"))
    made = disbursement_create(actor=world.admin, program=program)
    return made, grants


def run_return(capture, actor, disbursement, rows, **kw):
    with capture(execute=True):
        run = disbursement_return_start(
            actor=actor, disbursement=disbursement, upload=upload(xlsx(rows)), **kw
        )
    run.refresh_from_db()
    disbursement.refresh_from_db()
    return run


def test_success_and_failure_mark_the_grants_and_the_list(
    world, listed, django_capture_on_commit_callbacks
):
    made, (g1, g2, g3, g4) = listed
    chair_b = world.chair_a.__class__.objects.create(
        username="chair_b", role="grassroots_chair", organization=world.union_b
    )
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [
            (g1.number, "成功", "", "2026-12-20"),
            (g2.number, 1, "", None),
            (g3.number, "失败", "账号不存在", "2026-12-20"),
            (g4.number, "0", "", ""),
        ],
    )
    assert run.rejected == 0 and run.updated == 4, run.errors
    for g in (g1, g2, g3, g4):
        g.refresh_from_db()
    assert g1.state == GrantState.PAID and g1.paid_on == datetime.date(2026, 12, 20)
    assert g2.state == GrantState.PAID and g2.paid_on is not None
    assert g3.state == GrantState.PAYMENT_FAILED and g3.failure_reason == "账号不存在"
    assert g3.once_key is None and g3.paid_on is None
    assert g4.state == GrantState.PAYMENT_FAILED and g4.failure_reason == "银行未注明原因"
    assert (made.paid_count, made.failed_count) == (2, 2)
    assert made.state == DisbursementState.RETURNED and made.returned_on is not None
    assert AuditEntry.objects.filter(action="assistance.grant.paid").count() == 2
    assert AuditEntry.objects.filter(action="assistance.grant.payment_failed").count() == 2
    assert AuditEntry.objects.filter(
        action="assistance.disbursement.returned", target_id=str(made.pk)
    ).exists()
    # each union hears of its own failures only
    told_a = Notification.objects.get(recipient=world.chair_a)
    assert g3.number in told_a.message and g4.number not in told_a.message
    told_b = Notification.objects.get(recipient=chair_b)
    assert g4.number in told_b.message and "1笔" in told_b.message


def test_unmatched_repeated_and_unknown_rows_are_the_runs_rejected_rows(
    world, listed, django_capture_on_commit_callbacks
):
    made, (g1, g2, g3, g4) = listed
    program2 = district_program(world)
    stranger = approved(program2, world.union_a)  # a grant of no this list
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [
            (g1.number, "成功", "", "2026-12-20"),
            (g1.number, "失败", "重复", ""),  # row 3: a repeat
            ("ZJ99999999", "成功", "", ""),  # row 4: no such grant
            (stranger.number, "成功", "", ""),  # row 5: a grant of another list
            (g2.number, "处理中", "", ""),  # row 6: unknown result
        ],
    )
    assert run.updated == 1 and run.rejected == 4
    reasons = {e["row"]: e["reason"] for e in run.errors}
    assert "第2行已回盘" in reasons[3]
    assert "不在发放名单" in reasons[4] and "不在发放名单" in reasons[5]
    assert "不是可识别的结果" in reasons[6]
    assert run.report_path  # the error report
    g1.refresh_from_db(), g2.refresh_from_db(), stranger.refresh_from_db()
    assert g1.state == GrantState.PAID
    assert g2.state == GrantState.APPROVED and stranger.state == GrantState.APPROVED
    # part of the list still waits: counts updated, not yet returned
    assert (made.paid_count, made.failed_count) == (1, 0)
    assert made.state == DisbursementState.ISSUED


def test_a_second_return_changes_nothing_twice_and_refuses_a_contradiction(
    world, listed, django_capture_on_commit_callbacks
):
    made, (g1, g2, g3, g4) = listed
    rows = [(g1.number, "成功", "", "2026-12-20"), (g2.number, "失败", "户名不符", "")]
    run_return(django_capture_on_commit_callbacks, world.admin, made, rows)
    again = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [*rows, (g3.number, "成功", "", "")],
    )
    assert (again.unchanged, again.updated, again.rejected) == (2, 1, 0)
    assert AuditEntry.objects.filter(action="assistance.grant.paid").count() == 2
    other = run_return(
        django_capture_on_commit_callbacks, world.admin, made, [(g1.number, "失败", "", "")]
    )
    assert other.rejected == 1 and "已回盘为「已发放」" in other.errors[0]["reason"]
    g1.refresh_from_db()
    assert g1.state == GrantState.PAID


def test_a_dry_run_writes_nothing(world, listed, django_capture_on_commit_callbacks):
    made, (g1, *_rest) = listed
    run = run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(g1.number, "成功", "", "")],
        dry_run=True,
    )
    assert run.updated == 1
    g1.refresh_from_db()
    assert g1.state == GrantState.APPROVED and made.paid_count == 0


def test_only_who_pays_imports_a_return(world, listed):
    made, _grants = listed
    with pytest.raises(PermissionDenied):
        disbursement_return_start(
            actor=world.town_a_user, disbursement=made, upload=upload(xlsx([]))
        )


def test_a_failed_payment_reissued_goes_onto_the_next_list(
    world, listed, django_capture_on_commit_callbacks
):
    from gonghui.assistance.services.grants import grant_reissue

    made, (g1, g2, g3, g4) = listed
    run_return(
        django_capture_on_commit_callbacks,
        world.admin,
        made,
        [(g.number, "成功", "", "2026-11-30") for g in (g2, g3, g4)]
        + [(g1.number, "失败", "账号不存在", "2026-11-30")],
    )
    g1.refresh_from_db()
    assert g1.state == GrantState.PAYMENT_FAILED
    grant_reissue(
        actor=world.admin,
        grant=g1,
        version=g1.version,
        bank_name="中国农业银行",
        account="6228480000000000017",
    )
    again = disbursement_create(actor=world.admin, program=made.program)
    assert list(again.grants.values_list("pk", flat=True)) == [g1.pk]
    assert again.total == g1.amount
