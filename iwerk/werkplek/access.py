"""Entry checks of every werkplek page: signed in, second factor passed, a gemeente chosen."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from iwerk.werkplek.actor import context_for, gemeenten_of
from iwerk.werkplek.roles import DASHBOARDS, ZAKEN

SESSION_GEMEENTE = "iwerk_gemeente"


def second_factor_passed(request) -> bool:
    """TOTP verified in this session (django-otp), or signed in through the municipal SSO."""
    return request.user.is_verified() or request.session.get("iwerk_mfa") == "sso"


def werkplek_view(capability: str | None = ZAKEN):
    """Decorate a view: it runs with request.werkplek set, or the user is sent where needed."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated or not second_factor_passed(request):
                return redirect_to_login(request.get_full_path(), "werkplek:inloggen")
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
            request.werkplek = context
            # Management's start page is its dashboard, not a werkvoorraad it may not open.
            if (
                request.path == "/werkplek/"
                and capability == ZAKEN
                and not context.kan(ZAKEN)
                and context.kan(DASHBOARDS)
            ):
                return redirect("/werkplek/sturing/")
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
