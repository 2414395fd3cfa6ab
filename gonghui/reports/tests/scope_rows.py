"""Foreign rows of the reports app for the scope walk (tests/scope_walk.py): targets of
town B (set by the district) and of a union under it."""

from decimal import Decimal

from django.utils import timezone

from gonghui.orgs.models import Organization
from gonghui.reports.models import Target


def foreign_target_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    marker_union = Organization.objects.get(name=f"{MARKER}工会")
    year = timezone.localdate().year
    return [
        Target.objects.create(
            id=next_pk(Target),
            code=code,
            year=year,
            organization=org,
            org_path=org.path,
            value=Decimal(7),
            note=MARKER,
            set_by=world.district_staff,
            set_by_name=MARKER,
            set_at=timezone.now(),
        )
        for code, org in (("orgs.unions.new", world.town_b), ("members.members.new", marker_union))
    ]
