"""Signing in: password, then a TOTP code (enrolling an authenticator app the first time)."""

from __future__ import annotations

import base64
import time

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from iwerk.medewerkers.access import SESSION_GEMEENTE
from iwerk.medewerkers.actor import context_for, gemeenten_of
from iwerk.werkplek.forms import CodeForm, InloggenForm

_PENDING = "iwerk_2fa_gebruiker"
_PENDING_BACKEND = "iwerk_2fa_backend"
_NEXT = "iwerk_2fa_next"


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/werkplek/"


@require_http_methods(["GET", "POST"])
def inloggen(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_safe_next(request, request.GET.get("next")))
    form = InloggenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None and user.is_active:
            request.session.cycle_key()
            request.session[_PENDING] = user.pk
            request.session[_PENDING_BACKEND] = user.backend
            request.session[_NEXT] = _safe_next(request, request.GET.get("next"))
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                return redirect("werkplek:code")
            return redirect("werkplek:koppelen")
        if not getattr(request, "axes_locked_out", False):
            form.add_error(None, "Deze combinatie van gebruikersnaam en wachtwoord is onbekend.")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "werkplek/inloggen.html",
        {
            "form": form,
            "sso": settings.IWERK_OIDC_ENABLED,
            "sso_naam": settings.IWERK_OIDC_PROVIDER_NAAM,
        },
        status=status,
    )


def _pending_user(request):
    pk = request.session.get(_PENDING)
    if pk is None:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def _locked(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})


def _failed(request, user) -> None:
    # Counts towards the lockout exactly like a wrong password (django-axes listens).
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


def _complete(request, user, device):
    backend = request.session.pop(_PENDING_BACKEND, settings.AUTHENTICATION_BACKENDS[-1])
    target = request.session.pop(_NEXT, "/werkplek/")
    request.session.pop(_PENDING, None)
    login(request, user, backend=backend)
    otp_login(request, device)
    request.session["iwerk_laatst_actief"] = int(time.time())
    gemeenten = gemeenten_of(user)
    if len(gemeenten) == 1:
        request.session[SESSION_GEMEENTE] = gemeenten[0].pk
    return redirect(target)


@require_http_methods(["GET", "POST"])
def code(request):
    user = _pending_user(request)
    if user is None:
        return redirect("werkplek:inloggen")
    if _locked(request, user):
        return render(request, "werkplek/geblokkeerd.html", status=429)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(form.cleaned_data["code"]):
                return _complete(request, user, device)
        _failed(request, user)
        if _locked(request, user):
            return render(request, "werkplek/geblokkeerd.html", status=429)
        form.add_error("code", "Deze code klopt niet of is verlopen. Probeer de volgende code.")
    status = 400 if request.method == "POST" else 200
    return render(request, "werkplek/code.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def koppelen(request):
    """First sign-in: link an authenticator app (QR code or typed secret), confirmed by a code."""
    user = _pending_user(request)
    if user is None:
        return redirect("werkplek:inloggen")
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("werkplek:code")
    if _locked(request, user):
        return render(request, "werkplek/geblokkeerd.html", status=429)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _complete(request, user, device)
        _failed(request, user)
        form.add_error("code", "Deze code klopt niet. Controleer de tijd op uw telefoon.")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "werkplek/koppelen.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, title="QR-code voor uw authenticator-app"),
            "geheim": base64.b32encode(device.bin_key).decode(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def uitloggen(request):
    logout(request)
    messages.info(request, "U bent uitgelogd.")
    return redirect("werkplek:inloggen")


@require_http_methods(["GET", "POST"])
def kies_gemeente(request):
    """Staff of the i-werkorganisatie work for several gemeenten: they switch explicitly."""
    if not request.user.is_authenticated or not (
        request.user.is_verified() or request.session.get("iwerk_mfa") == "sso"
    ):
        return redirect("werkplek:inloggen")
    gemeenten = gemeenten_of(request.user)
    target = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        chosen = next((g for g in gemeenten if str(g.pk) == request.POST.get("gemeente")), None)
        if chosen is not None and context_for(request.user, chosen.pk):
            request.session[SESSION_GEMEENTE] = chosen.pk
            messages.success(request, f"U werkt nu voor de gemeente {chosen.naam}.")
            return redirect(target)
        messages.error(request, "Kies een gemeente waarin u een rol hebt.")
    # A link to another gemeente's page names that gemeente (?gemeente=pk): chosen beforehand.
    voorstel = next((g.pk for g in gemeenten if str(g.pk) == request.GET.get("gemeente")), None)
    return render(
        request,
        "werkplek/kies_gemeente.html",
        {
            "gemeenten": gemeenten,
            "next": target,
            "huidig": voorstel or request.session.get(SESSION_GEMEENTE),
        },
    )
