"""What every werkplek action shares: once-only posts, service errors as form errors."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect

from iwerk.core.api.problems import ApiError, PermissionDenied, ValidationFailed
from iwerk.werkplek.models import Formulierverzending, Roltoewijzing
from iwerk.werkplek.roles import Rol


def new_token() -> str:
    return secrets.token_urlsafe(24)


def once(request, action: Callable[[], str], *, form=None, back: str = "", success: str = ""):
    """Run action (returning the URL to go to) once per form token, in one transaction.

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
    try:
        with transaction.atomic():
            url = action()
            Formulierverzending.objects.create(
                token=token, gebruiker=request.user, resultaat_url=url
            )
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


def attach(form, error: ApiError) -> None:
    """Put the service's reasons on the form: on the field it names, else on the form."""
    if isinstance(error, ValidationFailed):
        for param in error.params:
            name = param.name if param.name in form.fields else None
            form.add_error(name, param.reason)
    else:
        form.add_error(None, describe(error))


def medewerkers(gemeente_id: int) -> list[tuple[str, str]]:
    """(user name, display name) of everyone who handles zaken in the gemeente."""
    rows = (
        Roltoewijzing.objects.filter(
            gemeente_id=gemeente_id, rol__in=[Rol.behandelaar, Rol.teamleider]
        )
        .select_related("gebruiker")
        .order_by("gebruiker__last_name", "gebruiker__username")
    )
    seen: dict[str, str] = {}
    for row in rows:
        user = row.gebruiker
        seen.setdefault(user.username, user.get_full_name() or user.username)
    return list(seen.items())
