"""Numbers of archive records per gemeente and year: VL-2026-0001 (vernietigingslijsten),
OB-2026-0001 (overbrengingen).

The gemeente's row is locked for the rest of the transaction while the next number is taken, so
two records made at the same moment never get the same one; the unique constraint on (gemeente,
nummer) holds it besides. A list made now and again later never shares a number, and a number is
never reused: lists are not deleted (an aborted list keeps its number).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from iwerk.core.models import Gemeente


def vergrendel_gemeente(gemeente: Gemeente) -> None:
    """Lock the gemeente's row for the rest of the transaction: what builds or fills archive
    records of one gemeente takes turns (two lists never take the same zaak, two records never
    the same number)."""
    list(Gemeente.objects.select_for_update().filter(pk=gemeente.pk).values_list("pk"))


def volgend_nummer(model: type[models.Model], gemeente: Gemeente, prefix: str) -> str:
    """The next "<prefix>-<jaar>-<nnnn>" of model (a model with `gemeente` and `nummer`) in the
    gemeente, for this year. Call it inside the transaction that creates the record."""
    vergrendel_gemeente(gemeente)
    jaar = timezone.localdate().year
    begin = f"{prefix}-{jaar}-"
    nummers = model._default_manager.filter(  # objects: no model here has another manager
        gemeente=gemeente, nummer__startswith=begin
    ).values_list("nummer", flat=True)
    hoogste = max((int(n[len(begin) :]) for n in nummers if n[len(begin) :].isdigit()), default=0)
    return f"{begin}{hoogste + 1:04d}"
