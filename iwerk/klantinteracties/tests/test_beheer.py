"""Functioneel beheer of the API's Toegangen and tokens: scoped to the beheerder's gemeenten,
Dutch errors, a new token shown once and working, a revoked token refused."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from iwerk.autorisaties.models import Applicatie
from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.klantinteracties import BASE, TokenClient
from iwerk.core.testing.medewerkers import medewerker
from iwerk.klantinteracties.models import Toegang, Token
from iwerk.medewerkers.roles import Rol

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

TOEVOEGEN = "/admin/klantinteracties/toegang/add/"


@pytest.fixture
def raalte_beheer(client: Client, gemeenten) -> Client:
    user = medewerker(gemeenten["raalte"], "fbraalte", Rol.functioneel_beheerder)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="klantinteracties"))
    return verified_client(client, user)


def _fouten(pagina: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', pagina)


def test_a_beheerder_gives_access_and_the_token_shown_once_works(raalte_beheer, gemeenten):
    applicatie = Applicatie.objects.create(label="KISS")
    antwoord = raalte_beheer.post(
        TOEVOEGEN,
        {
            "applicatie": applicatie.pk,
            "gemeente": gemeenten["raalte"].pk,
            "scopes": ["klantinteracties.lezen", "klantinteracties.bijwerken"],
            "max_vertrouwelijkheidaanduiding": "vertrouwelijk",
            "nieuw_token": "on",
            "token_omschrijving": "KISS productie",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert antwoord.status_code == 200
    (sleutel,) = re.findall(r"Het nieuwe API-token is: ([0-9a-f]{40})", antwoord.content.decode())
    assert TokenClient(sleutel).post(f"{BASE}/categorieen", {"naam": "x"}).status_code == 201
    token = Token.objects.get()
    assert token.omschrijving == "KISS productie" and sleutel not in token.sleutel_hash

    # Revoked: refused from the next request on.
    token.actief = False
    token.save()
    assert TokenClient(sleutel).get(f"{BASE}/categorieen").status_code == 401


def test_a_beheerder_cannot_give_access_to_another_gemeente(raalte_beheer, gemeenten):
    applicatie = Applicatie.objects.create(label="KISS")
    antwoord = raalte_beheer.post(
        TOEVOEGEN,
        {
            "applicatie": applicatie.pk,
            "gemeente": gemeenten["deventer"].pk,
            "scopes": ["klantinteracties.lezen"],
            "max_vertrouwelijkheidaanduiding": "openbaar",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )
    assert "Kies een gemeente uit de lijst: u beheert alleen uw eigen gemeente(n)." in _fouten(
        antwoord.content.decode()
    )
    assert not Toegang.objects.exists()


def test_no_scope_is_a_dutch_error(raalte_beheer, gemeenten):
    applicatie = Applicatie.objects.create(label="KISS")
    antwoord = raalte_beheer.post(
        TOEVOEGEN,
        {
            "applicatie": applicatie.pk,
            "gemeente": gemeenten["raalte"].pk,
            "max_vertrouwelijkheidaanduiding": "openbaar",
            "tokens-TOTAL_FORMS": "0",
            "tokens-INITIAL_FORMS": "0",
        },
    )
    assert "Kies ten minste één scope." in _fouten(antwoord.content.decode())


def test_the_list_shows_only_the_beheerders_gemeenten(raalte_beheer, gemeenten):
    applicatie = Applicatie.objects.create(label="Zichtbaar")
    andere = Applicatie.objects.create(label="Onzichtbaar")
    Toegang.objects.create(applicatie=applicatie, gemeente=gemeenten["raalte"], scopes=[])
    Toegang.objects.create(applicatie=andere, gemeente=gemeenten["deventer"], scopes=[])
    pagina = raalte_beheer.get("/admin/klantinteracties/toegang/").content.decode()
    assert "Zichtbaar" in pagina and "Onzichtbaar" not in pagina
