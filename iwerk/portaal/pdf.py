"""PDFs for citizens: the receipt of a request and the letter of a besluit (ReportLab).

When the gemeente has an active template of soort ontvangstbevestiging or besluitbrief for the
zaak's zaaktype, the letter comes from it (sjablonen, ADR 0058; the receipt keeps the answers as
tables after the letter); otherwise the built-in layout below.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from django.utils import timezone

from iwerk.core.pdf import document, p, ruimte, tabel
from iwerk.core.weergave import datum
from iwerk.core.weergave import moment as _tijd
from iwerk.sjablonen import opmaak
from iwerk.sjablonen.services.automatisch import gemeentebrief


def _document(gemeente, titel: str, onderwerp: str, flowables: list) -> bytes:
    return document(
        afzender=f"Gemeente {gemeente.naam}",
        huiskleur=gemeente.primaire_kleur,
        titel=titel,
        onderwerp=onderwerp,
        inhoud=flowables,
    )


def ontvangstbewijs(
    *,
    gemeente,
    product_naam: str,
    zaaknummer: str,
    ingediend_op: datetime,
    afzender: str,
    antwoorden: list[tuple[str, int, list[tuple[str, str]]]],
    bijlagen: list[str],
    doorlooptijd: str,
    zaak=None,
) -> bytes:
    """The receipt: what was sent, when, under which zaaknummer — also the request's document.

    With the zaak given and a template of soort ontvangstbevestiging for it, the template's
    letter with the same facts and answers as tables after it."""
    gegevens = [
        ("Zaaknummer", zaaknummer),
        ("Ontvangen", _tijd(ingediend_op)),
        ("Ingediend door", afzender),
        *([("Behandeltijd", f"Uiterlijk {doorlooptijd}")] if doorlooptijd else []),
    ]
    brief = (
        gemeentebrief(
            zaak=zaak, soort="ontvangstbevestiging", vandaag=timezone.localdate(ingediend_op)
        )
        if zaak is not None
        else None
    )
    if brief is not None:
        tabellen = [
            ("Uw aanvraag", gegevens),
            *((titel, regels) for titel, _stap, regels in antwoorden),
            *([("Bijlagen", [("Bestand", b) for b in bijlagen])] if bijlagen else []),
        ]
        return opmaak.als_pdf(dataclasses.replace(brief, bijlagen=tabellen))
    flowables = [
        p(
            f"Wij hebben uw aanvraag '{product_naam}' ontvangen op {_tijd(ingediend_op)}. "
            f"Het zaaknummer is {zaaknummer}. Noem dit nummer als u contact met ons opneemt."
        ),
        ruimte(3),
        tabel(gegevens),
    ]
    for titel, _stap, regels in antwoorden:
        flowables += [p(titel, "Heading2"), tabel(regels)]
    if bijlagen:
        flowables += [p("Bijlagen", "Heading2"), tabel([("Bestand", b) for b in bijlagen])]
    return _document(gemeente, f"Ontvangstbewijs {product_naam}", zaaknummer, flowables)


def besluitbrief(*, gemeente, zaak, besluit, besluittype) -> bytes:
    """The besluit as the citizen receives it: what was decided, from when, and how to object;
    from the gemeente's besluitbrief template for the zaaktype when it has one."""
    brief = gemeentebrief(
        zaak=zaak, soort="besluitbrief", vandaag=timezone.localdate(), besluit=besluit
    )
    if brief is not None:
        return opmaak.als_pdf(brief)
    regels = [
        ("Besluit", besluit.identificatie),
        ("Soort besluit", besluittype.omschrijving if besluittype else ""),
        ("Zaaknummer", zaak.identificatie),
        ("Datum besluit", datum(besluit.datum)),
        ("Geldig vanaf", datum(besluit.ingangsdatum)),
    ]
    if besluit.vervaldatum:
        regels.append(("Geldig tot", datum(besluit.vervaldatum)))
    flowables = [tabel(regels), ruimte(4)]
    if besluit.toelichting:
        flowables += [p("Toelichting", "Heading2"), p(besluit.toelichting)]
    bezwaar = (besluittype.toelichting if besluittype else "") or (
        "Bent u het niet eens met dit besluit? Dan kunt u binnen 6 weken bezwaar maken."
    )
    flowables += [p("Bezwaar", "Heading2"), p(bezwaar)]
    return _document(
        gemeente,
        f"Besluit {besluittype.omschrijving if besluittype else ''}".strip(),
        besluit.identificatie,
        flowables,
    )
