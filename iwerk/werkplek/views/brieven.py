"""A letter from a template for a zaak (ADR 0058): the preview, with the text to edit when the
template allows it, and "Opslaan als document". The rules are sjablonen.services.brieven's; the
page only picks the zaak (404 when the user may not see it), the template and the besluit."""

from __future__ import annotations

import uuid as uuidlib

from django import forms
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from iwerk.besluiten import selectors as besluiten_selectors
from iwerk.besluiten.models import Besluit
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.actor import display_name
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.sjablonen.models import Sjabloon
from iwerk.sjablonen.selectors.sjablonen import huidige_versie, sjabloon_voor_zaak
from iwerk.sjablonen.selectors.waarden import Behandelaar, aanvragerwaarden
from iwerk.sjablonen.services import brieven
from iwerk.sjablonen.services.weergave import gebruikt_besluit
from iwerk.werkplek import selectors
from iwerk.werkplek.views.common import werkplek
from iwerk.werkplek.views.zaak import _url, get_zaak, log_view
from iwerk.zaken.models import Zaak

GEEN_BEHANDELAAR = (
    "Alleen wie de zaak behandelt, kan er een brief bij maken, en alleen zolang de zaak open is."
)


class BriefForm(forms.Form):
    versie = forms.IntegerField(widget=forms.HiddenInput)
    tekst = forms.CharField(
        label="Tekst van de brief",
        widget=forms.Textarea(attrs={"rows": 20}),
        strip=False,
        error_messages={"required": "De brief heeft geen tekst."},
    )

    def __init__(self, *args, bewerkbaar: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only an editable template shows (and takes) the text; otherwise the rendered one.
        self.fields["tekst"].required = bewerkbaar


def _uuid(waarde: str) -> str | None:
    try:
        return str(uuidlib.UUID(waarde))
    except ValueError:
        return None


def _sjabloon(zaak: Zaak, waarde: str) -> Sjabloon:
    sleutel = _uuid(waarde)
    sjabloon = sjabloon_voor_zaak(zaak, sleutel) if sleutel else None
    if sjabloon is None:
        raise Http404("Sjabloon niet gevonden.")
    return sjabloon


def _besluit(besluiten: list[Besluit], waarde: str) -> Besluit | None:
    """The chosen besluit of the zaak; without a choice the newest one."""
    if not waarde:
        return besluiten[0] if besluiten else None
    gekozen = next((b for b in besluiten if str(b.uuid) == waarde), None)
    if gekozen is None:
        raise Http404("Besluit niet gevonden.")
    return gekozen


def _aan(gezien: brieven.Voorbeeld | None) -> str:
    if gezien is None or gezien.aanvrager is None:
        return ""
    aanvrager = aanvragerwaarden(gezien.aanvrager)
    return ", ".join(aanvrager[k] for k in ("naam", "adres", "postcode_woonplaats") if aanvrager[k])


def _behandelaar(request: HttpRequest) -> Behandelaar:
    user = request.user
    assert isinstance(user, User)  # behind werkplek_view: signed in
    return Behandelaar(naam=display_name(user), email=user.email, gebruikersnaam=user.username)


@werkplek_view()
def brief(request: HttpRequest, uuid) -> HttpResponse:
    """GET: the letter of ?sjabloon= (and ?besluit=) for the zaak; POST: save it as a document."""
    zaak = get_zaak(request, uuid)
    context = werkplek(request)
    if zaak.einddatum is not None or not selectors.mag_bijwerken(context.actor, zaak):
        return render(
            request, "werkplek/geen_toegang.html", {"reden": GEEN_BEHANDELAAR}, status=403
        )
    gegevens = request.POST if request.method == "POST" else request.GET
    sjabloon = _sjabloon(zaak, gegevens.get("sjabloon", ""))
    besluiten = list(
        besluiten_selectors.besluiten(context.actor).filter(zaak=zaak).order_by("-datum", "-pk")
    )
    besluit = _besluit(besluiten, gegevens.get("besluit", ""))
    behandelaar = _behandelaar(request)
    if request.method != "POST":
        log_view(request, zaak)  # the preview shows the aanvrager's name and address
        return _pagina(request, zaak, sjabloon, besluiten, besluit, behandelaar, None, 200)
    form = BriefForm(request.POST, bewerkbaar=sjabloon.bewerkbaar)
    huidig = huidige_versie(sjabloon)
    if form.is_valid() and huidig is not None and form.cleaned_data["versie"] != huidig.pk:
        # Changed in beheer since the preview: show the new letter instead of saving.
        melding = (
            "Het sjabloon is intussen gewijzigd. Hieronder staat de brief met de nieuwe tekst; "
            "controleer hem en sla hem opnieuw op."
        )
        return _pagina(request, zaak, sjabloon, besluiten, besluit, behandelaar, None, 409, melding)
    if form.is_valid():
        bewerkt = form.cleaned_data["tekst"] if sjabloon.bewerkbaar else None

        def run() -> str:
            brieven.maak_brief(
                actor=context.actor,
                zaak=zaak,
                sjabloon=sjabloon,
                versie_id=form.cleaned_data["versie"],
                behandelaar=behandelaar,
                besluit=besluit,
                tekst=bewerkt,
            )
            return _url(zaak, "brieven")

        response = once(
            request, run, form=form, success="De brief is als document bij de zaak opgeslagen."
        )
        if response is not None:
            return response
    return _pagina(request, zaak, sjabloon, besluiten, besluit, behandelaar, form, 400)


def _pagina(
    request: HttpRequest,
    zaak: Zaak,
    sjabloon: Sjabloon,
    besluiten: list[Besluit],
    besluit: Besluit | None,
    behandelaar: Behandelaar,
    form: BriefForm | None,
    status: int,
    melding: str = "",
) -> HttpResponse:
    versie = huidige_versie(sjabloon)
    met_besluit = versie is not None and gebruikt_besluit(
        onderwerp=versie.onderwerp, tekst=versie.tekst
    )
    gezien, fout = None, ""
    try:
        gezien = brieven.voorbeeld(
            zaak=zaak,
            sjabloon=sjabloon,
            behandelaar=behandelaar,
            besluit=besluit if met_besluit else None,
        )
    except ValidationFailed as error:
        fout = " ".join(p.reason for p in error.params)
    if gezien is not None and form is None:
        form = BriefForm(
            initial={"versie": gezien.versie.pk, "tekst": gezien.brief.tekst},
            bewerkbaar=sjabloon.bewerkbaar,
        )
    return render(
        request,
        "werkplek/brieven/voorbeeld.html",
        {
            "zaak": zaak,
            "sjabloon": sjabloon,
            "gezien": gezien,
            "fout": fout,
            "melding": melding,
            "aan": _aan(gezien),
            "form": form,
            "met_besluit": met_besluit,
            "besluiten": besluiten,
            "besluit": besluit if met_besluit else None,
            "vertrouwelijkheid": dict(Vertrouwelijkheidaanduiding.choices).get(
                gezien.vertrouwelijkheidaanduiding if gezien else "", ""
            ),
            "formtoken": new_token(),
        },
        status=status,
    )
