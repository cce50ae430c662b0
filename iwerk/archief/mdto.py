"""MDTO-XML (Metagegevens Duurzaam Toegankelijke Overheidsinformatie, Nationaal Archief) for a
transfer package: a zaak as a `Dossier` informatieobject, its documents and besluiten as
`Archiefstuk` informatieobjecten, every stored content file of a document as a `bestand`.

Two layers: plain descriptions (`Informatieobject`, `Bestand`) written as XML in the order the
schema's sequences demand, and the mapping from the registers' rows to them (`dossier`,
`archiefstuk`, `besluitstuk`, `bestand`). Nothing here queries the database: the caller loads
what the mapping reads (iwerk.archief.selectors.overbrenging). Every file is checked against the
XML Schema copied unchanged into mdto/ (MDTO-XML 1.0.1). Which element is filled from what:
docs/adr/0047-overbrenging-mdto.md.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.referentielijsten import selectors as referentielijsten

NS = "https://www.nationaalarchief.nl/mdto"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSD = Path(__file__).parent / "mdto" / "MDTO-XML1.0.1.xsd"
# As the official examples name the schema: the MDTO version every sidecar carries (SIP spec).
SCHEMA_LOCATION = f"{NS} https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd"
MDTO_VERSIE = "1.0.1"

# The begrippenlijsten, by the names the official examples give them; the last three are
# iwerk's own, described in docs/overbrenging.md.
AGGREGATIENIVEAUS = "Begrippenlijst Aggregatieniveaus MDTO"
EVENTTYPEN = "Begrippenlijst EventTypeLijst MDTO"
WAARDERINGEN = "Begrippenlijst Waarderingen MDTO"
BEPERKINGEN = "Begrippenlijst Beperkingen MDTO"
CHECKSUMALGORITMEN = "Begrippenlijst ChecksumAlgoritme MDTO"
RELATIES_BETROKKENE = "Begrippenlijst Relatietypen (betrokkene) MDTO"
RELATIES_INFORMATIEOBJECT = "Begrippenlijst Relatietypen (informatieobject) MDTO"
SELECTIELIJST = "Selectielijst gemeenten en intergemeentelijke organen 2020"
MEDIATYPES = "IANA Media types"
VERTROUWELIJKHEID = "Vertrouwelijkheidaanduidingen Zaakgericht Werken (VNG)"
DEKKING = "Begrippenlijst dekking in tijd iwerk"

DOSSIER = "Dossier"
ARCHIEFSTUK = "Archiefstuk"
REFEREERT_AAN = "Refereert aan"
# Roles of the zaak whose betrokkene MDTO names (staff belong to the archiefvormer itself).
BETROKKENEN = {
    "initiator": "Indiener",
    "mede_initiator": "Indiener",
    "belanghebbende": "Belanghebbende",
}
_WAARDERING = {
    "blijvend_bewaren": ("B", "Blijvend te bewaren"),
    "vernietigen": ("V", "Tijdelijk te bewaren"),
}
# ISO 639-2 (the Documenten API's taal) to the RFC 3066 codes MDTO's examples use.
_TALEN = {"dut": "nl", "nld": "nl", "eng": "en", "fry": "fy", "ger": "de", "deu": "de"}
_TAAL = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")  # xsd:language
# Characters XML 1.0 cannot carry at all (lxml refuses them).
_ONGELDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UUID_AAN_EIND = re.compile(r"/([0-9a-fA-F-]{36})/?$")


class OngeldigeMdto(Exception):
    """A file that does not validate against the MDTO XML Schema (a fault in this module)."""


# Plain descriptions


@dataclass(frozen=True)
class Kenmerk:
    kenmerk: str
    bron: str


@dataclass(frozen=True)
class Verwijzing:
    naam: str
    identificatie: Kenmerk | None = None


@dataclass(frozen=True)
class Begrip:
    label: str
    lijst: str
    code: str = ""


@dataclass(frozen=True)
class Event:
    type: str
    tijd: date | datetime
    actor: str = ""
    resultaat: str = ""


@dataclass(frozen=True)
class Periode:
    type: str
    begin: date
    einde: date | None = None


@dataclass(frozen=True)
class Relatie:
    doel: Verwijzing
    type: str = REFEREERT_AAN


@dataclass(frozen=True)
class Informatieobject:
    identificaties: tuple[Kenmerk, ...]
    naam: str
    aggregatieniveau: str
    waardering: Begrip
    archiefvormer: Verwijzing
    beperking: Begrip
    classificatie: tuple[Begrip, ...] = ()
    trefwoorden: tuple[str, ...] = ()
    omschrijving: str = ""
    dekking: tuple[Periode, ...] = ()
    taal: str = ""
    events: tuple[Event, ...] = ()
    informatiecategorie: Begrip | None = None
    onderdeel_van: Verwijzing | None = None
    onderdelen: tuple[Verwijzing, ...] = ()
    representaties: tuple[Verwijzing, ...] = ()
    gerelateerd: tuple[Relatie, ...] = ()
    betrokkenen: tuple[tuple[str, Verwijzing], ...] = ()  # (relatietype, actor)
    activiteit: Verwijzing | None = None

    @property
    def verwijzing(self) -> Verwijzing:
        return Verwijzing(self.naam, self.identificaties[0])


@dataclass(frozen=True)
class Bestand:
    identificatie: Kenmerk
    naam: str
    omvang: int
    formaat: Begrip
    sha256: str
    berekend_op: datetime
    representatie_van: Verwijzing


# Writing and checking


def _tekst(value: str) -> str:
    return _ONGELDIG.sub("", value)


def _el(parent: Any, naam: str, text: str | None = None) -> Any:
    element = etree.SubElement(parent, f"{{{NS}}}{naam}")
    if text is not None:
        element.text = _tekst(text)
    return element


def _kenmerk(parent: Any, naam: str, kenmerk: Kenmerk) -> None:
    element = _el(parent, naam)
    _el(element, "identificatieKenmerk", kenmerk.kenmerk)
    _el(element, "identificatieBron", kenmerk.bron)


def _verwijzing(parent: Any, naam: str, verwijzing: Verwijzing) -> Any:
    element = _el(parent, naam)
    _el(element, "verwijzingNaam", verwijzing.naam)
    if verwijzing.identificatie is not None:
        _kenmerk(element, "verwijzingIdentificatie", verwijzing.identificatie)
    return element


def _begrip(parent: Any, naam: str, begrip: Begrip) -> None:
    element = _el(parent, naam)
    _el(element, "begripLabel", begrip.label)
    if begrip.code:
        _el(element, "begripCode", begrip.code)
    _verwijzing(element, "begripBegrippenlijst", Verwijzing(begrip.lijst))


def _tijd(value: date | datetime) -> str:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


def _root(kind: str) -> tuple[Any, Any]:
    root = etree.Element(f"{{{NS}}}MDTO", nsmap={None: NS, "xsi": XSI})  # type: ignore[dict-item]  # lxml takes None for the default namespace; its stubs do not
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    return root, _el(root, kind)


def informatieobject_xml(io: Informatieobject) -> bytes:
    """The MDTO file of an informatieobject, elements in the order of informatieobjectType."""
    root, el = _root("informatieobject")
    for kenmerk in io.identificaties:
        _kenmerk(el, "identificatie", kenmerk)
    _el(el, "naam", io.naam)
    _begrip(el, "aggregatieniveau", Begrip(io.aggregatieniveau, AGGREGATIENIVEAUS))
    for begrip in io.classificatie:
        _begrip(el, "classificatie", begrip)
    for woord in io.trefwoorden:
        _el(el, "trefwoord", woord)
    if io.omschrijving:
        _el(el, "omschrijving", io.omschrijving)
    for periode in io.dekking:
        dekking = _el(el, "dekkingInTijd")
        _begrip(dekking, "dekkingInTijdType", Begrip(periode.type, DEKKING))
        _el(dekking, "dekkingInTijdBegindatum", periode.begin.isoformat())
        if periode.einde:
            _el(dekking, "dekkingInTijdEinddatum", periode.einde.isoformat())
    if io.taal:
        _el(el, "taal", io.taal)
    for event in io.events:
        element = _el(el, "event")
        _begrip(element, "eventType", Begrip(event.type, EVENTTYPEN))
        _el(element, "eventTijd", _tijd(event.tijd))
        if event.actor:
            _verwijzing(element, "eventVerantwoordelijkeActor", Verwijzing(event.actor))
        if event.resultaat:
            _el(element, "eventResultaat", event.resultaat)
    _begrip(el, "waardering", io.waardering)
    if io.informatiecategorie:
        _begrip(el, "informatiecategorie", io.informatiecategorie)
    if io.onderdeel_van:
        _verwijzing(el, "isOnderdeelVan", io.onderdeel_van)
    for onderdeel in io.onderdelen:
        _verwijzing(el, "bevatOnderdeel", onderdeel)
    for representatie in io.representaties:
        _verwijzing(el, "heeftRepresentatie", representatie)
    for relatie in io.gerelateerd:
        element = _el(el, "gerelateerdInformatieobject")
        _verwijzing(element, "gerelateerdInformatieobjectVerwijzing", relatie.doel)
        _begrip(
            element,
            "gerelateerdInformatieobjectTypeRelatie",
            Begrip(relatie.type, RELATIES_INFORMATIEOBJECT),
        )
    _verwijzing(el, "archiefvormer", io.archiefvormer)
    for relatietype, actor in io.betrokkenen:
        element = _el(el, "betrokkene")
        _begrip(element, "betrokkeneTypeRelatie", Begrip(relatietype, RELATIES_BETROKKENE))
        _verwijzing(element, "betrokkeneActor", actor)
    if io.activiteit:
        _verwijzing(el, "activiteit", io.activiteit)
    beperking = _el(el, "beperkingGebruik")
    _begrip(beperking, "beperkingGebruikType", io.beperking)
    return _valid(root)


def bestand_xml(bestand: Bestand) -> bytes:
    """The MDTO file of a bestand (checksum SHA-256 of its content, as packed)."""
    root, el = _root("bestand")
    _kenmerk(el, "identificatie", bestand.identificatie)
    _el(el, "naam", bestand.naam)
    _el(el, "omvang", str(bestand.omvang))
    _begrip(el, "bestandsformaat", bestand.formaat)
    checksum = _el(el, "checksum")
    _begrip(checksum, "checksumAlgoritme", Begrip("SHA-256", CHECKSUMALGORITMEN))
    _el(checksum, "checksumWaarde", bestand.sha256)
    _el(checksum, "checksumDatum", _tijd(bestand.berekend_op))
    _verwijzing(el, "isRepresentatieVan", bestand.representatie_van)
    return _valid(root)


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def valideer(xml: bytes) -> None:
    """Raise OngeldigeMdto unless xml is a valid MDTO-XML 1.0.1 document."""
    xsd = schema()
    if not xsd.validate(etree.fromstring(xml)):
        raise OngeldigeMdto(str(xsd.error_log).splitlines()[-1])


def _valid(root: Any) -> bytes:
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    valideer(xml)
    return bytes(xml)


# From the registers


@dataclass(frozen=True)
class Context:
    """What every file of one package shares."""

    gemeentenaam: str
    rsin: str
    catalogusnaam: str
    moment: datetime  # the export: event Export, and when the checksums were computed
    door: str  # the records manager who put the package together
    pakket: str  # the Overbrenging's nummer

    @property
    def archiefvormer(self) -> Verwijzing:
        return Verwijzing(f"Gemeente {self.gemeentenaam}", Kenmerk(self.rsin, "RSIN"))

    @property
    def export(self) -> Event:
        return Event(
            "Export", self.moment, self.door, f"Opgenomen in overbrengingspakket {self.pakket}"
        )


def waardering(archiefnominatie: str) -> Begrip:
    code, label = _WAARDERING.get(archiefnominatie, ("N", "Nader te bepalen"))
    return Begrip(label, WAARDERINGEN, code)


def beperking(vertrouwelijkheidaanduiding: str) -> Begrip:
    """Openbaar is MDTO's `Geen beperking`; every other level is the restriction it names."""
    if vertrouwelijkheidaanduiding == Vertrouwelijkheidaanduiding.openbaar:
        return Begrip("Geen beperking", BEPERKINGEN)
    if vertrouwelijkheidaanduiding not in Vertrouwelijkheidaanduiding.values:
        return Begrip("Nader te bepalen", BEPERKINGEN)
    label = Vertrouwelijkheidaanduiding(vertrouwelijkheidaanduiding).label
    return Begrip(str(label), VERTROUWELIJKHEID, vertrouwelijkheidaanduiding)


def informatiecategorie(selectielijstklasse: str) -> Begrip | None:
    """The Selectielijst category (code "11.1", its procestype and resultaat as label) of a
    Selectielijst resultaat URL, from the Selectielijst iwerk ships (no network); None when the
    URL names none of its resultaten."""
    match = _UUID_AAN_EIND.search(selectielijstklasse or "")
    found = referentielijsten.get_local("resultaten", match.group(1).lower()) if match else None
    if not isinstance(found, referentielijsten.Resultaat):
        return None
    procestype = referentielijsten.procestype_by_pk()[found.procestype_pk]
    return Begrip(
        f"{procestype.naam}: {found.naam}", SELECTIELIJST, referentielijsten.volledig_nummer(found)
    )


def bestandsformaat(formaat: str) -> Begrip:
    media_type = (formaat or "application/octet-stream").split(";")[0].strip().lower()
    return Begrip(media_type.rsplit("/", 1)[-1], MEDIATYPES, media_type)


def taal(code: str) -> str:
    code = _TALEN.get((code or "").lower(), code or "")
    return code if _TAAL.match(code) else ""


def _datum(value: object) -> date | None:
    """A date of the Documenten API's metadata (YYYY-MM-DD), or None."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _uuid(bron: str, value: uuid_module.UUID) -> Kenmerk:
    return Kenmerk(str(value), f"UUID {bron}")


def _zaaktype(zaak: Any) -> Verwijzing:
    zaaktype = zaak.zaaktype
    return Verwijzing(zaaktype.omschrijving, Kenmerk(zaaktype.identificatie, "Zaaktypecatalogus"))


def _categorie(zaak: Any) -> Begrip | None:
    """The zaak's Selectielijst category: its own selectielijstklasse, else its resultaattype's."""
    resultaat = getattr(zaak, "resultaat", None)
    klasse = zaak.selectielijstklasse or (
        resultaat.resultaattype.selectielijstklasse if resultaat is not None else ""
    )
    return informatiecategorie(klasse)


def betrokkene(rol: Any) -> tuple[str, Verwijzing] | None:
    """(relatietype, actor) for the initiator or a belanghebbende of a zaak, named as the rol
    names them; a KVK number identifies an organisation, a person is named only."""
    relatie = BETROKKENEN.get(rol.roltype.omschrijving_generiek)
    gegevens = rol.betrokkene_identificatie or {}
    if relatie is None:
        return None
    if rol.betrokkene_type == "natuurlijk_persoon":
        delen = (
            gegevens.get("voornamen") or gegevens.get("voorletters"),
            gegevens.get("voorvoegselGeslachtsnaam"),
            gegevens.get("geslachtsnaam"),
        )
        naam = " ".join(d for d in delen if d)
    else:
        handelsnaam = gegevens.get("handelsnaam") or []
        naam = gegevens.get("statutaireNaam") or (handelsnaam[0] if handelsnaam else "")
    naam = naam or rol.afwijkende_naam_betrokkene
    if not naam:
        return None
    kvk = gegevens.get("kvkNummer") or gegevens.get("innNnpId") or ""
    kenmerk = Kenmerk(kvk, "KVK") if kvk and rol.betrokkene_type != "natuurlijk_persoon" else None
    return relatie, Verwijzing(naam, kenmerk)


def zaakverwijzing(identificatie: str, bronorganisatie: str, naam: str = "") -> Verwijzing:
    return Verwijzing(naam or f"Zaak {identificatie}", Kenmerk(identificatie, bronorganisatie))


def dossierverwijzing(zaak: Any) -> Verwijzing:
    """How the dossier of a zaak is named and identified (its own file and every reference)."""
    naam = zaak.omschrijving or f"{zaak.zaaktype.omschrijving} {zaak.identificatie}"
    return zaakverwijzing(zaak.identificatie, zaak.bronorganisatie, naam)


def stukverwijzing(document: Any, versies: Sequence[Any]) -> Verwijzing:
    """How a document is named (the titel of its current version) and identified."""
    titel = (versies[-1].gegevens or {}).get("titel") if versies else None
    return Verwijzing(
        titel or document.titel, Kenmerk(document.identificatie, document.bronorganisatie)
    )


def besluitverwijzing(besluit: Any) -> Verwijzing:
    omschrijving = besluit.besluittype.omschrijving or "besluit"
    return Verwijzing(
        f"Besluit {besluit.identificatie}: {omschrijving}",
        Kenmerk(besluit.identificatie, besluit.verantwoordelijke_organisatie),
    )


def dossier(
    zaak: Any,
    context: Context,
    *,
    onderdelen: Iterable[Verwijzing],
    gerelateerd: Iterable[Relatie] = (),
    rollen: Iterable[Any] = (),
) -> Informatieobject:
    """A closed zaak as MDTO dossier: its documents and besluiten are its onderdelen."""
    events = [Event("Creatie", zaak.registratiedatum)]
    if zaak.einddatum:  # closing the zaak freezes the dossier
        events.append(Event("Bevriezing", zaak.einddatum))
    return Informatieobject(
        identificaties=(
            Kenmerk(zaak.identificatie, zaak.bronorganisatie),
            _uuid("Zaken API", zaak.uuid),
        ),
        naam=dossierverwijzing(zaak).naam,
        aggregatieniveau=DOSSIER,
        classificatie=(
            Begrip(zaak.zaaktype.omschrijving, context.catalogusnaam, zaak.zaaktype.identificatie),
        ),
        omschrijving=zaak.toelichting,
        dekking=(Periode("Periode van behandeling", zaak.startdatum, zaak.einddatum),),
        events=(*events, context.export),
        waardering=waardering(zaak.archiefnominatie),
        informatiecategorie=_categorie(zaak),
        onderdeel_van=Verwijzing(f"Archief van de gemeente {context.gemeentenaam}"),
        onderdelen=tuple(onderdelen),
        gerelateerd=tuple(gerelateerd),
        archiefvormer=context.archiefvormer,
        betrokkenen=tuple(b for rol in rollen if (b := betrokkene(rol)) is not None),
        activiteit=_zaaktype(zaak),
        beperking=beperking(zaak.vertrouwelijkheidaanduiding),
    )


def archiefstuk(
    document: Any,
    zaak: Any,
    context: Context,
    *,
    versies: Iterable[Any],
    representaties: Iterable[Verwijzing],
    dossier: Verwijzing,
    gerelateerd: Iterable[Relatie] = (),
) -> Informatieobject:
    """A document as MDTO archiefstuk of the dossier, described by its current version; each
    later version is a Wijziging event, each stored content a representatie (bestand)."""
    versies = list(versies)
    huidig = versies[-1].gegevens if versies else {}
    events = [
        Event(soort, dag, huidig.get("auteur", "") if soort == "Creatie" else "")
        for soort, veld in (
            ("Creatie", "creatiedatum"),
            ("Ontvangst", "ontvangstdatum"),
            ("Verzending", "verzenddatum"),
        )
        if (dag := _datum(huidig.get(veld))) is not None
    ]
    for versie in versies[1:]:
        events.append(
            Event("Wijziging", versie.begin_registratie, resultaat=f"Versie {versie.versie}")
        )
    iot = document.informatieobjecttype
    return Informatieobject(
        identificaties=(
            Kenmerk(document.identificatie, document.bronorganisatie),
            _uuid("Documenten API", document.uuid),
        ),
        naam=stukverwijzing(document, versies).naam,
        aggregatieniveau=ARCHIEFSTUK,
        classificatie=(Begrip(iot.omschrijving, context.catalogusnaam),),
        trefwoorden=tuple(huidig.get("trefwoorden") or ()),
        omschrijving=huidig.get("beschrijving") or "",
        taal=taal(huidig.get("taal", "")),
        events=(*events, context.export),
        waardering=waardering(zaak.archiefnominatie),
        informatiecategorie=_categorie(zaak),
        onderdeel_van=dossier,
        representaties=tuple(representaties),
        gerelateerd=tuple(gerelateerd),
        archiefvormer=context.archiefvormer,
        activiteit=_zaaktype(zaak),
        beperking=beperking(document.vertrouwelijkheidaanduiding),
    )


def besluitstuk(
    besluit: Any,
    zaak: Any,
    context: Context,
    *,
    dossier: Verwijzing,
    gerelateerd: Iterable[Relatie] = (),
) -> Informatieobject:
    """A besluit as MDTO archiefstuk of the dossier (its documents are archiefstukken of their
    own, related to it); it is as confidential as its zaak."""
    events = [Event("Creatie", besluit.datum)]
    if besluit.publicatiedatum:
        events.append(Event("Publicatie", besluit.publicatiedatum))
    if besluit.verzenddatum:
        events.append(Event("Verzending", besluit.verzenddatum))
    besluittype = besluit.besluittype
    return Informatieobject(
        identificaties=(
            Kenmerk(besluit.identificatie, besluit.verantwoordelijke_organisatie),
            _uuid("Besluiten API", besluit.uuid),
        ),
        naam=besluitverwijzing(besluit).naam,
        aggregatieniveau=ARCHIEFSTUK,
        classificatie=(Begrip(besluittype.omschrijving or "Besluit", context.catalogusnaam),),
        omschrijving=besluit.toelichting,
        dekking=(Periode("Geldigheid besluit", besluit.ingangsdatum, besluit.vervaldatum),),
        events=(*events, context.export),
        waardering=waardering(zaak.archiefnominatie),
        informatiecategorie=_categorie(zaak),
        onderdeel_van=dossier,
        gerelateerd=tuple(gerelateerd),
        archiefvormer=context.archiefvormer,
        activiteit=_zaaktype(zaak),
        beperking=beperking(zaak.vertrouwelijkheidaanduiding),
    )


def bestand(
    document: Any,
    versie: Any,
    *,
    naam: str,
    omvang: int,
    sha256: str,
    context: Context,
    stuk: Verwijzing,
) -> Bestand:
    """The stored content of a document version, as packed under `naam`."""
    return Bestand(
        identificatie=Kenmerk(
            f"{document.identificatie}-v{versie.versie}", document.bronorganisatie
        ),
        naam=naam,
        omvang=omvang,
        formaat=bestandsformaat((versie.gegevens or {}).get("formaat", "")),
        sha256=sha256,
        berekend_op=context.moment,
        representatie_van=stuk,
    )
