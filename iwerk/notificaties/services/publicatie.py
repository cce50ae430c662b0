"""Who may publish what through POST /notificaties, and who then hears of it (ADR 0028).

A published message names its hoofdObject and resourceUrl. When they point at this
installation, the publisher must be able to read the object the way the registers' own APIs
decide it (tenancy and autorisaties), and the message then goes through the same delivery
filter as iwerk's own notifications (rules H3). The registers alone announce that one of their
main objects was destroyed. Messages about other installations' objects are taken only when
external registers are allowed, and reach only applicaties that work for every gemeente the
publisher works for.
"""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings
from django.db.models import Model, QuerySet

from iwerk.autorisaties.selectors import applicaties_visible_to
from iwerk.besluiten import selectors as besluiten_selectors
from iwerk.catalogi import selectors as catalogi_selectors
from iwerk.core import audit, external
from iwerk.core.api.actor import Actor
from iwerk.core.api.endpoint import ApiRequest
from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.api.references import is_own_host
from iwerk.core.models import AuditTrail
from iwerk.documenten import selectors as documenten_selectors
from iwerk.zaken import selectors as zaken_selectors

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_MAIN = re.compile(rf"/(?P<api>[a-z]+)/api/v1/(?P<kind>[a-z]+)/(?P<uuid>{_UUID})/?")
_DEFAULT_PORT = {"http": 80, "https": 443}

# Who may read a catalogi type through the Catalogi API (catalogi.api.views.common.READ).
_CATALOGI_READ = (
    ("ztc", "catalogi.lezen"),
    ("zrc", "zaken.lezen"),
    ("drc", "documenten.lezen"),
    ("brc", "besluiten.lezen"),
)
_AUTORISATIES_READ = ("ac", "autorisaties.lezen")

NOT_VISIBLE = (
    "Deze applicatie mag geen notificatie publiceren over dit object: het bestaat niet in deze "
    "installatie of valt buiten haar gemeenten en autorisaties."
)


Lezer = Callable[[Actor, uuid_module.UUID], Model | None]


@dataclass(frozen=True)
class Bestemming:
    """What outbox.publish needs to deliver an accepted message only to those who may hear it."""

    tenant_id: int | None = None
    lezers: tuple | None = None  # rules H3, as for the register's own messages
    gemeenten: frozenset[int] | None = None  # only applicaties working for all of these


def check(
    request: ApiRequest,
    *,
    hoofd_object: str,
    resource_url: str,
    actie: str,
    kenmerken: dict | None = None,
) -> Bestemming:
    """Where a message of request.actor may go; PermissionDenied (403) when it may not be sent,
    ValidationFailed (400) when its kenmerken are not those of the object it names."""
    actor = request.actor
    own = [_own_path(request, url) for url in (hoofd_object, resource_url)]
    if own == [None, None]:
        return _external(actor)
    hoofd_path, resource_path = own
    if hoofd_path is None or resource_path is None:
        raise PermissionDenied(NOT_VISIBLE)
    match = _MAIN.fullmatch(hoofd_path)
    key = (match.group("api"), match.group("kind")) if match else None
    if match is None or key is None or key not in _MAIN_OBJECTS:
        raise PermissionDenied(
            "Het hoofdObject verwijst niet naar een hoofdobject van een register van deze installatie."
        )
    if actie == "destroy" and resource_path.rstrip("/") == hoofd_path.rstrip("/"):
        # Whether it existed, and whose it was, is known to the register only, which announced
        # the destroy itself in the deleting transaction.
        raise PermissionDenied(
            "Alleen het register zelf meldt dat een van zijn hoofdobjecten is verwijderd."
        )
    obj = _MAIN_OBJECTS[key](actor, uuid_module.UUID(match.group("uuid")))
    if obj is None:
        raise PermissionDenied(NOT_VISIBLE)
    if resource_path.rstrip("/") != hoofd_path.rstrip("/"):
        _check_part(obj, key, resource_path.rstrip("/"), actie)
    _check_kenmerken(obj, key, kenmerken or {})
    return Bestemming(
        tenant_id=getattr(obj, "tenant_id", None),
        lezers=audit.readers(obj) if key[0] in _AUDITED else None,
    )


def _check_kenmerken(obj: Model, key: tuple[str, str], sent: dict) -> None:
    """Subscribers route on kenmerken: a message about one of iwerk's objects carries that
    object's kenmerken, not another gemeente's bronorganisatie or a lower vertrouwelijkheid
    (found by trying: a Deventer client reached a Raalte-filtered feed that way)."""
    if key[0] in _AUDITED:
        expected = audit.kenmerken(obj)
    elif key[0] == "catalogi":
        catalogus = obj.catalogus  # type: ignore[attr-defined]  # a zaaktype, iot or besluittype
        expected = {"catalogus": f"/catalogi/api/v1/catalogussen/{catalogus.uuid}"}
    else:
        expected = {}
    wrong = [
        InvalidParam(
            f"kenmerken.{name}",
            "kenmerk-mismatch",
            f"Het kenmerk {name} is niet dat van het object; verwacht {expected[name]!r}.",
        )
        for name, value in sent.items()
        if name in expected and _comparable(value) != _comparable(expected[name])
    ]
    if wrong:
        raise ValidationFailed(wrong)


def _comparable(value: object) -> str:
    """A kenmerk as compared: a URL of this installation by its path (hosts differ)."""
    text = "" if value is None else str(value)
    return urlsplit(text).path.rstrip("/") if "/api/v1/" in text else text


def _own_path(request: ApiRequest, url: str) -> str | None:
    """The path of url when it points at this installation, else None."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise PermissionDenied("Een URL met gebruikersnaam of wachtwoord wordt niet aangenomen.")
    return parts.path if _is_own(request, parts) else None


def _netloc(scheme: str, host: str | None, port: int | None) -> str:
    host = (host or "").rstrip(".").lower()
    return host if port is None or port == _DEFAULT_PORT.get(scheme) else f"{host}:{port}"


def _is_own(request: ApiRequest, parts: SplitResult) -> bool:
    """Host names compare case-insensitively, without a trailing dot or the scheme's port."""
    try:
        netloc = _netloc(parts.scheme, parts.hostname, parts.port)
    except ValueError:  # a port that is not a number: nobody's host
        raise PermissionDenied("De URL heeft een ongeldige poort.") from None
    own = {settings.IWERK_BASE_URL, f"{request.scheme}://{request.get_host()}"}
    own_netlocs = {_netloc_of(url) for url in own} | {
        _netloc_of(f"{parts.scheme}://{host}") for host in settings.IWERK_API_HOSTS
    }
    return netloc in own_netlocs or is_own_host(request, parts.netloc)


def _netloc_of(url: str) -> str:
    parts = urlsplit(url)
    try:
        return _netloc(parts.scheme, parts.hostname, parts.port)
    except ValueError:
        return ""


def _external(actor: Actor) -> Bestemming:
    if not external.allowed():
        raise PermissionDenied(
            "Notificaties over objecten buiten deze installatie worden niet aangenomen "
            "(externe registers zijn niet toegestaan)."
        )
    gemeenten = actor.catalogi_tenant_ids
    if gemeenten is not None and not gemeenten:
        raise PermissionDenied(
            "Deze applicatie werkt voor geen enkele gemeente en mag daarom geen notificaties "
            "over externe objecten publiceren."
        )
    single = next(iter(gemeenten)) if gemeenten is not None and len(gemeenten) == 1 else None
    return Bestemming(tenant_id=single, gemeenten=gemeenten)


def _check_part(obj: Model, key: tuple[str, str], resource_path: str, actie: str) -> None:
    """A part (status, gebruiksrecht, …) must be one the register recorded for this main object.

    Its last audit record says whether it still exists: a destroy is announced only of a part
    that is gone, anything else only of a part that is still there.
    """
    if key[0] not in _AUDITED:
        raise PermissionDenied(
            "De resourceUrl moet hier gelijk zijn aan het hoofdObject: dit register kent geen "
            "onderdelen die notificaties krijgen."
        )
    last = (
        AuditTrail.objects.filter(hoofd_object_uuid=obj.uuid, resource_url=resource_path)  # type: ignore[attr-defined]
        .order_by("-aanmaakdatum", "-pk")
        .values_list("actie", flat=True)
        .first()
    )
    if last is None:
        raise PermissionDenied("De resourceUrl is geen onderdeel van het hoofdObject.")
    if (last == "destroy") != (actie == "destroy"):
        raise PermissionDenied(
            "De resourceUrl bestaat niet meer."
            if last == "destroy"
            else "De resourceUrl bestaat nog: een verwijdering ervan wordt niet aangenomen."
        )


def _first(qs: QuerySet) -> Model | None:
    return next(iter(qs), None)


def _zaak(actor: Actor, key: uuid_module.UUID) -> Model | None:
    return _first(
        zaken_selectors.zaken(actor, columns=False).select_related("zaaktype").filter(uuid=key)
    )


def _document(actor: Actor, key: uuid_module.UUID) -> Model | None:
    return _first(documenten_selectors.documenten(actor).filter(uuid=key))


def _besluit(actor: Actor, key: uuid_module.UUID) -> Model | None:
    return _first(besluiten_selectors.besluiten(actor).filter(uuid=key))


def _catalogi_type(selector: Callable[[Actor], QuerySet]) -> Lezer:
    def read(actor: Actor, key: uuid_module.UUID) -> Model | None:
        return _first(selector(actor).filter(uuid=key)) if actor.has_any(*_CATALOGI_READ) else None

    return read


def _applicatie(actor: Actor, key: uuid_module.UUID) -> Model | None:
    if not actor.has_any(_AUTORISATIES_READ):
        return None
    return _first(applicaties_visible_to(actor).filter(uuid=key))


# (api, resource) of a main object -> the object when the actor may read it, else None
_MAIN_OBJECTS: dict[tuple[str, str], Lezer] = {
    ("zaken", "zaken"): _zaak,
    ("documenten", "enkelvoudiginformatieobjecten"): _document,
    ("besluiten", "besluiten"): _besluit,
    ("catalogi", "zaaktypen"): _catalogi_type(catalogi_selectors.zaaktypen),
    ("catalogi", "informatieobjecttypen"): _catalogi_type(catalogi_selectors.informatieobjecttypen),
    ("catalogi", "besluittypen"): _catalogi_type(catalogi_selectors.besluittypen),
    ("autorisaties", "applicaties"): _applicatie,
}
# Registers with an audit trail: their parts are known by it, their readers by core.audit.
_AUDITED = {"zaken", "documenten", "besluiten"}
