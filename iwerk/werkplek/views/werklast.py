"""The teamleider's workload view (/werkplek/werklast/, ADR 0060): per team the open zaken and
tasks per member, who is away, the team queue and the intake; per member a page to move their
zaken and tasks in bulk to a colleague or back to the team.

The rules live in iwerk.werkverdeling (selectors.werklast, services.herverdelen) and in
iwerk.medewerkers.services (absence); these views parse, call and render.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from iwerk.core.weergave import aantal
from iwerk.medewerkers import services as medewerkers_services
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.medewerkers.roles import WERKLAST
from iwerk.werkplek import selectors
from iwerk.werkplek.views.common import geldige_uuids, werkplek
from iwerk.werkverdeling.selectors import werklast
from iwerk.werkverdeling.services import herverdelen

TOON = herverdelen.MAX_PER_KEER  # rows per list on a member's page


class AfwezigheidForm(forms.Form):
    afwezig_tot = forms.DateField(
        label="Afwezig tot en met",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Vul de laatste dag van de afwezigheid in.",
            "invalid": "Vul een geldige datum in.",
        },
    )


class HerverdelenForm(forms.Form):
    naar = forms.ChoiceField(
        label="Verplaatsen naar",
        error_messages={
            "required": "Kies een collega of het team.",
            "invalid_choice": "Kies een collega of team uit de lijst.",
        },
    )

    def __init__(self, *args, lid: werklast.Lid, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Colleagues who are away receive no work (the service refuses them too).
        collegas = [
            (f"medewerker:{username}", naam) for username, naam, tot in lid.collegas if not tot
        ]
        teams = [(f"team:{pk}", f"Teamvoorraad {naam}") for pk, naam in lid.teams]
        self.fields["naar"].choices = [
            ("", "Kies…"),
            ("Collega's", collegas),
            ("Terug naar het team", teams),
        ]

    def naam(self, waarde: str) -> str:
        """The label of a choice: a colleague's name or "Teamvoorraad <team>"."""
        for _groep, keuzes in self.fields["naar"].choices[1:]:
            for sleutel, label in keuzes:
                if sleutel == waarde:
                    return label
        return ""

    def bestemming(self) -> herverdelen.Bestemming:
        soort, _, waarde = self.cleaned_data["naar"].partition(":")
        if soort == "team":
            return herverdelen.Bestemming(team_id=int(waarde))
        return herverdelen.Bestemming(username=waarde)


def _gebruiker(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind werkplek_view: signed in
    return user


@werkplek_view(WERKLAST)
def overzicht(request: HttpRequest) -> HttpResponseBase:
    return _overzicht(request)


def _overzicht(
    request: HttpRequest, *, fout: tuple[str, str] | None = None, status: int = 200
) -> HttpResponseBase:
    """The overview; fout: (user name, Dutch error) of an absence form that was refused."""
    context = werkplek(request)
    vandaag = timezone.localdate()
    stand = werklast.werklast(
        gemeente=context.gemeente, leider_id=_gebruiker(request).pk, vandaag=vandaag
    )
    return render(
        request,
        "werkplek/werklast/overzicht.html",
        {
            "werklast": stand,
            "vandaag": vandaag,
            "fout": fout,
            "formtoken": new_token(),
            "nav": "werklast",
        },
        status=status,
    )


def _lid_of_404(request: HttpRequest, username: str) -> werklast.Lid:
    lid = werklast.lid(
        gemeente=werkplek(request).gemeente,
        leider_id=_gebruiker(request).pk,
        username=username,
        vandaag=timezone.localdate(),
    )
    if lid is None:
        raise Http404("Deze medewerker zit niet in een team waarvan u teamleider bent.")
    return lid


@werkplek_view(WERKLAST)
def medewerker(request: HttpRequest, username: str) -> HttpResponseBase:
    return _medewerker(request, _lid_of_404(request, username))


def _medewerker(
    request: HttpRequest,
    lid: werklast.Lid,
    *,
    formulieren: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponseBase:
    context = werkplek(request)
    vandaag = timezone.localdate()
    zaken = list(
        werklast.zaken_van(context.actor, context.gemeente, lid.username).only(
            *selectors.REGEL_FIELDS
        )[: TOON + 1]
    )
    taken = list(
        werklast.taken_van(context.actor, context.gemeente, lid.username).only(
            "uuid", "titel", "soort", "deadline", "zaak__uuid", "zaak__identificatie"
        )[: TOON + 1]
    )
    formulieren = formulieren or {}
    return render(
        request,
        "werkplek/werklast/medewerker.html",
        {
            "lid": lid,
            "regels": selectors.regels(zaken[:TOON], vandaag),
            "meer_zaken": len(zaken) > TOON,
            "taken": taken[:TOON],
            "meer_taken": len(taken) > TOON,
            "toon": TOON,
            "vandaag": vandaag,
            "verborgen": werklast.verborgen(context.actor, context.gemeente, lid.username),
            "afwezigheid": formulieren.get("afwezigheid")
            or AfwezigheidForm(initial={"afwezig_tot": lid.afwezig_tot}),
            "zakenform": formulieren.get("zaken") or HerverdelenForm(lid=lid, prefix="zaken"),
            "takenform": formulieren.get("taken") or HerverdelenForm(lid=lid, prefix="taken"),
            "formtoken": new_token(),
            "nav": "werklast",
        },
        status=status,
    )


def _terug(request: HttpRequest, username: str) -> str:
    """Back to the page the form was on: the member's page or the overview."""
    eigen = f"/werkplek/werklast/{username}/"
    return eigen if request.POST.get("terug") == "medewerker" else "/werkplek/werklast/"


def _teamlid(username: str) -> User:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise Http404("Deze medewerker zit niet in een team waarvan u teamleider bent.")
    return user


@require_POST
@werkplek_view(WERKLAST)
def afwezig(request: HttpRequest, username: str) -> HttpResponseBase:
    """Report a member away up to a date (or change that date)."""
    context = werkplek(request)
    gebruiker = _teamlid(username)
    form = AfwezigheidForm(request.POST)
    terug = _terug(request, username)
    if form.is_valid():

        def run() -> str:
            medewerkers_services.afwezig_melden(
                door=_gebruiker(request),
                gemeente=context.gemeente,
                gebruiker=gebruiker,
                afwezig_tot=form.cleaned_data["afwezig_tot"],
            )
            return terug

        naam = gebruiker.get_full_name() or username
        response = once(request, run, form=form, success=f"{naam} staat als afwezig gemeld.")
        if response is not None:
            return response
    if terug == "/werkplek/werklast/":
        fouten = [str(e) for errors in form.errors.values() for e in errors]
        return _overzicht(request, fout=(username, " ".join(fouten)), status=400)
    return _medewerker(
        request, _lid_of_404(request, username), formulieren={"afwezigheid": form}, status=400
    )


@require_POST
@werkplek_view(WERKLAST)
def terug(request: HttpRequest, username: str) -> HttpResponseBase:
    """Report a member back: their absence ends now."""
    context = werkplek(request)
    gebruiker = _teamlid(username)

    def run() -> str:
        medewerkers_services.terug_melden(
            door=_gebruiker(request), gemeente=context.gemeente, gebruiker=gebruiker
        )
        return _terug(request, username)

    naam = gebruiker.get_full_name() or username
    response = once(
        request, run, back=_terug(request, username), success=f"{naam} is terug gemeld."
    )
    assert response is not None  # without a form: always a redirect
    return response


def _herverdelen(request: HttpRequest, username: str, soort: str) -> HttpResponseBase:
    """Move the chosen zaken or tasks (soort "zaken" or "taken") of a member, each on its own."""
    context = werkplek(request)
    lid = _lid_of_404(request, username)
    form = HerverdelenForm(request.POST, lid=lid, prefix=soort)
    gekozen = request.POST.getlist("zaak" if soort == "zaken" else "taak")
    if form.is_valid() and not gekozen:
        form.add_error(None, f"Selecteer eerst een of meer {soort}.")
    if form.is_valid():
        terug_url = f"/werkplek/werklast/{username}/"

        def run() -> str:
            functie = (
                herverdelen.zaken_herverdelen if soort == "zaken" else herverdelen.taken_herverdelen
            )
            keuze = {"zaak_uuids" if soort == "zaken" else "taak_uuids": geldige_uuids(gekozen)}
            uitkomst = functie(
                context=context,
                door=_gebruiker(request),
                van=username,
                naar=form.bestemming(),
                **keuze,
            )
            _meldingen(request, soort, uitkomst, form.naam(form.cleaned_data["naar"]))
            return terug_url

        response = once(request, run, form=form, atomic=False)
        if response is not None:
            return response
    return _medewerker(request, lid, formulieren={soort: form}, status=400)


def _meldingen(request: HttpRequest, soort: str, uitkomst: herverdelen.Uitkomst, naar: str) -> None:
    enkelvoud = "zaak" if soort == "zaken" else "taak"
    if uitkomst.gelukt:
        messages.success(
            request, f"{aantal(len(uitkomst.gelukt), enkelvoud, soort)} verplaatst naar {naar}."
        )
    for wat, reden in uitkomst.mislukt:
        messages.error(request, f"Niet verplaatst — {wat}: {reden}")
    if uitkomst.niet_gevonden:
        messages.error(
            request,
            f"{aantal(uitkomst.niet_gevonden, enkelvoud, soort)} niet verplaatst: niet meer open "
            "bij deze medewerker, of niet voor u in te zien.",
        )


@require_POST
@werkplek_view(WERKLAST)
def zaken_herverdelen(request: HttpRequest, username: str) -> HttpResponseBase:
    return _herverdelen(request, username, "zaken")


@require_POST
@werkplek_view(WERKLAST)
def taken_herverdelen(request: HttpRequest, username: str) -> HttpResponseBase:
    return _herverdelen(request, username, "taken")
