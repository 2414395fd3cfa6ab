"""Migration 0002 (issue #10): names unique among siblings. Old data with two organizations
of one name under one parent is named, instead of failing on the constraint's bare error."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("orgs", "0001_initial")]
AFTER = [("orgs", "0002_name_unique_in_parent_and_import_changes")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_names_the_sibling_names_to_change_first():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organization = apps.get_model("orgs", "Organization")
    town = Organization.objects.create(name="市桥街道总工会", kind="town", path="/1/")
    for n in (2, 3):
        Organization.objects.create(
            name="甲公司工会委员会", kind="grassroots", form="single", parent=town, path=f"/1/{n}/"
        )
    with pytest.raises(RuntimeError, match="「市桥街道总工会」下的「甲公司工会委员会」×2"):
        MigrationExecutor(connection).migrate(AFTER)
    # once renamed, it runs
    Organization.objects.filter(path="/1/3/").update(name="甲公司（二厂）工会委员会")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
