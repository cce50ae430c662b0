"""The contact centre (KCC, /werkplek/kcc/): find the caller, see them on one screen, record the
contact and, when needed, a contactverzoek for a team or colleague; and the contactverzoeken in
the werkvoorraad of whoever they are for (ADR 0054).

A caller found only in the BRP, the KvK or a zaak has no partij yet: the page is then opened by a
random key kept in the session (never a BSN in a URL); recording a contact makes them a partij.
Each opening of a caller's screen is logged in the inzage log.
"""

from __future__ import annotations

import secrets
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from iwerk.core import inzage
from iwerk.core.api.problems import ApiError
from iwerk.core.validators import is_valid_rsin
from iwerk.core.weergave import moment
from iwerk.klantinteracties.selectors import contactverzoeken
from iwerk.klantinteracties.selectors import kcc as kcc_zoeken
from iwerk.klantinteracties.selectors.klantbeeld import klantbeeld
from iwerk.klantinteracties.services import kcc
from iwerk.medewerkers import selectors as medewerkers
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import attach, new_token, once
from iwerk.medewerkers.roles import KCC, TOEWIJZEN_AAN_ANDEREN
from iwerk.werkplek.context import vergeten
from iwerk.werkplek.kccforms import AfhandelForm, ContactForm, ZoekForm
from iwerk.werkplek.views.common import werkplek

SESSIE = "kcc_klanten"  # key -> {"bsn", "kvk", "naam", "gemeente"}: callers without a partij
MAX_IN_SESSIE = 50


def _gebruiker(request) -> User:
    user = request.user
    assert isinstance(user, User)  # behind werkplek_view: signed in
    return user


def _onthouden(request, treffer) -> str:
    """A key for a caller without a partij, kept in the session (the newest MAX_IN_SESSIE)."""
    klanten = dict(request.session.get(SESSIE, {}))
    sleutel = secrets.token_urlsafe(9)
    klanten[sleutel] = {
        "bsn": treffer.bsn,
        "kvk": treffer.kvk,
        "naam": treffer.naam,
        "gemeente": werkplek(request).gemeente.pk,
    }
    request.session[SESSIE] = dict(list(klanten.items())[-MAX_IN_SESSIE:])
    return sleutel


def _link(request, treffer) -> str:
    if treffer.partij_uuid is not None:
        return f"/werkplek/kcc/partijen/{treffer.partij_uuid}/"
    return f"/werkplek/kcc/klanten/{_onthouden(request, treffer)}/"


@werkplek_view(KCC)
def zoeken(request):
    context = werkplek(request)
    form = ZoekForm(request.GET or None)
    treffers: list[kcc_zoeken.Treffer] = []
    meldingen: list[str] = []
    gezocht = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        vraag = kcc_zoeken.Zoekvraag(
            soort=data["soort"],
            waarde=data["waarde"].strip(),
            achternaam=data["achternaam"].strip(),
            geboortedatum=data["geboortedatum"],
            postcode=data["postcode"].strip(),
            huisnummer=data["huisnummer"],
            huisletter=data["huisletter"].strip(),
            toevoeging=data["toevoeging"].strip(),
        )
        gezocht = True
        bsn = vraag.waarde.replace(" ", "")
        if vraag.soort == "bsn" and bsn.isascii() and is_valid_rsin(bsn):
            inzage.bsn_zoekopdracht(
                context.actor,
                bsn=bsn,
                kanaal="werkplek",
                tenant_ids=[context.gemeente.pk],
            )
        try:
            resultaat = kcc_zoeken.zoeken(context, vraag)
        except kcc_zoeken.Zoekfout as fout:
            if fout.veld in form.fields:
                form.add_error(fout.veld, str(fout))
            elif fout.veld:
                form.add_error(None, str(fout))
            else:  # nobody found: an answer, not a mistake in the form
                meldingen.append(str(fout))
        else:
            treffers, meldingen = resultaat.treffers, list(resultaat.meldingen)
    regels = [(t, _link(request, t)) for t in treffers]
    if len(regels) == 1 and not meldingen:
        return redirect(regels[0][1])
    return render(
        request,
        "werkplek/kcc/zoeken.html",
        {
            "form": form,
            "regels": regels,
            "meldingen": meldingen,
            "gezocht": gezocht,
            "nav": "kcc",
        },
        status=400 if form.errors else 200,
    )


@werkplek_view(KCC)
def partij(request, uuid: UUID):
    return _klantscherm(request, kcc.Beller(partij_uuid=uuid), partij_uuid=uuid)


@werkplek_view(KCC)
def klant(request, sleutel: str):
    bewaard = request.session.get(SESSIE, {}).get(sleutel)
    if bewaard is None or bewaard.get("gemeente") != werkplek(request).gemeente.pk:
        messages.info(request, "Zoek de klant opnieuw op.")
        return redirect("/werkplek/kcc/")
    beller = kcc.Beller(bsn=bewaard["bsn"], kvk=bewaard["kvk"], naam=bewaard["naam"])
    return _klantscherm(request, beller)


def _klantscherm(request, beller: kcc.Beller, *, partij_uuid: UUID | None = None):
    context = werkplek(request)
    try:
        beeld = klantbeeld(
            context, partij_uuid=partij_uuid, bsn=beller.bsn, kvk=beller.kvk, naam=beller.naam
        )
    except LookupError as fout:
        raise Http404("Deze klant is niet bekend in deze gemeente.") from fout
    inzage.door_actor(
        context.actor,
        tenant_id=context.gemeente.pk,
        kanaal="werkplek",
        soort="klantbeeld",
        object_uuid=beeld.partij.uuid if beeld.partij is not None else None,
        bsn=beeld.bsn,
        omschrijving=f"KCC: klantbeeld van {beeld.naam}"[:300],
    )
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        zaken=[(str(z.uuid), f"{z.identificatie} — {z.zaaktype}") for z in beeld.zaken],
        teams=[(str(pk), naam) for pk, naam in medewerkers.teams(context.gemeente.pk)],
        medewerkers=medewerkers.zaakbehandelaars(context.gemeente.pk),
        initial={"verzoek_telefoonnummer": _telefoon(beeld)},
    )
    if request.method == "POST" and form.is_valid():
        if beeld.partij is not None:
            beller = kcc.Beller(partij_uuid=beeld.partij.uuid)
        resultaat = once(
            request,
            lambda: _vastleggen(request, beller, form.cleaned_data),
            form=form,
        )
        if resultaat is not None:
            return resultaat
    response = render(
        request,
        "werkplek/kcc/klant.html",
        {
            "beeld": beeld,
            "form": form,
            "formtoken": new_token(),
            "nu": timezone.now(),
            "nav": "kcc",
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"  # personal data: not kept by the browser or a proxy
    return response


def _telefoon(beeld) -> str:
    for adres in beeld.digitale_adressen:
        if adres.soort_digitaal_adres == "telefoonnummer":
            return adres.adres
    return ""


def _vastleggen(request, beller: kcc.Beller, data: dict) -> str:
    context = werkplek(request)
    verzoek = None
    if data.get("contactverzoek"):
        team = data.get("verzoek_team") or ""
        verzoek = kcc.Verzoekgegevens(
            soort=data.get("verzoek_soort") or "terugbellen",
            toelichting=data.get("verzoek_toelichting", ""),
            uiterlijk_op=data["verzoek_uiterlijk_op"],
            team_id=int(team) if team.isdigit() else None,
            medewerker=data.get("verzoek_medewerker") or "",
            telefoonnummer=data.get("verzoek_telefoonnummer", ""),
        )
    zaak = data.get("zaak") or ""
    vastgelegd = kcc.contact_vastleggen(
        context,
        _gebruiker(request),
        beller,
        kcc.Contactgegevens(
            kanaal=data["kanaal"],
            onderwerp=data["onderwerp"],
            resultaat=data["resultaat"],
            inhoud=data.get("inhoud", ""),
            zaak_uuid=UUID(zaak) if zaak else None,
        ),
        verzoek,
    )
    tekst = f"Contact vastgelegd (nummer {vastgelegd.klantcontact.nummer})."
    taak = vastgelegd.contactverzoek
    if taak is not None and taak.uiterlijk_op is not None:
        tekst += (
            f" Contactverzoek {taak.nummer} uitgezet, uiterlijk "
            f"{moment(taak.uiterlijk_op)} af te handelen."
        )
    messages.success(request, tekst)
    return f"/werkplek/kcc/partijen/{vastgelegd.partij.uuid}/"


@werkplek_view()
def verzoeken(request):
    """The open contactverzoeken for the staff member and their teams (a teamleider: ?alle=1,
    every one of the gemeente)."""
    context = werkplek(request)
    alle = request.GET.get("alle") == "1" and context.kan(TOEWIJZEN_AAN_ANDEREN)
    return render(
        request,
        "werkplek/kcc/verzoeken.html",
        {
            "verzoeken": contactverzoeken.lijst(context, _gebruiker(request), hele_gemeente=alle),
            "alle": alle,
            "kan_alle": context.kan(TOEWIJZEN_AAN_ANDEREN),
            "nav": "verzoeken",
        },
    )


@werkplek_view()
def verzoek(request, uuid: UUID):
    context = werkplek(request)
    regel = contactverzoeken.detail(context, _gebruiker(request), uuid)
    # Read by whom it is for (their team, a teamleider) and by the contact centre; each view
    # is logged, as it shows a caller's question and number.
    if regel is None or not (regel.mag_afhandelen or context.kan(KCC)):
        raise Http404("Dit contactverzoek bestaat niet of u mag het niet zien.")
    inzage.door_actor(
        context.actor,
        tenant_id=context.gemeente.pk,
        kanaal="werkplek",
        soort="contactverzoek",
        object_uuid=regel.uuid,
        omschrijving=f"Contactverzoek {regel.nummer} van {regel.klant}"[:300],
    )
    if request.method == "POST" and regel.afgehandeld_op is not None:
        messages.info(request, "Dit contactverzoek is intussen al afgehandeld; zie hieronder.")
        return redirect(request.path)
    form = AfhandelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def afhandelen() -> str:
            try:
                kcc.verzoek_afhandelen(
                    context,
                    _gebruiker(request),
                    uuid,
                    antwoord=data["antwoord"],
                    bereikt=data["bereikt"] == "ja",
                    kanaal=data["kanaal"],
                )
            except LookupError as fout:
                raise Http404("U kunt dit contactverzoek niet afhandelen.") from fout
            vergeten(request)
            if data["bereikt"] == "ja":
                messages.success(request, "Het contactverzoek is afgehandeld.")
                return "/werkplek/kcc/verzoeken/"
            messages.info(
                request, "Vastgelegd dat de klant niet bereikt is; het verzoek blijft open."
            )
            return request.path

        try:
            resultaat = once(request, afhandelen, form=form)
        except ApiError as fout:  # outside once's own handling: keep the page, show why
            attach(form, fout)
            resultaat = None
        if resultaat is not None:
            return resultaat
    return render(
        request,
        "werkplek/kcc/verzoek.html",
        {
            "verzoek": regel,
            "form": form,
            "formtoken": new_token(),
            "nav": "verzoeken",
        },
        status=400 if form.errors else 200,
    )
