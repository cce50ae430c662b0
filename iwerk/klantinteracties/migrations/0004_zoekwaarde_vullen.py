"""Fill DigitaalAdres.zoekwaarde of the rows written before 0003 (normaliseren.zoekwaarde).

In id ranges of BATCH rows, each its own short transaction (ADR 0022): the normalising is
Python's (a phone number's national form), so not one UPDATE over the table. Only rows whose
value differs are written; a second run finds none. No reverse: the column goes with 0003.
"""

from django.db import migrations, transaction

from iwerk.klantinteracties.normaliseren import zoekwaarde

BATCH = 2_000


def vullen(apps, schema_editor):
    DigitaalAdres = apps.get_model("klantinteracties", "DigitaalAdres")
    alias = schema_editor.connection.alias
    rijen = DigitaalAdres.objects.using(alias)
    vanaf = 0
    while True:
        deel = list(
            rijen.filter(pk__gt=vanaf)
            .order_by("pk")
            .values_list("pk", "soort_digitaal_adres", "adres", "zoekwaarde")[:BATCH]
        )
        if not deel:
            return
        gewijzigd = [
            DigitaalAdres(pk=pk, zoekwaarde=nieuw)
            for pk, soort, adres, oud in deel
            if (nieuw := zoekwaarde(soort, adres)) != oud
        ]
        if gewijzigd:
            with transaction.atomic(using=alias):
                rijen.bulk_update(gewijzigd, ["zoekwaarde"], batch_size=500)
        vanaf = deel[-1][0]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("klantinteracties", "0003_kcc_zoeken"),
    ]

    operations = [migrations.RunPython(vullen, migrations.RunPython.noop)]
