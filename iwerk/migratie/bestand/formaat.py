"""The format of the bulk import: four sheets and their columns (docs/migratie-bestand.md).

One place names every column, so the reader, the checks, the template and the documentation's
test agree. Headers are matched without regard to case, spaces, hyphens or accents; each column
also answers to a few names legacy exports use.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Kolom:
    naam: str  # the canonical header, as the template writes it
    uitleg: str  # Dutch, for the template and the documentation
    verplicht: bool = False
    ook: tuple[str, ...] = ()  # other headers that mean this column
    voorbeeld: str = ""


ZAKEN = (
    Kolom(
        "identificatie",
        "Het zaaknummer in het oude systeem; blijft in iwerk hetzelfde.",
        True,
        ("zaaknummer", "zaak_identificatie", "zaak"),
        "OUD-2024-0001",
    ),
    Kolom(
        "zaaktype",
        "De identificatie van het zaaktype in de catalogus van de gemeente.",
        True,
        ("zaaktype_identificatie",),
        "MOR",
    ),
    Kolom(
        "zaaktype_versiedatum",
        "Alleen nodig als het zaaktype meer versies heeft: de versiedatum van de versie. "
        "Leeg: de gepubliceerde versie die geldig is op de startdatum.",
        ook=("versiedatum",),
    ),
    Kolom(
        "omschrijving",
        "Korte omschrijving van de zaak (hoogstens 80 tekens).",
        voorbeeld="Losliggende tegel",
    ),
    Kolom("toelichting", "Langere toelichting (hoogstens 1000 tekens)."),
    Kolom("startdatum", "Datum waarop de behandeling begon.", True, voorbeeld="2024-03-04"),
    Kolom(
        "registratiedatum",
        "Datum waarop de zaak in het oude systeem werd geregistreerd; leeg: de startdatum "
        "(of vandaag, als de zaak later begint).",
    ),
    Kolom("einddatum_gepland", "Geplande einddatum; leeg: volgens de servicenorm."),
    Kolom(
        "uiterlijke_einddatum_afdoening",
        "Uiterste datum van afdoening; leeg: volgens de doorlooptijd van het zaaktype.",
    ),
    Kolom(
        "vertrouwelijkheidaanduiding",
        "openbaar, beperkt openbaar, intern, zaakvertrouwelijk, vertrouwelijk, confidentieel, "
        "geheim of zeer geheim; leeg: die van het zaaktype.",
        ook=("vertrouwelijkheid",),
    ),
    Kolom(
        "hoofdzaak",
        "Identificatie van de hoofdzaak als dit een deelzaak is (in dit bestand of al in iwerk).",
        ook=("hoofdzaak_identificatie",),
    ),
    Kolom(
        "resultaat",
        "Omschrijving van het resultaattype; verplicht als de zaak een eindstatus krijgt.",
        ook=("resultaattype",),
        voorbeeld="Opgelost",
    ),
    Kolom("resultaat_toelichting", "Toelichting bij het resultaat (hoogstens 1000 tekens)."),
    Kolom(
        "archiefnominatie",
        "blijvend bewaren of vernietigen, als het oude systeem die al bepaalde; leeg: volgens "
        "het resultaattype bij het afsluiten.",
    ),
    Kolom(
        "archiefactiedatum",
        "Datum van vernietiging of overbrenging, als die al bepaald was; leeg: berekend.",
    ),
)

BETROKKENEN = (
    Kolom(
        "zaak",
        "Identificatie van de zaak (zoals op het blad zaken).",
        True,
        ("zaak_identificatie", "zaaknummer", "identificatie"),
        "OUD-2024-0001",
    ),
    Kolom(
        "roltype",
        "Omschrijving van het roltype van het zaaktype (bijvoorbeeld Aanvrager) of de generieke "
        "omschrijving (initiator, behandelaar, beslisser, ...).",
        True,
        ("rol",),
        "Melder",
    ),
    Kolom(
        "betrokkene_type",
        "natuurlijk persoon, niet-natuurlijk persoon, vestiging, organisatorische eenheid of "
        "medewerker; leeg: afgeleid uit de ingevulde nummers.",
        ook=("type",),
    ),
    Kolom("bsn", "BSN van een natuurlijk persoon (9 cijfers, elfproef).", voorbeeld="999993653"),
    Kolom("voorletters", "Voorletters (natuurlijk persoon of medewerker)."),
    Kolom("voornamen", "Voornamen (natuurlijk persoon)."),
    Kolom("voorvoegsel", "Voorvoegsel van de achternaam, zoals 'van der'."),
    Kolom(
        "naam",
        "Achternaam (natuurlijk persoon, medewerker), statutaire naam (niet-natuurlijk persoon), "
        "handelsnaam (vestiging) of naam (organisatorische eenheid).",
        ook=("achternaam", "geslachtsnaam"),
        voorbeeld="Jansen",
    ),
    Kolom("kvk_nummer", "KvK-nummer (8 cijfers) van een vestiging.", ook=("kvk",)),
    Kolom("vestigingsnummer", "Vestigingsnummer (12 cijfers) bij het KvK-nummer."),
    Kolom(
        "rsin", "RSIN van een niet-natuurlijk persoon (9 cijfers, elfproef).", ook=("inn_nnp_id",)
    ),
    Kolom(
        "medewerker",
        "Identificatie (gebruikersnaam) van een medewerker, hoogstens 24 tekens.",
        ook=("medewerker_id", "medewerker_identificatie"),
    ),
    Kolom(
        "organisatorische_eenheid",
        "Identificatie van een afdeling of team, hoogstens 24 tekens.",
        ook=("afdeling",),
    ),
    Kolom(
        "roltoelichting", "Toelichting bij de rol (hoogstens 1000 tekens).", ook=("toelichting",)
    ),
)

STATUSSEN = (
    Kolom(
        "zaak",
        "Identificatie van de zaak.",
        True,
        ("zaak_identificatie", "zaaknummer", "identificatie"),
        "OUD-2024-0001",
    ),
    Kolom(
        "statustype",
        "Omschrijving van het statustype van het zaaktype, of zijn volgnummer. Het statustype "
        "met het hoogste volgnummer is de eindstatus: die sluit de zaak.",
        True,
        ("status",),
        "Melding ontvangen",
    ),
    Kolom(
        "datum_status_gezet",
        "Datum (en tijd) waarop de status werd gezet: 2024-03-04, 04-03-2024 of "
        "2024-03-04 10:15. Statussen worden in datumvolgorde gezet.",
        True,
        ("datum", "datum_gezet"),
        "2024-03-04 09:00",
    ),
    Kolom(
        "toelichting",
        "Toelichting bij de status (hoogstens 1000 tekens).",
        ook=("statustoelichting",),
    ),
)

DOCUMENTEN = (
    Kolom(
        "zaak",
        "Identificatie van de zaak.",
        True,
        ("zaak_identificatie", "zaaknummer"),
        "OUD-2024-0001",
    ),
    Kolom(
        "bestand",
        "Pad van het bestand, ten opzichte van de map met bestanden (--bestanden; standaard de "
        "map van het werkboek).",
        True,
        ("bestandsnaam", "pad"),
        "bestanden/foto-0001.png",
    ),
    Kolom(
        "titel",
        "Titel van het document; leeg: de bestandsnaam zonder extensie.",
        voorbeeld="Foto van de tegel",
    ),
    Kolom(
        "informatieobjecttype",
        "Omschrijving van het informatieobjecttype; het moet bij het zaaktype horen.",
        True,
        ("documenttype",),
        "Foto",
    ),
    Kolom("creatiedatum", "Datum waarop het document is gemaakt.", True, voorbeeld="2024-03-04"),
    Kolom("auteur", "Wie het document maakte (persoon of afdeling).", True, voorbeeld="Melder"),
    Kolom(
        "vertrouwelijkheidaanduiding",
        "Als bij zaken; leeg: die van het informatieobjecttype.",
        ook=("vertrouwelijkheid",),
    ),
    Kolom("taal", "Taalcode van drie letters (ISO 639-2/B); leeg: dut.", voorbeeld="dut"),
    Kolom(
        "status",
        "in bewerking, ter vaststelling, definitief of gearchiveerd; leeg: definitief.",
        ook=("documentstatus",),
    ),
    Kolom("formaat", "Mediatype, zoals application/pdf; leeg: afgeleid uit de extensie."),
    Kolom("identificatie", "Documentnummer in het oude systeem; leeg: iwerk kent er een toe."),
    Kolom("beschrijving", "Beschrijving (hoogstens 1000 tekens)."),
    Kolom("ontvangstdatum", "Datum van ontvangst (inkomende documenten)."),
    Kolom("verzenddatum", "Datum van verzending (uitgaande documenten)."),
)

BLADEN: dict[str, tuple[Kolom, ...]] = {
    "zaken": ZAKEN,
    "betrokkenen": BETROKKENEN,
    "statussen": STATUSSEN,
    "documenten": DOCUMENTEN,
}


def sleutel(tekst: str) -> str:
    """A header or sheet name as compared: lower case, no accents, '_' for spaces and hyphens."""
    zonder = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "_".join(zonder.strip().lower().replace("-", " ").replace("_", " ").split())


def kopnamen(blad: str) -> dict[str, str]:
    """Every header the sheet accepts -> its column's canonical name."""
    namen: dict[str, str] = {}
    for kolom in BLADEN[blad]:
        for naam in (kolom.naam, *kolom.ook):
            namen.setdefault(sleutel(naam), kolom.naam)
    return namen
