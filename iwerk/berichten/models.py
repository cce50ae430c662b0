"""Berichten: what a citizen or company is told about their zaak, on which channel (ADR 0053).

`Sjabloon`: per gemeente (and optionally per zaaktype) which zaak events notify on which
channel, with which text; `SjabloonVersie`: every text it had, for beheer's history (ADR 0061).
`Bericht`: one message to one initiator on one channel about one
event, written in the transaction of the event and delivered by the worker (an outbox, as the
Notificaties' Levering). `TestBericht`: what the embedded test provider "sent" (demo, tests).

No foreign keys to the registers: a Bericht names its zaak and partij by uuid, so deleting a
zaak (or a partij through the Klantinteracties API) never has to visit this table.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from iwerk.core.models import TenantModel


class Gebeurtenis(models.TextChoices):
    zaak_geregistreerd = "zaak_geregistreerd", "Zaak geregistreerd"
    status_gewijzigd = "status_gewijzigd", "Status gewijzigd"
    besluit_genomen = "besluit_genomen", "Besluit genomen"
    zaak_gesloten = "zaak_gesloten", "Zaak afgesloten"
    # The handler wrote to the initiator in Mijn zaken (werkplek; ADR 0055): only a pointer to
    # the message is sent, never its text.
    bericht = "bericht", "Nieuw bericht van de behandelaar"


class Kanaal(models.TextChoices):
    email = "email", "E-mail"
    sms = "sms", "Sms"
    mijn_zaken = "mijn_zaken", "Bericht in Mijn zaken"


UNIEK = "berichten_sjabloon_uniek"


class Sjabloon(TenantModel):
    """The text of one event on one channel, for a gemeente's zaaktype (or every zaaktype of
    the gemeente when zaaktype_identificatie is blank). Without one, the built-in Dutch text
    applies (services/sjablonen.py); `actief` off silences that event on that channel."""

    zaaktype_identificatie = models.CharField(
        "zaaktype-identificatie",
        max_length=50,
        blank=True,
        help_text="Leeg: geldt voor elk zaaktype van de gemeente zonder eigen sjabloon.",
    )
    gebeurtenis = models.CharField(max_length=30, choices=Gebeurtenis.choices)
    kanaal = models.CharField(max_length=20, choices=Kanaal.choices)
    actief = models.BooleanField(
        default=True, help_text="Uit: bij deze gebeurtenis geen bericht via dit kanaal."
    )
    onderwerp = models.CharField(
        max_length=200,
        blank=True,
        help_text="Onderwerpregel van de e-mail en het bericht in Mijn zaken (niet bij sms).",
    )
    tekst = models.TextField(
        help_text="Samenvoegvelden tussen accolades, bijvoorbeeld {zaak.identificatie}; "
        "een accolade zelf schrijft u als {{ of }}."
    )

    class Meta:
        verbose_name = "berichtsjabloon"
        verbose_name_plural = "berichtsjablonen"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "zaaktype_identificatie", "gebeurtenis", "kanaal"],
                name=UNIEK,
            )
        ]

    def __str__(self) -> str:
        wat = self.zaaktype_identificatie or "elk zaaktype"
        return f"{self.get_gebeurtenis_display()} via {self.get_kanaal_display()} ({wat})"

    def clean(self) -> None:
        # The service's rules (merge fields, lengths, onderwerp, zaaktype), so beheer's form
        # shows them at the fields: a typo would otherwise reach citizens.
        from iwerk.berichten.services.beheer import controleer

        controleer(self)

    def get_constraints(self) -> list[tuple[type[models.Model], list[Any]]]:
        # Model validation leaves out "one per gemeente, zaaktype, event and channel":
        # services.beheer.controleer_dubbel says it in Dutch, Django's message names columns.
        return [
            (model, [c for c in lijst if c.name != UNIEK])
            for model, lijst in super().get_constraints()
        ]


class SjabloonVersie(models.Model):
    """One state of a sjabloon's text as beheer saved it (ADR 0061): a change of onderwerp,
    tekst or actief adds a version, an old one never changes. History and audit only: a Bericht
    keeps the text it was rendered with, and sending reads the Sjabloon itself."""

    sjabloon = models.ForeignKey(Sjabloon, on_delete=models.CASCADE, related_name="versies")
    versie = models.PositiveIntegerField()
    actief = models.BooleanField()
    onderwerp = models.CharField(max_length=200, blank=True)
    tekst = models.TextField()
    aangemaakt_op = models.DateTimeField("datum", default=timezone.now)
    aangemaakt_door = models.CharField("door", max_length=150, blank=True)

    class Meta:
        verbose_name = "berichtsjabloonversie"
        verbose_name_plural = "berichtsjabloonversies"
        ordering = ["sjabloon", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["sjabloon", "versie"], name="berichten_sjabloonversie_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sjabloon} v{self.versie}"


class Bericht(TenantModel):
    """One message to the initiator of a zaak about one event on one channel.

    `sleutel` (event and channel) is unique: an event heard twice stores one message. The
    worker claims it (`geclaimd_tot`), marks it `in_verzending` just before sending it, and
    records the outcome with the klantcontact in one transaction; `in_verzending` still set on a
    later claim means a worker died mid-send, and the provider is asked by `uuid` (the
    reference) before any resend.
    """

    class Status(models.TextChoices):
        wachtend = "wachtend", "Wachtend"
        verzonden = "verzonden", "Verzonden"
        geparkeerd = "geparkeerd", "Geparkeerd"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sleutel = models.CharField(max_length=100, unique=True)
    gebeurtenis = models.CharField(max_length=30, choices=Gebeurtenis.choices)
    kanaal = models.CharField(max_length=20, choices=Kanaal.choices)
    zaak_uuid = models.UUIDField()
    zaak_identificatie = models.CharField(max_length=40)
    vertrouwelijkheid_rang = models.PositiveSmallIntegerField(default=0)
    # Who it is for: the initiator's number (bsn, kvk_nummer, vestigingsnummer or rsin), which
    # Mijn zaken filters on, and the partij of the Klantinteracties register when there is one.
    identificatie_soort = models.CharField(max_length=20)
    identificatie = models.CharField(max_length=20)
    partij_uuid = models.UUIDField(null=True, blank=True)
    adres = models.CharField(max_length=80, blank=True)
    onderwerp = models.CharField(max_length=200, blank=True)
    tekst = models.TextField()
    aangemaakt = models.DateTimeField(auto_now_add=True)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.wachtend)
    pogingen = models.PositiveIntegerField(default=0)
    volgende_poging = models.DateTimeField()
    geclaimd_tot = models.DateTimeField(null=True, blank=True)
    geclaimd_door = models.CharField(max_length=100, blank=True)
    in_verzending = models.BooleanField(default=False)
    laatste_fout = models.CharField(max_length=500, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    provider_referentie = models.CharField(max_length=100, blank=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)
    klantcontact_uuid = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        indexes = [
            models.Index(fields=["status", "volgende_poging"], name="berichten_te_versturen"),
            models.Index(
                fields=["tenant", "identificatie_soort", "identificatie", "kanaal"],
                name="berichten_mijn_zaken",
            ),
            models.Index(fields=["zaak_uuid"], name="berichten_zaak"),
        ]

    def __str__(self) -> str:
        wat = f"{self.get_gebeurtenis_display()} via {self.get_kanaal_display()}"
        return f"{wat}: {self.zaak_identificatie}"


class TestBericht(models.Model):
    """A message the embedded test provider accepted (demo and tests; read-only in beheer)."""

    __test__ = False  # not a pytest class

    referentie = models.CharField(max_length=100, unique=True)
    kanaal = models.CharField(max_length=20, choices=Kanaal.choices)
    aan = models.CharField(max_length=80)
    onderwerp = models.CharField(max_length=200, blank=True)
    tekst = models.TextField()
    verzonden_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "verzonden testbericht"
        verbose_name_plural = "verzonden testberichten"

    def __str__(self) -> str:
        return f"{self.get_kanaal_display()} aan {self.aan}"
