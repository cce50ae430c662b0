"""The value lists of the Klantinteracties API 0.9.0 (its enums), as Django choices."""

from __future__ import annotations

from django.db import models


class SoortPartij(models.TextChoices):
    persoon = "persoon", "Persoon"
    organisatie = "organisatie", "Organisatie"
    contactpersoon = "contactpersoon", "Contactpersoon"


class SoortDigitaalAdres(models.TextChoices):
    email = "email", "E-mailadres"
    telefoonnummer = "telefoonnummer", "Telefoonnummer"
    overig = "overig", "Overig"


class SoortActor(models.TextChoices):
    medewerker = "medewerker", "Medewerker"
    geautomatiseerde_actor = "geautomatiseerde_actor", "Geautomatiseerde actor"
    organisatorische_eenheid = "organisatorische_eenheid", "Organisatorische eenheid"


class Rol(models.TextChoices):
    vertegenwoordiger = "vertegenwoordiger", "Vertegenwoordiger"
    klant = "klant", "Klant"


class TaakStatus(models.TextChoices):
    te_verwerken = "te_verwerken", "Te verwerken"
    verwerkt = "verwerkt", "Verwerkt"


class CodeObjecttype(models.TextChoices):
    natuurlijk_persoon = "natuurlijk_persoon", "Natuurlijk persoon"
    niet_natuurlijk_persoon = "niet_natuurlijk_persoon", "Niet-natuurlijk persoon"
    vestiging = "vestiging", "Vestiging"


class CodeRegister(models.TextChoices):
    brp = "brp", "Basisregistratie Personen (BRP)"
    hr = "hr", "Handelsregister (HR)"


class CodeSoortObjectId(models.TextChoices):
    bsn = "bsn", "Burgerservicenummer"
    vestigingsnummer = "vestigingsnummer", "Vestigingsnummer"
    kvk_nummer = "kvk_nummer", "KvK-nummer"
    rsin = "rsin", "RSIN"


# How the werkplek's staff and teams are named as actoren (actoridentificator, ADR 0054):
# codeRegister, then (codeObjecttype, codeSoortObjectId); objectId is the username / team id.
ACTOR_REGISTER = "iwerk"
ACTOR_MEDEWERKER = ("mdw", "gebruikersnaam")
ACTOR_TEAM = ("afd", "team")
