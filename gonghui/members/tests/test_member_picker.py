"""The member picker (members:suggest_members, members.forms.MemberField): members of the
user's scope only, by part of the name or the RIC's last 4; typed without the picker, a
whole RIC or a name one member has."""

import pytest
from django import forms

from gonghui.members.forms import MemberField
from gonghui.members.tests.factories import make_member, new_ric

pytestmark = pytest.mark.django_db


def test_the_picker_finds_members_in_scope_by_name_or_last_four(world, client_for):
    mine = make_member(world.union_a, name="赵六", ric=new_ric())
    make_member(world.union_b, name="赵八")
    town = client_for(world.town_a_user)
    found = town.get("/suggest/members/?q=赵").json()
    assert [r["name"] for r in found["results"]] == ["赵六"]
    by_last4 = town.get(f"/suggest/members/?q={mine.ric_last4}").json()
    assert [r["id"] for r in by_last4["results"]] == [mine.pk]


def test_the_picker_is_for_who_sees_members(world, client_for):
    assert client_for(world.lawyer_a).get("/suggest/members/?q=赵").status_code == 403


def test_the_field_takes_an_id_in_scope_a_whole_ric_or_a_unique_name(world):
    ric = new_ric()
    mine = make_member(world.union_a, name="钱七", ric=ric)
    theirs = make_member(world.union_b, name="孙九")
    field = MemberField(user=world.town_a_user)
    assert field.clean(str(mine.pk)) == mine
    assert field.clean(ric) == mine
    assert field.clean("钱七") == mine
    for text in (str(theirs.pk), "孙九"):
        with pytest.raises(forms.ValidationError):
            field.clean(text)
