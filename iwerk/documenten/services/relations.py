"""ObjectInformatieObjecten: the Documenten side of zaak- and besluit-document relations.

The Zaken and Besluiten registers call link/unlink inside the transaction that writes their
own relation (ZIO, BIO), so both sides always exist together (zrc-005, brc-004, drc-002 …
drc-004). They also register a `source` per objectType, which answers whether a relation
exists at the source: the DRC's own checks on POST and DELETE of objectinformatieobjecten.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.documenten.models import EnkelvoudigInformatieObject, ObjectInformatieObject
from iwerk.documenten.services.documents import require

# objectType -> (object path, document pk) -> does the source register hold this relation?
_SOURCES: dict[str, Callable[[str, int], bool]] = {}


def register_source(object_type: str, exists: Callable[[str, int], bool]) -> None:
    _SOURCES[object_type] = exists


def is_local(object_type: str) -> bool:
    return object_type in _SOURCES


def link(
    *, document: EnkelvoudigInformatieObject, object_type: str, object_path: str
) -> ObjectInformatieObject:
    """Create the mirror of a relation the source register just wrote (same transaction)."""
    return ObjectInformatieObject.objects.create(
        tenant_id=document.tenant_id,
        informatieobject=document,
        object_type=object_type,
        object=object_path,
    )


def unlink(*, document_id: int, object_path: str) -> None:
    ObjectInformatieObject.objects.filter(
        informatieobject_id=document_id, object=object_path
    ).delete()


def unlink_objects(object_paths: list[str]) -> None:
    """A zaak or besluit was deleted: its documents no longer belong to it (zrc-023, brc-009)."""
    ObjectInformatieObject.objects.filter(object__in=object_paths).delete()


def _fail(code: str, reason: str, name: str = "nonFieldErrors") -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


@transaction.atomic
def register_external(
    *, actor: Actor, document: EnkelvoudigInformatieObject, object_type: str, object_url: str
) -> ObjectInformatieObject:
    """POST /objectinformatieobjecten by another installation's Zaken or Besluiten API.

    For iwerk's own zaken and besluiten the relation is mirrored when it is made, so a
    client's POST is either a duplicate (400 unique) or has no source (400
    inconsistent-relation), as drc-002 … drc-004 prescribe.
    """
    require(
        actor,
        "documenten.aanmaken",
        document.informatieobjecttype,
        document.vertrouwelijkheidaanduiding,
    )
    if ObjectInformatieObject.objects.filter(informatieobject=document, object=object_url).exists():
        raise _fail("unique", "Dit informatieobject is al aan dit object gekoppeld.")
    if is_local(object_type):
        raise _fail(
            "inconsistent-relation",
            f"Er bestaat geen relatie tussen dit {object_type} en dit informatieobject; "
            f"koppel het document via de {object_type}-API.",
        )
    return link(document=document, object_type=object_type, object_path=object_url)


@transaction.atomic
def delete_external(*, actor: Actor, oio: ObjectInformatieObject) -> None:
    document = oio.informatieobject
    require(
        actor,
        "documenten.verwijderen",
        document.informatieobjecttype,
        document.vertrouwelijkheidaanduiding,
    )
    source = _SOURCES.get(oio.object_type)
    if source is not None and source(oio.object, oio.informatieobject_id):
        raise _fail(
            "inconsistent-relation",
            "De relatie bestaat nog in het bronregister; verwijder die daar, dan verdwijnt deze mee.",
        )
    oio.delete()
