"""The Notificaties register (NRC) and the outbox every other register writes to.

A notification is written in the same transaction as the change it announces (the outbox), with
one delivery row per matching abonnement; it exists if and only if the change committed. Delivery
happens later, by a worker, with every attempt recorded.
"""

from __future__ import annotations

import uuid

from django.db import models


class Kanaal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=50, unique=True)
    documentatie_link = models.URLField(max_length=200, blank=True)
    filters = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "kanaal"
        verbose_name_plural = "kanalen"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Abonnement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    callback_url = models.URLField("callback-URL", max_length=1000)
    # The Authorization header value the subscriber asked for; sent with every delivery.
    auth = models.TextField()
    client_id = models.CharField("client-ID", max_length=255, blank=True)

    class Meta:
        verbose_name = "abonnement"
        verbose_name_plural = "abonnementen"

    def __str__(self) -> str:
        return self.callback_url


class AbonnementKanaal(models.Model):
    """A filter group: the kanaal an abonnement listens to and the kenmerken it must have."""

    abonnement = models.ForeignKey(Abonnement, on_delete=models.CASCADE, related_name="kanalen")
    kanaal = models.ForeignKey(Kanaal, on_delete=models.PROTECT, related_name="+")
    filters = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "filtergroep"
        verbose_name_plural = "filtergroepen"
        indexes = [models.Index(fields=["kanaal"])]

    def __str__(self) -> str:
        return f"{self.kanaal_id}: {self.filters}"

    def matches(self, kenmerken: dict) -> bool:
        return filters_match(self.filters, kenmerken)


def filters_match(filters: dict, kenmerken: dict) -> bool:
    """Every filter key present in the message equals the filter value, or the filter is "*"."""
    return all(
        value == "*" or key not in kenmerken or str(kenmerken[key]) == str(value)
        for key, value in filters.items()
    )


class Notificatie(models.Model):
    """One message, as the standard shapes it; URLs of iwerk's own objects kept host-less."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kanaal = models.CharField(max_length=50, db_index=True)
    hoofd_object = models.CharField(max_length=1000)
    resource = models.CharField(max_length=100)
    resource_url = models.CharField(max_length=1000)
    actie = models.CharField(max_length=100)
    aanmaakdatum = models.DateTimeField(db_index=True)
    kenmerken = models.JSONField(default=dict, blank=True)
    # Set for messages of iwerk's own registers: which gemeente's data it announces.
    tenant_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "notificatie"
        verbose_name_plural = "notificaties"

    def __str__(self) -> str:
        return f"{self.kanaal} {self.resource} {self.actie}"


class Levering(models.Model):
    """The delivery of one notificatie to one abonnement (or to the forwarding target)."""

    class Status(models.TextChoices):
        wachtend = "wachtend", "Wacht op aflevering"
        afgeleverd = "afgeleverd", "Afgeleverd"
        geparkeerd = "geparkeerd", "Geparkeerd (dead letter)"

    notificatie = models.ForeignKey(
        Notificatie, on_delete=models.CASCADE, related_name="leveringen"
    )
    abonnement = models.ForeignKey(
        Abonnement, null=True, blank=True, on_delete=models.CASCADE, related_name="leveringen"
    )
    # Who receives it ("abonnement:<pk>" or "doorsturen"); deliveries to one receiver are
    # ordered per hoofdObject.
    ontvanger = models.CharField(max_length=40, default="")
    hoofd_object = models.CharField(max_length=1000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.wachtend)
    pogingen = models.PositiveIntegerField(default=0)
    volgende_poging = models.DateTimeField(db_index=True)
    laatste_fout = models.TextField(blank=True)
    afgeleverd_op = models.DateTimeField(null=True, blank=True)
    # A worker that claims a delivery holds it until then; a worker that dies lets it expire,
    # and another worker delivers it (at least once).
    geclaimd_tot = models.DateTimeField(null=True, blank=True)
    geclaimd_door = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "levering"
        verbose_name_plural = "leveringen"
        indexes = [
            models.Index(fields=["status", "volgende_poging"], name="levering_due_idx"),
            models.Index(fields=["ontvanger", "hoofd_object", "id"], name="levering_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.notificatie_id} → {self.abonnement_id}: {self.status}"


class Poging(models.Model):
    """One delivery attempt: when, the HTTP status (if any), how long it took, what went wrong."""

    levering = models.ForeignKey(Levering, on_delete=models.CASCADE, related_name="historie")
    tijdstip = models.DateTimeField()
    statuscode = models.PositiveSmallIntegerField(null=True, blank=True)
    duur_ms = models.PositiveIntegerField()
    fout = models.TextField(blank=True)

    class Meta:
        verbose_name = "poging"
        verbose_name_plural = "pogingen"
        ordering = ["tijdstip"]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M:%S} {self.statuscode or self.fout[:40]}"
