"""Helpers for the tests of `iwerk migreer zgw`: a small source world built through the source's
own APIs, a fault-injecting HTTP proxy in front of the source, and running the copier.

Not a test module. The big realistic source is `vullen.vul_bron` (helper of the end-to-end
test); the world here is the smallest one that has one of everything, for the bad-input tests.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import io
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, urlsplit

import jwt
import requests

from iwerk.migratie.zgw.migreren import Opdracht, migreer

CRS = {"Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
SNEL = (0.01, 0.01, 0.01, 0.01, 0.01)  # the backoff schedule in tests: five quick retries


class BronApi:
    """A ZGW client of the source (the filler's applicatie), over real HTTP."""

    def __init__(self, bron: Any) -> None:
        self.bron = bron
        self.sessie = requests.Session()
        self.roots = {k: v.rstrip("/") for k, v in bron.api_roots.items()}

    def _headers(self) -> dict[str, str]:
        token = jwt.encode(
            {
                "iss": self.bron.schrijver.client_id,
                "client_id": self.bron.schrijver.client_id,
                "iat": int(time.time()),
                "user_id": "vuller",
                "user_representation": "Vuller",
            },
            self.bron.schrijver.secret,
            algorithm="HS256",
        )
        return {"Authorization": f"Bearer {token}", **CRS}

    def _ok(self, antwoord: requests.Response) -> Any:
        assert antwoord.status_code < 300, (antwoord.status_code, antwoord.text[:2000])
        return antwoord.json() if antwoord.content else None

    def url(self, component: str, pad: str) -> str:
        return f"{self.roots[component]}/{pad}"

    def get(self, url: str, **params: str) -> Any:
        return self._ok(self.sessie.get(url, params=params, headers=self._headers()))

    def post(self, url: str, body: Any = None) -> Any:
        return self._ok(self.sessie.post(url, json=body or {}, headers=self._headers()))

    def put(self, url: str, body: Any) -> Any:
        return self._ok(self.sessie.put(url, json=body, headers=self._headers()))

    def patch(self, url: str, body: Any) -> Any:
        return self._ok(self.sessie.patch(url, json=body, headers=self._headers()))


@dataclass
class KleineWereld:
    """What `kleine_wereld` made at the source: URLs by name, and the content of each version."""

    urls: dict[str, str] = field(default_factory=dict)
    inhoud: dict[str, list[bytes]] = field(default_factory=dict)  # document url -> versions


def kleine_wereld(api: BronApi, catalogus: str, *, zaken: int = 2) -> KleineWereld:
    """A published catalogue (one zaaktype with two statustypen, a roltype, a resultaattype, an
    eigenschap and an informatieobjecttype; a besluittype), `zaken` closed zaken each with a
    rol, a zaakobject, a zaakeigenschap, a two-version document linked to it and a besluit."""
    w = KleineWereld()
    ref = api.bron.basis_url + "/referentielijsten/api/v1"
    c = api.roots["catalogi"]
    iot = api.post(
        f"{c}/informatieobjecttypen",
        {
            "catalogus": catalogus,
            "omschrijving": "Aanvraag",
            "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            "beginGeldigheid": "2019-01-01",
            "informatieobjectcategorie": "Aanvraag",
        },
    )["url"]
    api.post(f"{iot}/publish")
    besluittype = api.post(
        f"{c}/besluittypen",
        {
            "catalogus": catalogus,
            "omschrijving": "Toekenning",
            "publicatieIndicatie": False,
            "informatieobjecttypen": [iot],
            "beginGeldigheid": "2019-01-01",
        },
    )["url"]
    api.post(f"{besluittype}/publish")
    zaaktype = api.post(
        f"{c}/zaaktypen",
        {
            "identificatie": "WMO-1",
            "omschrijving": "Maatwerkvoorziening Wmo",
            "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
            "doel": "Ondersteuning bieden",
            "aanleiding": "Aanvraag inwoner",
            "indicatieInternOfExtern": "extern",
            "handelingInitiator": "Aanvragen",
            "onderwerp": "Maatwerkvoorziening",
            "handelingBehandelaar": "Beoordelen",
            "doorlooptijd": "P8W",
            "opschortingEnAanhoudingMogelijk": False,
            "verlengingMogelijk": False,
            "publicatieIndicatie": False,
            "productenOfDiensten": [],
            "selectielijstProcestype": f"{ref}/procestypen/e1b73b12-b2f6-4c4e-8929-94f84dd2a57d",
            "referentieproces": {"naam": "Wmo"},
            "verantwoordelijke": "Team Wmo",
            "catalogus": catalogus,
            "besluittypen": [besluittype],
            "gerelateerdeZaaktypen": [],
            "beginGeldigheid": "2019-01-01",
        },
    )["url"]
    kinderen = {}
    for naam, resource, body in (
        ("ontvangen", "statustypen", {"omschrijving": "Ontvangen", "volgnummer": 1}),
        ("afgehandeld", "statustypen", {"omschrijving": "Afgehandeld", "volgnummer": 2}),
        (
            "aanvrager",
            "roltypen",
            {"omschrijving": "Aanvrager", "omschrijvingGeneriek": "initiator"},
        ),
        (
            "toegekend",
            "resultaattypen",
            {
                "omschrijving": "Toegekend",
                "resultaattypeomschrijving": f"{ref}/resultaattypeomschrijvingen/fb65d251-1518-4185-865f-b8bdcfad07b1",
                "selectielijstklasse": f"{ref}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f",
                "archiefnominatie": "vernietigen",
                "archiefactietermijn": "P10Y",
                "brondatumArchiefprocedure": {"afleidingswijze": "afgehandeld"},
            },
        ),
        (
            "ingangsdatum",
            "eigenschappen",
            {
                "naam": "ingangsdatum",
                "definitie": "Gewenste ingangsdatum",
                "specificatie": {"formaat": "datum", "lengte": "8", "kardinaliteit": "1"},
            },
        ),
        (
            "ziot",
            "zaaktype-informatieobjecttypen",
            {"informatieobjecttype": "Aanvraag", "volgnummer": 1, "richting": "inkomend"},
        ),
    ):
        kinderen[naam] = api.post(f"{c}/{resource}", {"zaaktype": zaaktype, **body})["url"]
    api.post(f"{zaaktype}/publish")
    w.urls.update(iot=iot, besluittype=besluittype, zaaktype=zaaktype, **kinderen)
    z, d, b = api.roots["zaken"], api.roots["documenten"], api.roots["besluiten"]
    rsin = api.bron.gemeente.rsin
    for n in range(1, zaken + 1):
        zaak = api.post(
            f"{z}/zaken",
            {
                "bronorganisatie": rsin,
                "verantwoordelijkeOrganisatie": rsin,
                "zaaktype": zaaktype,
                "startdatum": f"2020-0{n}-02",
                "registratiedatum": f"2020-0{n}-02",
                "omschrijving": f"Aanvraag rolstoel {n}",
            },
        )["url"]
        rol = api.post(
            f"{z}/rollen",
            {
                "zaak": zaak,
                "roltype": kinderen["aanvrager"],
                "betrokkeneType": "natuurlijk_persoon",
                "roltoelichting": "Aanvrager",
                "betrokkeneIdentificatie": {"inpBsn": "111222333", "geslachtsnaam": f"Jansen{n}"},
            },
        )["url"]
        api.post(
            f"{z}/zaakobjecten",
            {"zaak": zaak, "objectType": "pand", "object": f"https://bag.example.nl/panden/{n}"},
        )
        api.post(
            f"{zaak}/zaakeigenschappen",
            {"zaak": zaak, "eigenschap": kinderen["ingangsdatum"], "waarde": "20200401"},
        )
        api.post(
            f"{z}/statussen",
            {
                "zaak": zaak,
                "statustype": kinderen["ontvangen"],
                "datumStatusGezet": f"2020-0{n}-02T09:00:00+01:00",
            },
        )
        versies = [f"Aanvraag {n}, versie 1\n".encode(), f"Aanvraag {n}, versie 2\n".encode() * 50]
        document = api.post(
            f"{d}/enkelvoudiginformatieobjecten",
            {
                "bronorganisatie": rsin,
                "creatiedatum": f"2020-0{n}-02",
                "titel": f"Aanvraag {n}",
                "auteur": "J. Jansen",
                "taal": "dut",
                "formaat": "text/plain",
                "bestandsnaam": "aanvraag.txt",
                "inhoud": base64.b64encode(versies[0]).decode(),
                "informatieobjecttype": iot,
                "vertrouwelijkheidaanduiding": "zaakvertrouwelijk",
                "indicatieGebruiksrecht": False,
            },
        )["url"]
        lock = api.post(f"{document}/lock")["lock"]
        api.patch(
            document,
            {
                "inhoud": base64.b64encode(versies[1]).decode(),
                "lock": lock,
                "titel": f"Aanvraag {n} (aangevuld)",
            },
        )
        api.post(f"{document}/unlock", {"lock": lock})
        w.inhoud[document] = versies
        api.post(f"{z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document})
        api.post(
            f"{b}/besluiten",
            {
                "verantwoordelijkeOrganisatie": rsin,
                "besluittype": besluittype,
                "zaak": zaak,
                "datum": f"2020-0{n}-20",
                "ingangsdatum": f"2020-0{n}-21",
            },
        )
        api.post(f"{z}/resultaten", {"zaak": zaak, "resultaattype": kinderen["toegekend"]})
        api.post(
            f"{z}/statussen",
            {
                "zaak": zaak,
                "statustype": kinderen["afgehandeld"],
                "datumStatusGezet": f"2020-0{n}-25T16:00:00+01:00",
            },
        )
        w.urls[f"zaak{n}"] = zaak
        w.urls[f"rol{n}"] = rol
        w.urls[f"document{n}"] = document
    return w


def opdracht(
    bron: Any, gemeente: Any, *, roots: dict[str, str] | None = None, **extra: Any
) -> Opdracht:
    """The command for a run against `bron` (or a proxy in front of it: `roots`)."""
    roots = roots or {k: v.rstrip("/") for k, v in bron.api_roots.items()}
    return Opdracht(
        gemeente=gemeente,
        naam=extra.pop("naam", "bron"),
        roots={
            "zaken": roots["zaken"],
            "documenten": roots["documenten"],
            "catalogi": roots["catalogi"],
            "besluiten": roots["besluiten"],
            "referentielijsten": roots.get(
                "referentielijsten", f"{bron.basis_url}/referentielijsten/api/v1"
            ),
        },
        client_id=bron.lezer.client_id,
        secret=extra.pop("secret", bron.lezer.secret),
        max_per_seconde=extra.pop("max_per_seconde", 0),
        wachttijden=extra.pop("wachttijden", SNEL),
        **extra,
    )


def draai(bron: Any, gemeente: Any, **extra: Any) -> tuple[Any, str]:
    """One run in-process; the run and what it printed."""
    uit = io.StringIO()
    run = migreer(opdracht(bron, gemeente, **extra), uit)
    return run, uit.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- a fault-injecting proxy ------------------------------------------------------------------


@dataclass
class Regel:
    """What the proxy does to requests whose path contains `pad`: answer `status` (the next
    `keer` times; -1 for always), wait `vertraging` seconds first, or corrupt the body."""

    pad: str
    status: int | None = None
    keer: int = -1
    vertraging: float = 0.0
    bederf: Callable[[bytes], bytes] | None = None
    query: str = ""


class Storingsproxy:
    """A tiny HTTP proxy in a thread, in front of the source: GETs are passed on (one connection
    per request), except where a `Regel` says otherwise. Counts what passed, per path."""

    def __init__(self, doel: str) -> None:
        self.doel = urlsplit(doel)
        self.regels: list[Regel] = []
        self.verzoeken: list[str] = []
        self.herschrijf = True  # the source's host in bodies becomes the proxy's
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def basis_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def roots(self, bron: Any) -> dict[str, str]:
        roots = {
            k: v.rstrip("/").replace(bron.basis_url, self.basis_url)
            for k, v in bron.api_roots.items()
        }
        roots["referentielijsten"] = f"{self.basis_url}/referentielijsten/api/v1"
        return roots

    def __enter__(self) -> Storingsproxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _regel(self, pad: str) -> Regel | None:
        for regel in self.regels:
            if regel.pad in pad and (not regel.query or regel.query in pad) and regel.keer != 0:
                if regel.keer > 0:
                    regel.keer -= 1
                return regel
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                proxy.verzoeken.append(self.path)
                bron_basis = f"http://{proxy.doel.netloc}"
                # The source's own URLs in filters (?zaak=…), as the source knows them.
                doorgeven = self.path.replace(
                    quote(proxy.basis_url, safe=""), quote(bron_basis, safe="")
                ).replace(proxy.basis_url, bron_basis)
                regel = proxy._regel(self.path)
                if regel and regel.vertraging:
                    time.sleep(regel.vertraging)
                if regel and regel.status:
                    body = b'{"detail": "storing"}'
                    self.send_response(regel.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                conn = http.client.HTTPConnection(proxy.doel.hostname, proxy.doel.port, timeout=60)
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
                }
                conn.request("GET", doorgeven, headers=headers)
                antwoord = conn.getresponse()
                body = antwoord.read()
                conn.close()
                if proxy.herschrijf:
                    body = body.replace(
                        f"http://{proxy.doel.netloc}".encode(), proxy.basis_url.encode()
                    )
                if regel and regel.bederf:
                    body = regel.bederf(body)
                self.send_response(antwoord.status)
                for naam, waarde in antwoord.getheaders():
                    if naam.lower() not in ("content-length", "connection", "transfer-encoding"):
                        self.send_header(naam, waarde)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


# --- comparing source and iwerk -----------------------------------------------------------------


def genormaliseerd(data: Any, bron_basis: str, iwerk_basis: str = "http://testserver") -> Any:
    """data with the source's host swapped for iwerk's (the uuids are the same)."""
    if isinstance(data, str):
        return data.replace(bron_basis, iwerk_basis)
    if isinstance(data, list):
        return [genormaliseerd(item, bron_basis, iwerk_basis) for item in data]
    if isinstance(data, dict):
        return {k: genormaliseerd(v, bron_basis, iwerk_basis) for k, v in data.items()}
    return data


def verschillen(bron: Any, iwerk: Any, pad: str = "") -> list[str]:
    """Every place where two JSON values differ, as 'pad: bron != iwerk'."""
    if isinstance(bron, dict) and isinstance(iwerk, dict):
        uit = []
        for sleutel in sorted(set(bron) | set(iwerk)):
            uit += verschillen(
                bron.get(sleutel, "<ontbreekt>"),
                iwerk.get(sleutel, "<ontbreekt>"),
                f"{pad}.{sleutel}",
            )
        return uit
    if isinstance(bron, list) and isinstance(iwerk, list) and len(bron) == len(iwerk):
        uit = []
        for index, (a, b) in enumerate(zip(bron, iwerk, strict=True)):
            uit += verschillen(a, b, f"{pad}[{index}]")
        return uit
    return [] if bron == iwerk else [f"{pad}: {bron!r} != {iwerk!r}"]
