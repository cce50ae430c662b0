"""Team queues in the werkvoorraad (mine, my teams, the intake), moving zaken between queues, and
assignment only to someone who may see the zaak (ADR 0059)."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.core.testing.zaken import ALLES
from iwerk.medewerkers.models import Team
from iwerk.werkverdeling.models import Routering, Taak
from iwerk.zaken.models import Rol, Zaak
from iwerk.zaken.services.toewijzing import Medewerker, assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def wachtrijen(werkvoorraad):
    """The werkplek's world with two zaken in Vergunningen' queue (one with two open tasks), one
    in Burgerzaken's, and Raalte's zaak in rmeijer's team Publiekszaken."""
    deventer, raalte = werkvoorraad.gemeenten["deventer"], werkvoorraad.gemeenten["raalte"]
    vergunningen = Team.objects.get(gemeente=deventer, naam="Vergunningen")
    burgerzaken = Team.objects.get(gemeente=deventer, naam="Burgerzaken")
    zaken = werkvoorraad.zaken
    Zaak.objects.filter(pk__in=[zaken[4].pk, zaken[5].pk]).update(team=vergunningen)
    Zaak.objects.filter(pk=zaken[6].pk).update(team=burgerzaken)
    Zaak.objects.filter(pk=werkvoorraad.raalte.pk).update(
        team=Team.objects.get(gemeente=raalte, naam="Publiekszaken")  # rmeijer's
    )
    for titel in ("Advies boomdeskundige", "Locatiebezoek"):
        Taak.objects.create(tenant=deventer, zaak=zaken[4], titel=titel, team=vergunningen)
    Taak.objects.create(tenant=deventer, zaak=zaken[4], titel="Al klaar", status="afgerond")
    werkvoorraad.vergunningen, werkvoorraad.burgerzaken = vergunningen, burgerzaken
    return werkvoorraad


def _uuids(page: str) -> list[str]:
    return re.findall(r'name="zaak" value="([0-9a-f-]{36})"', page)


def _rij(page: str, zaak: Zaak) -> str:
    rows = [row for row in page.split("<tr>") if f'value="{zaak.uuid}"' in row]
    assert len(rows) == 1
    return re.sub(r"\s+", " ", rows[0].split("</tr>")[0])


def _cel(row: str, label: str) -> str:
    return re.search(rf'<td data-label="{label}">(.*?)</td>', row).group(1).strip()


def _token(page: str) -> str:
    return re.search(r'name="formtoken" value="([^"]+)"', page).group(1)


def test_my_teams_tab_shows_my_teams_queues_and_never_another_gemeentes(wachtrijen):
    zaken = wachtrijen.zaken
    raalte = sign_in("rmeijer").get("/werkplek/", {"tab": "team"}).content.decode()
    assert _uuids(raalte) == [str(wachtrijen.raalte.uuid)]
    # Raalte's zaak pointing at a Deventer team (no service does that) still never shows.
    Zaak.objects.filter(pk=wachtrijen.raalte.pk).update(team=wachtrijen.vergunningen)
    page = sign_in("jdevries").get("/werkplek/", {"tab": "team"}).content.decode()
    assert set(_uuids(page)) == {str(zaken[4].uuid), str(zaken[5].uuid)}
    assert '<a href="?tab=team" aria-current="page">Mijn teams</a>' in page
    burgerzaken = sign_in("syilmaz").get("/werkplek/", {"tab": "team"}).content.decode()
    assert _uuids(burgerzaken) == [str(zaken[6].uuid)]


def test_the_intake_holds_zaken_without_team_and_behandelaar_by_deadline(wachtrijen):
    zaken = wachtrijen.zaken
    client = sign_in("pjansen")
    page = client.get("/werkplek/", {"tab": "intake"}).content.decode()
    assert _uuids(page) == [
        str(z.uuid)
        for z in sorted([zaken[7]], key=lambda z: (z.uiterlijke_einddatum_afdoening, z.pk))
    ]
    # Saved filters from before say tab=vrij: the same queue, the Intake tab marked.
    vrij = client.get("/werkplek/", {"tab": "vrij"}).content.decode()
    assert _uuids(vrij) == _uuids(page)
    assert '<a href="?tab=intake" aria-current="page">Intake</a>' in vrij
    # Every open zaak of the gemeente, the most urgent first, on page 1 by default.
    alle = client.get("/werkplek/", {"tab": "alle"}).content.decode()
    termijnen = [Zaak.objects.get(uuid=u).uiterlijke_einddatum_afdoening for u in _uuids(alle)]
    assert termijnen == sorted(termijnen) and len(termijnen) == len(zaken)


def test_rows_show_the_team_and_the_open_tasks(wachtrijen):
    page = sign_in("pjansen").get("/werkplek/", {"tab": "alle"}).content.decode()
    zaken = wachtrijen.zaken
    assert _cel(_rij(page, zaken[4]), "Team") == "Vergunningen"
    assert _cel(_rij(page, zaken[4]), "Open taken") == "2"
    assert _cel(_rij(page, zaken[6]), "Team") == "Burgerzaken"
    assert _cel(_rij(page, zaken[6]), "Open taken") == "0"
    assert _cel(_rij(page, zaken[7]), "Team") == "Intake"
    assert _cel(_rij(page, zaken[1]), "Team") == "—"  # no team, but in hand


def test_the_first_page_lists_my_teams_tasks(wachtrijen):
    page = sign_in("mbakker").get("/werkplek/").content.decode()
    blok = page.split('id="kop-mijn-taken"')[1].split("</section>")[0]
    assert "Advies boomdeskundige" in blok and "Locatiebezoek" in blok and "Al klaar" not in blok
    assert wachtrijen.zaken[4].identificatie in blok
    assert (
        'id="kop-mijn-taken"' not in sign_in("mbakker").get("/werkplek/?pagina=2").content.decode()
    )


@pytest.mark.parametrize("tab", ["team", "intake", "alle"])
def test_the_team_queues_cost_what_the_page_costs(wachtrijen, tab):
    """Session, user, OTP device, generations, the zaken, the handlers, the rows' open tasks,
    their behandelaar rollen, my tasks, the contactverzoeken, the saved filters: eleven, whatever
    the tab (team names come from the cache)."""
    client = sign_in("pjansen")
    client.get("/werkplek/", {"tab": tab})
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/werkplek/", {"tab": tab}).status_code == 200
    assert len(queries) == 11, "\n".join(q["sql"][:120] for q in queries)


# --- moving zaken between queues ----------------------------------------------------------------


def test_a_teamleider_moves_a_zaak_to_a_team_from_its_page(wachtrijen):
    zaak = wachtrijen.zaken[7]
    client = sign_in("pjansen")
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert '<dd id="team">Intake (nog geen team)</dd>' in page
    assert "<summary>Naar team</summary>" in page
    response = client.post(
        f"/werkplek/zaken/{zaak.uuid}/team/",
        {"team": wachtrijen.burgerzaken.pk, "formtoken": _token(page)},
    )
    assert response.status_code == 302
    zaak.refresh_from_db()
    assert zaak.team == wachtrijen.burgerzaken
    assert Routering.objects.get(zaak=zaak).handmatig
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert '<dd id="team">Burgerzaken</dd>' in page
    assert "De zaak staat nu in de wachtrij van Burgerzaken." in html.unescape(page)


def test_a_team_of_another_gemeente_cannot_be_chosen(wachtrijen):
    zaak = wachtrijen.zaken[7]
    client = sign_in("pjansen")
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    raalte = Team.objects.get(naam="Publiekszaken")
    assert f'value="{raalte.pk}"' not in page.split("Naar team</summary>")[1].split("</form>")[0]
    response = client.post(
        f"/werkplek/zaken/{zaak.uuid}/team/", {"team": raalte.pk, "formtoken": _token(page)}
    )
    assert response.status_code == 400
    assert "Kies een team van deze gemeente uit de lijst." in html.unescape(
        response.content.decode()
    )
    zaak.refresh_from_db()
    assert zaak.team_id is None


def test_only_who_assigns_others_moves_zaken(wachtrijen):
    zaak = wachtrijen.zaken[7]
    client = sign_in("jdevries")
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert "<summary>Naar team</summary>" not in page
    response = client.post(
        f"/werkplek/zaken/{zaak.uuid}/team/",
        {"team": wachtrijen.vergunningen.pk, "formtoken": _token(page)},
    )
    assert response.status_code == 403
    assert sign_in("jdevries").post("/werkplek/team/", {"team": "intake"}).status_code == 403
    zaak.refresh_from_db()
    assert zaak.team_id is None


def test_bulk_to_a_team_and_back_to_the_intake(wachtrijen):
    zaken = wachtrijen.zaken
    client = sign_in("pjansen")
    page = client.get("/werkplek/", {"tab": "alle"}).content.decode()
    assert 'formaction="/werkplek/team/"' in page
    gekozen = [str(zaken[6].uuid), str(zaken[7].uuid), str(wachtrijen.raalte.uuid)]
    response = client.post(
        "/werkplek/team/",
        {"team": wachtrijen.vergunningen.pk, "zaak": gekozen, "formtoken": _token(page),
         "terug": "/werkplek/?tab=team"},
    )  # fmt: skip
    assert response["Location"] == "/werkplek/?tab=team"
    assert set(Zaak.objects.filter(team=wachtrijen.vergunningen).values_list("pk", flat=True)) == {
        zaken[4].pk,
        zaken[5].pk,
        zaken[6].pk,
        zaken[7].pk,
    }  # Raalte's zaak untouched
    assert "2 zaken verplaatst naar de wachtrij van Vergunningen." in html.unescape(
        client.get("/werkplek/").content.decode()
    )
    # Back to the intake: nobody handles them there.
    page = client.get("/werkplek/", {"tab": "alle"}).content.decode()
    client.post(
        "/werkplek/team/",
        {"team": "intake", "zaak": [str(zaken[1].uuid)], "formtoken": _token(page)},
    )
    zaak = Zaak.objects.get(pk=zaken[1].pk)
    assert zaak.team_id is None and zaak.behandelaar == ""


# --- assignment to someone who may see the zaak ---------------------------------------------------


def test_a_geheim_zaak_cannot_be_given_to_who_may_not_see_it(wachtrijen):
    zaak = wachtrijen.zaken[7]
    Zaak.objects.filter(pk=zaak.pk).update(vertrouwelijkheidaanduiding="geheim")
    zaak.refresh_from_db()
    with pytest.raises(ValidationFailed) as fout:
        assign(actor=ALLES, zaak=zaak, medewerker=Medewerker("jdevries", "de Vries"))
    assert [(p.name, p.reason) for p in fout.value.params] == [
        (
            "medewerker",
            "Deze zaak is geheim; deze medewerker mag zaken tot en met zaakvertrouwelijk zien "
            "en kan de zaak niet openen.",
        )
    ]
    # The zaak page offers only who may see it, and refuses the others.
    client = sign_in("pjansen")  # teamleider up to geheim
    page = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    keuzes = page.split('id="id_toewijzen_medewerker"')[1].split("</select>")[0]
    assert 'value="pjansen"' in keuzes and 'value="jdevries"' not in keuzes
    response = client.post(
        f"/werkplek/zaken/{zaak.uuid}/toewijzen/",
        {"medewerker": "jdevries", "formtoken": _token(page)},
    )
    assert response.status_code == 400
    assert "alleen wie deze zaak mag zien" in html.unescape(response.content.decode())
    # In bulk the reason comes per zaak, and the others are still assigned.
    page = client.get("/werkplek/", {"tab": "alle"}).content.decode()
    client.post(
        "/werkplek/toewijzen/",
        {"medewerker": "jdevries", "zaak": [str(zaak.uuid), str(wachtrijen.zaken[6].uuid)]},
    )
    melding = html.unescape(client.get("/werkplek/").content.decode())
    assert f"Niet toegewezen — {zaak.identificatie}: Deze zaak is geheim" in melding
    assert "1 zaak toegewezen aan Jan de Vries." in melding
    assert Zaak.objects.get(pk=wachtrijen.zaken[6].pk).behandelaar == "jdevries"
    assert not Rol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="behandelaar").exists()


def test_a_zaak_cannot_be_given_to_someone_of_another_gemeente(wachtrijen):
    zaak = wachtrijen.zaken[7]
    for username in ("rmeijer", "fg", "onbekend"):  # Raalte; reads only; no account at all
        with pytest.raises(ValidationFailed) as fout:
            assign(actor=ALLES, zaak=zaak, medewerker=Medewerker(username, "X"))
        assert fout.value.params[0].reason.startswith(
            "Deze medewerker behandelt geen zaken in de gemeente van deze zaak"
        ), username
    # A role in both gemeenten is enough.
    medewerker(wachtrijen.gemeenten["deventer"], "rmeijer")
    assign(actor=ALLES, zaak=zaak, medewerker=Medewerker("rmeijer", "Meijer"))
    assert Zaak.objects.get(pk=zaak.pk).behandelaar == "rmeijer"
