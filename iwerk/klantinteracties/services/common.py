"""What every write of the Klantinteracties register shares: in which gemeente a new object
lands, resolving references ({"uuid": …}) within what the caller may see and in the same
gemeente, numbering, and the audit record (which also queues the notification, core.audit).

Tenancy for writes (ADR 0052): an object belongs to one gemeente; every object it refers to must
be of that gemeente, and the caller must hold klantinteracties.bijwerken there.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest

from iwerk.core import audit
from iwerk.core.api.problems import PermissionDenied, ValidationFailed
from iwerk.core.identificatie import next_number
from iwerk.core.models import Gemeente, TenantModel
from iwerk.klantinteracties.models import Nummerreeks, Scope
from iwerk.klantinteracties.selectors.toegang import Toegangen

M = TypeVar("M", bound=TenantModel)
GEMEENTE_HEADER = "HTTP_X_GEMEENTE"  # X-Gemeente: the gemeentecode, for a client of several


def fout(veld: str, code: str, reden: str) -> ValidationFailed:
    return ValidationFailed.single(veld, code, reden)


def gemeente_voor(
    wie: Toegangen, request: HttpRequest | None, *gekoppeld: TenantModel | None
) -> int:
    """The gemeente of a new object: that of the objects it refers to; else the caller's only
    gemeente; else the one its X-Gemeente header names (a JWT client working for several)."""
    gemeenten = {obj.tenant_id for obj in gekoppeld if obj is not None}
    if len(gemeenten) > 1:
        raise fout(
            "nonFieldErrors",
            "andere-gemeente",
            "De gekoppelde objecten horen bij verschillende gemeenten.",
        )
    if gemeenten:
        (gemeente_id,) = gemeenten
    else:
        mogelijk = wie.gemeenten(Scope.bijwerken)
        code = (request.META.get(GEMEENTE_HEADER, "") if request is not None else "").strip()
        if code:
            gekozen = (
                Gemeente.objects.filter(gemeentecode=code, pk__in=mogelijk)
                .values_list("pk", flat=True)
                .first()
            )
            if gekozen is None:
                raise fout(
                    "nonFieldErrors",
                    "onbekende-gemeente",
                    f"Deze applicatie werkt niet voor gemeente '{code}' (header X-Gemeente).",
                )
            gemeente_id = gekozen
        elif len(mogelijk) == 1:
            (gemeente_id,) = mogelijk
        elif not mogelijk:
            raise PermissionDenied(
                f"Deze applicatie mist de benodigde scope ({Scope.bijwerken.value})."
            )
        else:
            raise fout(
                "nonFieldErrors",
                "gemeente-onbepaald",
                "Deze applicatie werkt voor meer gemeenten: noem de gemeente in de header "
                "X-Gemeente (de gemeentecode).",
            )
    if not wie.mag(Scope.bijwerken, gemeente_id):
        raise PermissionDenied(
            f"Deze applicatie mist de benodigde scope ({Scope.bijwerken.value})."
        )
    return gemeente_id


def verwijzing(
    wie: Toegangen,
    model: type[M],
    waarde: Any,
    veld: str,
    *,
    rang: str | None = None,
    gemeente_id: int | None = None,
) -> M | None:
    """The object a reference ({"uuid": …}, or a bare uuid) names, when the caller may see it
    and, with gemeente_id, when it is of that gemeente; a 400 on `veld` otherwise, worded as the
    reference implementation words it (code does_not_exist)."""
    if waarde is None:
        return None
    uuid = waarde.get("uuid") if isinstance(waarde, dict) else getattr(waarde, "uuid", waarde)
    obj = model._default_manager.filter(wie.zichtbaar(rang)).filter(uuid=uuid).first()
    if obj is None:
        raise fout(veld, "does_not_exist", f'Ongeldige uuid "{uuid}" - object bestaat niet.')
    if gemeente_id is not None and obj.tenant_id != gemeente_id:
        raise fout(
            veld,
            "andere-gemeente",
            "Dit object hoort bij een andere gemeente dan het object dat u vastlegt.",
        )
    return obj


def nummer(gemeente_id: int, soort: str, model: type[Model]) -> str:
    """The next free 10-digit nummer of `soort` in the gemeente ("0000000042")."""
    waarde = next_number(
        Nummerreeks,
        {"tenant_id": gemeente_id, "soort": soort},
        lambda n: model._default_manager.filter(tenant_id=gemeente_id, nummer=f"{n:010d}").exists(),
    )
    return f"{waarde:010d}"


def vastleggen(wie: Toegangen, actie: str, obj: TenantModel, oud: dict | None = None) -> None:
    """The audit record of a write (and with it the notification on kanaal klantinteracties)."""
    audit.record(
        actor=wie.actor,
        actie=actie,
        hoofd_object=obj,
        resource=obj,
        oud=oud,
        nieuw=None if actie == "destroy" else audit.snapshot(obj),
    )


def verwijderd(wie: Toegangen, obj: TenantModel) -> None:
    """Record the removal of obj (call before the delete: the snapshot reads it)."""
    vastleggen(wie, "destroy", obj, oud=audit.snapshot(obj))
