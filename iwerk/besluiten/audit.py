"""How the Besluiten register pictures its objects in the audit trail (host-less API representations)."""

from __future__ import annotations

from iwerk.besluiten.api import output as out
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.core import audit
from iwerk.core.api.references import ApiUrls

_HOSTLESS = out.BesluitenContext(ApiUrls(""))


def register() -> None:
    audit.register(
        Besluit,
        bron="brc",
        resource="besluit",
        render=lambda b: out.besluit_json(
            Besluit.objects.select_related("besluittype", "zaak").get(pk=b.pk), _HOSTLESS
        ),
        generation="besluiten",
        kenmerken=lambda b: {
            "verantwoordelijkeOrganisatie": b.verantwoordelijke_organisatie,
            "besluittype": f"/catalogi/api/v1/besluittypen/{b.besluittype.uuid}",
        },
        lezers=lambda b: ("brc", b.besluittype_id, b.besluittype.catalogus_id, None),
    )
    audit.register(
        BesluitInformatieObject,
        bron="brc",
        resource="besluitinformatieobject",
        render=lambda obj: out.bio_json(obj, _HOSTLESS),
    )
