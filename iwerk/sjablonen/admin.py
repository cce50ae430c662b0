"""Functioneel beheer of letter templates (ADR 0058) and of the texts of messages to the aanvrager
(soort email, ADR 0062: no documenttype, no Word file, no PDF): per gemeente, per zaaktype or for
all, with the current text, the version history (read-only), a preview with sample data and the
field catalogue.

Saving goes through services.sjablonen: the form first runs its check to show the errors next to
the fields (an unknown field, a documenttype the zaaktype does not know), then saves; a changed
text becomes a new version. A functioneel beheerder sees and changes only the templates of the
gemeenten where they have that role (`basisregistraties.admin.PerGemeente`); a superuser all.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from iwerk.basisregistraties.admin import GEMEENTE_FOUTEN, PerGemeente, gemeente_keuzes
from iwerk.catalogi.models import InformatieObjectType
from iwerk.catalogi.selectors.keuzes import zaaktypekeuzes
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.weergave import datum
from iwerk.sjablonen import opmaak, velden
from iwerk.sjablonen.models import Sjabloon, SjabloonVersie
from iwerk.sjablonen.selectors.sjablonen import huidige_versie
from iwerk.sjablonen.selectors.waarden import gemeentewaarden
from iwerk.sjablonen.services.sjablonen import controleer_sjabloon, sjabloon_opslaan
from iwerk.sjablonen.services.weergave import Brieftekst, render

TEKST_HULP = (
    "Gewone tekst; een lege regel begint een nieuwe alinea. Velden tussen dubbele accolades, "
    "zoals {{ zaak.identificatie }}; een stuk tekst alleen als een veld een waarde heeft met "
    "{% if besluit.vervaldatum %} … {% endif %}. De lijst met velden staat onderaan."
)


def documenttypekeuzes(gemeente_ids: set[int] | None) -> list[tuple[str, str]]:
    """The published informatieobjecttypen of the gemeenten's catalogi, by omschrijving."""
    typen = InformatieObjectType.objects.filter(concept=False, tenant__toegewezen=True)
    if gemeente_ids is not None:
        typen = typen.filter(tenant_id__in=gemeente_ids)
    namen = sorted(set(typen.values_list("omschrijving", flat=True)), key=str.lower)
    return [("", "---------"), *((n, n) for n in namen)]


# The template's settings (the model's fields); its text is the form's onderwerp and tekst.
INSTELLINGEN = [
    "gemeente",
    "naam",
    "soort",
    "zaaktype_identificatie",
    "informatieobjecttype_omschrijving",
    "vertrouwelijkheidaanduiding",
    "ook_docx",
    "bewerkbaar",
    "actief",
]


class SjabloonForm(forms.ModelForm):
    gemeente_ids: set[int] | None = set()  # set per request by PerGemeente.get_form

    zaaktype_identificatie = forms.ChoiceField(
        label="Zaaktype",
        required=False,
        help_text="Leeg: voor alle zaaktypen van de gemeente.",
        error_messages={
            "invalid_choice": "Kies een zaaktype uit de lijst: die noemt de zaaktypen in de "
            "catalogi van uw gemeente(n)."
        },
    )
    informatieobjecttype_omschrijving = forms.ChoiceField(
        label="Documenttype",
        # Required for a letter (the service says so next to the field), not for a message.
        required=False,
        help_text="Het informatieobjecttype waarmee de brief als document bij de zaak komt; het "
        "zaaktype moet het kennen. Leeg bij een bericht aan de aanvrager: dat wordt geen "
        "document.",
        error_messages={
            "required": "Kies het documenttype van de brief.",
            "invalid_choice": "Kies een documenttype uit de lijst.",
        },
    )
    onderwerp = forms.CharField(
        label="Onderwerp",
        max_length=200,
        help_text="Het onderwerp van de brief, ook de titel van het document. Velden mogen. Bij "
        "een bericht aan de aanvrager alleen om het sjabloon te herkennen: de aanvrager ziet het "
        "niet.",
        error_messages={"required": "Vul het onderwerp van de brief in."},
    )
    tekst = forms.CharField(
        label="Tekst",
        widget=forms.Textarea(attrs={"rows": 22, "cols": 100}),
        help_text=TEKST_HULP,
        error_messages={"required": "Vul de tekst van de brief in."},
    )

    class Meta:
        model = Sjabloon
        fields = INSTELLINGEN
        error_messages = {
            "gemeente": GEMEENTE_FOUTEN,
            "naam": {"required": "Geef het sjabloon een naam."},
            "soort": {"required": "Kies een soort sjabloon."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "gemeente" in self.fields:
            self.fields["gemeente"].queryset = gemeente_keuzes(self.gemeente_ids)  # type: ignore[attr-defined]
        zaaktypen = zaaktypekeuzes(self.gemeente_ids)
        zaaktypen[0] = ("", "Alle zaaktypen")
        documenttypen = documenttypekeuzes(self.gemeente_ids)
        if self.instance.pk:
            for keuzes, huidig in (
                (zaaktypen, self.instance.zaaktype_identificatie),
                (documenttypen, self.instance.informatieobjecttype_omschrijving),
            ):
                if huidig and huidig not in dict(keuzes):
                    keuzes.append((huidig, f"{huidig} (niet meer in een catalogus)"))
            versie = huidige_versie(self.instance)
            if versie is not None:
                self.initial.setdefault("onderwerp", versie.onderwerp)
                self.initial.setdefault("tekst", versie.tekst)
        self.fields["zaaktype_identificatie"].choices = zaaktypen  # type: ignore[attr-defined]
        self.fields["informatieobjecttype_omschrijving"].choices = documenttypen  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        gemeente = cleaned.get("gemeente") or (self.instance.gemeente if self.instance.pk else None)
        if gemeente is None or self.errors:
            return cleaned
        kandidaat = Sjabloon(
            pk=self.instance.pk,
            gemeente=gemeente,
            **{
                veld: cleaned.get(veld, getattr(self.instance, veld))
                for veld in INSTELLINGEN
                if veld != "gemeente"
            },
        )
        try:
            controleer_sjabloon(
                kandidaat, onderwerp=cleaned.get("onderwerp", ""), tekst=cleaned.get("tekst", "")
            )
        except ValidationFailed as fout:
            for param in fout.params:
                self.add_error(param.name if param.name in self.fields else None, param.reason)
        return cleaned

    def validate_unique(self) -> None:
        # The service says it in Dutch, with the gemeente's name.
        return None


class VersieInline(admin.TabularInline):
    model = SjabloonVersie
    verbose_name = "versie"
    verbose_name_plural = "Versies (nieuwste eerst; een oude versie verandert nooit)"
    fields = ["versie", "aangemaakt_op", "aangemaakt_door", "onderwerp", "tekst"]
    readonly_fields = fields
    ordering = ["-versie"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _voorbeeld(sjabloon: Sjabloon) -> Brieftekst | str:
    """The current version with the sample data (and the gemeente's own), or why it cannot."""
    versie = huidige_versie(sjabloon)
    if versie is None:
        return "Dit sjabloon heeft nog geen tekst."
    waarden = velden.voorbeeldwaarden()
    waarden["gemeente"] = {**gemeentewaarden(sjabloon.gemeente)}
    try:
        return render(onderwerp=versie.onderwerp, tekst=versie.tekst, waarden=waarden)
    except ValidationFailed as fout:
        return " ".join(p.reason for p in fout.params)


@admin.register(Sjabloon)
class SjabloonAdmin(PerGemeente):
    form = SjabloonForm
    # The version history wraps its whole texts inside the page (shared with the other kind of
    # sjabloon).
    change_form_template = "admin/versies_change_form.html"
    inlines = [VersieInline]
    list_display = ["naam", "soort", "zaaktype", "documenttype", "gemeente", "actief", "versie"]
    list_filter = [("gemeente", admin.RelatedOnlyFieldListFilter), "soort", "actief"]
    search_fields = ["naam", "zaaktype_identificatie", "informatieobjecttype_omschrijving"]
    search_help_text = "Zoek op naam, zaaktype of documenttype."
    ordering = ["gemeente__naam", "naam"]
    readonly_fields = ["voorbeeld", "beschikbare_velden"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).annotate(laatste_versie=Max("versies__versie"))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list:
        sets: list = [
            (None, {"fields": INSTELLINGEN}),
            (
                "Tekst (opslaan met een andere tekst maakt een nieuwe versie)",
                {"fields": ["onderwerp", "tekst"]},
            ),
        ]
        if obj is not None:
            sets.append(
                ("Voorbeeld met voorbeeldgegevens (huidige versie)", {"fields": ["voorbeeld"]})
            )
        sets.append(("Velden die u kunt gebruiken", {"fields": ["beschikbare_velden"]}))
        return sets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A template stays with its gemeente: its versions and letters belong there.
        return [*self.readonly_fields, *(["gemeente"] if obj is not None else [])]

    @admin.display(description="Zaaktype")
    def zaaktype(self, obj: Sjabloon) -> str:
        return obj.zaaktype_identificatie or "Alle zaaktypen"

    @admin.display(description="Documenttype")
    def documenttype(self, obj: Sjabloon) -> str:
        return obj.informatieobjecttype_omschrijving or "—"

    @admin.display(description="Versie")
    def versie(self, obj: Sjabloon) -> str:
        return str(getattr(obj, "laatste_versie", "") or "—")

    @admin.display(description="Voorbeeld")
    def voorbeeld(self, obj: Sjabloon) -> SafeString | str:
        brief = _voorbeeld(obj)
        if isinstance(brief, str):
            return brief
        if obj.is_bericht:
            return format_html(
                '<div class="sjabloon-voorbeeld">{}</div>',
                format_html_join("", "<p>{}</p>", ((linebreaksbr(a),) for a in brief.alineas)),
            )
        pdf = reverse("admin:sjablonen_sjabloon_voorbeeld", args=[obj.pk])
        return format_html(
            '<div class="sjabloon-voorbeeld"><p><strong>{}</strong></p>{}</div>'
            '<p><a href="{}">Voorbeeld als PDF</a></p>',
            brief.onderwerp,
            format_html_join("", "<p>{}</p>", ((linebreaksbr(a),) for a in brief.alineas)),
            pdf,
        )

    @admin.display(description="Velden")
    def beschikbare_velden(self, obj: Sjabloon | None = None) -> SafeString:
        rijen = format_html_join(
            "",
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            ((v.code, v.omschrijving, v.voorbeeld) for v in velden.VELDEN),
        )
        filters = format_html_join("", "<li><code>|{}</code>: {}</li>", velden.FILTERS.items())
        return format_html(
            '<table><thead><tr><th scope="col">Veld</th><th scope="col">Betekenis</th>'
            '<th scope="col">Voorbeeld</th></tr></thead><tbody>{}</tbody></table>'
            "<p>Filters achter een veld:</p><ul>{}</ul>",
            rijen,
            filters,
        )

    def save_model(self, request: HttpRequest, obj: Sjabloon, form: Any, change: bool) -> None:
        voor = huidige_versie(obj) if obj.pk else None
        versie = sjabloon_opslaan(
            sjabloon=obj,
            onderwerp=form.cleaned_data["onderwerp"],
            tekst=form.cleaned_data["tekst"],
            door=request.user.get_username(),
        )
        if voor is None or versie.pk != voor.pk:
            messages.info(request, f"Versie {versie.versie} van de tekst is opgeslagen.")

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/voorbeeld.pdf",
                self.admin_site.admin_view(self.voorbeeld_pdf),
                name="sjablonen_sjabloon_voorbeeld",
            ),
            *super().get_urls(),
        ]

    def voorbeeld_pdf(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The current version as the letter's PDF with the sample data (only a template the
        user may see)."""
        sjabloon = self.get_object(request, object_id)
        if sjabloon is None or not self.has_view_or_change_permission(request, sjabloon):
            raise Http404("Sjabloon niet gevonden.")
        if sjabloon.is_bericht:
            raise Http404("Een bericht aan de aanvrager heeft geen PDF.")
        brief = _voorbeeld(sjabloon)
        if isinstance(brief, str):
            raise Http404(brief)
        voorbeeld = velden.voorbeeldwaarden()
        aanvrager = voorbeeld["aanvrager"]
        assert isinstance(aanvrager, dict)
        pagina = opmaak.Briefopmaak(
            afzender=f"Gemeente {sjabloon.gemeente.naam}",
            huiskleur=sjabloon.gemeente.primaire_kleur,
            adres=[aanvrager["naam"], aanvrager["adres"], aanvrager["postcode_woonplaats"]],
            kenmerken=[
                ("Datum", datum(timezone.localdate())),
                ("Ons kenmerk", "ZAAK-2026-0000000123"),
            ],
            onderwerp=brief.onderwerp,
            alineas=brief.alineas,
        )
        response = HttpResponse(opmaak.als_pdf(pagina), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="voorbeeld.pdf"'
        return response
