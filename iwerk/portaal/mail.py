"""Mail to citizens: the confirmation of a request and updates when its status changes.

Sent after the commit, through Django's mail framework (console backend in the demo). A failing
mail server does not undo the request; the failure is logged and the zaak stays as it is.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def _send(onderwerp: str, template: str, context: dict, aan: str) -> bool:
    try:
        send_mail(
            onderwerp,
            render_to_string(template, context),
            settings.DEFAULT_FROM_EMAIL,
            [aan],
        )
    except Exception:  # any transport error: the request itself is safe
        logger.exception("mail %r to a citizen could not be sent", onderwerp)
        return False
    return True


def _link(concept, pad: str) -> str:
    return f"{settings.IWERK_BASE_URL}/{concept.tenant.slug}/{pad}"


def bevestiging(concept) -> bool:
    if not concept.emailadres or concept.zaak is None:
        return False
    return _send(
        f"Ontvangen: {concept.product.naam} ({concept.zaak.identificatie})",
        "portaal/mail/bevestiging.txt",
        {
            "concept": concept,
            "gemeente": concept.tenant,
            "zaak": concept.zaak,
            "link": _link(concept, f"mijn-zaken/{concept.zaak.uuid}/") if concept.middel else "",
        },
        concept.emailadres,
    )


def status_gewijzigd(concept, statustype_omschrijving: str, toelichting: str) -> bool:
    return _send(
        f"Nieuwe status: {concept.product.naam} ({concept.zaak.identificatie})",
        "portaal/mail/status.txt",
        {
            "concept": concept,
            "gemeente": concept.tenant,
            "zaak": concept.zaak,
            "status": statustype_omschrijving,
            "toelichting": toelichting,
            "link": _link(concept, f"mijn-zaken/{concept.zaak.uuid}/") if concept.middel else "",
        },
        concept.emailadres,
    )
