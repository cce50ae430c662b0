"""The PDFs print names as the BRP spells them: DejaVu Sans, not Helvetica's Windows-1252 only
(found by the outside tester: Yılmaz and Dvořák came out with black squares)."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import getFont

from iwerk.core import pdf
from iwerk.core.testing.pdftekst import tekst

NAMEN = "Yılmaz Şahin Łukasz Dvořák Müller Ødegård Çelik Ăsta €"


def test_letters_use_a_typeface_with_every_letter_of_the_names():
    assert pdf.SANS == "iwerk-sans"  # CI installs fonts-dejavu-core (.ci/run)
    for naam in (pdf.SANS, pdf.SANS_VET):
        tekens = getFont(naam).face.charToGlyph
        assert [c for c in NAMEN if c != " " and ord(c) not in tekens] == []
    assert {s.fontName for s in (pdf.CEL, pdf.KOP, pdf.KENMERK, pdf.STYLES["BodyText"])} == {
        pdf.SANS,
        pdf.SANS_VET,
    }


def test_the_letter_embeds_that_typeface():
    document = pdf.brief(
        afzender="Gemeente Deventer",
        huiskleur=None,
        adres=["S. Yılmaz", "Łukasz Dvořákstraat 1"],
        kenmerken=[("Datum", "1 mei 2026")],
        onderwerp="Besluit voor Şahin",
        alineas=[f"Beste {NAMEN},"],
    )
    assert b"DejaVuSans" in document and b"DejaVuSans-Bold" in document
    gelezen = tekst(document)
    assert "S. Yılmaz" in gelezen and "Besluit voor Şahin" in gelezen and NAMEN in gelezen


def test_without_the_font_files_the_pdfs_fall_back_to_helvetica(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "LETTERTYPEN", str(tmp_path))
    assert pdf._lettertype() == ("Helvetica", "Helvetica-Bold")


@pytest.mark.parametrize("tekst", ["emoji 🙂 blijft leesbaar", "שלום"])
def test_a_character_without_a_glyph_does_not_break_the_letter(tekst):
    assert pdf.brief(
        afzender="Gemeente Raalte",
        huiskleur=None,
        adres=[],
        kenmerken=[],
        onderwerp="Test",
        alineas=[tekst],
    ).startswith(b"%PDF")
