"""The notification kanaal of the Klantinteracties register (ADR 0052)."""

from django.db import migrations


def create(apps, schema_editor):
    Kanaal = apps.get_model("notificaties", "Kanaal")
    Kanaal.objects.update_or_create(
        naam="klantinteracties",
        defaults={
            "documentatie_link": "https://github.com/maykinmedia/open-klant",
            "filters": [],
        },
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("klantinteracties", "0001_initial"),
        ("notificaties", "0005_nederlandse_labels"),
    ]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
