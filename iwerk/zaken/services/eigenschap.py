"""Zaakeigenschappen: values of the eigenschappen the zaaktype defines (zrc-018, ztc-015)."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from django.db import transaction

from iwerk.catalogi.models import Eigenschap
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.zaken.models import Zaak, ZaakEigenschap
from iwerk.zaken.services.common import delete_part, lock_for_change, save_part


def specification_warning(eigenschap: Eigenschap, waarde: str) -> str | None:
    """Why waarde does not fit the eigenschap's specificatie, or None.

    Zaken 1.7 stores a non-conforming value anyway and reports it in X-Warning, so that a
    changed catalogue never blocks the registration of a zaak.
    """
    formaat, lengte = eigenschap.specificatie_formaat, eigenschap.specificatie_lengte
    allowed = eigenschap.specificatie_waardenverzameling
    if allowed and waarde not in allowed:
        return f"De waarde staat niet in de waardenverzameling van eigenschap '{eigenschap.naam}'."
    if formaat == "datum":
        try:
            datetime.strptime(waarde, "%Y%m%d")
        except ValueError:
            return "Een datum heeft het formaat YYYYMMDD."
    elif formaat == "datum_tijd":
        try:
            datetime.strptime(waarde, "%Y%m%d%H%M%S")
        except ValueError:
            return "Een datum/tijd heeft het formaat YYYYMMDDhhmmss."
    elif formaat == "getal":
        if not re.fullmatch(r"-?\d+([.,]\d+)?", waarde):
            return "De waarde is geen getal."
    elif formaat == "tekst" and lengte.isdigit() and len(waarde) > int(lengte):
        return f"De tekst is langer dan {lengte} tekens."
    return None


@transaction.atomic
def set_zaakeigenschap(
    *,
    actor: Actor,
    zaak: Zaak,
    eigenschap: Eigenschap,
    waarde: str,
    zaakeigenschap: ZaakEigenschap | None = None,
    uuid: UUID | None = None,
) -> tuple[ZaakEigenschap, str | None]:
    """Create or change a zaakeigenschap; returns it with the specificatie warning, if any.

    A new one keeps the source's uuid in a migration write (ADR 0063)."""
    zaak = lock_for_change(actor, zaak.pk)
    if eigenschap.zaaktype_id != zaak.zaaktype_id:
        raise ValidationFailed(
            [
                InvalidParam(
                    "eigenschap",
                    "zaaktype-mismatch",
                    "De eigenschap hoort niet bij het zaaktype van de zaak.",
                )
            ]
        )
    obj = zaakeigenschap or ZaakEigenschap(tenant_id=zaak.tenant_id, zaak=zaak)
    obj = save_part(
        actor=actor,
        zaak=zaak,
        obj=obj,
        fields={"eigenschap": eigenschap, "naam": eigenschap.naam, "waarde": waarde},
        uuid=uuid,
    )
    return obj, specification_warning(eigenschap, waarde)


@transaction.atomic
def delete_zaakeigenschap(*, actor: Actor, zaakeigenschap: ZaakEigenschap) -> None:
    delete_part(actor=actor, obj=zaakeigenschap, zaak_id=zaakeigenschap.zaak_id)
