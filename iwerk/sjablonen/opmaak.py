"""A rendered letter as files: the PDF in iwerk's one letter layout (core.pdf.brief) and, for
gemeenten that edit letters further, the same letter as DOCX (python-docx). No layout per
letter: a template holds text only (ADR 0058)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.shared import Pt, RGBColor

from iwerk.core import pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Briefopmaak:
    """What the page of a letter shows besides its paragraphs."""

    afzender: str  # the letterhead, "Gemeente Deventer"
    huiskleur: str | None
    adres: list[str]  # the address block, empty lines left out
    kenmerken: list[tuple[str, str]]  # ("Datum", …), ("Ons kenmerk", …)
    onderwerp: str
    alineas: list[str] = field(default_factory=list)
    # Titled (label, value) tables after the letter: the answers a receipt confirms.
    bijlagen: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)


def als_pdf(brief: Briefopmaak) -> bytes:
    return pdf.brief(
        afzender=brief.afzender,
        huiskleur=brief.huiskleur,
        adres=[r for r in brief.adres if r],
        kenmerken=brief.kenmerken,
        onderwerp=brief.onderwerp,
        alineas=brief.alineas,
        bijlagen=brief.bijlagen,
    )


def _kleur(hex_kleur: str | None) -> RGBColor | None:
    try:
        return RGBColor.from_string((hex_kleur or "").lstrip("#").upper())
    except ValueError:
        return None


def als_docx(brief: Briefopmaak) -> bytes:
    """The same letter as a Word document: the paragraphs stay paragraphs, a line break a break."""
    document = Document()
    document.core_properties.title = brief.onderwerp
    document.core_properties.author = brief.afzender
    document.core_properties.language = "nl-NL"
    kop = document.add_paragraph()
    naam = kop.add_run(brief.afzender)
    naam.bold = True
    naam.font.size = Pt(16)
    kleur = _kleur(brief.huiskleur)
    if kleur is not None:
        naam.font.color.rgb = kleur
    adres = [r for r in brief.adres if r]
    if adres:
        blok = document.add_paragraph()
        for i, regel in enumerate(adres):
            if i:
                blok.add_run().add_break()
            blok.add_run(regel)
    for label, waarde in [*brief.kenmerken, ("Onderwerp", brief.onderwerp)]:
        kenmerk = document.add_paragraph()
        kenmerk.add_run(f"{label}: ").bold = True
        kenmerk.add_run(waarde)
    for alinea in brief.alineas:
        paragraaf = document.add_paragraph()
        for i, deel in enumerate(alinea.split("\n")):
            if i:
                paragraaf.add_run().add_break()
            paragraaf.add_run(deel)
    for titel, regels in brief.bijlagen:
        document.add_heading(titel, level=2)
        for label, waarde in regels:
            rij = document.add_paragraph()
            rij.add_run(f"{label}: ").bold = True
            rij.add_run(waarde)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
