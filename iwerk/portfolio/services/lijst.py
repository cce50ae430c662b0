"""Import of an existing application list (CSV or XLSX); its export is `selectors.lijst`.

One row is one application in use by one gemeente. A dry run (proef) shows what would happen
and every broken row with its line number; the real import runs only when no row is broken, in
one transaction — nothing is ever half imported. See docs/portfolio.md for the columns.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import TextChoices

from iwerk.core.export import terugzetten
from iwerk.core.models import Gemeente
from iwerk.portfolio.models import (
    Applicatie,
    Gebruik,
    Hosting,
    Levensfase,
    Referentiecomponent,
)
from iwerk.portfolio.selectors import uitfasering
from iwerk.portfolio.services import gebruik as gebruik_services

KOLOMMEN = {
    "naam": ("naam", "applicatie", "pakket"),
    "leverancier": ("leverancier",),
    "versie": ("versie", "pakketversie"),
    "hosting": ("hosting",),
    "kosten_per_jaar": ("kosten per jaar", "kosten", "jaarkosten"),
    "contract_einde": ("contract einde", "einde contract", "contracteinde"),
    "gemeente": ("gemeente", "organisatie"),
    "status": ("status", "levensfase"),
    "sinds": ("in gebruik sinds", "sinds"),
    "einde_gepland": ("einde gepland", "gepland einde", "uitfaseerdatum"),
    "componenten": ("referentiecomponenten", "componenten", "referentiecomponent"),
    "persoonsgegevens": ("persoonsgegevens",),
}
VERPLICHT = ("naam", "gemeente", "sinds")


@dataclass
class Regel:
    nummer: int
    naam: str
    gemeente: str
    actie: str  # nieuw, bijgewerkt
    fouten: list[str] = field(default_factory=list)


@dataclass
class Verslag:
    regels: list[Regel] = field(default_factory=list)
    algemeen: list[str] = field(default_factory=list)
    proef: bool = True

    @property
    def fouten(self) -> list[str]:
        return self.algemeen + [f"Regel {r.nummer}: {f}" for r in self.regels for f in r.fouten]

    @property
    def gelukt(self) -> bool:
        return not self.fouten


def _rijen(inhoud: bytes, bestandsnaam: str) -> list[list[str]]:
    """The cells as text; the apostrophe iwerk's own export puts before a formula character is
    taken off again (iwerk.core.export), so an exported list imports as it was."""
    if bestandsnaam.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        werkboek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
        blad = werkboek.worksheets[0]
        return [
            [
                ""
                if c is None
                else (c.isoformat() if isinstance(c, (date, datetime)) else terugzetten(str(c)))
                for c in row
            ]
            for row in blad.iter_rows(values_only=True)
        ]
    tekst = inhoud.decode("utf-8-sig")
    try:
        dialect = csv.Sniffer().sniff(tekst[:2048], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    return [[terugzetten(c) for c in rij] for rij in csv.reader(io.StringIO(tekst), dialect)]


def _datum(waarde: str) -> date | None:
    waarde = waarde.strip()[:10]
    if not waarde:
        return None
    for formaat in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(waarde, formaat).date()
        except ValueError:
            continue
    raise ValueError(waarde)


def _keuze(waarde: str, keuzes: type[TextChoices]) -> str | None:
    schoon = waarde.strip().lower().replace(" ", "_").replace("-", "_")
    for value, label in keuzes.choices:
        if schoon in (value, label.lower().replace(" ", "_")):
            return value
    return None


def importeren(
    inhoud: bytes, bestandsnaam: str, *, proef: bool, gemeenten: Collection[int] | None = None
) -> Verslag:
    """Check (proef) or import a list. `gemeenten`: the ids of the gemeenten whose rows the user
    manages (the werkplek passes those where the user may manage the portfolio); a row of
    another gemeente is an error. None: every gemeente (code that acts for the installation)."""
    verslag = Verslag(proef=proef)
    try:
        rijen = _rijen(inhoud, bestandsnaam)
    except Exception:  # noqa: BLE001 - an unreadable file is the user's error, reported as such
        verslag.algemeen.append("Het bestand kan niet gelezen worden als CSV (UTF-8) of XLSX.")
        return verslag
    if not rijen:
        verslag.algemeen.append("Het bestand is leeg.")
        return verslag
    kop = [str(h).strip().lower() for h in rijen[0]]
    index = {}
    for veld, namen in KOLOMMEN.items():
        for i, h in enumerate(kop):
            if h in namen:
                index[veld] = i
                break
    for veld in VERPLICHT:
        if veld not in index:
            verslag.algemeen.append(f"Kolom '{KOLOMMEN[veld][0]}' ontbreekt in de kopregel.")
    if verslag.algemeen:
        return verslag

    beheerd = None if gemeenten is None else set(gemeenten)
    op_naam = {g.naam.lower(): g for g in Gemeente.objects.toegewezen()}
    op_naam.update({g.slug: g for g in op_naam.values()})
    # The export's Organisatie column ("Gemeente Deventer"), so an export imports again.
    op_naam.update({f"gemeente {g.naam.lower()}": g for g in list(op_naam.values())})
    componenten = {c.naam.lower(): c for c in Referentiecomponent.objects.all()}
    componenten.update({c.gemma_id.lower(): c for c in componenten.values()})
    # The rule of the werkplek form holds here too: no phase-out of an application linked to a
    # migratie that is not clean yet (services.gebruik.fouten, ADR 0065).
    gekoppeld: dict[tuple[str, str, int | None], Gebruik] = {
        (g.applicatie.naam, g.applicatie.versie, g.gemeente_id): g
        for g in Gebruik.objects.filter(migratie__isnull=False).select_related(
            "applicatie", "migratie"
        )
    }
    oordelen = uitfasering.voor_gebruik(gekoppeld.values())
    bestaande = _bestaande_applicaties()
    plan = []
    gezien: dict[tuple, int] = {}
    for nummer, rij in enumerate(rijen[1:], start=2):
        if not any(str(c).strip() for c in rij):
            continue
        w = {veld: (str(rij[i]).strip() if i < len(rij) else "") for veld, i in index.items()}
        regel = Regel(nummer, w["naam"], w.get("gemeente", ""), "nieuw")
        data = _regel(w, regel, op_naam, componenten)
        if beheerd is not None and data["gemeente"] and data["gemeente"].pk not in beheerd:
            regel.fouten.append(
                f"u beheert het applicatieportfolio van gemeente {data['gemeente'].naam} niet; "
                "een regel van die gemeente kunt u niet importeren."
            )
        bestaand_gebruik = gekoppeld.get(
            (data["naam"], data["versie"], data["gemeente"].pk if data["gemeente"] else None)
        )
        if (
            bestaand_gebruik is not None
            and data["status"] == Levensfase.uitgefaseerd
            and bestaand_gebruik.status != Levensfase.uitgefaseerd
            and not oordelen[bestaand_gebruik.pk].oordeel.kan_uit
        ):
            regel.fouten.append(
                gebruik_services.nog_niet_schoon(oordelen[bestaand_gebruik.pk].oordeel)
            )
        if beheerd is not None and (fout := _gedeeld_gewijzigd(data, bestaande, beheerd)):
            regel.fouten.append(fout)
        # The gemeente as resolved, so "Raalte" and "gemeente raalte" are the same row.
        gemeente_sleutel = (
            data["gemeente"].pk if data["gemeente"] else w.get("gemeente", "").lower()
        )
        sleutel = (w["naam"].lower(), w.get("versie", "").lower(), gemeente_sleutel)
        if sleutel in gezien:
            regel.fouten.append(
                f"dezelfde applicatie en gemeente staan ook op regel {gezien[sleutel]}."
            )
        gezien[sleutel] = nummer
        if not regel.fouten:
            regel.actie = "bijgewerkt" if (data["naam"], data["versie"]) in bestaande else "nieuw"
            plan.append(data)
        verslag.regels.append(regel)
    if proef or not verslag.gelukt:
        return verslag
    with transaction.atomic():
        for data in plan:
            _opslaan(data)
    return verslag


def _regel(w: dict, regel: Regel, gemeenten: dict, componenten: dict) -> dict:
    data = {
        "naam": w["naam"],
        "versie": w.get("versie", ""),
        "leverancier": w.get("leverancier", ""),
    }
    if not w["naam"]:
        regel.fouten.append("de naam ontbreekt.")
    gemeente = gemeenten.get(w.get("gemeente", "").lower())
    if gemeente is None:
        regel.fouten.append(f"onbekende gemeente '{w.get('gemeente', '')}'.")
    data["gemeente"] = gemeente
    for veld in ("sinds", "einde_gepland", "contract_einde"):
        try:
            data[veld] = _datum(w.get(veld, ""))
        except ValueError:
            regel.fouten.append(
                f"'{w.get(veld)}' is geen datum (jjjj-mm-dd of dd-mm-jjjj) in {veld.replace('_', ' ')}."
            )
            data[veld] = None
    if data.get("sinds") is None and not any("sinds" in f for f in regel.fouten):
        regel.fouten.append("de datum 'in gebruik sinds' ontbreekt.")
    if data.get("sinds") and data.get("einde_gepland") and data["einde_gepland"] < data["sinds"]:
        regel.fouten.append("het geplande einde ligt vóór het begin.")
    data["hosting"] = Hosting.saas
    if w.get("hosting"):
        data["hosting"] = _keuze(w["hosting"], Hosting)
        if data["hosting"] is None:
            regel.fouten.append(f"onbekende hosting '{w['hosting']}'.")
    data["status"] = Levensfase.in_gebruik
    if w.get("status"):
        data["status"] = _keuze(w["status"], Levensfase)
        if data["status"] is None:
            regel.fouten.append(
                f"onbekende status '{w['status']}' (in gebruik, uit te faseren, uitgefaseerd)."
            )
    bedrag = (w.get("kosten_per_jaar") or "0").replace("€", "").replace(" ", "").strip() or "0"
    if "," in bedrag or re.fullmatch(r"\d{1,3}(\.\d{3})+", bedrag):  # Dutch: 1.234,56 or 12.500
        bedrag = bedrag.replace(".", "").replace(",", ".")
    try:
        data["kosten_per_jaar"] = Decimal(bedrag)
    except InvalidOperation:
        regel.fouten.append(f"'{w.get('kosten_per_jaar')}' is geen bedrag.")
        data["kosten_per_jaar"] = Decimal(0)
    namen = [n.strip() for n in (w.get("componenten") or "").split("|") if n.strip()]
    onbekend = [n for n in namen if n.lower() not in componenten]
    if onbekend:
        regel.fouten.append(f"onbekende referentiecomponent(en): {', '.join(onbekend)}.")
    data["componenten"] = [componenten[n.lower()] for n in namen if n.lower() in componenten]
    data["persoonsgegevens"] = (w.get("persoonsgegevens") or "").lower() in (
        "ja",
        "j",
        "true",
        "1",
        "x",
    )
    return data


# The application's own fields: one record for every gemeente that uses it.
GEDEELD = {
    "leverancier": "leverancier",
    "hosting": "hosting",
    "kosten_per_jaar": "kosten per jaar",
    "contract_einde": "contracteinde",
    "persoonsgegevens": "persoonsgegevens",
}


@dataclass
class _Bestaand:
    waarden: dict
    gemeenten: dict[int, str] = field(default_factory=dict)  # id -> naam of those using it
    componenten: set[int] = field(default_factory=set)


def _bestaande_applicaties() -> dict[tuple[str, str], _Bestaand]:
    """Every application with its own fields, the gemeenten using it and its components (three
    queries, whatever the size of the file)."""
    bestaande = {
        (a["naam"], a["versie"]): _Bestaand({k: a[k] for k in GEDEELD})
        for a in Applicatie.objects.values("naam", "versie", *GEDEELD)
    }
    for naam, versie, gemeente_id, gemeente_naam in Gebruik.objects.values_list(
        "applicatie__naam", "applicatie__versie", "gemeente_id", "gemeente__naam"
    ):
        bestaande[(naam, versie)].gemeenten[gemeente_id] = gemeente_naam
    koppeling = Applicatie.componenten.through
    for naam, versie, component_id in koppeling.objects.values_list(
        "applicatie__naam", "applicatie__versie", "referentiecomponent_id"
    ):
        bestaande[(naam, versie)].componenten.add(component_id)
    return bestaande


def _gedeeld_gewijzigd(
    data: dict, bestaande: dict[tuple[str, str], _Bestaand], beheerd: set[int]
) -> str | None:
    """Why the row may not change the application's own fields: another gemeente that the user
    does not manage uses it too, and the row would change them."""
    bestaand = bestaande.get((data["naam"], data["versie"]))
    if bestaand is None:
        return None
    anderen = sorted(naam for pk, naam in bestaand.gemeenten.items() if pk not in beheerd)
    if not anderen:
        return None
    gewijzigd = [
        label
        for veld, label in GEDEELD.items()
        # An empty cell counts too: the import writes it (an emptied contracteinde is a change).
        if data.get(veld) != bestaand.waarden[veld]
    ]
    if {c.pk for c in data.get("componenten") or []} - bestaand.componenten:
        gewijzigd.append("referentiecomponenten")
    if not gewijzigd:
        return None
    return (
        f"de applicatie wordt ook gebruikt door {', '.join(anderen)}, waarvan u het "
        f"applicatieportfolio niet beheert; de gegevens van de applicatie zelf ({', '.join(gewijzigd)}) "
        "kunt u daarom niet wijzigen — laat ze gelijk aan wat iwerk heeft."
    )


def _opslaan(data: dict) -> None:
    app, _ = Applicatie.objects.update_or_create(
        naam=data["naam"],
        versie=data["versie"],
        defaults={
            "leverancier": data["leverancier"],
            "hosting": data["hosting"],
            "kosten_per_jaar": data["kosten_per_jaar"],
            "contract_einde": data["contract_einde"],
            "persoonsgegevens": data["persoonsgegevens"],
        },
    )
    if data["componenten"]:
        app.componenten.add(*data["componenten"])
    Gebruik.objects.update_or_create(
        applicatie=app,
        gemeente=data["gemeente"],
        defaults={
            "sinds": data["sinds"],
            "status": data["status"],
            "einde_gepland": data["einde_gepland"],
        },
    )
