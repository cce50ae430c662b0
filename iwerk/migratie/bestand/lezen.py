"""Reading the import: a workbook (XLSX) or a folder of CSV files into typed rows.

Every cell that cannot be what its column asks (a date that is none, a text too long, a value
outside the list) becomes a Melding with its sheet, row number and column letter as the
spreadsheet shows them; the row keeps going so that one pass reports everything. Whether the
values fit the catalogue and iwerk is for `controle`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from iwerk.core.export import terugzetten
from iwerk.migratie.bestand.formaat import BLADEN, kopnamen, sleutel
from iwerk.migratie.bestand.verslag import FOUT, WAARSCHUWING, Melding

Cel = str | int | float | date | datetime | None


def kolomletter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Plek:
    """Where a row is, to place the findings about its cells."""

    blad: str
    rij: int
    letters: dict[str, str]  # column -> letter in this file

    def melding(self, kolom: str, bericht: str, ernst: str = FOUT) -> Melding:
        return Melding(
            bericht, self.blad, self.rij, kolom, self.letters.get(kolom, ""), ernst=ernst
        )


@dataclass
class Cellen:
    """One row's cells by column, with typed readers that record what does not fit."""

    plek: Plek
    waarden: dict[str, Cel]
    meldingen: list[Melding] = field(default_factory=list)

    def fout(self, kolom: str, bericht: str, ernst: str = FOUT) -> None:
        self.meldingen.append(self.plek.melding(kolom, bericht, ernst))

    def tekst(self, kolom: str, *, verplicht: bool = False, maximaal: int | None = None) -> str:
        waarde = self.waarden.get(kolom)
        if isinstance(waarde, datetime):
            tekst = waarde.date().isoformat() if waarde.time() == time() else waarde.isoformat()
        elif isinstance(waarde, date):
            tekst = waarde.isoformat()
        elif isinstance(waarde, float) and waarde.is_integer():
            tekst = str(int(waarde))
        else:
            tekst = "" if waarde is None else terugzetten(str(waarde).strip())
        if verplicht and not tekst:
            self.fout(kolom, "verplicht, maar leeg.")
        if maximaal is not None and len(tekst) > maximaal:
            self.fout(kolom, f"hoogstens {maximaal} tekens (nu {len(tekst)}).")
        return tekst

    def cijfers(self, kolom: str, lengte: int) -> str:
        """An identifying number; a spreadsheet that stored it as a number lost its leading
        zeros, which are put back."""
        waarde = self.waarden.get(kolom)
        if (
            isinstance(waarde, (int, float))
            and not isinstance(waarde, bool)
            and float(waarde).is_integer()
            and 0 <= waarde < 10**lengte
        ):
            return str(int(waarde)).zfill(lengte)
        return self.tekst(kolom).replace(" ", "")

    def datum(self, kolom: str, *, verplicht: bool = False) -> date | None:
        waarde = self.waarden.get(kolom)
        if isinstance(waarde, datetime):
            return waarde.date()
        if isinstance(waarde, date):
            return waarde
        tekst = self.tekst(kolom, verplicht=verplicht)
        if not tekst:
            return None
        gelezen = lees_datum(tekst)
        if gelezen is None:
            self.fout(kolom, f"'{tekst}' is geen datum (jjjj-mm-dd of dd-mm-jjjj).")
        return gelezen

    def datumtijd(self, kolom: str, *, verplicht: bool = False) -> datetime | None:
        waarde = self.waarden.get(kolom)
        if isinstance(waarde, datetime):
            return waarde
        if isinstance(waarde, date):
            return datetime.combine(waarde, time())
        tekst = self.tekst(kolom, verplicht=verplicht)
        if not tekst:
            return None
        gelezen = lees_datumtijd(tekst)
        if gelezen is None:
            self.fout(
                kolom,
                f"'{tekst}' is geen datum of tijdstip (jjjj-mm-dd, dd-mm-jjjj, eventueel met uu:mm).",
            )
        return gelezen

    def keuze(self, kolom: str, keuzes: tuple[str, ...]) -> str:
        tekst = self.tekst(kolom)
        if not tekst:
            return ""
        waarde = sleutel(tekst)
        if waarde not in keuzes:
            toegestaan = ", ".join(k.replace("_", " ") for k in keuzes)
            self.fout(kolom, f"'{tekst}' is geen geldige waarde; kies uit: {toegestaan}.")
            return ""
        return waarde


def lees_datum(tekst: str) -> date | None:
    """jjjj-mm-dd or dd-mm-jjjj (a time after it is ignored); None when it is no date."""
    deel = tekst.strip().replace("T", " ").split(" ")[0]
    for formaat in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(deel, formaat).date()
        except ValueError:
            continue
    return None


def lees_datumtijd(tekst: str) -> datetime | None:
    """A date with an optional time (uu:mm or uu:mm:ss); ISO 8601 with an offset too."""
    tekst = tekst.strip()
    try:
        return datetime.fromisoformat(tekst)
    except ValueError:
        pass
    for formaat in ("%d-%m-%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S"):
        try:
            return datetime.strptime(tekst, formaat)
        except ValueError:
            continue
    return None


VERTROUWELIJKHEID = (
    "openbaar", "beperkt_openbaar", "intern", "zaakvertrouwelijk", "vertrouwelijk",
    "confidentieel", "geheim", "zeer_geheim",
)  # fmt: skip
BETROKKENE_TYPEN = (
    "natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging", "organisatorische_eenheid",
    "medewerker",
)  # fmt: skip
ARCHIEFNOMINATIE = ("blijvend_bewaren", "vernietigen")
DOCUMENTSTATUS = ("in_bewerking", "ter_vaststelling", "definitief", "gearchiveerd")


@dataclass
class ZaakRij:
    plek: Plek
    meldingen: list[Melding]
    identificatie: str
    zaaktype: str
    zaaktype_versiedatum: date | None
    omschrijving: str
    toelichting: str
    startdatum: date | None
    registratiedatum: date | None
    einddatum_gepland: date | None
    uiterlijke_einddatum_afdoening: date | None
    vertrouwelijkheidaanduiding: str
    hoofdzaak: str
    resultaat: str
    resultaat_toelichting: str
    archiefnominatie: str
    archiefactiedatum: date | None


@dataclass
class RolRij:
    plek: Plek
    meldingen: list[Melding]
    zaak: str
    roltype: str
    betrokkene_type: str
    bsn: str
    voorletters: str
    voornamen: str
    voorvoegsel: str
    naam: str
    kvk_nummer: str
    vestigingsnummer: str
    rsin: str
    medewerker: str
    organisatorische_eenheid: str
    roltoelichting: str


@dataclass
class StatusRij:
    plek: Plek
    meldingen: list[Melding]
    zaak: str
    statustype: str
    datum_status_gezet: datetime | None
    toelichting: str


@dataclass
class DocumentRij:
    plek: Plek
    meldingen: list[Melding]
    zaak: str
    bestand: str
    titel: str
    informatieobjecttype: str
    creatiedatum: date | None
    auteur: str
    vertrouwelijkheidaanduiding: str
    taal: str
    status: str
    formaat: str
    identificatie: str
    beschrijving: str
    ontvangstdatum: date | None
    verzenddatum: date | None


def _zaak(c: Cellen) -> ZaakRij:
    return ZaakRij(
        c.plek,
        c.meldingen,
        identificatie=c.tekst("identificatie", verplicht=True, maximaal=40),
        zaaktype=c.tekst("zaaktype", verplicht=True, maximaal=50),
        zaaktype_versiedatum=c.datum("zaaktype_versiedatum"),
        omschrijving=c.tekst("omschrijving", maximaal=80),
        toelichting=c.tekst("toelichting", maximaal=1000),
        startdatum=c.datum("startdatum", verplicht=True),
        registratiedatum=c.datum("registratiedatum"),
        einddatum_gepland=c.datum("einddatum_gepland"),
        uiterlijke_einddatum_afdoening=c.datum("uiterlijke_einddatum_afdoening"),
        vertrouwelijkheidaanduiding=c.keuze("vertrouwelijkheidaanduiding", VERTROUWELIJKHEID),
        hoofdzaak=c.tekst("hoofdzaak", maximaal=40),
        resultaat=c.tekst("resultaat"),
        resultaat_toelichting=c.tekst("resultaat_toelichting", maximaal=1000),
        archiefnominatie=c.keuze("archiefnominatie", ARCHIEFNOMINATIE),
        archiefactiedatum=c.datum("archiefactiedatum"),
    )


def _rol(c: Cellen) -> RolRij:
    return RolRij(
        c.plek,
        c.meldingen,
        zaak=c.tekst("zaak", verplicht=True),
        roltype=c.tekst("roltype", verplicht=True),
        betrokkene_type=c.keuze("betrokkene_type", BETROKKENE_TYPEN),
        bsn=c.cijfers("bsn", 9),
        voorletters=c.tekst("voorletters", maximaal=20),
        voornamen=c.tekst("voornamen", maximaal=200),
        voorvoegsel=c.tekst("voorvoegsel", maximaal=80),
        naam=c.tekst("naam", maximaal=625),
        kvk_nummer=c.cijfers("kvk_nummer", 8),
        vestigingsnummer=c.cijfers("vestigingsnummer", 12),
        rsin=c.cijfers("rsin", 9),
        medewerker=c.tekst("medewerker", maximaal=24),
        organisatorische_eenheid=c.tekst("organisatorische_eenheid", maximaal=24),
        roltoelichting=c.tekst("roltoelichting", maximaal=1000),
    )


def _status(c: Cellen) -> StatusRij:
    return StatusRij(
        c.plek,
        c.meldingen,
        zaak=c.tekst("zaak", verplicht=True),
        statustype=c.tekst("statustype", verplicht=True),
        datum_status_gezet=c.datumtijd("datum_status_gezet", verplicht=True),
        toelichting=c.tekst("toelichting", maximaal=1000),
    )


def _document(c: Cellen) -> DocumentRij:
    return DocumentRij(
        c.plek,
        c.meldingen,
        zaak=c.tekst("zaak", verplicht=True),
        bestand=c.tekst("bestand", verplicht=True),
        titel=c.tekst("titel", maximaal=200),
        informatieobjecttype=c.tekst("informatieobjecttype", verplicht=True),
        creatiedatum=c.datum("creatiedatum", verplicht=True),
        auteur=c.tekst("auteur", verplicht=True, maximaal=200),
        vertrouwelijkheidaanduiding=c.keuze("vertrouwelijkheidaanduiding", VERTROUWELIJKHEID),
        taal=c.tekst("taal", maximaal=3).lower(),
        status=c.keuze("status", DOCUMENTSTATUS),
        formaat=c.tekst("formaat", maximaal=255),
        identificatie=c.tekst("identificatie", maximaal=40),
        beschrijving=c.tekst("beschrijving", maximaal=1000),
        ontvangstdatum=c.datum("ontvangstdatum"),
        verzenddatum=c.datum("verzenddatum"),
    )


@dataclass
class Gelezen:
    """The file as typed rows, with what was wrong with the file as a whole."""

    bron: str
    map: Path  # where the documents' paths start by default
    zaken: list[ZaakRij] = field(default_factory=list)
    rollen: list[RolRij] = field(default_factory=list)
    statussen: list[StatusRij] = field(default_factory=list)
    documenten: list[DocumentRij] = field(default_factory=list)
    meldingen: list[Melding] = field(default_factory=list)


_TYPEN = {"zaken": _zaak, "betrokkenen": _rol, "statussen": _status, "documenten": _document}


def lees(pad: Path) -> Gelezen:
    """Read a workbook (.xlsx) or a folder with zaken.csv, betrokkenen.csv, statussen.csv and
    documenten.csv. Only the zaken sheet is required."""
    if pad.is_dir():
        gelezen = Gelezen(str(pad), pad)
        bladen = _csv_map(pad, gelezen.meldingen)
    elif pad.suffix.lower() == ".xlsx" and pad.is_file():
        gelezen = Gelezen(str(pad), pad.parent)
        bladen = _werkboek(pad, gelezen.meldingen)
    else:
        gelezen = Gelezen(str(pad), pad.parent)
        gelezen.meldingen.append(
            Melding(
                f"{pad} is geen .xlsx-bestand en geen map met CSV-bestanden."
                if pad.exists()
                else f"{pad} bestaat niet."
            )
        )
        return gelezen
    if "zaken" not in bladen and not gelezen.meldingen:
        gelezen.meldingen.append(
            Melding("Het blad 'zaken' ontbreekt (in een map: het bestand zaken.csv).")
        )
    for naam, rijen in bladen.items():
        lijst = getattr(gelezen, "rollen" if naam == "betrokkenen" else naam)
        lijst.extend(_rijen(naam, rijen, gelezen.meldingen))
    return gelezen


def _rijen(blad: str, rijen: list[list[Cel]], meldingen: list[Melding]) -> Iterator:
    if not rijen or not any(_gevuld(c) for c in rijen[0]):
        meldingen.append(Melding("De kopregel (rij 1) ontbreekt.", blad, 1))
        return
    namen = kopnamen(blad)
    letters: dict[str, str] = {}
    index: dict[str, int] = {}
    for i, kop in enumerate(rijen[0]):
        if not _gevuld(kop):
            continue
        kolom = namen.get(sleutel(str(kop)))
        if kolom is None:
            meldingen.append(
                Melding(
                    f"onbekende kolom '{kop}'. Verwijder haar of gebruik een van: "
                    f"{', '.join(k.naam for k in BLADEN[blad])}.",
                    blad,
                    1,
                    str(kop),
                    kolomletter(i),
                )
            )
        elif kolom in index:
            meldingen.append(
                Melding(f"staat ook in kolom {letters[kolom]}.", blad, 1, kolom, kolomletter(i))
            )
        else:
            index[kolom], letters[kolom] = i, kolomletter(i)
    for verwacht in BLADEN[blad]:
        if verwacht.verplicht and verwacht.naam not in index:
            meldingen.append(
                Melding("verplichte kolom ontbreekt in de kopregel.", blad, 1, verwacht.naam)
            )
    for nummer, rij in enumerate(rijen[1:], start=2):
        if not any(_gevuld(c) for c in rij):
            continue
        waarden = {kolom: (rij[i] if i < len(rij) else None) for kolom, i in index.items()}
        yield _TYPEN[blad](Cellen(Plek(blad, nummer, letters), waarden))


def _gevuld(cel: Cel) -> bool:
    return cel is not None and str(cel).strip() != ""


def _cel(waarde: object) -> Cel:
    """A cell's value as the readers take it: text, a number, a date; anything else (a time, a
    rich text, a formula without a cached value) as its text."""
    if waarde is None or isinstance(waarde, (str, int, float, date)):
        return waarde
    return str(waarde)


def _werkboek(pad: Path, meldingen: list[Melding]) -> dict[str, list[list[Cel]]]:
    from openpyxl import load_workbook

    try:
        werkboek = load_workbook(pad, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the user's error, reported as such
        meldingen.append(Melding(f"{pad.name} kan niet gelezen worden als XLSX-werkboek."))
        return {}
    bladen: dict[str, list[list[Cel]]] = {}
    try:
        for blad in werkboek.worksheets:
            naam = sleutel(blad.title)
            if naam == "toelichting":  # the template's explanation of the columns
                continue
            if naam not in BLADEN:
                meldingen.append(
                    Melding(
                        f"het blad '{blad.title}' wordt niet gelezen (bladen: "
                        f"{', '.join(BLADEN)}).",
                        ernst=WAARSCHUWING,
                    )
                )
                continue
            bladen[naam] = [[_cel(c) for c in r] for r in blad.iter_rows(values_only=True)]
    finally:
        werkboek.close()
    return bladen


def _csv_map(map_: Path, meldingen: list[Melding]) -> dict[str, list[list[Cel]]]:
    bladen: dict[str, list[list[Cel]]] = {}
    for naam in BLADEN:
        bestand = map_ / f"{naam}.csv"
        if not bestand.is_file():
            continue
        try:
            tekst = bestand.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            meldingen.append(
                Melding(
                    f"{bestand.name} is geen UTF-8; sla het op als 'CSV UTF-8 (door komma's "
                    "gescheiden)'.",
                    naam,
                )
            )
            continue
        # The separator is the one the header uses most: no header contains ; , or a tab,
        # while text cells may hold any of them (a sniffer on the whole text is misled).
        kop = tekst.split("\n", 1)[0]
        scheiding = max(";,\t", key=kop.count)
        bladen[naam] = [list(r) for r in csv.reader(io.StringIO(tekst), delimiter=scheiding)]
    return bladen
