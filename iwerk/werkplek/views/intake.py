"""Intake: a case that came in by phone, e-mail, counter or post, registered with its initiator."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from iwerk.catalogi.models import RolType, StatusType, ZaakType, valid_on
from iwerk.core.api.problems import ValidationFailed
from iwerk.werkplek.access import werkplek_view
from iwerk.werkplek.actor import display_name, medewerker_of
from iwerk.werkplek.forms import IntakeForm
from iwerk.werkplek.views.common import new_token, once
from iwerk.zaken.services import ZaakGegevens, add_klantcontact, add_rol, register_zaak, set_status
from iwerk.zaken.services.toewijzing import assign


def _zaaktypen(context):
    return (
        ZaakType.objects.filter(tenant=context.gemeente, concept=False)
        .filter(valid_on(timezone.localdate()))
        .order_by("omschrijving")
    )


def _max_vertrouwelijkheid(context) -> str | None:
    grants = context.actor.grants_with("zrc", "zaken.aanmaken")
    if not grants:
        return None
    return max(grants, key=lambda g: g.max_rank).max_vertrouwelijkheid


def _initiator(data: dict) -> tuple[str, dict]:
    adres = {
        "gorOpenbareRuimteNaam": data.get("straat") or "",
        "aoaHuisnummer": data.get("huisnummer") or 0,
        "aoaPostcode": (data.get("postcode") or "").replace(" ", "").upper(),
        "wplWoonplaatsNaam": data.get("woonplaats") or "",
        "aoaIdentificatie": "",
        "aoaHuisletter": "",
        "aoaHuisnummertoevoeging": "",
        "inpLocatiebeschrijving": "",
    }
    if data["initiator_type"] == "vestiging":
        return "vestiging", {
            "kvkNummer": data["kvk_nummer"],
            "handelsnaam": [data["handelsnaam"]],
            "vestigingsNummer": "",
            "verblijfsadres": adres,
        }
    return "natuurlijk_persoon", {
        "inpBsn": data.get("bsn") or "",
        "geslachtsnaam": data["geslachtsnaam"],
        "voornamen": data.get("voornamen") or "",
        "voorletters": "",
        "verblijfsadres": adres,
    }


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
            zaaktype = data["zaaktype"]
            initiator = RolType.objects.filter(
                zaaktype=zaaktype, omschrijving_generiek="initiator"
            ).first()
            if initiator is None:
                raise ValidationFailed.single(
                    "zaaktype", "no-initiator", "Dit zaaktype kent geen rol 'initiator'."
                )
            zaak = register_zaak(
                actor=actor,
                zaaktype=zaaktype,
                gegevens=ZaakGegevens(
                    bronorganisatie=context.gemeente.rsin,
                    verantwoordelijke_organisatie=context.gemeente.rsin,
                    startdatum=data["startdatum"],
                    omschrijving=data["omschrijving"],
                    toelichting=data["toelichting"],
                    vertrouwelijkheidaanduiding=data["vertrouwelijkheidaanduiding"],
                ),
            )
            betrokkene_type, identificatie = _initiator(data)
            contact = {
                "emailadres": data.get("emailadres") or "",
                "telefoonnummer": data.get("telefoonnummer") or "",
                "naam": data.get("geslachtsnaam") or data.get("handelsnaam") or "",
                "functie": "",
            }
            add_rol(
                actor=actor,
                zaak=zaak,
                roltype=initiator,
                betrokkene_type=betrokkene_type,
                betrokkene_identificatie=identificatie,
                roltoelichting="Aanvrager",
                contactpersoon_rol=contact,
            )
            eerste = StatusType.objects.filter(zaaktype=zaaktype).order_by("volgnummer").first()
            if eerste is not None:
                set_status(
                    actor=actor,
                    zaak=zaak,
                    statustype=eerste,
                    datum_status_gezet=timezone.now(),
                    statustoelichting=f"Ontvangen via {dict(form.fields['kanaal'].choices)[data['kanaal']].lower()}",
                )
            add_klantcontact(
                actor=actor,
                zaak=zaak,
                datumtijd=timezone.now(),
                kanaal=data["kanaal"],
                onderwerp=data["omschrijving"][:200],
                toelichting=f"Intake door {display_name(request.user)}",
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
