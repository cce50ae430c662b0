"""The signals in the werkplek's menu: how many of the staff member's (and their teams') open
contactverzoeken are overdue, and how many of their signaleringen are unread (ADR 0057). Each
counted lazily (only when the menu is drawn) and kept a minute per user and gemeente: one indexed
count, not one per page; forgotten when the staff member handles a verzoek or reads signals."""

from __future__ import annotations

from django.core.cache import cache

_SECONDEN = 60


def _sleutel(request) -> str:
    return f"iwerk:kcc-te-laat:{request.user.pk}:{request.werkplek.gemeente.pk}"


def _signaleringen_sleutel(request) -> str:
    return f"iwerk:signaleringen-ongelezen:{request.user.pk}:{request.werkplek.gemeente.pk}"


def vergeten(request) -> None:
    """After the staff member handled a contactverzoek: count again on the next page."""
    cache.delete(_sleutel(request))


def signaleringen_vergeten(request) -> None:
    """After the staff member read signals: count again on the next page."""
    cache.delete(_signaleringen_sleutel(request))


def signalen(request) -> dict:
    context = getattr(request, "werkplek", None)
    if context is None:
        return {}

    def te_laat() -> int:
        sleutel = _sleutel(request)
        aantal = cache.get(sleutel)
        if aantal is None:
            from iwerk.klantinteracties.selectors.contactverzoeken import aantal_te_laat

            aantal = aantal_te_laat(context, request.user)
            cache.set(sleutel, aantal, _SECONDEN)
        return aantal

    def ongelezen() -> int:
        sleutel = _signaleringen_sleutel(request)
        aantal = cache.get(sleutel)
        if aantal is None:
            from iwerk.signaleringen.selectors import aantal_ongelezen

            aantal = aantal_ongelezen(context, request.user.pk)
            cache.set(sleutel, aantal, _SECONDEN)
        return aantal

    return {"contactverzoeken_te_laat": te_laat, "signaleringen_ongelezen": ongelezen}
