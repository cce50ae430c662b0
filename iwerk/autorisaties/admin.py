"""Beheer of API clients: applicaties, their client ids, autorisaties and JWT secrets."""

from django import forms
from django.contrib import admin, messages

from iwerk.autorisaties.gebeurtenissen import ApplicatieGewijzigd
from iwerk.autorisaties.models import (
    Applicatie,
    ApplicatieClient,
    Autorisatie,
    CatalogusAutorisatie,
    JWTSecret,
)
from iwerk.autorisaties.scopes import (
    concerns_main_resource,
    migration_mixed_with_writes,
    unknown_scopes,
)
from iwerk.core import gebeurtenissen
from iwerk.core.validators import check_secret


class ClientInline(admin.TabularInline):
    model = ApplicatieClient
    extra = 0


class AutorisatieInline(admin.TabularInline):
    model = Autorisatie
    extra = 0


class CatalogusAutorisatieInline(admin.TabularInline):
    model = CatalogusAutorisatie
    extra = 0
    verbose_name_plural = "catalogusautorisaties (alle typen van een catalogus, ook toekomstige)"


@admin.register(Applicatie)
class ApplicatieAdmin(admin.ModelAdmin):
    list_display = ["label", "heeft_alle_autorisaties", "alle_gemeenten", "client_ids"]
    search_fields = ["label", "clients__client_id"]
    filter_horizontal = ["gemeenten"]
    inlines = [ClientInline, AutorisatieInline, CatalogusAutorisatieInline]

    # Beheer edits applicaties directly, so it announces them as the services do (kanaal
    # autorisaties; consumers in iwerk/verbindingen.py), inside the admin's transaction.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        actie = "update" if change else "create"
        gebeurtenissen.publiceer(ApplicatieGewijzigd(obj.uuid, actie))

    def delete_model(self, request, obj):
        uuid = obj.uuid
        super().delete_model(request, obj)
        gebeurtenissen.publiceer(ApplicatieGewijzigd(uuid, "destroy"))

    def delete_queryset(self, request, queryset):
        uuids = list(queryset.values_list("uuid", flat=True))
        super().delete_queryset(request, queryset)
        for uuid in uuids:
            gebeurtenissen.publiceer(ApplicatieGewijzigd(uuid, "destroy"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The API stores what the standard allows (ADR 0026); beheer gets the guidance.
        for autorisatie in form.instance.autorisaties.all():
            if unknown := unknown_scopes(autorisatie.component, autorisatie.scopes):
                messages.warning(
                    request,
                    f"Autorisatie {autorisatie.component}: scope(s) {', '.join(unknown)} "
                    "worden door deze component niet gecontroleerd en geven geen rechten.",
                )
            if concerns_main_resource(autorisatie.component, autorisatie.scopes) and not (
                autorisatie.zaaktype or autorisatie.informatieobjecttype or autorisatie.besluittype
            ):
                messages.warning(
                    request,
                    f"Autorisatie {autorisatie.component} noemt geen type en geeft daardoor "
                    "geen toegang tot zaken, documenten of besluiten.",
                )
        for warning in _migration_warnings(form.instance):
            messages.warning(request, warning)
        if not (
            form.instance.heeft_alle_autorisaties
            or form.instance.alle_gemeenten
            or form.instance.gemeenten.exists()
        ):
            messages.warning(
                request,
                "Deze applicatie werkt voor geen enkele gemeente: ze ziet geen catalogi.",
            )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("clients")

    @admin.display(description="client-ID's")
    def client_ids(self, obj: Applicatie) -> str:
        return ", ".join(c.client_id for c in obj.clients.all())


def _migration_warnings(applicatie: Applicatie) -> list[str]:
    """A `<component>.migreren` scope next to write scopes of that component (ADR 0063): every
    write of this applicatie there is then a silent migration write. Warned, not refused: a
    migration tool needs the write scopes; the point is that it is a dedicated applicatie."""
    per_component: dict[str, set[str]] = {}
    for rij in [*applicatie.autorisaties.all(), *applicatie.catalogus_autorisaties.all()]:
        per_component.setdefault(rij.component, set()).update(rij.scopes or [])
    return [
        f"Autorisatie {component}: {', '.join(sorted(s for s in scopes if s.endswith('.migreren')))} "
        f"naast {', '.join(schrijven)}. Elke schrijfactie van deze applicatie in deze component is "
        "dan een migratie: uuid en historische datums blijven behouden en er gaan geen "
        "notificaties, berichten, routering, taken of signaleringen uit. Gebruik een aparte "
        "applicatie alleen voor de migratie en trek de scope daarna in."
        for component, scopes in sorted(per_component.items())
        if (schrijven := migration_mixed_with_writes(component, scopes))
    ]


class JWTSecretForm(forms.ModelForm):
    class Meta:
        model = JWTSecret
        fields = ["client_id", "secret"]

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        try:
            check_secret(secret)  # the one rule of every JWT secret
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return secret


@admin.register(JWTSecret)
class JWTSecretAdmin(admin.ModelAdmin):
    form = JWTSecretForm
    list_display = ["client_id"]
    search_fields = ["client_id"]
