"""/werkplek/sturing/: the dashboard with its charts, the zaken behind a number, exports, the
monthly PDF."""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.models import Team
from iwerk.medewerkers.roles import DASHBOARDS
from iwerk.sturing import export, grafieken, rapport
from iwerk.sturing.forms import uit_verzoek
from iwerk.sturing.models import KANAAL_LABELS, Verversing
from iwerk.sturing.selectors import lijst, tabellen
from iwerk.sturing.selectors.cijfers import zaaktypegroepen
from iwerk.sturing.selectors.selectie import periode, vertrouwelijkheid_q

VOLGORDE = (
    "trend",
    "termijnen",
    "zaaktypen",
    "teams",
    "behandelaars",
    "kanalen",
    "datakwaliteit",
    "archief",
)


@werkplek_view(DASHBOARDS)
def dashboard(request):
    vandaag = timezone.localdate()
    form, keuze = uit_verzoek(request, vandaag)
    tabs = tabellen.bouwen(keuze)
    grafiek = grafieken.voor_dashboard(keuze, tabs)
    return render(
        request,
        "sturing/dashboard.html",
        {
            "nav": "sturing",
            "form": form,
            "keuze": keuze,
            "query": keuze.query(),
            "secties": [
                (
                    tabs[n],
                    grafiek.get(n, ""),
                    # A narrow table stands beside its chart on a wide screen; a wide one below.
                    len(tabs[n].kolommen) <= 5,
                )
                for n in VOLGORDE
            ],
            "verversing": Verversing.objects.filter(pk=1).first(),
            "maand": f"{vandaag:%Y-%m}",
            "vorige_maand": f"{vandaag.replace(day=1) - timedelta(days=1):%Y-%m}",
        },
    )


@werkplek_view(DASHBOARDS)
def export_tabel(request, naam: str, formaat: str):
    form, keuze = uit_verzoek(request, timezone.localdate())
    if naam == "alles" and formaat != "xlsx":
        raise Http404
    tabs = tabellen.bouwen(keuze)
    if naam == "alles":
        return export.werkboek([tabs[n] for n in VOLGORDE], "sturing.xlsx")
    if naam not in tabs or formaat not in ("csv", "xlsx"):
        raise Http404
    return export.response(tabs[naam], formaat, f"sturing-{naam}")


PER_PAGINA = 50


@werkplek_view(DASHBOARDS)
def zaken(request):
    vandaag = timezone.localdate()
    form, keuze = uit_verzoek(request, vandaag)
    try:
        vraag = lijst.Vraag.uit(request.GET)
    except lijst.OngeldigeVraag as fout:
        return render(
            request,
            "sturing/zaken.html",
            {"nav": "sturing", "fout": str(fout), "terug": keuze.query()},
            status=400,
        )
    alle = lijst.zaken(keuze, vraag)
    zichtbaar = alle.filter(vertrouwelijkheid_q(request.user, keuze.selectie.tenant_ids))
    formaat = request.GET.get("formaat")
    if formaat in ("csv", "xlsx"):
        tabel = tabellen.Tabel("zaken", vraag.titel, KOLOMMEN)
        for rij in _rijen(keuze, list(zichtbaar.select_related("zaak")[:50_000])):
            tabel.rij(*rij)
        return export.response(tabel, formaat, "sturing-zaken")
    pagina = Paginator(zichtbaar.select_related("zaak"), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    totaal = alle.count()
    return render(
        request,
        "sturing/zaken.html",
        {
            "nav": "sturing",
            "vraag": vraag,
            "keuze": keuze,
            "periode": vraag.periode_tekst(keuze),
            "pagina": pagina,
            "rijen": _rijen(keuze, list(pagina.object_list)),
            "kolommen": KOLOMMEN,
            "totaal": totaal,
            "verborgen": totaal - pagina.paginator.count,
            "query": request.GET.urlencode(),
            "zonder_pagina": _zonder(request.GET, "pagina"),
            "terug": keuze.query(),
        },
    )


KOLOMMEN = [
    "Zaak",
    "Zaaktype",
    "Startdatum",
    "Einddatum",
    "Wettelijke termijn",
    "Dagen over termijn",
    "Behandelaar",
    "Team",
    "Kanaal",
]


def _rijen(keuze, feiten: list) -> list[tuple]:
    """The rows of the zaken behind a number; behandelaars by name, as on the dashboard."""
    groepen = zaaktypegroepen(keuze.selectie.tenant_ids)
    namen = tabellen.behandelaarnamen({f.behandelaar for f in feiten if f.behandelaar})
    teams = dict(
        Team.objects.filter(gemeente_id__in=keuze.selectie.tenant_ids).values_list("pk", "naam")
    )
    vandaag = keuze.selectie.vandaag

    def rij(feit):
        over = None
        if feit.wettelijke_datum:
            eind = feit.einddatum or vandaag
            over = max((eind - feit.wettelijke_datum).days, 0)
        groep = groepen.get(feit.zaaktype_id)
        return (
            feit.zaak.identificatie,
            groep.omschrijving if groep else "",
            feit.startdatum,
            feit.einddatum,
            feit.wettelijke_datum,
            over,
            namen.get(feit.behandelaar, feit.behandelaar) or "Niet toegewezen",
            teams.get(feit.team_id, ""),
            KANAAL_LABELS[feit.kanaal],
        )

    return [rij(feit) for feit in feiten]


def _zonder(params, naam: str) -> str:
    kopie = params.copy()
    kopie.pop(naam, None)
    return kopie.urlencode()


@werkplek_view(DASHBOARDS)
def maandrapport(request, maand: str):
    if not re.fullmatch(r"\d{4}-\d{2}", maand):
        raise Http404
    vandaag = timezone.localdate()
    try:
        periode(maand, vandaag)
    except ValueError:
        raise Http404 from None
    params = request.GET.copy()
    params["periode"] = maand
    params.pop("gemeente", None)  # one gemeente per report
    request.GET = params
    form, keuze = uit_verzoek(request, vandaag)
    inhoud = rapport.maandrapport(keuze, request.werkplek.gemeente)
    response = HttpResponse(inhoud, content_type="application/pdf")
    slug = request.werkplek.gemeente.slug
    response["Content-Disposition"] = f'attachment; filename="maandrapport-{slug}-{maand}.pdf"'
    return response
