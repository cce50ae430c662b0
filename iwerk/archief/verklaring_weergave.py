"""The verklaring van vernietiging as files: a PDF for people (Dutch, dates written out), a CSV
with one row per destroyed zaak and a JSON document for systems. All three are made from the
sealed content (`Verklaring.inhoud`) alone, so they say exactly what the audit chain seals."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Table

from iwerk.archief.models import Beoordelingsbesluit, Beoordelingsrol, Itemstatus, Verklaring
from iwerk.core import pdf
from iwerk.core.export import csv_tekst
from iwerk.core.weergave import aantal, datum, moment

CSV_KOLOMMEN = (
    "lijst",
    "identificatie",
    "zaaktype",
    "zaaktype_omschrijving",
    "resultaat",
    "selectielijstklasse",
    "bewaartermijn",
    "einddatum",
    "archiefactiedatum",
    "documenten",
    "besluiten",
    "vernietigd_op",
)


def bestandsnaam(verklaring: Verklaring, extensie: str) -> str:
    return f"verklaring-van-vernietiging-{verklaring.inhoud['lijst']['nummer']}.{extensie}"


def _dag(tekst: str | None) -> date | None:
    return date.fromisoformat(tekst) if tekst else None


def _moment(tekst: str | None) -> datetime | None:
    return datetime.fromisoformat(tekst) if tekst else None


def als_json(verklaring: Verklaring) -> bytes:
    """The content as sealed, with its hash and the chain link that seals it."""
    return json.dumps(
        {
            "verklaring": verklaring.inhoud,
            "sha256": verklaring.sha256,
            "auditketen": {"schakel": verklaring.schakel},
        },
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    ).encode()


def als_csv(verklaring: Verklaring) -> str:
    """One row per destroyed zaak (semicolons; text that looks like a formula is neutralised)."""
    nummer = verklaring.inhoud["lijst"]["nummer"]
    rijen: list[tuple[Any, ...]] = [CSV_KOLOMMEN]
    for zaak in verklaring.inhoud["zaken"]:
        rijen.append(
            (
                nummer,
                zaak["identificatie"],
                zaak["zaaktype"],
                zaak["zaaktype_omschrijving"],
                zaak["resultaat"],
                zaak["selectielijstklasse"],
                zaak["bewaartermijn"],
                _dag(zaak["einddatum"]),
                _dag(zaak["archiefactiedatum"]),
                zaak["documenten"],
                zaak["besluiten"],
                zaak["vernietigd_op"],
            )
        )
    return csv_tekst(rijen)


def _tabel(kop: tuple[str, ...], rijen: list[tuple[str, ...]]) -> Table:
    """A table whose columns never cut a word (zaaktype codes, long Dutch words)."""
    return pdf.woordtabel(list(kop), [list(rij) for rij in rijen])


def _rol(waarde: str) -> str:
    return dict(Beoordelingsrol.choices).get(waarde, waarde)


def _besluit(waarde: str) -> str:
    return dict(Beoordelingsbesluit.choices).get(waarde, waarde or "—")


def als_pdf(verklaring: Verklaring) -> bytes:
    """The verklaring for people: the list, per zaaktype what went, every destroyed zaak, the
    reviews, the exclusions and the execution, and how the audit chain seals it."""
    inhoud = verklaring.inhoud
    lijst, uitvoering = inhoud["lijst"], inhoud["uitvoering"]
    gemeente = verklaring.lijst.gemeente
    delen: list[Any] = [
        pdf.p(
            f"Het college van burgemeester en wethouders van de gemeente "
            f"{inhoud['gemeente']['naam']} verklaart dat de hieronder genoemde zaken met hun "
            "documenten en besluiten zijn vernietigd volgens de goedgekeurde "
            "vernietigingslijst, op grond van de Archiefwet en de selectielijst."
        ),
        pdf.ruimte(),
        pdf.tabel(
            [
                ("Gemeente", f"{inhoud['gemeente']['naam']} (RSIN {inhoud['gemeente']['rsin']})"),
                ("Vernietigingslijst", f"{lijst['nummer']} — {lijst['naam']}"),
                ("Peildatum", datum(_dag(lijst["peildatum"]))),
                ("Goedgekeurd", moment(_moment(lijst["goedgekeurd_op"]))),
                ("Uitvoering gestart", moment(_moment(uitvoering["gestart_op"]))),
                ("Uitvoering voltooid", moment(_moment(uitvoering["voltooid_op"]))),
                (
                    "Vernietigd",
                    f"{aantal(uitvoering['vernietigd'], 'zaak', 'zaken')}, "
                    f"{aantal(uitvoering['documenten'], 'document', 'documenten')}, "
                    f"{aantal(uitvoering['besluiten'], 'besluit', 'besluiten')}",
                ),
                (
                    "Bij de uitvoering van de lijst gehaald",
                    aantal(uitvoering["van_de_lijst"], "zaak", "zaken"),
                ),
            ]
        ),
        pdf.p("Per zaaktype", "Heading2"),
        _tabel(
            ("Zaaktype", "Aantal", "Van – tot en met", "Selectielijstcategorie", "Bewaartermijn"),
            [
                (
                    f"{zt['omschrijving']} ({zt['identificatie']})",
                    str(zt["aantal"]),
                    f"{zt['eerste']} – {zt['laatste']}",
                    "\n".join(c["weergave"] or c["selectielijstklasse"] for c in zt["categorieen"]),
                    "\n".join(c["bewaartermijn"] for c in zt["categorieen"]),
                )
                for zt in inhoud["zaaktypen"]
            ],
        ),
        pdf.p("Vernietigde zaken", "Heading2"),
        _tabel(
            ("Zaak", "Zaaktype", "Resultaat", "Archiefactiedatum", "Documenten", "Besluiten"),
            [
                (
                    z["identificatie"],
                    z["zaaktype"],
                    z["resultaat"],
                    datum(_dag(z["archiefactiedatum"])),
                    str(z["documenten"]),
                    str(z["besluiten"]),
                )
                for z in inhoud["zaken"]
            ],
        ),
        pdf.p("Beoordeling", "Heading2"),
        _tabel(
            ("Ronde", "Rol", "Beoordelaar", "Besluit", "Datum"),
            [
                (
                    str(b["ronde"]),
                    _rol(b["rol"]),
                    b["beoordelaar"],
                    _besluit(b["besluit"]) + (f"\n{b['opmerking']}" if b["opmerking"] else ""),
                    moment(_moment(b["beslist_op"])),
                )
                for b in inhoud["beoordelingen"]
            ],
        ),
    ]
    if inhoud["uitzonderingen"]:
        statussen = dict(Itemstatus.choices)
        delen += [
            pdf.p("Niet vernietigd", "Heading2"),
            _tabel(
                ("Zaak", "Waarom", "Reden"),
                [
                    (u["identificatie"], statussen.get(u["status"], u["status"]), u["reden"])
                    for u in inhoud["uitzonderingen"]
                ],
            ),
        ]
    delen += [
        pdf.ruimte(),
        pdf.p(
            f"Deze verklaring is verzegeld in de auditketen van iwerk (schakel "
            f"{verklaring.schakel}); de SHA-256 van haar inhoud is {verklaring.sha256}. "
            "Met iwerk audit_verifieren is na te gaan dat zij sindsdien niet is gewijzigd."
        ),
    ]
    return pdf.document(
        afzender=f"Gemeente {inhoud['gemeente']['naam']}",
        huiskleur=gemeente.primaire_kleur,
        titel="Verklaring van vernietiging",
        onderwerp=f"Vernietigingslijst {lijst['nummer']}",
        inhoud=delen,
    )
