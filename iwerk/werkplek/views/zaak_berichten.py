"""The handler answers the initiator of a zaak in Mijn zaken (ADR 0055): the message becomes an
extern notitie, a klantcontact with the handler as actor, and a Bericht on the initiator's own
channel (berichten.services.gesprek). Only who may change the zaak; another gemeente's zaak,
or one the user may not read, is a 404 as everywhere on the zaak page.

The text may come from a message template (ADR 0062): "Tekst invullen" shows the message form
with the template's text filled in for the zaak; the form then carries the template version, and
sending checks the text against it (a template that is not bewerkbaar sends its own text)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from iwerk.berichten.services import gesprek
from iwerk.core.api.problems import ValidationFailed
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import new_token
from iwerk.sjablonen.selectors.sjablonen import sjabloon_voor_zaak, tekst_vast
from iwerk.sjablonen.selectors.waarden import aanvragerwaarden, initiator
from iwerk.sjablonen.services import berichttekst
from iwerk.werkplek import selectors
from iwerk.werkplek.forms import BerichtAanAanvragerForm
from iwerk.werkplek.views.brieven import _behandelaar, _uuid
from iwerk.werkplek.views.zaak import _action, get_zaak, log_view
from iwerk.zaken.models import Zaak

RIJEN = 15  # the textarea of a text from a template: about its length, no scrolling at once

GEEN_BEHANDELAAR = (
    "Alleen wie de zaak behandelt, kan de aanvrager een bericht sturen, en alleen zolang de zaak "
    "open is."
)


@require_POST
@werkplek_view()
def beantwoorden(request: Any, uuid: Any) -> HttpResponse:  # request.werkplek: werkplek_view
    context = request.werkplek
    zaak = get_zaak(request, uuid)
    if not selectors.mag_bijwerken(context.actor, zaak):
        raise PermissionDenied("Uw rol geeft u voor deze zaak niet de bevoegdheid om dit te doen.")
    form = BerichtAanAanvragerForm(request.POST)
    if tekst_vast(zaak.tenant_id, request.POST.get("versie", "")):
        # Shown again after a refusal: a fixed template's text stays read-only there too.
        form.fields["tekst"].widget.attrs["readonly"] = True

    def work(zaak: Zaak, data: dict[str, Any]) -> None:
        tekst = data["tekst"]
        if data.get("versie"):
            # Filled in from a template: the text is checked against that version.
            tekst = berichttekst.te_versturen(
                actor=context.actor,
                zaak=zaak,
                versie_id=data["versie"],
                tekst=tekst,
                behandelaar=_behandelaar(request),
            )
        gesprek.antwoord_aan_aanvrager(
            context=context, gebruiker=request.user, zaak=zaak, tekst=tekst
        )

    return _action(
        request,
        uuid,
        "bericht",
        form,
        work,
        success="Uw bericht staat in Mijn zaken; de aanvrager krijgt er bericht van.",
        anchor="berichten",
    )


@require_GET
@werkplek_view()
def tekst_uit_sjabloon(request: Any, uuid: Any) -> HttpResponse:
    """The message form with the text of ?sjabloon= filled in for the zaak (nothing is sent).

    Only for who handles the open zaak (403 otherwise); a template that is not a message
    template of the zaak's gemeente for its zaaktype is not found (404); a template that cannot
    be used or filled in for this zaak shows why, in Dutch.
    """
    context = request.werkplek
    zaak = get_zaak(request, uuid)
    if zaak.einddatum is not None or not selectors.mag_bijwerken(context.actor, zaak):
        return render(
            request, "werkplek/geen_toegang.html", {"reden": GEEN_BEHANDELAAR}, status=403
        )
    sleutel = _uuid(request.GET.get("sjabloon", ""))
    sjabloon = sjabloon_voor_zaak(zaak, sleutel, bericht=True) if sleutel else None
    if sjabloon is None:
        raise Http404("Sjabloon niet gevonden.")
    log_view(request, zaak)  # the text shows the aanvrager's name
    aanvrager = initiator(zaak)
    gevuld, fout = None, ""
    if aanvrager is None:
        fout = "Deze zaak heeft geen aanvrager om een bericht aan te sturen."
    else:
        try:
            gevuld = berichttekst.berichttekst(
                actor=context.actor,
                zaak=zaak,
                sjabloon=sjabloon,
                behandelaar=_behandelaar(request),
            )
        except ValidationFailed as error:
            fout = " ".join(p.reason for p in error.params)
    form = None
    if gevuld is not None:
        form = BerichtAanAanvragerForm(initial={"versie": gevuld.versie.pk, "tekst": gevuld.tekst})
        form.auto_id = "id_bericht_%s"
        attrs = form.fields["tekst"].widget.attrs
        attrs["rows"] = RIJEN  # a template's text is a whole letter-like message
        if not sjabloon.bewerkbaar:
            attrs["readonly"] = True
            attrs["aria-describedby"] = "bericht-vast"  # the note below says why
    return render(
        request,
        "werkplek/berichten/uit_sjabloon.html",
        {
            "zaak": zaak,
            "sjabloon": sjabloon,
            "gevuld": gevuld,
            "fout": fout,
            "form": form,
            "aan": aanvragerwaarden(aanvrager)["naam"] if aanvrager is not None else "",
            "formtoken": new_token(),
        },
    )
