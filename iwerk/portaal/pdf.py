"""PDFs for citizens: the receipt of a request and the letter of a besluit (ReportLab)."""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()


def _kleur(gemeente) -> colors.Color:
    try:
        return colors.HexColor(gemeente.primaire_kleur)
    except (ValueError, TypeError):
        return colors.black


def _p(text: str, style: str = "BodyText") -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _STYLES[style])


def _document(gemeente, titel: str, onderwerp: str, flowables: list) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=titel,
        author=f"Gemeente {gemeente.naam}",
        subject=onderwerp,
        lang="nl",
    )
    kop = Table([[_p(f"Gemeente {gemeente.naam}", "Heading2")]], colWidths=[170 * mm])
    kop.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 2, _kleur(gemeente)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    doc.build([kop, Spacer(1, 6 * mm), _p(titel, "Heading1"), *flowables])
    return buffer.getvalue()


def _tabel(regels: list[tuple[str, str]]) -> Table:
    table = Table(
        [[_p(label), _p(waarde)] for label, waarde in regels],
        colWidths=[60 * mm, 110 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
            ]
        )
    )
    return table


def _tijd(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y om %H:%M")


def ontvangstbewijs(
    *,
    gemeente,
    product_naam: str,
    zaaknummer: str,
    ingediend_op: datetime,
    afzender: str,
    antwoorden: list[tuple[str, str, list[tuple[str, str]]]],
    bijlagen: list[str],
    doorlooptijd: str,
) -> bytes:
    """The receipt: what was sent, when, under which zaaknummer — also the request's document."""
    flowables = [
        _p(
            f"Wij hebben uw aanvraag '{product_naam}' ontvangen op {_tijd(ingediend_op)}. "
            f"Het zaaknummer is {zaaknummer}. Noem dit nummer als u contact met ons opneemt."
        ),
        Spacer(1, 3 * mm),
        _tabel(
            [
                ("Zaaknummer", zaaknummer),
                ("Ontvangen", _tijd(ingediend_op)),
                ("Ingediend door", afzender),
                *([("Behandeltijd", f"Uiterlijk {doorlooptijd}")] if doorlooptijd else []),
            ]
        ),
    ]
    for titel, _stap, regels in antwoorden:
        flowables += [_p(titel, "Heading2"), _tabel(regels)]
    if bijlagen:
        flowables += [_p("Bijlagen", "Heading2"), _tabel([("Bestand", b) for b in bijlagen])]
    return _document(gemeente, f"Ontvangstbewijs {product_naam}", zaaknummer, flowables)


def besluitbrief(*, gemeente, zaak, besluit, besluittype) -> bytes:
    """The besluit as the citizen receives it: what was decided, from when, and how to object."""
    regels = [
        ("Besluit", besluit.identificatie),
        ("Soort besluit", besluittype.omschrijving if besluittype else ""),
        ("Zaaknummer", zaak.identificatie),
        ("Datum besluit", besluit.datum.strftime("%d-%m-%Y")),
        ("Geldig vanaf", besluit.ingangsdatum.strftime("%d-%m-%Y")),
    ]
    if besluit.vervaldatum:
        regels.append(("Geldig tot", besluit.vervaldatum.strftime("%d-%m-%Y")))
    flowables = [_tabel(regels), Spacer(1, 4 * mm)]
    if besluit.toelichting:
        flowables += [_p("Toelichting", "Heading2"), _p(besluit.toelichting)]
    bezwaar = (besluittype.toelichting if besluittype else "") or (
        "Bent u het niet eens met dit besluit? Dan kunt u binnen 6 weken bezwaar maken."
    )
    flowables += [_p("Bezwaar", "Heading2"), _p(bezwaar)]
    return _document(
        gemeente,
        f"Besluit {besluittype.omschrijving if besluittype else ''}".strip(),
        besluit.identificatie,
        flowables,
    )
