"""The source's catalogue, built through its Catalogi API as a catalogue tool builds it.

Three informatieobjecttypen and two besluittypen, published; zaaktypen A (Evenementenvergunning,
Selectielijst procestype 11) and B (Wmo-hulpmiddel, procestype 8), each in two published
versions (the first ends the day before the second begins, ztc-016; the second has one
statustype and for A one eigenschap more); and a concept zaaktype. The resultaattypen derive
the archiving on closing in three ways that iwerk computes: afgehandeld, termijn and
ingangsdatum_besluit. (eigenschap and zaakobject are not derived by iwerk's set_status.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from iwerk.migratie.tests.zgwclient import ZgwClient

SELECTIELIJST = "https://selectielijst.openzaak.nl/api/v1"  # resolved locally (ADR 0009)
TOEGEKEND = f"{SELECTIELIJST}/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1"
AFGEWEZEN = f"{SELECTIELIJST}/resultaattypeomschrijvingen/e6a0c939-3404-45b0-88e3-76c94fb80ea7"
VERSIES = (date(2022, 1, 1), date(2025, 1, 1))  # beginGeldigheid of version 1 and 2
# (omschrijving, richting) of the zaaktype-informatieobjecttypen of every zaaktype.
DOCUMENTTYPEN = (
    ("Aanvraagformulier", "Aanvraag", "zaakvertrouwelijk", "inkomend"),
    ("Beschikking", "Besluit", "zaakvertrouwelijk", "uitgaand"),
    ("Onderzoeksverslag", "Rapport", "vertrouwelijk", "intern"),
)

# Makes one object (component resource, body) and notes it in the manifest; its URL.
Maker = Callable[..., str]


@dataclass(frozen=True)
class Resultaat:
    omschrijving: str
    generiek: str  # resultaattypeomschrijving URL
    selectielijst: str  # Selectielijst resultaat uuid, of the zaaktype's procestype
    nominatie: str
    termijn: str
    afleiding: str
    procestermijn: str | None = None

    def body(self, zaaktype: str, besluittype: str) -> dict:
        bron = {"afleidingswijze": self.afleiding}
        if self.procestermijn:
            bron["procestermijn"] = self.procestermijn
        return {
            "zaaktype": zaaktype,
            "omschrijving": self.omschrijving,
            "resultaattypeomschrijving": self.generiek,
            "selectielijstklasse": f"{SELECTIELIJST}/resultaten/{self.selectielijst}",
            "archiefnominatie": self.nominatie,
            "archiefactietermijn": self.termijn,
            "brondatumArchiefprocedure": bron,
            "besluittypen": [besluittype] if "besluit" in self.afleiding else [],
        }


@dataclass(frozen=True)
class Spec:
    sleutel: str
    identificatie: str
    omschrijving: str
    vertrouwelijkheid: str
    procestype: str  # Selectielijst procestype uuid
    onderwerp: str
    besluittype: str
    statussen: tuple[str, ...]
    extra_status: str  # inserted before "Besluit genomen" in version 2
    resultaten: tuple[Resultaat, ...]
    eigenschappen: tuple[tuple[str, str, str], ...]  # (naam, formaat, lengte); v1 has the first


A = Spec(
    "A", "EVENEMENT", "Evenementenvergunning", "zaakvertrouwelijk",
    "035d5ce8-d4f8-4f23-a386-fe2ea136d9e3", "Evenement", "Evenementenvergunning",
    ("Aanvraag ontvangen", "In behandeling", "Besluit genomen", "Afgehandeld"),
    "Advies politie gevraagd",
    (
        Resultaat("Verleend", TOEGEKEND, "95e4097a-bdc8-46a9-8f86-5be6f42e817b",
                  "vernietigen", "P10Y", "afgehandeld"),
        Resultaat("Geweigerd", AFGEWEZEN, "bcd33d3a-4a34-4143-9569-4d161ea6da6b",
                  "vernietigen", "P5Y", "afgehandeld"),
        Resultaat("Verleend, blijvend", TOEGEKEND, "fffefd71-9891-4e78-b896-b7aa77b9d9ec",
                  "blijvend_bewaren", "P20Y", "ingangsdatum_besluit"),
    ),
    (("evenementdatum", "datum", "8"), ("bezoekers", "getal", "6")),
)  # fmt: skip
B = Spec(
    "B", "WMO-HULPMIDDEL", "Wmo-hulpmiddel", "vertrouwelijk",
    "9be366e2-f63c-494a-8a77-62446251b006", "Hulpmiddel", "Beschikking hulpmiddel",
    ("Melding ontvangen", "Onderzoek", "Besluit genomen", "Afgehandeld"),
    "Keukentafelgesprek",
    (
        Resultaat("Verstrekt", TOEGEKEND, "3647b1b9-d6b0-4a3a-96b5-fd01114848d1",
                  "vernietigen", "P5Y", "termijn", procestermijn="P5Y"),
        Resultaat("Geweigerd", AFGEWEZEN, "e2068367-1012-4795-984e-72901180ff80",
                  "vernietigen", "P5Y", "afgehandeld"),
        Resultaat("Verstrekt na besluit", TOEGEKEND, "d97defa2-764f-402c-b3d7-b8db60ae340b",
                  "vernietigen", "P15Y", "afgehandeld"),
    ),
    (("soort_hulpmiddel", "tekst", "40"),),
)  # fmt: skip
CONCEPT = Spec(
    "C", "KLACHT", "Klacht over de dienstverlening (in ontwerp)", "intern",
    "3030daa1-d516-4cd9-8276-ef0977e32b20", "Klacht", "", ("Ontvangen",), "", (), (),
)  # fmt: skip


@dataclass(frozen=True)
class Zaaktype:
    """A published zaaktype version as the filler uses it: the URLs of its children."""

    sleutel: str  # A1, A2, B1, B2
    url: str
    begin: date
    statustypen: tuple[str, ...]  # by volgnummer; the last is the eindstatus
    resultaattypen: tuple[str, ...]
    roltypen: dict[str, str]  # omschrijvingGeneriek -> url
    eigenschappen: dict[str, tuple[str, str]]  # naam -> (url, formaat)
    besluittype: str

    def als_dict(self) -> dict:
        return {**self.__dict__, "begin": str(self.begin)}

    @classmethod
    def van_dict(cls, d: dict) -> Zaaktype:
        return cls(
            **{
                **d,
                "begin": date.fromisoformat(d["begin"]),
                "statustypen": tuple(d["statustypen"]),
                "resultaattypen": tuple(d["resultaattypen"]),
            }
        )


def bouw_catalogus(api: ZgwClient, maak: Maker, catalogus: str) -> tuple[dict[str, Zaaktype], str]:
    """Build the catalogue in catalogus; the published zaaktype versions by sleutel, and the
    concept zaaktype's URL."""
    for naam, categorie, niveau, _ in DOCUMENTTYPEN:
        url = maak(
            "catalogi",
            "informatieobjecttypen",
            {
                "catalogus": catalogus,
                "omschrijving": naam,
                "vertrouwelijkheidaanduiding": niveau,
                "beginGeldigheid": "2019-01-01",
                "informatieobjectcategorie": categorie,
                "trefwoord": [categorie.lower()],
            },
            ok=(200, 201),  # Catalogi 1.3.3 documents 200 for this create
        )
        api.post(f"{url}/publish", {}, ok=(200,))
    besluittypen = {}
    for spec in (A, B):
        besluittypen[spec.sleutel] = maak(
            "catalogi",
            "besluittypen",
            {
                "catalogus": catalogus,
                "omschrijving": spec.besluittype,
                "besluitcategorie": "Beschikking",
                "reactietermijn": "P6W",
                "publicatieIndicatie": False,
                "informatieobjecttypen": ["Beschikking"],
                "beginGeldigheid": "2019-01-01",
            },
        )
        api.post(f"{besluittypen[spec.sleutel]}/publish", {}, ok=(200,))
    typen: dict[str, Zaaktype] = {}
    for spec in (A, B):
        for versie, begin in enumerate(VERSIES, start=1):
            zaaktype = _zaaktype(maak, catalogus, spec, versie, besluittypen[spec.sleutel])
            if versie == 2:  # the previous version ends the day before this one begins
                einde = str(begin - timedelta(days=1))
                api.patch(typen[f"{spec.sleutel}1"].url, {"eindeGeldigheid": einde})
            api.post(f"{zaaktype.url}/publish", {}, ok=(200,))
            typen[zaaktype.sleutel] = zaaktype
    concept = maak("catalogi", "zaaktypen", _zaaktype_body(catalogus, CONCEPT, date(2026, 1, 1)))
    maak(
        "catalogi",
        "statustypen",
        {"zaaktype": concept, "omschrijving": "Ontvangen", "volgnummer": 1},
    )
    maak(
        "catalogi",
        "roltypen",
        {"zaaktype": concept, "omschrijving": "Melder", "omschrijvingGeneriek": "initiator"},
    )
    return typen, concept


def _zaaktype_body(catalogus: str, spec: Spec, begin: date, besluittypen=()) -> dict:
    return {
        "identificatie": spec.identificatie,
        "omschrijving": spec.omschrijving,
        "vertrouwelijkheidaanduiding": spec.vertrouwelijkheid,
        "doel": f"{spec.onderwerp} afhandelen volgens de regels",
        "aanleiding": "Aanvraag of melding van een inwoner",
        "indicatieInternOfExtern": "extern",
        "handelingInitiator": "Aanvragen",
        "onderwerp": spec.onderwerp,
        "handelingBehandelaar": "Behandelen",
        "doorlooptijd": "P8W",
        "servicenorm": "P6W",
        "opschortingEnAanhoudingMogelijk": True,
        "verlengingMogelijk": True,
        "verlengingstermijn": "P6W",
        "trefwoorden": [spec.onderwerp.lower()],
        "publicatieIndicatie": False,
        "productenOfDiensten": [],
        "selectielijstProcestype": f"{SELECTIELIJST}/procestypen/{spec.procestype}",
        "referentieproces": {"naam": spec.onderwerp},
        "verantwoordelijke": "Team Vergunningen",
        "catalogus": catalogus,
        "besluittypen": list(besluittypen),
        "gerelateerdeZaaktypen": [],
        "beginGeldigheid": str(begin),
        "versiedatum": str(begin),
    }


def _zaaktype(maak: Maker, catalogus: str, spec: Spec, versie: int, besluittype: str) -> Zaaktype:
    begin = VERSIES[versie - 1]
    url = maak("catalogi", "zaaktypen", _zaaktype_body(catalogus, spec, begin, [besluittype]))
    namen = list(spec.statussen)
    if versie == 2:  # the second version has one step more
        namen.insert(2, spec.extra_status)
    statustypen = tuple(
        maak(
            "catalogi",
            "statustypen",
            {
                "zaaktype": url,
                "omschrijving": naam,
                "volgnummer": n,
                "statustekst": f"Uw zaak: {naam.lower()}",
                "informeren": n == 1,
            },
        )
        for n, naam in enumerate(namen, start=1)
    )
    roltypen = {
        generiek: maak(
            "catalogi",
            "roltypen",
            {"zaaktype": url, "omschrijving": naam, "omschrijvingGeneriek": generiek},
        )
        for naam, generiek in (
            ("Aanvrager", "initiator"),
            ("Behandelaar", "behandelaar"),
            ("Belanghebbende", "belanghebbende"),
        )
    }
    eigenschappen = {
        naam: (
            maak(
                "catalogi",
                "eigenschappen",
                {
                    "zaaktype": url,
                    "naam": naam,
                    "definitie": naam.replace("_", " ").capitalize(),
                    "specificatie": {"formaat": formaat, "lengte": lengte, "kardinaliteit": "1"},
                },
            ),
            formaat,
        )
        for naam, formaat, lengte in spec.eigenschappen[:versie]
    }
    resultaattypen = tuple(
        maak("catalogi", "resultaattypen", resultaat.body(url, besluittype))
        for resultaat in spec.resultaten
    )
    for n, (naam, _, _, richting) in enumerate(DOCUMENTTYPEN, start=1):
        maak(
            "catalogi",
            "zaaktype-informatieobjecttypen",
            {"zaaktype": url, "informatieobjecttype": naam, "volgnummer": n, "richting": richting},
        )
    return Zaaktype(
        f"{spec.sleutel}{versie}",
        url,
        begin,
        statustypen,
        resultaattypen,
        roltypen,
        eigenschappen,
        besluittype,
    )
