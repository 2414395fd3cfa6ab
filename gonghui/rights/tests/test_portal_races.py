"""The complaint page's rate limits hold under simultaneous posts (issue #11): on
PostgreSQL 9 or 10 of 10 simultaneous complaints from one phone went through (limit 3)."""

import threading

import pytest
from django.db import connection, connections

from gonghui.core.errors import ApplicationError
from gonghui.rights.models import Case
from gonghui.rights.services import portal

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="threads on one PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

POSTS = 10


def _post(start: threading.Barrier, outcomes: list, n: int) -> None:
    try:
        start.wait()
        portal.case_submit_online(
            kind="complaint",
            summary="公司拖欠工资",
            contact_name="李工",
            phone="13812345678",
            ip=f"10.0.0.{n}",  # ten IPs: only the phone's limit applies
            consent=True,
        )
        outcomes.append("accepted")
    except ApplicationError:
        outcomes.append("refused")
    except Exception as exc:  # a 500 on the page
        outcomes.append(repr(exc))
    finally:
        connections.close_all()


def test_simultaneous_complaints_from_one_phone_keep_its_limit(world, settings):
    settings.RIGHTS_PORTAL_MAX_PER_PHONE = 3
    settings.RIGHTS_PORTAL_MAX_PER_IP = 50
    start, outcomes = threading.Barrier(POSTS), []
    threads = [threading.Thread(target=_post, args=(start, outcomes, n)) for n in range(POSTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["accepted"] * 3 + ["refused"] * 7
    assert Case.objects.count() == 3
