# The keyed audit chain (ADR 0032): writer's seals on audit and inzage rows, the key id and the
# removal reasons on the links. Nullable or database-default columns: online on PostgreSQL, and
# the previous version, still running during the rollout, can go on inserting rows.

from django.db import migrations, models

from iwerk.core.online import AddFieldOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("core", "0007_gemeente_toegewezen"),
    ]

    operations = [
        AddFieldOnline(
            model_name="audittrail",
            name="zegel",
            field=models.CharField(blank=True, db_default="", editable=False, max_length=120),
        ),
        AddFieldOnline(
            model_name="inzage",
            name="zegel",
            field=models.CharField(blank=True, db_default="", editable=False, max_length=120),
        ),
        AddFieldOnline(
            model_name="ketenschakel",
            name="sleutel_id",
            field=models.CharField(blank=True, db_default="", max_length=40),
        ),
        AddFieldOnline(
            model_name="ketenschakel",
            name="gegevens",
            field=models.JSONField(blank=True, null=True),
        ),
    ]
