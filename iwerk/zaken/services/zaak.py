"""Registering a zaak, its identificatie and its resultaat (zrc-001 … zrc-022)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from dateutil.relativedelta import relativedelta
from django.conf import settings
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
from iwerk.referentielijsten import selectors as referentielijsten
from iwerk.zaken import audit as zaak_audit
from iwerk.zaken import selectors
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


def _zaak_exists(actor: Actor, url: str, scope: str) -> bool:
    """A relevante andere zaak is a zaak of this register that the client may see (zrc-011; one
    it may not see is answered like one that does not exist, so its existence is not revealed —
    ADR 0027), or — when external registers are allowed — one the API layer has fetched from
    another; hosts are checked there."""
    match = _ZAAK_PATH.search(urlsplit(url).path)
    if match:
        zaak = Zaak.objects.select_related("zaaktype").filter(uuid=match.group(1)).first()
        if zaak is not None:
            return selectors.zaak_visible(actor, zaak, ("zaken.lezen", scope))
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


# The zaak fields the shared rules read (ZaakGegevens names = Zaak model field names).
CHECKED = (
    "startdatum",
    "einddatum_gepland",
    "communicatiekanaal",
    "producten_of_diensten",
    "betalingsindicatie",
    "laatste_betaaldatum",
    "relevante_andere_zaken",
    "archiefnominatie",
    "archiefstatus",
    "archiefactiedatum",
)


def default_own_hosts() -> set[str]:
    """Hosts whose URLs name this installation when no request says so (portaal, werkplek)."""
    return {urlsplit(settings.IWERK_BASE_URL).netloc, *settings.IWERK_API_HOSTS}


def _is_kanaal(data: object) -> bool:
    """The shape of a Referentielijsten communicatiekanaal: {url, naam, omschrijving}."""
    return isinstance(data, dict) and all(
        isinstance(data.get(key), str) for key in ("naam", "omschrijving")
    )


def _own_referentielijsten(url: str, own_hosts: set[str]) -> bool:
    """Whether url lies in the Referentielijsten API that answers for this installation.

    The public deployments (KNOWN_PUBLIC_BASES) share the Selectielijst data but not iwerk's
    communicatiekanalen: theirs are other registers, fetched like any other.
    """
    configured = settings.IWERK_REFERENTIELIJSTEN_URL.rstrip("/")
    if configured:
        return url.startswith(configured + "/")
    parts = urlsplit(url)
    return parts.netloc in own_hosts and parts.path.startswith(referentielijsten.LOCAL_PREFIX + "/")


def _check_communicatiekanaal(url: str, own_hosts: set[str]) -> InvalidParam | None:
    """zrc-010: the URL answers with a communicatiekanaal (docs/adr/0027).

    A communicatiekanaal of the Referentielijsten this installation uses (its own API, or the
    one configured in IWERK_REFERENTIELIJSTEN_URL) is looked up there; any other URL is fetched
    when external registers are allowed, and refused (bad-url) when they are not. A resource
    that does not look like {url, naam, omschrijving} is invalid-resource.
    """
    name = "communicatiekanaal"
    try:
        found = referentielijsten.lookup(url, "communicatiekanalen", own_hosts=own_hosts)
    except referentielijsten.ReferentieNotFound:
        found = None
    if found is not None:
        if isinstance(found, dict) and not _is_kanaal(found):
            return InvalidParam(
                name, "invalid-resource", "De URL levert geen communicatiekanaal op."
            )
        return None
    if _own_referentielijsten(url, own_hosts):
        path = urlsplit(url).path.rstrip("/")
        if "/communicatiekanalen/" not in path and re.search(r"/[a-z]+/[0-9a-fA-F-]{36}$", path):
            return InvalidParam(
                name, "invalid-resource", "De URL verwijst naar een ander soort resource."
            )
        return InvalidParam(
            name, "bad-url", "Dit communicatiekanaal bestaat niet in de Referentielijsten."
        )
    if not external.allowed():
        return InvalidParam(
            name,
            "bad-url",
            "De URL verwijst niet naar een communicatiekanaal van de Referentielijsten en "
            "externe registers zijn niet toegestaan.",
        )
    try:
        data = external.fetch_json(url, name)
    except ValidationFailed as exc:
        return exc.params[0]
    if not _is_kanaal(data):
        return InvalidParam(name, "invalid-resource", "De URL levert geen communicatiekanaal op.")
    return None


def _check_hoofdzaak(
    actor: Actor, zaaktype: ZaakType, hoofdzaak: Zaak, zaak: Zaak | None, scope: str
) -> list[InvalidParam]:
    """zrc-013 and tenancy: a visible zaak of the same gemeente that is not a deelzaak itself."""
    if not selectors.zaak_visible(actor, hoofdzaak, ("zaken.lezen", scope)):
        # Answered as for a zaak that does not exist: its existence is not revealed.
        return [
            InvalidParam("hoofdzaak", "bad-url", "De URL verwijst niet naar een bestaande zaak.")
        ]
    if zaak is not None and hoofdzaak.pk == zaak.pk:
        return [
            InvalidParam(
                "hoofdzaak", "self-forbidden", "Een zaak kan niet zijn eigen hoofdzaak zijn."
            )
        ]
    errors = []
    if hoofdzaak.hoofdzaak_id is not None:
        errors.append(
            InvalidParam(
                "hoofdzaak", "deelzaak-als-hoofdzaak", "Een deelzaak kan geen hoofdzaak zijn."
            )
        )
    if hoofdzaak.tenant_id != zaaktype.tenant_id:
        errors.append(
            InvalidParam(
                "hoofdzaak", "invalid-resource", "De hoofdzaak hoort bij een andere gemeente."
            )
        )
    if zaak is not None and Zaak.objects.filter(hoofdzaak=zaak).exists():
        # zrc-013: deelzaken of deelzaken are not allowed, so a hoofdzaak stays one.
        errors.append(
            InvalidParam(
                "hoofdzaak",
                "deelzaak-als-hoofdzaak",
                "Deze zaak heeft zelf deelzaken en kan geen deelzaak worden.",
            )
        )
    return errors


def check_zaak(
    *,
    actor: Actor,
    zaaktype: ZaakType,
    values: dict,
    zaak: Zaak | None,
    scope: str,
    own_hosts: set[str],
) -> list[InvalidParam]:
    """The rules a zaak obeys after every create and update (register_zaak, update_zaak).

    values holds the zaak as it will be (every name of CHECKED, and `hoofdzaak` when it is
    set or changed); zaak is the stored zaak on update, None on create. What is checked by
    looking elsewhere (the communicatiekanaal, the hoofdzaak, relevante andere zaken) is
    checked when it is new or changed: what the register holds was checked when stored.
    """

    def changed(name: str) -> bool:
        return zaak is None or values[name] != getattr(zaak, name)

    errors: list[InvalidParam] = []
    # zrc-001: a published zaaktype, valid on the startdatum (the zaaktype itself is fixed).
    if zaaktype.concept:
        errors.append(
            InvalidParam("zaaktype", "not-published", "Het zaaktype is nog niet gepubliceerd.")
        )
    elif changed("startdatum") and not zaaktype.is_valid_on(values["startdatum"]):
        errors.append(
            InvalidParam(
                "zaaktype",
                "zaaktype-niet-geldig",
                "Het zaaktype is niet geldig op de startdatum van de zaak.",
            )
        )
    # zrc-014: no betaaldatum without a betaling (on update an unchanged one is cleared), and
    # none in the future.
    if (
        values["betalingsindicatie"] == "nvt"
        and values["laatste_betaaldatum"]
        and changed("laatste_betaaldatum")
    ):
        errors.append(
            InvalidParam(
                "laatsteBetaaldatum",
                "betaling-nvt",
                "Er is geen betaling als de betalingsindicatie 'nvt' is.",
            )
        )
    betaaldatum = values["laatste_betaaldatum"]
    if betaaldatum and timezone.is_naive(betaaldatum):
        betaaldatum = timezone.make_aware(betaaldatum)  # local time, as offset-less API input
    if betaaldatum and betaaldatum > timezone.now():
        errors.append(
            InvalidParam(
                "laatsteBetaaldatum", "date-in-future", "De betaaldatum ligt in de toekomst."
            )
        )
    # zrc-015: the zaak's producten of diensten are the zaaktype's.
    if any(p not in zaaktype.producten_of_diensten for p in values["producten_of_diensten"]):
        errors.append(
            InvalidParam(
                "productenOfDiensten",
                "invalid-products-services",
                "Niet alle producten of diensten horen bij het zaaktype.",
            )
        )
    # zrc-010: the communicatiekanaal resolves to one.
    if values["communicatiekanaal"] and changed("communicatiekanaal"):
        problem = _check_communicatiekanaal(values["communicatiekanaal"], own_hosts)
        if problem is not None:
            errors.append(problem)
    # zrc-013: the hoofdzaak.
    hoofdzaak = values.get("hoofdzaak")
    if hoofdzaak is not None and (zaak is None or hoofdzaak.pk != zaak.hoofdzaak_id):
        errors.extend(_check_hoofdzaak(actor, zaaktype, hoofdzaak, zaak, scope))
    # zrc-011: relevante andere zaken exist.
    if changed("relevante_andere_zaken"):
        for index, relatie in enumerate(values["relevante_andere_zaken"]):
            if not _zaak_exists(actor, relatie.get("url", ""), scope):
                errors.append(
                    InvalidParam(
                        f"relevanteAndereZaken.{index}.url",
                        "bad-url",
                        "De URL verwijst niet naar een zaak in dit register.",
                    )
                )
    if (
        values["einddatum_gepland"]
        and values["startdatum"]
        and values["einddatum_gepland"] < values["startdatum"]
    ):
        errors.append(
            InvalidParam(
                "einddatumGepland",
                "date-mismatch",
                "De geplande einddatum ligt voor de startdatum.",
            )
        )
    # zrc-022: a zaak that is archived carries its archiving data, and so do its documents.
    if values["archiefstatus"] != "nog_te_archiveren":
        if not values["archiefnominatie"]:
            errors.append(
                InvalidParam(
                    "archiefnominatie",
                    "archiefnominatie-not-set",
                    "Zet de archiefnominatie als de zaak gearchiveerd is.",
                )
            )
        if not values["archiefactiedatum"]:
            errors.append(
                InvalidParam(
                    "archiefactiedatum",
                    "archiefactiedatum-not-set",
                    "Zet de archiefactiedatum als de zaak gearchiveerd is.",
                )
            )
        if zaak is not None and documents_not_archived(zaak):
            errors.append(
                InvalidParam(
                    "nonFieldErrors",
                    "documents-not-archived",
                    "Alle documenten van de zaak moeten de status 'gearchiveerd' hebben.",
                )
            )
    return errors


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
    unique per bronorganisatie or generated (zrc-002); vertrouwelijkheidaanduiding defaults to
    the zaaktype's, the planned end dates follow servicenorm and doorlooptijd (zrc-009/022).
    own_hosts are the hosts that name this installation in URLs (default: IWERK_BASE_URL's and
    IWERK_API_HOSTS). Raises ValidationFailed or PermissionDenied.
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
        errors.append(
            InvalidParam(
                "identificatie",
                "identificatie-niet-uniek",
                "Deze identificatie bestaat al voor deze bronorganisatie.",
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
        AuditTrail.objects.filter(hoofd_object_uuid__in=doomed),
        "zrc-023",
        actor=actor,
        object_path=audit.object_path(zaak),
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
