"""Foreign rows of the members app for the scope walk (tests/scope_walk.py)."""

from django.utils import timezone

from gonghui.core.identity import identity_values
from gonghui.members.choices import TransferSide
from gonghui.members.models import JoiningApplication, Member, Transfer
from gonghui.members.tests.factories import make_member, new_phone, new_ric
from gonghui.orgs.models import Organization


def foreign_member_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    marker_union = Organization.objects.get(name=f"{MARKER}工会")
    member = make_member(world.union_b, name=f"{MARKER}会员", pk=next_pk(Member))
    transfer = Transfer.objects.create(
        id=next_pk(Transfer),
        member=member,
        from_union=world.union_b,
        to_union=marker_union,
        requested_by_side=TransferSide.PARENT,
        reason=MARKER,
        org_path=marker_union.path,
    )
    application = JoiningApplication.objects.create(
        id=next_pk(JoiningApplication),
        number=f"RH{next_pk()}",
        name=f"{MARKER}申请人",
        employer=world.employer_b,
        deciding_org=world.union_b,
        org_path=world.union_b.path,
        consent_at=timezone.now(),
        **identity_values(ric=new_ric(), phone=new_phone()),
    )
    return [member, transfer, application]
