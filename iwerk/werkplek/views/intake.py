"""Intake: a case that came in by phone, e-mail, counter or post, registered with its initiator."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.actor import display_name
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.werkplek.forms import IntakeForm
from iwerk.werkplek.views.common import medewerker_of
from iwerk.zaken.selectors import zaaktypen_to_register
from iwerk.zaken.services import ZaakGegevens
from iwerk.zaken.services.aanvraag import Initiator, persoon, register_aanvraag, vestiging
from iwerk.zaken.services.toewijzing import assign


def _zaaktypen(context):
    """Only the zaaktypen the user's role may register zaken of (issue 23); the service still
    checks the zaaktype posted."""
    return (
        zaaktypen_to_register(context.actor, timezone.localdate())
        .filter(tenant=context.gemeente)
        .order_by("omschrijving")
    )


def _max_vertrouwelijkheid(context) -> str | None:
    grants = context.actor.grants_with("zrc", "zaken.aanmaken")
    if not grants:
        return None
    return max(grants, key=lambda g: g.max_rank).max_vertrouwelijkheid


def _initiator(data: dict) -> Initiator:
    verblijf = {
        "straat": data.get("straat"),
        "huisnummer": data.get("huisnummer"),
        "postcode": data.get("postcode"),
        "woonplaats": data.get("woonplaats"),
    }
    contact = {
        "emailadres": data.get("emailadres") or "",
        "telefoonnummer": data.get("telefoonnummer") or "",
        "naam": data.get("geslachtsnaam") or data.get("handelsnaam") or "",
    }
    if data["initiator_type"] == "vestiging":
        return Initiator(
            "vestiging",
            vestiging(kvk_nummer=data["kvk_nummer"], handelsnaam=data["handelsnaam"], **verblijf),
            contact,
        )
    return Initiator(
        "natuurlijk_persoon",
        persoon(
            bsn=data.get("bsn") or "",
            geslachtsnaam=data["geslachtsnaam"],
            voornamen=data.get("voornamen") or "",
            **verblijf,
        ),
        contact,
    )


@werkplek_view()
def intake(request):
    context = request.werkplek
    zaaktypen = _zaaktypen(context)
    form = IntakeForm(
        request.POST or None,
        zaaktypen=zaaktypen,
        max_vertrouwelijkheid=_max_vertrouwelijkheid(context),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = context.actor

        def run():
            zaak = register_aanvraag(
                actor=actor,
                zaaktype=data["zaaktype"],
                gegevens=ZaakGegevens(
                    bronorganisatie=context.gemeente.rsin,
                    verantwoordelijke_organisatie=context.gemeente.rsin,
                    startdatum=data["startdatum"],
                    omschrijving=data["omschrijving"],
                    toelichting=data["toelichting"],
                    vertrouwelijkheidaanduiding=data["vertrouwelijkheidaanduiding"],
                ),
                initiator=_initiator(data),
                kanaal=data["kanaal"],
                toelichting_contact=f"Intake door {display_name(request.user)}",
            )
            if data["mij_toewijzen"]:
                assign(actor=actor, zaak=zaak, medewerker=medewerker_of(request.user))
            return f"/werkplek/zaken/{zaak.uuid}/"

        response = once(request, run, form=form, success="De zaak is geregistreerd.")
        if response is not None:
            return response
    return render(
        request,
        "werkplek/intake.html",
        {"form": form, "formtoken": new_token(), "nav": "intake"},
        status=400 if request.method == "POST" else 200,
    )
