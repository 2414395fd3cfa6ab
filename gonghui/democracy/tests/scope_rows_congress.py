"""Scope-walk rows (congress) for tests/scope_walk.py: one of each scoped model, marked. They
belong to the walk's marked employer of town B (its name shows on every list), made before."""

import datetime


def foreign_congress_rows(world) -> list:
    from gonghui.democracy.models import CongressSession, OpenAffairsRecord
    from gonghui.democracy.tests.factories_congress import make_record, make_session
    from gonghui.orgs.models import Employer
    from tests.scope_walk import MARKER, next_pk

    employer = Employer.objects.filter(name=f"{MARKER}公司").first() or world.employer_b
    session = make_session(
        employer,
        datetime.date(2013, 4, 20),
        id=next_pk(CongressSession),
        agenda=f"{MARKER}审议事项",
        resolutions=f"{MARKER}决议",
    )
    record = make_record(employer, 2013, id=next_pk(OpenAffairsRecord), note=f"{MARKER}备注")
    return [session, record]
