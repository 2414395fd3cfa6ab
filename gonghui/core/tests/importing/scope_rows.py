"""Import runs of town B for the scope walk (tests/scope_walk.py)."""

from gonghui.core.importing.models import ImportRun
from gonghui.core.models import Job


def foreign_import_rows(world) -> list:
    from tests.scope_walk import MARKER, next_pk

    # failed, so that "resume" would act if scope let it through
    job = Job.objects.create(
        id=next_pk(Job),
        kind="importing.run",
        title=MARKER,
        status=Job.Status.FAILED,
        created_by=world.town_b_user,
        org_path=world.union_b.path,
    )
    run = ImportRun.objects.create(
        id=next_pk(ImportRun),
        kind="members",
        job=job,
        original_name=f"{MARKER}花名册.xlsx",
        file_format="xlsx",
        file_path="imports/x.xlsx",
        report_path="imports/x-errors.xlsx",
        target_id=world.union_b.pk,
        target_label=world.union_b.name,
        created_by=world.town_b_user,
        org_path=world.union_b.path,
        errors=[{"row": 3, "column": "姓名", "reason": MARKER, "link": ""}],
    )
    return [job, run]
