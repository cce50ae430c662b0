"""Once-only staff form posts (medewerkers.formulieren.once): the action runs once per form token,
inside a transaction unless the caller says it manages its own (a transfer package written for
minutes must hold no locks meanwhile)."""

from __future__ import annotations

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import RequestFactory

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.formulieren import once
from iwerk.medewerkers.models import Formulierverzending

pytestmark = pytest.mark.django_db


def _post(user, token: str = "t" * 24):
    request = RequestFactory().post("/werkplek/archief/overbrengingen/", {"formtoken": token})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize("atomic", [True, False])
def test_an_action_runs_once_and_inside_a_transaction_only_when_asked(atomic):
    user = medewerker(build.gemeente(), "div")
    outside = len(connection.atomic_blocks)
    depths: list[int] = []

    def action() -> str:
        depths.append(len(connection.atomic_blocks))
        return "/klaar/"

    first = once(_post(user), action, atomic=atomic)
    again = once(_post(user), action, atomic=atomic)
    assert first is not None and first["Location"] == "/klaar/"
    assert again is not None and again["Location"] == "/klaar/"
    assert depths == [outside + 1 if atomic else outside]  # ran once; no transaction of its own
    assert Formulierverzending.objects.filter(gebruiker=user).count() == 1
