"""Helpers of the basisregistraties tests."""

from __future__ import annotations

import uuid

from iwerk.basisregistraties.gegevens import Bevraging
from iwerk.core.models import Gemeente


def bevraging(gemeente: Gemeente, zaaktype: str = "WMO-MAATWERK", **kwargs) -> Bevraging:
    """A lookup by a behandelaar of `gemeente` for a zaak of `zaaktype`."""
    return Bevraging(
        gemeente_id=gemeente.pk,
        zaaktype_identificatie=zaaktype,
        kanaal=kwargs.pop("kanaal", "werkplek"),
        gebruikers_id=kwargs.pop("gebruikers_id", "pjansen"),
        gebruikers_weergave=kwargs.pop("gebruikers_weergave", "Petra Jansen"),
        zaak_uuid=kwargs.pop("zaak_uuid", str(uuid.uuid4())),
        **kwargs,
    )
