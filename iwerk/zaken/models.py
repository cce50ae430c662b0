"""The Zaken register (ZRC): zaken and what happens to them.

Foundation of issue 3: the zaak, its statussen, resultaat and rollen, and the counter that
issues identificaties. The API on top follows in the same issue.
"""

from __future__ import annotations

import uuid

from django.db import models

from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import TenantModel


class Archiefstatus(models.TextChoices):
    nog_te_archiveren = (
        "nog_te_archiveren",
        "De zaak cq. het zaakdossier is nog niet als geheel gearchiveerd.",
    )
    gearchiveerd = (
        "gearchiveerd",
        "De zaak cq. het zaakdossier is als geheel niet-wijzigbaar bewaarbaar gemaakt.",
    )
    gearchiveerd_procestermijn_onbekend = (
        "gearchiveerd_procestermijn_onbekend",
        "De zaak cq. het zaakdossier is als geheel niet-wijzigbaar bewaarbaar gemaakt maar de vernietigingsdatum "
        "kan nog niet bepaald worden.",
    )
    overgedragen = (
        "overgedragen",
        "De zaak cq. het zaakdossier is overgebracht naar een archiefbewaarplaats.",
    )


class Betalingsindicatie(models.TextChoices):
    nvt = "nvt", "Er is geen sprake van te betalen, met de zaak gemoeide, kosten."
    nog_niet = "nog_niet", "De met de zaak gemoeide kosten zijn (nog) niet betaald."
    gedeeltelijk = "gedeeltelijk", "De met de zaak gemoeide kosten zijn gedeeltelijk betaald."
    geheel = "geheel", "De met de zaak gemoeide kosten zijn geheel betaald."


class Zaak(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    identificatie = models.CharField(max_length=40)
    bronorganisatie = models.CharField(max_length=9)
    omschrijving = models.CharField(max_length=80, blank=True)
    toelichting = models.CharField(max_length=1000, blank=True)
    zaaktype = models.ForeignKey("catalogi.ZaakType", on_delete=models.PROTECT, related_name="+")
    registratiedatum = models.DateField()
    verantwoordelijke_organisatie = models.CharField(max_length=9)
    startdatum = models.DateField()
    einddatum = models.DateField(null=True, blank=True)
    einddatum_gepland = models.DateField(null=True, blank=True)
    uiterlijke_einddatum_afdoening = models.DateField(null=True, blank=True)
    publicatiedatum = models.DateField(null=True, blank=True)
    communicatiekanaal = models.URLField(max_length=1000, blank=True)
    producten_of_diensten = models.JSONField(default=list, blank=True)
    vertrouwelijkheidaanduiding = models.CharField(
        max_length=20, choices=Vertrouwelijkheidaanduiding.choices
    )
    betalingsindicatie = models.CharField(
        max_length=12, choices=Betalingsindicatie.choices, blank=True
    )
    laatste_betaaldatum = models.DateTimeField(null=True, blank=True)
    zaakgeometrie = models.JSONField(null=True, blank=True)
    # Bounding box of zaakgeometrie: an indexed prefilter for `zaakgeometrie__within` without PostGIS.
    geometrie_min_x = models.FloatField(null=True, blank=True)
    geometrie_min_y = models.FloatField(null=True, blank=True)
    geometrie_max_x = models.FloatField(null=True, blank=True)
    geometrie_max_y = models.FloatField(null=True, blank=True)
    verlenging_reden = models.CharField(max_length=200, blank=True)
    verlenging_duur = models.CharField(max_length=40, blank=True)
    opschorting_indicatie = models.BooleanField(default=False)
    opschorting_reden = models.CharField(max_length=200, blank=True)
    opschorting_eerdere_opschorting = models.BooleanField(default=False)
    # The day the current opschorting began: its length moves the deadlines when it ends.
    opgeschort_sinds = models.DateField(null=True, blank=True)
    # Days of every ended opschorting together: the netto doorlooptijd the Sturing figures use.
    opgeschorte_dagen = models.PositiveIntegerField(default=0)
    # The medewerker identificatie of the current behandelaar rol ("" = niet toegewezen), kept by
    # the rol service in the same transaction: the werkvoorraad reads one index range per person.
    behandelaar = models.CharField(max_length=24, blank=True, default="")
    # The team whose queue holds the zaak (werkverdeling's routing, or a teamleider's choice);
    # null = the gemeente's intake queue while nobody handles it. Not a ZGW attribute.
    team = models.ForeignKey(
        "medewerkers.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # The statustype of the most recent status (by datumStatusGezet), kept by the status service:
    # the werkvoorraad filters on it without a subquery per zaak.
    huidige_statustype = models.ForeignKey(
        "catalogi.StatusType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    selectielijstklasse = models.URLField(max_length=1000, blank=True)
    # Indexed below on the rows that have one: most zaken have none, and statistics over a
    # column of NULLs made SQLite scan the table for `hoofdzaak_id IN (…)` after ANALYZE.
    hoofdzaak = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deelzaken",
        db_index=False,
    )
    relevante_andere_zaken = models.JSONField(default=list, blank=True)
    kenmerken = models.JSONField(default=list, blank=True)
    archiefnominatie = models.CharField(max_length=20, blank=True)
    archiefstatus = models.CharField(
        max_length=40, choices=Archiefstatus.choices, default=Archiefstatus.nog_te_archiveren
    )
    archiefactiedatum = models.DateField(null=True, blank=True)
    opdrachtgevende_organisatie = models.CharField(max_length=9, blank=True)
    processobjectaard = models.CharField(max_length=200, blank=True)
    startdatum_bewaartermijn = models.DateField(null=True, blank=True)
    processobject = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "zaak"
        verbose_name_plural = "zaken"
        constraints = [
            models.UniqueConstraint(
                fields=["bronorganisatie", "identificatie"], name="unique_zaak_identificatie"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "zaaktype", "-startdatum"]),
            # The most common integration query: a bronorganisatie's zaken of one zaaktype, newest first.
            models.Index(
                fields=["zaaktype", "bronorganisatie", "-id"], name="zaak_type_bron_id_idx"
            ),
            models.Index(fields=["zaaktype", "vertrouwelijkheidaanduiding"]),
            models.Index(fields=["startdatum"]),
            models.Index(fields=["archiefactiedatum"]),
            models.Index(fields=["archiefstatus", "archiefnominatie"]),
            models.Index(fields=["geometrie_min_x", "geometrie_min_y"]),
            # One index per filter of GET /zaken (identificatie alone, dates, archiving).
            models.Index(fields=["identificatie"]),
            models.Index(fields=["bronorganisatie", "-id"], name="zaak_bron_id_idx"),
            models.Index(
                fields=["hoofdzaak"],
                condition=models.Q(hoofdzaak__isnull=False),
                name="zaak_hoofdzaak_idx",
            ),
            models.Index(fields=["registratiedatum"]),
            models.Index(fields=["einddatum"]),
            models.Index(fields=["einddatum_gepland"]),
            models.Index(fields=["uiterlijke_einddatum_afdoening"]),
            models.Index(fields=["vertrouwelijkheidaanduiding"]),
            # Archiefbeheer: the closed zaken whose archive action is due, per gemeente and
            # zaaktype, read from the index alone (archief.selectors.signalering: 260-450 ->
            # 50-90 ms at 1,000,000 zaken).
            models.Index(
                fields=["archiefactiedatum", "tenant"],
                include=["archiefnominatie", "zaaktype", "id"],
                condition=models.Q(
                    einddatum__isnull=False,
                    archiefstatus="nog_te_archiveren",
                    archiefnominatie__in=["vernietigen", "blijvend_bewaren"],
                ),
                name="zaak_archiefactie_idx",
            ),
            # The few zaken that name relevanteAndereZaken: archiefbeheer reads them all to find
            # which name a zaak it would destroy (no index finds a uuid inside the JSON).
            models.Index(
                fields=["id"],
                condition=~models.Q(relevante_andere_zaken=[]),
                name="zaak_relevante_idx",
            ),
            # Werkvoorraad: a person's (or nobody's) open zaken in deadline order.
            models.Index(
                fields=["tenant", "behandelaar", "uiterlijke_einddatum_afdoening"],
                condition=models.Q(einddatum__isnull=True),
                # The workload's counts of late and suspended zaken read the index only.
                include=["opschorting_indicatie"],
                name="zaak_mijnvoorraad_idx",
            ),
            # Werkvoorraad: a team's (or the intake's: team null) open zaken in deadline order.
            models.Index(
                fields=["tenant", "team", "uiterlijke_einddatum_afdoening"],
                condition=models.Q(einddatum__isnull=True),
                include=["behandelaar", "opschorting_indicatie"],
                name="zaak_teamvoorraad_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.identificatie

    @property
    def is_closed(self) -> bool:
        return self.einddatum is not None

    def set_geometrie(
        self, geometrie: dict | None, bounds: tuple[float, float, float, float] | None
    ) -> None:
        self.zaakgeometrie = geometrie
        self.geometrie_min_x, self.geometrie_min_y, self.geometrie_max_x, self.geometrie_max_y = (
            bounds or (None,) * 4
        )


class Status(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="statussen")
    statustype = models.ForeignKey(
        "catalogi.StatusType", on_delete=models.PROTECT, related_name="+"
    )
    datum_status_gezet = models.DateTimeField()
    statustoelichting = models.CharField(max_length=1000, blank=True)
    gezetdoor = models.URLField(max_length=200, blank=True)

    class Meta:
        verbose_name = "status"
        verbose_name_plural = "statussen"
        indexes = [models.Index(fields=["zaak", "-datum_status_gezet"])]

    def __str__(self) -> str:
        return f"{self.zaak_id}: {self.statustype_id} op {self.datum_status_gezet:%Y-%m-%d}"


class Resultaat(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.OneToOneField(Zaak, on_delete=models.CASCADE, related_name="resultaat")
    resultaattype = models.ForeignKey(
        "catalogi.ResultaatType", on_delete=models.PROTECT, related_name="+"
    )
    toelichting = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = "resultaat"
        verbose_name_plural = "resultaten"

    def __str__(self) -> str:
        return f"{self.zaak_id}: {self.resultaattype_id}"


class BetrokkeneType(models.TextChoices):
    natuurlijk_persoon = "natuurlijk_persoon", "Natuurlijk persoon"
    niet_natuurlijk_persoon = "niet_natuurlijk_persoon", "Niet-natuurlijk persoon"
    vestiging = "vestiging", "Vestiging"
    organisatorische_eenheid = "organisatorische_eenheid", "Organisatorische eenheid"
    medewerker = "medewerker", "Medewerker"


class Rol(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="rollen")
    betrokkene = models.URLField(max_length=1000, blank=True)
    betrokkene_type = models.CharField(max_length=30, choices=BetrokkeneType.choices)
    roltype = models.ForeignKey("catalogi.RolType", on_delete=models.PROTECT, related_name="+")
    roltoelichting = models.CharField(max_length=1000, blank=True)
    registratiedatum = models.DateTimeField(auto_now_add=True)
    indicatie_machtiging = models.CharField(max_length=20, blank=True)
    afwijkende_naam_betrokkene = models.CharField(max_length=625, blank=True)
    contactpersoon_rol = models.JSONField(null=True, blank=True)
    betrokkene_identificatie = models.JSONField(null=True, blank=True)
    # Searchable copies of the identifiers in betrokkene_identificatie (BSN, KvK, medewerker).
    bsn = models.CharField(max_length=9, blank=True, db_index=True)
    kvk_nummer = models.CharField(max_length=8, blank=True, db_index=True)
    medewerker_identificatie = models.CharField(max_length=24, blank=True, db_index=True)

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        indexes = [
            models.Index(fields=["betrokkene_type"]),
            models.Index(fields=["betrokkene"]),
        ]

    def __str__(self) -> str:
        return f"{self.zaak_id}: {self.betrokkene_type}"


class ZaakIdentificatieReeks(models.Model):
    """The last issued volgnummer per bronorganisatie and year (ZAAK-2026-0000000001)."""

    bronorganisatie = models.CharField(max_length=9)
    jaar = models.PositiveIntegerField()
    laatste = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "zaakidentificatiereeks"
        verbose_name_plural = "zaakidentificatiereeksen"
        constraints = [
            models.UniqueConstraint(fields=["bronorganisatie", "jaar"], name="unique_reeks")
        ]

    def __str__(self) -> str:
        return f"{self.bronorganisatie} {self.jaar}: {self.laatste}"


class ZaakEigenschap(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakeigenschappen")
    eigenschap = models.ForeignKey(
        "catalogi.Eigenschap", on_delete=models.PROTECT, related_name="+"
    )
    naam = models.CharField(max_length=20)
    waarde = models.TextField()

    class Meta:
        verbose_name = "zaakeigenschap"
        verbose_name_plural = "zaakeigenschappen"

    def __str__(self) -> str:
        return f"{self.naam}: {self.waarde[:40]}"


class ReservedIdentificatie(models.Model):
    """A zaaknummer handed out in advance (zaaknummer_reserveren): never auto-issued, usable by name."""

    bronorganisatie = models.CharField(max_length=9)
    identificatie = models.CharField(max_length=40)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "gereserveerd zaaknummer"
        verbose_name_plural = "gereserveerde zaaknummers"
        constraints = [
            models.UniqueConstraint(
                fields=["bronorganisatie", "identificatie"], name="unique_reserved_identificatie"
            )
        ]

    def __str__(self) -> str:
        return self.identificatie


class KlantContact(TenantModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="klantcontacten")
    identificatie = models.CharField(max_length=14)
    datumtijd = models.DateTimeField()
    kanaal = models.CharField(max_length=20, blank=True)
    onderwerp = models.CharField(max_length=200, blank=True)
    toelichting = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = "klantcontact"
        verbose_name_plural = "klantcontacten"

    def __str__(self) -> str:
        return self.identificatie


class ZaakContactMoment(TenantModel):
    """Link to a contactmoment in a Klantinteracties register."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakcontactmomenten")
    contactmoment = models.URLField(max_length=1000)

    class Meta:
        verbose_name = "zaakcontactmoment"
        verbose_name_plural = "zaakcontactmomenten"
        indexes = [models.Index(fields=["contactmoment"])]

    def __str__(self) -> str:
        return self.contactmoment


class ZaakVerzoek(TenantModel):
    """Link to a verzoek in a Klantinteracties register."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakverzoeken")
    verzoek = models.URLField(max_length=1000)

    class Meta:
        verbose_name = "zaakverzoek"
        verbose_name_plural = "zaakverzoeken"
        indexes = [models.Index(fields=["verzoek"])]

    def __str__(self) -> str:
        return self.verzoek


class ZaakObject(TenantModel):
    """What a zaak is about: an address, a building, a person, … (objectIdentificatie per objectType)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakobjecten")
    object = models.URLField(max_length=1000, blank=True)
    zaakobjecttype = models.ForeignKey(
        "catalogi.ZaakObjectType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField(max_length=100)
    object_type_overige = models.CharField(max_length=100, blank=True)
    object_type_overige_definitie = models.JSONField(null=True, blank=True)
    relatieomschrijving = models.CharField(max_length=80, blank=True)
    object_identificatie = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "zaakobject"
        verbose_name_plural = "zaakobjecten"
        indexes = [models.Index(fields=["object"]), models.Index(fields=["object_type"])]

    def __str__(self) -> str:
        return f"{self.object_type}: {self.object or self.relatieomschrijving}"


class ZaakNotitie(TenantModel):
    """A note on a zaak (Zaken 1.7): intern for staff, extern also for the initiator."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gerelateerd_aan = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="notities")
    onderwerp = models.CharField(max_length=255)
    tekst = models.TextField()
    aangemaakt_door = models.CharField(max_length=255, blank=True)
    notitie_type = models.CharField(max_length=10, default="intern")
    status = models.CharField(max_length=12, default="concept")
    aanmaakdatum = models.DateTimeField(auto_now_add=True, db_index=True)
    wijzigingsdatum = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = "zaaknotitie"
        verbose_name_plural = "zaaknotities"

    def __str__(self) -> str:
        return self.onderwerp


class ZaakInformatieObject(TenantModel):
    """A document that belongs to a zaak (zrc-004, zrc-005); mirrored as objectinformatieobject."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakinformatieobjecten")
    informatieobject = models.ForeignKey(
        "documenten.EnkelvoudigInformatieObject", on_delete=models.PROTECT, related_name="+"
    )
    aard_relatie = models.CharField(max_length=20, default="hoort_bij")
    titel = models.CharField(max_length=200, blank=True)
    beschrijving = models.TextField(blank=True)
    registratiedatum = models.DateTimeField(auto_now_add=True)
    vernietigingsdatum = models.DateTimeField(null=True, blank=True)
    status = models.ForeignKey(
        Status,
        db_index=False,  # partial index below: most documents are not tied to a status
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="zaakinformatieobjecten",
    )

    class Meta:
        verbose_name = "zaakinformatieobject"
        verbose_name_plural = "zaakinformatieobjecten"
        constraints = [
            models.UniqueConstraint(
                fields=["zaak", "informatieobject"], name="unique_zaakinformatieobject"
            )
        ]
        indexes = [
            models.Index(
                fields=["status"], condition=models.Q(status__isnull=False), name="zio_status_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.zaak_id}: {self.informatieobject_id}"


class ZaakBesluit(TenantModel):
    """The Zaken side of a besluit about this zaak; written only by the Besluiten register (brc-006)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="zaakbesluiten")
    # Host-less path for iwerk's own besluiten.
    besluit = models.CharField(max_length=1000)

    class Meta:
        verbose_name = "zaakbesluit"
        verbose_name_plural = "zaakbesluiten"
        constraints = [
            models.UniqueConstraint(fields=["zaak", "besluit"], name="unique_zaakbesluit")
        ]
        indexes = [models.Index(fields=["besluit"])]

    def __str__(self) -> str:
        return self.besluit


class ZaakZoektekst(models.Model):
    """The words a zaak is found by in the werkplek: omschrijving, names and addresses.

    Kept current by iwerk.zaken.services.zoektekst on every change of the zaak or its parts. Full-text
    indexed: on PostgreSQL a GIN index on to_tsvector('simple', tekst), on SQLite an FTS5
    table over this one (both made in the migration). BSN and KvK are not in it: they are
    matched exactly on the indexed Rol columns, never by prefix.
    """

    zaak = models.OneToOneField(
        Zaak, on_delete=models.CASCADE, primary_key=True, related_name="zoektekst"
    )
    tekst = models.TextField()

    class Meta:
        verbose_name = "zoektekst"
        verbose_name_plural = "zoekteksten"

    def __str__(self) -> str:
        return self.tekst[:80]
