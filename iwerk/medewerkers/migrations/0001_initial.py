"""Team, Roltoewijzing and Formulierverzending move from the werkplek to this app: in Django's
state only. Their tables keep their names (``db_table``) and every row; werkplek 0003 removes
them from the werkplek's state. The content types follow, so permissions given on these models
and the admin's history of them stay where they were."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELLEN = ("team", "roltoewijzing", "formulierverzending")


def inhoudstypen_verhuizen(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELLEN:
        if not content_type.objects.using(db).filter(app_label="medewerkers", model=model).exists():
            content_type.objects.using(db).filter(app_label="werkplek", model=model).update(
                app_label="medewerkers"
            )


def inhoudstypen_terug(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELLEN:
        if not content_type.objects.using(db).filter(app_label="werkplek", model=model).exists():
            content_type.objects.using(db).filter(app_label="medewerkers", model=model).update(
                app_label="werkplek"
            )


class Migration(migrations.Migration):
    # Online rule (ADR 0022): the content type step runs in a short transaction of its own.
    atomic = False

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_identificatiereeks"),
        ("werkplek", "0002_alter_roltoewijzing_rol"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Formulierverzending",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("token", models.CharField(max_length=64, unique=True)),
                        ("resultaat_url", models.CharField(max_length=300)),
                        ("aangemaakt", models.DateTimeField(auto_now_add=True)),
                        (
                            "gebruiker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "formulierverzending",
                        "verbose_name_plural": "formulierverzendingen",
                        "db_table": "werkplek_formulierverzending",
                    },
                ),
                migrations.CreateModel(
                    name="Team",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("naam", models.CharField(max_length=100)),
                        (
                            "gemeente",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="teams",
                                to="core.gemeente",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "team",
                        "verbose_name_plural": "teams",
                        "db_table": "werkplek_team",
                        "ordering": ["gemeente__naam", "naam"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("gemeente", "naam"), name="unique_team_per_gemeente"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Roltoewijzing",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "rol",
                            models.CharField(
                                choices=[
                                    ("behandelaar", "Behandelaar"),
                                    ("teamleider", "Teamleider / coördinator"),
                                    ("functioneel_beheerder", "Functioneel beheerder"),
                                    ("privacy_officer", "Privacy officer (FG)"),
                                    ("ciso", "CISO"),
                                    ("management", "Management"),
                                    ("stuurgroep", "Stuurgroep i-werkorganisatie"),
                                ],
                                max_length=30,
                            ),
                        ),
                        (
                            "max_vertrouwelijkheidaanduiding",
                            models.CharField(
                                choices=[
                                    ("openbaar", "Openbaar"),
                                    ("beperkt_openbaar", "Beperkt openbaar"),
                                    ("intern", "Intern"),
                                    ("zaakvertrouwelijk", "Zaakvertrouwelijk"),
                                    ("vertrouwelijk", "Vertrouwelijk"),
                                    ("confidentieel", "Confidentieel"),
                                    ("geheim", "Geheim"),
                                    ("zeer_geheim", "Zeer geheim"),
                                ],
                                default="zaakvertrouwelijk",
                                help_text="Zaken en documenten boven dit niveau ziet deze medewerker niet.",
                                max_length=20,
                                verbose_name="maximale vertrouwelijkheid",
                            ),
                        ),
                        (
                            "gebruiker",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="werkplekrollen",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "gemeente",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="core.gemeente",
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="leden",
                                to="medewerkers.team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "roltoewijzing",
                        "verbose_name_plural": "roltoewijzingen",
                        "db_table": "werkplek_roltoewijzing",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("gebruiker", "gemeente", "rol"),
                                name="unique_rol_per_gemeente",
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(inhoudstypen_verhuizen, inhoudstypen_terug),
    ]
