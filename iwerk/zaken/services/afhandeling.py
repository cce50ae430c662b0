"""Handling steps a case handler takes as one change: close, reopen, extend the term once."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from iwerk.catalogi.models import ResultaatType, StatusType
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import Conflict, ValidationFailed
from iwerk.zaken.models import Resultaat, Zaak
from iwerk.zaken.services.resultaat import add_resultaat, change_resultaat
from iwerk.zaken.services.status import set_status
from iwerk.zaken.services.zaak import update_zaak


def _statustypen(zaak: Zaak) -> QuerySet[StatusType]:
    return StatusType.objects.filter(zaaktype_id=zaak.zaaktype_id).order_by("volgnummer")


@transaction.atomic
def close_zaak(
    *, actor: Actor, zaak: Zaak, resultaattype: ResultaatType, toelichting: str = ""
) -> None:
    """The resultaat and the eindstatus together (zrc-007). A reopened zaak keeps its earlier
    resultaat (zrc-008): closing it again replaces that one."""
    earlier = Resultaat.objects.filter(zaak=zaak).first()
    if earlier is None:
        add_resultaat(actor=actor, zaak=zaak, resultaattype=resultaattype, toelichting=toelichting)
    else:
        change_resultaat(
            actor=actor, resultaat=earlier, resultaattype=resultaattype, toelichting=toelichting
        )
    eindstatus = _statustypen(zaak).last()
    assert eindstatus is not None  # a zaak with a resultaattype has statustypen (ztc)
    set_status(
        actor=actor,
        zaak=zaak,
        statustype=eindstatus,
        datum_status_gezet=timezone.now(),
        statustoelichting=toelichting,
    )


def heropenbaar(zaak: Zaak) -> bool:
    """Whether the zaak's file may still be reopened: not once it is archived or transferred to
    an archive repository (the werkplek's rule; the API's status create stays as the standard
    writes it)."""
    return zaak.archiefstatus == "nog_te_archiveren"


def reopen_zaak(*, actor: Actor, zaak: Zaak, reden: str) -> None:
    """Back to the status before the eindstatus; needs zaken.heropenen (checked by set_status).

    Not a zaak that is archived or transferred (heropenbaar)."""
    if not heropenbaar(zaak):
        waar = (
            "overgedragen aan de archiefbewaarplaats"
            if zaak.archiefstatus == "overgedragen"
            else "gearchiveerd"
        )
        raise Conflict(
            f"Zaak {zaak.identificatie} is {waar}; een gearchiveerde of overgedragen zaak wordt "
            "niet heropend.",
            code="zaak-gearchiveerd",
        )
    vorige = _statustypen(zaak).order_by("-volgnummer")[1:2].first()
    # A zaaktype with one statustype has nothing to go back to: failed on None before, too.
    assert vorige is not None
    set_status(
        actor=actor,
        zaak=zaak,
        statustype=vorige,
        datum_status_gezet=timezone.now(),
        statustoelichting=f"Heropend: {reden}",
    )


def extend_term(*, actor: Actor, zaak: Zaak, weken: int, reden: str) -> Zaak:
    """A verlenging of the behandeltermijn, once (Awb 4:14); update_zaak moves the deadlines."""
    if zaak.verlenging_duur:
        raise ValidationFailed.single(
            "weken", "al-verlengd", "De termijn van deze zaak is al eens verlengd (Awb 4:14)."
        )
    return update_zaak(
        actor=actor,
        zaak=zaak,
        changes={"verlenging_duur": f"P{weken}W", "verlenging_reden": reden},
    )
