"""Team, Roltoewijzing and Formulierverzending moved to the medewerkers app (medewerkers 0001):
removed from the werkplek's state only. Their tables and rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("medewerkers", "0001_initial"),
        ("werkplek", "0002_alter_roltoewijzing_rol"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Roltoewijzing"),
                migrations.DeleteModel(name="Team"),
                migrations.DeleteModel(name="Formulierverzending"),
            ],
        ),
    ]
