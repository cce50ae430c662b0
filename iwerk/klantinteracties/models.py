"""The Klantinteracties register (Klantinteracties API 0.9.0, ADR 0052): parties and their
addresses, contacts across every channel, who took part, what they were about, and the internal
tasks they led to; per gemeente (every row a TenantModel).

Field names are the API's in snake_case; groups the API nests (an address, a contactnaam, an
identificator) are flat columns with the group's name in front, so every filter the API offers
is a plain column. Who may call the API: `Toegang` (an applicatie's access to one gemeente's
register) and its `Token`s (the API's `Authorization: Token …`).
"""

from __future__ import annotations

import uuid

from django.db import models

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import Gemeente, TenantModel
from iwerk.klantinteracties.keuzes import (  # noqa: F401 - the models' names for them
    CodeObjecttype,
    CodeRegister,
    CodeSoortObjectId,
    Rol,
    SoortActor,
    SoortDigitaalAdres,
    SoortPartij,
    TaakStatus,
)

# --- access ------------------------------------------------------------------------------------


class Scope(models.TextChoices):
    """The scopes of the Klantinteracties API (the API defines none; ADR 0052)."""

    lezen = "klantinteracties.lezen", "Lezen"
    bijwerken = "klantinteracties.bijwerken", "Aanmaken, bijwerken en verwijderen"


SCOPES = [s.value for s in Scope]


class Toegang(models.Model):
    """What one applicatie may do in one gemeente's Klantinteracties register: its scopes, and
    up to which vertrouwelijkheid it sees klantcontacten (a klantcontact marked `vertrouwelijk`
    counts as "vertrouwelijk", one about a zaak as the zaak's own aanduiding when higher)."""

    applicatie = models.ForeignKey(
        "autorisaties.Applicatie", on_delete=models.CASCADE, related_name="klantinteracties"
    )
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    scopes = models.JSONField(default=list)
    max_vertrouwelijkheidaanduiding = models.CharField(
        max_length=20,
        choices=Vertrouwelijkheidaanduiding.choices,
        default=Vertrouwelijkheidaanduiding.openbaar,
    )

    class Meta:
        verbose_name = "toegang tot klantinteracties"
        verbose_name_plural = "toegangen tot klantinteracties"
        constraints = [
            models.UniqueConstraint(fields=["applicatie", "gemeente"], name="ki_toegang_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.applicatie} in {self.gemeente}"


class Token(models.Model):
    """An API key of a Toegang. Only its SHA-256 is kept; the key is shown once, when made."""

    toegang = models.ForeignKey(Toegang, on_delete=models.CASCADE, related_name="tokens")
    sleutel_hash = models.CharField(max_length=64, unique=True)
    omschrijving = models.CharField(max_length=100, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    actief = models.BooleanField(default=True)

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"

    def __str__(self) -> str:
        return self.omschrijving or f"token {self.pk}"


# --- the register --------------------------------------------------------------------------


class _Adressen(models.Model):
    """The two address groups (bezoekadres, correspondentieadres) as flat columns."""

    class Meta:
        abstract = True


def _adres(prefix: str) -> dict[str, models.Field]:
    return {
        f"{prefix}_nummeraanduiding_id": models.CharField(max_length=16, blank=True),
        f"{prefix}_straatnaam": models.CharField(max_length=255, blank=True),
        f"{prefix}_huisnummer": models.PositiveIntegerField(null=True, blank=True),
        f"{prefix}_huisnummertoevoeging": models.CharField(max_length=20, blank=True),
        f"{prefix}_postcode": models.CharField(max_length=7, blank=True),
        f"{prefix}_stad": models.CharField(max_length=255, blank=True),
        f"{prefix}_adresregel1": models.CharField(max_length=80, blank=True),
        f"{prefix}_adresregel2": models.CharField(max_length=80, blank=True),
        f"{prefix}_adresregel3": models.CharField(max_length=80, blank=True),
        f"{prefix}_land": models.CharField(max_length=2, blank=True),
    }


for _naam, _veld in {**_adres("bezoekadres"), **_adres("correspondentieadres")}.items():
    _Adressen.add_to_class(_naam, _veld)

ADRES_VELDEN = (
    "nummeraanduiding_id",
    "straatnaam",
    "huisnummer",
    "huisnummertoevoeging",
    "postcode",
    "stad",
    "adresregel1",
    "adresregel2",
    "adresregel3",
    "land",
)


class _Contactnaam(models.Model):
    contactnaam_voorletters = models.CharField(max_length=10, blank=True)
    contactnaam_voornaam = models.CharField(max_length=200, blank=True)
    contactnaam_voorvoegsel_achternaam = models.CharField(max_length=10, blank=True)
    contactnaam_achternaam = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class Partij(TenantModel, _Adressen, _Contactnaam):
    """A person, organisation or contact person the gemeente is in contact with. For a
    persoon and a contactpersoon the contactnaam holds the name; for an organisatie `naam`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.CharField(max_length=10, blank=True)
    interne_notitie = models.CharField(max_length=1000, blank=True)
    soort_partij = models.CharField(max_length=20, choices=SoortPartij.choices)
    indicatie_geheimhouding = models.BooleanField(null=True, blank=True)
    voorkeurstaal = models.CharField(max_length=3, blank=True)
    indicatie_actief = models.BooleanField(default=True)
    voorkeurs_digitaal_adres = models.ForeignKey(
        "DigitaalAdres", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voorkeurs_rekeningnummer = models.ForeignKey(
        "Rekeningnummer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # partijIdentificatie of an organisatie
    naam = models.CharField(max_length=200, blank=True)
    # partijIdentificatie of a contactpersoon
    contactpersoon_uuid = models.UUIDField(null=True, blank=True)
    werkte_voor_partij = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="contactpersonen"
    )

    class Meta:
        verbose_name = "partij"
        verbose_name_plural = "partijen"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "nummer"], condition=~models.Q(nummer=""), name="ki_partij_uniek"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "nummer"], name="ki_partij_nummer"),
            models.Index(fields=["tenant", "soort_partij"], name="ki_partij_soort"),
            models.Index(fields=["tenant", "contactnaam_achternaam"], name="ki_partij_achternaam"),
            models.Index(fields=["tenant", "naam"], name="ki_partij_naam"),
            models.Index(
                fields=["tenant", "bezoekadres_nummeraanduiding_id"], name="ki_partij_bezoek_na"
            ),
            models.Index(
                fields=["tenant", "correspondentieadres_nummeraanduiding_id"],
                name="ki_partij_corr_na",
            ),
            *(  # the KCC's search by postcode + huisnummer (selectors.kcc)
                models.Index(
                    fields=["tenant", f"{a}_postcode", f"{a}_huisnummer"], name=f"ki_{a}_pc"
                )
                for a in ("bezoekadres", "correspondentieadres")
            ),
        ]

    def __str__(self) -> str:
        return self.volledige_naam or f"partij {self.nummer}"

    @property
    def volledige_naam(self) -> str:
        if self.soort_partij == SoortPartij.organisatie:
            return self.naam
        delen = (
            self.contactnaam_voornaam or self.contactnaam_voorletters,
            self.contactnaam_voorvoegsel_achternaam,
            self.contactnaam_achternaam,
        )
        return " ".join(d for d in delen if d)


class PartijIdentificator(TenantModel):
    """A number by which a partij is known in a basisregistratie (BSN, KvK-nummer, …)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    identificeerde_partij = models.ForeignKey(
        Partij, null=True, blank=True, on_delete=models.CASCADE, related_name="identificatoren"
    )
    andere_partij_identificator = models.CharField(max_length=200, blank=True)
    code_objecttype = models.CharField(max_length=30, choices=CodeObjecttype.choices)
    code_soort_object_id = models.CharField(max_length=20, choices=CodeSoortObjectId.choices)
    object_id = models.CharField(max_length=200)
    code_register = models.CharField(max_length=10, choices=CodeRegister.choices)
    sub_identificator_van = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_identificatoren"
    )

    class Meta:
        verbose_name = "partij-identificator"
        verbose_name_plural = "partij-identificatoren"
        # What the services check, held by the database too (two requests at once).
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "code_objecttype", "code_soort_object_id", "object_id",
                        "code_register"],
                condition=models.Q(sub_identificator_van__isnull=True),
                name="ki_pid_uniek",
            ),
            models.UniqueConstraint(
                fields=["sub_identificator_van", "code_objecttype", "code_soort_object_id",
                        "object_id", "code_register"],
                condition=models.Q(sub_identificator_van__isnull=False),
                name="ki_pid_sub_uniek",
            ),
            models.UniqueConstraint(
                fields=["identificeerde_partij", "code_soort_object_id"],
                name="ki_pid_een_per_soort",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(
                fields=["tenant", "code_soort_object_id", "object_id"], name="ki_pid_object"
            ),
            # The filters partijIdentificator__* run as EXISTS without the gemeente: 125 → 23 ms
            # finding a partij by BSN at 500,000 (docs/performance.md).
            models.Index(fields=["code_soort_object_id", "object_id"], name="ki_pid_soort_object"),
        ]

    def __str__(self) -> str:
        return f"{self.code_soort_object_id} {self.object_id}"


class DigitaalAdres(TenantModel):
    """An e-mail address, phone number or other digital address a partij or betrokkene gave."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    verstrekt_door_betrokkene = models.ForeignKey(
        "Betrokkene",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digitale_adressen",
    )
    verstrekt_door_partij = models.ForeignKey(
        Partij, null=True, blank=True, on_delete=models.SET_NULL, related_name="digitale_adressen"
    )
    adres = models.CharField(max_length=80)
    soort_digitaal_adres = models.CharField(max_length=20, choices=SoortDigitaalAdres.choices)
    is_standaard_adres = models.BooleanField(default=False)
    omschrijving = models.CharField(max_length=40, blank=True)
    referentie = models.CharField(max_length=50, blank=True)
    verificatie_datum = models.DateTimeField(null=True, blank=True)
    zoekwaarde = models.CharField(max_length=80, blank=True, default="")  # normaliseren.py; not API

    class Meta:
        verbose_name = "digitaal adres"
        verbose_name_plural = "digitale adressen"
        indexes = [
            models.Index(fields=["tenant", "adres"], name="ki_digitaal_adres"),
            models.Index(fields=["tenant", "zoekwaarde"], name="ki_digitaal_adres_zoek"),
        ]

    def __str__(self) -> str:
        return self.adres


class Rekeningnummer(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partij = models.ForeignKey(
        Partij, null=True, blank=True, on_delete=models.SET_NULL, related_name="rekeningnummers"
    )
    iban = models.CharField(max_length=34)
    bic = models.CharField(max_length=11, blank=True)

    class Meta:
        verbose_name = "rekeningnummer"
        verbose_name_plural = "rekeningnummers"
        indexes = [models.Index(fields=["tenant", "iban"], name="ki_rekening_iban")]

    def __str__(self) -> str:
        return self.iban


class Vertegenwoordiging(TenantModel):
    """One partij acts for another (the API's resource `vertegenwoordigingen`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vertegenwoordigende_partij = models.ForeignKey(
        Partij, on_delete=models.CASCADE, related_name="vertegenwoordigingen"
    )
    vertegenwoordigde_partij = models.ForeignKey(
        Partij, on_delete=models.CASCADE, related_name="vertegenwoordigd_door"
    )

    class Meta:
        verbose_name = "vertegenwoordiging"
        verbose_name_plural = "vertegenwoordigingen"

    def __str__(self) -> str:
        return f"{self.vertegenwoordigende_partij} voor {self.vertegenwoordigde_partij}"


class Categorie(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "categorie"
        verbose_name_plural = "categorieën"

    def __str__(self) -> str:
        return self.naam


class CategorieRelatie(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partij = models.ForeignKey(
        Partij, null=True, blank=True, on_delete=models.CASCADE, related_name="categorie_relaties"
    )
    categorie = models.ForeignKey(
        Categorie, null=True, blank=True, on_delete=models.CASCADE, related_name="relaties"
    )
    begin_datum = models.DateField(null=True, blank=True)
    eind_datum = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "categorierelatie"
        verbose_name_plural = "categorierelaties"

    def __str__(self) -> str:
        return f"{self.partij} in {self.categorie}"


class Actor(TenantModel):
    """Someone or something at the gemeente's side of a contact: a medewerker, a team
    (organisatorische eenheid) or a system (geautomatiseerde actor)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    naam = models.CharField(max_length=200)
    soort_actor = models.CharField(max_length=30, choices=SoortActor.choices)
    indicatie_actief = models.BooleanField(default=True)
    actoridentificator_object_id = models.CharField(max_length=200, blank=True)
    actoridentificator_code_objecttype = models.CharField(max_length=200, blank=True)
    actoridentificator_code_register = models.CharField(max_length=200, blank=True)
    actoridentificator_code_soort_object_id = models.CharField(max_length=200, blank=True)
    # actorIdentificatie, by soortActor: medewerker (functie, emailadres, telefoonnummer),
    # geautomatiseerde actor (functie, omschrijving), organisatorische eenheid (omschrijving,
    # emailadres, faxnummer, telefoonnummer)
    functie = models.CharField(max_length=40, blank=True)
    emailadres = models.CharField(max_length=254, blank=True)
    telefoonnummer = models.CharField(max_length=20, blank=True)
    faxnummer = models.CharField(max_length=20, blank=True)
    omschrijving = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "actor"
        verbose_name_plural = "actoren"
        indexes = [
            models.Index(fields=["tenant", "naam"], name="ki_actor_naam"),
            models.Index(fields=["tenant", "actoridentificator_object_id"], name="ki_actor_object"),
        ]

    def __str__(self) -> str:
        return self.naam


class Klantcontact(TenantModel):
    """One contact between the gemeente and a klant, on any channel."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.CharField(max_length=10, blank=True)
    referentienummer = models.CharField(max_length=10, blank=True)
    kanaal = models.CharField(max_length=50)
    onderwerp = models.CharField(max_length=200)
    inhoud = models.CharField(max_length=1000, blank=True)
    reactie = models.CharField(max_length=4000, blank=True)
    indicatie_contact_gelukt = models.BooleanField(null=True, blank=True)
    hoofd_onderwerp_type = models.CharField(max_length=200, blank=True)
    verdere_actie_ondernomen = models.BooleanField(default=False)
    taal = models.CharField(max_length=3)
    vertrouwelijk = models.BooleanField(default=False)
    plaatsgevonden_op = models.DateTimeField()
    metadata = models.JSONField(default=dict, blank=True)
    # Derived (services.klantcontacten): the rank (core.choices.VERTROUWELIJKHEID_ORDER) a reader
    # needs: "vertrouwelijk" when marked so, else at least that of every zaak it was about.
    vertrouwelijkheid_rang = models.PositiveSmallIntegerField(default=0)
    actoren = models.ManyToManyField(
        Actor, through="ActorKlantcontact", related_name="klantcontacten"
    )

    class Meta:
        verbose_name = "klantcontact"
        verbose_name_plural = "klantcontacten"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "nummer"], condition=~models.Q(nummer=""), name="ki_kc_uniek"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "nummer"], name="ki_klantcontact_nummer"),
            models.Index(fields=["tenant", "-plaatsgevonden_op"], name="ki_klantcontact_wanneer"),
        ]

    def __str__(self) -> str:
        return self.onderwerp


class ActorKlantcontact(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    klantcontact = models.ForeignKey(
        Klantcontact, on_delete=models.CASCADE, related_name="actor_klantcontacten"
    )

    class Meta:
        verbose_name = "actor bij klantcontact"
        verbose_name_plural = "actoren bij klantcontacten"

    def __str__(self) -> str:
        return f"{self.actor} bij {self.klantcontact}"


class Betrokkene(TenantModel, _Adressen, _Contactnaam):
    """Someone who took part in a klantcontact, as they were then (possibly a known partij)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    was_partij = models.ForeignKey(
        Partij, null=True, blank=True, on_delete=models.SET_NULL, related_name="betrokkenen"
    )
    had_klantcontact = models.ForeignKey(
        Klantcontact, on_delete=models.CASCADE, related_name="betrokkenen"
    )
    rol = models.CharField(max_length=20, choices=Rol.choices)
    organisatienaam = models.CharField(max_length=200, blank=True)
    initiator = models.BooleanField()

    class Meta:
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"

    def __str__(self) -> str:
        return self.volledige_naam or self.organisatienaam or "betrokkene"

    @property
    def volledige_naam(self) -> str:
        delen = (
            self.contactnaam_voornaam or self.contactnaam_voorletters,
            self.contactnaam_voorvoegsel_achternaam,
            self.contactnaam_achternaam,
        )
        return " ".join(d for d in delen if d)


class _Objectidentificator(models.Model):
    """objectId, codeObjecttype, codeRegister, codeSoortObjectId of an object elsewhere."""

    object_id = models.CharField(max_length=200, blank=True)
    code_objecttype = models.CharField(max_length=200, blank=True)
    code_register = models.CharField(max_length=200, blank=True)
    code_soort_object_id = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class Onderwerpobject(TenantModel, _Objectidentificator):
    """What a klantcontact was about: a zaak (codeObjecttype "zaak", objectId its uuid), a
    product, or an earlier klantcontact (`was_klantcontact`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="onderwerpobjecten",
    )
    was_klantcontact = models.ForeignKey(
        Klantcontact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="was_onderwerpobjecten",
    )
    # Derived (services.onderwerpobjecten): the zaak it names, whatever the client's spelling
    # ("zaak", "zgw-Zaak" as KISS writes it); the klantcontact's vertrouwelijkheid follows it.
    zaak_uuid = models.UUIDField(null=True, blank=True)

    class Meta:
        verbose_name = "onderwerpobject"
        verbose_name_plural = "onderwerpobjecten"
        indexes = [
            models.Index(
                fields=["tenant", "code_objecttype", "object_id"], name="ki_onderwerp_object"
            ),
            # The filter onderwerpobject__onderwerpobjectidentificatorObjectId names no gemeente
            # (the caller's may be several): 101 → 13 ms at 500,000 (docs/performance.md).
            models.Index(fields=["object_id"], name="ki_onderwerp_objectid"),
            models.Index(fields=["tenant", "zaak_uuid"], name="ki_onderwerp_zaak"),
        ]

    def __str__(self) -> str:
        return f"{self.code_objecttype} {self.object_id}"


class Bijlage(TenantModel, _Objectidentificator):
    """A document that came with a klantcontact (its identificator points at it)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    was_bijlage_van_klantcontact = models.ForeignKey(
        Klantcontact, null=True, blank=True, on_delete=models.CASCADE, related_name="bijlagen"
    )

    class Meta:
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"

    def __str__(self) -> str:
        return f"{self.code_objecttype} {self.object_id}"


class InterneTaak(TenantModel):
    """Work a klantcontact led to, for actoren (a medewerker or a team): a call-back, a
    question to answer (a contactverzoek)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nummer = models.CharField(max_length=10, blank=True)
    referentienummer = models.CharField(max_length=10, blank=True)
    gevraagde_handeling = models.CharField(max_length=200)
    aanleidinggevend_klantcontact = models.ForeignKey(
        Klantcontact, on_delete=models.CASCADE, related_name="interne_taken"
    )
    actoren = models.ManyToManyField(Actor, related_name="interne_taken", blank=True)
    toelichting = models.CharField(max_length=1000, blank=True)
    status = models.CharField(
        max_length=20, choices=TaakStatus.choices, default=TaakStatus.te_verwerken
    )
    toegewezen_op = models.DateTimeField(auto_now_add=True)
    afgehandeld_op = models.DateTimeField(null=True, blank=True)
    # iwerk's own (not in the API): by when a contactverzoek must be handled (the KCC sets it).
    uiterlijk_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "interne taak"
        verbose_name_plural = "interne taken"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "nummer"], condition=~models.Q(nummer=""), name="ki_taak_uniek"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "uiterlijk_op"], name="ki_taak_open"),
            models.Index(fields=["tenant", "nummer"], name="ki_taak_nummer"),
        ]

    def __str__(self) -> str:
        return self.gevraagde_handeling


class Nummerreeks(TenantModel):
    """The last `nummer` given per gemeente to a partij, klantcontact or interne taak (the API
    numbers them when the client does not: "0000000001", …)."""

    soort = models.CharField(max_length=20)
    laatste = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "nummerreeks"
        verbose_name_plural = "nummerreeksen"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "soort"], name="ki_nummerreeks_uniek")
        ]

    def __str__(self) -> str:
        return f"{self.soort}: {self.laatste}"
