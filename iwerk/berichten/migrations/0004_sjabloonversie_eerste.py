"""Give every berichtsjabloon written before 0003 its version 1: its current onderwerp, tekst and
actief (ADR 0061), so beheer's history starts at what was in force.

In id ranges of BATCH sjablonen, each its own short transaction (ADR 0022). Only sjablonen without
a version get one, so a second run writes nothing. There is no author (the text was written before
versions were kept): `aangemaakt_door` stays blank. No reverse: the table goes with 0003.
"""

from django.db import migrations, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

BATCH = 1_000


def eerste_versies(apps, schema_editor):
    Sjabloon = apps.get_model("berichten", "Sjabloon")
    SjabloonVersie = apps.get_model("berichten", "SjabloonVersie")
    alias = schema_editor.connection.alias
    nu = timezone.now()
    versies = SjabloonVersie.objects.using(alias).filter(sjabloon=OuterRef("pk"))
    vanaf = 0
    while True:
        deel = list(
            Sjabloon.objects.using(alias)
            .filter(pk__gt=vanaf)
            .annotate(heeft_versie=Exists(versies))
            .order_by("pk")
            .values_list("pk", "heeft_versie", "actief", "onderwerp", "tekst")[:BATCH]
        )
        if not deel:
            return
        nieuw = [
            SjabloonVersie(
                sjabloon_id=pk,
                versie=1,
                actief=actief,
                onderwerp=onderwerp,
                tekst=tekst,
                aangemaakt_op=nu,
                aangemaakt_door="",
            )
            for pk, heeft_versie, actief, onderwerp, tekst in deel
            if not heeft_versie
        ]
        if nieuw:
            with transaction.atomic(using=alias):
                SjabloonVersie.objects.using(alias).bulk_create(nieuw)
        vanaf = deel[-1][0]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("berichten", "0003_sjabloonversie"),
    ]

    operations = [migrations.RunPython(eerste_versies, migrations.RunPython.noop)]
