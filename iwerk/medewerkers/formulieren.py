"""What every staff form shares, in the werkplek and the governance apps' pages alike: once-only
posts (``Formulierverzending``), service errors as form errors."""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

from iwerk.core.api.problems import ApiError, PermissionDenied, ValidationFailed
from iwerk.medewerkers.models import Formulierverzending


def new_token() -> str:
    return secrets.token_urlsafe(24)


def once(
    request: HttpRequest,
    action: Callable[[], str],
    *,
    form: forms.BaseForm | None = None,
    back: str = "",
    success: str = "",
    atomic: bool = True,
) -> HttpResponseRedirect | None:
    """Run action (returning the URL to go to) once per form token, in one transaction.

    atomic=False: for an action that manages its own transactions and must not run inside one
    (it writes files for minutes, holding no locks meanwhile); the token is recorded after it.

    A repeated post of the same form (double click, back button and resend) finds its token
    and leads to the first result without doing anything again. Service errors become form
    errors (ValidationFailed) or a non-field error; nothing of a failed action is kept.
    Returns a redirect, or None when the form must be shown again with its errors.
    """
    token = request.POST.get("formtoken", "")
    if len(token) < 16 or len(token) > 100:
        if form is None:
            messages.error(request, "Het formulier is verlopen; verstuur het opnieuw.")
            return redirect(back or request.path)
        form.add_error(None, "Het formulier is verlopen; verstuur het opnieuw.")
        return None
    # One page carries one token for all its forms: the action's path tells them apart.
    token = hashlib.sha256(f"{token}:{request.path}".encode()).hexdigest()
    done = Formulierverzending.objects.filter(token=token).first()
    if done is not None:
        messages.info(request, "Dit formulier was al verstuurd; er is niets dubbel gedaan.")
        return redirect(done.resultaat_url)
    gebruiker = request.user
    assert isinstance(gebruiker, User)  # staff forms are behind werkplek_view: signed in
    try:
        with transaction.atomic() if atomic else contextlib.nullcontext():
            url = action()
            Formulierverzending.objects.create(token=token, gebruiker=gebruiker, resultaat_url=url)
    except IntegrityError:
        done = Formulierverzending.objects.filter(token=token).first()
        if done is None:
            raise
        return redirect(done.resultaat_url)
    except ApiError as error:
        if form is None:
            messages.error(request, describe(error))
            return redirect(back or request.path)
        attach(form, error)
        return None
    if success:
        messages.success(request, success)
    return redirect(url)


NOT_ALLOWED = "Uw rol geeft u voor deze zaak niet de bevoegdheid om dit te doen."


def describe(error: ApiError) -> str:
    if isinstance(error, ValidationFailed):
        return " ".join(p.reason for p in error.params) or error.detail
    if isinstance(error, PermissionDenied):
        return NOT_ALLOWED  # the service speaks of API scopes; staff think in roles
    return error.detail


def attach(form: forms.BaseForm, error: ApiError) -> None:
    """Put the service's reasons on the form: on the field it names, else on the form."""
    if isinstance(error, ValidationFailed):
        for param in error.params:
            name = param.name if param.name in form.fields else None
            form.add_error(name, param.reason)
    else:
        form.add_error(None, describe(error))
