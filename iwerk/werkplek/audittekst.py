"""The audit trail in words: each record as a sentence a handler reads ("Resultaat vastgesteld:
Toegekend"), never as a resource name, primary keys or an API path.

A record holds the API representation of the changed object (host-less URLs to its types and
documents). The names behind those URLs are read in one query per kind for the whole page, and
only for what the actor may see: a document above the actor's vertrouwelijkheid is named as such,
never by its title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from iwerk.besluiten import selectors as besluiten_selectors
from iwerk.catalogi.models import Eigenschap, ResultaatType, StatusType
from iwerk.core import durations, weergave
from iwerk.core.api.actor import Actor
from iwerk.core.models import AuditTrail
from iwerk.documenten import selectors as documenten_selectors

# What a resource is called in a sentence (resource names of the ZGW audittrail).
RESOURCE = {
    "zaak": "Zaak",
    "status": "Status",
    "resultaat": "Resultaat",
    "rol": "Betrokkene",
    "zaakeigenschap": "Eigenschap",
    "klantcontact": "Klantcontact",
    "zaakcontactmoment": "Contactmoment",
    "zaakverzoek": "Verzoek",
    "zaakobject": "Object",
    "zaaknotitie": "Notitie",
    "zaakbesluit": "Besluit",
    "zaakinformatieobject": "Document",
    "enkelvoudiginformatieobject": "Document",
    "gebruiksrechten": "Gebruiksrechten",
    "verzending": "Verzending",
    "besluit": "Besluit",
    "besluitinformatieobject": "Document bij besluit",
}
# The verb per resource and actie; what is not listed reads "toegevoegd/gewijzigd/verwijderd".
WERKWOORD = {
    ("status", "create"): "Status gezet",
    ("resultaat", "create"): "Resultaat vastgesteld",
    ("resultaat", "destroy"): "Resultaat vervallen",
    ("rol", "create"): "Betrokkene toegevoegd",
    ("zaakeigenschap", "create"): "Eigenschap vastgelegd",
    ("klantcontact", "create"): "Klantcontact vastgelegd",
    ("zaakcontactmoment", "create"): "Contactmoment gekoppeld",
    ("zaakverzoek", "create"): "Verzoek gekoppeld",
    ("zaakobject", "create"): "Object gekoppeld",
    ("zaakbesluit", "create"): "Besluit vastgelegd",
    ("zaakinformatieobject", "create"): "Document toegevoegd",
    ("zaakinformatieobject", "destroy"): "Document losgekoppeld",
    ("zaak", "create"): "Zaak geregistreerd",
}
ACTIE = {
    "create": "toegevoegd",
    "update": "gewijzigd",
    "partial_update": "gewijzigd",
    "destroy": "verwijderd",
}
# Zaak attributes by the name a handler knows; lists of parts change with every part and are
# described by that part's own record.
ZAAKVELDEN = {
    "omschrijving": "omschrijving",
    "toelichting": "toelichting",
    "startdatum": "startdatum",
    "registratiedatum": "registratiedatum",
    "einddatumGepland": "geplande einddatum",
    "uiterlijkeEinddatumAfdoening": "uiterlijke einddatum",
    "publicatiedatum": "publicatiedatum",
    "vertrouwelijkheidaanduiding": "vertrouwelijkheid",
    "betalingsindicatie": "betaling",
    "laatsteBetaaldatum": "laatste betaaldatum",
    "zaakgeometrie": "locatie",
    "hoofdzaak": "hoofdzaak",
    "relevanteAndereZaken": "gerelateerde zaken",
    "kenmerken": "kenmerken",
    "productenOfDiensten": "producten of diensten",
    "communicatiekanaal": "communicatiekanaal",
    "selectielijstklasse": "selectielijstklasse",
    "archiefnominatie": "archiefnominatie",
    "archiefstatus": "archiefstatus",
    "archiefactiedatum": "archiefactiedatum",
    "opdrachtgevendeOrganisatie": "opdrachtgevende organisatie",
    "verantwoordelijkeOrganisatie": "verantwoordelijke organisatie",
    "processobjectaard": "procesobject",
    "processobject": "procesobject",
    "startdatumBewaartermijn": "startdatum bewaartermijn",
}
_AFGELEID = {
    "url",
    "uuid",
    "rollen",
    "status",
    "resultaat",
    "eigenschappen",
    "zaakinformatieobjecten",
    "zaakobjecten",
    "deelzaken",
    "betalingsindicatieWeergave",
    "opschorting",
    "verlenging",
    "einddatum",
}
_TERMIJNEN = {"einddatumGepland", "uiterlijkeEinddatumAfdoening"}


@dataclass(frozen=True)
class Auditregel:
    moment: datetime
    wat: str
    door: str


def _uuid(url: str | None) -> str:
    return (url or "").rstrip("/").rsplit("/", 1)[-1]


def _woorden(key: str) -> str:
    """einddatumGepland → "einddatum gepland": an unknown attribute still reads as words."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", key).lower()


def _opsomming(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def betrokkene(snapshot: dict) -> str:
    """The name of a rol's betrokkene as its representation carries it."""
    if snapshot.get("afwijkendeNaamBetrokkene"):
        return snapshot["afwijkendeNaamBetrokkene"]
    ident = snapshot.get("betrokkeneIdentificatie") or {}
    soort = snapshot.get("betrokkeneType")
    if soort == "medewerker":
        delen = [
            ident.get("voorletters"),
            ident.get("voorvoegselAchternaam"),
            ident.get("achternaam"),
        ]
    elif soort == "natuurlijk_persoon":
        delen = [
            ident.get("voornamen"),
            ident.get("voorvoegselGeslachtsnaam"),
            ident.get("geslachtsnaam"),
        ]
    elif soort == "niet_natuurlijk_persoon":
        delen = [ident.get("statutaireNaam")]
    elif soort == "vestiging":
        namen = ident.get("handelsnaam") or []
        delen = [namen[0] if isinstance(namen, list) and namen else namen]
    else:
        delen = [ident.get("naam")]
    return " ".join(str(d) for d in delen if d)


def eigenschap_label(naam: str, definitie: str = "") -> str:
    """The catalogue's definitie ("Soort voorziening (hulpmiddel, …)"), else the name as words."""
    return definitie or naam.replace("_", " ").strip().capitalize()


def eigenschap_waarde(waarde: str, formaat: str = "tekst") -> str:
    """A zaakeigenschap waarde in its Catalogi format (datum: YYYYMMDD) as a person reads it."""
    try:
        if formaat == "datum" and len(waarde) == 8:
            return weergave.datum(date(int(waarde[:4]), int(waarde[4:6]), int(waarde[6:])))
        if formaat == "datum_tijd" and len(waarde) == 14:
            return weergave.moment(datetime.strptime(waarde, "%Y%m%d%H%M%S"))
    except ValueError:
        pass
    return waarde


@dataclass(frozen=True)
class Eigenschapregel:
    label: str
    waarde: str


def eigenschapregels(zaakeigenschappen: Iterable) -> list[Eigenschapregel]:
    """Zaakeigenschappen (with their eigenschap loaded) as label and readable value."""
    return [
        Eigenschapregel(
            eigenschap_label(e.naam, e.eigenschap.definitie),
            eigenschap_waarde(e.waarde, e.eigenschap.specificatie_formaat),
        )
        for e in zaakeigenschappen
    ]


class _Namen:
    """The names behind the URLs of a page of records: one query per kind, only what is used."""

    def __init__(self, records: list[AuditTrail], actor: Actor) -> None:
        wanted: dict[str, set[str]] = {k: set() for k in ("st", "rt", "eig", "doc", "bes")}
        for record in records:
            snapshot = record.nieuw or record.oud or {}
            key = {
                "status": ("st", "statustype"),
                "resultaat": ("rt", "resultaattype"),
                "zaakeigenschap": ("eig", "eigenschap"),
                "zaakinformatieobject": ("doc", "informatieobject"),
                "zaakbesluit": ("bes", "besluit"),
            }.get(record.resource)
            if key and snapshot.get(key[1]):
                wanted[key[0]].add(_uuid(snapshot[key[1]]))
        self.statustypen = self._map(StatusType.objects, wanted["st"], "omschrijving")
        self.resultaattypen = self._map(ResultaatType.objects, wanted["rt"], "omschrijving")
        self.eigenschappen = (
            {
                str(uuid): (definitie, formaat)
                for uuid, definitie, formaat in Eigenschap.objects.filter(
                    uuid__in=wanted["eig"]
                ).values_list("uuid", "definitie", "specificatie_formaat")
            }
            if wanted["eig"]
            else {}
        )
        self.documenten = self._map(documenten_selectors.documenten(actor), wanted["doc"], "titel")
        self.besluiten = (
            {
                str(uuid): f"{omschrijving} ({identificatie})" if omschrijving else identificatie
                for uuid, identificatie, omschrijving in besluiten_selectors.besluiten(actor)
                .filter(uuid__in=wanted["bes"])
                .values_list("uuid", "identificatie", "besluittype__omschrijving")
            }
            if wanted["bes"]
            else {}
        )

    @staticmethod
    def _map(queryset, uuids: set[str], field: str) -> dict[str, str]:
        valid = [u for u in uuids if len(u) == 36]
        if not valid:
            return {}
        return {
            str(u): name for u, name in queryset.filter(uuid__in=valid).values_list("uuid", field)
        }


def _zaak_wijziging(oud: dict, nieuw: dict) -> str:
    zinnen = []
    if not oud.get("einddatum") and nieuw.get("einddatum"):
        zinnen.append("Zaak afgesloten")
    elif oud.get("einddatum") and not nieuw.get("einddatum"):
        zinnen.append("Zaak heropend")
    was, is_ = oud.get("opschorting") or {}, nieuw.get("opschorting") or {}
    if is_.get("indicatie") and not was.get("indicatie"):
        zinnen.append("Zaak opgeschort" + (f": {is_['reden']}" if is_.get("reden") else ""))
    elif was.get("indicatie") and not is_.get("indicatie"):
        zinnen.append("Opschorting beëindigd")
    if nieuw.get("verlenging") and nieuw.get("verlenging") != oud.get("verlenging"):
        verlenging = nieuw["verlenging"]
        duur = durations.beschrijf(verlenging.get("duur") or "")
        zin = "Termijn verlengd" + (f" met {duur}" if duur else "")
        zinnen.append(zin + (f": {verlenging['reden']}" if verlenging.get("reden") else ""))
    gewijzigd = [key for key in nieuw if key not in _AFGELEID and oud.get(key) != nieuw.get(key)]
    if zinnen:
        # Suspending, resuming and extending move the deadlines: that is part of the sentence.
        gewijzigd = [key for key in gewijzigd if key not in _TERMIJNEN]
    if gewijzigd:
        velden = [ZAAKVELDEN.get(key, _woorden(key)) for key in gewijzigd]
        zinnen.append(("Gewijzigd" if zinnen else "Zaak gewijzigd") + ": " + _opsomming(velden))
    return "; ".join(zinnen) or "Zaak gewijzigd"


def _onderwerp(record: AuditTrail, snapshot: dict, namen: _Namen) -> str:
    """What the record is about, by name: the statustype, the document title, the person."""
    resource = record.resource
    if resource == "status":
        naam = namen.statustypen.get(_uuid(snapshot.get("statustype")), "")
        toelichting = snapshot.get("statustoelichting") or ""
        return f"{naam} — {toelichting}" if naam and toelichting else naam or toelichting
    if resource == "resultaat":
        return namen.resultaattypen.get(_uuid(snapshot.get("resultaattype")), "")
    if resource == "rol":
        rol, wie = snapshot.get("omschrijving") or "", betrokkene(snapshot)
        return f"{rol}, {wie}" if rol and wie else rol or wie
    if resource == "zaakeigenschap":
        definitie, formaat = namen.eigenschappen.get(
            _uuid(snapshot.get("eigenschap")), ("", "tekst")
        )
        label = eigenschap_label(snapshot.get("naam", ""), definitie)
        waarde = eigenschap_waarde(snapshot.get("waarde") or "", formaat)
        return f"{label}: {waarde}" if waarde else label
    if resource == "zaakinformatieobject":
        uuid = _uuid(snapshot.get("informatieobject"))
        if uuid in namen.documenten:
            return namen.documenten[uuid]
        return "een document boven uw vertrouwelijkheidsniveau"
    if resource == "zaakbesluit":
        return namen.besluiten.get(_uuid(snapshot.get("besluit")), "")
    if resource == "zaaknotitie":
        return snapshot.get("onderwerp") or ""
    if resource == "klantcontact":
        return snapshot.get("onderwerp") or snapshot.get("kanaal") or ""
    if resource == "zaakobject":
        return snapshot.get("relatieomschrijving") or _woorden(snapshot.get("objectType") or "")
    return ""


def beschrijving(record: AuditTrail, namen: _Namen) -> str:
    """One record as a sentence."""
    if record.resource == "zaak" and record.actie in ("update", "partial_update"):
        return _zaak_wijziging(record.oud or {}, record.nieuw or {})
    snapshot = record.nieuw or record.oud or {}
    werkwoord = WERKWOORD.get((record.resource, record.actie)) or (
        f"{RESOURCE.get(record.resource, 'Gegevens')} {ACTIE.get(record.actie, 'gewijzigd')}"
    )
    onderwerp = _onderwerp(record, snapshot, namen)
    if onderwerp.startswith("een document boven"):
        return f"{werkwoord} ({onderwerp})"
    return f"{werkwoord}: {onderwerp}" if onderwerp else werkwoord


def regels(records: Iterable[AuditTrail], actor: Actor) -> list[Auditregel]:
    """The records as sentences, in the order given; one query per kind of name they mention."""
    records = list(records)
    namen = _Namen(records, actor)
    return [
        Auditregel(
            moment=record.aanmaakdatum,
            wat=beschrijving(record, namen),
            door=record.gebruikers_weergave or record.applicatie_weergave or "Onbekend",
        )
        for record in records
    ]


def beschrijvingen(records: Iterable[AuditTrail], actor: Actor) -> dict[int, str]:
    """Per record pk its sentence (the audit viewer keeps its own columns)."""
    records = list(records)
    namen = _Namen(records, actor)
    return {record.pk: beschrijving(record, namen) for record in records}
