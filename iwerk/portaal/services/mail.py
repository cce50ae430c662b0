"""Mail to citizens: the confirmation of a request, updates when its status changes, and the
code that verifies an e-mail address in Mijn gegevens.

Sent after the commit, through Django's mail framework (console backend in the demo). A failing
mail server does not undo the request; the failure is logged and the zaak stays as it is.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, connections, router, transaction
from django.template.loader import render_to_string

from iwerk.berichten import selectors as berichten
from iwerk.core.models import Gemeente
from iwerk.portaal.models import Concept
from iwerk.zaken.gebeurtenissen import StatusGezet

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


def _link(concept: Concept, pad: str) -> str:
    return f"{settings.IWERK_BASE_URL}/{concept.tenant.slug}/{pad}"


def bevestiging(concept: Concept) -> bool:
    """The receipt of a sent request, to the address typed in the form; none when the berichten
    service already mails the initiator that the zaak is registered (ADR 0055): one e-mail about
    one registration, on the address the citizen keeps in the Klantinteracties register."""
    if not concept.emailadres or concept.zaak is None:
        return False
    if berichten.registratie_per_email(concept.zaak.uuid):
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


def verificatiecode(gemeente: Gemeente, aan: str, code: str, minuten: int) -> bool:
    """The code that proves an e-mail address added in Mijn gegevens is the citizen's
    (services/verificatie.py); sent at once, not through the berichten outbox: the citizen
    is waiting for it on the page, and it is no message about a zaak."""
    return _send(
        f"Uw code voor Mijn gegevens bij gemeente {gemeente.naam}",
        "portaal/mail/code.txt",
        {"gemeente": gemeente, "code": code, "minuten": minuten},
        aan,
    )


def status_gewijzigd(concept: Concept, statustype_omschrijving: str, toelichting: str) -> bool:
    zaak = concept.zaak
    if zaak is None:  # never: status_gezet finds the draft by its zaak
        return False
    return _send(
        f"Nieuwe status: {concept.product.naam} ({zaak.identificatie})",
        "portaal/mail/status.txt",
        {
            "concept": concept,
            "gemeente": concept.tenant,
            "zaak": zaak,
            "status": statustype_omschrijving,
            "toelichting": toelichting,
            "link": _link(concept, f"mijn-zaken/{zaak.uuid}/") if concept.middel else "",
        },
        concept.emailadres,
    )


def status_gezet(gebeurtenis: StatusGezet) -> None:
    """A new status on a zaak (also ZaakGesloten, ZaakHeropend; iwerk/verbindingen.py): mail
    whoever sent it through the portaal, after the commit.

    One indexed lookup per new status, written once; the draft with its product, gemeente and
    zaak is loaded only for a zaak that came through the portaal. The first status of a request
    is set before its draft points at the zaak, so the citizen gets the confirmation for that
    one, not an update.
    """
    pk = _ingediend_concept(gebeurtenis.zaak_id)
    if pk is None:
        return
    concept = Concept.objects.select_related("product", "tenant", "zaak").get(pk=pk)
    if _bericht_per_email(concept.tenant_id, gebeurtenis.zaak_id):
        return  # the citizen's own channel tells them (berichten, ADR 0053): one mail, not two
    omschrijving, toelichting = gebeurtenis.statustype_omschrijving, gebeurtenis.statustoelichting
    transaction.on_commit(lambda: status_gewijzigd(concept, omschrijving, toelichting))


def _bericht_per_email(gemeente_id: int, zaak_id: int) -> bool:
    """Whether the berichten service mails this zaak's initiator: their partij in the
    Klantinteracties register has an e-mail address to use."""
    initiator = berichten.get_initiator(zaak_id)
    return (
        initiator is not None
        and "email" in berichten.get_bereikbaarheid(gemeente_id, initiator).adressen
    )


def _ingediend_concept(zaak_id: int) -> int | None:
    """The first sent draft of this zaak with an e-mail address, as
    Concept.objects.filter(zaak_id=…, status=ingediend).exclude(emailadres="").first() finds it,
    with the statement written once: most zaken never came through the portaal, and compiling
    that query with its joined rows cost more than running it, on every status of every zaak."""
    db = connections[router.db_for_read(Concept)]
    with db.cursor() as cursor:
        cursor.execute(_ingediend_sql(db.vendor), [zaak_id, Concept.Status.ingediend.value])
        row = cursor.fetchone()
    return None if row is None else row[0]


@functools.cache
def _ingediend_sql(vendor: str) -> str:
    meta, q = Concept._meta, connection.ops.quote_name
    pk, zaak, status, emailadres = (
        q(str(meta.get_field(name).column))  # type: ignore[union-attr]  # all four are columns
        for name in ("id", "zaak", "status", "emailadres")
    )
    return (
        f"SELECT {pk} FROM {q(meta.db_table)} WHERE {zaak} = %s AND {status} = %s "  # noqa: S608 - names from model metadata, values are parameters
        f"AND NOT ({emailadres} = '') ORDER BY {pk} LIMIT 1"
    )
