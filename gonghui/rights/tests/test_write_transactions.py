"""The write transactions of the busiest writes hold only their inserts (issue #11, load).

On SQLite a transaction holds the one write lock of the whole database from its first
statement (`BEGIN IMMEDIATE`); every read, check and lookup done inside it is time every
other writer waits. These tests record the SQL run inside the service's own transaction
(deeper than the test's) and fail if a read that can come before it is back inside.
"""

from contextlib import contextmanager

import pytest
from django.db import connection

from gonghui.rights.models import Case, CaseNote
from gonghui.rights.services import portal, registration

from .conftest import to_in_progress

pytestmark = pytest.mark.django_db


@contextmanager
def inside_the_transaction():
    """The statements run inside the atomic block the code under test opens."""
    depth = len(connection.atomic_blocks)
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        if len(connection.atomic_blocks) > depth and not sql.startswith(("SAVEPOINT", "RELEASE")):
            seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def _kind(sql: str) -> str:
    return sql.split(None, 1)[0].upper()


def test_an_online_complaint_holds_only_the_rate_count_and_its_inserts(world):
    # given a worker naming an employer in the register (the case goes to its town)
    with inside_the_transaction() as inside:
        case = portal.case_submit_online(
            kind="complaint",
            summary="老板欠我两个月工资",
            contact_name="刘小红",
            phone="13912345670",
            employer_name=world.employer_a.name,
            ip="10.0.0.9",
            consent=True,
        )
    # then the employer, the district and the tracking code were looked up before it began
    assert case.org_path == world.town_a.path and Case.objects.filter(pk=case.pk).exists()
    reads = [sql for sql in inside if _kind(sql) == "SELECT"]
    assert all("rights_portalattempt" in sql or "pg_advisory_xact_lock" in sql for sql in reads)
    assert len([sql for sql in reads if "rights_portalattempt" in sql]) == 2  # IP and phone
    # and inside are the inserts and the number made from the new key
    assert {_kind(sql) for sql in inside} <= {"SELECT", "INSERT", "UPDATE"}
    assert [sql for sql in inside if _kind(sql) == "UPDATE"] == [
        sql for sql in inside if _kind(sql) == "UPDATE" and '"number"' in sql
    ]


def test_the_rate_limit_is_still_counted_inside_the_transaction(world, settings):
    # given the phone's limit reached
    settings.RIGHTS_PORTAL_MAX_PER_PHONE = 1
    fields = {
        "kind": "complaint",
        "summary": "拖欠工资",
        "contact_name": "刘小红",
        "phone": "13912345671",
        "consent": True,
    }
    portal.case_submit_online(ip="10.0.0.10", **fields)
    # then the next one from another address is refused on the phone, and nothing is kept
    with pytest.raises(Exception, match="该手机号提交过于频繁") as exc:
        portal.case_submit_online(ip="10.0.0.11", **fields)
    assert exc.value.field == "phone"
    assert Case.objects.filter(contact_phone_last4="5671").count() == 1


def test_a_case_note_holds_only_the_note_and_its_audit_entry(rw):
    case = to_in_progress(rw)
    with inside_the_transaction() as inside:
        note = registration.case_note_add(
            actor=rw.world.town_a_user, case=case, kind="contact", text="电话联系当事人"
        )
    # the scope check and the rules ran before it: inside, two inserts and nothing else
    assert [_kind(sql) for sql in inside] == ["INSERT", "INSERT"]
    assert "rights_casenote" in inside[0] and "core_auditentry" in inside[1]
    assert CaseNote.objects.get(pk=note.pk).author == rw.world.town_a_user
