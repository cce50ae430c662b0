"""A handler marked absent and their work redistributed through the workload pages: to a
colleague, one zaak refused because the colleague may not see it, the rest back to the team
queue; their tasks too (ADR 0060)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from iwerk.core.testing.medewerkers import sign_in
from iwerk.werkverdeling.models import Taak
from iwerk.werkverdeling.tests.werklast_wereld import bouw_wereld
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db

PAGINA = "/werkplek/werklast/jdevries/"


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    return bouw_wereld(gemeenten)


def _token(page: str) -> str:
    match = re.search(r'name="formtoken" value="([^"]+)"', page)
    assert match
    return match.group(1)


def _meldingen(page: str) -> list[str]:
    return [
        " ".join(m.split()) for m in re.findall(r'<li class="melding[^"]*">(.*?)</li>', page, re.S)
    ]


def test_an_absent_handlers_zaken_are_redistributed_in_bulk(wereld):
    client = sign_in("pjansen")
    page = client.get(PAGINA).content.decode()
    tot = (wereld.vandaag + timedelta(days=14)).isoformat()
    response = client.post(
        PAGINA + "afwezig/",
        {"formtoken": _token(page), "afwezig_tot": tot, "terug": "medewerker"},
    )
    assert response["Location"] == PAGINA
    page = client.get(PAGINA).content.decode()
    assert "Jan de Vries is afwezig tot en met" in page
    # Away: on a colleague's page he is no choice to move work to.
    assert "medewerker:jdevries" not in client.get("/werkplek/werklast/mbakker/").content.decode()
    assert "medewerker:pjansen" in client.get("/werkplek/werklast/mbakker/").content.decode()
    zaken = {k: wereld.zaken[k] for k in ("j1", "j2", "j3")}
    gegevens = {
        "formtoken": _token(page),
        "zaken-naar": "medewerker:mbakker",
        "zaak": [str(z.uuid) for z in zaken.values()],
    }
    response = client.post(PAGINA + "zaken/", gegevens)
    assert response.status_code == 302 and response["Location"] == PAGINA
    page = client.get(PAGINA).content.decode()
    meldingen = _meldingen(page)
    assert "2 zaken verplaatst naar Mira Bakker." in meldingen
    assert (
        f"Niet verplaatst — {zaken['j3'].identificatie}: Deze zaak is vertrouwelijk; deze "
        "medewerker mag zaken tot en met zaakvertrouwelijk zien en kan de zaak niet openen."
    ) in meldingen
    behandelaars = dict(
        Zaak.objects.filter(pk__in=[z.pk for z in zaken.values()]).values_list("pk", "behandelaar")
    )
    assert behandelaars == {zaken["j1"].pk: "mbakker", zaken["j2"].pk: "mbakker",
                            zaken["j3"].pk: "jdevries"}  # fmt: skip
    # The same form once more (back button): nothing is done twice.
    response = client.post(PAGINA + "zaken/", gegevens)
    assert "Dit formulier was al verstuurd" in client.get(response["Location"]).content.decode()

    # The refused zaak back to the team queue instead.
    response = client.post(
        PAGINA + "zaken/",
        {
            "formtoken": _token(page),
            "zaken-naar": f"team:{wereld.vergunningen.pk}",
            "zaak": [str(zaken["j3"].uuid)],
        },
    )
    assert response.status_code == 302
    assert "1 zaak verplaatst naar Teamvoorraad Vergunningen." in _meldingen(
        client.get(PAGINA).content.decode()
    )
    j3 = Zaak.objects.get(pk=zaken["j3"].pk)
    assert (j3.behandelaar, j3.team_id) == ("", wereld.vergunningen.pk)


def test_an_absent_handlers_tasks_are_redistributed(wereld):
    client = sign_in("pjansen")
    page = client.get(PAGINA).content.decode()
    taken = wereld.taken
    response = client.post(
        PAGINA + "taken/",
        {
            "formtoken": _token(page),
            "taken-naar": "medewerker:mbakker",
            "taak": [str(taken[k].uuid) for k in ("t1", "t3")],
        },
    )
    assert response.status_code == 302
    meldingen = _meldingen(client.get(PAGINA).content.decode())
    assert "1 taak verplaatst naar Mira Bakker." in meldingen
    assert any(m.startswith("Niet verplaatst — Geheim overleg") for m in meldingen)
    assert Taak.objects.get(pk=taken["t1"].pk).medewerker == "mbakker"
    assert Taak.objects.get(pk=taken["t3"].pk).medewerker == "jdevries"


def test_a_redistribution_without_a_choice_is_shown_again_with_dutch_errors(wereld):
    client = sign_in("pjansen")
    page = client.get(PAGINA).content.decode()
    response = client.post(
        PAGINA + "zaken/", {"formtoken": _token(page), "zaken-naar": "medewerker:mbakker"}
    )
    assert response.status_code == 400
    assert "Selecteer eerst een of meer zaken." in response.content.decode()
    response = client.post(
        PAGINA + "zaken/",
        {
            "formtoken": _token(page),
            "zaken-naar": "medewerker:syilmaz",  # not in the team
            "zaak": [str(wereld.zaken["j1"].uuid)],
        },
    )
    assert response.status_code == 400
    assert "Kies een collega of team uit de lijst." in response.content.decode()
    assert Zaak.objects.get(pk=wereld.zaken["j1"].pk).behandelaar == "jdevries"
    # Someone outside the teamleider's teams has no page to post to.
    assert client.post("/werkplek/werklast/syilmaz/zaken/", {}).status_code == 404
