"""The datalek signal in the werkplek header: running 72-hour clocks, for the FG and CISO."""

from __future__ import annotations

from iwerk.medewerkers.roles import Rol


def signalen(request) -> dict:
    context = getattr(request, "werkplek", None)
    # No query for anyone else: the roles come from the cached werkplek context.
    if context is None or not (context.rollen & {Rol.privacy_officer, Rol.ciso}):
        return {}
    from iwerk.incidenten.selectors import lopende_klokken

    return {"datalek_klokken": lopende_klokken(request.user)}
