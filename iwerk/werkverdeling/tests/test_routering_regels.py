"""Routing rules in beheer: a bad rule is refused with a Dutch reason on its field, and a
functioneel beheerder sees and changes only the rules of their own gemeente(n)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.roles import Rol
from iwerk.werkverdeling.models import Routeringsregel
from iwerk.werkverdeling.services.routering import controleer_regel, regel_opslaan
from iwerk.werkverdeling.tests.routering_wereld import CENTRUM, bouw

pytestmark = pytest.mark.django_db
TOEVOEGEN = "/admin/werkverdeling/routeringsregel/add/"


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    return bouw(gemeenten)


def _fouten(regel: Routeringsregel) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as fout:
        controleer_regel(regel)
    return [(p.name, p.reason) for p in fout.value.params]


def _regel(wereld, **velden) -> Routeringsregel:
    return Routeringsregel(
        **{
            "gemeente": wereld.gemeenten["deventer"],
            "zaaktype_identificatie": "MOR",
            "team": wereld.bor,
            **velden,
        }
    )


def test_a_team_of_another_gemeente_is_refused(wereld):
    assert _fouten(_regel(wereld, team=wereld.raalte)) == [
        ("team", "Het team hoort bij een andere gemeente.")
    ]
    with pytest.raises(ValidationFailed):
        regel_opslaan(regel=_regel(wereld, team=wereld.raalte))
    assert not Routeringsregel.objects.filter(team=wereld.raalte).exists()


def test_a_zaaktype_outside_the_gemeentes_catalogi_is_refused(wereld):
    assert _fouten(_regel(wereld, zaaktype_identificatie="KAP")) == [
        ("zaaktype_identificatie", "Zaaktype KAP staat niet in een catalogus van Deventer.")
    ]


def test_a_medewerker_who_could_not_open_the_zaken_is_refused(wereld):
    assert _fouten(_regel(wereld, medewerker=wereld.rmeijer)) == [
        (
            "medewerker",
            "Rmeijer Test behandelt geen zaken in Deventer (geen rol als behandelaar of "
            "teamleider) en kan de zaken niet openen.",
        )
    ]
    assert _fouten(
        _regel(wereld, zaaktype_identificatie="DATALEK", medewerker=wereld.jdevries)
    ) == [
        (
            "medewerker",
            "Jdevries Test mag zaken tot en met zaakvertrouwelijk zien; zaaktype DATALEK is "
            "standaard geheim: de zaken zouden voor deze medewerker onzichtbaar zijn.",
        )
    ]
    # A role that only reads (the FG) does not handle zaken.
    fg = medewerker(wereld.gemeenten["deventer"], "fg", Rol.privacy_officer, maximum="zeer_geheim")
    assert _fouten(_regel(wereld, medewerker=fg))[0][0] == "medewerker"
    controleer_regel(_regel(wereld, zaaktype_identificatie="DATALEK", medewerker=wereld.pjansen))


def test_a_malformed_wijk_is_refused(wereld):
    assert _fouten(_regel(wereld, wijk={"type": "Point", "coordinates": [6.1, 52.2]}))[0][0] == (
        "wijk"
    )
    kruis = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    assert _fouten(_regel(wereld, wijk=kruis)) == [
        ("wijk", "De geometrie is leeg of ongeldig (bijvoorbeeld een zelfdoorsnijdend vlak).")
    ]
    open_ring = {"type": "Polygon", "coordinates": [[[6.15, 52.24], [6.17, 52.24], [6.17, 52.26]]]}
    assert _fouten(_regel(wereld, wijk=open_ring))[0][0] == "wijk"
    assert "gesloten" in _fouten(_regel(wereld, wijk=open_ring))[0][1]
    rd = {"type": "Polygon", "coordinates": [[[0, 0], [200000, 0], [0, 400000], [0, 0]]]}
    assert "EPSG:4326" in _fouten(_regel(wereld, wijk=rd))[0][1]
    assert _fouten(_regel(wereld, wijk_naam="Centrum")) == [
        ("wijk", "Geef bij de wijknaam ook de wijkgrens (een GeoJSON Polygon of MultiPolygon).")
    ]
    controleer_regel(_regel(wereld, wijk_naam="Centrum", wijk=CENTRUM))


def test_an_eigenschap_condition_needs_a_known_name_and_a_value(wereld):
    assert _fouten(_regel(wereld, eigenschap_waarde="Straatverlichting")) == [
        ("eigenschap_naam", "Noem de eigenschap waarvoor deze waarde moet gelden.")
    ]
    assert _fouten(_regel(wereld, eigenschap_naam="categorie")) == [
        ("eigenschap_waarde", "Vul de waarde in die eigenschap ‘categorie’ moet hebben.")
    ]
    assert _fouten(_regel(wereld, eigenschap_naam="kleur", eigenschap_waarde="rood")) == [
        ("eigenschap_naam", "Zaaktype MOR kent geen eigenschap ‘kleur’.")
    ]


def test_every_fault_is_reported_at_once(wereld):
    fouten = _fouten(
        _regel(wereld, team=wereld.raalte, eigenschap_waarde="x", wijk={"type": "Polygon"})
    )
    assert [naam for naam, _ in fouten] == ["team", "wijk", "eigenschap_naam"]


# --- beheer (the admin) ---------------------------------------------------------------------------


@pytest.fixture
def deventer_beheer(client: Client, wereld) -> Client:
    """A functioneel beheerder of Deventer with the admin permissions on the routing rules."""
    user = medewerker(wereld.gemeenten["deventer"], "fbdeventer", Rol.functioneel_beheerder)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__model="routeringsregel"))
    return verified_client(client, user)


def _formulier(wereld, **velden: Any) -> dict[str, Any]:
    return {
        "gemeente": wereld.gemeenten["deventer"].pk,
        "zaaktype_identificatie": "MOR",
        "volgorde": 50,
        "team": wereld.centrum.pk,
        "actief": "on",
        "wijk": "",
        **velden,
    }


def _veldfouten(pagina: str) -> list[str]:
    return [
        html.unescape(f)
        for f in re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', pagina)
    ]


def test_the_admin_shows_the_services_reasons_on_the_fields(deventer_beheer, wereld):
    pagina = deventer_beheer.post(
        TOEVOEGEN,
        _formulier(wereld, medewerker=wereld.jdevries.pk, zaaktype_identificatie="DATALEK",
                   eigenschap_waarde="rood", wijk='{"type": "Point", "coordinates": [6, 52]}'),
    ).content.decode()  # fmt: skip
    fouten = _veldfouten(pagina)
    assert "Noem de eigenschap waarvoor deze waarde moet gelden." in fouten
    assert any(f.startswith("De wijkgrens is geen GeoJSON Polygon") for f in fouten)
    assert any("standaard geheim" in f for f in fouten)
    assert Routeringsregel.objects.count() == 3  # the world's three

    antwoord = deventer_beheer.post(
        TOEVOEGEN, _formulier(wereld, wijk_naam="Centrum", wijk=str(CENTRUM).replace("'", '"'))
    )
    assert antwoord.status_code == 302, _veldfouten(antwoord.content.decode())
    nieuw = Routeringsregel.objects.get(volgorde=50)
    assert nieuw.wijk == CENTRUM and nieuw.team == wereld.centrum


def test_a_beheerder_sees_and_chooses_only_their_own_gemeente(deventer_beheer, wereld):
    raalte = Routeringsregel.objects.create(
        gemeente=wereld.gemeenten["raalte"], zaaktype_identificatie="MOR", team=wereld.raalte
    )
    lijst = deventer_beheer.get("/admin/werkverdeling/routeringsregel/").content.decode()
    assert "Wijkteam Centrum" in lijst and "Publiekszaken" not in lijst
    url = f"/admin/werkverdeling/routeringsregel/{raalte.pk}/change/"
    assert deventer_beheer.get(url).status_code == 302  # "does not exist": back to the index
    formulier = deventer_beheer.get(TOEVOEGEN).content.decode()
    assert "Publiekszaken" not in formulier and ">Raalte<" not in formulier

    # Raalte's team posted anyway: not a choice, with the Dutch reason.
    pagina = deventer_beheer.post(TOEVOEGEN, _formulier(wereld, team=wereld.raalte.pk))
    assert _veldfouten(pagina.content.decode()) == [
        "Kies een team uit de lijst: u beheert alleen de teams van uw eigen gemeente(n)."
    ]
    pagina = deventer_beheer.post(
        TOEVOEGEN, _formulier(wereld, gemeente=wereld.gemeenten["raalte"].pk)
    )
    assert "Kies een gemeente uit de lijst: u beheert alleen uw eigen gemeente(n)." in (
        _veldfouten(pagina.content.decode())
    )
    assert Routeringsregel.objects.count() == 4


def test_a_superuser_sees_every_gemeentes_rules(client, wereld, django_user_model):
    Routeringsregel.objects.create(
        gemeente=wereld.gemeenten["raalte"], zaaktype_identificatie="MOR", team=wereld.raalte
    )
    user = django_user_model.objects.create_superuser("beheer", "b@example.nl", "x")
    lijst = verified_client(client, user).get("/admin/werkverdeling/routeringsregel/")
    assert "Publiekszaken" in lijst.content.decode()
    assert "Wijkteam Centrum" in lijst.content.decode()
