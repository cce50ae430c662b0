"""Routing whatever the channel: a request from the portaal, a zaak from an API client and one
registered at the werkplek intake each land in the right team's queue, and that team sees it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from iwerk.core.testing.api import register_client
from iwerk.core.testing.medewerkers import sign_in
from iwerk.portaal.demo import load_producten
from iwerk.portaal.tests.conftest import png_bestand
from iwerk.werkverdeling.models import Routering
from iwerk.werkverdeling.tests.routering_wereld import BRINK, bouw
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db
ZTC = "http://testserver/catalogi/api/v1"
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}


@pytest.fixture
def wereld(gemeenten, werkplek_settings, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    wereld = bouw(gemeenten)
    load_producten(gemeenten["deventer"])  # the melding openbare ruimte, backed by MOR
    return wereld


def _in_wachtrij(username: str, zaak: Zaak) -> bool:
    page = sign_in(username).get("/werkplek/", {"tab": "team"}).content.decode()
    return f'name="zaak" value="{zaak.uuid}"' in page


def test_a_portaal_melding_lands_in_its_categorys_team(wereld, django_capture_on_commit_callbacks):
    client = Client()
    url = client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    stap = client.post(
        url,
        {
            "soort": "Straatverlichting",
            "omschrijving": "Lantaarnpaal brandt niet meer.",
            "plek": "Brink 12, Deventer",
            "plek_lat": "52.2511",
            "plek_lon": "6.1602",
            "foto": png_bestand(),
        },
    )
    assert stap.status_code == 302, stap.content.decode()[:2000]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(stap["Location"], {"akkoord": "ja"}).status_code == 302

    zaak = Zaak.objects.get(tenant=wereld.gemeenten["deventer"])
    # In the centre, but the category's rule comes first; its person has it.
    assert zaak.team == wereld.verlichting
    assert zaak.behandelaar == "lvos"
    assert Routering.objects.get(zaak=zaak).regel == wereld.categorie
    assert _in_wachtrij("lvos", zaak)
    assert not _in_wachtrij("jdevries", zaak)


def test_an_api_zaak_lands_in_its_wijks_team_and_moves_with_its_eigenschap(wereld):
    api = register_client("meldingen-app", alle=True)
    response = api.post(
        "/zaken/api/v1/zaken",
        {
            "bronorganisatie": wereld.gemeenten["deventer"].rsin,
            "verantwoordelijkeOrganisatie": wereld.gemeenten["deventer"].rsin,
            "zaaktype": f"{ZTC}/zaaktypen/{wereld.mor.uuid}",
            "startdatum": "2026-12-01",
            "omschrijving": "Losse stoeptegel",
            "zaakgeometrie": BRINK,
        },
        **CRS,
    )
    assert response.status_code == 201, response.content
    zaak = Zaak.objects.get(uuid=response.json()["uuid"])
    assert zaak.team == wereld.centrum and zaak.behandelaar == ""

    # The client adds the category afterwards (as ZGW clients do): the zaak is routed again.
    eigenschap = wereld.mor.eigenschappen.get(naam="categorie")
    toegevoegd = api.post(
        f"{response.json()['url']}/zaakeigenschappen",
        {
            "zaak": response.json()["url"],
            "eigenschap": f"{ZTC}/eigenschappen/{eigenschap.uuid}",
            "waarde": "Straatverlichting",
        },
    )
    assert toegevoegd.status_code == 201, toegevoegd.content
    zaak.refresh_from_db()
    assert zaak.team == wereld.verlichting and zaak.behandelaar == "lvos"
    assert _in_wachtrij("lvos", zaak)


def test_a_zaak_from_the_intake_lands_in_the_zaaktypes_team(wereld):
    client = sign_in("jdevries")
    page = client.get("/werkplek/zaken/nieuw/").content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', page).group(1)
    response = client.post(
        "/werkplek/zaken/nieuw/",
        {
            "formtoken": token,
            "zaaktype": wereld.mor.pk,
            "kanaal": "telefoon",
            "omschrijving": "Zwerfafval bij de Worp",
            "startdatum": "2026-12-01",
            "initiator_type": "natuurlijk_persoon",
            "geslachtsnaam": "Haverkamp",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    zaak = Zaak.objects.get(tenant=wereld.gemeenten["deventer"])
    assert zaak.team == wereld.bor and zaak.behandelaar == ""
    assert _in_wachtrij("jdevries", zaak)  # his team's queue
    assert not _in_wachtrij("lvos", zaak)
    # Nor in the intake: it has a team.
    intake = sign_in("pjansen").get("/werkplek/", {"tab": "intake"}).content.decode()
    assert str(zaak.uuid) not in intake
