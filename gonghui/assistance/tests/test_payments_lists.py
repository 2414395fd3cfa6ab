"""Disbursement lists: what goes on a list, its totals, the bank's file and its masking."""

from decimal import Decimal

import pytest
from django.http import Http404

from gonghui.assistance.choices import GrantState
from gonghui.assistance.models import Disbursement, Grant
from gonghui.assistance.services.payments import (
    FULL_ID,
    disbursement_create,
    disbursement_file,
)
from gonghui.assistance.tests.factories import make_grant
from gonghui.assistance.tests.payments_helpers import approved, district_program, sheet_rows
from gonghui.core.errors import ApplicationError, PermissionDenied
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_list_takes_the_approved_grants_on_no_list_with_exact_totals(world):
    program = district_program(world)
    a1 = approved(program, world.union_a, "500.10")
    a2 = approved(program, world.union_a, "300.25")
    b1 = approved(program, world.union_b, "199.65")
    make_grant(program, world.union_a, "900", state=GrantState.REVIEWED)  # not approved
    make_grant(program, world.union_a, "800", state=GrantState.PAID)  # paid already
    other = district_program(world)
    approved(other, world.union_a, "700")  # another program
    made = disbursement_create(actor=world.admin, program=program)
    assert made.number == f"FF{made.issued_on.year}{made.pk:06d}"
    assert len(made.number) == 12
    assert made.grant_count == 3 and made.total == Decimal("1000.00")
    assert set(made.grants.values_list("pk", flat=True)) == {a1.pk, a2.pk, b1.pk}
    assert AuditEntry.objects.filter(
        action="assistance.disbursement.created", target_id=str(made.pk)
    ).exists()
    # a second list finds nothing left: refused in Chinese, and no list is kept
    with pytest.raises(ApplicationError, match="不能生成空名单"):
        disbursement_create(actor=world.admin, program=program)
    assert Disbursement.objects.count() == 1


def test_a_town_list_takes_that_town_only(world):
    program = district_program(world)
    a = approved(program, world.union_a)
    b = approved(program, world.union_b)
    made = disbursement_create(actor=world.admin, program=program, town=world.town_a)
    assert list(made.grants.all()) == [a] and made.town == world.town_a
    assert made.org_path == world.town_a.path
    b.refresh_from_db()
    assert b.disbursement_id is None
    again = disbursement_create(actor=world.admin, program=program, town=world.town_b)
    assert list(again.grants.all()) == [b]


def test_only_who_pays_makes_a_list(world):
    program = district_program(world)
    approved(program, world.union_a)
    for user in (world.town_a_user, world.chair_a, world.auditor):
        with pytest.raises(PermissionDenied):
            disbursement_create(actor=user, program=program)
    assert not Grant.objects.exclude(disbursement=None).exists()


def test_the_bank_file_masks_the_account_and_totals_the_list(world):
    program = district_program(world)
    approved(program, world.union_a, "500.10", name="张三", account="6222020200112345678")
    approved(program, world.union_b, "300.25", name="=HYPERLINK(1)", account="6217000011112222")
    made = disbursement_create(actor=world.district_staff, program=program)
    content, name = disbursement_file(actor=world.district_staff, disbursement=made)
    rows = sheet_rows(content)
    assert name == f"发放名单-{made.number}.xlsx"
    assert rows[0] == ("序号", "申请编号", "姓名", "开户银行", "银行账号", "金额（元）")
    body = rows[1:-1]
    assert sorted(r[4] for r in body) == ["****2222", "****5678"]
    assert all("6222020200112345678" not in str(r) for r in rows)
    assert "'=HYPERLINK(1)" in [r[2] for r in body]  # formula-safe
    assert rows[-1][0] == "合计" and rows[-1][2] == "2笔"
    assert Decimal(str(rows[-1][5])) == Decimal("800.35")
    entry = AuditEntry.objects.get(action="assistance.disbursement.downloaded")
    assert entry.data == {"full": False, "rows": 2}


def test_the_whole_account_only_for_who_may_and_asks(world, monkeypatch):
    program = district_program(world)
    approved(program, world.union_a, account="6222020200112345678")
    made = disbursement_create(actor=world.admin, program=program)
    content, _ = disbursement_file(actor=world.admin, disbursement=made, full=True)
    assert sheet_rows(content)[1][4] == "6222020200112345678"
    assert AuditEntry.objects.filter(
        action="assistance.disbursement.downloaded", data__full=True
    ).exists()
    # who pays without the full view gets the masked file only
    user = world.district_staff
    monkeypatch.setattr(user, "can", lambda p: p != FULL_ID and type(user).can(user, p))
    with pytest.raises(PermissionDenied):
        disbursement_file(actor=user, disbursement=made, full=True)
    content, _ = disbursement_file(actor=user, disbursement=made)
    assert sheet_rows(content)[1][4] == "****5678"


def test_a_list_out_of_scope_is_not_found(world):
    from gonghui.accounts.roles import Role
    from gonghui.accounts.tests.factories import UserFactory
    from gonghui.orgs.choices import OrgKind
    from gonghui.orgs.tests.factories import make_org

    other_district = make_org(None, OrgKind.DISTRICT, "另一区总工会")
    stranger = UserFactory(role=Role.DISTRICT_ADMIN, organization=other_district)
    program = district_program(world)
    approved(program, world.union_a)
    made = disbursement_create(actor=world.admin, program=program)
    with pytest.raises(Http404):
        disbursement_file(actor=stranger, disbursement=made)
    with pytest.raises(Http404):
        disbursement_create(actor=stranger, program=program)
