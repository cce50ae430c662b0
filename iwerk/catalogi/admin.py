"""Catalogue management for functional administrators (Dutch admin screens).

Every save goes through the catalogi services, so the admin obeys exactly the rules the
API does: forms first run the service in a rolled-back transaction to show its errors
next to the fields, then run it for real.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from iwerk.catalogi import selectors, services
from iwerk.catalogi.beheerformulieren import (
    ZAAKTYPE_FIELDS,
    EigenschapForm,
    ResultaatTypeForm,
    RolTypeForm,
    StatusTypeForm,
    ZaakTypeForm,
    ZiotForm,
    staff_actor,
)
from iwerk.catalogi.models import (
    BesluitType,
    Catalogus,
    Eigenschap,
    InformatieObjectType,
    ResultaatType,
    RolType,
    StatusType,
    ZaakType,
    ZaakTypeInformatieObjectType,
)
from iwerk.catalogi.selectors import export
from iwerk.catalogi.services import transfer
from iwerk.core.api.problems import ApiError, ValidationFailed
from iwerk.core.models import Gemeente

# URL fields in forms assume https (Django 6's default, adopted now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class ChildInline(admin.TabularInline):
    extra = 0
    formfield_overrides = URL_FIELDS

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.request = request
        return formset

    def _editable(self, obj) -> bool:
        return obj is None or obj.concept

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class StatusTypeInline(ChildInline):
    model, form = StatusType, StatusTypeForm


class RolTypeInline(ChildInline):
    model, form = RolType, RolTypeForm


class ResultaatTypeInline(ChildInline):
    model, form = ResultaatType, ResultaatTypeForm

    @admin.display(description="Afleidingswijze brondatum")
    def afleidingswijze(self, obj):
        """Read-only rows (a published zaaktype) show the choice's label, not "None"."""
        return obj.get_brondatum_afleidingswijze_display() if obj.brondatum_afleidingswijze else "—"


class EigenschapInline(ChildInline):
    model, form = Eigenschap, EigenschapForm


class ZiotInline(ChildInline):
    model, form = ZaakTypeInformatieObjectType, ZiotForm
    verbose_name = "informatieobjecttype"
    verbose_name_plural = "informatieobjecttypen"

    @admin.display(description="Informatieobjecttype")
    def informatieobjecttype(self, obj):
        """Read-only rows (a published zaaktype) show the omschrijving, not "None"."""
        return obj.informatieobjecttype_omschrijving


def _report(request, action, *, ok: str) -> bool:
    try:
        action()
    except ValidationFailed as exc:
        messages.error(request, "; ".join(p.reason for p in exc.params))
        return False
    except ApiError as exc:
        messages.error(request, exc.detail)
        return False
    messages.success(request, ok)
    return True


def _waarschuw(request, zaaktype: ZaakType) -> None:
    """Show the beheer warnings of a zaaktype (guidance, not rules of the standard; ADR 0024)."""
    for waarschuwing in selectors.zaaktype_waarschuwingen(zaaktype):
        messages.warning(request, f"{zaaktype}: {waarschuwing.tekst}")


@admin.register(ZaakType)
class ZaakTypeAdmin(admin.ModelAdmin):
    form = ZaakTypeForm
    formfield_overrides = URL_FIELDS
    list_display = [
        "omschrijving",
        "identificatie",
        "catalogus",
        "datum_begin_geldigheid",
        "datum_einde_geldigheid",
        "status",
    ]
    list_filter = [
        "concept",
        "catalogus__tenant",
        "vertrouwelijkheidaanduiding",
        "aanvraagbaar_via_portaal",
    ]
    search_fields = ["omschrijving", "identificatie"]
    inlines = [StatusTypeInline, RolTypeInline, ResultaatTypeInline, EigenschapInline, ZiotInline]
    actions = ["publiceren", "publiceren_en_vorige_afsluiten", "nieuwe_versie"]
    list_select_related = ["catalogus"]

    @admin.display(description="status")
    def status(self, obj: ZaakType) -> str:
        return "concept" if obj.concept else "gepubliceerd"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request = request
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and (zaaktype := self.get_object(request, object_id)):
            _waarschuw(request, zaaktype)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.concept:
            # ztc-009: only eindeGeldigheid of a published version may change.
            return [f for f in ["catalogus", *ZAAKTYPE_FIELDS] if f != "datum_einde_geldigheid"]
        return []

    def save_model(self, request, obj, form, change):
        saved = form.run_service()
        # The admin keeps working with `obj` (inlines, redirect): make it the saved row.
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        # What formset.save() would record, for the admin's change message.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for child_form in formset.forms:
            if not child_form.has_changed() and child_form.instance.pk:
                continue
            if child_form.cleaned_data.get("DELETE") and child_form.instance.pk:
                child = child_form.instance
                if isinstance(child, ZaakTypeInformatieObjectType):
                    services.delete_ziot(actor=staff_actor(request), ziot=child)
                else:
                    services.delete_child(actor=staff_actor(request), obj=child)
            elif child_form.has_changed():
                child_form.instance.zaaktype = formset.instance
                child_form.run_service()

    @admin.action(description="Geselecteerde zaaktypen publiceren")
    def publiceren(self, request, queryset):
        for zaaktype in queryset.filter(concept=True):
            if _report(
                request,
                lambda z=zaaktype: services.publish_zaaktype(
                    actor=staff_actor(request), zaaktype=z
                ),
                ok=f"{zaaktype} is gepubliceerd.",
            ):
                _waarschuw(request, zaaktype)

    @admin.action(description="Publiceren en de vorige versie laten eindigen")
    def publiceren_en_vorige_afsluiten(self, request, queryset):
        for zaaktype in queryset.filter(concept=True):

            def run(z=zaaktype):
                with transaction.atomic():
                    services.close_previous_version(actor=staff_actor(request), zaaktype=z)
                    services.publish_zaaktype(actor=staff_actor(request), zaaktype=z)

            if _report(
                request,
                run,
                ok=f"{zaaktype} is gepubliceerd; de vorige versie eindigt de dag ervoor.",
            ):
                _waarschuw(request, zaaktype)

    @admin.action(description="Nieuwe versie maken (concept, geldig vanaf morgen)")
    def nieuwe_versie(self, request, queryset):
        begin = timezone.localdate() + timedelta(days=1)
        for zaaktype in queryset:
            _report(
                request,
                lambda z=zaaktype: services.create_new_version(
                    actor=staff_actor(request), zaaktype=z, begin=begin
                ),
                ok=f"Nieuwe conceptversie van {zaaktype.omschrijving} gemaakt, geldig vanaf {begin:%d-%m-%Y}.",
            )


class TypeAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = [
        "omschrijving",
        "catalogus",
        "datum_begin_geldigheid",
        "datum_einde_geldigheid",
        "concept",
    ]
    list_filter = ["concept", "catalogus__tenant"]
    search_fields = ["omschrijving"]
    readonly_fields = ["concept"]
    exclude = ["tenant"]
    actions = ["publiceren"]

    def has_change_permission(self, request, obj=None):
        return (obj is None or obj.concept) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.concept) and super().has_delete_permission(request, obj)


@admin.register(InformatieObjectType)
class InformatieObjectTypeAdmin(TypeAdmin):
    fields = [
        "catalogus",
        "omschrijving",
        "vertrouwelijkheidaanduiding",
        "informatieobjectcategorie",
        "datum_begin_geldigheid",
        "datum_einde_geldigheid",
        "concept",
    ]

    def save_model(self, request, obj, form, change):
        fields = {k: form.cleaned_data[k] for k in self.fields if k not in ("catalogus", "concept")}
        services.save_informatieobjecttype(
            actor=staff_actor(request),
            iot=obj if obj.pk else None,
            catalogus=form.cleaned_data["catalogus"],
            fields=fields,
        )

    @admin.action(description="Geselecteerde informatieobjecttypen publiceren")
    def publiceren(self, request, queryset):
        for iot in queryset.filter(concept=True):
            _report(
                request,
                lambda i=iot: services.publish_informatieobjecttype(
                    actor=staff_actor(request), iot=i
                ),
                ok=f"{iot} is gepubliceerd.",
            )


@admin.register(BesluitType)
class BesluitTypeAdmin(TypeAdmin):
    fields = [
        "catalogus",
        "omschrijving",
        "besluitcategorie",
        "reactietermijn",
        "publicatie_indicatie",
        "toelichting",
        "datum_begin_geldigheid",
        "datum_einde_geldigheid",
        "concept",
    ]

    def save_model(self, request, obj, form, change):
        fields = {k: form.cleaned_data[k] for k in self.fields if k not in ("catalogus", "concept")}
        iots = list(
            InformatieObjectType.objects.filter(
                catalogus=form.cleaned_data["catalogus"],
                omschrijving__in=obj.informatieobjecttype_omschrijvingen,
            )
        )
        services.save_besluittype(
            actor=staff_actor(request),
            besluittype=obj if obj.pk else None,
            catalogus=form.cleaned_data["catalogus"],
            fields=fields,
            informatieobjecttypen=iots,
        )

    @admin.action(description="Geselecteerde besluittypen publiceren")
    def publiceren(self, request, queryset):
        for besluittype in queryset.filter(concept=True):
            _report(
                request,
                lambda b=besluittype: services.publish_besluittype(
                    actor=staff_actor(request), besluittype=b
                ),
                ok=f"{besluittype} is gepubliceerd.",
            )


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label="Exportbestand (ZIP)", help_text="Een catalogus-export van iwerk."
    )
    gemeente = forms.ModelChoiceField(
        queryset=Gemeente.objects.all(), label="Importeren voor gemeente"
    )
    domein = forms.CharField(
        max_length=5, label="Domein van de nieuwe catalogus", help_text="Maximaal 5 tekens."
    )
    naam = forms.CharField(max_length=200, required=False, label="Naam van de nieuwe catalogus")


@admin.register(Catalogus)
class CatalogusAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "tenant", "domein", "rsin", "versie"]
    list_filter = ["tenant"]
    readonly_fields = ["tenant"]
    actions = ["exporteren"]
    change_list_template = "catalogi/admin/catalogus_changelist.html"

    def save_model(self, request, obj, form, change):
        fields = {
            k: form.cleaned_data.get(k)
            for k in (
                "domein",
                "rsin",
                "contactpersoon_beheer_naam",
                "contactpersoon_beheer_telefoonnummer",
                "contactpersoon_beheer_emailadres",
                "naam",
                "versie",
                "begindatum_versie",
            )
        }
        services.save_catalogus(
            actor=staff_actor(request), catalogus=obj if obj.pk else None, fields=fields
        )

    @admin.action(description="Exporteren als ZIP (één catalogus)")
    def exporteren(self, request, queryset):
        if queryset.count() != 1:
            messages.error(request, "Kies precies één catalogus om te exporteren.")
            return None
        catalogus = queryset.get()
        for w in export.waarschuwingen(catalogus):
            messages.warning(request, f"{w['omschrijving']} ({w['identificatie']}): {w['tekst']}")
        response = HttpResponse(export.export_catalogus(catalogus), content_type="application/zip")
        filename = f"catalogus-{catalogus.tenant.slug}-{catalogus.domein.lower()}-{timezone.localdate():%Y%m%d}.zip"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_urls(self):
        return [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_view),
                name="catalogi_catalogus_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            messages.error(request, "U mag geen catalogi toevoegen.")
            return redirect("admin:catalogi_catalogus_changelist")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                catalogus = transfer.import_catalogus(
                    actor=staff_actor(request),
                    content=form.cleaned_data["bestand"].read(),
                    gemeente=form.cleaned_data["gemeente"],
                    domein=form.cleaned_data["domein"],
                    naam=form.cleaned_data["naam"],
                )
            except (transfer.ImportFailed, ApiError) as exc:
                form.add_error("bestand", str(getattr(exc, "detail", exc)))
            else:
                messages.success(request, f"Catalogus '{catalogus}' is geïmporteerd.")
                return redirect("admin:catalogi_catalogus_change", catalogus.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Catalogus importeren",
            "opts": self.model._meta,
        }
        return render(request, "catalogi/admin/import.html", context)
