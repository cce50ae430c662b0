"""Beheer of checklists and vier-ogen rules: a functioneel beheerder sees and changes only their
own gemeente's; an unknown zaaktype, a status the zaaktype does not have, a team of another
gemeente and a second rule for the same action are refused in Dutch, on the field."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers import services as medewerkers
from iwerk.medewerkers.roles import Rol
from iwerk.werkverdeling.models import Taaksjabloon, Toewijzingsdoel, VierOgenRegel
from iwerk.werkverdeling.services import taken, vierogen

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

SJABLOON = "/admin/werkverdeling/taaksjabloon/"
REGEL = "/admin/werkverdeling/vierogenregel/"


@pytest.fixture
def wereld(gemeenten):
    """WMO in Deventer (with a besluittype) and in Raalte; a checklist task in each."""
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    statussen = ("Aanvraag ontvangen", "Onderzoek (keukentafelgesprek)", "Afgehandeld")
    build.gepubliceerd_zaaktype(
        build.catalogus(deventer), "WMO", statussen=statussen, besluittypen=("Beschikking",)
    )
    build.gepubliceerd_zaaktype(build.catalogus(raalte), "WMO", statussen=statussen)
    for gemeente in (deventer, raalte):
        Taaksjabloon.objects.create(
            gemeente=gemeente,
            zaaktype_identificatie="WMO",
            statustype_omschrijving="Aanvraag ontvangen",
            titel=f"Keukentafelgesprek plannen {gemeente.naam}",
        )
    return gemeenten


@pytest.fixture
def beheer(client: Client, wereld) -> Client:
    """Deventer's functioneel beheerder with the admin permissions of werkverdeling."""
    user = medewerker(wereld["deventer"], "fbdeventer", Rol.functioneel_beheerder)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="werkverdeling"))
    return verified_client(client, user)


def _fouten(pagina: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', pagina)


def _sjabloon(wereld, **velden) -> dict:
    return {
        "gemeente": str(wereld["deventer"].pk),
        "zaaktype_identificatie": "WMO",
        "statustype_omschrijving": "Onderzoek (keukentafelgesprek)",
        "titel": "Verslag maken",
        "omschrijving": "",
        "verplicht": "on",
        "termijn_dagen": "10",
        "toewijzen_aan": Toewijzingsdoel.behandelaar,
        "team": "",
        "volgorde": "10",
        "actief": "on",
        **velden,
    }


def test_the_beheerder_sees_only_their_own_gemeente(beheer):
    lijst = beheer.get(SJABLOON).content.decode()
    assert "Keukentafelgesprek plannen Deventer" in lijst
    assert "Raalte" not in lijst


def test_a_checklist_task_is_stored_through_the_service(beheer, wereld):
    response = beheer.post(SJABLOON + "add/", _sjabloon(wereld))
    assert response.status_code == 302, _fouten(response.content.decode())
    sjabloon = Taaksjabloon.objects.get(titel="Verslag maken")
    assert (sjabloon.gemeente, sjabloon.termijn_dagen) == (wereld["deventer"], 10)


def test_refusals_are_dutch_and_on_their_field(beheer, wereld):
    raalte_team = medewerkers.team(wereld["raalte"], "Publiekszaken")
    response = beheer.post(
        SJABLOON + "add/",
        _sjabloon(wereld, statustype_omschrijving="Besluit genomen", team=str(raalte_team.pk)),
    )
    fouten = _fouten(response.content.decode())
    assert response.status_code == 200
    # Raalte's team is not offered to a beheerder of Deventer at all.
    assert any("Selecteer een geldige keuze" in f or "geldige" in f for f in fouten)
    response = beheer.post(
        SJABLOON + "add/", _sjabloon(wereld, statustype_omschrijving="Besluit genomen")
    )
    assert _fouten(response.content.decode()) == [
        "Zaaktype WMO kent geen status ‘Besluit genomen’; kies uit: Aanvraag ontvangen, "
        "Onderzoek (keukentafelgesprek)."
    ]
    response = beheer.post(
        SJABLOON + "add/",
        _sjabloon(
            wereld, toewijzen_aan=Toewijzingsdoel.team, statustype_omschrijving="Afgehandeld"
        ),
    )
    assert _fouten(response.content.decode()) == [
        "‘Afgehandeld’ is de eindstatus: dan is de zaak al afgesloten en kan er geen taak meer "
        "ontstaan. Kies een eerdere status.",
        "Kies het team dat de taak krijgt.",
    ]
    response = beheer.post(SJABLOON + "add/", _sjabloon(wereld, gemeente=str(wereld["raalte"].pk)))
    assert "u beheert alleen uw eigen gemeente(n)" in response.content.decode()
    assert not Taaksjabloon.objects.filter(titel="Verslag maken").exists()


def test_the_service_refuses_an_unknown_zaaktype_and_a_team_of_another_gemeente(wereld):
    raalte_team = medewerkers.team(wereld["raalte"], "Publiekszaken")
    with pytest.raises(ValidationFailed) as exc:
        taken.sjabloon_opslaan(
            Taaksjabloon(
                gemeente=wereld["deventer"],
                zaaktype_identificatie="KAP",
                statustype_omschrijving="Aanvraag ontvangen",
                titel="Boom bekijken",
                toewijzen_aan=Toewijzingsdoel.team,
                team=raalte_team,
            )
        )
    assert {p.name: p.reason for p in exc.value.params} == {
        "zaaktype_identificatie": "Zaaktype KAP staat niet in een catalogus van Deventer.",
        "team": "Team Publiekszaken hoort bij een andere gemeente dan Deventer.",
    }
    assert not Taaksjabloon.objects.filter(titel="Boom bekijken").exists()


def test_vier_ogen_rules_are_checked(beheer, wereld):
    data = {
        "gemeente": str(wereld["deventer"].pk),
        "zaaktype_identificatie": "WMO",
        "actie": "besluit",
        "goedkeurder_rol": Rol.teamleider,
    }
    assert beheer.post(REGEL + "add/", data).status_code == 302
    response = beheer.post(REGEL + "add/", data)
    assert _fouten(response.content.decode()) == [
        "Zaaktype WMO heeft in Deventer al een vier-ogenregel voor ‘Besluit vastleggen’; "
        "pas die aan."
    ]
    assert VierOgenRegel.objects.count() == 1
    with pytest.raises(ValidationFailed) as exc:
        vierogen.regel_opslaan(
            VierOgenRegel(
                gemeente=wereld["raalte"],
                zaaktype_identificatie="WMO",
                actie="besluit",
                goedkeurder_rol=Rol.privacy_officer,
            )
        )
    assert {p.name for p in exc.value.params} == {"actie", "goedkeurder_rol"}
    assert "kent geen besluittypen" in exc.value.params[0].reason


def test_a_vier_ogen_rule_fewer_than_two_could_satisfy_is_stored_with_a_warning(beheer, wereld):
    data = {
        "gemeente": str(wereld["deventer"].pk),
        "zaaktype_identificatie": "WMO",
        "actie": "afsluiten",
        "goedkeurder_rol": Rol.teamleider,
    }
    medewerker(wereld["deventer"], "pjansen", Rol.teamleider)
    response = beheer.post(REGEL + "add/", data, follow=True)
    assert response.status_code == 200
    regel = VierOgenRegel.objects.get(actie="afsluiten")  # stored: staff may follow
    assert (
        "Let op: in Deventer heeft maar één medewerker de rol teamleider. Vraagt die teamleider "
        "zelf om goedkeuring, dan kan niemand anders beslissen en weigert iwerk het verzoek."
    ) in response.content.decode()
    regel.gemeente = wereld["raalte"]
    assert "in Raalte heeft niemand de rol teamleider" in vierogen.regel_waarschuwing(regel)
    medewerker(wereld["deventer"], "hvos", Rol.teamleider)
    regel.gemeente = wereld["deventer"]
    assert vierogen.regel_waarschuwing(regel) == ""
    response = beheer.post(f"{REGEL}{regel.pk}/change/", data, follow=True)
    assert "Let op:" not in response.content.decode()


def test_a_checklist_deadline_of_more_than_two_years_is_refused(beheer, wereld):
    response = beheer.post(SJABLOON + "add/", _sjabloon(wereld, termijn_dagen="9999"))
    assert _fouten(response.content.decode()) == [
        "Een termijn van meer dan 730 dagen (twee jaar) kan niet; kies een kortere."
    ]
    assert not Taaksjabloon.objects.filter(titel="Verslag maken").exists()
