"""The staff member's signals (/werkplek/signaleringen/): the list, newest first, marking them
read, and the choice of e-mail (ADR 0057). Rules and reads in iwerk.signaleringen."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.signaleringen import selectors
from iwerk.signaleringen.models import Mailvoorkeur
from iwerk.signaleringen.services import lezen
from iwerk.werkplek.context import signaleringen_vergeten
from iwerk.werkplek.views.common import werkplek

LIJST = "/werkplek/signaleringen/"


class InstellingForm(forms.Form):
    email = forms.ChoiceField(
        label="Wanneer wilt u een e-mail over uw signaleringen?",
        choices=Mailvoorkeur.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoe u e-mail wilt krijgen."},
    )


def _gebruiker(request) -> User:
    user = request.user
    assert isinstance(user, User)  # behind werkplek_view: signed in
    return user


def _pagina(waarde: str | None) -> int:
    return int(waarde) if waarde and waarde.isdigit() and 0 < int(waarde) < 10_000 else 1


def _terug(request) -> str:
    pagina = _pagina(request.POST.get("pagina"))
    return LIJST if pagina == 1 else f"{LIJST}?pagina={pagina}"


@werkplek_view(None)
def lijst(request):
    context = werkplek(request)
    pagina = selectors.lijst(context, _gebruiker(request).pk, _pagina(request.GET.get("pagina")))
    return render(
        request,
        "werkplek/signaleringen/lijst.html",
        {
            "pagina": pagina,
            "ongelezen_op_pagina": any(s.gelezen_op is None for s in pagina.signaleringen),
            "voorkeur": Mailvoorkeur(selectors.email_voorkeur(_gebruiker(request).pk)).label,
            "formtoken": new_token(),
            "nav": "signaleringen",
        },
    )


def _markeren(request, ids: list[int] | None):
    context = werkplek(request)
    terug = _terug(request)

    def actie() -> str:
        lezen.markeer_gelezen(context=context, gebruiker_id=_gebruiker(request).pk, ids=ids)
        signaleringen_vergeten(request)
        return terug

    return once(request, actie, back=terug) or redirect(terug)


@require_POST
@werkplek_view(None)
def gelezen(request, pk: int):
    return _markeren(request, [pk])


@require_POST
@werkplek_view(None)
def alles_gelezen(request):
    return _markeren(request, None)


@werkplek_view(None)
def instellingen(request):
    gebruiker = _gebruiker(request)
    form = InstellingForm(
        request.POST if request.method == "POST" else None,
        initial={"email": selectors.email_voorkeur(gebruiker.pk)},
    )
    if request.method == "POST" and form.is_valid():

        def opslaan() -> str:
            lezen.email_instellen(gebruiker_id=gebruiker.pk, email=form.cleaned_data["email"])
            return request.path

        resultaat = once(request, opslaan, form=form, success="Uw keuze is opgeslagen.")
        if resultaat is not None:
            return resultaat
    return render(
        request,
        "werkplek/signaleringen/instellingen.html",
        {
            "form": form,
            "heeft_email": bool(gebruiker.email),
            "formtoken": new_token(),
            "nav": "signaleringen",
        },
        status=400 if form.errors else 200,
    )
