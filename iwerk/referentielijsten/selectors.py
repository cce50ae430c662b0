"""The Selectielijst 2020 and Referentielijsten data, loaded once from the shipped files.

The same uuids are used by VNG's public Selectielijst API, so URLs from catalogues that
were configured against it resolve here too, without any network access.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from iwerk.core import http

DATA = Path(__file__).parent / "data"
LOCAL_PREFIX = "/referentielijsten/api/v1"
# Public deployments of the same data; their URLs are accepted and resolved locally.
KNOWN_PUBLIC_BASES = (
    "https://selectielijst.openzaak.nl/api/v1",
    "https://referentielijsten-api.vng.cloud/api/v1",
)
# A Referentielijsten object is a few kB; a larger answer is not one (and is not read further).
MAX_BYTES = 1024 * 1024
_UUID_AT_END = re.compile(r"/(?P<resource>[a-z]+)/(?P<uuid>[0-9a-f\-]{36})/?$")


@dataclass(frozen=True)
class Procestype:
    pk: int
    uuid: str
    nummer: int
    jaar: int
    naam: str
    omschrijving: str
    toelichting: str
    procesobject: str


@dataclass(frozen=True)
class Resultaat:
    pk: int
    uuid: str
    procestype_pk: int
    generiek_pk: int | None
    nummer: int
    naam: str
    omschrijving: str
    herkomst: str
    waardering: str
    procestermijn: str
    bewaartermijn: str | None
    toelichting: str
    procestermijn_opmerking: str
    taakgebieden: dict[str, bool]


@dataclass(frozen=True)
class ResultaattypeOmschrijving:
    uuid: str
    omschrijving: str
    definitie: str
    opmerking: str


@dataclass(frozen=True)
class Communicatiekanaal:
    uuid: str
    naam: str
    omschrijving: str


_TAAKGEBIEDEN = (
    "algemeen_bestuur_en_inrichting_organisatie",
    "bedrijfsvoering_en_personeel",
    "publieke_informatie_en_registratie",
    "burgerzaken",
    "veiligheid",
    "verkeer_en_vervoer",
    "economie",
    "onderwijs",
    "sport_cultuur_en_recreatie",
    "sociaal_domein",
    "volksgezonheid_en_milieu",
    "vhrosv",
    "heffen_belastingen",
    "alle_taakgebieden",
)


def _rows(name: str) -> list[dict]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@cache
def procestypen() -> tuple[Procestype, ...]:
    return tuple(
        Procestype(
            pk=row["pk"],
            **{
                k: row["fields"][k]
                for k in (
                    "uuid",
                    "nummer",
                    "jaar",
                    "naam",
                    "omschrijving",
                    "toelichting",
                    "procesobject",
                )
            },
        )
        for row in _rows("selectielijst_2020_procestypen.json")
    )


@cache
def resultaten() -> tuple[Resultaat, ...]:
    result = []
    for row in _rows("selectielijst_2020_resultaten.json"):
        f = row["fields"]
        result.append(
            Resultaat(
                pk=row["pk"],
                uuid=f["uuid"],
                procestype_pk=f["proces_type"],
                generiek_pk=f.get("generiek_resultaat"),
                nummer=f["nummer"],
                naam=f["naam"],
                omschrijving=f["omschrijving"],
                herkomst=f["herkomst"],
                waardering=f["waardering"],
                procestermijn=f["procestermijn"],
                bewaartermijn=f.get("bewaartermijn"),
                toelichting=f["toelichting"],
                procestermijn_opmerking=f["procestermijn_opmerking"],
                taakgebieden={k: f[k] for k in _TAAKGEBIEDEN},
            )
        )
    return tuple(result)


@cache
def resultaattypeomschrijvingen() -> tuple[ResultaattypeOmschrijving, ...]:
    return tuple(
        ResultaattypeOmschrijving(
            uuid=r["fields"]["uuid"],
            omschrijving=r["fields"]["omschrijving"],
            definitie=r["fields"]["definitie"],
            opmerking=r["fields"]["opmerking"],
        )
        for r in _rows("resultaattypeomschrijvingen.json")
    )


@cache
def communicatiekanalen() -> tuple[Communicatiekanaal, ...]:
    return tuple(Communicatiekanaal(**row) for row in _rows("communicatiekanalen.json"))


def communicatiekanaal_url(naam: str) -> str:
    """The URL of a communicatiekanaal by its name ("Internet", "Balie"…), or "" if unknown."""
    kanaal = next((k for k in communicatiekanalen() if k.naam.lower() == naam.lower()), None)
    if kanaal is None:
        return ""
    base = (
        settings.IWERK_REFERENTIELIJSTEN_URL
        or f"{settings.IWERK_BASE_URL}/referentielijsten/api/v1"
    )
    return f"{base.rstrip('/')}/communicatiekanalen/{kanaal.uuid}"


@cache
def _by_uuid() -> dict[str, dict[str, object]]:
    return {
        "procestypen": {p.uuid: p for p in procestypen()},
        "resultaten": {r.uuid: r for r in resultaten()},
        "resultaattypeomschrijvingen": {r.uuid: r for r in resultaattypeomschrijvingen()},
        "communicatiekanalen": {c.uuid: c for c in communicatiekanalen()},
    }


@cache
def procestype_by_pk() -> dict[int, Procestype]:
    return {p.pk: p for p in procestypen()}


@cache
def resultaat_by_pk() -> dict[int, Resultaat]:
    return {r.pk: r for r in resultaten()}


def get_local(resource: str, uuid: str) -> object | None:
    return _by_uuid()[resource].get(uuid)


def volledig_nummer(resultaat: Resultaat) -> str:
    procestype = procestype_by_pk()[resultaat.procestype_pk]
    if resultaat.generiek_pk is not None:
        generiek = resultaat_by_pk()[resultaat.generiek_pk]
        return f"{procestype.nummer}.{generiek.nummer}.{resultaat.nummer}"
    return f"{procestype.nummer}.{resultaat.nummer}"


class ReferentieNotFound(Exception):
    """The URL does not name an object of the expected Referentielijsten resource."""


def lookup(url: str, resource: str, *, own_hosts: set[str]) -> Any:
    """Resolve a Referentielijsten URL of `resource` to its object, or raise ReferentieNotFound.
    The object is the local dataclass of `resource`, or the external API's JSON object (a dict).

    Without IWERK_REFERENTIELIJSTEN_URL the local data answers (for local URLs and those of
    the known public deployments); with it, the configured API is asked over HTTP.
    """
    parts = urlsplit(url)
    match = _UUID_AT_END.search(parts.path)
    if not match or match.group("resource") != resource:
        raise ReferentieNotFound(url)
    external = settings.IWERK_REFERENTIELIJSTEN_URL.rstrip("/")
    if external:
        if not url.startswith(external + "/"):
            raise ReferentieNotFound(url)
        return _fetch(url)
    base = url[: url.rfind(f"/{resource}/")]
    local = parts.netloc in own_hosts and parts.path.startswith(LOCAL_PREFIX + "/")
    if not local and base not in KNOWN_PUBLIC_BASES:
        raise ReferentieNotFound(url)
    found = get_local(resource, match.group("uuid"))
    if found is None:
        raise ReferentieNotFound(url)
    return found


def _fetch(url: str) -> dict:
    try:
        with http.request("GET", url, headers={"Accept": "application/json"}) as response:
            if response.status_code != 200:
                raise ReferentieNotFound(url)
            return json.loads(http.body(response, MAX_BYTES + 1))
    except (http.Fout, ValueError) as exc:
        raise ReferentieNotFound(url) from exc


@dataclass(frozen=True)
class ResultaatFacts:
    """What the Catalogi API needs of a Selectielijst resultaat, wherever it came from."""

    procestype_uuid: str
    waardering: str
    bewaartermijn: str | None
    procestermijn: str


def _uuid_of(url: str) -> str:
    match = _UUID_AT_END.search(urlsplit(url).path)
    return match.group("uuid") if match else ""


def procestype_uuid(url: str, *, own_hosts: set[str]) -> str:
    found = lookup(url, "procestypen", own_hosts=own_hosts)
    return found.uuid if isinstance(found, Procestype) else _uuid_of(url)


def resultaat_facts(url: str, *, own_hosts: set[str]) -> ResultaatFacts:
    found = lookup(url, "resultaten", own_hosts=own_hosts)
    if isinstance(found, Resultaat):
        return ResultaatFacts(
            procestype_uuid=procestype_by_pk()[found.procestype_pk].uuid,
            waardering=found.waardering,
            bewaartermijn=found.bewaartermijn,
            procestermijn=found.procestermijn,
        )
    return ResultaatFacts(
        procestype_uuid=_uuid_of(found.get("procesType", "")),
        waardering=found.get("waardering", ""),
        bewaartermijn=found.get("bewaartermijn"),
        procestermijn=found.get("procestermijn", ""),
    )


def resultaattypeomschrijving_text(url: str, *, own_hosts: set[str]) -> str:
    found = lookup(url, "resultaattypeomschrijvingen", own_hosts=own_hosts)
    return (
        found.omschrijving
        if isinstance(found, ResultaattypeOmschrijving)
        else str(found.get("omschrijving", ""))
    )
