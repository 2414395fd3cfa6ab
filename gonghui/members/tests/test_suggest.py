"""The transfer-out picker (issue #10, members/views/suggest.py and TransferUnionField): the
receiving union may be anywhere in the district, but the district's unions are not listed:
part of a name or initials find the user's own unions; another town's union is offered only
for its full name or USCC, and by that name or code, never by an id."""

import pytest

from gonghui.core.suggest import SUGGEST_LIMIT
from gonghui.members.forms import TransferOutForm, TransferUnionField
from gonghui.orgs.tests.factories import make_org, uscc

pytestmark = pytest.mark.django_db  # the autouse cache fixture (conftest) needs the database
URL = "/suggest/transfer-unions/"


def _found(client, q: str) -> list[dict]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def far(world):
    """A union of town B with a USCC, and a union of each town with one name."""
    far = make_org(world.town_b, name="南村远方电器有限公司工会", uscc=uscc("81"))
    twins = [
        make_org(t, name="同名五金厂工会", uscc=uscc("81")) for t in (world.town_a, world.town_b)
    ]
    return far, twins


def test_part_of_a_name_or_initials_find_only_the_users_own_unions(client_for, world, far):
    far_union, (own_twin, _other_twin) = far
    client = client_for(world.town_a_user)
    assert _found(client, "远方") == []  # town B's, by part of its name
    assert _found(client, "ncyfdq") == []  # … or by its initials
    assert _found(client, far_union.uscc[:17]) == []  # … or by the start of its code
    assert [row["id"] for row in _found(client, "tmwjc")] == [own_twin.pk]
    assert [row["name"] for row in _found(client, "公司工会")] == [world.union_a.name]


def test_another_towns_union_is_offered_for_its_full_name_or_uscc_by_that_code(
    client_for, world, far
):
    far_union, _twins = far
    client = client_for(world.town_a_user)
    by_name = _found(client, "南村远方电器有限公司工会")
    by_code = _found(client, far_union.uscc.lower())
    offer = {"id": far_union.uscc, "name": far_union.name, "parent": "南村镇总工会"}
    assert by_name == by_code == [{**offer, "code": far_union.uscc}]
    # a union without a USCC is offered by its full name, which the form resolves
    (union_b,) = _found(client, "乙公司工会委员会")
    assert union_b["id"] == "乙公司工会委员会"


def test_a_name_both_towns_use_offers_the_own_union_by_id_and_the_other_by_code(
    client_for, world, far
):
    _far_union, (own_twin, other_twin) = far
    found = _found(client_for(world.town_a_user), "同名五金厂工会")
    assert [row["id"] for row in found] == [own_twin.pk, other_twin.uscc]


@pytest.mark.parametrize("persona", ["lawyer_a", "auditor"])
def test_a_role_that_does_not_transfer_gets_403(client_for, world, persona):
    user = getattr(world, persona)
    assert not user.can("members.transfer")
    assert client_for(user).get(URL, {"q": "乙公司工会委员会"}).status_code == 403


def test_at_most_20(client_for, world):
    for n in range(SUGGEST_LIMIT + 5):
        make_org(world.town_a, name=f"转入测试{n}号工会")
    assert len(_found(client_for(world.town_a_user), "转入测试")) == SUGGEST_LIMIT


def test_the_field_resolves_a_full_name_or_code_and_refuses_another_towns_id(world, far):
    far_union, (_own_twin, other_twin) = far
    field = TransferUnionField(user=world.town_a_user)
    assert field.clean("南村远方电器有限公司工会") == far_union  # typed without JavaScript
    assert field.clean(far_union.uscc) == far_union  # … or the suggestion's code
    assert field.clean(str(world.union_a.pk)) == world.union_a  # an own union, picked
    with pytest.raises(Exception) as refused:
        field.clean(str(far_union.pk))  # an id is looked up in the user's scope only
    assert refused.value.messages == [
        "所选基层工会不存在或不在您的管理范围内，请重新选择或填写全称。"
    ]
    with pytest.raises(Exception) as refused:
        field.clean("同名五金厂工会")
    assert "有2个名为「同名五金厂工会」的基层工会" in refused.value.messages[0]
    assert field.clean(other_twin.uscc) == other_twin


def test_the_form_says_what_is_wrong_where(world):
    form = TransferOutForm({"to_union": "没有这个工会", "reason": ""}, user=world.chair_a)
    assert not form.is_valid()
    assert form.errors["to_union"] == [
        "没有找到名为「没有这个工会」的基层工会，请填写全称或工会统一社会信用代码。"
    ]
