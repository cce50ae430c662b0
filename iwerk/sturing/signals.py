"""Queue every change that moves a zaak's figures, inside the transaction that makes it.

A committed change is therefore always picked up by the refresh job, and a rolled-back one never
is; no change is lost between the write and the figures (ADR 0021).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from iwerk.sturing.models import Bijwerking
from iwerk.zaken.models import KlantContact, Resultaat, Rol, Zaak


def _queue(zaak_id: int | None) -> None:
    if zaak_id:
        Bijwerking.objects.create(zaak_id=zaak_id)


@receiver(post_save, sender=Zaak)
@receiver(post_delete, sender=Zaak)
def _zaak_changed(sender, instance, **kwargs):
    _queue(instance.pk)


@receiver(post_save, sender=Resultaat)
@receiver(post_delete, sender=Resultaat)
@receiver(post_save, sender=KlantContact)
@receiver(post_delete, sender=KlantContact)
@receiver(post_save, sender=Rol)
@receiver(post_delete, sender=Rol)
def _part_changed(sender, instance, **kwargs):
    _queue(instance.zaak_id)
