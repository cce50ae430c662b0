"""Status updates by mail to whoever sent a request or melding through the portaal."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from iwerk.portaal import mail
from iwerk.portaal.models import Concept
from iwerk.zaken.models import Status


@receiver(post_save, sender=Status, dispatch_uid="portaal-status-mail")
def status_gezet(sender, instance: Status, created: bool, **kwargs) -> None:
    if not created:
        return
    # One indexed lookup per new status; the first status of a request is set before its draft
    # points at the zaak, so the citizen gets the confirmation for that one, not an update.
    concept = (
        Concept.objects.filter(zaak_id=instance.zaak_id, status=Concept.Status.ingediend)
        .exclude(emailadres="")
        .select_related("product", "tenant", "zaak")
        .first()
    )
    if concept is None:
        return
    omschrijving = instance.statustype.omschrijving
    toelichting = instance.statustoelichting
    transaction.on_commit(lambda: mail.status_gewijzigd(concept, omschrijving, toelichting))
