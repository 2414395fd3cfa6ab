import pytest

from gonghui.members.queries import member_list
from gonghui.members.tests.factories import make_member, new_ric

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    ric = new_ric()
    return {
        "zhang": make_member(world.union_a, name="张伟", ric=ric, phone="13812345678"),
        "li": make_member(world.union_a, name="李娜", employer=world.employer_a, status="retained"),
        "far": make_member(world.union_b, name="张远", phone="13812345678"),
    }


def _names(user, **filters):
    return sorted(m.name for m in member_list(user=user, filters=filters))


def test_search_by_name_ric_phone_union_employer_status(world, people):
    user = world.town_a_user
    zhang = people["zhang"]
    assert _names(user, name="张") == ["张伟"]
    assert _names(user, ric=zhang.ric) == ["张伟"]
    assert _names(user, ric=zhang.ric.lower()) == ["张伟"]
    assert _names(user, ric=zhang.ric[-4:]) == ["张伟"]
    assert _names(user, phone="138 1234 5678") == ["张伟"]
    assert _names(user, phone="5678") == ["张伟"]
    assert _names(user, union="甲公司") == ["张伟", "李娜"]
    assert _names(user, union_id=world.union_b.pk) == []
    assert _names(user, employer="甲电子") == ["李娜"]
    assert _names(user, status="retained") == ["李娜"]


def test_search_stays_within_scope(world, people):
    assert _names(world.district_staff, phone="13812345678") == ["张伟", "张远"]
    assert _names(world.chair_a) == ["张伟", "李娜"]
    assert _names(world.lawyer_a) == []
    assert _names(world.town_b_user, ric=people["zhang"].ric) == []
