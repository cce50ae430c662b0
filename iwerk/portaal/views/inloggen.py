"""Signing in with DigiD or eHerkenning (OpenID Connect), and signing out."""

from __future__ import annotations

import logging

from authlib.integrations.base_client import OAuthError
from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from iwerk.core.models import Gemeente
from iwerk.core.oidc import MISLUKT
from iwerk.portaal import identiteit as ident
from iwerk.portaal import oidc
from iwerk.portaal.views.common import portaal_view

logger = logging.getLogger(__name__)
SESSION_POGING = "portaal_inlogpoging"


def _volgende(request, gemeente) -> str:
    volgende = request.GET.get("volgende", "")
    if volgende and url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return volgende
    return f"/{gemeente.slug}/mijn-zaken/"


@portaal_view()
def kiezen(request):
    """Choose DigiD (inwoners) or eHerkenning (ondernemers)."""
    gemeente = request.gemeente
    return render(
        request,
        "portaal/inloggen.html",
        {
            "gemeente": gemeente,
            "identiteit": request.identiteit,
            "volgende": _volgende(request, gemeente),
            "test": settings.IWERK_TESTIDP,
        },
    )


@portaal_view()
def starten(request, middel: str):
    gemeente = request.gemeente
    if middel not in oidc.MIDDELEN:
        return _mislukt(request, gemeente, "Onbekend inlogmiddel.", 404)
    niveau = request.GET.get("niveau") or f"{middel}_{'midden' if middel == 'digid' else 'eh3'}"
    if niveau not in ident.ACR or not niveau.startswith(middel):
        niveau = f"{middel}_{'midden' if middel == 'digid' else 'eh3'}"
    try:
        client = oidc.client(request, middel)
    except oidc.NietIngericht:
        return _mislukt(
            request,
            gemeente,
            "Inloggen met dit middel is bij deze gemeente nog niet ingericht.",
            503,
        )
    request.session[SESSION_POGING] = {
        "middel": middel,
        "niveau": niveau,
        "gemeente": gemeente.slug,
        "volgende": _volgende(request, gemeente),
    }
    try:
        return client.authorize_redirect(
            request,
            request.build_absolute_uri("/portaal/oidc/terug/"),
            acr_values=ident.ACR[niveau],
        )
    except MISLUKT:
        logger.exception("OIDC discovery for %s failed", middel)
        return _mislukt(request, gemeente, "Inloggen is op dit moment niet mogelijk.", 502)


def terug(request):
    """The broker sends the citizen back here with a code; Authlib checks state, nonce, PKCE."""
    poging = request.session.pop(SESSION_POGING, None)
    gemeente = Gemeente.objects.filter(slug=(poging or {}).get("gemeente")).first()
    if poging is None or gemeente is None:
        return _mislukt(request, gemeente, "Uw inlogpoging is verlopen. Probeer het opnieuw.", 400)
    middel = poging["middel"]
    try:
        token = oidc.client(request, middel).authorize_access_token(request)
    except OAuthError as exc:
        reden = (
            "U heeft het inloggen afgebroken."
            if exc.error == "access_denied"
            else "Inloggen is niet gelukt. Probeer het opnieuw."
        )
        return _mislukt(request, gemeente, reden, 400)
    except (*MISLUKT, oidc.NietIngericht) as exc:
        logger.warning("OIDC login failed: %s", exc)
        return _mislukt(request, gemeente, "Inloggen is niet gelukt. Probeer het opnieuw.", 400)
    try:
        identiteit = oidc.identiteit(middel, token.get("userinfo") or {})
    except oidc.OngeldigeClaims as exc:
        logger.warning("OIDC login without usable claims: %s", exc)
        return _mislukt(request, gemeente, "Inloggen is niet gelukt. Probeer het opnieuw.", 400)
    if not identiteit.voldoet_aan(poging["niveau"]):
        return _mislukt(
            request,
            gemeente,
            "U bent ingelogd op een te laag betrouwbaarheidsniveau voor deze dienst.",
            403,
        )
    ident.aanmelden(request, identiteit)
    return HttpResponseRedirect(poging["volgende"])


def _mislukt(request, gemeente, reden: str, status: int):
    return render(
        request,
        "portaal/inloggen_mislukt.html",
        {"gemeente": gemeente, "reden": reden},
        status=status,
    )


@require_POST
@portaal_view()
def uitloggen(request):
    ident.afmelden(request)
    return HttpResponseRedirect(f"/{request.gemeente.slug}/?uitgelogd=1")
