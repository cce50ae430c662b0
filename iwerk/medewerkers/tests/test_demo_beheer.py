"""The demo's functioneel beheerder (`fbeheerder`) signs in to beheer and manages the settings per
gemeente there — templates, routing, checklists, doelbinding — and nothing that lists every
gemeente's data (catalogi, API clients, accounts stay with the superuser)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from iwerk.core.testing.medewerkers import current_code
from iwerk.medewerkers.demo import DEMO_WACHTWOORD

pytestmark = pytest.mark.django_db


def _beheer(username: str) -> Client:
    user = get_user_model().objects.get(username=username)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "username": username,
            "password": DEMO_WACHTWOORD,
            "otp_token": current_code(user),
            "next": "/admin/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_fbeheerder_manages_the_settings_per_gemeente(demo_staf):
    client = _beheer("fbeheerder")
    index = client.get("/admin/").content.decode()
    for pad in (
        "/admin/sjablonen/sjabloon/",
        "/admin/berichten/sjabloon/",
        "/admin/berichten/bericht/",
        "/admin/werkverdeling/routeringsregel/",
        "/admin/werkverdeling/taaksjabloon/",
        "/admin/werkverdeling/vierogenregel/",
        "/admin/basisregistraties/doelbinding/",
        "/admin/klantinteracties/toegang/",
    ):
        assert pad in index
        assert client.get(pad).status_code == 200, pad
    assert client.get("/admin/sjablonen/sjabloon/add/").status_code == 200


def test_fbeheerder_does_not_reach_screens_of_every_gemeente(demo_staf):
    client = _beheer("fbeheerder")
    for pad in (
        "/admin/catalogi/zaaktype/",
        "/admin/autorisaties/applicatie/",
        "/admin/auth/user/",
    ):
        assert client.get(pad).status_code == 403, pad


def test_a_handler_has_no_beheer(demo_staf):
    user = get_user_model().objects.get(username="jdevries")
    assert not user.is_staff
    response = Client().post(
        "/admin/login/?next=/admin/",
        {
            "username": "jdevries",
            "password": DEMO_WACHTWOORD,
            "otp_token": current_code(user),
            "next": "/admin/",
        },
    )
    assert response.status_code == 200  # the sign-in page again, with its error
