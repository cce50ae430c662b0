"""Printable PDFs in the gemeente's look (ReportLab): receipts, besluit letters, AP notifications."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from iwerk.core.env import env_str

# The PDF's typeface. ReportLab's built-in Helvetica knows only Windows-1252: ı, Ş, Ł, ř (names
# as the BRP spells them: Yılmaz, Dvořák) would print as black squares. DejaVu Sans (Debian's
# fonts-dejavu-core, on every Debian host and in CI) covers the Latin, Greek and Cyrillic
# scripts; without its files the PDFs fall back to Helvetica.
LETTERTYPEN = env_str("IWERK_PDF_LETTERTYPEN", "/usr/share/fonts/truetype/dejavu")


def _lettertype() -> tuple[str, str]:
    """(regular, bold) font names for the PDFs, registered with ReportLab once."""
    from pathlib import Path

    gewoon, vet = Path(LETTERTYPEN) / "DejaVuSans.ttf", Path(LETTERTYPEN) / "DejaVuSans-Bold.ttf"
    if not (gewoon.is_file() and vet.is_file()):
        return "Helvetica", "Helvetica-Bold"
    registerFont(TTFont("iwerk-sans", str(gewoon)))
    registerFont(TTFont("iwerk-sans-vet", str(vet)))
    # No italic cut: the upright one stands in for it.
    addMapping("iwerk-sans", 0, 0, "iwerk-sans")
    addMapping("iwerk-sans", 0, 1, "iwerk-sans")
    addMapping("iwerk-sans", 1, 0, "iwerk-sans-vet")
    addMapping("iwerk-sans", 1, 1, "iwerk-sans-vet")
    return "iwerk-sans", "iwerk-sans-vet"


SANS, SANS_VET = _lettertype()
STYLES = getSampleStyleSheet()
for _stijl in STYLES.byName.values():
    if isinstance(_stijl, ParagraphStyle):
        _stijl.fontName = SANS_VET if "Bold" in _stijl.fontName else SANS

# Tables whose columns never cut a word: each column at least its longest word, the rest of the
# page shared out towards each column's longest cell (the Sturing report, the verklaring).
BREEDTE = 170 * mm  # A4 less the margins of document()
RAND = 3  # cell padding left and right, in points
CEL = ParagraphStyle(
    "iwerk-cel", fontName=SANS, fontSize=7.5, leading=9,
    splitLongWords=0,  # a word that does not fit is never cut: the widths make room
)  # fmt: skip
KOP = ParagraphStyle("iwerk-kop", parent=CEL, fontName=SANS_VET)


def kolombreedtes(teksten: list[list[str]]) -> tuple[list[float], list[float]]:
    """(least, wanted) width per column in points: the longest word, the longest cell; the
    first row is the header (bold)."""
    minst = [0.0] * len(teksten[0])
    wens = [0.0] * len(teksten[0])
    for r, rij in enumerate(teksten):
        font = KOP.fontName if r == 0 else CEL.fontName
        for k, t in enumerate(rij):
            woorden = t.split() or [""]
            minst[k] = max(minst[k], *(stringWidth(w, font, CEL.fontSize) for w in woorden))
            wens[k] = max(wens[k], stringWidth(t, font, CEL.fontSize))
    extra = 2 * RAND + 1
    return [m + extra for m in minst], [max(w, m) + extra for w, m in zip(wens, minst, strict=True)]


def verdeel(minst: list[float], wens: list[float], beschikbaar: float = BREEDTE) -> list[float]:
    """Every column its least width, then the room left towards what each wants, in
    proportion (a table that wants less than the page stays narrower)."""
    over = beschikbaar - sum(minst)
    tekort = [w - m for m, w in zip(minst, wens, strict=True)]
    factor = max(0.0, min(1.0, over / sum(tekort))) if sum(tekort) else 0.0
    return [m + t * factor for m, t in zip(minst, tekort, strict=True)]


def woordtabel(kop: list[str], rijen: list[list[str]]) -> Table:
    """A table with a header row whose columns never cut a word."""
    teksten = [kop, *rijen]
    minst, wens = kolombreedtes(teksten)
    return Table(
        [
            [Paragraph(escape(t).replace("\n", "<br/>"), KOP if r == 0 else CEL) for t in rij]
            for r, rij in enumerate(teksten)
        ],
        colWidths=verdeel(minst, wens),
        repeatRows=1,
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), RAND),
                ("RIGHTPADDING", (0, 0), (-1, -1), RAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        ),
    )


def kleur(hex_kleur: str | None) -> colors.Color:
    if hex_kleur is None:
        return colors.black
    try:
        return colors.HexColor(hex_kleur)
    except (ValueError, TypeError):
        return colors.black


def p(text: str, style: str = "BodyText") -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), STYLES[style])


def ruimte(mm_: float = 4) -> Spacer:
    return Spacer(1, mm_ * mm)


def tabel(regels: list[tuple[str, str]], breedte: tuple[float, float] = (60, 110)) -> Table:
    table = Table(
        [[p(label), p(waarde)] for label, waarde in regels],
        colWidths=[breedte[0] * mm, breedte[1] * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                ("FONTNAME", (0, 0), (0, -1), SANS_VET),
            ]
        )
    )
    return table


def _a4(buffer: io.BytesIO, *, titel: str, afzender: str, onderwerp: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=titel,
        author=afzender,
        subject=onderwerp,
        lang="nl",
    )


def briefhoofd(afzender: str, huiskleur: str | None) -> Table:
    """The sender's name above a line in its colour: the head of every iwerk PDF."""
    kop = Table([[p(afzender, "Heading2")]], colWidths=[170 * mm])
    kop.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 2, kleur(huiskleur)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return kop


def document(
    *, afzender: str, huiskleur: str | None, titel: str, onderwerp: str, inhoud: list
) -> bytes:
    """A4 with the sender's name above a line in its colour, the title, then the content."""
    buffer = io.BytesIO()
    doc = _a4(buffer, titel=titel, afzender=afzender, onderwerp=onderwerp)
    doc.build([briefhoofd(afzender, huiskleur), ruimte(6), p(titel, "Heading1"), *inhoud])
    return buffer.getvalue()


BRIEFTEKST = ParagraphStyle("iwerk-brief", parent=STYLES["BodyText"], fontSize=10.5, leading=14)
KENMERK = ParagraphStyle("iwerk-kenmerk", fontName=SANS, fontSize=9, leading=11)
KENMERK_LABEL = ParagraphStyle("iwerk-kenmerk-label", parent=KENMERK, fontName=SANS_VET)


def brief(
    *,
    afzender: str,
    huiskleur: str | None,
    adres: list[str],
    kenmerken: list[tuple[str, str]],
    onderwerp: str,
    alineas: list[str],
    bijlagen: list[tuple[str, list[tuple[str, str]]]] | None = None,
) -> bytes:
    """The one letter layout of iwerk (letters from templates, ADR 0058): the sender as
    letterhead, the address block, date, reference and subject, then the paragraphs.

    adres: the lines of the address block (empty: none); kenmerken: (label, value) rows such as
    ("Datum", "5 december 2026"); alineas: the text's paragraphs, a single newline a line break;
    bijlagen: titled tables after the letter (a receipt's answers).
    """
    buffer = io.BytesIO()
    doc = _a4(buffer, titel=onderwerp, afzender=afzender, onderwerp=onderwerp)
    inhoud: list = [briefhoofd(afzender, huiskleur), ruimte(12)]
    if adres:
        inhoud += [Paragraph("<br/>".join(escape(r) for r in adres if r), BRIEFTEKST), ruimte(10)]
    rijen = [*kenmerken, ("Onderwerp", onderwerp)]
    velden = Table(
        [
            [Paragraph(escape(label), KENMERK_LABEL), Paragraph(escape(waarde), KENMERK)]
            for label, waarde in rijen
        ],
        colWidths=[30 * mm, 135 * mm],
        hAlign="LEFT",
    )
    velden.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    inhoud += [velden, ruimte(8)]
    for alinea in alineas:
        inhoud += [Paragraph(escape(alinea).replace("\n", "<br/>"), BRIEFTEKST), ruimte(2)]
    for titel, regels in bijlagen or []:
        inhoud += [ruimte(4), p(titel, "Heading2"), tabel(regels)]
    doc.build(inhoud)
    return buffer.getvalue()
