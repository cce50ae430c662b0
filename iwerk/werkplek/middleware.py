"""Signs werkplek users out after a period without activity."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

_KEY = "iwerk_laatst_actief"
# Refresh the stamp at most this often: every write is a session save.
_RESOLUTION = 60


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/werkplek/") and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(_KEY, now)
            if now - last > settings.IWERK_WERKPLEK_INACTIEF:
                logout(request)
                messages.info(
                    request, "U bent automatisch uitgelogd na een periode van inactiviteit."
                )
                return redirect("werkplek:inloggen")
            if now - last >= _RESOLUTION or _KEY not in request.session:
                request.session[_KEY] = now
        return self.get_response(request)
