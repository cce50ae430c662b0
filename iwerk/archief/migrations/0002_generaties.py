# The generation counters archiefbeheer bumps (services.stand): made here, so the first change of a
# list costs the same statements as every later one.

from django.db import migrations

NAMEN = ("archief", "sturing")


def maken(apps, schema_editor):
    Generatie = apps.get_model("core", "Generatie")
    for naam in NAMEN:
        Generatie.objects.get_or_create(naam=naam, defaults={"waarde": 1})


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("archief", "0001_initial"),
        ("core", "0010_authenticator_nederlandse_labels"),
    ]

    operations = [migrations.RunPython(maken, migrations.RunPython.noop)]
