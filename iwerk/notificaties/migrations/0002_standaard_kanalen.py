"""The standard kanalen of every iwerk register, with the kenmerken their messages carry (G3)."""

from django.db import migrations

KANALEN = {
    "zaken": ("https://vng-realisatie.github.io/gemma-zaken/standaard/zaken/", ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"]),
    "documenten": ("https://vng-realisatie.github.io/gemma-zaken/standaard/documenten/", ["bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding"]),
    "besluiten": ("https://vng-realisatie.github.io/gemma-zaken/standaard/besluiten/", ["verantwoordelijkeOrganisatie", "besluittype"]),
    "zaaktypen": ("https://vng-realisatie.github.io/gemma-zaken/standaard/catalogi/", ["catalogus"]),
    "besluittypen": ("https://vng-realisatie.github.io/gemma-zaken/standaard/catalogi/", ["catalogus"]),
    "informatieobjecttypen": ("https://vng-realisatie.github.io/gemma-zaken/standaard/catalogi/", ["catalogus"]),
    "autorisaties": ("https://vng-realisatie.github.io/gemma-zaken/standaard/autorisaties/", []),
}


def create(apps, schema_editor):
    Kanaal = apps.get_model("notificaties", "Kanaal")
    for naam, (link, filters) in KANALEN.items():
        Kanaal.objects.update_or_create(
            naam=naam, defaults={"documentatie_link": link, "filters": filters}
        )


class Migration(migrations.Migration):
    dependencies = [("notificaties", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
