"""Two district staff making a list of the same program at the same moment on PostgreSQL:
every grant goes onto exactly one list (the other is refused as empty or takes the rest)."""

import threading

import pytest
from django.db import connection, connections

from gonghui.assistance.models import Disbursement, Grant
from gonghui.assistance.services.payments import disbursement_create
from gonghui.assistance.tests.payments_helpers import approved, district_program
from gonghui.core.errors import ApplicationError

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="threads on one PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

MAKERS = 4


def test_simultaneous_lists_never_share_a_grant(world):
    program = district_program(world)
    grants = [approved(program, world.union_a, "100") for _ in range(50)]
    start, outcomes = threading.Barrier(MAKERS), []

    def make(user) -> None:
        try:
            start.wait()
            outcomes.append(disbursement_create(actor=user, program=program).grant_count)
        except ApplicationError:
            outcomes.append("empty")
        except Exception as exc:  # a 500 on the page
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    users = [world.admin, world.district_staff] * (MAKERS // 2)
    threads = [threading.Thread(target=make, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = [o for o in outcomes if isinstance(o, int)]
    assert all(isinstance(o, int) or o == "empty" for o in outcomes), outcomes
    assert sum(counts) == len(grants)
    lists = Disbursement.objects.filter(program=program)
    assert lists.count() == len(counts)
    assert sum(d.grant_count for d in lists) == len(grants)
    assert not Grant.objects.filter(pk__in=[g.pk for g in grants], disbursement=None).exists()
