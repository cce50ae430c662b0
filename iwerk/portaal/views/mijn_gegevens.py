"""Mijn gegevens: the signed-in citizen's or company's e-mail addresses and phone numbers in the
gemeente's Klantinteracties register, and the channel the gemeente uses to tell them about their
zaken (ADR 0055). One page; every form posts to it with an `actie`."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from iwerk.core.api.problems import ValidationFailed
from iwerk.klantinteracties.models import SoortDigitaalAdres
from iwerk.klantinteracties.selectors.toegang import Toegangen
from iwerk.klantinteracties.services import portaalcontact
from iwerk.klantinteracties.services.digitaleadressen import adres_fout
from iwerk.portaal import selectors
from iwerk.portaal.selectors.mijn_gegevens import Adresregel, MijnGegevens, get_mijn_gegevens
from iwerk.portaal.services import indienen, verificatie
from iwerk.portaal.views.common import portaal_view

# An HttpRequest with `gemeente` and `identiteit`, as portaal_view sets them.
PortaalRequest = Any
Uitkomst = HttpResponseRedirect | dict[str, Any]
SESSION_TOKENS = "portaal_gegevenstokens"
ALLEEN_MIJN_ZAKEN = "mijn-zaken"


class AdresForm(forms.Form):
    soort = forms.ChoiceField(
        label="Wat wilt u toevoegen?",
        choices=[
            (SoortDigitaalAdres.email.value, "E-mailadres"),
            (SoortDigitaalAdres.telefoonnummer.value, "Telefoonnummer"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies e-mailadres of telefoonnummer.",
            "invalid_choice": "Kies e-mailadres of telefoonnummer.",
        },
    )
    adres = forms.CharField(
        label="E-mailadres of telefoonnummer",
        max_length=80,
        help_text="Bij een e-mailadres sturen wij een code om te bevestigen dat het van u is. "
        "Op een 06-nummer kunt u ook sms-berichten krijgen.",
        error_messages={
            "required": "Vul het e-mailadres of telefoonnummer in.",
            "max_length": "Vul hoogstens 80 tekens in.",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        soort, adres = data.get("soort"), data.get("adres")
        if soort and adres and (reden := adres_fout(soort, portaalcontact.normaal(soort, adres))):
            self.add_error("adres", reden)
        return data


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code uit de e-mail",
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": "Vul de code van 6 cijfers uit de e-mail in.",
            "invalid": "De code bestaat uit 6 cijfers.",
        },
    )


class VoorkeurForm(forms.Form):
    voorkeur = forms.ChoiceField(
        label="Hoe wilt u berichten over uw zaken ontvangen?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies hoe u berichten wilt ontvangen.",
            "invalid_choice": "Kies een van de adressen hieronder.",
        },
    )

    def __init__(self, *args: Any, gegevens: MijnGegevens, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keuzes = [(str(r.adres.uuid), f"{r.soort}: {r.adres.adres}") for r in gegevens.voorkeuren]
        keuzes.append((ALLEEN_MIJN_ZAKEN, "Alleen in Mijn zaken (geen e-mail of sms)"))
        veld = self.fields["voorkeur"]
        assert isinstance(veld, forms.ChoiceField)
        veld.choices = keuzes
        self.fields["voorkeur"].initial = gegevens.voorkeur or ALLEEN_MIJN_ZAKEN


def _token(request: PortaalRequest) -> str:
    token = secrets.token_urlsafe(16)
    tokens = request.session.get(SESSION_TOKENS, [])[-20:]
    request.session[SESSION_TOKENS] = [*tokens, token]
    return token


def _verbruik(request: PortaalRequest) -> bool:
    """True once per page shown: a double click or a resent form does nothing twice."""
    token = request.POST.get("formtoken", "")
    tokens = request.session.get(SESSION_TOKENS, [])
    if token not in tokens:
        return False
    tokens.remove(token)
    request.session[SESSION_TOKENS] = tokens
    return True


def _terug(request: PortaalRequest, anker: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(f"/{request.gemeente.slug}/mijn-gegevens/" + anker)


def _regel(request: PortaalRequest, gegevens: MijnGegevens) -> Adresregel:
    """The address the form names, when it is one of the signed-in person's own; 404 else (a
    uuid of someone else's address is exactly as unknown as one that does not exist)."""
    regel = gegevens.regel(request.POST.get("adres_uuid", ""))
    if regel is None:
        raise Http404("Dit adres bestaat niet of is niet van u.")
    return regel


def _fouten(form: forms.Form, prefix: str) -> list[tuple[str, str, str]]:
    """(anchor, label, message) per error, for the summary above the forms."""
    items = []
    for naam, fouten in form.errors.items():
        if naam == "__all__" or naam not in form.fields:
            items.append(("", "", " ".join(str(f) for f in fouten)))
            continue
        veld = form[naam]
        anker = f"{veld.auto_id}_0" if veld.widget_type == "radioselect" else veld.auto_id
        items.append(
            (anker or f"{prefix}-{naam}", str(veld.label), " ".join(str(f) for f in fouten))
        )
    return items


def _toevoegen(request: PortaalRequest, gegevens: MijnGegevens, wie_toegang: Toegangen) -> Uitkomst:
    form = AdresForm(request.POST, auto_id="toevoegen-%s")
    if not form.is_valid():
        return {"toevoegen": form}
    soort, adres = form.cleaned_data["soort"], form.cleaned_data["adres"]
    try:
        with transaction.atomic():
            partij = gegevens.partij or portaalcontact.partij_voor(
                wie_toegang,
                request.gemeente.pk,
                selectors.inwoner(request.gemeente, request.identiteit),
            )
            nieuw = portaalcontact.adres_toevoegen(wie_toegang, partij, soort, adres)
            if soort == SoortDigitaalAdres.email:
                verificatie.code_sturen(request.gemeente, nieuw)
    except ValidationFailed as fout:
        for param in fout.params:
            form.add_error(param.name if param.name in form.fields else None, param.reason)
        return {"toevoegen": form}
    except verificatie.CodeFout as fout:  # nothing kept: the address waits for no code
        form.add_error("adres", str(fout))
        return {"toevoegen": form}
    if soort == SoortDigitaalAdres.email:
        messages.success(
            request,
            f"Wij hebben een code gestuurd naar {nieuw.adres}. Vul die hieronder in om het "
            "adres te bevestigen.",
        )
    else:
        messages.success(request, f"Het telefoonnummer {nieuw.adres} is toegevoegd.")
    return _terug(request, f"#adres-{nieuw.uuid}")


def _code(request: PortaalRequest, gegevens: MijnGegevens, wie_toegang: Toegangen) -> Uitkomst:
    regel = _regel(request, gegevens)
    form = CodeForm(request.POST, auto_id=f"code-{regel.adres.uuid}-%s")
    if form.is_valid():
        try:
            assert gegevens.partij is not None  # an address of theirs: they have a partij
            verificatie.bevestigen(
                wie_toegang, gegevens.partij, regel.adres, form.cleaned_data["code"]
            )
        except verificatie.CodeFout as fout:
            form.add_error("code", str(fout))
        else:
            messages.success(request, f"Het e-mailadres {regel.adres.adres} is bevestigd.")
            return _terug(request, "#voorkeur")
    return {"code": form, "code_adres": str(regel.adres.uuid)}


def _nieuwe_code(
    request: PortaalRequest, gegevens: MijnGegevens, wie_toegang: Toegangen
) -> HttpResponseRedirect:
    regel = _regel(request, gegevens)
    if not regel.wacht_op_code:
        messages.info(request, "Dit adres hoeft niet (meer) bevestigd te worden.")
        return _terug(request)
    try:
        verificatie.code_sturen(request.gemeente, regel.adres)
    except verificatie.CodeFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, f"Wij hebben een nieuwe code gestuurd naar {regel.adres.adres}.")
    return _terug(request, f"#adres-{regel.adres.uuid}")


def _verwijderen(
    request: PortaalRequest, gegevens: MijnGegevens, wie_toegang: Toegangen
) -> HttpResponseRedirect:
    regel = _regel(request, gegevens)
    assert gegevens.partij is not None
    verificatie.adres_verwijderen(wie_toegang, gegevens.partij, regel.adres)
    messages.success(request, f"{regel.soort} {regel.adres.adres} is verwijderd.")
    return _terug(request)


def _voorkeur(request: PortaalRequest, gegevens: MijnGegevens, wie_toegang: Toegangen) -> Uitkomst:
    form = VoorkeurForm(request.POST, gegevens=gegevens, auto_id="voorkeur-%s")
    if not form.is_valid():
        return {"voorkeur": form}
    keuze = form.cleaned_data["voorkeur"]
    regel = None if keuze == ALLEEN_MIJN_ZAKEN else gegevens.regel(keuze)
    if gegevens.partij is None:
        messages.info(request, "U heeft nog geen adressen; berichten komen in Mijn zaken.")
        return _terug(request)
    portaalcontact.voorkeur_kiezen(
        wie_toegang, gegevens.partij, regel.adres if regel is not None else None
    )
    messages.success(
        request,
        f"Wij sturen berichten over uw zaken voortaan naar {regel.adres.adres}."
        if regel is not None
        else "Berichten over uw zaken ziet u voortaan alleen in Mijn zaken.",
    )
    return _terug(request, "#voorkeur")


ACTIES = {
    "toevoegen": _toevoegen,
    "code": _code,
    "nieuwe-code": _nieuwe_code,
    "verwijderen": _verwijderen,
    "voorkeur": _voorkeur,
}


@portaal_view(ingelogd=True)
def mijn_gegevens(request: PortaalRequest) -> HttpResponse:
    wie = request.identiteit
    if wie.handelt_namens:
        # Contact details are the person's own: a machtiging covers services, not these.
        if request.method == "POST":
            raise PermissionDenied("Alleen de persoon zelf kan deze gegevens wijzigen.")
        return render(
            request,
            "portaal/mijn_gegevens.html",
            {"gemeente": request.gemeente, "identiteit": wie, "namens": True},
        )
    gegevens = get_mijn_gegevens(request.gemeente, wie)
    gebonden: dict[str, Any] = {}
    if request.method == "POST":
        actie = ACTIES.get(request.POST.get("actie", ""))
        if actie is None:
            raise Http404("Onbekende actie.")
        if not _verbruik(request):
            messages.info(request, "Dit formulier was al verstuurd; er is niets dubbel gedaan.")
            return _terug(request)
        wie_toegang = portaalcontact.toegangen_voor_inwoner(
            indienen.actor(request.gemeente.pk, wie), request.gemeente.pk
        )
        uitkomst = actie(request, gegevens, wie_toegang)
        if isinstance(uitkomst, HttpResponseRedirect):
            return uitkomst
        gebonden = uitkomst
        gegevens = get_mijn_gegevens(request.gemeente, wie)  # a wrong code counted a try
    fouten = [
        item
        for naam in ("toevoegen", "code", "voorkeur")
        if naam in gebonden
        for item in _fouten(gebonden[naam], naam)
    ]
    return render(
        request,
        "portaal/mijn_gegevens.html",
        {
            "gemeente": request.gemeente,
            "identiteit": wie,
            "gegevens": gegevens,
            "toevoegen": gebonden.get("toevoegen") or AdresForm(auto_id="toevoegen-%s"),
            "voorkeur": gebonden.get("voorkeur")
            or VoorkeurForm(gegevens=gegevens, auto_id="voorkeur-%s"),
            "code": gebonden.get("code"),
            "code_adres": gebonden.get("code_adres", ""),
            "fouten": fouten,
            "formtoken": _token(request),
        },
        status=400 if fouten else 200,
    )
