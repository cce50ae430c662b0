"""Every change to the Autorisaties register, with the AC rules (ac-001 … ac-003)."""

from __future__ import annotations

import re
import secrets as secrets_module
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from iwerk.autorisaties.models import (
    Applicatie,
    ApplicatieClient,
    Autorisatie,
    CatalogusAutorisatie,
    JWTSecret,
)
from iwerk.autorisaties.scopes import NEEDS_MAX_VERTROUWELIJKHEID, SCOPES, TYPE_FIELD
from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.catalogi.models import Catalogus
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.models import Gemeente

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
        prefix = f"autorisaties.{index}"
        unknown = [scope for scope in spec.scopes if scope not in SCOPES[spec.component]]
        if unknown:
            errors.append(
                InvalidParam(
                    f"{prefix}.scopes",
                    "invalid-scope",
                    f"Onbekende scope(s) voor component {spec.component}: {', '.join(unknown)}.",
                )
            )
        type_field = TYPE_FIELD.get(spec.component)
        for field in ("zaaktype", "informatieobjecttype", "besluittype"):
            if field != type_field and getattr(spec, field):
                errors.append(
                    InvalidParam(
                        f"{prefix}.{field}",
                        "must-be-empty",
                        f"Dit veld hoort niet bij component {spec.component}.",
                    )
                )
        # ac-003: autorisaties on zaken, documenten and besluiten name their type.
        if type_field and spec.scopes and not getattr(spec, type_field):
            errors.append(
                InvalidParam(
                    f"{prefix}.{type_field}", "required", "Dit veld is vereist voor deze component."
                )
            )
        if (
            spec.component in NEEDS_MAX_VERTROUWELIJKHEID
            and spec.scopes
            and not spec.max_vertrouwelijkheidaanduiding
        ):
            errors.append(
                InvalidParam(
                    f"{prefix}.maxVertrouwelijkheidaanduiding",
                    "required",
                    "Dit veld is vereist voor deze component.",
                )
            )
    return errors


def _tenants_of(specs: Sequence[AutorisatieSpec]) -> set[int]:
    wanted: dict[str, set[str]] = {}
    for spec in specs:
        for field in ("zaaktype", "informatieobjecttype", "besluittype"):
            url = getattr(spec, field)
            if url and (match := _TYPE_PATH.search(url)):
                wanted.setdefault(match.group(1), set()).add(match.group(2).lower())
    tenants: set[int] = set()
    for kind, uuids in wanted.items():
        tenants |= {
            ref.tenant_id for ref in catalogi_selectors.type_refs_by_uuid(kind, uuids).values()
        }
    return tenants


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
    """Create or replace an applicatie with its client ids and autorisaties.

    A client limited to some gemeenten can only grant rights on those gemeenten' types and
    never heeftAlleAutorisaties: it cannot hand out more than it may see itself.
    """
    actor.require(("ac", "autorisaties.bijwerken"))
    errors = _validate(client_ids, heeft_alle_autorisaties, autorisaties, applicatie)
    if errors:
        raise ValidationFailed(errors)
    tenants = _tenants_of(autorisaties)
    if actor.catalogi_tenant_ids is not None:
        if heeft_alle_autorisaties:
            raise PermissionDenied(
                "Alleen een applicatie met alle autorisaties mag heeftAlleAutorisaties toekennen."
            )
        if not tenants <= actor.catalogi_tenant_ids:
            raise PermissionDenied(
                "Deze applicatie mag geen autorisaties op typen van andere gemeenten toekennen."
            )
    if applicatie is None:
        applicatie = Applicatie()
    applicatie.label = label
    applicatie.heeft_alle_autorisaties = heeft_alle_autorisaties
    applicatie.alleen_is_gereed_voor_publicatie = alleen_is_gereed_voor_publicatie
    applicatie.save()
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
    applicatie.gemeenten.set(tenants)
    _bump()
    return applicatie


def _bump() -> None:
    # bulk_create/update skip signals; the generation must move with every change.
    from iwerk.autorisaties.signals import bump_generation

    bump_generation()


@transaction.atomic
def delete_applicatie(*, actor: Actor, applicatie: Applicatie) -> None:
    actor.require(("ac", "autorisaties.bijwerken"))
    applicatie.delete()
    _bump()


# --- Provider-side registration (CLI, admin) -------------------------------------------

ALL_SCOPES_PER_COMPONENT = {component: sorted(scopes) for component, scopes in SCOPES.items()}


@transaction.atomic
def register_client(
    *,
    client_id: str,
    secret: str | None,
    label: str | None = None,
    alle_autorisaties: bool = False,
    gemeenten: Sequence[Gemeente] = (),
    max_vertrouwelijkheidaanduiding: str = "zeer_geheim",
) -> tuple[Applicatie, str]:
    """Register (or update) an API client with its JWT secret, idempotently.

    With gemeenten, the applicatie gets catalogus-level autorisaties on every catalogus
    of those gemeenten, for every component, including types created later.
    Returns the applicatie and the secret (generated when none was given).
    """
    if not alle_autorisaties and not gemeenten:
        raise ValueError("Kies --alle-autorisaties of minstens één --gemeente.")
    secret = secret or secrets_module.token_urlsafe(32)
    JWTSecret.objects.update_or_create(client_id=client_id, defaults={"secret": secret})
    client = (
        ApplicatieClient.objects.filter(client_id=client_id).select_related("applicatie").first()
    )
    applicatie = (
        client.applicatie if client else Applicatie.objects.create(label=label or client_id)
    )
    if client is None:
        ApplicatieClient.objects.create(applicatie=applicatie, client_id=client_id)
    applicatie.label = label or applicatie.label
    applicatie.heeft_alle_autorisaties = alle_autorisaties
    applicatie.save()
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
                    scopes=ALL_SCOPES_PER_COMPONENT[component],
                )
                for component in ("ztc", "nrc")
            ]
        )
        rows = []
        for catalogus in Catalogus.objects.filter(tenant__in=list(gemeenten)):
            for component in TYPE_FIELD:
                scopes = ALL_SCOPES_PER_COMPONENT[component]
                rows.append(
                    CatalogusAutorisatie(
                        applicatie=applicatie,
                        catalogus=catalogus,
                        component=component,
                        scopes=scopes,
                        max_vertrouwelijkheidaanduiding=max_vertrouwelijkheidaanduiding
                        if component in NEEDS_MAX_VERTROUWELIJKHEID
                        else "",
                    )
                )
        CatalogusAutorisatie.objects.bulk_create(rows)
    _bump()
    return applicatie, secret
