"""The zaak page's part for letters from templates (ADR 0058): the zaak's letters and, for who
handles an open zaak, the templates to make one from; and the message templates for the message
to the aanvrager (ADR 0062), from the same query."""

from __future__ import annotations

from django.http import HttpRequest

from iwerk.documenten import selectors as documenten_selectors
from iwerk.sjablonen.selectors.sjablonen import (
    brieven_en_berichten,
    brieven_van_zaak,
    sjablonen_voor_zaak,
)
from iwerk.werkplek import selectors
from iwerk.werkplek.views.common import werkplek
from iwerk.zaken.models import Zaak


def paginacontext(request: HttpRequest, zaak: Zaak) -> dict:
    """Extra context for the zaak page: three queries at most, whatever the number of letters.

    A letter is listed when the user may read its PDF (the document's vertrouwelijkheid), as the
    documents section lists documents; the templates only for who may handle the open zaak (who
    also writes to the aanvrager), split into letter and message templates.
    """
    actor = werkplek(request).actor
    kan_brieven = zaak.einddatum is None and selectors.mag_bijwerken(actor, zaak)
    brieven = brieven_van_zaak(zaak)
    zichtbaar: set = set()
    if brieven:
        uuids = [b.informatieobject_uuid for b in brieven] + [
            b.docx_uuid for b in brieven if b.docx_uuid
        ]
        zichtbaar = set(
            documenten_selectors.documenten(actor)
            .filter(uuid__in=uuids)
            .values_list("uuid", flat=True)
        )
    brief_sjablonen, bericht_sjablonen = brieven_en_berichten(
        sjablonen_voor_zaak(zaak) if kan_brieven else []
    )
    return {
        "brieven": [
            {"brief": b, "docx": b.docx_uuid in zichtbaar}
            for b in brieven
            if b.informatieobject_uuid in zichtbaar
        ],
        "brief_sjablonen": brief_sjablonen,
        "bericht_sjablonen": bericht_sjablonen,
        "kan_brieven": kan_brieven,
    }
