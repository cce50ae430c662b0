"""Entry checks of every staff page: signed in, second factor passed, a gemeente chosen, and a
role there that opens the page.

The staff pages are the werkplek's (/werkplek/…), also those whose views live in a governance app
(incidenten, sturing, portfolio): they share this one check, so it lives with the roles, below
every app that serves such a page. It names werkplek URLs and templates, never werkplek code.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render

from iwerk.medewerkers.actor import context_for, gemeenten_of
from iwerk.medewerkers.roles import DASHBOARDS, ZAKEN, Rol

SESSION_GEMEENTE = "iwerk_gemeente"


View = Callable[..., HttpResponseBase]


def second_factor_passed(request: HttpRequest) -> bool:
    """TOTP verified in this session (django-otp), or signed in through the municipal SSO."""
    verified = request.user.is_verified()  # type: ignore[union-attr]  # added by OTPMiddleware
    return verified or request.session.get("iwerk_mfa") == "sso"


def werkplek_view(capability: str | None = ZAKEN) -> Callable[[View], View]:
    """Decorate a view: it runs with request.werkplek set, or the user is sent where needed."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated or not second_factor_passed(request):
                return redirect_to_login(request.get_full_path(), "werkplek:inloggen")
            assert isinstance(user, User)  # signed in: Django's user model (no AUTH_USER_MODEL)
            context = None
            gemeente_id = request.session.get(SESSION_GEMEENTE)
            if gemeente_id:
                context = context_for(user, gemeente_id)
            if context is None:
                gemeenten = gemeenten_of(user)
                if not gemeenten:
                    return render(request, "werkplek/geen_rollen.html", status=403)
                if len(gemeenten) > 1:
                    return redirect(f"/werkplek/gemeente/?next={request.get_full_path()}")
                request.session[SESSION_GEMEENTE] = gemeenten[0].pk
                context = context_for(user, gemeenten[0].pk)
                assert context is not None  # a gemeente where the user holds a role
            request.werkplek = context  # type: ignore[attr-defined]  # read by every staff view
            # Management's start page is its dashboard, not a werkvoorraad it may not open.
            if (
                request.path == "/werkplek/"
                and capability == ZAKEN
                and not context.kan(ZAKEN)
                and context.kan(DASHBOARDS)
            ):
                return redirect("/werkplek/sturing/")
            # The contact centre's start page is the KCC: it handles no zaken of its own.
            if (
                request.path == "/werkplek/"
                and capability == ZAKEN
                and context.rollen == {Rol.kcc_medewerker}
            ):
                return redirect("/werkplek/kcc/")
            if capability and not context.kan(capability):
                return render(
                    request,
                    "werkplek/geen_toegang.html",
                    {"reden": "Uw rol in deze gemeente geeft geen toegang tot deze pagina."},
                    status=403,
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
