"""Registering a zaak, its identificatie and its resultaat (zrc-001 … zrc-022)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iwerk.catalogi.models import ResultaatType, ZaakType
from iwerk.core import audit, auditketen, durations, external, generations, geo
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import Conflict, InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.identificatie import next_in_series
from iwerk.core.models import AuditTrail
from iwerk.documenten import services as documenten
from iwerk.zaken import audit as zaak_audit
from iwerk.zaken.models import (
    ReservedIdentificatie,
    Resultaat,
    Zaak,
    ZaakBesluit,
    ZaakIdentificatieReeks,
)
from iwerk.zaken.services.informatieobject import documents_not_archived

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


_ZAAK_PATH = re.compile(r"/zaken/api/v1/zaken/([0-9a-fA-F-]{36})/?$")


def _zaak_exists(url: str) -> bool:
    """A relevante andere zaak is a zaak of this register (zrc-010), or — when external registers
    are allowed — one the API layer has fetched from another; hosts are checked there."""
    match = _ZAAK_PATH.search(urlsplit(url).path)
    if match and Zaak.objects.filter(uuid=match.group(1)).exists():
        return True
    return external.allowed()


def _bounds(geometrie: dict | None) -> tuple[float, float, float, float] | None:
    """Validate a GeoJSON zaakgeometrie (400 zaakgeometrie) and return its bounding box."""
    return geo.parse(geometrie, "zaakgeometrie").bounds if geometrie is not None else None


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


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
    """ZAAK-<jaar>-<10 cijfers>, unique per bronorganisatie, skipping numbers chosen by hand."""
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
def register_zaak(*, actor: Actor, zaaktype: ZaakType, gegevens: ZaakGegevens) -> Zaak:
    """Register a zaak of a published zaaktype.

    Rules: the zaaktype is published and valid on the startdatum (zrc-001); identificatie is
    unique per bronorganisatie or generated (zrc-002); vertrouwelijkheidaanduiding defaults to
    the zaaktype's, the planned end dates follow servicenorm and doorlooptijd (zrc-009/022);
    betaling (zrc-014), producten (zrc-015) and hoofdzaak (zrc-013) are consistent.
    Raises ValidationFailed or PermissionDenied.
    """
    vertrouwelijkheid = gegevens.vertrouwelijkheidaanduiding or zaaktype.vertrouwelijkheidaanduiding
    require(actor, "zaken.aanmaken", zaaktype, vertrouwelijkheid)
    errors: list[InvalidParam] = []
    if zaaktype.concept:
        errors.append(
            InvalidParam("zaaktype", "not-published", "Het zaaktype is nog niet gepubliceerd.")
        )
    elif not zaaktype.is_valid_on(gegevens.startdatum):
        errors.append(
            InvalidParam(
                "zaaktype",
                "zaaktype-niet-geldig",
                "Het zaaktype is niet geldig op de startdatum van de zaak.",
            )
        )
    if (
        gegevens.identificatie
        and Zaak.objects.filter(
            bronorganisatie=gegevens.bronorganisatie, identificatie=gegevens.identificatie
        ).exists()
    ):
        errors.append(
            InvalidParam(
                "identificatie",
                "identificatie-niet-uniek",
                "Deze identificatie bestaat al voor deze bronorganisatie.",
            )
        )
    if gegevens.betalingsindicatie == "nvt" and gegevens.laatste_betaaldatum:
        errors.append(
            InvalidParam(
                "laatsteBetaaldatum",
                "betaling-nvt",
                "Er is geen betaling als de betalingsindicatie 'nvt' is.",
            )
        )
    if gegevens.laatste_betaaldatum and gegevens.laatste_betaaldatum > timezone.now():
        errors.append(
            InvalidParam(
                "laatsteBetaaldatum", "date-in-future", "De betaaldatum ligt in de toekomst."
            )
        )
    unknown = [p for p in gegevens.producten_of_diensten if p not in zaaktype.producten_of_diensten]
    if unknown:
        errors.append(
            InvalidParam(
                "productenOfDiensten",
                "invalid-products-services",
                "Niet alle producten of diensten horen bij het zaaktype.",
            )
        )
    if gegevens.hoofdzaak is not None:
        if gegevens.hoofdzaak.hoofdzaak_id is not None:
            errors.append(
                InvalidParam(
                    "hoofdzaak", "deelzaak-als-hoofdzaak", "Een deelzaak kan geen hoofdzaak zijn."
                )
            )
        if gegevens.hoofdzaak.tenant_id != zaaktype.tenant_id:
            errors.append(
                InvalidParam(
                    "hoofdzaak", "invalid-resource", "De hoofdzaak hoort bij een andere gemeente."
                )
            )
    for index, relatie in enumerate(gegevens.relevante_andere_zaken):
        if not _zaak_exists(relatie.get("url", "")):
            errors.append(
                InvalidParam(
                    f"relevanteAndereZaken.{index}.url",
                    "bad-url",
                    "De URL verwijst niet naar een zaak in dit register.",
                )
            )
    if gegevens.einddatum_gepland and gegevens.einddatum_gepland < gegevens.startdatum:
        errors.append(
            InvalidParam(
                "einddatumGepland",
                "date-mismatch",
                "De geplande einddatum ligt voor de startdatum.",
            )
        )
    if gegevens.archiefstatus != "nog_te_archiveren":
        # zrc-022 holds from the start: a zaak registered as archived carries its archiving data.
        if not gegevens.archiefnominatie:
            errors.append(
                InvalidParam(
                    "archiefnominatie",
                    "archiefnominatie-not-set",
                    "Zet de archiefnominatie als de zaak al gearchiveerd is.",
                )
            )
        if not gegevens.archiefactiedatum:
            errors.append(
                InvalidParam(
                    "archiefactiedatum",
                    "archiefactiedatum-not-set",
                    "Zet de archiefactiedatum als de zaak al gearchiveerd is.",
                )
            )
    if errors:
        raise ValidationFailed(errors)

    registratiedatum = gegevens.registratiedatum or timezone.localdate()
    zaak = Zaak(
        tenant_id=zaaktype.tenant_id,
        zaaktype=zaaktype,
        identificatie=gegevens.identificatie
        or next_identificatie(gegevens.bronorganisatie, registratiedatum.year),
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
    zaak.save()
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=zaak,
        resource=zaak,
        nieuw=zaak_audit.new_zaak(zaak),
    )
    return zaak


@transaction.atomic
def add_resultaat(
    *, actor: Actor, zaak: Zaak, resultaattype: ResultaatType, toelichting: str = ""
) -> Resultaat:
    """The one resultaat of a zaak (a second is refused); its type belongs to the zaaktype (zrc-018)."""
    zaak = Zaak.objects.select_for_update(of=("self",)).select_related("zaaktype").get(pk=zaak.pk)
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    require(actor, scope, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    if resultaattype.zaaktype_id != zaak.zaaktype_id:
        raise _fail(
            "resultaattype",
            "zaaktype-mismatch",
            "Het resultaattype hoort niet bij het zaaktype van de zaak.",
        )
    if Resultaat.objects.filter(zaak=zaak).exists():
        raise _fail("zaak", "unique", "Deze zaak heeft al een resultaat.")
    resultaat = Resultaat.objects.create(
        tenant_id=zaak.tenant_id, zaak=zaak, resultaattype=resultaattype, toelichting=toelichting
    )
    audit.record(
        actor=actor,
        actie="create",
        hoofd_object=zaak,
        resource=resultaat,
        nieuw=audit.snapshot(resultaat),
    )
    return resultaat


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
    """Keep the deadlines current (iwerk.zaken.termijnen), unless the change sets them itself.

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
def update_zaak(*, actor: Actor, zaak: Zaak, changes: dict) -> Zaak:
    """Change a zaak's own fields (PUT/PATCH, werkplek forms).

    Rules: a closed zaak changes only with zaken.geforceerd-bijwerken (zrc-007); identificatie,
    bronorganisatie and zaaktype are fixed (docs/adr/0011); archiefstatus other than
    nog_te_archiveren needs archiefnominatie and archiefactiedatum (zrc-022); betaling 'nvt'
    clears laatsteBetaaldatum (zrc-014); the new vertrouwelijkheid must stay within the client's
    autorisatie. Raises ValidationFailed or PermissionDenied.
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
    merged = {**{k: getattr(zaak, k) for k in changes}, **changes}
    if merged.get("archiefstatus", zaak.archiefstatus) != "nog_te_archiveren":
        if not merged.get("archiefnominatie", zaak.archiefnominatie):
            errors.append(
                InvalidParam(
                    "archiefnominatie",
                    "archiefnominatie-not-set",
                    "Zet eerst de archiefnominatie voordat de zaak gearchiveerd wordt.",
                )
            )
        if not merged.get("archiefactiedatum", zaak.archiefactiedatum):
            errors.append(
                InvalidParam(
                    "archiefactiedatum",
                    "archiefactiedatum-not-set",
                    "Zet eerst de archiefactiedatum voordat de zaak gearchiveerd wordt.",
                )
            )
        if documents_not_archived(zaak):
            errors.append(
                InvalidParam(
                    "nonFieldErrors",
                    "documents-not-archived",
                    "Alle documenten van de zaak moeten de status 'gearchiveerd' hebben.",
                )
            )
    for index, relatie in enumerate(changes.get("relevante_andere_zaken", [])):
        if not _zaak_exists(relatie.get("url", "")):
            errors.append(
                InvalidParam(
                    f"relevanteAndereZaken.{index}.url",
                    "bad-url",
                    "De URL verwijst niet naar een zaak in dit register.",
                )
            )
    if changes.get("betalingsindicatie") == "nvt":
        if changes.get("laatste_betaaldatum"):
            errors.append(
                InvalidParam(
                    "laatsteBetaaldatum",
                    "betaling-nvt",
                    "Er is geen betaling als de betalingsindicatie 'nvt' is.",
                )
            )
        changes["laatste_betaaldatum"] = None
    if errors:
        raise ValidationFailed(errors)
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
    return zaak


@transaction.atomic
def delete_zaak(*, actor: Actor, zaak: Zaak) -> None:
    """Hard delete with everything that belongs to it, deelzaken included (zrc-023)."""
    require(actor, "zaken.verwijderen", zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    if ZaakBesluit.objects.filter(Q(zaak=zaak) | Q(zaak__hoofdzaak=zaak)).exists():
        # A besluit is a legal record: it is deleted in the Besluiten register first (docs/adr/0015).
        raise Conflict(
            "Bij deze zaak horen besluiten; verwijder die eerst via de Besluiten API.",
            code="pending-besluit-relations",
        )
    # The audit trail goes with the zaak and its deelzaken (zrc-023: hard delete, no soft delete).
    doomed = [zaak.uuid, *Zaak.objects.filter(hoofdzaak=zaak).values_list("uuid", flat=True)]
    auditketen.afvoeren(
        AuditTrail.objects.filter(hoofd_object_uuid__in=doomed), "zrc-023: zaak verwijderd"
    )
    for deelzaak in Zaak.objects.filter(hoofdzaak=zaak).select_related("zaaktype"):
        audit.announce_destroy(deelzaak)
    audit.announce_destroy(zaak)
    # Their documents no longer belong to them in the Documenten register either (zrc-005).
    documenten.unlink_objects([f"{ZAKEN_PATH}/{key}" for key in doomed])
    zaak.delete()
    generations.bump("zaken")  # no audit record survives this change to move it


@transaction.atomic
def change_resultaat(
    *, actor: Actor, resultaat: Resultaat, resultaattype: ResultaatType, toelichting: str
) -> Resultaat:
    zaak = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .get(pk=resultaat.zaak_id)
    )
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    require(actor, scope, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    if resultaattype.zaaktype_id != zaak.zaaktype_id:
        raise _fail(
            "resultaattype",
            "zaaktype-mismatch",
            "Het resultaattype hoort niet bij het zaaktype van de zaak.",
        )
    oud = audit.snapshot(resultaat)
    resultaat.resultaattype = resultaattype
    resultaat.toelichting = toelichting
    resultaat.save(update_fields=["resultaattype", "toelichting"])
    audit.record(
        actor=actor,
        actie="update",
        hoofd_object=zaak,
        resource=resultaat,
        oud=oud,
        nieuw=audit.snapshot(resultaat),
    )
    return resultaat


@transaction.atomic
def delete_resultaat(*, actor: Actor, resultaat: Resultaat) -> None:
    zaak = (
        Zaak.objects.select_for_update(of=("self",))
        .select_related("zaaktype")
        .get(pk=resultaat.zaak_id)
    )
    scope = "zaken.geforceerd-bijwerken" if zaak.is_closed else "zaken.bijwerken"
    require(actor, scope, zaak.zaaktype, zaak.vertrouwelijkheidaanduiding)
    oud = audit.snapshot(resultaat)
    audit.record(actor=actor, actie="destroy", hoofd_object=zaak, resource=resultaat, oud=oud)
    resultaat.delete()
