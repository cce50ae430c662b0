# The tenancy "all gemeenten" of an applicatie registered through the Autorisaties API (ADR 0026).

from django.db import migrations, models

from iwerk.core.online import AddFieldOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("autorisaties", "0001_initial"),
    ]

    operations = [
        AddFieldOnline(
            model_name="applicatie",
            name="alle_gemeenten",
            field=models.BooleanField(
                default=False,
                help_text="Werkt voor alle gemeenten, ook later toegevoegde (zo geregistreerd door een client die voor alle gemeenten werkt).",
            ),
        ),
    ]
