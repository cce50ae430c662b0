"""Functioneel beheer of berichten: the texts per gemeente and zaaktype (checked on save, with a
preview), the messages with their delivery state (parked ones can be sent again), and what the
test provider "sent" (read-only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html

from iwerk.berichten.models import Bericht, Sjabloon, TestBericht
from iwerk.berichten.services import bezorging
from iwerk.berichten.services.sjablonen import VELDEN, render

# The example zaak of the preview: invented, so beheer never shows a citizen's data.
VOORBEELD: dict[str, Any] = {
    "zaak.identificatie": "ZAAK-2026-0000123",
    "zaak.omschrijving": "Aanvraag gehandicaptenparkeerkaart",
    "zaak.startdatum": date(2026, 3, 2),
    "zaak.einddatum_gepland": date(2026, 4, 13),
    "zaak.uiterlijke_einddatum_afdoening": date(2026, 4, 27),
    "zaak.einddatum": date(2026, 4, 1),
    "zaak.link": "https://iwerk.example/gemeente/mijn-zaken/…/",
    "zaaktype.omschrijving": "Gehandicaptenparkeerkaart",
    "zaaktype.identificatie": "GPK",
    "initiator.naam": "J. de Vries",
    "status.omschrijving": "In behandeling",
    "status.toelichting": "Wij beoordelen uw aanvraag.",
    "besluit.identificatie": "BESLUIT-2026-0000045",
    "besluit.datum": date(2026, 3, 30),
    "besluit.ingangsdatum": date(2026, 4, 1),
    "besluit.toelichting": "De kaart is toegekend voor vijf jaar.",
}


@admin.register(Sjabloon)
class SjabloonAdmin(admin.ModelAdmin):
    list_display = ("tenant", "zaaktype_identificatie", "gebeurtenis", "kanaal", "actief")
    list_filter = ("tenant", "gebeurtenis", "kanaal", "actief")
    search_fields = ("zaaktype_identificatie", "onderwerp", "tekst")
    readonly_fields = ("samenvoegvelden", "voorbeeld")
    fields = (
        "tenant",
        "zaaktype_identificatie",
        "gebeurtenis",
        "kanaal",
        "actief",
        "onderwerp",
        "tekst",
        "samenvoegvelden",
        "voorbeeld",
    )

    @admin.display(description="Samenvoegvelden")
    def samenvoegvelden(self, obj: Sjabloon | None) -> str:
        gebeurtenis = obj.gebeurtenis if obj is not None and obj.gebeurtenis else None
        if gebeurtenis is None:
            return "Kies eerst een gebeurtenis en sla op; dan staan hier de velden."
        return ", ".join(f"{{{veld}}}" for veld in VELDEN[gebeurtenis])

    @admin.display(description="Voorbeeld (met een verzonnen zaak)")
    def voorbeeld(self, obj: Sjabloon | None) -> str:
        if obj is None or obj.pk is None:
            return "Na opslaan ziet u hier de tekst zoals een inwoner die krijgt."
        waarden = {**VOORBEELD, "gemeente.naam": obj.tenant.naam}
        onderwerp = render(obj.onderwerp, waarden)
        return format_html(
            "<div><strong>{}</strong></div>{}",
            onderwerp,
            linebreaks_filter(render(obj.tekst, waarden), autoescape=True),  # escapes, then safe
        )


@admin.register(Bericht)
class BerichtAdmin(admin.ModelAdmin):
    list_display = (
        "zaak_identificatie",
        "gebeurtenis",
        "kanaal",
        "status",
        "pogingen",
        "volgende_poging",
        "laatste_fout",
    )
    list_filter = ("status", "kanaal", "gebeurtenis", "tenant")
    search_fields = ("zaak_identificatie", "sleutel", "laatste_fout")
    actions = ["opnieuw_versturen"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in Bericht._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Geparkeerde berichten opnieuw versturen")
    def opnieuw_versturen(self, request: HttpRequest, queryset: Any) -> None:
        aantal = bezorging.opnieuw(queryset.values_list("pk", flat=True))
        self.message_user(
            request, f"{aantal} bericht(en) staan weer klaar om te versturen.", messages.SUCCESS
        )


@admin.register(TestBericht)
class TestBerichtAdmin(admin.ModelAdmin):
    list_display = ("verzonden_op", "kanaal", "aan", "onderwerp")
    list_filter = ("kanaal",)
    search_fields = ("aan", "onderwerp", "tekst", "referentie")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in TestBericht._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # what a provider accepted is history: view only
