"""Finding zaken by what a case handler knows: a number, a name, an address, a BSN or KvK.

Exact identifiers (zaak identificatie, BSN, KvK-nummer) use their own indexes. Everything
else goes through ZaakZoektekst, a full-text index that services.zoektekst keeps current within
the transaction of every change. The caller's visibility filter is applied to the same query,
so a search never returns a zaak the caller may not see.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from iwerk.zaken.models import Zaak

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


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
