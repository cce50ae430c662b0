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

from iwerk.catalogi import selectors, services, transfer
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
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ApiError, ValidationFailed
from iwerk.core.models import Gemeente


def staff_actor(request) -> Actor:
    """The admin user as an actor; catalogue rights follow Django's model permissions."""
    return Actor(
        client_id=f"beheer:{request.user.get_username()}",
        applicatie_uuid=None,
        applicatie_label="iwerk beheer",
        heeft_alle_autorisaties=True,
        catalogi_tenant_ids=None,
        user_id=request.user.get_username(),
        user_representation=request.user.get_full_name(),
    )


def _url_https(db_field, **kwargs):
    # URL fields in forms assume https (Django 6's default, adopted now).
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class _DryRun(Exception):
    pass


def _camel_to_field(name: str, form: forms.Form) -> str | None:
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name.split(".")[0])
    for candidate in (snake, f"datum_{snake}", f"specificatie_{name.split('.')[-1]}"):
        if candidate in form.fields:
            return candidate
    return None


class ServiceForm(forms.ModelForm):
    """A model form whose save is a service call; clean() shows the service's errors."""

    request = None

    def run_service(self):
        raise NotImplementedError

    def can_validate(self) -> bool:
        return True

    def clean(self):
        cleaned = super().clean()
        if (
            self.errors
            or not self.has_changed()
            or self.cleaned_data.get("DELETE")
            or not self.can_validate()
        ):
            return cleaned
        try:
            with transaction.atomic():
                self.run_service()
                raise _DryRun
        except _DryRun:
            pass
        except ValidationFailed as exc:
            for param in exc.params:
                self.add_error(_camel_to_field(param.name, self), param.reason)
        except ApiError as exc:
            self.add_error(None, exc.detail)
        return cleaned

    def _fields(self, names: list[str]) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


ZAAKTYPE_FIELDS = [
    "identificatie",
    "omschrijving",
    "omschrijving_generiek",
    "vertrouwelijkheidaanduiding",
    "doel",
    "aanleiding",
    "toelichting",
    "indicatie_intern_of_extern",
    "handeling_initiator",
    "onderwerp",
    "handeling_behandelaar",
    "doorlooptijd",
    "servicenorm",
    "opschorting_en_aanhouding_mogelijk",
    "verlenging_mogelijk",
    "verlengingstermijn",
    "trefwoorden",
    "publicatie_indicatie",
    "publicatietekst",
    "selectielijst_procestype",
    "referentieproces_naam",
    "referentieproces_link",
    "verantwoordelijke",
    "versiedatum",
    "datum_begin_geldigheid",
    "datum_einde_geldigheid",
    "aanvraagbaar_via_portaal",
]


class ZaakTypeForm(ServiceForm):
    besluittypen = forms.ModelMultipleChoiceField(
        queryset=BesluitType.objects.all(),
        required=False,
        help_text="Besluittypen uit dezelfde catalogus.",
    )

    class Meta:
        formfield_callback = _url_https
        model = ZaakType
        fields = ["catalogus", *ZAAKTYPE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["besluittypen"].initial = BesluitType.objects.filter(
                catalogus_id=self.instance.catalogus_id,
                omschrijving__in=self.instance.besluittype_omschrijvingen,
            )

    def run_service(self):
        fields = self._fields(ZAAKTYPE_FIELDS)
        fields["trefwoorden"] = fields.get("trefwoorden") or []
        return services.save_zaaktype(
            actor=staff_actor(self.request),
            zaaktype=self.instance if self.instance.pk else None,
            fields=fields,
            catalogus=self.cleaned_data["catalogus"],
            besluittypen=list(self.cleaned_data.get("besluittypen") or []),
            deelzaaktypen=[],
            own_hosts={self.request.get_host()},
            only_einde_geldigheid=bool(self.instance.pk)
            and set(self.changed_data) <= {"datum_einde_geldigheid"},
        )


class ChildForm(ServiceForm):
    service_fields: list[str] = []

    def zaaktype(self) -> ZaakType:
        return self.instance.zaaktype

    def can_validate(self) -> bool:
        # A row added together with a new zaaktype is validated when it is saved.
        return self.instance.zaaktype_id is not None

    def common(self) -> dict:
        return {
            "actor": staff_actor(self.request),
            "zaaktype": self.zaaktype(),
            "fields": self._fields(self.service_fields),
        }


class StatusTypeForm(ChildForm):
    service_fields = [
        "omschrijving",
        "omschrijving_generiek",
        "statustekst",
        "volgnummer",
        "informeren",
        "doorlooptijd",
        "toelichting",
    ]

    class Meta:
        formfield_callback = _url_https
        model = StatusType
        fields = [
            "omschrijving",
            "volgnummer",
            "statustekst",
            "informeren",
            "doorlooptijd",
            "toelichting",
        ]

    def run_service(self):
        return services.save_statustype(
            statustype=self.instance if self.instance.pk else None,
            eigenschappen=list(self.instance.eigenschappen.all()) if self.instance.pk else [],
            begin=None,
            **self.common(),
        )


class RolTypeForm(ChildForm):
    service_fields = ["omschrijving", "omschrijving_generiek"]

    class Meta:
        formfield_callback = _url_https
        model = RolType
        fields = ["omschrijving", "omschrijving_generiek"]

    def run_service(self):
        return services.save_roltype(
            roltype=self.instance if self.instance.pk else None, begin=None, **self.common()
        )


class ResultaatTypeForm(ChildForm):
    service_fields = [
        "omschrijving",
        "resultaattypeomschrijving",
        "selectielijstklasse",
        "toelichting",
        "archiefnominatie",
        "archiefactietermijn",
    ]
    afleidingswijze = forms.ChoiceField(
        label="Afleidingswijze brondatum",
        required=False,
        choices=[("", "—"), *ResultaatType._meta.get_field("brondatum_afleidingswijze").choices],
    )

    class Meta:
        formfield_callback = _url_https
        model = ResultaatType
        fields = [
            "omschrijving",
            "resultaattypeomschrijving",
            "selectielijstklasse",
            "archiefnominatie",
            "archiefactietermijn",
            "toelichting",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["afleidingswijze"].initial = self.instance.brondatum_afleidingswijze

    def run_service(self):
        wijze = self.cleaned_data.get("afleidingswijze")
        instance = self.instance if self.instance.pk else None
        return services.save_resultaattype(
            resultaattype=instance,
            brondatum={"afleidingswijze": wijze} if wijze else None,
            besluittypen=list(instance.besluittypen.all()) if instance else [],
            informatieobjecttypen=list(instance.informatieobjecttypen.all()) if instance else [],
            begin=None,
            own_hosts={self.request.get_host()},
            **self.common(),
        )


class EigenschapForm(ChildForm):
    service_fields = [
        "naam",
        "definitie",
        "toelichting",
        "specificatie_formaat",
        "specificatie_lengte",
        "specificatie_kardinaliteit",
    ]

    class Meta:
        formfield_callback = _url_https
        model = Eigenschap
        fields = [
            "naam",
            "definitie",
            "specificatie_formaat",
            "specificatie_lengte",
            "specificatie_kardinaliteit",
            "toelichting",
        ]

    def run_service(self):
        return services.save_eigenschap(
            eigenschap=self.instance if self.instance.pk else None,
            statustype=None,
            begin=None,
            **self.common(),
        )


class ZiotForm(ChildForm):
    informatieobjecttype = forms.ModelChoiceField(queryset=InformatieObjectType.objects.all())

    class Meta:
        formfield_callback = _url_https
        model = ZaakTypeInformatieObjectType
        fields = ["informatieobjecttype", "volgnummer", "richting"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["informatieobjecttype"].initial = (
                InformatieObjectType.objects.filter(
                    catalogus_id=self.instance.zaaktype.catalogus_id,
                    omschrijving=self.instance.informatieobjecttype_omschrijving,
                )
                .order_by("-pk")
                .first()
            )

    def run_service(self):
        return services.save_ziot(
            actor=staff_actor(self.request),
            ziot=self.instance if self.instance.pk else None,
            zaaktype=self.zaaktype(),
            informatieobjecttype=self.cleaned_data["informatieobjecttype"],
            statustype=None,
            fields={
                "volgnummer": self.cleaned_data["volgnummer"],
                "richting": self.cleaned_data["richting"],
            },
        )


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
        for w in transfer.waarschuwingen(catalogus):
            messages.warning(request, f"{w['omschrijving']} ({w['identificatie']}): {w['tekst']}")
        response = HttpResponse(
            transfer.export_catalogus(catalogus), content_type="application/zip"
        )
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
