"""What every portaal page needs: its gemeente, who is signed in, and whose draft this is."""

from __future__ import annotations

import hashlib
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render

from iwerk.core import ratelimit
from iwerk.core.models import Gemeente
from iwerk.portaal import identiteit as ident
from iwerk.portaal.models import Concept

SESSIE_TOKEN = "portaal_sessie"


def gemeente_van(slug: str) -> Gemeente:
    return get_object_or_404(Gemeente.objects.toegewezen(), slug=slug)


def sessie_hash(request) -> str:
    """A token for this browser session that survives sign-in (drafts made before signing in)."""
    token = request.session.get(SESSIE_TOKEN)
    if token is None:
        token = request.session[SESSIE_TOKEN] = secrets.token_urlsafe(24)
    return hashlib.sha256(token.encode()).hexdigest()


def inloggen_url(gemeente: Gemeente, niveau: str, volgende: str) -> str:
    middel = niveau.split("_")[0]
    return f"/{gemeente.slug}/inloggen/{middel}/?" + urlencode(
        {"niveau": niveau, "volgende": volgende}
    )


def portaal_view(*, ingelogd: bool = False):
    """Resolve the gemeente (404 for an unknown slug) and the identity; optionally require one."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, gemeente_slug: str, *args, **kwargs):
            request.gemeente = gemeente_van(gemeente_slug)
            if request.method == "POST" and ratelimit.portaal_post_te_vaak(request):
                return render(
                    request, "portaal/te_vaak.html", {"gemeente": request.gemeente}, status=429
                )
            request.identiteit = ident.huidige(request)
            if ingelogd and request.identiteit is None:
                return HttpResponseRedirect(
                    f"/{gemeente_slug}/inloggen/?" + urlencode({"volgende": request.path})
                )
            response = view(request, *args, **kwargs)
            # Portaal pages show a person's answers, cases or sign-in state: never kept by a
            # shared computer's browser or a proxy.
            response["Cache-Control"] = "private, no-store"
            return response

        return wrapper

    return decorate


def mag_bij(request, concept: Concept) -> bool:
    """A draft is its owner's: the signed-in BSN/KvK (with the represented citizen, when made for
    someone else), or the browser session of an anonymous one."""
    wie = request.identiteit
    if concept.eigenaar:
        return wie is not None and (wie.middel, wie.eigenaar) == (concept.middel, concept.eigenaar)
    return concept.sessie == sessie_hash(request)


def concept_van(request, uuid) -> Concept:
    concept = (
        Concept.objects.filter(tenant=request.gemeente, uuid=uuid)
        .select_related("product", "tenant")
        .first()
    )
    if concept is None or not mag_bij(request, concept):
        # Someone else's draft looks exactly like one that does not exist.
        raise Http404("Deze aanvraag bestaat niet of is niet van u.")
    return concept
