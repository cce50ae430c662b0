"""Writing one object, and the parts of one object, through iwerk's API (ADR 0063, point 6).

The body is the source's JSON with every source URL rewritten to iwerk's and the source's
`uuid`: read-only properties are ignored by the API as the reference implementation ignores
them, so nothing has to be picked out. An object this migration brought into iwerk before is
changed with PUT (or, for parts the API cannot change, removed and created again with the same
uuid); a new one is created with POST.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from iwerk.migratie.services import WEG, Regel
from iwerk.migratie.zgw.herschrijven import hash_van, uuid_uit
from iwerk.migratie.zgw.kopieren import (
    GEKOPIEERD,
    OVERGESLAGEN,
    Kopieerder,
    controleer_uuid,
)
from iwerk.migratie.zgw.schrijven import Geweigerd
from iwerk.migratie.zgw.soorten import label


def body(k: Kopieerder, data: dict, **extra: Any) -> dict:
    """The source object as an iwerk request body: URLs rewritten, with its uuid."""
    result = k.herschrijver.body(data)
    result["uuid"] = uuid_uit(data["url"])
    result.update(extra)
    return result


def op_volgorde(items: list[dict], urls: list[str] | None, veld: str = "url") -> list[dict]:
    """items in the order their parent lists them (`urls`, matched on `veld`): the order they
    were made at the source, which is the order iwerk lists them in once made in it too."""
    plaats = {url: index for index, url in enumerate(urls or [])}
    return sorted(
        items, key=lambda item: (plaats.get(str(item.get(veld)), len(plaats)), item["url"])
    )


def schrijf_object(
    k: Kopieerder,
    soort: str,
    data: dict,
    *,
    hash_: str | None = None,
    collectie_url: str | None = None,
    gegevens: dict | None = None,
    **extra: Any,
) -> tuple[Any, Regel]:
    """Create the object in iwerk, or change it when this migration created it before."""
    url = data["url"]
    sleutel = uuid_uit(url)
    inhoud = body(k, data, **extra)
    if k.in_iwerk(url):
        antwoord = k.schrijver.put(k.iwerk_url(url), inhoud)
    else:
        antwoord = k.schrijver.post(collectie_url or k.iwerk_collectie(soort), inhoud)
        controleer_uuid(antwoord, sleutel, soort)
    regel = Regel(
        soort,
        url,
        GEKOPIEERD,
        uuid=sleutel,
        hash=hash_ if hash_ is not None else hash_van(data),
        gegevens=gegevens or {},
    )
    return antwoord, regel


def spiegel(
    k: Kopieerder,
    soort: str,
    ouder_url: str,
    items: Iterable[dict],
    *,
    collectie_url: str | None = None,
    bijwerken: str = "put",
    streng: bool = True,
) -> tuple[list[Regel], list[str]]:
    """Make the parts of soort under one object in iwerk what they are at the source.

    New parts are created in the order given, changed ones changed (`bijwerken`: "put", or
    "opnieuw": removed and created again with the same uuid, or "nooit": left as they are, for
    parts the standard never changes, like statussen), parts gone at the source removed (not
    with "nooit"). With `streng` a refusal fails the whole unit; otherwise the part is left out
    and the unit goes on with a warning (rollen, zaakobjecten, zaakeigenschappen: the zaak is
    still right without them, and the report names them). Returns (rows, warnings).
    """
    items = list(items)
    regels: list[Regel] = []
    waarschuwingen: list[str] = []
    huidige = {item["url"] for item in items}
    for oud in sorted(k.kinderen.get((soort, ouder_url), set()) - huidige):
        if bijwerken == "nooit":
            waarschuwingen.append(
                f"{label(soort)} {uuid_uit(oud)} bestaat bij de bron niet meer; "
                "in iwerk blijft het staan"
            )
            continue
        if k.in_iwerk(oud):
            _verwijder(k, oud)
        regels.append(Regel(soort, oud, WEG, gegevens={"ouder": ouder_url}))
    for item in items:
        url = item["url"]
        h = hash_van(item)
        vorige = k.boek.get(url)
        if vorige is not None and vorige.toestand == GEKOPIEERD and vorige.hash == h:
            continue
        if vorige is not None and vorige.uuid and bijwerken == "nooit":
            if vorige.toestand == GEKOPIEERD:
                waarschuwingen.append(
                    f"{label(soort)} {uuid_uit(url)} is bij de bron gewijzigd; "
                    "de standaard laat dat niet toe, in iwerk blijft het zoals het was"
                )
            continue
        try:
            with transaction.atomic():
                _schrijf_deel(k, soort, item, collectie_url, bijwerken)
        except Geweigerd as weigering:
            tekst = f"{label(soort)} {uuid_uit(url)}: {weigering.reden}"
            if streng:
                raise Geweigerd(weigering.status, weigering.code, tekst) from weigering
            regels.append(
                Regel(
                    soort,
                    url,
                    OVERGESLAGEN,
                    uuid=vorige.uuid if vorige is not None else None,  # still in iwerk, as it was
                    reden=tekst,
                    gegevens={"ouder": ouder_url},
                )
            )
            waarschuwingen.append(f"niet overgenomen: {tekst}")
            continue
        regels.append(
            Regel(soort, url, GEKOPIEERD, uuid=uuid_uit(url), hash=h, gegevens={"ouder": ouder_url})
        )
    return regels, waarschuwingen


def _schrijf_deel(
    k: Kopieerder, soort: str, item: dict, collectie_url: str | None, bijwerken: str
) -> None:
    url = item["url"]
    if k.in_iwerk(url):
        if bijwerken == "put":
            k.schrijver.put(k.iwerk_url(url), body(k, item))
            return
        _verwijder(k, url)
    antwoord = k.schrijver.post(collectie_url or k.iwerk_collectie(soort), body(k, item))
    controleer_uuid(antwoord, uuid_uit(url), soort)


def _verwijder(k: Kopieerder, bron_url: str) -> None:
    try:
        k.schrijver.delete(k.iwerk_url(bron_url))
    except Geweigerd as weigering:
        if weigering.status != 404:  # gone already: what we wanted
            raise
