import pytest
from django.core.management import call_command
from django.db import connection

from gonghui.orgs.models import Employer, Organization


def _fingerprint():
    return (
        list(Organization.objects.order_by("pk").values_list("pk", "name", "path")),
        list(Employer.objects.order_by("pk").values_list("pk", "name", "uscc", "org_path")),
    )


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_the_same_data(world, tmp_path):
    # given a backup of the database
    before = _fingerprint()
    target = tmp_path / "gonghui.backup"
    call_command("backup", str(target))
    assert target.stat().st_size > 0
    # when rows change after the backup and it is restored
    Employer.objects.filter(pk=world.employer_a.pk).update(name="改过的名称")
    Organization.objects.filter(pk=world.union_b.pk).update(name="改过的工会")
    call_command("restore", str(target), "--yes")
    connection.close()
    # then the data is as it was at backup time
    assert _fingerprint() == before


def test_restore_refuses_without_confirmation(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x"))
