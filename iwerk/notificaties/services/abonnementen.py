"""Kanalen and abonnementen, with the NRC rules (G4–G6)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from iwerk.core import generations, http
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal
from iwerk.notificaties.services import outbox


def _fail(name: str, code: str, reason: str) -> ValidationFailed:
    return ValidationFailed([InvalidParam(name, code, reason)])


def create_kanaal(*, naam: str, documentatie_link: str, filters: list[str]) -> Kanaal:
    if Kanaal.objects.filter(naam=naam).exists():
        raise _fail("naam", "unique", "Er bestaat al een kanaal met deze naam.")
    return Kanaal.objects.create(naam=naam, documentatie_link=documentatie_link, filters=filters)


def check_kenmerken(
    kanaal_naam: str, kenmerken: dict, *, naam_field: str, field: str, code: str
) -> Kanaal:
    """The kanaal exists and the keys are among its filters (G4, G5)."""
    kanaal = Kanaal.objects.filter(naam=kanaal_naam).first()
    if kanaal is None:
        raise _fail(naam_field, "kanaal-not-found", f"Het kanaal '{kanaal_naam}' bestaat niet.")
    unknown = sorted(set(kenmerken) - set(kanaal.filters))
    if unknown:
        raise _fail(
            field, code, f"Onbekende kenmerken voor kanaal '{kanaal.naam}': {', '.join(unknown)}."
        )
    return kanaal


def _check_auth_header(auth: str) -> None:
    """auth is sent as the Authorization header: one line of latin-1 text, nothing else."""
    try:
        auth.encode("latin-1")
    except UnicodeEncodeError:
        raise _fail(
            "auth", "invalid", "De auth-waarde bevat tekens die niet in een HTTP-header passen."
        ) from None
    if "\r" in auth or "\n" in auth:
        raise _fail("auth", "invalid", "De auth-waarde mag geen regeleinden bevatten.")


def check_callback(callback_url: str, auth: str) -> None:
    """G5: the subscriber must accept a test message with 204 before it is registered."""
    _check_auth_header(auth)
    message = {
        "kanaal": "test",
        "hoofdObject": callback_url,
        "resource": "test",
        "resourceUrl": callback_url,
        "actie": "test",
        "aanmaakdatum": timezone.now().isoformat(),
        "kenmerken": {},
    }
    try:
        with http.request("POST", callback_url, json=message, headers={"Authorization": auth}) as r:
            status = r.status_code
    except http.Fout as exc:
        raise _fail(
            "callbackUrl",
            "invalid-callback-url",
            f"De callback-URL is niet bereikbaar: {http.reden(exc)}.",
        ) from exc
    if status != 204:
        raise _fail(
            "callbackUrl",
            "invalid-callback-url",
            f"De callback-URL antwoordde {status} op een testbericht; verwacht: 204.",
        )


@transaction.atomic
def save_abonnement(
    *,
    callback_url: str,
    auth: str,
    kanalen: list[tuple[str, dict]],
    client_id: str,
    abonnement: Abonnement | None = None,
) -> Abonnement:
    groups = [
        (
            check_kenmerken(
                naam,
                filters,
                naam_field=f"kanalen.{index}.naam",
                field=f"kanalen.{index}.filters",
                code="inconsistent-abonnement-filters",
            ),
            filters,
        )
        for index, (naam, filters) in enumerate(kanalen)
    ]
    if abonnement is None or abonnement.callback_url != callback_url or abonnement.auth != auth:
        check_callback(callback_url, auth)
    abonnement = abonnement or Abonnement(client_id=client_id)
    abonnement.callback_url = callback_url
    abonnement.auth = auth
    abonnement.save()
    abonnement.kanalen.all().delete()
    AbonnementKanaal.objects.bulk_create(
        [AbonnementKanaal(abonnement=abonnement, kanaal=k, filters=f) for k, f in groups]
    )
    generations.bump(outbox.ABONNEMENTEN)  # bulk_create sends no signals
    return abonnement


@transaction.atomic
def delete_abonnement(abonnement: Abonnement) -> None:
    """The abonnement goes, with its filter groups and its deliveries (and their attempts).

    The filter-group cache follows through the model signal (notificaties/signals.py).
    """
    abonnement.delete()
