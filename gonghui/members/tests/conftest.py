import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from gonghui.members import services
from gonghui.members.choices import JoiningState
from gonghui.members.models import JoiningApplication, Transfer
from gonghui.members.tests.factories import make_member, new_ric
from gonghui.orgs.choices import OrgKind
from gonghui.orgs.tests.factories import make_org


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The status-check limit counts in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


# ---- the rows of the list filter and export tests (test_filters.py, test_exports.py) ----


@pytest.fixture
def roster(world):
    return {
        "plain": make_member(world.union_a, name="普通甲", joined_on=datetime.date(2019, 3, 1)),
        "woman": make_member(world.union_a, name="女工乙", male=False),
        "model": make_member(world.union_a, name="劳模丙", is_model_worker=True),
        "migrant": make_member(world.union_a, name="农民工丁", is_migrant_worker=True),
        "new_form": make_member(world.union_a, name="骑手戊", is_new_form_worker=True),
        "dispatched": make_member(world.union_a, name="派遣己", is_dispatched=True),
        "other_town": make_member(world.union_b, name="外镇庚", is_model_worker=True),
    }


@pytest.fixture
def transfers(world):
    union_b2 = make_org(world.town_b, OrgKind.GRASSROOTS, "丁公司工会委员会")
    out = services.transfer_request(
        actor=world.town_b_user,
        member=make_member(world.union_a, name="转出甲"),
        to_union=world.union_b,
        reason="换工作",
    )
    into = services.transfer_request(
        actor=world.town_a_user,
        member=make_member(world.union_b, name="转入乙"),
        to_union=world.union_a,
        reason="换工作",
    )
    inside_b = services.transfer_request(
        actor=world.town_b_user,
        member=make_member(world.union_b, name="外镇丙"),
        to_union=union_b2,
        reason="换工作",
    )
    Transfer.objects.filter(pk=into.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2024, 6, 1, 10, 0))
    )
    return {"out": out, "in": into, "inside_b": inside_b}


@pytest.fixture
def applications(world):
    def submit(name, employer):
        return services.joining_submit(
            name=name,
            ric=new_ric(male=False),
            phone="13900001111",
            employer=employer.name,
            consent=True,
            ip="10.0.0.1",
        )

    made = {
        "a_new": submit("申请甲", world.employer_a),
        "a_old": submit("申请乙", world.employer_a),
        "b": submit("外镇丙", world.employer_b),
    }
    JoiningApplication.objects.filter(pk=made["a_old"].pk).update(
        created_at=timezone.make_aware(datetime.datetime(2024, 3, 1, 9, 0)),
        state=JoiningState.REJECTED,
    )
    return made
