"""The demo catalogue: realistic zaaktypen of a Dutch gemeente, built through the services.

Terms follow the law: Wmo 2015, Jeugdwet and Participatiewet decisions within 8 weeks
(Awb 4:13), Woo 4 weeks plus 2 weeks extension (Woo 4.4), the AP's 72 hours for a
datalek (AVG art. 33). Selectielijst 2020 mapping per resultaattype.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from iwerk.catalogi import services
from iwerk.catalogi.models import Catalogus, InformatieObjectType, ZaakType
from iwerk.core.api.actor import Actor
from iwerk.core.models import Gemeente

# Stored as the public Selectielijst URLs: host-independent, and resolved from the local copy.
SELECTIELIJST = "https://selectielijst.openzaak.nl/api/v1"
PROCESTYPE = {  # Selectielijst procestypen (nummer: uuid)
    6: "3030daa1-d516-4cd9-8276-ef0977e32b20",  # Verzoeken behandelen
    8: "9be366e2-f63c-494a-8a77-62446251b006",  # Voorzieningen verstrekken
    11: "035d5ce8-d4f8-4f23-a386-fe2ea136d9e3",  # Toestemming verlenen
    15: "2f296607-9faa-41e1-800f-e8fcaf55b9c8",  # Onderhouden en repareren
    19: "87804ff2-4ae3-4700-b1d4-a49ca3fcd2d0",  # Secretariaat voeren en gegevens verwerken
}
OMSCHRIJVING = {
    "Toegekend": "fb65d251-1518-4185-865f-b8bdcfad07b1",
    "Afgewezen": "e6a0c939-3404-45b0-88e3-76c94fb80ea7",
    "Ingetrokken": "a6a0bd73-262a-401a-b629-9c4a908c69b5",
}
BEGIN = date(2024, 1, 1)
ACTOR = Actor(
    client_id="demo-loader",
    applicatie_uuid=None,
    applicatie_label="Demo",
    heeft_alle_autorisaties=True,
    catalogi_tenant_ids=None,
)


@dataclass(frozen=True)
class Resultaat:
    omschrijving: str
    generiek: str  # key of OMSCHRIJVING
    selectielijst: str  # resultaat uuid
    afleidingswijze: str = "afgehandeld"


@dataclass(frozen=True)
class Zaaktype:
    identificatie: str
    omschrijving: str
    vertrouwelijkheid: str
    doel: str
    aanleiding: str
    onderwerp: str
    handeling_initiator: str
    handeling_behandelaar: str
    doorlooptijd: str
    servicenorm: str | None
    procestype: int
    statussen: tuple[str, ...]
    resultaten: tuple[Resultaat, ...]
    # (omschrijving, categorie, richting, vertrouwelijkheidaanduiding): each document type states
    # its own default level; a name two zaaktypen share must mean the same level (_documenttypen).
    documenten: tuple[tuple[str, str, str, str], ...]
    besluiten: tuple[str, ...] = ()
    eigenschappen: tuple[tuple[str, str, str], ...] = ()  # (naam, definitie, formaat)
    verlengingstermijn: str | None = None
    opschorting: bool = True
    intern: bool = False
    trefwoorden: tuple[str, ...] = ()
    portaal: bool = True
    verantwoordelijke: str = "Team Publiekszaken"
    roltypen: tuple[tuple[str, str], ...] = field(
        default=(
            ("Aanvrager", "initiator"),
            ("Behandelaar", "behandelaar"),
            ("Beslisser", "beslisser"),
            # Whom a request is for when it is not the aanvrager: the citizen a gemachtigde
            # acts for, a minor a parent applies for (portaal, ADR 0051).
            ("Belanghebbende", "belanghebbende"),
        )
    )


VERSTREKT, GEWEIGERD = (
    "c61aa1a8-1583-433b-a889-b3f0d53383ba",
    "e2068367-1012-4795-984e-72901180ff80",
)
VERLEEND, VERGUNNING_GEWEIGERD = (
    "67348398-2263-4aab-823d-92ae5fe8129d",
    "bcd33d3a-4a34-4143-9569-4d161ea6da6b",
)
SOCIAAL_STATUSSEN = (
    "Aanvraag ontvangen",
    "Onderzoek (keukentafelgesprek)",
    "Besluit genomen",
    "Afgehandeld",
)
# Sociaal domein: medical and financial details, vertrouwelijk like the Wmo and PW zaken (the
# Jeugdhulp zaken themselves are confidentieel; their documents need no more than these).
SOCIAAL_DOCUMENTEN = (
    ("Aanvraagformulier", "Aanvraag", "inkomend", "vertrouwelijk"),
    ("Onderzoeksverslag", "Rapport", "intern", "vertrouwelijk"),
    ("Beschikking", "Besluit", "uitgaand", "vertrouwelijk"),
)

ZAAKTYPEN: tuple[Zaaktype, ...] = (
    Zaaktype(
        "WMO-MAATWERK",
        "Wmo maatwerkvoorziening",
        "vertrouwelijk",
        "Inwoners met een beperking ondersteunen met een maatwerkvoorziening (Wmo 2015).",
        "Aanvraag van een inwoner na een melding en onderzoek.",
        "Maatwerkvoorziening Wmo",
        "Aanvragen",
        "Beoordelen",
        "P8W",
        "P6W",
        8,
        SOCIAAL_STATUSSEN,
        (
            Resultaat("Toegekend", "Toegekend", VERSTREKT, "vervaldatum_besluit"),
            Resultaat("Afgewezen", "Afgewezen", GEWEIGERD),
        ),
        SOCIAAL_DOCUMENTEN,
        besluiten=("Beschikking Wmo-maatwerkvoorziening",),
        eigenschappen=(
            (
                "soort_voorziening",
                "Soort voorziening (hulpmiddel, begeleiding, woningaanpassing)",
                "tekst",
            ),
            ("ingangsdatum", "Gewenste ingangsdatum van de voorziening", "datum"),
        ),
        verlengingstermijn="P2W",
        trefwoorden=("wmo", "zorg", "sociaal domein"),
        verantwoordelijke="Team Wmo",
    ),
    Zaaktype(
        "JEUGDHULP",
        "Jeugdhulp",
        "confidentieel",
        "Jeugdigen en ouders passende jeugdhulp bieden (Jeugdwet).",
        "Verzoek van ouders of verwijzing door huisarts.",
        "Jeugdhulpvoorziening",
        "Aanvragen",
        "Beoordelen",
        "P8W",
        "P6W",
        8,
        SOCIAAL_STATUSSEN,
        (
            Resultaat("Toegekend", "Toegekend", VERSTREKT, "vervaldatum_besluit"),
            Resultaat("Afgewezen", "Afgewezen", GEWEIGERD),
        ),
        SOCIAAL_DOCUMENTEN,
        besluiten=("Beschikking jeugdhulp",),
        verlengingstermijn="P2W",
        trefwoorden=("jeugd", "sociaal domein"),
        verantwoordelijke="Team Jeugd",
    ),
    Zaaktype(
        "PW-LEVENSONDERHOUD",
        "Participatiewet levensonderhoud",
        "vertrouwelijk",
        "Inwoners zonder toereikende middelen een bijstandsuitkering verstrekken (Participatiewet).",
        "Aanvraag bijstand door een inwoner.",
        "Bijstand levensonderhoud",
        "Aanvragen",
        "Beoordelen",
        "P8W",
        "P4W",
        8,
        ("Aanvraag ontvangen", "Gegevens opgevraagd", "Besluit genomen", "Afgehandeld"),
        (
            Resultaat("Toegekend", "Toegekend", VERSTREKT, "vervaldatum_besluit"),
            Resultaat("Afgewezen", "Afgewezen", GEWEIGERD),
        ),
        (
            ("Aanvraagformulier", "Aanvraag", "inkomend", "vertrouwelijk"),
            ("Bewijsstukken inkomen", "Bewijsstuk", "inkomend", "vertrouwelijk"),
            ("Beschikking", "Besluit", "uitgaand", "vertrouwelijk"),
        ),
        besluiten=("Beschikking bijstand",),
        eigenschappen=(("leefvorm", "Leefvorm van de aanvrager", "tekst"),),
        verlengingstermijn="P4W",
        trefwoorden=("bijstand", "sociaal domein"),
        verantwoordelijke="Team Werk en Inkomen",
    ),
    Zaaktype(
        "MOR",
        "Melding openbare ruimte",
        "openbaar",
        "Meldingen over de openbare ruimte (losliggende tegels, zwerfafval, kapotte verlichting) snel oplossen.",
        "Melding van een inwoner of ondernemer.",
        "Melding openbare ruimte",
        "Melden",
        "Oplossen",
        "P2W",
        "P5D",
        15,
        ("Melding ontvangen", "In behandeling", "Opgelost"),
        (
            Resultaat("Opgelost", "Toegekend", "d8b21822-3ff1-4414-b17b-cbfd662b40d8"),
            Resultaat("Niet opgelost", "Afgewezen", "b8a84964-7cb1-4294-9fbf-edc4251f538b"),
        ),
        (("Foto", "Foto", "inkomend", "openbaar"),),
        eigenschappen=(
            ("locatie", "Adres of omschrijving van de plek", "tekst"),
            ("categorie", "Soort melding", "tekst"),
        ),
        opschorting=False,
        trefwoorden=("openbare ruimte", "melding"),
        verantwoordelijke="Team Beheer Openbare Ruimte",
        roltypen=(("Melder", "initiator"), ("Behandelaar", "behandelaar")),
    ),
    Zaaktype(
        "EVENEMENT",
        "Evenementenvergunning",
        "intern",
        "Evenementen veilig laten verlopen met een vergunning (APV).",
        "Aanvraag van een organisator.",
        "Evenementenvergunning",
        "Aanvragen",
        "Beoordelen",
        "P8W",
        "P6W",
        11,
        ("Aanvraag ontvangen", "Advies hulpdiensten gevraagd", "Besluit genomen", "Afgehandeld"),
        (
            Resultaat("Verleend", "Toegekend", VERLEEND, "vervaldatum_besluit"),
            Resultaat("Geweigerd", "Afgewezen", VERGUNNING_GEWEIGERD),
        ),
        # The organiser's personal data make the request and the permit zaakvertrouwelijk: the
        # level the team Vergunningen works at, unlike the Wmo's vertrouwelijk Aanvraagformulier.
        (
            ("Aanvraag evenementenvergunning", "Aanvraag", "inkomend", "zaakvertrouwelijk"),
            ("Situatietekening", "Tekening", "inkomend", "intern"),
            ("Besluit evenementenvergunning", "Besluit", "uitgaand", "zaakvertrouwelijk"),
        ),
        besluiten=("Evenementenvergunning",),
        eigenschappen=(
            ("datum_evenement", "Datum van het evenement", "datum"),
            ("bezoekers", "Verwacht aantal bezoekers", "getal"),
        ),
        verlengingstermijn="P6W",
        trefwoorden=("vergunning", "evenement"),
        verantwoordelijke="Team Vergunningen",
    ),
    Zaaktype(
        "PARKEERVERGUNNING",
        "Parkeervergunning",
        "beperkt_openbaar",
        "Bewoners en bedrijven een parkeervergunning verlenen in gereguleerde gebieden.",
        "Aanvraag van een bewoner of bedrijf.",
        "Parkeervergunning",
        "Aanvragen",
        "Verlenen",
        "P8W",
        "P2W",
        11,
        ("Aanvraag ontvangen", "Besluit genomen", "Afgehandeld"),
        (
            Resultaat("Verleend", "Toegekend", VERLEEND, "vervaldatum_besluit"),
            Resultaat("Geweigerd", "Afgewezen", VERGUNNING_GEWEIGERD),
        ),
        (
            ("Aanvraag parkeervergunning", "Aanvraag", "inkomend", "zaakvertrouwelijk"),
            ("Kentekenbewijs", "Bewijsstuk", "inkomend", "zaakvertrouwelijk"),
            ("Besluit parkeervergunning", "Besluit", "uitgaand", "zaakvertrouwelijk"),
        ),
        besluiten=("Parkeervergunning",),
        eigenschappen=(("kenteken", "Kenteken van het voertuig", "tekst"),),
        opschorting=False,
        trefwoorden=("parkeren", "vergunning"),
        verantwoordelijke="Team Parkeren",
    ),
    Zaaktype(
        "WOO-VERZOEK",
        "Woo-verzoek",
        "intern",
        "Verzoeken om publieke informatie behandelen (Wet open overheid).",
        "Verzoek van een inwoner, journalist of organisatie.",
        "Woo-verzoek",
        "Verzoeken",
        "Behandelen",
        "P4W",
        "P4W",
        6,
        (
            "Verzoek ontvangen",
            "Documenten verzameld",
            "Zienswijzen gevraagd",
            "Besluit genomen",
            "Afgehandeld",
        ),
        (
            Resultaat("Openbaar gemaakt", "Toegekend", "968dee12-73d3-4b38-933f-5b25005d4ded"),
            Resultaat("Afgewezen", "Afgewezen", "82d2ef7e-a074-42dd-871e-ea8735fee77a"),
        ),
        (
            ("Verzoek", "Aanvraag", "inkomend", "zaakvertrouwelijk"),  # names the requester
            ("Inventarislijst", "Rapport", "intern", "intern"),
            ("Woo-besluit", "Besluit", "uitgaand", "intern"),
        ),
        besluiten=("Woo-besluit",),
        verlengingstermijn="P2W",
        trefwoorden=("woo", "openbaarheid"),
        verantwoordelijke="Team Juridische Zaken",
    ),
    Zaaktype(
        "DATALEK",
        "Melding datalek",
        "geheim",
        "Een (mogelijk) datalek binnen 72 uur beoordelen en zo nodig melden bij de Autoriteit Persoonsgegevens (AVG art. 33).",
        "Melding van een medewerker of verwerker.",
        "Datalek",
        "Melden",
        "Beoordelen",
        "P3D",
        "P3D",
        19,
        ("Gemeld", "Beoordeeld door FG", "Gemeld bij AP", "Afgehandeld"),
        (
            Resultaat("Gemeld bij AP", "Toegekend", "4514c46a-b5c6-4162-a6aa-7da83d72d360"),
            Resultaat("Niet meldplichtig", "Afgewezen", "95515661-9ea0-4f2c-90b1-070955aedacc"),
        ),
        (
            ("Incidentrapport", "Rapport", "intern", "geheim"),
            ("Melding AP", "Melding", "uitgaand", "geheim"),
        ),
        opschorting=False,
        intern=True,
        portaal=False,
        trefwoorden=("privacy", "informatiebeveiliging"),
        verantwoordelijke="Functionaris Gegevensbescherming",
        roltypen=(
            ("Melder", "initiator"),
            ("Privacy officer", "behandelaar"),
            ("CISO", "adviseur"),
        ),
    ),
)

# Every zaaktype sends letters made from the gemeente's templates (the ontvangstbevestiging, an
# uitnodiging; iwerk.sjablonen, issue 29): an outgoing "Brief", last. The demo dossiers leave it
# out (their letters are made from the templates), and the besluittypen keep their own document.
BRIEF = ("Brief", "Brief", "uitgaand", "zaakvertrouwelijk")
ZAAKTYPEN = tuple(replace(spec, documenten=(*spec.documenten, BRIEF)) for spec in ZAAKTYPEN)


def _documenttypen(zaaktypen: tuple[Zaaktype, ...]) -> dict[str, tuple[str, str]]:
    """Every demo informatieobjecttype by omschrijving: (categorie, vertrouwelijkheidaanduiding).

    A catalogus holds one type per omschrijving, so zaaktypen naming the same document share it.
    Refuses a name given two levels: the first zaaktype loaded would silently decide for all (a
    Parkeervergunning once got the Wmo's vertrouwelijk Aanvraagformulier, issue 23).
    """
    result: dict[str, tuple[str, str]] = {}
    for spec in zaaktypen:
        for naam, categorie, _, vertrouwelijkheid in spec.documenten:
            if result.setdefault(naam, (categorie, vertrouwelijkheid)) != (
                categorie,
                vertrouwelijkheid,
            ):
                raise ValueError(f"Demo documenttype {naam!r} is defined twice, differently.")
    return result


DOCUMENTTYPEN = _documenttypen(ZAAKTYPEN)


# Names of laws and acts keep their capital inside a sentence ("Uw Wmo maatwerkvoorziening …").
EIGENNAMEN = frozenset({"Wmo", "Woo", "Jeugdwet", "Participatiewet"})


def in_zin(naam: str) -> str:
    """A zaaktype's name inside a sentence: a common noun loses its capital ("Uw
    parkeervergunning"), a proper noun or acronym keeps it ("Uw Wmo maatwerkvoorziening")."""
    eerste = naam.split(" ")[0].split("-")[0]
    if eerste in EIGENNAMEN or eerste.isupper():
        return naam
    return naam[:1].lower() + naam[1:]


def _url(base: str, resource: str, uuid: str) -> str:
    return f"{SELECTIELIJST}/{resource}/{uuid}"


def load_catalogus(gemeente: Gemeente, base: str) -> Catalogus:
    """Create the gemeente's demo catalogus with every demo zaaktype, published; idempotent."""
    catalogus = Catalogus.objects.filter(tenant=gemeente, domein="ZAKEN").first()
    if catalogus is None:
        catalogus = services.save_catalogus(
            actor=ACTOR,
            catalogus=None,
            fields={
                "domein": "ZAKEN",
                "rsin": gemeente.rsin,
                "contactpersoon_beheer_naam": "Functioneel beheer i-werkorganisatie",
                "contactpersoon_beheer_telefoonnummer": gemeente.contact_telefoon,
                "contactpersoon_beheer_emailadres": gemeente.contact_email,
                "naam": f"Zaaktypecatalogus {gemeente.naam}",
                "versie": "2024.1",
                "begindatum_versie": BEGIN,
            },
        )
    hosts = {base.split("://", 1)[1]}
    for spec in ZAAKTYPEN:
        if not ZaakType.objects.filter(
            catalogus=catalogus, identificatie=spec.identificatie
        ).exists():
            _load_zaaktype(catalogus, spec, base, hosts)
    return catalogus


def _iot(
    catalogus: Catalogus, omschrijving: str, categorie: str, vertrouwelijkheid: str
) -> InformatieObjectType:
    existing = InformatieObjectType.objects.filter(
        catalogus=catalogus, omschrijving=omschrijving
    ).first()
    if existing:
        return existing
    iot = services.save_informatieobjecttype(
        actor=ACTOR,
        iot=None,
        catalogus=catalogus,
        fields={
            "omschrijving": omschrijving,
            "vertrouwelijkheidaanduiding": vertrouwelijkheid,
            "informatieobjectcategorie": categorie,
            "trefwoord": [],
            "omschrijving_generiek": None,
            "datum_begin_geldigheid": BEGIN,
            "datum_einde_geldigheid": None,
            "begin_object": BEGIN,
            "einde_object": None,
        },
    )
    return services.publish_informatieobjecttype(actor=ACTOR, iot=iot)


def _load_zaaktype(catalogus: Catalogus, spec: Zaaktype, base: str, hosts: set[str]) -> ZaakType:
    iots = [_iot(catalogus, naam, *DOCUMENTTYPEN[naam]) for naam, *_ in spec.documenten]
    besluittypen = []
    for naam in spec.besluiten:
        bt = services.save_besluittype(
            actor=ACTOR,
            besluittype=None,
            catalogus=catalogus,
            # The besluit's own document: the zaaktype's last type before the letters' Brief.
            informatieobjecttypen=[iot for iot in iots if iot.omschrijving != BRIEF[0]][-1:],
            fields={
                "omschrijving": naam,
                "omschrijving_generiek": "",
                "besluitcategorie": "Beschikking",
                "reactietermijn": "P6W",
                "publicatie_indicatie": False,
                "publicatietekst": "",
                "publicatietermijn": "",
                "toelichting": "Bezwaar binnen 6 weken (Awb 6:7).",
                "datum_begin_geldigheid": BEGIN,
                "datum_einde_geldigheid": None,
                "begin_object": BEGIN,
                "einde_object": None,
            },
        )
        besluittypen.append(services.publish_besluittype(actor=ACTOR, besluittype=bt))
    zaaktype = services.save_zaaktype(
        actor=ACTOR,
        zaaktype=None,
        catalogus=catalogus,
        besluittypen=besluittypen,
        deelzaaktypen=[],
        own_hosts=hosts,
        fields={
            "identificatie": spec.identificatie,
            "omschrijving": spec.omschrijving,
            "omschrijving_generiek": "",
            "vertrouwelijkheidaanduiding": spec.vertrouwelijkheid,
            "doel": spec.doel,
            "aanleiding": spec.aanleiding,
            "toelichting": "",
            "indicatie_intern_of_extern": "intern" if spec.intern else "extern",
            "handeling_initiator": spec.handeling_initiator,
            "onderwerp": spec.onderwerp,
            "handeling_behandelaar": spec.handeling_behandelaar,
            "doorlooptijd": spec.doorlooptijd,
            "servicenorm": spec.servicenorm or "",
            "opschorting_en_aanhouding_mogelijk": spec.opschorting,
            "verlenging_mogelijk": spec.verlengingstermijn is not None,
            "verlengingstermijn": spec.verlengingstermijn or "",
            "trefwoorden": list(spec.trefwoorden),
            "publicatie_indicatie": False,
            "publicatietekst": "",
            "verantwoordingsrelatie": [],
            "producten_of_diensten": [],
            "selectielijst_procestype": _url(base, "procestypen", PROCESTYPE[spec.procestype]),
            "referentieproces_naam": spec.omschrijving,
            "referentieproces_link": "",
            "verantwoordelijke": spec.verantwoordelijke,
            "broncatalogus": None,
            "bronzaaktype": None,
            "versiedatum": BEGIN,
            "gerelateerde_zaaktypen": [],
            "datum_begin_geldigheid": BEGIN,
            "datum_einde_geldigheid": None,
            "begin_object": BEGIN,
            "einde_object": None,
            "aanvraagbaar_via_portaal": spec.portaal,
        },
    )
    for volgnummer, omschrijving in enumerate(spec.statussen, start=1):
        services.save_statustype(
            actor=ACTOR,
            statustype=None,
            zaaktype=zaaktype,
            eigenschappen=[],
            begin=None,
            fields={
                "omschrijving": omschrijving,
                "volgnummer": volgnummer,
                "informeren": True,
                "statustekst": f"Uw {in_zin(spec.omschrijving)} heeft de status '{omschrijving}'.",
            },
        )
    for omschrijving, generiek in spec.roltypen:
        services.save_roltype(
            actor=ACTOR,
            roltype=None,
            zaaktype=zaaktype,
            begin=None,
            fields={"omschrijving": omschrijving, "omschrijving_generiek": generiek},
        )
    for resultaat in spec.resultaten:
        services.save_resultaattype(
            actor=ACTOR,
            resultaattype=None,
            zaaktype=zaaktype,
            besluittypen=besluittypen,
            informatieobjecttypen=[],
            begin=None,
            own_hosts=hosts,
            brondatum={"afleidingswijze": resultaat.afleidingswijze},
            fields={
                "omschrijving": resultaat.omschrijving,
                "resultaattypeomschrijving": _url(
                    base, "resultaattypeomschrijvingen", OMSCHRIJVING[resultaat.generiek]
                ),
                "selectielijstklasse": _url(base, "resultaten", resultaat.selectielijst),
            },
        )
    for naam, definitie, formaat in spec.eigenschappen:
        lengte = {"datum": "8", "getal": "10"}.get(formaat, "200")
        services.save_eigenschap(
            actor=ACTOR,
            eigenschap=None,
            zaaktype=zaaktype,
            statustype=None,
            begin=None,
            fields={
                "naam": naam,
                "definitie": definitie,
                "specificatie_formaat": formaat,
                "specificatie_lengte": lengte,
                "specificatie_kardinaliteit": "1",
            },
        )
    for volgnummer, ((_naam, _, richting, _), iot) in enumerate(
        zip(spec.documenten, iots, strict=True), start=1
    ):
        services.save_ziot(
            actor=ACTOR,
            ziot=None,
            zaaktype=zaaktype,
            informatieobjecttype=iot,
            statustype=None,
            fields={"volgnummer": volgnummer, "richting": richting},
        )
    return services.publish_zaaktype(actor=ACTOR, zaaktype=zaaktype)
