"""RIC and phone at rest (domain-rules §12): a dump shows neither; keys rotate by command."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from gonghui.core.crypto import key_id_of
from gonghui.core.identity import ric_hash
from gonghui.members.models import Member
from gonghui.members.queries import member_list
from gonghui.members.tests.factories import make_member, new_ric

pytestmark = pytest.mark.django_db
NEW_KEY = "test2:bmV3LXRlc3Qta2V5LWZvci1yb3RhdGlvbi0zMmJ5dGU"


def _raw_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM members_member")
        return cursor.fetchall()


def test_raw_sql_shows_no_clear_ric_or_phone(world):
    ric = new_ric()
    make_member(world.union_a, ric=ric, phone="13912345678")
    dump = repr(_raw_rows())
    assert ric not in dump and "13912345678" not in dump
    assert ric[:14] not in dump and "1391234" not in dump
    assert ric[-4:] in dump  # only the last 4 are kept in clear, for search


def test_rotate_field_keys_reencrypts_under_first_key(world, settings):
    member = make_member(world.union_a, phone="13912345678")
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_field_keys", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT ric, phone FROM members_member WHERE id = %s", [member.pk])
        stored_ric, stored_phone = cursor.fetchone()
    assert key_id_of(stored_ric) == key_id_of(stored_phone) == "test2"
    again = Member.objects.get(pk=member.pk)
    assert (again.ric, again.phone) == (member.ric, "13912345678")
    # and the old key can then be removed
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    assert Member.objects.get(pk=member.pk).ric == member.ric


def test_rotate_with_rehash_recomputes_lookup_hashes(world, settings):
    member = make_member(world.union_a, phone="13912345678")
    settings.BLIND_INDEX_KEY = "a-new-blind-index-key"
    assert not member_list(user=world.admin, filters={"ric": member.ric}).exists()
    call_command("rotate_field_keys", "--rehash", stdout=io.StringIO())
    again = Member.objects.get(pk=member.pk)
    assert again.ric_hash == ric_hash(member.ric)
    assert member_list(user=world.admin, filters={"ric": member.ric}).count() == 1
    assert member_list(user=world.admin, filters={"phone": "13912345678"}).count() == 1
