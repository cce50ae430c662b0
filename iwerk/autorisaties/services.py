"""Every change to the Autorisaties register, with the AC rules (ac-001 … ac-003)."""

from __future__ import annotations

import re
import secrets as secrets_module
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from iwerk.autorisaties.gebeurtenissen import ApplicatieGewijzigd
from iwerk.autorisaties.models import (
    Applicatie,
    ApplicatieClient,
    Autorisatie,
    CatalogusAutorisatie,
    JWTSecret,
)
from iwerk.autorisaties.scopes import (
    MAIN_RESOURCE,
    MIGREREN,
    NEEDS_MAX_VERTROUWELIJKHEID,
    ORDINARY,
    TYPE_FIELD,
    concerns_main_resource,
)
from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import Catalogus
from iwerk.core import gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.models import Gemeente
from iwerk.core.validators import check_secret

_TYPE_PATH = re.compile(
    r"/catalogi/api/v1/(zaaktypen|informatieobjecttypen|besluittypen)/([0-9a-fA-F-]{36})/?$"
)


@dataclass(frozen=True)
class AutorisatieSpec:
    component: str
    scopes: Sequence[str]
    zaaktype: str = ""
    informatieobjecttype: str = ""
    besluittype: str = ""
    max_vertrouwelijkheidaanduiding: str = ""


def _validate(
    client_ids: Sequence[str],
    heeft_alle: bool,
    specs: Sequence[AutorisatieSpec],
    applicatie: Applicatie | None,
) -> list[InvalidParam]:
    errors: list[InvalidParam] = []
    taken = ApplicatieClient.objects.filter(client_id__in=list(client_ids))
    if applicatie is not None:
        taken = taken.exclude(applicatie=applicatie)
    for client_id in taken.values_list("client_id", flat=True):
        errors.append(
            InvalidParam(
                "clientIds",
                "clientId-exists",
                f"De client_id '{client_id}' is al in gebruik bij een andere applicatie.",
            )
        )
    if len(set(client_ids)) != len(client_ids):
        errors.append(
            InvalidParam("clientIds", "unique", "Een client_id mag maar één keer voorkomen.")
        )
    if heeft_alle and specs:
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "ambiguous-authorizations-specified",
                "Geef óf heeftAlleAutorisaties óf een lijst autorisaties, niet beide.",
            )
        )
    if not heeft_alle and not specs:
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "missing-authorizations",
                "Geef heeftAlleAutorisaties of minstens één autorisatie op.",
            )
        )
    for index, spec in enumerate(specs):
        # ac-003: autorisaties on zaken, documenten and besluiten name their type (and for zaken
        # and documenten a maximum vertrouwelijkheidaanduiding) — only when a scope concerns
        # them: a zrc autorisatie with only audittrails.lezen needs neither. Scopes no API
        # checks are stored as given, as the reference implementation does (ADR 0026).
        if not concerns_main_resource(spec.component, spec.scopes):
            continue
        prefix = f"autorisaties.{index}"
        type_field = TYPE_FIELD[spec.component]
        if not getattr(spec, type_field):
            errors.append(
                InvalidParam(
                    f"{prefix}.{type_field}",
                    "required",
                    f"Dit veld is vereist als de scopes {MAIN_RESOURCE[spec.component]} betreffen.",
                )
            )
        if (
            spec.component in NEEDS_MAX_VERTROUWELIJKHEID
            and not spec.max_vertrouwelijkheidaanduiding
        ):
            errors.append(
                InvalidParam(
                    f"{prefix}.maxVertrouwelijkheidaanduiding",
                    "required",
                    f"Dit veld is vereist als de scopes {MAIN_RESOURCE[spec.component]} betreffen.",
                )
            )
    return errors


def _tenants_of(specs: Sequence[AutorisatieSpec]) -> set[int]:
    """The gemeenten of the local types these autorisaties name (unknown URLs name none)."""
    wanted: dict[str, set[str]] = {}
    for spec in specs:
        type_field = TYPE_FIELD.get(spec.component)
        url = getattr(spec, type_field) if type_field else ""
        if url and (match := _TYPE_PATH.search(url)):
            wanted.setdefault(match.group(1), set()).add(match.group(2).lower())
    tenants: set[int] = set()
    for kind, uuids in wanted.items():
        tenants |= {
            ref.tenant_id for ref in catalogi_selectors.type_refs_by_uuid(kind, uuids).values()
        }
    return tenants


def _stored(spec: AutorisatieSpec) -> AutorisatieSpec:
    """What is kept of an autorisatie: the type field of its own component only (the others are
    no part of that component's schema and ignored, as the reference implementation does) and a
    maximum vertrouwelijkheidaanduiding only for zaken and documenten."""
    type_field = TYPE_FIELD.get(spec.component, "")
    return AutorisatieSpec(
        component=spec.component,
        scopes=list(dict.fromkeys(spec.scopes)),
        **({type_field: getattr(spec, type_field)} if type_field else {}),
        max_vertrouwelijkheidaanduiding=spec.max_vertrouwelijkheidaanduiding
        if spec.component in NEEDS_MAX_VERTROUWELIJKHEID
        else "",
    )


def _check_within_tenancy(actor: Actor, applicatie: Applicatie) -> None:
    """A client limited to some gemeenten changes only applicaties that reach no other gemeente.

    The visible applicaties (selectors.applicaties_visible_to) already work for its gemeenten
    only; this also looks at the types their autorisaties name, which beheer may have set.
    """
    tenants = actor.catalogi_tenant_ids
    if tenants is None:
        return
    current = [
        AutorisatieSpec(
            component=a.component,
            scopes=a.scopes,
            zaaktype=a.zaaktype,
            informatieobjecttype=a.informatieobjecttype,
            besluittype=a.besluittype,
        )
        for a in applicatie.autorisaties.all()
    ]
    reached = _tenants_of(current) | set(
        applicatie.catalogus_autorisaties.values_list("catalogus__tenant_id", flat=True)
    )
    if not reached <= tenants:
        raise PermissionDenied(
            "Deze applicatie heeft autorisaties bij andere gemeenten en mag door deze client "
            "niet gewijzigd worden."
        )


@transaction.atomic
def save_applicatie(
    *,
    actor: Actor,
    applicatie: Applicatie | None,
    client_ids: Sequence[str],
    label: str,
    heeft_alle_autorisaties: bool,
    alleen_is_gereed_voor_publicatie: bool,
    autorisaties: Sequence[AutorisatieSpec],
) -> Applicatie:
    """Create or replace an applicatie with its client ids and autorisaties (ADR 0026).

    A new applicatie gets the tenancy of the client that registers it: all gemeenten for a
    client of all gemeenten, otherwise that client's gemeenten. A later change keeps the
    tenancy; the gemeenten of the types its autorisaties name are added to it. A client limited
    to some gemeenten can only grant rights on those gemeenten' types and never
    heeftAlleAutorisaties: it cannot hand out more than it may see itself.
    """
    actor.require(("ac", "autorisaties.bijwerken"))
    errors = _validate(client_ids, heeft_alle_autorisaties, autorisaties, applicatie)
    if errors:
        raise ValidationFailed(errors)
    autorisaties = [_stored(spec) for spec in autorisaties]
    tenants = _tenants_of(autorisaties)
    registrar = actor.catalogi_tenant_ids
    if registrar is not None:
        if heeft_alle_autorisaties:
            raise PermissionDenied(
                "Alleen een applicatie die voor alle gemeenten werkt mag heeftAlleAutorisaties "
                "toekennen."
            )
        if not tenants <= registrar:
            raise PermissionDenied(
                "Deze applicatie mag geen autorisaties op typen van andere gemeenten toekennen."
            )
    if applicatie is None:
        applicatie = Applicatie(alle_gemeenten=registrar is None)
        gemeenten = set(registrar or ())
    else:
        _check_within_tenancy(actor, applicatie)
        gemeenten = {g.pk for g in applicatie.gemeenten.all()}
    applicatie.label = label
    applicatie.heeft_alle_autorisaties = heeft_alle_autorisaties
    applicatie.alleen_is_gereed_voor_publicatie = alleen_is_gereed_voor_publicatie
    actie = "update" if applicatie.pk else "create"
    applicatie.save()
    gebeurtenissen.publiceer(ApplicatieGewijzigd(applicatie.uuid, actie))  # iwerk/verbindingen.py
    applicatie.clients.exclude(client_id__in=list(client_ids)).delete()
    existing = set(applicatie.clients.values_list("client_id", flat=True))
    ApplicatieClient.objects.bulk_create(
        [
            ApplicatieClient(applicatie=applicatie, client_id=c)
            for c in client_ids
            if c not in existing
        ]
    )
    applicatie.autorisaties.all().delete()
    applicatie.catalogus_autorisaties.all().delete()
    Autorisatie.objects.bulk_create(
        [
            Autorisatie(
                applicatie=applicatie,
                component=spec.component,
                scopes=list(spec.scopes),
                zaaktype=spec.zaaktype,
                informatieobjecttype=spec.informatieobjecttype,
                besluittype=spec.besluittype,
                max_vertrouwelijkheidaanduiding=spec.max_vertrouwelijkheidaanduiding,
            )
            for spec in autorisaties
        ]
    )
    if not applicatie.alle_gemeenten and gemeenten | tenants != {
        g.pk for g in applicatie.gemeenten.all()
    }:
        applicatie.gemeenten.set(gemeenten | tenants)
    _bump()
    return applicatie


def _bump() -> None:
    # bulk_create/update skip signals; the generation must move with every change.
    from iwerk.autorisaties.signals import bump_generation

    bump_generation()


@transaction.atomic
def delete_applicatie(*, actor: Actor, applicatie: Applicatie) -> None:
    actor.require(("ac", "autorisaties.bijwerken"))
    _check_within_tenancy(actor, applicatie)
    uuid = applicatie.uuid
    applicatie.delete()
    _bump()
    gebeurtenissen.publiceer(ApplicatieGewijzigd(uuid, "destroy"))  # see iwerk/verbindingen.py


# --- Provider-side registration (CLI, admin) -------------------------------------------

# "All scopes" never includes <component>.migreren: that one is granted on purpose (ADR 0063).
ALL_SCOPES_PER_COMPONENT = {component: sorted(scopes) for component, scopes in ORDINARY.items()}


@transaction.atomic
def set_secret(*, client_id: str, secret: str | None) -> str:
    """Give a client id its JWT secret and nothing else (the standard leaves the secret to the
    provider): for an applicatie registered through the Autorisaties API, whose autorisaties and
    tenancy stay as registered. Returns the secret (generated when none was given)."""
    if not ApplicatieClient.objects.filter(client_id=client_id).exists():
        raise ValueError(f"Geen applicatie met client_id '{client_id}'.")
    if secret is not None:
        check_secret(secret)
    secret = secret or secrets_module.token_urlsafe(32)
    JWTSecret.objects.update_or_create(client_id=client_id, defaults={"secret": secret})
    _bump()
    return secret


@transaction.atomic
def register_client(
    *,
    client_id: str,
    secret: str | None,
    label: str | None = None,
    alle_autorisaties: bool = False,
    gemeenten: Sequence[Gemeente] = (),
    max_vertrouwelijkheidaanduiding: str = "zeer_geheim",
    migreren: bool = False,
) -> tuple[Applicatie, str]:
    """Register (or update) an API client with its JWT secret, idempotently.

    With gemeenten, the applicatie gets catalogus-level autorisaties on every catalogus
    of those gemeenten, for every component, including types created later; with migreren
    also each component's `<component>.migreren` scope (a supplier's migration tool, ADR 0063).
    Returns the applicatie and the secret (generated when none was given).
    """
    if not alle_autorisaties and not gemeenten:
        raise ValueError("Kies --alle-autorisaties of minstens één --gemeente.")
    if migreren and alle_autorisaties:
        raise ValueError("--migreren geldt voor de catalogi van een --gemeente, niet voor alles.")

    def scopes(component: str) -> list[str]:
        extra = [MIGREREN[component]] if migreren and component in MIGREREN else []
        return sorted([*ALL_SCOPES_PER_COMPONENT[component], *extra])

    if secret is not None:
        check_secret(secret)
    secret = secret or secrets_module.token_urlsafe(32)
    JWTSecret.objects.update_or_create(client_id=client_id, defaults={"secret": secret})
    client = (
        ApplicatieClient.objects.filter(client_id=client_id).select_related("applicatie").first()
    )
    applicatie = (
        client.applicatie if client else Applicatie.objects.create(label=label or client_id)
    )
    if client is None:
        gebeurtenissen.publiceer(ApplicatieGewijzigd(applicatie.uuid, "create"))
        ApplicatieClient.objects.create(applicatie=applicatie, client_id=client_id)
    applicatie.label = label or applicatie.label
    applicatie.heeft_alle_autorisaties = alle_autorisaties
    applicatie.save()
    gebeurtenissen.publiceer(ApplicatieGewijzigd(applicatie.uuid, "update"))  # verbindingen.py
    applicatie.autorisaties.all().delete()
    applicatie.catalogus_autorisaties.all().delete()
    applicatie.gemeenten.set(gemeenten)
    if not alle_autorisaties:
        # Catalogi and notificaties are bound to no type: visibility follows the gemeenten.
        # Managing autorisaties (ac) stays with the shared organisation.
        Autorisatie.objects.bulk_create(
            [
                Autorisatie(
                    applicatie=applicatie,
                    component=component,
                    scopes=scopes(component),
                )
                for component in ("ztc", "nrc")
            ]
        )
        rows = []
        for catalogus in Catalogus.objects.filter(tenant__in=list(gemeenten)):
            for component in TYPE_FIELD:
                rows.append(
                    CatalogusAutorisatie(
                        applicatie=applicatie,
                        catalogus=catalogus,
                        component=component,
                        scopes=scopes(component),
                        max_vertrouwelijkheidaanduiding=max_vertrouwelijkheidaanduiding
                        if component in NEEDS_MAX_VERTROUWELIJKHEID
                        else "",
                    )
                )
        CatalogusAutorisatie.objects.bulk_create(rows)
    _bump()
    return applicatie, secret
