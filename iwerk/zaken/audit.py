"""How the Zaken register pictures its objects in the audit trail (host-less API representations)."""

from __future__ import annotations

from datetime import UTC

from iwerk.core import audit
from iwerk.core.api.actor import Actor
from iwerk.core.api.references import ApiUrls
from iwerk.zaken import selectors
from iwerk.zaken.api import output as out
from iwerk.zaken.models import (
    KlantContact,
    Resultaat,
    Rol,
    Status,
    Zaak,
    ZaakBesluit,
    ZaakContactMoment,
    ZaakEigenschap,
    ZaakInformatieObject,
    ZaakNotitie,
    ZaakObject,
    ZaakVerzoek,
)

# Snapshots see everything: what a reader may see is decided when the trail is read.
_ALL = Actor(
    client_id="audit", applicatie_uuid=None, applicatie_label="audit", heeft_alle_autorisaties=True
)
_HOSTLESS = ApiUrls("")


def _zaak(zaak: Zaak) -> dict:
    # Services pass the instance they just saved: its own fields are current, no need to re-read it.
    return out.zaak_json(
        zaak, out.ZakenContext(_HOSTLESS, relations=selectors.zaak_relations([zaak.pk]))
    )


def new_zaak(zaak: Zaak) -> dict:
    """The snapshot of a zaak inserted in this very transaction: nothing can point at it yet (no
    rollen, statussen, deelzaken, documenten), so the relations query is left out."""
    return out.zaak_json(zaak, out.ZakenContext(_HOSTLESS))


def new_status(status: Status, *, laatst: bool) -> dict:
    """The snapshot of a status inserted in this very transaction, from the values in hand: no
    zaakinformatieobject can point at it yet, and set_status knows whether it is the zaak's most
    recent (laatst: indicatieLaatstGezetteStatus). datumStatusGezet in UTC, as read back."""
    data = out.status_json(
        status,
        out.ZakenContext(_HOSTLESS, latest_status_ids={status.pk} if laatst else set()),
    )
    data["datumStatusGezet"] = status.datum_status_gezet.astimezone(UTC).isoformat()
    return data


def _status(status: Status) -> dict:
    row = selectors.statussen(_ALL).get(pk=status.pk)
    return out.status_json(
        row,
        out.ZakenContext(
            _HOSTLESS,
            latest_status_ids=selectors.latest_status_ids([row.zaak_id]),
            status_zios=selectors.zios_per_status([row.pk]),
        ),
    )


def _resultaat(resultaat: Resultaat) -> dict:
    return out.resultaat_json(
        selectors.resultaten(_ALL).get(pk=resultaat.pk), out.ZakenContext(_HOSTLESS)
    )


def _rol(rol: Rol) -> dict:
    return out.rol_json(selectors.rollen(_ALL).get(pk=rol.pk), out.ZakenContext(_HOSTLESS))


def _zaakeigenschap(obj: ZaakEigenschap) -> dict:
    row = ZaakEigenschap.objects.select_related("zaak", "eigenschap").get(pk=obj.pk)
    return out.zaakeigenschap_json(row, out.ZakenContext(_HOSTLESS))


def _simple(model, render):
    def snapshot(obj) -> dict:
        return render(
            model.objects.select_related("zaak").get(pk=obj.pk), out.ZakenContext(_HOSTLESS)
        )

    return snapshot


def _zaakobject(obj: ZaakObject) -> dict:
    row = ZaakObject.objects.select_related("zaak", "zaakobjecttype").get(pk=obj.pk)
    return out.zaakobject_json(row, out.ZakenContext(_HOSTLESS))


def _notitie(obj: ZaakNotitie) -> dict:
    return out.notitie_json(
        ZaakNotitie.objects.select_related("gerelateerd_aan").get(pk=obj.pk),
        out.ZakenContext(_HOSTLESS),
    )


def _kenmerken(zaak: Zaak) -> dict:
    """The zaken kanaal's kenmerken (Zaken 1.7.0 info "Notificaties"), host-less URLs."""
    zaaktype = getattr(zaak, "zaaktype_uuid", None) or zaak.zaaktype.uuid
    return {
        "bronorganisatie": zaak.bronorganisatie,
        "zaaktype": f"/catalogi/api/v1/zaaktypen/{zaaktype}",
        "vertrouwelijkheidaanduiding": zaak.vertrouwelijkheidaanduiding,
    }


def register() -> None:
    audit.register(
        Zaak,
        bron="zrc",
        resource="zaak",
        render=_zaak,
        generation="zaken",
        kenmerken=_kenmerken,
        lezers=lambda z: (
            "zrc",
            z.zaaktype_id,
            z.zaaktype.catalogus_id,
            z.vertrouwelijkheidaanduiding,
        ),
    )
    audit.register(Status, bron="zrc", resource="status", render=_status)
    audit.register(Resultaat, bron="zrc", resource="resultaat", render=_resultaat)
    audit.register(Rol, bron="zrc", resource="rol", render=_rol)
    audit.register(ZaakEigenschap, bron="zrc", resource="zaakeigenschap", render=_zaakeigenschap)
    audit.register(
        KlantContact,
        bron="zrc",
        resource="klantcontact",
        render=_simple(KlantContact, out.klantcontact_json),
    )
    audit.register(
        ZaakContactMoment,
        bron="zrc",
        resource="zaakcontactmoment",
        render=_simple(ZaakContactMoment, out.zaakcontactmoment_json),
    )
    audit.register(
        ZaakVerzoek,
        bron="zrc",
        resource="zaakverzoek",
        render=_simple(ZaakVerzoek, out.zaakverzoek_json),
    )
    audit.register(ZaakObject, bron="zrc", resource="zaakobject", render=_zaakobject)
    audit.register(ZaakNotitie, bron="zrc", resource="zaaknotitie", render=_notitie)
    audit.register(
        ZaakBesluit,
        bron="zrc",
        resource="zaakbesluit",
        render=_simple(ZaakBesluit, out.zaakbesluit_json),
    )
    audit.register(
        ZaakInformatieObject,
        bron="zrc",
        resource="zaakinformatieobject",
        render=lambda obj: out.zio_json(
            selectors.zaakinformatieobjecten(_ALL).get(pk=obj.pk), out.ZakenContext(_HOSTLESS)
        ),
    )
