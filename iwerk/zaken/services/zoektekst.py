"""The search text of a zaak (ZaakZoektekst), kept current within the transaction of every change.

`on_change` hears every recorded change of the audit trail (wired in iwerk/verbindingen.py) and
rewrites the text of the zaak it concerns: identificatie, omschrijving, toelichting, the names and
addresses of its betrokkenen and the addresses of its zaakobjecten. selectors.zoeken searches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from iwerk.core import audit, fastsql
from iwerk.zaken.models import Rol, Zaak, ZaakObject, ZaakZoektekst

_ZAAK_UUID = re.compile(r"^/zaken/api/v1/zaken/([0-9a-f-]{36})$")
# The resources whose changes change the text (tekst_for): the zaak, its rollen, its zaakobjecten.
_INDEXED = frozenset({"zaak", "rol", "zaakobject"})


def _rol_words(ident: dict | None) -> list[str]:
    ident = ident or {}
    words = [
        ident.get(key, "")
        for key in (
            "geslachtsnaam",
            "voorvoegselGeslachtsnaam",
            "voornamen",
            "achternaam",
            "statutaireNaam",
            "handelsnaam",
            "naam",
        )
    ]
    if isinstance(ident.get("handelsnaam"), list):
        words = [w for w in words if not isinstance(w, list)] + ident["handelsnaam"]
    adres = ident.get("verblijfsadres") or ident.get("vestigingsadres") or {}
    words += _adres_words(adres)
    return [str(w) for w in words if w]


def _adres_words(adres: dict) -> list[str]:
    keys = (
        "gorOpenbareRuimteNaam",
        "aoaHuisnummer",
        "aoaHuisletter",
        "aoaPostcode",
        "wplWoonplaatsNaam",
        "huisnummer",
        "postcode",
        "woonplaatsNaam",
        "inpLocatiebeschrijving",
    )
    return [str(adres[k]) for k in keys if adres.get(k)]


def tekst_for(zaak: Zaak, rollen: Iterable[Rol], objecten: Iterable[ZaakObject]) -> str:
    words = [zaak.identificatie, zaak.omschrijving, zaak.toelichting]
    for rol in rollen:
        if rol.betrokkene_type != "medewerker":
            words += _rol_words(rol.betrokkene_identificatie)
            words.append(rol.afwijkende_naam_betrokkene)
    for obj in objecten:
        words += _adres_words(obj.object_identificatie or {})
    return " ".join(w for w in words if w)


def reindex(zaak_ids: Iterable[int], *, gone: str = "") -> None:
    """Rewrite the zoektekst of these zaken (three queries plus the writes); gone is the uuid of a
    rol or zaakobject being deleted in this change (audited before its row goes)."""
    ids = list(zaak_ids)
    if not ids:
        return
    zaken = Zaak.objects.filter(pk__in=ids).only(
        "pk", "identificatie", "omschrijving", "toelichting"
    )
    rol_rows = Rol.objects.filter(zaak_id__in=ids).only(
        "zaak_id", "betrokkene_type", "betrokkene_identificatie", "afwijkende_naam_betrokkene"
    )
    object_rows = ZaakObject.objects.filter(zaak_id__in=ids).only("zaak_id", "object_identificatie")
    if gone:
        rol_rows, object_rows = rol_rows.exclude(uuid=gone), object_rows.exclude(uuid=gone)
    rollen: dict[int, list[Rol]] = {}
    for rol in rol_rows:
        rollen.setdefault(rol.zaak_id, []).append(rol)
    objecten: dict[int, list[ZaakObject]] = {}
    for obj in object_rows:
        objecten.setdefault(obj.zaak_id, []).append(obj)
    rows = [
        ZaakZoektekst(zaak=z, tekst=tekst_for(z, rollen.get(z.pk, []), objecten.get(z.pk, [])))
        for z in zaken
    ]
    # Delete-then-insert keeps the SQLite FTS triggers simple and works on every database.
    ZaakZoektekst.objects.filter(zaak_id__in=ids).delete()
    ZaakZoektekst.objects.bulk_create(rows, batch_size=1000)


def on_change(change: audit.Change) -> None:
    """Keep the search text of a zaak current with every recorded change (iwerk/verbindingen.py)."""
    if change.kanaal != "zaken" or change.actie == "destroy" and change.resource == "zaak":
        return
    if change.resource not in _INDEXED:
        return  # a status, resultaat, eigenschap, document link …: nothing the text holds
    if change.actie == "create" and change.resource == "zaak" and isinstance(change.hoofd, Zaak):
        # A zaak inserted in this transaction has no zoektekst, rollen or zaakobjecten yet: its
        # text is in hand (one insert instead of three reads, a delete and an insert).
        _insert(change.hoofd, tekst_for(change.hoofd, [], []))
        return
    # A deleted rol or zaakobject is audited before its row goes: its words must go with it.
    gone = change.resource_url.rsplit("/", 1)[-1] if change.actie == "destroy" else ""
    if isinstance(change.hoofd, Zaak):
        reindex([change.hoofd.pk], gone=gone)
        return
    match = _ZAAK_UUID.match(change.hoofd_object)
    if match:
        ids = list(Zaak.objects.filter(uuid=match.group(1)).values_list("pk", flat=True))
        reindex(ids, gone=gone)


def _insert(zaak: Zaak, tekst: str) -> None:
    """ZaakZoektekst.objects.create(zaak_id=zaak.pk, tekst=tekst), its statement written once
    (core.fastsql): the row has no defaults, no signals and no save() of its own."""
    fastsql.insert(ZaakZoektekst(zaak_id=zaak.pk, tekst=tekst))
