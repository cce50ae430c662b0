"""Functioneel beheer of archiefbeheer: the settings per gemeente and the process owners of its
zaaktypen, and read-only views of the destruction lists, their verklaringen and the transfers.

Lists and transfers are made, reviewed and executed in the werkplek by the people whose role it
is, every step recorded: beheer looks, it does not change them.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from iwerk.archief.models import (
    Archiefinstelling,
    Beoordelingsstap,
    Lijstitem,
    Overbrenging,
    Overbrengingsitem,
    Procesverantwoordelijke,
    Verklaring,
    Vernietigingslijst,
)
from iwerk.catalogi.models import ZaakType
from iwerk.core.admin import AlleenInzien
from iwerk.core.models import Gemeente
from iwerk.medewerkers.models import Roltoewijzing


def _naam(user: Any) -> str:
    volledig = user.get_full_name()
    return f"{volledig} ({user.get_username()})" if volledig else user.get_username()


class GebruikerVeld(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _naam(obj)


def zaaktypekeuzes() -> list[tuple[str, str]]:
    """Every zaaktype identificatie in the catalogi of the gemeenten, named by its newest
    version, with the gemeenten whose catalogi hold it."""
    omschrijving: dict[str, str] = {}
    gemeenten: dict[str, set[str]] = {}
    for identificatie, naam, gemeente in (
        ZaakType.objects.filter(tenant__toegewezen=True)
        .order_by("versiedatum", "pk")
        .values_list("identificatie", "omschrijving", "tenant__naam")
    ):
        omschrijving[identificatie] = naam
        gemeenten.setdefault(identificatie, set()).add(gemeente)
    return [("", "---------")] + [
        (i, f"{i} — {omschrijving[i]} ({', '.join(sorted(gemeenten[i]))})")
        for i in sorted(omschrijving, key=lambda i: (omschrijving[i].lower(), i))
    ]


class ProcesverantwoordelijkeForm(forms.ModelForm):
    """A zaaktype of the chosen gemeente's catalogi and a user with a role in that gemeente."""

    zaaktype_identificatie = forms.ChoiceField(
        label="Zaaktype",
        help_text="Alle versies van het zaaktype. Het moet in een catalogus van de gekozen "
        "gemeente staan.",
        error_messages={"required": "Kies een zaaktype."},
    )
    gebruiker = GebruikerVeld(
        label="Procesverantwoordelijke",
        queryset=get_user_model().objects.none(),
        help_text="Een medewerker met een rol in de gekozen gemeente. Hij of zij beoordeelt "
        "als eerste elke vernietigingslijst met zaken van dit zaaktype.",
        error_messages={
            "required": "Kies een medewerker.",
            "invalid_choice": "Kies een medewerker uit de lijst.",
        },
    )

    class Meta:
        model = Procesverantwoordelijke
        fields = ["gemeente", "zaaktype_identificatie", "gebruiker"]
        error_messages = {
            "gemeente": {
                "required": "Kies een gemeente.",
                "invalid_choice": "Kies een gemeente uit de lijst.",
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeente_veld = self.fields["gemeente"]
        assert isinstance(gemeente_veld, forms.ModelChoiceField)
        gemeente_veld.queryset = Gemeente.objects.toegewezen().order_by("naam")
        keuzes = zaaktypekeuzes()
        huidige = self.instance.zaaktype_identificatie if self.instance.pk else ""
        if huidige and huidige not in dict(keuzes):  # no longer in a catalogus: still shown
            keuzes.append((huidige, f"{huidige} (niet meer in een catalogus)"))
        veld = self.fields["zaaktype_identificatie"]
        assert isinstance(veld, forms.ChoiceField)
        veld.choices = keuzes
        gebruiker = self.fields["gebruiker"]
        assert isinstance(gebruiker, forms.ModelChoiceField)
        gebruiker.queryset = (
            get_user_model()
            .objects.filter(is_active=True, werkplekrollen__isnull=False)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        gemeente = cleaned.get("gemeente")
        identificatie = cleaned.get("zaaktype_identificatie")
        gebruiker = cleaned.get("gebruiker")
        if gemeente is None:
            return cleaned
        if (
            identificatie
            and not ZaakType.objects.filter(tenant=gemeente, identificatie=identificatie).exists()
        ):
            self.add_error(
                "zaaktype_identificatie",
                f"Zaaktype {identificatie} staat niet in een catalogus van {gemeente.naam}.",
            )
        if (
            gebruiker
            and not Roltoewijzing.objects.filter(gebruiker=gebruiker, gemeente=gemeente).exists()
        ):
            self.add_error(
                "gebruiker",
                f"{_naam(gebruiker)} heeft geen rol in {gemeente.naam}. Geef eerst een rol in "
                "deze gemeente (Medewerkers → Roltoewijzingen).",
            )
        if (
            identificatie
            and gebruiker
            and Procesverantwoordelijke.objects.filter(
                gemeente=gemeente, zaaktype_identificatie=identificatie, gebruiker=gebruiker
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(
                f"{_naam(gebruiker)} is al procesverantwoordelijke voor {identificatie} in "
                f"{gemeente.naam}.",
                code="dubbel",
            )
        return cleaned

    def validate_unique(self) -> None:
        # clean() says it in Dutch, with the names; Django's own message names only the fields.
        return None


@admin.register(Procesverantwoordelijke)
class ProcesverantwoordelijkeAdmin(admin.ModelAdmin):
    form = ProcesverantwoordelijkeForm
    list_display = ["zaaktype_identificatie", "gebruiker_naam", "gemeente"]
    list_filter = ["gemeente"]
    search_fields = [
        "zaaktype_identificatie",
        "gebruiker__username",
        "gebruiker__first_name",
        "gebruiker__last_name",
    ]
    search_help_text = "Zoek op zaaktype-identificatie of de naam van de medewerker."
    list_select_related = ["gemeente", "gebruiker"]
    ordering = ["gemeente__naam", "zaaktype_identificatie"]

    @admin.display(description="Procesverantwoordelijke", ordering="gebruiker__last_name")
    def gebruiker_naam(self, obj: Procesverantwoordelijke) -> str:
        return _naam(obj.gebruiker)


@admin.register(Archiefinstelling)
class ArchiefinstellingAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "korte_procedure", "inhoud_verwijderen_na_overdracht"]
    list_select_related = ["gemeente"]
    ordering = ["gemeente__naam"]

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "gemeente":
            kwargs["queryset"] = Gemeente.objects.toegewezen().order_by("naam")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Read-only: what the werkplek made ---------------------------------------------------------


class InzienInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class BeoordelingsstapInline(InzienInline):
    model = Beoordelingsstap
    fields = readonly_fields = (
        "ronde",
        "volgorde",
        "rol",
        "beoordelaar",
        "besluit",
        "opmerking",
        "beslist_op",
    )
    verbose_name_plural = "beoordelingen"


def _items_link(url: str, filters: dict[str, Any], tekst: str) -> SafeString:
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(filters), tekst)


@admin.register(Vernietigingslijst)
class VernietigingslijstAdmin(AlleenInzien):
    list_display = ["nummer", "naam", "gemeente", "status", "aangemaakt_op", "uitgevoerd_op"]
    list_filter = ["gemeente", "status"]
    search_fields = ["nummer", "naam"]
    search_help_text = "Zoek op lijstnummer of naam."
    list_select_related = ["gemeente"]
    ordering = ["-aangemaakt_op"]
    readonly_fields = ["items", "verklaring_link"]
    inlines = [BeoordelingsstapInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Vernietigingslijst]:
        return super().get_queryset(request).select_related("aangemaakt_door")

    fields = (
        "nummer",
        "naam",
        "gemeente",
        "status",
        "peildatum",
        "filters",
        "aangemaakt_door",
        "aangemaakt_op",
        "ingediend_op",
        "goedgekeurd_op",
        "uitvoering_gestart_op",
        "uitgevoerd_op",
        "ronde",
        "toelichting",
        "items",
        "verklaring_link",
    )

    @admin.display(description="Zaken op de lijst")
    def items(self, obj: Vernietigingslijst) -> SafeString:
        """The items per status, each a link to them (a list may hold many thousands)."""
        labels = dict(Lijstitem._meta.get_field("status").choices or [])
        tellingen = (
            Lijstitem.objects.filter(lijst=obj)
            .order_by("status")
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        url = reverse("admin:archief_lijstitem_changelist")
        delen = [
            _items_link(
                url, {"lijst__id__exact": obj.pk, "status": status}, f"{labels[status]}: {n}"
            )
            for status, n in tellingen
        ]
        if not delen:
            return format_html("{}", "Geen zaken.")
        return format_html_join(mark_safe("<br>"), "{}", ((deel,) for deel in delen))

    @admin.display(description="Verklaring van vernietiging")
    def verklaring_link(self, obj: Vernietigingslijst) -> SafeString | str:
        verklaring = Verklaring.objects.filter(lijst=obj).values_list("pk", flat=True).first()
        if verklaring is None:
            return "Nog niet opgemaakt."
        url = reverse("admin:archief_verklaring_change", args=[verklaring])
        return format_html('<a href="{}">Bekijk de verklaring</a>', url)


@admin.register(Lijstitem)
class LijstitemAdmin(AlleenInzien):
    list_display = [
        "identificatie",
        "zaaktype_identificatie",
        "resultaattype_omschrijving",
        "archiefactiedatum",
        "status",
        "lijst",
    ]
    list_filter = ["status", "lijst__gemeente"]
    search_fields = ["identificatie", "zaaktype_identificatie", "lijst__nummer"]
    search_help_text = "Zoek op zaakidentificatie, zaaktype of lijstnummer."
    list_select_related = ["lijst"]
    ordering = ["lijst", "identificatie"]
    exclude = ["zaak"]  # gone after execution; the snapshot fields say what it was


@admin.register(Verklaring)
class VerklaringAdmin(AlleenInzien):
    list_display = ["lijst", "gemeente", "opgemaakt_op", "sha256", "schakel"]
    list_filter = ["lijst__gemeente"]
    search_fields = ["lijst__nummer", "sha256"]
    search_help_text = "Zoek op lijstnummer of SHA-256."
    list_select_related = ["lijst__gemeente"]
    ordering = ["-opgemaakt_op"]
    fields = readonly_fields = ("lijst", "opgemaakt_op", "sha256", "schakel", "inhoud_weergave")

    @admin.display(description="Gemeente", ordering="lijst__gemeente__naam")
    def gemeente(self, obj: Verklaring) -> str:
        return str(obj.lijst.gemeente)

    @admin.display(description="Inhoud")
    def inhoud_weergave(self, obj: Verklaring) -> SafeString:
        tekst = json.dumps(obj.inhoud, indent=2, ensure_ascii=False, sort_keys=True)
        return format_html("<pre>{}</pre>", tekst)


@admin.register(Overbrengingsitem)
class OverbrengingsitemAdmin(AlleenInzien):
    list_display = ["identificatie", "aantal_bestanden", "overbrenging"]
    list_filter = ["overbrenging__gemeente", "overbrenging__status"]
    search_fields = ["identificatie", "overbrenging__nummer"]
    search_help_text = "Zoek op zaakidentificatie of overbrengingsnummer."
    list_select_related = ["overbrenging"]
    ordering = ["overbrenging", "identificatie"]
    fields = readonly_fields = ("overbrenging", "identificatie", "bestanden_weergave")

    @admin.display(description="Bestanden")
    def aantal_bestanden(self, obj: Overbrengingsitem) -> int:
        return len(obj.bestanden or {})

    @admin.display(description="Bestanden in het pakket (SHA-256)")
    def bestanden_weergave(self, obj: Overbrengingsitem) -> SafeString:
        regels = sorted((obj.bestanden or {}).items())
        if not regels:
            return format_html("{}", "Geen bestanden.")
        return format_html("<pre>{}</pre>", "\n".join(f"{pad}  {sha256}" for pad, sha256 in regels))


@admin.register(Overbrenging)
class OverbrengingAdmin(AlleenInzien):
    list_display = ["nummer", "gemeente", "status", "peildatum", "aangemaakt_op", "bevestigd_op"]
    list_filter = ["gemeente", "status"]
    search_fields = ["nummer", "ontvangstbewijs"]
    search_help_text = "Zoek op nummer of ontvangstbewijs."
    list_select_related = ["gemeente"]
    ordering = ["-aangemaakt_op"]
    readonly_fields = ["zaken"]

    @admin.display(description="Zaken in het pakket")
    def zaken(self, obj: Overbrenging) -> SafeString:
        aantal = Overbrengingsitem.objects.filter(overbrenging=obj).count()
        if not aantal:
            return format_html("{}", "Geen zaken.")
        url = reverse("admin:archief_overbrengingsitem_changelist")
        return _items_link(url, {"overbrenging__id__exact": obj.pk}, f"{aantal} zaken")
