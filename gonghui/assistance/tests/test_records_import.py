"""The beneficiary list of a service record through the kernel's import pipeline: good rows
in, bad rows in the error report, the record's head count and amount kept, nothing
half-written, scope."""

from decimal import Decimal
from unittest import mock

import pytest

from gonghui.assistance.importers import BeneficiaryImporter
from gonghui.assistance.models import ServiceBeneficiary
from gonghui.assistance.tests.factories import make_service
from gonghui.core.importing.services import import_start
from gonghui.core.models import Job
from gonghui.core.scope import NotInScope
from gonghui.core.tests.importing.helpers import upload, xlsx_bytes
from gonghui.members.tests.factories import make_member, new_ric
from tests.stored import stored_workbook

KIND = BeneficiaryImporter.kind
HEADER = ["姓名", "身份证号", "慰问金", "备注"]


def run(capture, actor, record, rows, *, header=HEADER, dry_run=False):
    with capture(execute=True):
        started = import_start(
            actor=actor,
            kind=KIND,
            upload=upload(xlsx_bytes(rows, header=header), "体检名单.xlsx"),
            target=record,
            dry_run=dry_run,
        )
    started.refresh_from_db()
    return started


@pytest.fixture
def record(world):
    return make_service(world.union_a, kind="injury_visit", title="慰问因工受伤职工")


def test_good_rows_go_in_and_the_record_counts_them(
    world, record, django_capture_on_commit_callbacks
):
    member = make_member(world.union_a, name="王工")
    rows = [["张三", new_ric(), "600", ""], ["王工", member.ric, "650.5", "住院"]]
    # when
    done = run(django_capture_on_commit_callbacks, world.town_a_user, record, rows)
    # then
    assert (done.status, done.created, done.rejected) == (Job.Status.SUCCEEDED, 2, 0)
    record.refresh_from_db()
    assert (record.named, record.head_count, record.amount) == (True, 2, Decimal("1250.50"))
    linked = ServiceBeneficiary.objects.get(name="王工")
    assert (linked.member, linked.note, linked.org_path) == (member, "住院", record.org_path)


def test_bad_rows_are_in_the_report_and_the_rest_goes_in(
    world, record, django_capture_on_commit_callbacks
):
    member = make_member(world.union_a, name="王工")
    ric = new_ric()
    rows = [
        ["张三", ric, "600", ""],
        ["李四", "440113199001011234", "600", ""],  # wrong check character
        ["赵五", new_ric(), "1.005", ""],  # three decimals
        ["钱六", member.ric, "600", ""],  # the member is 王工
        ["张三", ric, "600", ""],  # the same person again
    ]
    done = run(django_capture_on_commit_callbacks, world.town_a_user, record, rows)
    assert (done.created, done.rejected) == (1, 4)
    reasons = {e["row"]: (e["column"], e["reason"]) for e in done.errors}
    assert reasons[3][0] == "身份证号"
    assert reasons[4][0] == "金额" and "两位小数" in reasons[4][1]
    assert reasons[5] == ("姓名", reasons[5][1]) and "王工" in reasons[5][1]
    assert "同一人" in reasons[6][1]
    report = list(stored_workbook(done.report_path).active.iter_rows(values_only=True))
    assert sorted(r[-2] for r in report[1:]) == [3, 4, 5, 6]
    record.refresh_from_db()
    assert (record.head_count, record.amount) == (1, Decimal("600.00"))


def test_a_second_import_updates_and_never_counts_a_person_twice(
    world, record, django_capture_on_commit_callbacks
):
    ric = new_ric()
    run(django_capture_on_commit_callbacks, world.town_a_user, record, [["张三", ric, "600", ""]])
    again = run(
        django_capture_on_commit_callbacks,
        world.town_a_user,
        record,
        [["张三", ric, "800", ""], ["李四", new_ric(), "", ""]],
    )
    assert (again.created, again.updated) == (1, 1)
    record.refresh_from_db()
    assert (record.head_count, record.amount) == (2, Decimal("800.00"))


def test_a_dry_run_and_a_file_without_the_columns_write_nothing(
    world, record, django_capture_on_commit_callbacks
):
    rows = [["张三", new_ric(), "600", ""]]
    dry = run(django_capture_on_commit_callbacks, world.town_a_user, record, rows, dry_run=True)
    assert dry.created == 1
    broken = run(
        django_capture_on_commit_callbacks, world.town_a_user, record, [["张三"]], header=["姓名"]
    )
    assert broken.status == Job.Status.FAILED and "身份证号" in broken.message
    record.refresh_from_db()
    assert not record.beneficiaries.exists() and (record.head_count, record.named) == (0, False)


def test_a_batch_that_fails_halfway_leaves_nothing_half_written(
    world, record, django_capture_on_commit_callbacks
):
    rows = [["张三", new_ric(), "600", ""], ["李四", new_ric(), "700", ""]]
    with mock.patch(
        "gonghui.assistance.importers.service_recount", side_effect=RuntimeError("disk full")
    ):
        failed = run(django_capture_on_commit_callbacks, world.town_a_user, record, rows)
    assert failed.status == Job.Status.FAILED
    record.refresh_from_db()
    assert not record.beneficiaries.exists() and record.head_count == 0


def test_a_record_of_another_town_cannot_be_imported_into(world, record):
    with pytest.raises(NotInScope):
        import_start(
            actor=world.town_b_user,
            kind=KIND,
            upload=upload(xlsx_bytes([["张三", new_ric(), "", ""]], header=HEADER)),
            target=record,
        )


def test_the_template_as_downloaded_passes_a_dry_run(
    world, record, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.town_a_user)
    response = client.get(f"/imports/template/{KIND}/")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    with django_capture_on_commit_callbacks(execute=True):
        started = import_start(
            actor=world.town_a_user,
            kind=KIND,
            upload=upload(content, "模板.xlsx"),
            target=record,
            dry_run=True,
        )
    started.refresh_from_db()
    assert (started.status, started.created, started.rejected) == (Job.Status.SUCCEEDED, 1, 0)
