"""A new import kind is one registration: no core change, no migration (issue #9, item 2).

The test registers a kind the kernel has never heard of (headcounts by USCC) and runs it
through the upload service, the job, the pipeline, the page and the API.
"""

from typing import Any

import pytest

from gonghui.core.errors import ApplicationError
from gonghui.core.importing.kinds import (
    ImportKindSpec,
    ImportTarget,
    import_kind,
    register_import_kind,
)
from gonghui.core.importing.normalize import clean_text, parse_int
from gonghui.core.importing.spec import BatchOutcome, Column, Importer
from gonghui.core.registry import registry
from gonghui.orgs.models import Employer

from .helpers import run_import, xlsx_bytes


class HeadcountImporter(Importer):
    kind = "test.headcounts"
    columns = [
        Column("uscc", "统一社会信用代码", required=True, clean=clean_text),
        Column("headcount", "职工人数", required=True, clean=parse_int),
    ]

    def check(self, values: dict[str, Any]) -> dict[str, Any]:
        return values

    def key(self, record: dict[str, Any]) -> str:
        return record["uscc"]

    def upsert(self, records: list[dict[str, Any]], *, write: bool) -> BatchOutcome:
        outcome = BatchOutcome()
        visible = Employer.objects.visible_to(self.actor, "employers.edit")
        known = dict(
            visible.filter(uscc__in=[r["uscc"] for r in records]).values_list("uscc", "pk")
        )
        for record in records:
            if record["uscc"] not in known:
                outcome.rejected.append((record, "统一社会信用代码", "单位不存在。", ""))
                continue
            outcome.updated += 1
            if write:
                Employer.objects.filter(pk=known[record["uscc"]]).update(
                    headcount=record["headcount"]
                )
        return outcome


@pytest.fixture
def headcounts():
    register_import_kind(
        ImportKindSpec(
            kind=HeadcountImporter.kind,
            label="职工人数",
            permission="employers.edit",
            importer=HeadcountImporter,
            help="需有“统一社会信用代码”“职工人数”两列。",
        )
    )
    yield
    registry["importers"].pop(HeadcountImporter.kind)


def test_a_registered_kind_runs_through_the_whole_pipeline(
    world, headcounts, django_capture_on_commit_callbacks
):
    rows = [[world.employer_a.uscc, "321"], [world.employer_b.uscc, "5"], ["坏代码", "7"]]
    run = run_import(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        xlsx_bytes(rows, header=["统一社会信用代码", "职工人数"]),
        kind=HeadcountImporter.kind,
        name="人数.xlsx",
    )
    assert run.status == "succeeded"
    assert (run.updated, run.rejected) == (1, 2)
    world.employer_a.refresh_from_db()
    world.employer_b.refresh_from_db()
    assert (world.employer_a.headcount, world.employer_b.headcount) == (321, 120)
    assert run.get_kind_display() == "职工人数"


def test_the_page_and_the_api_offer_it_only_to_roles_with_its_permission(world, headcounts, client):
    client.force_login(world.town_a_user)
    assert "职工人数" in client.get("/imports/new/").content.decode()
    client.force_login(world.chair_a)  # no employers.edit
    assert "职工人数" not in client.get("/imports/new/").content.decode()


def test_an_unknown_kind_is_a_clear_error():
    with pytest.raises(ApplicationError, match="导入类型不正确"):
        import_kind("nothing.here")


def _town_target(*, optional: bool) -> ImportTarget:
    from gonghui.core.scope import access
    from gonghui.orgs.models import Organization

    return ImportTarget(
        field="town",
        label="镇街",
        choices=lambda user: Organization.objects.visible_to(user),
        resolve=lambda user, pk: access(Organization, user, pk),
        load=lambda pk: Organization.objects.get(pk=pk),
        path=lambda town: town.path,
        optional=optional,
    )


@pytest.mark.parametrize("optional", [False, True])
def test_a_target_left_empty_is_refused_unless_it_is_optional(world, optional):
    """An optional target left empty places the run at the uploader's organization; the
    importer then places each row itself."""
    from gonghui.core.importing.services import import_start

    from .helpers import upload

    kind = "test.by_town"
    spec = ImportKindSpec(
        kind=kind,
        label="按镇街",
        permission="employers.edit",
        importer=HeadcountImporter,
        target=_town_target(optional=optional),
        help="测试",
    )
    register_import_kind(spec)
    try:
        content = upload(xlsx_bytes([["x", "1"]], header=["统一社会信用代码", "职工人数"]))
        if not optional:
            with pytest.raises(ApplicationError, match="请选择镇街") as refused:
                import_start(actor=world.town_a_user, kind=kind, upload=content)
            assert refused.value.field == "town"
            return
        run = import_start(actor=world.town_a_user, kind=kind, upload=content)
        assert (run.target_id, run.org_path) == (None, world.town_a.path)
        chosen = import_start(
            actor=world.town_a_user, kind=kind, upload=content, target=world.union_a.pk
        )
        assert (chosen.target_id, chosen.org_path) == (world.union_a.pk, world.union_a.path)
    finally:
        registry["importers"].pop(kind)
