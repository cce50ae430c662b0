"""Printable PDFs in the gemeente's look (ReportLab): receipts, besluit letters, AP notifications."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

STYLES = getSampleStyleSheet()


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
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
            ]
        )
    )
    return table


def document(
    *, afzender: str, huiskleur: str | None, titel: str, onderwerp: str, inhoud: list
) -> bytes:
    """A4 with the sender's name above a line in its colour, the title, then the content."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
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
    kop = Table([[p(afzender, "Heading2")]], colWidths=[170 * mm])
    kop.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 2, kleur(huiskleur)),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    doc.build([kop, ruimte(6), p(titel, "Heading1"), *inhoud])
    return buffer.getvalue()
