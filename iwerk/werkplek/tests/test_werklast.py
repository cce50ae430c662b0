"""The teamleider's workload pages (/werkplek/werklast/): who opens them, the figures of the own
gemeente only, absence set and cleared through the forms, query counts (ADR 0060). The
redistribution through the pages: test_werklast_herverdelen.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.medewerkers.models import Afwezigheid
from iwerk.werkverdeling.tests.werklast_wereld import bouw_wereld, taak

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    return bouw_wereld(gemeenten)


def _token(page: str) -> str:
    match = re.search(r'name="formtoken" value="([^"]+)"', page)
    assert match
    return match.group(1)


def _cellen(page: str, naam: str) -> list[str]:
    """The text of the cells of the row headed by naam (whitespace collapsed, tags removed)."""
    rijen = [r for r in page.split("<tr>") if re.search(rf'<th scope="row"[^>]*>.*?{naam}', r)]
    assert len(rijen) == 1, naam
    cellen = re.findall(r"<td[^>]*>(.*?)</td>", rijen[0], re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cellen]


def test_a_behandelaar_may_not_open_the_workload_pages(wereld):
    client = sign_in("mbakker")
    assert client.get("/werkplek/werklast/").status_code == 403
    assert client.get("/werkplek/werklast/jdevries/").status_code == 403
    response = client.post("/werkplek/werklast/jdevries/afwezig/", {"afwezig_tot": "2099-01-01"})
    assert response.status_code == 403
    assert not Afwezigheid.objects.exists()
    assert 'href="/werkplek/werklast/"' not in client.get("/werkplek/").content.decode()


def test_the_overview_shows_the_figures_of_the_own_teams_and_gemeente(wereld):
    client = sign_in("pjansen")
    page = client.get("/werkplek/werklast/").content.decode()
    assert '<h2 id="kop-team-' in page and "Vergunningen" in page
    assert "Burgerzaken" not in page and "Selin" not in page  # syilmaz's team is not his
    # open zaken, te laat, open taken, taken te laat (Raalte's work of jdevries not counted)
    assert _cellen(page, "Jan de Vries")[:4] == ["3", "1", "3", "1"]
    assert _cellen(page, "Mira Bakker")[:4] == ["1", "1", "1", "0"]
    assert "Teamvoorraad: 1 zaak nog zonder behandelaar" in page
    assert "2 zaken in de intake van de gemeente" in page
    assert 'href="/werkplek/?tab=intake"' in page and 'href="/werkplek/?tab=team"' in page
    assert 'aria-current="page">Werklast' in page


def _queries(client, url: str) -> int:
    client.get(url)  # warm the cached staff context
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_cost_a_fixed_number_of_queries_whatever_the_team_size(wereld):
    client = sign_in("pjansen")
    # The entry check (session, user, device, generations: 4) and the figures (7).
    overzicht = _queries(client, "/werkplek/werklast/")
    # The entry check, the member and colleagues (2), the lists (3), the hidden counts (4).
    lid = _queries(client, "/werkplek/werklast/jdevries/")
    assert overzicht <= 11 + 2 and lid <= 13 + 2  # +2: the menu's counters (context processors)
    zaaktype = wereld.zaken["j1"].zaaktype
    for n in range(5):
        user = medewerker(wereld.deventer, f"extra{n}", team="Vergunningen")
        zaak = bouw.zaak(zaaktype, behandelaar=wereld.users["jdevries"])
        bouw.zaak(zaaktype, behandelaar=user)
        taak(zaak, "Extra", medewerker="jdevries")
    assert _queries(client, "/werkplek/werklast/") == overzicht
    assert _queries(client, "/werkplek/werklast/jdevries/") == lid


def test_a_teamleider_reports_a_member_away_and_back(wereld):
    client = sign_in("pjansen")
    page = client.get("/werkplek/werklast/").content.decode()
    tot = wereld.vandaag + timedelta(days=10)
    response = client.post(
        "/werkplek/werklast/jdevries/afwezig/",
        {"formtoken": _token(page), "afwezig_tot": tot.isoformat()},
    )
    assert response.status_code == 302 and response["Location"] == "/werkplek/werklast/"
    assert Afwezigheid.objects.get(gebruiker=wereld.users["jdevries"]).afwezig_tot == tot
    page = client.get("/werkplek/werklast/").content.decode()
    assert "Jan de Vries staat als afwezig gemeld." in page
    assert f'value="{tot.isoformat()}"' in page
    response = client.post("/werkplek/werklast/jdevries/terug/", {"formtoken": _token(page)})
    assert response.status_code == 302
    assert not Afwezigheid.objects.exists()
    assert "Jan de Vries is terug gemeld." in client.get("/werkplek/werklast/").content.decode()


def test_a_past_date_is_refused_with_a_dutch_message(wereld):
    client = sign_in("pjansen")
    page = client.get("/werkplek/werklast/").content.decode()
    gisteren = (wereld.vandaag - timedelta(days=1)).isoformat()
    response = client.post(
        "/werkplek/werklast/jdevries/afwezig/", {"formtoken": _token(page), "afwezig_tot": gisteren}
    )
    assert response.status_code == 400
    assert "Deze datum ligt in het verleden; kies vandaag of een latere dag." in (
        response.content.decode()
    )
    # On the member's page the error is on the field.
    page = client.get("/werkplek/werklast/jdevries/").content.decode()
    response = client.post(
        "/werkplek/werklast/jdevries/afwezig/",
        {"formtoken": _token(page), "afwezig_tot": "", "terug": "medewerker"},
    )
    assert response.status_code == 400
    assert "Vul de laatste dag van de afwezigheid in." in response.content.decode()
    assert not Afwezigheid.objects.exists()


def test_someone_outside_the_teams_is_not_found_and_not_reported_away(wereld):
    client = sign_in("pjansen")
    assert client.get("/werkplek/werklast/syilmaz/").status_code == 404
    assert client.get("/werkplek/werklast/rmeijer/").status_code == 404
    page = client.get("/werkplek/werklast/").content.decode()
    tot = (wereld.vandaag + timedelta(days=3)).isoformat()
    response = client.post(
        "/werkplek/werklast/syilmaz/afwezig/", {"formtoken": _token(page), "afwezig_tot": tot}
    )
    assert response.status_code == 400
    assert "niet in een team waarvan u teamleider bent" in response.content.decode()
    assert not Afwezigheid.objects.exists()


def test_the_member_page_lists_their_work_the_teamleider_may_read(wereld):
    page = sign_in("pjansen").get("/werkplek/werklast/jdevries/").content.decode()
    for sleutel in ("j1", "j2", "j3"):
        assert str(wereld.zaken[sleutel].uuid) in page
    for sleutel in ("j-dicht", "r1", "m1"):
        assert str(wereld.zaken[sleutel].uuid) not in page
    assert str(wereld.taken["t1"].uuid) in page and str(wereld.taken["r"].uuid) not in page
    # The first deadline first: j1 (te laat) before j3 before j2.
    posities = [page.index(str(wereld.zaken[k].uuid)) for k in ("j1", "j3", "j2")]
    assert posities == sorted(posities)
    assert '<option value="medewerker:mbakker">Mira Bakker</option>' in page
    assert f'<option value="team:{wereld.vergunningen.pk}">' in page
    assert "syilmaz" not in page
