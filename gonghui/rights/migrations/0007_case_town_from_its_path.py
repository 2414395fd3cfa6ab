"""Cases a town registered without choosing 镇街 were saved without a town (issue #10),
though their path is the town's, so the figures counted them as 未指定. Their town is the
town whose subtree holds them. Cases at the district's own path stay without one."""

from django.db import migrations


def fill_town(apps, schema_editor):
    organization = apps.get_model("orgs", "Organization")
    case = apps.get_model("rights", "Case")
    for town in organization.objects.filter(kind="town").only("pk", "path"):
        # one UPDATE per town (16 in Panyu); rerunning finds nothing left to fill
        case.objects.filter(town__isnull=True, org_path__startswith=town.path).update(town=town)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("rights", "0006_case_consent_at"),
    ]

    # Backwards leaves the towns: a filled town is right for the older code as well.
    operations = [migrations.RunPython(fill_town, migrations.RunPython.noop)]
