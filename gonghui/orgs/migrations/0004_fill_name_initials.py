"""Fill `name_initials` of the organizations and employers that exist (issue #10 pickers).

In batches of 2,000 by primary key (district scale: 10,000 organizations, 50,000 employers,
about 7 seconds), only rows still empty, so it can be run again. The initials are computed
here as core.pinyin does, without importing the app (the app's code may change later).
"""

from django.db import migrations
from pypinyin import Style, lazy_pinyin

BATCH = 2000


def _initials(name):
    letters = lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="default", strict=False)
    return "".join(ch for part in letters for ch in part.lower() if ch.isascii() and ch.isalnum())[
        :60
    ]


def _fill(model):
    last = 0
    while True:
        rows = list(
            model.objects.filter(pk__gt=last, name_initials="")
            .order_by("pk")
            .only("pk", "name")[:BATCH]
        )
        if not rows:
            return
        for row in rows:
            row.name_initials = _initials(row.name)
        model.objects.bulk_update(rows, ["name_initials"], batch_size=BATCH)
        last = rows[-1].pk


def fill(apps, schema_editor):
    _fill(apps.get_model("orgs", "Organization"))
    _fill(apps.get_model("orgs", "Employer"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_name_initials")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
