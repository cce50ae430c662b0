"""Finding zaken by what a case handler knows: a number, a name, an address, a BSN or KvK.

Exact identifiers (zaak identificatie, BSN, KvK-nummer) use their own indexes. Everything
else goes through ZaakZoektekst, a full-text index kept current within the transaction of
every change (an audit listener). The caller's visibility filter is applied to the same query,
so a search never returns a zaak the caller may not see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from iwerk.core import audit
from iwerk.zaken.models import Rol, Zaak, ZaakObject, ZaakZoektekst

_WORD = re.compile(r"\w+", re.UNICODE)
_ZAAK_UUID = re.compile(r"^/zaken/api/v1/zaken/([0-9a-f-]{36})$")
MAX_TERMS = 8


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


def reindex(zaak_ids: Iterable[int]) -> None:
    """Rewrite the zoektekst of these zaken (three queries plus the writes)."""
    ids = list(zaak_ids)
    if not ids:
        return
    zaken = Zaak.objects.filter(pk__in=ids).only(
        "pk", "identificatie", "omschrijving", "toelichting"
    )
    rollen: dict[int, list[Rol]] = {}
    for rol in Rol.objects.filter(zaak_id__in=ids).only(
        "zaak_id", "betrokkene_type", "betrokkene_identificatie", "afwijkende_naam_betrokkene"
    ):
        rollen.setdefault(rol.zaak_id, []).append(rol)
    objecten: dict[int, list[ZaakObject]] = {}
    for obj in ZaakObject.objects.filter(zaak_id__in=ids).only("zaak_id", "object_identificatie"):
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
    if change.actie == "create" and change.resource == "zaak" and isinstance(change.hoofd, Zaak):
        # A zaak inserted in this transaction has no zoektekst, rollen or zaakobjecten yet: its
        # text is in hand (one insert instead of three reads, a delete and an insert).
        ZaakZoektekst.objects.create(zaak=change.hoofd, tekst=tekst_for(change.hoofd, [], []))
        return
    if isinstance(change.hoofd, Zaak):
        reindex([change.hoofd.pk])
        return
    match = _ZAAK_UUID.match(change.hoofd_object)
    if match:
        ids = list(Zaak.objects.filter(uuid=match.group(1)).values_list("pk", flat=True))
        reindex(ids)


def terms(query: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(query)][:MAX_TERMS]


def _candidates(query: str) -> tuple[str, list]:
    """One UNION of indexed lookups giving the ids of zaken that match query.

    A nine-digit number is tried as BSN, eight digits as KvK-nummer, the whole query as zaak
    identificatie; in addition every word must occur in the zoektekst (as a prefix). Each part
    is an index lookup; the database joins the (small) result to the zaken by primary key
    instead of testing every visible zaak against the search.
    """
    parts = ["SELECT id FROM zaken_zaak WHERE identificatie = %s"]
    params: list = [query.upper()]
    if re.fullmatch(r"\d{9}", query):
        parts.append("SELECT zaak_id FROM zaken_rol WHERE bsn = %s")
        params.append(query)
    elif re.fullmatch(r"\d{8}", query):
        parts.append("SELECT zaak_id FROM zaken_rol WHERE kvk_nummer = %s")
        params.append(query)
    words = terms(query)
    if re.fullmatch(r"\d{8,9}", query):
        words = []  # a BSN or KvK-nummer is never in the zoektekst: only the exact lookup
    if words and connection.vendor == "postgresql":
        parts.append(
            "SELECT zaak_id FROM zaken_zaakzoektekst "
            "WHERE to_tsvector('simple', tekst) @@ to_tsquery('simple', %s)"
        )
        params.append(" & ".join(f"{w}:*" for w in words))
    elif words and connection.vendor == "sqlite":
        parts.append(
            "SELECT rowid FROM zaken_zaakzoektekst_fts WHERE zaken_zaakzoektekst_fts MATCH %s"
        )
        params.append(" ".join(f'"{w}"*' for w in words))
    elif words:
        # Only placeholders are joined in; the words travel as parameters.
        parts.append(
            "SELECT zaak_id FROM zaken_zaakzoektekst WHERE "  # noqa: S608
            + " AND ".join("LOWER(tekst) LIKE %s" for _ in words)
        )
        params += [f"%{w}%" for w in words]
    return " UNION ".join(parts), params


def search(visible: QuerySet[Zaak], query: str) -> QuerySet[Zaak]:
    """The zaken of visible (the caller's authorised zaken) that match query, newest first."""
    query = query.strip()
    if not query:
        return visible.none()
    sql, params = _candidates(query)
    return visible.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - fixed SQL, parameters.order_by("-startdatum", "-pk")
