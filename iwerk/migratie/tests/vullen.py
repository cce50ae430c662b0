"""Fill a source installation through its ZGW APIs, over HTTP, with a realistic mix (issue 30).

`vul_bron(basis_url, client_id, secret, zaken=N, seed=S)` builds the catalogue
(vullen_catalogus: two zaaktypen in two published versions each, a concept zaaktype, their
informatieobjecttypen and besluittypen) and registers N zaken, spread over the zaaktype versions
and over every stage (`STADIA`: just registered, in behandeling, opgeschort, verlengd,
afgehandeld, gearchiveerd), with rollen (a natuurlijk persoon initiator whose BSN passes the
11-proef, a medewerker behandelaar), zaakobjecten, zaakeigenschappen, kenmerken, documents of 1–3
versions (two in 25 with a large first version, the second with a name beyond ASCII),
gebruiksrechten, zaakinformatieobjecten, and besluiten with their informatieobjecten. Per block
of 25 zaken: the second zaak becomes a hoofdzaak with two deelzaken (created in addition to the
N), the third gets relevante andere zaken. The same seed gives the same content; uuids and
identificaties are the source's. Returns the manifest (`Manifest`).

`wijzig_bron(...)` changes the source between two migration runs, as its users would.
The ZGW APIs have no batch create: the zaken are made on `threads` connections at once.
"""

from __future__ import annotations

import copy
import hashlib
import random
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

from iwerk.migratie.tests.vullen_catalogus import Zaaktype, bouw_catalogus
from iwerk.migratie.tests.zgwclient import VulFout, ZgwClient, inhoud_b64, uuid_van

STADIA = (
    "geregistreerd",
    "in_behandeling",
    "opgeschort",
    "verlengd",
    "afgehandeld",
    "gearchiveerd",
)
BLOK = 25  # per block of zaken: a hoofdzaak with two deelzaken, a zaak with relations
DOCUMENTVERSIES = (1, 3, 2)  # versions of a zaak's aanvraag, by zaak index
TYPEN = (
    "catalogussen", "zaaktypen", "statustypen", "resultaattypen", "roltypen", "eigenschappen",
    "informatieobjecttypen", "besluittypen", "zaaktype-informatieobjecttypen",
    "zaken", "statussen", "resultaten", "rollen", "zaakobjecten", "zaakeigenschappen",
    "zaakinformatieobjecten", "enkelvoudiginformatieobjecten", "gebruiksrechten",
    "besluiten", "besluitinformatieobjecten",
)  # fmt: skip

# The manifest, all plain JSON:
#   "bron": basis_url, "seed": int, "catalogus": url,
#   "objecten": {type of TYPEN: {uuid: url}}  everything made, in the order made
#   "versies": {document uuid: [{"versie", "sha256", "bestandsomvang", "bestandsnaam"}, …]}
#   "zaken": {zaak uuid: {"stadium", "zaaktype", "identificatie", "hoofdzaak", "omschrijving"}}
#   "zaaktypen": {"A1" | "A2" | "B1" | "B2" | "concept": url}
#   "typen": [Zaaktype.als_dict() of A1, A2, B1, B2]  (the URLs of their children)
#   "aantallen": {type: count}, "seconden": float, "verzoeken": requests made
Manifest = dict[str, Any]


def vul_bron(
    basis_url: str,
    client_id: str,
    secret: str,
    *,
    zaken: int = 6,
    seed: int = 30,
    threads: int = 4,
) -> Manifest:
    """Fill the source's (empty) catalogus and register the zaken; the manifest.

    Raises VulFout when the source refuses a request, or already has zaaktypen.
    """
    begonnen = time.monotonic()
    api = ZgwClient(basis_url, client_id, secret)
    catalogus = api.get(api.url("catalogi", "catalogussen"))["results"][0]
    if catalogus["zaaktypen"]:
        raise VulFout(f"De bron {basis_url} is al gevuld: de catalogus heeft al zaaktypen.")
    manifest: Manifest = {
        "bron": basis_url.rstrip("/"),
        "seed": seed,
        "catalogus": catalogus["url"],
        "objecten": {typ: {} for typ in TYPEN},
        "versies": {},
        "zaken": {},
    }
    _noteer(manifest, "catalogussen", catalogus["url"])

    def maak(component: str, resource: str, body: dict, ok: tuple[int, ...] = (201,)) -> str:
        url = api.post(api.url(component, resource), body, ok=ok)["url"]
        _noteer(manifest, resource, url)
        return url

    typen, concept = bouw_catalogus(api, maak, catalogus["url"])
    manifest["zaaktypen"] = {**{k: t.url for k, t in typen.items()}, "concept": concept}
    manifest["typen"] = [t.als_dict() for t in typen.values()]
    rsin = catalogus["rsin"]
    versies = [typen[k] for k in ("A1", "A2", "B1", "B2")]
    plannen = [{"index": i, "zaaktype": versies[i % 4]} for i in range(zaken)]
    gemaakt = _parallel(api, rsin, seed, plannen, threads)
    deelplannen = []
    for n, hoofd in enumerate(gemaakt[1::BLOK]):  # an in_behandeling zaak of each block
        for k, stadium in enumerate(("in_behandeling", "afgehandeld")):
            deelplannen.append({
                "index": zaken + 2 * n + k, "zaaktype": hoofd["zaaktype"], "stadium": stadium,
                "hoofdzaak": hoofd["url"],
            })  # fmt: skip
    gemaakt += _parallel(api, rsin, seed, deelplannen, threads)
    for start in range(0, zaken - 3, BLOK):
        api.patch(
            gemaakt[start + 2]["url"],
            {
                "relevanteAndereZaken": [
                    {"url": gemaakt[start]["url"], "aardRelatie": "vervolg"},
                    {"url": gemaakt[start + 3]["url"], "aardRelatie": "onderwerp",
                     "toelichting": "Zelfde locatie"},
                ]
            },
        )  # fmt: skip
    for deel in gemaakt:
        _voeg_samen(manifest, deel)
    manifest["aantallen"] = {typ: len(objecten) for typ, objecten in manifest["objecten"].items()}
    manifest["seconden"] = round(time.monotonic() - begonnen, 2)
    manifest["verzoeken"] = api.verzoeken
    return manifest


def wijzig_bron(
    basis_url: str, client_id: str, secret: str, manifest: Manifest, *, seed: int = 31
) -> dict[str, Any]:
    """Change the source as between two migration runs; what changed.

    A new status on the first zaak in behandeling, a new version of its aanvraag, a new zaak on
    the same zaaktype (afgehandeld, with all that has), the omschrijving of the last zaak in
    behandeling. Returns {"status": {"zaak", "url"}, "documentversie": {"document", "versie",
    "sha256", "bestandsomvang", "bestandsnaam"}, "nieuwe_zaak": url, "omschrijving": {"zaak",
    "omschrijving"}, "manifest": a copy of the manifest with the changes in it}.
    """
    api = ZgwClient(basis_url, client_id, secret)
    nieuw = copy.deepcopy(manifest)
    rng = random.Random(seed)
    open_zaken = [u for u, z in manifest["zaken"].items() if z["stadium"] == "in_behandeling"]
    zaak_url = manifest["objecten"]["zaken"][open_zaken[0]]
    zaak = api.get(zaak_url)
    gezet = {s["statustype"] for s in api.alles(api.url("zaken", "statussen"), {"zaak": zaak_url})}
    statustypen = api.get(zaak["zaaktype"])["statustypen"]
    volgende = next(s for s in statustypen[:-1] if s not in gezet)
    status = api.post(
        api.url("zaken", "statussen"),
        {
            "zaak": zaak_url,
            "statustype": volgende,
            "datumStatusGezet": "2026-06-01T10:00:00",
            "statustoelichting": "Gezet na de eerste migratie",
        },
    )
    _noteer(nieuw, "statussen", status["url"])

    zio = api.alles(api.url("zaken", "zaakinformatieobjecten"), {"zaak": zaak_url})[0]
    document = zio["informatieobject"]
    inhoud = b"%PDF-1.4\n% aanvulling na de eerste migratie\n" + rng.randbytes(5000)
    versie = _nieuwe_versie(api, document, inhoud, "aanvulling.pdf")
    nieuw["versies"][uuid_van(document)].append(versie)

    ander = open_zaken[-1]
    omschrijving = f"{manifest['zaken'][ander]['omschrijving'][:60]} (gewijzigd)"
    api.patch(manifest["objecten"]["zaken"][ander], {"omschrijving": omschrijving})
    nieuw["zaken"][ander]["omschrijving"] = omschrijving

    zaaktype = next(t for t in manifest["typen"] if t["url"] == zaak["zaaktype"])
    plan = {"index": 10_000, "zaaktype": Zaaktype.van_dict(zaaktype), "stadium": "afgehandeld"}
    gemaakt = _zaak(api, zaak["bronorganisatie"], seed, plan)
    _voeg_samen(nieuw, gemaakt)
    nieuw["aantallen"] = {typ: len(o) for typ, o in nieuw["objecten"].items()}
    return {
        "status": {"zaak": zaak_url, "url": status["url"]},
        "documentversie": {"document": document, **versie},
        "nieuwe_zaak": gemaakt["url"],
        "omschrijving": {
            "zaak": manifest["objecten"]["zaken"][ander],
            "omschrijving": omschrijving,
        },
        "manifest": nieuw,
    }


# --- zaken ---------------------------------------------------------------------------------


def _parallel(api: ZgwClient, rsin: str, seed: int, plannen: list[dict], threads: int) -> list:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda plan: _zaak(api, rsin, seed, plan), plannen))


def _zaak(api: ZgwClient, rsin: str, seed: int, plan: dict) -> dict:
    """One zaak in its stage, with everything that stage has; its part of the manifest."""
    return _Zaak(api, rsin, seed, plan).bouw()


class _Zaak:
    """A zaak being built: registered, then in behandeling, then afgehandeld, as far as its
    stage goes. `deel` collects what it made, to be merged into the manifest."""

    def __init__(self, api: ZgwClient, rsin: str, seed: int, plan: dict) -> None:
        self.api, self.rsin = api, rsin
        self.index, self.zaaktype = plan["index"], plan["zaaktype"]
        self.hoofdzaak = plan.get("hoofdzaak")
        self.stadium = plan.get("stadium") or STADIA[self.index % len(STADIA)]
        self.rng = random.Random(seed * 1_000_003 + self.index)
        self.start = self.zaaktype.begin + timedelta(days=self.rng.randrange(30, 300))
        self.moment = _klok(self.start)
        self.deel: dict = {"objecten": {typ: [] for typ in TYPEN}, "versies": {}, "zaken": {}}
        self.url = ""
        self.documenten: list[str] = []

    def maak(self, component: str, resource: str, body: dict, soort: str = "") -> str:
        url = self.api.post(self.api.url(component, resource), body)["url"]
        self.deel["objecten"][soort or resource].append(url)
        return url

    def bouw(self) -> dict:
        fase = STADIA.index(self.stadium)
        self._registreer()
        if fase >= STADIA.index("in_behandeling"):
            self._behandel()
        if fase >= STADIA.index("afgehandeld"):
            self._handel_af()
        if self.stadium == "gearchiveerd":
            self._archiveer()
        return self.deel

    def _registreer(self) -> None:
        zaaktype, rng, index = self.zaaktype, self.rng, self.index
        onderwerp = "Evenement" if zaaktype.sleutel.startswith("A") else "Hulpmiddel"
        straat = rng.choice(["Brink", "Lange Bisschopstraat", "Keizerstraat", "Walstraat"])
        body = {
            "bronorganisatie": self.rsin,
            "verantwoordelijkeOrganisatie": self.rsin,
            "zaaktype": zaaktype.url,
            "startdatum": str(self.start),
            "omschrijving": f"{onderwerp} {index}: {straat}",
            "toelichting": "Overgenomen uit het oude zaaksysteem" if index % 2 else "",
            "einddatumGepland": str(self.start + timedelta(weeks=8)),
            "uiterlijkeEinddatumAfdoening": str(self.start + timedelta(weeks=10)),
            "kenmerken": [
                {"kenmerk": f"OUD-{self.start.year}-{index:05d}", "bron": "Oud zaaksysteem"}
            ],
            "betalingsindicatie": "nvt",
        }
        if index % 7 == 3:
            body["vertrouwelijkheidaanduiding"] = "geheim"
        if self.hoofdzaak:
            body["hoofdzaak"] = self.hoofdzaak
        zaak = self.api.post(self.api.url("zaken", "zaken"), body)
        self.url = self.deel["url"] = zaak["url"]
        self.deel["zaaktype"] = zaaktype
        self.deel["objecten"]["zaken"].append(self.url)
        self.deel["zaken"][uuid_van(self.url)] = {
            "stadium": self.stadium,
            "zaaktype": zaaktype.url,
            "identificatie": zaak["identificatie"],
            "hoofdzaak": uuid_van(self.hoofdzaak) if self.hoofdzaak else None,
            "omschrijving": body["omschrijving"],
        }
        persoon = {
            "inpBsn": bsn(rng),
            "geslachtsnaam": rng.choice(["Jansen", "de Vries", "Bakker", "Öztürk"]),
            "voornamen": rng.choice(["Anna", "Mohammed", "Eva", "Jan"]),
        }
        self._rol("initiator", "Aanvrager", "natuurlijk_persoon", persoon)

    def _behandel(self) -> None:
        """Two statussen, a behandelaar, a zaakobject, its eigenschappen and the aanvraag."""
        url, rng = self.url, self.rng
        for statustype in self.zaaktype.statustypen[:2]:
            self._status(statustype)
        medewerker = {"identificatie": f"mdw{rng.randrange(100, 999)}", "achternaam": "Smit"}
        self._rol("behandelaar", "Behandelaar", "medewerker", medewerker)
        pand = f"https://bag.basisregistraties.overheid.nl/api/v1/panden/01501000{self.index:08d}"
        self.maak(
            "zaken",
            "zaakobjecten",
            {"zaak": url, "objectType": "pand", "object": pand, "relatieomschrijving": "Locatie"},
        )
        for eigenschap, formaat in self.zaaktype.eigenschappen.values():
            waarde = {
                "datum": (self.start + timedelta(days=60)).strftime("%Y%m%d"),
                "getal": str(rng.randrange(50, 5000)),
                "tekst": rng.choice(["rolstoel", "scootmobiel", "douchestoel"]),
            }[formaat]
            body = {"zaak": url, "eigenschap": eigenschap, "waarde": waarde}
            self.maak(
                "zaken", f"zaken/{uuid_van(url)}/zaakeigenschappen", body, "zaakeigenschappen"
            )
        self._document("Aanvraagformulier", self.index)
        if self.stadium == "opgeschort":
            opschorting = {"indicatie": True, "reden": "Wacht op gegevens van de aanvrager"}
            self.api.patch(url, {"opschorting": opschorting})
        if self.stadium == "verlengd":
            verlenging = {"reden": "Advies van de politie duurt langer", "duur": "P4W"}
            self.api.patch(url, {"verlenging": verlenging})

    def _handel_af(self) -> None:
        """A besluit with its beschikking, the remaining statussen, a resultaat, the eindstatus."""
        beschikking = self._document("Beschikking", self.index + 500_000, versies=1)
        ingang = self.start + timedelta(weeks=6)
        besluit = self.maak(
            "besluiten",
            "besluiten",
            {
                "verantwoordelijkeOrganisatie": self.rsin,
                "besluittype": self.zaaktype.besluittype,
                "zaak": self.url,
                "datum": str(ingang - timedelta(days=3)),
                "ingangsdatum": str(ingang),
                "vervaldatum": str(ingang + timedelta(days=365)),
                "vervalreden": "tijdelijk",
                "toelichting": "Besluit uit het oude zaaksysteem",
                "bestuursorgaan": "College van B&W",
            },
        )
        bio = {"besluit": besluit, "informatieobject": beschikking}
        self.maak("besluiten", "besluitinformatieobjecten", bio)
        for statustype in self.zaaktype.statustypen[2:-1]:
            self._status(statustype)
        resultaattype = self.rng.choice(self.zaaktype.resultaattypen)
        body = {"zaak": self.url, "resultaattype": resultaattype, "toelichting": "Afgerond"}
        self.maak("zaken", "resultaten", body)
        self._status(self.zaaktype.statustypen[-1])  # closes it; the archiving is derived

    def _archiveer(self) -> None:
        """Archiefstatus gearchiveerd; zrc-022 asks its documents to be gearchiveerd first."""
        for document in self.documenten:
            # Every change of a document is a new version, here with the same content.
            versie = _met_lock(self.api, document, {"status": "gearchiveerd"})["versie"]
            versies = self.deel["versies"][uuid_van(document)]
            versies.append({**versies[-1], "versie": versie})
        self.api.patch(self.url, {"archiefstatus": "gearchiveerd"})

    def _status(self, statustype: str) -> None:
        body = {"zaak": self.url, "statustype": statustype, "datumStatusGezet": next(self.moment)}
        self.maak("zaken", "statussen", body)

    def _rol(self, generiek: str, toelichting: str, soort: str, betrokkene: dict) -> None:
        self.maak(
            "zaken",
            "rollen",
            {
                "zaak": self.url,
                "roltype": self.zaaktype.roltypen[generiek],
                "roltoelichting": toelichting,
                "betrokkeneType": soort,
                "betrokkeneIdentificatie": betrokkene,
            },
        )

    def _document(self, iot_naam: str, index: int, versies: int = 0) -> str:
        """A document of 1–3 versions in the zaak; every third gets a gebruiksrecht."""
        api, start = self.api, self.start
        iot = next(url for url, naam in api.iot_namen().items() if naam == iot_naam)
        versies = versies or DOCUMENTVERSIES[index % len(DOCUMENTVERSIES)]
        naam = "aanvraag café – überweg ✓.pdf" if index == 1 else f"{iot_naam.lower()}-{index}.pdf"
        # The first version of two aanvragen in 25 is large.
        groot = iot_naam == "Aanvraagformulier" and index % BLOK in (1, 4)
        inhoud = _inhoud(self.rng, index, 1, groot)
        body = {
            "bronorganisatie": self.rsin,
            "creatiedatum": str(start),
            "titel": f"{iot_naam} {index}",
            "auteur": "Oud zaaksysteem",
            "taal": "dut",
            "formaat": "application/pdf",  # iwerk checks the content against it
            "bestandsnaam": naam,
            "inhoud": inhoud_b64(inhoud),
            "informatieobjecttype": iot,
            "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            "status": "definitief",
            "indicatieGebruiksrecht": None if index % 3 == 0 else False,  # a gebruiksrecht sets it
            "ontvangstdatum": str(start) if iot_naam == "Aanvraagformulier" else None,
            "trefwoorden": ["migratie"],
        }
        url = self.maak("documenten", "enkelvoudiginformatieobjecten", body)
        self.deel["versies"][uuid_van(url)] = [_versie(1, inhoud, naam)]
        for versie in range(2, versies + 1):
            inhoud = _inhoud(self.rng, index, versie)
            self.deel["versies"][uuid_van(url)].append(_nieuwe_versie(api, url, inhoud, naam))
        if index % 3 == 0:
            recht = {
                "informatieobject": url,
                "startdatum": f"{start}T00:00:00",
                "omschrijvingVoorwaarden": "Alleen voor de behandeling van deze aanvraag",
            }
            self.maak("documenten", "gebruiksrechten", recht)
        self.maak("zaken", "zaakinformatieobjecten", {"zaak": self.url, "informatieobject": url})
        self.documenten.append(url)
        return url


def _klok(start: date) -> Iterator[str]:
    """Moments a week apart after start, as datumStatusGezet."""
    dag = start
    while True:
        dag += timedelta(days=7)
        yield f"{dag}T10:30:00"


def _inhoud(rng: random.Random, index: int, versie: int, groot: bool = False) -> bytes:
    """A PDF-like content: 300–700 KB when groot, else a few KB."""
    kop = f"%PDF-1.4\n% document {index} versie {versie}\n".encode()
    if groot:
        return kop + rng.randbytes(rng.randrange(300_000, 700_000))
    return kop + rng.randbytes(rng.randrange(200, 4000))


def _versie(versie: int, inhoud: bytes, naam: str) -> dict:
    return {
        "versie": versie,
        "sha256": hashlib.sha256(inhoud).hexdigest(),
        "bestandsomvang": len(inhoud),
        "bestandsnaam": naam,
    }


def _nieuwe_versie(api: ZgwClient, url: str, inhoud: bytes, naam: str) -> dict:
    wijziging = {"inhoud": inhoud_b64(inhoud), "bestandsnaam": naam, "bestandsomvang": len(inhoud)}
    return _versie(_met_lock(api, url, wijziging)["versie"], inhoud, naam)


def _met_lock(api: ZgwClient, url: str, wijziging: dict) -> dict:
    lock = api.post(f"{url}/lock", {}, ok=(200,))["lock"]
    try:
        return api.patch(url, {**wijziging, "lock": lock})
    finally:  # also after a refusal: a locked document keeps its zaak from closing
        api.post(f"{url}/unlock", {"lock": lock}, ok=(204,))


def bsn(rng: random.Random) -> str:
    """A BSN that passes the 11-proef (weights 9…2 and -1 for the last digit)."""
    while True:
        cijfers = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
        laatste = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if laatste < 10:
            return "".join(map(str, cijfers)) + str(laatste)


def _noteer(manifest: Manifest, typ: str, url: str) -> None:
    manifest["objecten"][typ][uuid_van(url)] = url


def _voeg_samen(manifest: Manifest, deel: dict) -> None:
    for typ, urls in deel["objecten"].items():
        for url in urls:
            _noteer(manifest, typ, url)
    manifest["versies"].update(deel["versies"])
    manifest["zaken"].update(deel["zaken"])
