# Online (ADR 0022): the column is added with a constant default (a catalogue change on
# PostgreSQL), the indexes are built CONCURRENTLY, outside a transaction. 0004 fills the column.
from django.db import migrations, models

from iwerk.core.online import AddFieldOnline, AddIndexOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("klantinteracties", "0002_kanaal"),
    ]

    operations = [
        AddFieldOnline(
            model_name="digitaaladres",
            name="zoekwaarde",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        AddIndexOnline(
            model_name="digitaaladres",
            index=models.Index(fields=["tenant", "zoekwaarde"], name="ki_digitaal_adres_zoek"),
        ),
        AddIndexOnline(
            model_name="partij",
            index=models.Index(
                fields=["tenant", "bezoekadres_postcode", "bezoekadres_huisnummer"],
                name="ki_bezoekadres_pc",
            ),
        ),
        AddIndexOnline(
            model_name="partij",
            index=models.Index(
                fields=[
                    "tenant",
                    "correspondentieadres_postcode",
                    "correspondentieadres_huisnummer",
                ],
                name="ki_correspondentieadres_pc",
            ),
        ),
    ]
