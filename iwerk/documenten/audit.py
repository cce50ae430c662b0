"""How the Documenten register pictures its objects in the audit trail (host-less API representations)."""

from __future__ import annotations

from iwerk.core import audit
from iwerk.core.api.references import ApiUrls
from iwerk.documenten import selectors
from iwerk.documenten.api import output as out
from iwerk.documenten.models import (
    EnkelvoudigInformatieObject,
    Gebruiksrecht,
    Verzending,
)

_HOSTLESS = out.DocumentenContext(ApiUrls(""))


def _document(document: EnkelvoudigInformatieObject) -> dict:
    row = EnkelvoudigInformatieObject.objects.select_related("huidige_versie").get(pk=document.pk)
    return out.document_json(
        row, row.huidige_versie, out.DocumentenContext(ApiUrls(""), selectors.parts_of([row]))
    )


def register() -> None:
    audit.register(
        EnkelvoudigInformatieObject,
        bron="drc",
        resource="enkelvoudiginformatieobject",
        render=_document,
        generation="documenten",
        kenmerken=lambda d: {
            "bronorganisatie": d.bronorganisatie,
            "informatieobjecttype": f"/catalogi/api/v1/informatieobjecttypen/{d.informatieobjecttype.uuid}",
            "vertrouwelijkheidaanduiding": d.vertrouwelijkheidaanduiding,
        },
        lezers=lambda d: (
            "drc",
            d.informatieobjecttype_id,
            d.informatieobjecttype.catalogus_id,
            d.vertrouwelijkheidaanduiding,
        ),
    )
    audit.register(
        Gebruiksrecht,
        bron="drc",
        resource="gebruiksrechten",
        render=lambda obj: out.gebruiksrecht_json(obj, _HOSTLESS),
    )
    audit.register(
        Verzending,
        bron="drc",
        resource="verzending",
        render=lambda obj: out.verzending_json(obj, _HOSTLESS),
    )
