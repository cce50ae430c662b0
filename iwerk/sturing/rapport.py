"""The monthly report per gemeente as PDF: the month's figures, the werkvoorraad at its end,
today's deadlines and workload, and the trend chart."""

from __future__ import annotations

import math
from datetime import timedelta
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Table, TableStyle

from iwerk.core import pdf
from iwerk.sturing import grafieken
from iwerk.sturing.selectors import cijfers, tabellen
from iwerk.sturing.selectors.selectie import Keuze

BREEDTE = pdf.BREEDTE
_RAND = pdf.RAND
CEL = pdf.CEL
KOP = pdf.KOP
kolombreedtes = pdf.kolombreedtes
_verdeel = pdf.verdeel


def _delen(minst: list[float], groepen: list[list[int]] | None) -> list[list[int]]:
    """Columns per PDF table, each starting with the first column: the given groups if they
    fit, else as few tables as fit with the columns spread evenly over them."""
    if groepen and all(minst[0] + sum(minst[k] for k in g) <= BREEDTE for g in groepen):
        return [[0, *g] for g in groepen]
    rest = list(range(1, len(minst)))
    for aantal in range(1, len(rest) + 1):
        per = math.ceil(len(rest) / aantal)
        delen = [[0, *rest[i : i + per]] for i in range(0, len(rest), per)]
        if all(sum(minst[k] for k in d) <= BREEDTE for d in delen):
            return delen
    return [[0, k] for k in rest]


def _tabel(tabel: tabellen.Tabel, groepen: list[list[int]] | None = None) -> list[Table]:
    """The table as one or more PDF tables that fit the page without cutting a word: when its
    columns do not fit side by side, they are spread over several tables that each repeat the
    first column (the ten columns per zaaktype become two tables: `groepen`)."""
    teksten = [list(tabel.kolommen)] + [
        [tabellen.tekst(c.waarde) for c in rij] for rij in tabel.rijen
    ]
    minst, wens = kolombreedtes(teksten)
    delen = _delen(minst, groepen)
    uit = []
    for kolommen in delen:
        breedtes = _verdeel([minst[k] for k in kolommen], [wens[k] for k in kolommen], BREEDTE)
        data = [
            [Paragraph(escape(rij[k]), KOP if r == 0 else CEL) for k in kolommen]
            for r, rij in enumerate(teksten)
        ]
        t = Table(data, colWidths=breedtes, repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), _RAND),
                    ("RIGHTPADDING", (0, 0), (-1, -1), _RAND),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ]
            )
        )
        uit += [t, pdf.ruimte(2)] if len(delen) > 1 else [t]
    return uit


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
            str(cijfers.werkvoorraad_op(sel, laatste_dag))
            if laatste_dag < sel.vandaag
            else f"{cijfers.werkvoorraad_nu(sel)} (vandaag)",
        ),
        ("Binnen servicenorm", _pct(totaal.pct_servicenorm)),
        ("Binnen wettelijke termijn", _pct(totaal.pct_wettelijk)),
        ("Doorlooptijd mediaan / p80", f"{_d(totaal.mediaan)} / {_d(totaal.p80)} dagen"),
        ("Digitaal ingediend (internet)", _pct(totaal.pct_internet)),
    ]
    inhoud = [
        pdf.p(f"{gemeente.naam} — {keuze.periode_label}. Gemaakt op {sel.vandaag:%d-%m-%Y}."),
        pdf.ruimte(),
        pdf.p("Kerncijfers van de maand", "Heading2"),
        pdf.tabel(kerncijfers),
        pdf.ruimte(),
        pdf.p("Per zaaktype", "Heading2"),
        # Counts and shares within the norms; then the doorlooptijden and the norms themselves.
        *_tabel(tabs["zaaktypen"], [[1, 2, 3, 4], [5, 6, 7, 8, 9]]),
        pdf.ruimte(),
        pdf.p("Kanaal van binnenkomst", "Heading2"),
        *_tabel(tabs["kanalen"]),
        pdf.ruimte(),
        pdf.p("Datakwaliteit", "Heading2"),
        *_tabel(tabs["datakwaliteit"]),
        pdf.ruimte(),
        pdf.p(f"Stand van vandaag ({sel.vandaag:%d-%m-%Y}): open zaken naar termijn", "Heading2"),
        *_tabel(tabs["termijnen"]),
        pdf.ruimte(),
        pdf.p("Werklast per team", "Heading2"),
        *_tabel(tabs["teams"]),
        pdf.ruimte(),
        pdf.p("Trend van de laatste 13 weken", "Heading2"),
        # The chart as vector drawing, the same one the dashboard shows.
        grafieken.tekening(grafieken.figuur("trend", tabs["trend"]), BREEDTE),
        pdf.ruimte(),
        *_tabel(tabs["trend"]),
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
