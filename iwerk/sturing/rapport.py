"""The monthly report per gemeente as PDF: the month's figures, the werkvoorraad at its end,
today's deadlines and workload, and the trend chart."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.db.models import Sum
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Image, Table, TableStyle

from iwerk.core import pdf
from iwerk.sturing import cijfers, grafieken, tabellen
from iwerk.sturing.models import Dagcijfer
from iwerk.sturing.selectie import Keuze


def werkvoorraad_op(sel: cijfers.Selectie, dag: date) -> int:
    """The werkvoorraad at the end of a past day: today's, less the flows since."""
    if dag >= sel.vandaag:
        return cijfers.werkvoorraad_nu(sel)
    sommen = Dagcijfer.objects.filter(sel.q(), dag__gt=dag, dag__lte=sel.vandaag).aggregate(
        i=Sum("instroom"), u=Sum("uitstroom")
    )
    return cijfers.werkvoorraad_nu(sel) - (sommen["i"] or 0) + (sommen["u"] or 0)


def _tabel(tabel: tabellen.Tabel, breedtes: list[float] | None = None) -> Table:
    data = [[pdf.p(k, "BodyText") for k in tabel.kolommen]]
    data += [[pdf.p(tabellen.tekst(c.waarde)) for c in rij] for rij in tabel.rijen]
    t = Table(data, colWidths=[w * mm for w in breedtes] if breedtes else None, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return t


def maandrapport(keuze: Keuze, gemeente) -> bytes:
    sel = keuze.selectie
    laatste_dag = sel.tot - timedelta(days=1)
    tabs = tabellen.bouwen(keuze)
    totaal, _ = cijfers.per_zaaktype(sel)
    kerncijfers = [
        ("Instroom", str(totaal.instroom)),
        ("Afgehandeld", str(totaal.uitstroom)),
        (
            f"Werkvoorraad op {laatste_dag:%d-%m-%Y}",
            str(werkvoorraad_op(sel, laatste_dag))
            if laatste_dag < sel.vandaag
            else f"{cijfers.werkvoorraad_nu(sel)} (vandaag)",
        ),
        ("Binnen servicenorm", _pct(totaal.pct_servicenorm)),
        ("Binnen wettelijke termijn", _pct(totaal.pct_wettelijk)),
        ("Doorlooptijd mediaan / p80", f"{_d(totaal.mediaan)} / {_d(totaal.p80)} dagen"),
        ("Digitaal ingediend (internet)", _pct(totaal.pct_internet)),
    ]
    trend_png = grafieken.png("trend", tabs["trend"])
    inhoud = [
        pdf.p(f"{gemeente.naam} — {keuze.periode_label}. Gemaakt op {sel.vandaag:%d-%m-%Y}."),
        pdf.ruimte(),
        pdf.p("Kerncijfers van de maand", "Heading2"),
        pdf.tabel(kerncijfers),
        pdf.ruimte(),
        pdf.p("Per zaaktype", "Heading2"),
        _tabel(tabs["zaaktypen"]),
        pdf.ruimte(),
        pdf.p("Kanaal van binnenkomst", "Heading2"),
        _tabel(tabs["kanalen"], [60, 40, 40]),
        pdf.ruimte(),
        pdf.p("Datakwaliteit", "Heading2"),
        _tabel(tabs["datakwaliteit"], [60, 25, 85]),
        pdf.ruimte(),
        pdf.p(f"Stand van vandaag ({sel.vandaag:%d-%m-%Y}): open zaken naar termijn", "Heading2"),
        _tabel(tabs["termijnen"], [80, 40]),
        pdf.ruimte(),
        pdf.p("Werklast per team", "Heading2"),
        _tabel(tabs["teams"]),
        pdf.ruimte(),
        pdf.p("Trend van de laatste 13 weken", "Heading2"),
        Image(io.BytesIO(trend_png), width=170 * mm, height=81.6 * mm),
        _tabel(tabs["trend"]),
    ]
    return pdf.document(
        afzender=gemeente.naam,
        huiskleur=gemeente.primaire_kleur,
        titel=f"Maandrapportage zaken {keuze.periode_label}",
        onderwerp="Managementinformatie zaakgericht werken",
        inhoud=inhoud,
    )


def _pct(waarde) -> str:
    return "—" if waarde is None else f"{tabellen.tekst(waarde)}%"


def _d(waarde) -> str:
    return "—" if waarde is None else str(waarde)
