"""Connections to the basisregistraties (BRP, BAG, Handelsregister) per gemeente, and the purpose
(doelbinding) each zaaktype has for looking people and companies up in them (ADR 0049)."""

from __future__ import annotations

from django.db import models

from iwerk.core.models import Gemeente


class Register(models.TextChoices):
    brp = "brp", "BRP (Haal Centraal BRP Personen bevragen)"
    bag = "bag", "BAG (Individuele Bevragingen)"
    kvk = "kvk", "Handelsregister (KvK)"


class Registerkoppeling(models.Model):
    """How one gemeente reaches one register: its supplier's URL, credentials and timeouts.

    Without a koppeling the installation's default for that register applies
    (IWERK_BRP_URL, IWERK_BAG_URL, IWERK_KVK_URL and their settings). Secrets are not kept in
    the database: `api_sleutel_variabele` names the environment variable that holds the key.
    """

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    register = models.CharField(max_length=3, choices=Register.choices)
    url = models.URLField(
        "basis-URL",
        max_length=500,
        help_text="Bijvoorbeeld https://brp.example.nl/haalcentraal/api/brp (zonder /personen).",
    )
    api_sleutel_variabele = models.CharField(
        "omgevingsvariabele met de API-sleutel",
        max_length=100,
        blank=True,
        help_text="Naam van de omgevingsvariabele op de server, bijvoorbeeld IWERK_BRP_SLEUTEL_RAALTE.",
    )
    certificaat = models.CharField(
        "clientcertificaat (pad)",
        max_length=500,
        blank=True,
        help_text="PEM-bestand voor PKIoverheid-mTLS.",
    )
    certificaat_sleutel = models.CharField(
        "sleutel van het certificaat (pad)", max_length=500, blank=True
    )
    ca_bundel = models.CharField("CA-bundel (pad)", max_length=500, blank=True)
    oin = models.CharField(
        "OIN van de afnemer", max_length=20, blank=True, help_text="Meegestuurd als x-origin-oin."
    )
    timeout_verbinden = models.FloatField("time-out verbinden (s)", default=3.0)
    timeout_lezen = models.FloatField("time-out lezen (s)", default=10.0)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "registerkoppeling"
        verbose_name_plural = "registerkoppelingen"
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "register"], name="unique_registerkoppeling"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_register_display()} — {self.gemeente}"


class Bereik(models.TextChoices):
    eigen_gemeente = "eigen_gemeente", "Alleen inwoners van de gemeente van de zaak"
    nederland = "nederland", "Iedere ingeschrevene in de BRP"


# The contact centre's purpose (ADR 0054): a Doelbinding with this key instead of a zaaktype's
# identificatie lets the KCC find a caller in the BRP or the Handelsregister before any zaak exists.
KCC_DOEL = "KCC"


class Doelbinding(models.Model):
    """What a zaaktype (all its versions, by identificatie) may look up in one register, and why.

    `velden` holds the names of field groups (basisregistraties.velden); a lookup requests only
    those. `doelbinding` and `verwerking` travel with every BRP request for protocollering.
    """

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="+")
    zaaktype_identificatie = models.CharField("zaaktype-identificatie", max_length=50)
    register = models.CharField(max_length=3, choices=Register.choices)
    velden = models.JSONField(default=list)
    doelbinding = models.CharField(
        max_length=100, help_text="Bijvoorbeeld BRPACT-Wmo of de code die de BRP-leverancier gaf."
    )
    verwerking = models.CharField(
        max_length=100,
        help_text="De verwerkingsactiviteit, bijvoorbeeld 'Wmo-aanvraag behandelen'.",
    )
    bereik = models.CharField(max_length=20, choices=Bereik.choices, default=Bereik.eigen_gemeente)

    class Meta:
        verbose_name = "doelbinding"
        verbose_name_plural = "doelbindingen"
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "zaaktype_identificatie", "register"],
                name="unique_doelbinding",
            )
        ]

    def __str__(self) -> str:
        return f"{self.zaaktype_identificatie}: {self.get_register_display()} ({self.gemeente})"
