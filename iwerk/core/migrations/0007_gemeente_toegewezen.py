# Tenants created on the fly for catalogi of API clients (ADR 0025).

from django.db import migrations, models

from iwerk.core.online import AddFieldOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("core", "0006_schrijfpositie"),
    ]

    operations = [
        AddFieldOnline(
            model_name="gemeente",
            name="aangemaakt_door_applicatie",
            field=models.UUIDField(
                blank=True,
                db_index=True,
                help_text="De applicatie (uuid) die deze tenant via de Catalogi API liet ontstaan; die applicatie werkt ervoor.",
                null=True,
            ),
        ),
        AddFieldOnline(
            model_name="gemeente",
            name="toegewezen",
            field=models.BooleanField(
                default=True,
                help_text="Uit: een tenant die iwerk aanmaakte voor een catalogus van een API-client, nog door beheer toe te wijzen.",
            ),
        ),
    ]
