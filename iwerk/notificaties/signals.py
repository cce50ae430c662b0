"""Catalogi and Autorisaties changes into the outbox (kanalen zaaktypen, informatieobjecttypen,
besluittypen and autorisaties, G3).

These registers keep no audit trail, so their types are announced from the model signals, which
fire inside the saving transaction: the notification still commits or rolls back with the change.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from iwerk.autorisaties.models import Applicatie
from iwerk.catalogi.models import BesluitType, InformatieObjectType, ZaakType
from iwerk.core import generations
from iwerk.notificaties import outbox
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal

_TYPES = {
    ZaakType: ("zaaktypen", "zaaktype"),
    InformatieObjectType: ("informatieobjecttypen", "informatieobjecttype"),
    BesluitType: ("besluittypen", "besluittype"),
}


def _actie(created: bool, kwargs: dict) -> str:
    if kwargs.get("signal") is post_delete:
        return "destroy"
    return "create" if created else "update"


def _type_changed(sender, instance, created: bool = False, **kwargs) -> None:
    kanaal, resource = _TYPES[sender]
    url = outbox.absolute(f"/catalogi/api/v1/{kanaal}/{instance.uuid}")
    outbox.publish(
        kanaal=kanaal,
        hoofd_object=url,
        resource=resource,
        resource_url=url,
        actie=_actie(created, kwargs),
        kenmerken={
            "catalogus": outbox.absolute(f"/catalogi/api/v1/catalogussen/{instance.catalogus.uuid}")
        },
        tenant_id=instance.tenant_id,
    )


def _applicatie_changed(sender, instance, created: bool = False, **kwargs) -> None:
    url = outbox.absolute(f"/autorisaties/api/v1/applicaties/{instance.uuid}")
    outbox.publish(
        kanaal="autorisaties",
        hoofd_object=url,
        resource="applicatie",
        resource_url=url,
        actie=_actie(created, kwargs),
        kenmerken={},
    )


def _abonnementen_changed(sender, **kwargs) -> None:
    """Cached filter groups (outbox.filtergroepen) are keyed on this generation."""
    generations.bump(outbox.ABONNEMENTEN)


def connect() -> None:
    for model in (Abonnement, AbonnementKanaal, Kanaal):
        for signal in (post_save, post_delete):
            signal.connect(
                _abonnementen_changed, sender=model, dispatch_uid=f"abonnementen-{model.__name__}"
            )
    for model in _TYPES:
        post_save.connect(_type_changed, sender=model, dispatch_uid=f"nrc-save-{model.__name__}")
        post_delete.connect(
            _type_changed, sender=model, dispatch_uid=f"nrc-delete-{model.__name__}"
        )
    post_save.connect(_applicatie_changed, sender=Applicatie, dispatch_uid="nrc-save-applicatie")
    post_delete.connect(
        _applicatie_changed, sender=Applicatie, dispatch_uid="nrc-delete-applicatie"
    )
