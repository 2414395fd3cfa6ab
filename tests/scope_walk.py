"""Rows of another town for the scope walk. Each app adds a maker for its scoped models here.

Foreign rows get explicit primary keys from FOREIGN_PK upward, so that no id of a row the
walking user may see collides with one of them. Each model counts on its own (`next_pk(Model)`):
the rows of every table share the same few ids, and the walk tries each URL with those few
instead of with every foreign row's id (most of which belong to other tables and only 404).
"""

import datetime
import itertools
from collections.abc import Callable

from gonghui.core.models import Job
from gonghui.orgs.choices import OrgKind, UnionForm
from gonghui.orgs.models import (
    CertificateDocument,
    CertificateRequest,
    Election,
    Employer,
    FormationContact,
    Founding,
    LegalPersonCertificate,
    Organization,
    Term,
)
from gonghui.orgs.tests.factories import uscc

FOREIGN_PK = 70_000
MARKER = "外镇标记"
_ids: dict = {}


def next_pk(model: type | None = None) -> int:
    # A number that is not a primary key (a file name, a code) is drawn above the tables' ids.
    start = FOREIGN_PK * 2 if model is None else FOREIGN_PK
    return next(_ids.setdefault(model, itertools.count(start)))


def foreign_rows(world) -> list:
    """Every maker's rows, numbered afresh (each test's database starts empty)."""
    _ids.clear()
    return [row for maker in FOREIGN_ROW_MAKERS for row in maker(world)]


def _orgs(world) -> list:
    federation = Organization.objects.create(
        id=next_pk(Organization),
        parent=world.town_b,
        kind=OrgKind.INDUSTRY_FEDERATION,
        name=f"{MARKER}联合会",
        path="tmp-f/",
        depth=2,
        town=world.town_b,
    )
    federation.path = f"{world.town_b.path}{federation.pk}/"
    federation.save(update_fields=["path"])
    union = Organization.objects.create(
        id=next_pk(Organization),
        parent=federation,
        kind=OrgKind.GRASSROOTS,
        form=UnionForm.SINGLE,
        name=f"{MARKER}工会",
        path="tmp-u/",
        depth=3,
        town=world.town_b,
    )
    union.path = f"{federation.path}{union.pk}/"
    union.save(update_fields=["path"])
    employer = Employer.objects.create(
        id=next_pk(Employer),
        name=f"{MARKER}公司",
        uscc=uscc(),
        ownership="private",
        industry="C",
        headcount=50,
        town=world.town_b,
        union=union,
        org_path=union.path,
    )
    term = Term.objects.create(
        id=next_pk(Term),
        organization=union,
        org_path=union.path,
        number=1,
        term_years=5,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    election = Election.objects.create(
        id=next_pk(Election),
        organization=union,
        org_path=union.path,
        planned_on=datetime.date(2026, 12, 1),
    )
    job = Job.objects.create(
        id=next_pk(Job),
        kind="core.list_export",
        title=MARKER,
        created_by=world.town_b_user,
        org_path=world.town_b.path,
        result_file="exports/x.xlsx",
    )
    return [federation, union, employer, term, election, job, *_formation(world, union, employer)]


def _formation(world, union, employer) -> list:
    """ORG-3 and ORG-4: a target with a contact, the union's founding, its certificate and a
    request with a document, all of town B."""
    target = Employer.objects.create(
        id=next_pk(Employer),
        name=f"{MARKER}未建会公司",
        uscc=uscc(),
        ownership="private",
        industry="C",
        headcount=80,
        town=world.town_b,
        org_path=world.town_b.path,
    )
    contact = FormationContact.objects.create(
        id=next_pk(FormationContact),
        employer=target,
        org_path=target.org_path,
        contacted_on=datetime.date(2026, 3, 1),
        method="visit",
        outcome="considering",
        note=MARKER,
    )
    founding = Founding.objects.create(
        id=next_pk(Founding),
        union=union,
        employer=employer,
        org_path=union.path,
        founded_on=datetime.date(2022, 1, 1),
        first_chair=MARKER,
        founding_members=30,
    )
    certificate = LegalPersonCertificate.objects.create(
        id=next_pk(LegalPersonCertificate),
        organization=union,
        org_path=union.path,
        number=f"{MARKER}证",
        uscc="81" + uscc()[2:],
        representative=MARKER,
        address=MARKER,
        issued_on=datetime.date(2022, 1, 1),
        valid_until=datetime.date(2027, 1, 1),
    )
    request = CertificateRequest.objects.create(
        id=next_pk(CertificateRequest),
        organization=union,
        org_path=union.path,
        kind="change",
        certificate=certificate,
        submitted_on=datetime.date(2026, 11, 1),
        representative=MARKER,
    )
    document = CertificateDocument.objects.create(
        id=next_pk(CertificateDocument),
        request=request,
        kind="application",
        stored_name=f"scope-walk-{next_pk()}",
        original_name=f"{MARKER}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    return [target, contact, founding, certificate, request, document]


# Apps append makers: fn(world) -> list of created foreign rows.
FOREIGN_ROW_MAKERS: list[Callable] = [_orgs]

from gonghui.members.tests.scope_rows import foreign_member_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_member_rows)

from gonghui.rights.tests.scope_rows import foreign_rights_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_rights_rows)

from gonghui.core.tests.importing.scope_rows import foreign_import_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_import_rows)

from gonghui.reports.tests.scope_rows import foreign_target_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_target_rows)

from gonghui.assistance.tests.scope_rows import foreign_assistance_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_assistance_rows)

from gonghui.mutualaid.tests.scope_rows import foreign_mutualaid_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_mutualaid_rows)

from gonghui.finance.tests.scope_rows import foreign_finance_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_finance_rows)

from gonghui.merit.tests.scope_rows import foreign_merit_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_merit_rows)

from gonghui.activities.tests.scope_rows import foreign_activities_rows  # noqa: E402

FOREIGN_ROW_MAKERS.append(foreign_activities_rows)

from gonghui.democracy.tests.scope_rows_congress import foreign_congress_rows  # noqa: E402
from gonghui.democracy.tests.scope_rows_contracts import foreign_contracts_rows  # noqa: E402
from gonghui.democracy.tests.scope_rows_ratings import foreign_ratings_rows  # noqa: E402

FOREIGN_ROW_MAKERS += [foreign_contracts_rows, foreign_congress_rows, foreign_ratings_rows]
