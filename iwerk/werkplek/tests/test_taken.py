"""Tasks on the zaak page and /werkplek/taken/: the checklist shown, tasks added and completed,
mandatory tasks that keep the status and the closing where they are (with a clear message,
nothing changed), a task or zaak out of reach is a 404, and the query counts."""

from __future__ import annotations

import secrets
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import sign_in
from iwerk.werkplek.views import zaak_taken
from iwerk.werkverdeling.models import Taak, Taakstatus
from iwerk.werkverdeling.selectors import taken as taken_selectors
from iwerk.werkverdeling.services import taken
from iwerk.werkverdeling.tests.taken_wereld import (
    ADVIES,
    bij_advies,
    bouw_wereld,
    context,
    evenementzaak,
)
from iwerk.zaken.models import Resultaat, Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]


@pytest.fixture
def wereld(gemeenten):
    return bouw_wereld(gemeenten, vier_ogen=False)


def _post(client, url: str, data: dict, token: str = ""):
    return client.post(url, {"formtoken": token or secrets.token_urlsafe(24), **data})


def _zaakurl(zaak) -> str:
    return f"/werkplek/zaken/{zaak.uuid}/"


def test_zaak_page_shows_the_checklist_with_its_forms(wereld):
    zaak = bij_advies(wereld)
    pagina = sign_in("jdevries").get(_zaakurl(zaak)).content.decode()
    sectie = pagina[pagina.index('id="taken"') : pagina.index('id="status"')]
    assert "<h2" in sectie and "3 open" in sectie
    for titel in ("Advies politie", "Advies brandweer", "Veiligheidsplan beoordelen"):
        assert titel in sectie
    assert sectie.count(">verplicht<") == 2
    deadline = timezone.localdate() + timedelta(days=14)
    assert f"{deadline.day}-{deadline.month}-{deadline.year}" in sectie
    assert sectie.count("/afronden/") == 3
    assert f'action="/werkplek/zaken/{zaak.uuid}/taken/"' in sectie  # add a task
    # The contact centre reads the zaak: it sees the tasks but neither completes nor adds.
    kcc = sign_in("fhendriks").get(_zaakurl(zaak)).content.decode()
    kcc_sectie = kcc[kcc.index('id="taken"') : kcc.index('id="status"')]
    assert "Advies politie" in kcc_sectie
    assert "/afronden/" not in kcc_sectie and "Taak toevoegen" not in kcc_sectie


def test_handler_adds_and_completes_a_task(wereld):
    zaak = evenementzaak(wereld)
    client = sign_in("jdevries")
    response = _post(
        client,
        _zaakurl(zaak) + "taken/",
        {
            "titel": "Locatie bekijken",
            "medewerker": "mbakker",
            "deadline": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "verplicht": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#taken")
    taak = Taak.objects.get(zaak=zaak, titel="Locatie bekijken")
    assert (taak.medewerker, taak.verplicht) == ("mbakker", True)
    url = _zaakurl(zaak) + f"taken/{taak.uuid}/afronden/"
    fout = _post(client, url, {"resultaat": ""})
    assert fout.status_code == 400
    assert "Beschrijf kort het resultaat van de taak." in fout.content.decode()
    assert _post(client, url, {"resultaat": "Gezien, geen bezwaar"}).status_code == 302
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat, taak.afgerond_door) == (
        Taakstatus.afgerond,
        "Gezien, geen bezwaar",
        "jdevries",
    )


def test_adding_a_task_for_someone_without_access_is_refused_in_dutch(wereld):
    zaak = evenementzaak(wereld, behandelaar="pjansen", vertrouwelijkheid="geheim")
    client = sign_in("pjansen")
    response = _post(
        client,
        _zaakurl(zaak) + "taken/",
        {"titel": "Verslag lezen", "team": str(wereld.raalte_team.pk)},
    )
    # Raalte's team is not even offered; posted anyway, the form refuses it.
    assert response.status_code == 400
    response = _post(
        client,
        _zaakurl(zaak) + "taken/",
        {
            "titel": "Verslag lezen",
            "team": str(wereld.kcc.pk),
            "deadline": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "De deadline ligt in het verleden" in response.content.decode()
    assert not Taak.objects.filter(zaak=zaak).exists()
    # jdevries may see zaken up to zaakvertrouwelijk: the service says why, on the field.
    with pytest.raises(ValidationFailed) as exc:
        taken.taak_aanmaken(
            context=context(wereld.pjansen, wereld.gemeenten["deventer"]),
            zaak=zaak,
            titel="Verslag lezen",
            medewerker="jdevries",
        )
    assert exc.value.params[0].name == "medewerker"


def test_mandatory_tasks_block_the_status_change_in_the_werkplek(wereld):
    zaak = bij_advies(wereld)
    client = sign_in("jdevries")
    besluit = zaak.zaaktype.statustypen.get(omschrijving="Besluit genomen")
    response = _post(client, _zaakurl(zaak) + "status/", {"statustype": str(besluit.pk)})
    assert response.status_code == 400
    assert (
        "De zaak kan niet verder: de verplichte taken ‘Advies politie’ en ‘Advies brandweer’ "
        "zijn nog open." in response.content.decode()
    )
    assert Zaak.objects.get(pk=zaak.pk).huidige_statustype.omschrijving == ADVIES


def test_mandatory_tasks_block_the_closing_in_the_werkplek(wereld):
    zaak = bij_advies(wereld)
    client = sign_in("jdevries")
    verleend = zaak.zaaktype.resultaattypen.get(omschrijving="Verleend")
    response = _post(client, _zaakurl(zaak) + "afsluiten/", {"resultaattype": str(verleend.pk)})
    assert response.status_code == 400
    assert "de verplichte taken ‘Advies politie’ en ‘Advies brandweer’" in (
        response.content.decode()
    )
    zaak.refresh_from_db()
    assert zaak.einddatum is None
    assert not Resultaat.objects.filter(zaak=zaak).exists()


def test_a_task_of_another_zaak_or_a_zaak_out_of_reach_is_a_404(wereld):
    zaak = bij_advies(wereld)
    ander = evenementzaak(wereld)
    taak = Taak.objects.filter(zaak=zaak).first()
    client = sign_in("jdevries")
    url = _zaakurl(ander) + f"taken/{taak.uuid}/afronden/"
    assert _post(client, url, {"resultaat": "x"}).status_code == 404
    raalte = sign_in("lsmit")
    assert (
        _post(raalte, _zaakurl(zaak) + f"taken/{taak.uuid}/afronden/", {"resultaat": "x"})
    ).status_code == 404
    assert _post(raalte, _zaakurl(zaak) + "taken/", {"titel": "x"}).status_code == 404
    assert Taak.objects.get(pk=taak.pk).status == Taakstatus.open


def test_task_page_lists_mine_and_my_teams_by_deadline(
    wereld, django_assert_max_num_queries, django_assert_num_queries
):
    zaak = bij_advies(wereld)
    ctx = context(wereld.jdevries, wereld.gemeenten["deventer"])
    vandaag = timezone.localdate()
    taken.taak_aanmaken(
        context=ctx, zaak=zaak, titel="Eerst", medewerker="jdevries", deadline=vandaag
    )
    taken.taak_aanmaken(
        context=ctx, zaak=zaak, titel="Voor het team", team_id=wereld.vergunningen.pk
    )
    Taak.objects.filter(titel="Advies politie").update(deadline=vandaag - timedelta(days=1))
    client = sign_in("jdevries")
    client.get("/werkplek/taken/")  # the session's first page: the context and its cache
    # session, user, authenticator, generations; the list itself is one query.
    with django_assert_max_num_queries(5):
        pagina = client.get("/werkplek/taken/").content.decode()
    with django_assert_num_queries(1):
        assert len(taken_selectors.lijst(ctx, taken_selectors.MIJN)) == 4
    assert pagina.index("Advies politie") < pagina.index("Eerst") < pagina.index("Advies brandweer")
    assert "te laat" in pagina and "Voor het team" not in pagina
    assert 'aria-current="page">Mijn taken' in pagina
    team = client.get("/werkplek/taken/?tab=team").content.decode()
    assert "Voor het team" in team and "Advies politie" not in team
    # mbakker is in the team too; a task of a zaak out of his reach is not listed.
    geheim = evenementzaak(wereld, behandelaar="pjansen", vertrouwelijkheid="geheim")
    taken.taak_aanmaken(
        context=context(wereld.pjansen, wereld.gemeenten["deventer"]),
        zaak=geheim,
        titel="Geheim overleg",
        team_id=wereld.vergunningen.pk,
    )
    anderen = sign_in("mbakker").get("/werkplek/taken/?tab=team").content.decode()
    assert "Voor het team" in anderen and "Geheim overleg" not in anderen


def test_zaak_page_task_part_has_a_fixed_number_of_queries(wereld, django_assert_num_queries):
    zaak = bij_advies(wereld)
    zaak = Zaak.objects.select_related("zaaktype").get(pk=zaak.pk)
    request = SimpleNamespace(werkplek=context(wereld.jdevries, wereld.gemeenten["deventer"]))
    # tasks, names, who may receive a task, the teams
    with django_assert_num_queries(4):
        deel = zaak_taken.paginacontext(request, zaak)
    assert len(deel["taken"]) == 3
    ctx = request.werkplek
    for n in range(6):
        taken.taak_aanmaken(context=ctx, zaak=zaak, titel=f"Taak {n}", team_id=wereld.kcc.pk)
    taken.taak_aanmaken(context=ctx, zaak=zaak, titel="Voor mbakker", medewerker="mbakker")
    with django_assert_num_queries(4):
        deel = zaak_taken.paginacontext(request, zaak)
    assert len(deel["taken"]) == 10
    # A closed zaak offers no forms: the choices are not read.
    bouw.afsluiten(evenementzaak(wereld))
    gesloten = Zaak.objects.select_related("zaaktype").filter(einddatum__isnull=False).get()
    with django_assert_num_queries(1):
        zaak_taken.paginacontext(request, gesloten)
