"""Staff, teams and roles in their own app: the same tables, a cached context that follows every
change of roles, teams and catalogi, and the admin at its new address."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.catalogus import catalogus, gemeente
from iwerk.medewerkers import services
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.models import Formulierverzending, Roltoewijzing, Team
from iwerk.medewerkers.roles import INCIDENTEN, TOEWIJZEN_AAN_ANDEREN, Rol

pytestmark = pytest.mark.django_db


def test_the_tables_kept_their_names_and_the_werkplek_keeps_only_its_filters():
    assert Team._meta.db_table == "werkplek_team"
    assert Roltoewijzing._meta.db_table == "werkplek_roltoewijzing"
    assert Formulierverzending._meta.db_table == "werkplek_formulierverzending"
    werkplek = [m.__name__ for m in apps.get_app_config("werkplek").get_models()]
    assert werkplek == ["OpgeslagenFilter"]
    assert apps.get_app_config("medewerkers").verbose_name == "Medewerkers"


def test_a_changed_role_reaches_the_cached_context_at_once():
    raalte = gemeente("Raalte", "raalte", "001902775")
    user = get_user_model().objects.create_user("lsmit")
    services.rol_toewijzen(user, raalte, Rol.behandelaar)
    assert context_for(user, raalte.pk).rollen == {Rol.behandelaar}  # cached from here on
    services.rol_toewijzen(user, raalte, Rol.teamleider, team=services.team(raalte, "Publiek"))
    context = context_for(user, raalte.pk)
    assert context.rollen == {Rol.behandelaar, Rol.teamleider}
    assert context.kan(TOEWIJZEN_AAN_ANDEREN) and context.kan(INCIDENTEN)
    assert context.team_ids == {Team.objects.get(naam="Publiek").pk}
    Roltoewijzing.objects.filter(gebruiker=user).delete()
    assert context_for(user, raalte.pk) is None


def test_a_new_catalogus_reaches_the_cached_actor_at_once():
    deventer = gemeente()
    user = get_user_model().objects.create_user("jdevries")
    services.rol_toewijzen(user, deventer, Rol.behandelaar)
    assert context_for(user, deventer.pk).actor.grants == ()  # no catalogus yet
    cat = catalogus(deventer)
    grants = context_for(user, deventer.pk).actor.grants
    assert {g.catalogus_id for g in grants} == {cat.pk}
    assert {g.max_vertrouwelijkheid for g in grants} == {"zaakvertrouwelijk"}


def test_functioneel_beheer_finds_roles_at_the_new_address_and_old_bookmarks_follow(admin_user):
    client = verified_client(Client(), admin_user)
    assert client.get("/admin/medewerkers/roltoewijzing/").status_code == 200
    assert client.get("/admin/medewerkers/team/").status_code == 200
    response = client.get("/admin/werkplek/roltoewijzing/?rol__exact=ciso")
    assert response.status_code == 301
    assert response["Location"] == "/admin/medewerkers/roltoewijzing/?rol__exact=ciso"
    assert client.get("/admin/werkplek/team/3/change/")["Location"] == (
        "/admin/medewerkers/team/3/change/"
    )
