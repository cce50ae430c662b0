"""Functioneel beheer of berichten: the texts per gemeente and zaaktype (checked on save, with a
preview and their version history), the messages with their delivery state (parked ones can be
sent again), and what the test provider "sent" (read-only).

Saving a text goes through services.beheer (a changed text becomes a new version, ADR 0061);
"Voorbeeld bekijken" checks the form and shows the text in it rendered for an invented zaak,
saving nothing. A functioneel beheerder sees and changes only the sjablonen and berichten of the
gemeenten where they have that role (as basisregistraties.admin.PerGemeente does for rows with a
`gemeente`; these carry `tenant`); a superuser all.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

from iwerk.basisregistraties.admin import GEMEENTE_FOUTEN, gemeente_keuzes
from iwerk.basisregistraties.selectors.beheer import beheerde_gemeenten
from iwerk.berichten.models import Bericht, Sjabloon, SjabloonVersie, TestBericht
from iwerk.berichten.services import bezorging
from iwerk.berichten.services.beheer import controleer_dubbel, sjabloon_opslaan
from iwerk.berichten.services.sjablonen import VELDEN, voorbeeld
from iwerk.catalogi.selectors.keuzes import zaaktypekeuzes

VOORBEELD_KNOP = "_voorbeeld"


class PerTenant(admin.ModelAdmin):
    """Only rows of the gemeenten the signed-in user manages (a superuser: all)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rijen = super().get_queryset(request).select_related("tenant")
        ids = beheerde_gemeenten(request.user)
        return rijen if ids is None else rijen.filter(tenant_id__in=ids)


class GemeenteFilter(admin.RelatedOnlyFieldListFilter):
    """The gemeenten of the rows, titled "gemeente" (the model's field is the tenant)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.title = "gemeente"


class SjabloonForm(forms.ModelForm):
    gemeente_ids: set[int] | None = set()  # set per request by SjabloonAdmin.get_form
    voorbeeld_bekijken = False  # idem: "Voorbeeld bekijken" checks the form, never saves it

    zaaktype_identificatie = forms.ChoiceField(
        label="Zaaktype",
        required=False,
        help_text="Leeg: geldt voor elk zaaktype van de gemeente zonder eigen sjabloon.",
        error_messages={
            "invalid_choice": "Kies een zaaktype uit de lijst: die noemt de zaaktypen in de "
            "catalogi van uw gemeente(n)."
        },
    )

    class Meta:
        model = Sjabloon
        fields = [
            "tenant",
            "zaaktype_identificatie",
            "gebeurtenis",
            "kanaal",
            "actief",
            "onderwerp",
            "tekst",
        ]
        labels = {"tenant": "Gemeente"}
        error_messages = {
            "tenant": GEMEENTE_FOUTEN,
            "gebeurtenis": {"required": "Kies een gebeurtenis."},
            "kanaal": {"required": "Kies een kanaal."},
            "tekst": {"required": "Vul de tekst van het bericht in."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "tenant" in self.fields:
            self.fields["tenant"].queryset = gemeente_keuzes(self.gemeente_ids)  # type: ignore[attr-defined]
        zaaktypen = zaaktypekeuzes(self.gemeente_ids)
        zaaktypen[0] = ("", "Alle zaaktypen")
        huidig = self.instance.zaaktype_identificatie if self.instance.pk else ""
        if huidig and huidig not in dict(zaaktypen):
            zaaktypen.append((huidig, f"{huidig} (niet meer in een catalogus)"))
        self.fields["zaaktype_identificatie"].choices = zaaktypen  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        # The service says it in Dutch, with the event and channel; Django's names the fields.
        try:
            controleer_dubbel(self.instance)
        except ValidationError as fout:
            self.add_error(None, fout)

    def is_valid(self) -> bool:
        # A preview is checked as a save would be (field errors shown), and then not saved: the
        # admin re-renders the form with the posted values, the preview rendered from them.
        return super().is_valid() and not self.voorbeeld_bekijken


class VersieInline(admin.TabularInline):
    model = SjabloonVersie
    verbose_name = "versie"
    verbose_name_plural = "Versies (nieuwste eerst; een oude versie verandert nooit)"
    fields = readonly_fields = (
        "versie",
        "aangemaakt_op",
        "aangemaakt_door",
        "actief",
        "onderwerp",
        "tekst",
    )
    ordering = ["-versie"]
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Each row names its version (str), which reads the sjabloon: load it with the rows.
        return super().get_queryset(request).select_related("sjabloon")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Sjabloon)
class SjabloonAdmin(PerTenant):
    form = SjabloonForm
    # The version history wraps its whole texts inside the page (shared with the other kind of
    # sjabloon).
    change_form_template = "admin/versies_change_form.html"
    list_display = (
        "gemeente",
        "zaaktype_identificatie",
        "gebeurtenis",
        "kanaal",
        "actief",
        "versie",
    )
    list_filter = (("tenant", GemeenteFilter), "gebeurtenis", "kanaal", "actief")
    search_fields = ("zaaktype_identificatie", "onderwerp", "tekst")
    readonly_fields = ("gemeente", "samenvoegvelden", "voorbeeld")
    fields = (  # on the change page the gemeente is read-only: get_fields
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).annotate(laatste_versie=Max("versies__versie"))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change, **kwargs)
        # The form needs the user's gemeenten and the button pressed; a subclass per request.
        return type(
            form.__name__,
            (form,),
            {
                "gemeente_ids": beheerde_gemeenten(request.user),
                "voorbeeld_bekijken": VOORBEELD_KNOP in request.POST,
            },
        )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A sjabloon stays with its gemeente (its versions belong there): shown, not chosen.
        return [("gemeente" if f == "tenant" and obj is not None else f) for f in self.fields]

    @admin.display(description="Gemeente", ordering="tenant__naam")
    def gemeente(self, obj: Sjabloon) -> str:
        return obj.tenant.naam

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type[InlineModelAdmin]]:
        return [VersieInline] if obj is not None else []

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and VOORBEELD_KNOP in request.POST:
            messages.info(
                request,
                "Dit is een voorbeeld van de tekst in het formulier; er is niets opgeslagen. "
                "Klik op Opslaan om de tekst te bewaren.",
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Sjabloon, form: Any, change: bool) -> None:
        versie = sjabloon_opslaan(sjabloon=obj, door=request.user.get_username())
        if versie is not None:
            messages.info(request, f"Versie {versie.versie} van de tekst is opgeslagen.")

    @admin.display(description="Versie")
    def versie(self, obj: Sjabloon) -> str:
        return str(getattr(obj, "laatste_versie", "") or "—")

    @admin.display(description="Samenvoegvelden")
    def samenvoegvelden(self, obj: Sjabloon | None) -> str:
        gebeurtenis = obj.gebeurtenis if obj is not None and obj.gebeurtenis else None
        if gebeurtenis is None:
            return "Kies eerst een gebeurtenis en klik op ‘Voorbeeld bekijken’; dan staan hier de velden."
        return ", ".join(f"{{{veld}}}" for veld in VELDEN[gebeurtenis])

    @admin.display(description="Voorbeeld (met een verzonnen zaak)")
    def voorbeeld(self, obj: Sjabloon | None) -> SafeString:
        # obj is the form's instance: the saved sjabloon, or after "Voorbeeld bekijken" (or a
        # refused save) the values posted, never saved. The id is where that button opens.
        return format_html('<div id="voorbeeld">{}</div>', _voorbeeld(obj))


def _voorbeeld(obj: Sjabloon | None) -> SafeString | str:
    if obj is None or obj.tenant_id is None or not obj.gebeurtenis:
        return (
            "Kies de gemeente en de gebeurtenis, schrijf de tekst en klik op ‘Voorbeeld "
            "bekijken’: dan ziet u hier de tekst zoals een inwoner die krijgt."
        )
    try:
        tekst = voorbeeld(
            obj.gebeurtenis, gemeente_naam=obj.tenant.naam, onderwerp=obj.onderwerp, tekst=obj.tekst
        )
    except ValidationError:
        return "Geen voorbeeld: verbeter eerst de fouten in het onderwerp of de tekst."
    return format_html(
        "<div><strong>{}</strong></div>{}",
        tekst.onderwerp,
        linebreaks_filter(tekst.tekst, autoescape=True),  # escapes, then safe
    )


@admin.register(Bericht)
class BerichtAdmin(PerTenant):
    list_display = (
        "zaak_identificatie",
        "gebeurtenis",
        "kanaal",
        "status",
        "pogingen",
        "volgende_poging",
        "laatste_fout",
    )
    list_filter = ("status", "kanaal", "gebeurtenis", ("tenant", GemeenteFilter))
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
