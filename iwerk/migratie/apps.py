from django.apps import AppConfig


class MigratieConfig(AppConfig):
    name = "iwerk.migratie"
    label = "migratie"
    verbose_name = "Migratie: gegevens uit de systemen die iwerk vervangt"
