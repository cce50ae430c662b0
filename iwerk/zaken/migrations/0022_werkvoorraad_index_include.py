# Online (ADR 0022): the werkvoorraad's per-person index gains opschorting_indicatie as an included
# column, so the teamleider's workload counts (late, suspended) read the index only (issue 29,
# docs/performance.md). Built CONCURRENTLY under a new name first, then the old one is dropped
# CONCURRENTLY: queries always have one of the two.

from django.db import migrations, models

from iwerk.core.online import AddIndexOnline, RemoveIndexOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("zaken", "0021_zaak_team"),
    ]

    operations = [
        AddIndexOnline(
            model_name="zaak",
            index=models.Index(
                condition=models.Q(("einddatum__isnull", True)),
                fields=["tenant", "behandelaar", "uiterlijke_einddatum_afdoening"],
                include=("opschorting_indicatie",),
                name="zaak_mijnvoorraad_idx",
            ),
        ),
        RemoveIndexOnline(model_name="zaak", name="zaak_werkvoorraad_idx"),
    ]
