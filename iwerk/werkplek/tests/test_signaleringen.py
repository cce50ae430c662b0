"""The staff member's signals in the werkplek (/werkplek/signaleringen/, ADR 0057): the list,
newest first with the unread marked, the counter in the menu, marking read, only their own signals
of zaken they may still see in the active gemeente, the pages' query counts, the e-mail choice."""

from __future__ import annotations

import re
import secrets

import pytest
from django.utils import timezone

from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.medewerkers.roles import Rol
from iwerk.medewerkers.services import rol_toewijzen
from iwerk.signaleringen.models import Instelling, Signalering, Soort
from iwerk.signaleringen.tests.hulp import maak_wereld

pytestmark = pytest.mark.django_db

LIJST = "/werkplek/signaleringen/"


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    return maak_wereld(gemeenten)


def _post(client, pad: str, **data):
    return client.post(pad, {"formtoken": secrets.token_urlsafe(24), **data})


def _nieuw(html: str) -> str | None:
    """The counter beside Signaleringen in the menu."""
    gevonden = re.search(r"Signaleringen <span class=\"label label--nadert\">(\d+) nieuw", html)
    return gevonden.group(1) if gevonden else None


def test_the_list_shows_the_newest_first_marks_unread_and_the_menu_counts(wereld):
    eerste = wereld.zaak(behandelaar=wereld.users["jdevries"])
    tweede = wereld.zaak(behandelaar=wereld.users["jdevries"])
    wereld.zaak(behandelaar=wereld.users["mbakker"])  # someone else's

    html = sign_in("jdevries").get(LIJST).content.decode()

    assert html.index(tweede.identificatie) < html.index(eerste.identificatie)
    assert _nieuw(html) == "2"
    assert html.count('<span class="label label--nadert">nieuw</span>') == 2
    assert f'href="/werkplek/zaken/{eerste.uuid}/"' in html
    assert 'aria-current="page">Signaleringen' in html
    assert "Markeer alle als gelezen" in html


def test_marking_one_and_then_all_read_updates_the_counter_at_once(wereld):
    wereld.zaak(behandelaar=wereld.users["jdevries"])
    wereld.zaak(behandelaar=wereld.users["jdevries"])
    client = sign_in("jdevries")
    assert _nieuw(client.get(LIJST).content.decode()) == "2"  # now cached for a minute
    eerste = Signalering.objects.filter(gebruiker__username="jdevries").order_by("pk").first()

    response = _post(client, f"{LIJST}{eerste.pk}/gelezen/", pagina="1")
    assert response.status_code == 302 and response["Location"] == LIJST
    eerste.refresh_from_db()
    assert eerste.gelezen_op is not None
    assert _nieuw(client.get(LIJST).content.decode()) == "1"

    _post(client, f"{LIJST}gelezen/")
    html = client.get(LIJST).content.decode()
    assert _nieuw(html) is None and "gelezen</span>" in html
    assert not Signalering.objects.filter(gelezen_op__isnull=True).exists()


def test_another_persons_signal_is_not_marked(wereld):
    wereld.zaak(behandelaar=wereld.users["mbakker"])
    andermans = Signalering.objects.get()
    response = _post(sign_in("jdevries"), f"{LIJST}{andermans.pk}/gelezen/")
    assert response.status_code == 302
    andermans.refresh_from_db()
    assert andermans.gelezen_op is None
    assert sign_in("jdevries").get(f"{LIJST}{andermans.pk}/gelezen/").status_code == 405


def test_a_zaak_out_of_sight_is_neither_listed_nor_counted(wereld):
    jdevries = wereld.users["jdevries"]
    rol_toewijzen(jdevries, wereld.deventer, Rol.behandelaar, maximum="vertrouwelijk")
    zichtbaar = wereld.zaak(behandelaar=jdevries)
    verborgen = wereld.zaak(behandelaar=jdevries, vertrouwelijkheid="vertrouwelijk")
    rol_toewijzen(jdevries, wereld.deventer, Rol.behandelaar, maximum="zaakvertrouwelijk")

    html = sign_in("jdevries").get(LIJST).content.decode()
    assert zichtbaar.identificatie in html and verborgen.identificatie not in html
    assert _nieuw(html) == "1"


def test_signals_of_another_gemeente_stay_there(wereld):
    medewerker(wereld.raalte, "jdevries")  # jdevries works for Raalte too
    Signalering.objects.create(
        gebruiker=wereld.users["jdevries"],
        gemeente=wereld.raalte,
        soort=Soort.zaak_team,
        tekst="Zaak ZAAK-RAALTE staat in de wachtrij van team Vergunningen.",
        sleutel="raalte",
    )
    client = sign_in("jdevries")
    client.post("/werkplek/gemeente/", {"gemeente": wereld.deventer.pk})
    html = client.get(LIJST).content.decode()
    assert "ZAAK-RAALTE" not in html and "U heeft geen signaleringen." in html


def _signalen(wereld, aantal: int) -> None:
    zaak = wereld.zaak()
    Signalering.objects.bulk_create(
        Signalering(
            gebruiker=wereld.users["jdevries"],
            gemeente=wereld.deventer,
            soort=Soort.document_toegevoegd,
            tekst=f"Signaal {nummer:02d}",
            url=f"/werkplek/zaken/{zaak.uuid}/",
            zaak=zaak,
            sleutel=f"s{nummer}",
            aangemaakt_op=timezone.now(),
        )
        for nummer in range(aantal)
    )


def test_the_list_is_paginated(wereld):
    _signalen(wereld, 30)
    client = sign_in("jdevries")
    eerste = client.get(LIJST).content.decode()
    assert eerste.count("<strong>Signaal ") == 25 and "Volgende pagina" in eerste
    assert "Signaal 29" in eerste and "Signaal 04" not in eerste
    tweede = client.get(LIJST, {"pagina": "2"}).content.decode()
    assert tweede.count("<strong>Signaal ") == 5 and "Vorige pagina" in tweede
    assert "Volgende pagina" not in tweede


@pytest.mark.parametrize("aantal", [3, 30])
def test_the_list_costs_the_same_queries_for_any_number(wereld, aantal, django_assert_num_queries):
    _signalen(wereld, aantal)
    client = sign_in("jdevries")
    client.get(LIJST)  # the session's staff context cached, as on every later page
    # Session and user, the page, the e-mail choice, the two menu counters.
    with django_assert_num_queries(6):
        assert client.get(LIJST).status_code == 200


def test_the_email_choice_is_the_persons_own(wereld, django_assert_max_num_queries):
    client = sign_in("jdevries")
    html = client.get(f"{LIJST}instellingen/").content.decode()
    assert re.search(r'value="dagelijks"[^>]*checked', html)

    response = _post(client, f"{LIJST}instellingen/", email="direct")
    assert response.status_code == 302
    assert Instelling.objects.get(gebruiker=wereld.users["jdevries"]).email == "direct"
    assert "direct per e-mail" in client.get(LIJST).content.decode()

    response = _post(client, f"{LIJST}instellingen/", email="elk-uur")
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    with django_assert_max_num_queries(6):
        client.get(f"{LIJST}instellingen/")


def test_a_role_without_zaken_opens_an_empty_list(wereld):
    html = sign_in("manager").get(LIJST).content.decode()
    assert "U heeft geen signaleringen." in html
