"""What a staff member does with their own signals: mark them read, choose the e-mail (ADR 0057)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from iwerk.core.api.problems import ValidationFailed
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.signaleringen.models import Instelling, Mailvoorkeur
from iwerk.signaleringen.selectors import zichtbaar


@transaction.atomic
def markeer_gelezen(
    *, context: Werkplekcontext, gebruiker_id: int, ids: Iterable[int] | None = None
) -> int:
    """Mark the person's unread signals (these ids, or every one) in the active gemeente read.

    Only their own signals of zaken they may see: another person's id, or one out of sight,
    changes nothing (and tells nothing). Returns how many were marked.
    """
    qs = zichtbaar(context, gebruiker_id).filter(gelezen_op__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(gelezen_op=timezone.now())


@transaction.atomic
def email_instellen(*, gebruiker_id: int, email: str) -> Instelling:
    """Set how the person hears of their signals by e-mail: direct, dagelijks or nooit.

    Raises ValidationFailed ("email") for another value.
    """
    if email not in Mailvoorkeur.values:
        raise ValidationFailed.single(
            "email", "invalid", "Kies direct, één keer per dag of geen e-mail."
        )
    instelling, _ = Instelling.objects.update_or_create(
        gebruiker_id=gebruiker_id, defaults={"email": email}
    )
    return instelling
