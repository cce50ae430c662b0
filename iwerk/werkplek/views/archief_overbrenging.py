"""Transfers (overbrengingen) to the archive repository in the werkplek: the records manager puts
a package together, downloads it, and records the repository's receipt (ADR 0047).

Every page and action is for a DIV-medewerker of the gemeente: the overbrenging services check
it (`vereis_beheerder`), the views only show what they answer.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from iwerk.archief.models import Overbrenging, Overbrengingsitem, Overbrengingsstatus
from iwerk.archief.selectors import overbrenging as selectors
from iwerk.archief.services.overbrenging import (
    bevestig_ontvangst,
    breek_af,
    maak_overbrenging,
    vereis_beheerder,
)
from iwerk.core.api.problems import NotFound, PermissionDenied
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import new_token
from iwerk.werkplek.views.archief import (
    PER_PAGINA,
    eenmalig,
    gebruiker,
    geen_toegang,
    paginering,
    werkplek,
)

MAX_OVERBRENGINGEN = 200
_DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NieuweOverbrengingForm(forms.Form):
    peildatum = forms.DateField(
        label="Peildatum (archiefactiedatum op of voor)",
        widget=_DATUM,
        error_messages={"required": "Vul de peildatum in."},
    )
    zaaktypen = forms.MultipleChoiceField(
        label="Zaaktypen (geen keuze: alle)", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, zaaktypen: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zaaktypen"].choices = zaaktypen  # type: ignore[attr-defined]
        self.fields["peildatum"].initial = timezone.localdate()
        self.auto_id = "id_nieuw_%s"


class BevestigenForm(forms.Form):
    ontvangstbewijs = forms.CharField(
        label="Kenmerk van de ontvangstbevestiging",
        max_length=2000,
        error_messages={
            "required": "Vul het kenmerk van de ontvangstbevestiging van de archiefbewaarplaats in."
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.auto_id = "id_bevestigen_%s"


def _url(overbrenging: Overbrenging) -> str:
    return f"/werkplek/archief/overbrengingen/{overbrenging.uuid}/"


@require_http_methods(["GET", "POST"])
@werkplek_view(capability=None)
def overbrengingen(request: HttpRequest) -> HttpResponseBase:
    """The zaken due for transfer per zaaktype, a new package, and the gemeente's transfers."""
    context = werkplek(request)
    user = gebruiker(request)
    try:
        beheerder = vereis_beheerder(user, context.gemeente)
    except PermissionDenied as error:
        return geen_toegang(request, error.detail)
    vandaag = timezone.localdate()
    per_zaaktype = selectors.te_overbrengen_per_zaaktype(
        actor=beheerder.actor, gemeente=context.gemeente, peildatum=vandaag
    )
    form = NieuweOverbrengingForm(
        request.POST or None,
        zaaktypen=[
            (t.identificatie, f"{t.omschrijving} ({t.identificatie})") for t in per_zaaktype
        ],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def run() -> str:
            overbrenging = maak_overbrenging(
                gebruiker=user,
                gemeente=context.gemeente,
                peildatum=data["peildatum"],
                zaaktypen=data["zaaktypen"] or None,
            )
            return _url(overbrenging)

        # The package is written outside a transaction (ADR 0047): no lock held while zipping.
        response = eenmalig(
            request,
            run,
            form=form,
            success="Het overbrengingspakket is klaargezet.",
            atomic=False,
        )
        if response is not None:
            return response
    return render(
        request,
        "werkplek/archief/overbrengingen.html",
        {
            "nav": "archief",
            "per_zaaktype": per_zaaktype,
            "totaal": sum(t.aantal for t in per_zaaktype),
            "form": form,
            "overbrengingen": list(
                selectors.overbrengingen(gemeente=context.gemeente)[:MAX_OVERBRENGINGEN]
            ),
            "formtoken": new_token(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _overbrenging(request: HttpRequest, uuid: UUID) -> Overbrenging:
    """The transfer of the active gemeente; 404 for one of another gemeente as for none."""
    overbrenging = (
        Overbrenging.objects.filter(uuid=uuid, gemeente=werkplek(request).gemeente)
        .select_related("gemeente", "aangemaakt_door", "bevestigd_door")
        .first()
    )
    if overbrenging is None:
        raise Http404("Deze overbrenging bestaat niet in deze gemeente.")
    return overbrenging


def _pagina(
    request: HttpRequest,
    overbrenging: Overbrenging,
    form: BevestigenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    aantal = Overbrengingsitem.objects.filter(overbrenging=overbrenging).count()
    pagina, paginas = paginering(request.GET, aantal)
    begin = (pagina - 1) * PER_PAGINA
    items = list(
        Overbrengingsitem.objects.filter(overbrenging=overbrenging)
        .order_by("identificatie", "pk")
        .values_list("identificatie", "zaak__uuid", "bestanden")[begin : begin + PER_PAGINA]
    )
    open_ = overbrenging.status == Overbrengingsstatus.klaargezet
    return render(
        request,
        "werkplek/archief/overbrenging.html",
        {
            "nav": "archief",
            "overbrenging": overbrenging,
            "aantal": aantal,
            "items": [
                {"identificatie": i, "uuid": u, "bestanden": len(b or {})} for i, u, b in items
            ],
            "pagina": pagina,
            "paginas": paginas,
            "open": open_,
            "form": form or (BevestigenForm() if open_ else None),
            "formtoken": new_token(),
        },
        status=status,
    )


@werkplek_view(capability=None)
def overbrenging_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    overbrenging = _overbrenging(request, uuid)
    try:
        vereis_beheerder(gebruiker(request), overbrenging.gemeente)
    except PermissionDenied as error:
        return geen_toegang(request, error.detail)
    return _pagina(request, overbrenging)


@werkplek_view(capability=None)
def pakket(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """The package (zip) to hand to the archive repository."""
    overbrenging = _overbrenging(request, uuid)
    try:
        vereis_beheerder(gebruiker(request), overbrenging.gemeente)
        bestand = selectors.open_pakket(overbrenging)
    except PermissionDenied as error:
        return geen_toegang(request, error.detail)
    except NotFound as error:
        raise Http404(error.detail) from error
    response = FileResponse(
        bestand,
        content_type="application/zip",
        as_attachment=True,
        filename=f"{overbrenging.nummer}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@werkplek_view(capability=None)
def bevestigen(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    overbrenging = _overbrenging(request, uuid)
    user = gebruiker(request)
    try:
        vereis_beheerder(user, overbrenging.gemeente)
    except PermissionDenied as error:
        return geen_toegang(request, error.detail)
    form = BevestigenForm(request.POST)
    if form.is_valid():
        bewijs = form.cleaned_data["ontvangstbewijs"]

        def run() -> str:
            bevestig_ontvangst(gebruiker=user, overbrenging=overbrenging, ontvangstbewijs=bewijs)
            return _url(overbrenging)

        response = eenmalig(
            request,
            run,
            form=form,
            success="De ontvangst is bevestigd; de zaken zijn overgedragen.",
        )
        if response is not None:
            return response
    return _pagina(request, overbrenging, form, status=400)


@require_POST
@werkplek_view(capability=None)
def afbreken(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    overbrenging = _overbrenging(request, uuid)
    user = gebruiker(request)

    def run() -> str:
        breek_af(gebruiker=user, overbrenging=overbrenging)
        return _url(overbrenging)

    response = eenmalig(
        request,
        run,
        back=_url(overbrenging),
        success="De overbrenging is afgebroken; haar zaken kunnen in een nieuw pakket.",
    )
    return response or redirect(_url(overbrenging))
