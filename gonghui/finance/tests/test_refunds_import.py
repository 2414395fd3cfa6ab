"""The unions' bank accounts through the import pipeline (kind finance.bank_accounts): each
row's union within the uploader's scope, created or corrected through the services, a
repeated file unchanged, a bad account or a foreign union reported by row."""

import pytest

from gonghui.core.importing.services import import_start
from gonghui.core.models import AuditEntry
from gonghui.finance.models import UnionBankAccount
from gonghui.finance.tests.factories import make_bank_account
from gonghui.finance.tests.refunds_helpers import upload, xlsx

pytestmark = pytest.mark.django_db
HEADER = ("工会", "户名", "开户银行", "银行账号")


def run(capture, actor, rows):
    with capture(execute=True):
        made = import_start(
            actor=actor, kind="finance.bank_accounts", upload=upload(xlsx(rows, header=HEADER))
        )
    made.refresh_from_db()
    return made


def test_accounts_imported_created_corrected_and_checked(world, django_capture_on_commit_callbacks):
    world.union_b.uscc = "91440113MA59X2KX1C"
    world.union_b.save(update_fields=["uscc"])
    make_bank_account(world.union_b, account="6217000011112222", account_name="乙")
    rows = [
        (world.union_a.name, "甲公司工会委员会", "工商银行", "6222 0202 0011 2345 678"),
        (world.union_b.uscc, "乙公司工会委员会", "农业银行", "6228480000000000017"),
        ("不存在的工会", "某", "某行", "6228480000000000017"),
        (world.union_a.name + "x", "甲", "工商银行", "12ab"),
    ]
    done = run(django_capture_on_commit_callbacks, world.admin, rows)
    assert (done.created, done.updated, done.rejected) == (1, 1, 2), done.errors
    reasons = {e["row"]: e["reason"] for e in done.errors}
    assert "没有名为「不存在的工会」" in reasons[4] and "8至30位数字" in reasons[5]
    a = UnionBankAccount.objects.get(org=world.union_a)
    b = UnionBankAccount.objects.get(org=world.union_b)
    assert a.account == "6222020200112345678" and a.bank_name == "工商银行"
    assert (b.account_last4, b.account_name, b.version) == ("0017", "乙公司工会委员会", 2)
    assert AuditEntry.objects.filter(action="finance.bank_account.created").count() == 1
    again = run(django_capture_on_commit_callbacks, world.admin, rows[:2])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    # a chair imports its own union's only: another union is not in its scope
    told = run(django_capture_on_commit_callbacks, world.chair_a, [rows[1]])
    assert told.rejected == 1 and told.updated == 0
