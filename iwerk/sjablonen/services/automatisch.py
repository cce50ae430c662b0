"""Letters the gemeente sends without a handler: the portaal's receipt and the besluitbrief a
citizen downloads. When the gemeente has an active template of that soort for the zaak's
zaaktype (or for all), the letter is made from it in the one letter layout; otherwise the caller
keeps its built-in layout (ADR 0058). A template that cannot be filled for this zaak never
stops a request or a download: the built-in letter is used, and a warning logged for beheer.
"""

from __future__ import annotations

import logging
from datetime import date

from iwerk.besluiten.models import Besluit
from iwerk.core.api.problems import ValidationFailed
from iwerk.sjablonen import opmaak
from iwerk.sjablonen.selectors import sjablonen as selectors
from iwerk.sjablonen.selectors.waarden import Behandelaar, initiator, zaakwaarden
from iwerk.sjablonen.services.brieven import opmaak_voor
from iwerk.sjablonen.services.weergave import render
from iwerk.zaken.models import Zaak

logger = logging.getLogger(__name__)


def gemeentebrief(
    *, zaak: Zaak, soort: str, vandaag: date, besluit: Besluit | None = None
) -> opmaak.Briefopmaak | None:
    """The letter of soort for zaak from the gemeente's active template, or None (no template,
    or one that cannot be filled for this zaak). The writer is the gemeente: behandelaar.naam is
    "Gemeente <naam>", behandelaar.email its contact address. Reads only; stores nothing."""
    sjabloon = selectors.actief_sjabloon(zaak.tenant_id, zaak.zaaktype.identificatie, soort)
    if sjabloon is None:
        return None
    versie = selectors.huidige_versie(sjabloon)
    if versie is None:
        return None
    gemeente = zaak.tenant
    aanvrager = initiator(zaak)
    waarden = zaakwaarden(
        zaak,
        behandelaar=Behandelaar(naam=f"Gemeente {gemeente.naam}", email=gemeente.contact_email),
        besluit=besluit,
        vandaag=vandaag,
        aanvrager=aanvrager,
    )
    try:
        brief = render(onderwerp=versie.onderwerp, tekst=versie.tekst, waarden=waarden)
    except ValidationFailed as fout:
        logger.warning(
            "sjabloon %s (%s) niet te vullen voor zaak %s: %s; ingebouwde brief gebruikt",
            sjabloon.pk,
            soort,
            zaak.identificatie,
            " ".join(p.reason for p in fout.params),
        )
        return None
    return opmaak_voor(zaak, brief, aanvrager, vandaag)
