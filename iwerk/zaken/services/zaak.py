"""Registering, changing and deleting a zaak, and its identificatie (zrc-001 … zrc-023); the rules
a zaak obeys on create and update are in zaakregels, its resultaat in resultaat."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core import audit, auditketen, durations, gebeurtenissen, generations, geo, migratie
from iwerk.core.api.actor import Actor
from iwerk.core.api.bronwaarden import bewaarde_uuid
from iwerk.core.api.problems import Conflict, InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.identificatie import next_in_series
from iwerk.core.models import AuditTrail
from iwerk.documenten import services as documenten
from iwerk.zaken import audit as zaak_audit
from iwerk.zaken.gebeurtenissen import ZaakAangemaakt, ZaakGewijzigd, ZaakVerwijderd
from iwerk.zaken.models import ReservedIdentificatie, Zaak, ZaakBesluit, ZaakIdentificatieReeks
from iwerk.zaken.services import zaaknummers
from iwerk.zaken.services.zaakregels import CHECKED, check_zaak, default_own_hosts

ZAKEN_PATH = "/zaken/api/v1/zaken"


@dataclass
class ZaakGegevens:
    """What a channel (API, intake, portaal) supplies to register a zaak."""

    bronorganisatie: str
    verantwoordelijke_organisatie: str
    startdatum: date
    omschrijving: str = ""
    toelichting: str = ""
    identificatie: str = ""
    registratiedatum: date | None = None
    einddatum_gepland: date | None = None
    uiterlijke_einddatum_afdoening: date | None = None
    publicatiedatum: date | None = None
    communicatiekanaal: str = ""
    producten_of_diensten: list[str] = field(default_factory=list)
    vertrouwelijkheidaanduiding: str = ""
    betalingsindicatie: str = ""
    laatste_betaaldatum: datetime | None = None
    zaakgeometrie: dict | None = None
    selectielijstklasse: str = ""
    hoofdzaak: Zaak | None = None
    kenmerken: list[dict] = field(default_factory=list)
    relevante_andere_zaken: list[dict] = field(default_factory=list)
    opdrachtgevende_organisatie: str = ""
    verlenging_reden: str = ""
    verlenging_duur: str = ""
    opschorting_indicatie: bool = False
    opschorting_reden: str = ""
    processobjectaard: str = ""
    processobject: dict | None = None
    archiefnominatie: str = ""
    archiefstatus: str = "nog_te_archiveren"
    archiefactiedatum: date | None = None
    startdatum_bewaartermijn: date | None = None
    uuid: UUID | None = None  # the source's, kept in a migration write only (ADR 0063)


def _bounds(geometrie: dict | None) -> tuple[float, float, float, float] | None:
    """Validate a GeoJSON zaakgeometrie (400 zaakgeometrie) and return its bounding box."""
    return geo.parse(geometrie, "zaakgeometrie").bounds if geometrie is not None else None


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


_NIET_UNIEK = InvalidParam(
    "identificatie",
    "identificatie-niet-uniek",
    "Deze identificatie bestaat al voor deze bronorganisatie.",
)


def require(actor: Actor, scope: str, zaaktype: ZaakType, vertrouwelijkheid: str | None) -> None:
    if not actor.permits(
        "zrc",
        scope,
        type_id=zaaktype.pk,
        catalogus_id=zaaktype.catalogus_id,
        vertrouwelijkheid=vertrouwelijkheid,
    ):
        raise PermissionDenied(
            f"Deze applicatie mist de scope {scope} voor dit zaaktype of deze vertrouwelijkheid."
        )


def next_identificatie(bronorganisatie: str, jaar: int) -> str:
    """ZAAK-<jaar>-<10 cijfers> from the counter, skipping numbers chosen by hand (reservations;
    a zaak create takes its number through zaaknummers)."""
    return next_in_series(
        ZaakIdentificatieReeks,
        {"bronorganisatie": bronorganisatie, "jaar": jaar},
        "ZAAK",
        jaar,
        lambda candidate: Zaak.objects.filter(
            bronorganisatie=bronorganisatie, identificatie=candidate
        ).exists(),
    )


@transaction.atomic
def register_zaak(
    *,
    actor: Actor,
    zaaktype: ZaakType,
    gegevens: ZaakGegevens,
    own_hosts: set[str] | None = None,
) -> Zaak:
    """Register a zaak of a published zaaktype.

    Rules: those of check_zaak (zaaktype published and valid, betaling, producten,
    communicatiekanaal, hoofdzaak, relevante andere zaken, dates, archiving); identificatie is
    unique per bronorganisatie or generated (zrc-002; zaaknummers, ADR 0041);
    vertrouwelijkheidaanduiding defaults to the zaaktype's, the planned end dates follow
    servicenorm and doorlooptijd (zrc-009/022).
    own_hosts are the hosts that name this installation in URLs (default: IWERK_BASE_URL's and
    IWERK_API_HOSTS). A migration write (ADR 0063) keeps the source's uuid (refused when taken:
    uuid-bestaat) and an identificatie of the generated form raises its series' counter.
    Raises ValidationFailed or PermissionDenied.
    """
    vertrouwelijkheid = gegevens.vertrouwelijkheidaanduiding or zaaktype.vertrouwelijkheidaanduiding
    require(actor, "zaken.aanmaken", zaaktype, vertrouwelijkheid)
    values = {name: getattr(gegevens, name) for name in CHECKED}
    values["hoofdzaak"] = gegevens.hoofdzaak
    errors = check_zaak(
        actor=actor,
        zaaktype=zaaktype,
        values=values,
        zaak=None,
        scope="zaken.aanmaken",
        own_hosts=own_hosts if own_hosts is not None else default_own_hosts(),
    )
    if (
        gegevens.identificatie
        and Zaak.objects.filter(
            bronorganisatie=gegevens.bronorganisatie, identificatie=gegevens.identificatie
        ).exists()
    ):
        errors.append(_NIET_UNIEK)
    if errors:
        raise ValidationFailed(errors)

    registratiedatum = gegevens.registratiedatum or timezone.localdate()
    zaak = Zaak(
        tenant_id=zaaktype.tenant_id,
        zaaktype=zaaktype,
        identificatie=gegevens.identificatie
        or zaaknummers.take(gegevens.bronorganisatie, registratiedatum.year),
        bronorganisatie=gegevens.bronorganisatie,
        verantwoordelijke_organisatie=gegevens.verantwoordelijke_organisatie,
        omschrijving=gegevens.omschrijving,
        toelichting=gegevens.toelichting,
        registratiedatum=registratiedatum,
        startdatum=gegevens.startdatum,
        einddatum_gepland=gegevens.einddatum_gepland
        or (
            durations.add(gegevens.startdatum, zaaktype.servicenorm)
            if zaaktype.servicenorm
            else None
        ),
        uiterlijke_einddatum_afdoening=gegevens.uiterlijke_einddatum_afdoening
        or durations.add(gegevens.startdatum, zaaktype.doorlooptijd),
        publicatiedatum=gegevens.publicatiedatum,
        communicatiekanaal=gegevens.communicatiekanaal,
        producten_of_diensten=list(gegevens.producten_of_diensten),
        vertrouwelijkheidaanduiding=vertrouwelijkheid,
        betalingsindicatie=gegevens.betalingsindicatie,
        laatste_betaaldatum=gegevens.laatste_betaaldatum,
        selectielijstklasse=gegevens.selectielijstklasse,
        hoofdzaak=gegevens.hoofdzaak,
        kenmerken=list(gegevens.kenmerken),
        relevante_andere_zaken=list(gegevens.relevante_andere_zaken),
        opdrachtgevende_organisatie=gegevens.opdrachtgevende_organisatie,
        verlenging_reden=gegevens.verlenging_reden,
        verlenging_duur=gegevens.verlenging_duur,
        opschorting_indicatie=gegevens.opschorting_indicatie,
        opschorting_reden=gegevens.opschorting_reden,
        opschorting_eerdere_opschorting=gegevens.opschorting_indicatie,
        opgeschort_sinds=timezone.localdate() if gegevens.opschorting_indicatie else None,
        processobjectaard=gegevens.processobjectaard,
        processobject=gegevens.processobject,
        archiefnominatie=gegevens.archiefnominatie,
        archiefstatus=gegevens.archiefstatus,
        archiefactiedatum=gegevens.archiefactiedatum,
        startdatum_bewaartermijn=gegevens.startdatum_bewaartermijn,
    )
    zaak.set_geometrie(gegevens.zaakgeometrie, _bounds(gegevens.zaakgeometrie))
    # One statement inserts the zaak and checks its identificatie: a generated number that was
    # chosen by hand (or passed as a reserved one) is skipped for the next.
    with bewaarde_uuid(zaak, gegevens.uuid):
        while not zaaknummers.insert_zaak(zaak):
            if gegevens.identificatie:  # taken since the check above, by a concurrent create
                raise ValidationFailed([_NIET_UNIEK])
            zaak.identificatie = zaaknummers.take(gegevens.bronorganisatie, registratiedatum.year)
    if gegevens.identificatie and migratie.actief():
        zaaknummers.continue_after(gegevens.bronorganisatie, gegevens.identificatie)
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=zaak,
        resource=zaak,
        nieuw=zaak_audit.new_zaak(zaak),
    )
    gebeurtenissen.publiceer(ZaakAangemaakt(zaak.pk, zaak))  # consumers: iwerk/verbindingen.py
    return zaak


@transaction.atomic
def reserve_identificaties(*, actor: Actor, bronorganisatie: str, aantal: int) -> list[str]:
    """Hand out zaaknummers in advance (Zaken 1.7): never issued automatically, usable by passing them."""
    if not actor.has_scope("zrc", "zaken.aanmaken"):
        raise PermissionDenied("Reserveren van zaaknummers vraagt de scope zaken.aanmaken.")
    if not 1 <= aantal <= 100:
        raise _fail("aantal", "invalid", "Reserveer 1 tot en met 100 zaaknummers tegelijk.")
    jaar = timezone.localdate().year
    numbers = [next_identificatie(bronorganisatie, jaar) for _ in range(aantal)]
    ReservedIdentificatie.objects.bulk_create(
        [ReservedIdentificatie(bronorganisatie=bronorganisatie, identificatie=n) for n in numbers]
    )
    return numbers


IMMUTABLE = {
    "identificatie": "identificatie",
    "bronorganisatie": "bronorganisatie",
    "zaaktype_id": "zaaktype",
}


def _move_deadlines(zaak: Zaak, changes: dict) -> None:
    """Keep the deadlines current (iwerk.zaken.selectors.termijnen), unless the change sets them itself.

    A first verlenging moves both planned end dates by its duur; an opschorting that ends moves
    them by the days it lasted (Awb: the term does not run while suspended).
    """
    explicit = {"einddatum_gepland", "uiterlijke_einddatum_afdoening"} & changes.keys()
    shift = None
    duur = changes.get("verlenging_duur")
    if duur and not zaak.verlenging_duur:
        shift = durations.parse(duur)
    if "opschorting_indicatie" in changes:
        now_suspended = bool(changes["opschorting_indicatie"])
        if now_suspended and not zaak.opschorting_indicatie:
            changes["opgeschort_sinds"] = timezone.localdate()
            changes["opschorting_eerdere_opschorting"] = True
        elif not now_suspended and zaak.opschorting_indicatie:
            changes["opgeschort_sinds"] = None
            if zaak.opgeschort_sinds:
                days = (timezone.localdate() - zaak.opgeschort_sinds).days
                changes["opgeschorte_dagen"] = zaak.opgeschorte_dagen + days
                shift = (shift or relativedelta()) + relativedelta(days=days)
    if shift and not explicit:
        for name in ("einddatum_gepland", "uiterlijke_einddatum_afdoening"):
            current = getattr(zaak, name)
            if current:
                changes[name] = current + shift


@transaction.atomic
def update_zaak(
    *, actor: Actor, zaak: Zaak, changes: dict, own_hosts: set[str] | None = None
) -> Zaak:
    """Change a zaak's own fields (PUT/PATCH, werkplek forms).

    Rules: a closed zaak changes only with zaken.geforceerd-bijwerken (zrc-007); identificatie,
    bronorganisatie and zaaktype are fixed (docs/adr/0011); the zaak as changed obeys every rule
    of check_zaak, the same as on create (docs/adr/0027); betaling 'nvt' clears
    laatsteBetaaldatum (zrc-014); the new vertrouwelijkheid must stay within the client's
    autorisatie. changes may hold `hoofdzaak` (a Zaak or None). Raises ValidationFailed or
    PermissionDenied.
    """
    zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    require(actor, scope, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    errors: list[InvalidParam] = []
    for field_name, api_name in IMMUTABLE.items():
        if field_name in changes and changes[field_name] != getattr(zaak, field_name):
            errors.append(
                InvalidParam(
                    api_name, "wijzigen-niet-toegelaten", "Dit veld kan niet gewijzigd worden."
                )
            )
    values = {name: changes.get(name, getattr(zaak, name)) for name in CHECKED}
    if "hoofdzaak" in changes:
        values["hoofdzaak"] = changes["hoofdzaak"]
    errors.extend(
        check_zaak(
            actor=actor,
            zaaktype=zaak.zaaktype,
            values=values,
            zaak=zaak,
            scope=scope,
            own_hosts=own_hosts if own_hosts is not None else default_own_hosts(),
        )
    )
    if errors:
        raise ValidationFailed(errors)
    if changes.get("betalingsindicatie") == "nvt":
        changes["laatste_betaaldatum"] = None
    if changes.get("vertrouwelijkheidaanduiding"):
        require(actor, scope, zaak.zaaktype, changes["vertrouwelijkheidaanduiding"])
    _move_deadlines(zaak, changes)
    oud = audit.snapshot(zaak)
    if "zaakgeometrie" in changes:
        geometrie = changes.pop("zaakgeometrie")
        zaak.set_geometrie(geometrie, _bounds(geometrie))
    for key, value in changes.items():
        if key not in IMMUTABLE:
            setattr(zaak, key, value)
    zaak.save()
    audit.record(
        actor=actor,
        actie="update",
        hoofd_object=zaak,
        resource=zaak,
        oud=oud,
        nieuw=audit.snapshot(zaak),
    )
    gebeurtenissen.publiceer(ZaakGewijzigd(zaak.pk))  # consumers: iwerk/verbindingen.py
    return zaak


@transaction.atomic
def delete_zaak(
    *, actor: Actor, zaak: Zaak, afvoergrond: auditketen.Afvoergrond | None = None
) -> None:
    """Hard delete with everything that belongs to it, deelzaken included (zrc-023).

    `afvoergrond`: why the audit trail goes, when not simply with the zaak (a vernietigingslijst).
    """
    require(actor, "zaken.verwijderen", zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    if ZaakBesluit.objects.filter(Q(zaak=zaak) | Q(zaak__hoofdzaak=zaak)).exists():
        # A besluit is a legal record: it is deleted in the Besluiten register first (docs/adr/0015).
        raise Conflict(
            "Bij deze zaak horen besluiten; verwijder die eerst via de Besluiten API.",
            code="pending-besluit-relations",
        )
    # The audit trail goes with the zaak and its deelzaken (zrc-023: hard delete, no soft delete).
    doomed = [zaak.uuid, *Zaak.objects.filter(hoofdzaak=zaak).values_list("uuid", flat=True)]
    grond = afvoergrond or auditketen.Afvoergrond("zrc-023")
    auditketen.afvoeren(
        AuditTrail.objects.filter(hoofd_object_uuid__in=doomed),
        grond.reden,
        actor=actor,
        object_path=audit.object_path(zaak),
        verwijzing=grond.verwijzing,
    )
    deelzaken = list(Zaak.objects.filter(hoofdzaak=zaak).select_related("zaaktype"))
    for deelzaak in deelzaken:
        audit.announce_destroy(deelzaak)
    audit.announce_destroy(zaak)
    # Their documents no longer belong to them in the Documenten register either (zrc-005).
    documenten.unlink_objects([f"{ZAKEN_PATH}/{key}" for key in doomed])
    zaak_id = zaak.pk
    zaak.delete()
    generations.bump("zaken")  # no audit record survives this change to move it
    for weg in (zaak_id, *(deelzaak.pk for deelzaak in deelzaken)):
        gebeurtenissen.publiceer(ZaakVerwijderd(weg))  # consumers: iwerk/verbindingen.py
