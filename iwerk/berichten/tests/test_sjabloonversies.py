"""Berichtsjablonen are versioned and previewed before saving (ADR 0061): a version on creation and
on each change of onderwerp, tekst or actief (none on an unchanged save), recording who; an
unknown merge field refused in Dutch with nothing written; "Voorbeeld bekijken" renders the posted
text for the invented zaak and saves nothing; the history read-only in beheer; a beheerder sees
and changes only their own gemeente's sjablonen and berichten."""

from __future__ import annotations

import importlib
import re
import uuid
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal, Sjabloon, SjabloonVersie
from iwerk.berichten.services.beheer import MAX_SMS, MAX_TEKST, sjabloon_opslaan
from iwerk.core.testing.beheer import verified_client
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.roles import Rol

pytestmark = pytest.mark.django_db

LIJST = "/admin/berichten/sjabloon/"
TOEVOEGEN = LIJST + "add/"
ONBEKEND = "Beste {initiator.naam}, uw {zaak.bestaatniet} is bijgewerkt."


def _beheerder(client: Client, gemeente, username: str) -> Client:
    user = medewerker(gemeente, username, Rol.functioneel_beheerder)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="berichten"))
    return verified_client(client, user)


@pytest.fixture
def deventer_beheer(client, tenant) -> Client:
    return _beheerder(client, tenant, "fbdeventer")


def _gegevens(gemeente, **extra) -> dict[str, str]:
    gegevens = {
        "tenant": str(gemeente.pk),
        "zaaktype_identificatie": "",
        "gebeurtenis": Gebeurtenis.status_gewijzigd,
        "kanaal": Kanaal.email,
        "actief": "on",
        "onderwerp": "Zaak {zaak.identificatie}",
        "tekst": "Beste {initiator.naam},\r\n\r\nNieuwe status: {status.omschrijving}.",
    }
    gegevens.update(extra)
    return gegevens


def _wijziging(client: Client, sjabloon: Sjabloon, **extra) -> dict[str, str]:
    """What the browser posts from the change page: the hidden inputs (the versions' management
    form) and the fields, tenant read-only."""
    pagina = client.get(f"{LIJST}{sjabloon.pk}/change/").content.decode()
    verborgen = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', pagina))
    gegevens = {**verborgen, **_gegevens(sjabloon.tenant, **extra)}
    gegevens.pop("tenant")
    return gegevens


def _fouten(pagina: str) -> list[str]:
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>\s*<li>(.*?)</li>', pagina)


def _versies(sjabloon: Sjabloon) -> list[tuple]:
    return list(
        SjabloonVersie.objects.filter(sjabloon=sjabloon)
        .order_by("versie")
        .values_list("versie", "actief", "tekst", "aangemaakt_door")
    )


def _sjabloon(gemeente, door: str = "fb", **velden) -> Sjabloon:
    sjabloon = Sjabloon(
        tenant=gemeente,
        gebeurtenis=velden.pop("gebeurtenis", Gebeurtenis.status_gewijzigd),
        kanaal=velden.pop("kanaal", Kanaal.email),
        onderwerp=velden.pop("onderwerp", "Zaak {zaak.identificatie}"),
        tekst=velden.pop("tekst", "Status: {status.omschrijving}"),
        **velden,
    )
    sjabloon_opslaan(sjabloon=sjabloon, door=door)
    return sjabloon


# --- The service ---------------------------------------------------------------------------------


def test_saving_writes_a_version_on_creation_and_on_each_change_only(tenant):
    sjabloon = _sjabloon(tenant, door="anna", tekst="Eerste")
    assert sjabloon_opslaan(sjabloon=sjabloon, door="bram") is None  # nothing changed

    sjabloon.tekst = "Tweede\r\n"  # a browser's line end and a trailing one: the same text
    sjabloon_opslaan(sjabloon=sjabloon, door="bram")
    sjabloon.tekst = "Tweede"
    assert sjabloon_opslaan(sjabloon=sjabloon, door="carla") is None
    sjabloon.actief = False
    versie = sjabloon_opslaan(sjabloon=sjabloon, door="carla")

    assert versie is not None and versie.versie == 3
    assert _versies(sjabloon) == [
        (1, True, "Eerste", "anna"),
        (2, True, "Tweede", "bram"),
        (3, False, "Tweede", "carla"),
    ]


def test_an_unknown_merge_field_is_refused_and_nothing_is_written(tenant):
    sjabloon = _sjabloon(tenant, tekst="Goed")
    sjabloon.tekst = ONBEKEND
    with pytest.raises(ValidationError) as fout:
        sjabloon_opslaan(sjabloon=sjabloon, door="fb")
    assert fout.value.message_dict["tekst"][0].startswith(
        "Onbekend samenvoegveld {zaak.bestaatniet}"
    )
    assert Sjabloon.objects.get(pk=sjabloon.pk).tekst == "Goed"
    assert _versies(sjabloon) == [(1, True, "Goed", "fb")]

    nieuw = Sjabloon(tenant=tenant, gebeurtenis=Gebeurtenis.zaak_gesloten, kanaal=Kanaal.sms)
    nieuw.tekst = "{zaak.bestaatniet}"
    with pytest.raises(ValidationError):
        sjabloon_opslaan(sjabloon=nieuw, door="fb")
    assert Sjabloon.objects.count() == 1 and SjabloonVersie.objects.count() == 1


def test_a_second_sjabloon_for_the_same_event_and_channel_is_refused_in_dutch(tenant):
    _sjabloon(tenant)
    with pytest.raises(ValidationError) as fout:
        _sjabloon(tenant, tekst="Nog een")
    assert fout.value.messages == [
        "Er is al een sjabloon voor status gewijzigd via e-mail (elk zaaktype) van deze "
        "gemeente; pas dat aan."
    ]
    assert SjabloonVersie.objects.count() == 1


def test_a_sjabloon_stays_with_its_gemeente(tenant, other_tenant):
    sjabloon = _sjabloon(tenant)
    sjabloon.tenant = other_tenant
    with pytest.raises(ValidationError) as fout:
        sjabloon_opslaan(sjabloon=sjabloon, door="fb")
    assert "blijft bij zijn gemeente" in fout.value.message_dict["tenant"][0]
    assert Sjabloon.objects.get(pk=sjabloon.pk).tenant_id == tenant.pk


def test_deleting_a_sjabloon_deletes_its_versions_and_keeps_the_berichten(tenant):
    sjabloon = _sjabloon(tenant)
    bericht = Bericht.objects.create(
        tenant=tenant,
        sleutel="status:1:status_gewijzigd:email",
        gebeurtenis=Gebeurtenis.status_gewijzigd,
        kanaal=Kanaal.email,
        zaak_uuid=uuid.uuid4(),
        zaak_identificatie="ZAAK-1",
        identificatie_soort="bsn",
        identificatie="111222333",
        tekst="Status: Ontvangen",
        volgende_poging=timezone.now(),
    )
    sjabloon.delete()
    assert not SjabloonVersie.objects.exists()
    assert Bericht.objects.get(pk=bericht.pk).tekst == "Status: Ontvangen"


def test_the_data_migration_gives_each_existing_sjabloon_version_1_once(
    tenant, monkeypatch, django_assert_num_queries
):
    met = _sjabloon(tenant, door="fb")
    zonder = [
        Sjabloon.objects.create(
            tenant=tenant, gebeurtenis=g, kanaal=Kanaal.sms, actief=False, tekst=f"Tekst {g}"
        )
        for g in (Gebeurtenis.zaak_geregistreerd, Gebeurtenis.zaak_gesloten)
    ]
    migratie = importlib.import_module("iwerk.berichten.migrations.0004_sjabloonversie_eerste")
    monkeypatch.setattr(migratie, "BATCH", 2)  # two batches
    editor = SimpleNamespace(connection=connection)  # what the step reads of a schema editor

    migratie.eerste_versies(apps, editor)

    assert _versies(met) == [(1, True, "Status: {status.omschrijving}", "fb")]
    for sjabloon in zonder:
        assert _versies(sjabloon) == [(1, False, sjabloon.tekst, "")]
    with django_assert_num_queries(3):  # two batches and the empty end read, none written
        migratie.eerste_versies(apps, editor)
    assert SjabloonVersie.objects.count() == 3


# --- Beheer ---------------------------------------------------------------------------------------


def test_creating_in_beheer_writes_version_1_by_the_signed_in_user(deventer_beheer, tenant):
    antwoord = deventer_beheer.post(TOEVOEGEN, _gegevens(tenant))
    assert antwoord.status_code == 302, _fouten(antwoord.content.decode())
    sjabloon = Sjabloon.objects.get()
    assert _versies(sjabloon) == [
        (1, True, "Beste {initiator.naam},\n\nNieuwe status: {status.omschrijving}.", "fbdeventer")
    ]
    assert "Versie 1 van de tekst is opgeslagen." in deventer_beheer.get(LIJST).content.decode()


def test_changing_in_beheer_writes_a_new_version_and_an_unchanged_save_none(
    deventer_beheer, tenant
):
    sjabloon = _sjabloon(tenant, door="eerder", tekst="Oud: {status.omschrijving}")
    url = f"{LIJST}{sjabloon.pk}/change/"

    antwoord = deventer_beheer.post(
        url, _wijziging(deventer_beheer, sjabloon, tekst="Nieuw: {status.omschrijving}")
    )
    assert antwoord.status_code == 302, _fouten(antwoord.content.decode())
    antwoord = deventer_beheer.post(
        url, _wijziging(deventer_beheer, sjabloon, tekst="Nieuw: {status.omschrijving}")
    )
    assert antwoord.status_code == 302, _fouten(antwoord.content.decode())

    assert _versies(sjabloon) == [
        (1, True, "Oud: {status.omschrijving}", "eerder"),
        (2, True, "Nieuw: {status.omschrijving}", "fbdeventer"),
    ]
    assert Sjabloon.objects.get(pk=sjabloon.pk).tekst == "Nieuw: {status.omschrijving}"


def test_an_unknown_field_in_beheer_is_refused_in_dutch_and_no_version_written(
    deventer_beheer, tenant
):
    sjabloon = _sjabloon(tenant, tekst="Goed")
    antwoord = deventer_beheer.post(
        f"{LIJST}{sjabloon.pk}/change/", _wijziging(deventer_beheer, sjabloon, tekst=ONBEKEND)
    )
    assert antwoord.status_code == 200
    fouten = _fouten(antwoord.content.decode())
    assert len(fouten) == 1 and fouten[0].startswith("Onbekend samenvoegveld {zaak.bestaatniet}.")
    assert Sjabloon.objects.get(pk=sjabloon.pk).tekst == "Goed"
    assert _versies(sjabloon) == [(1, True, "Goed", "fb")]


def test_the_preview_renders_the_posted_text_and_saves_nothing(deventer_beheer, tenant):
    sjabloon = _sjabloon(tenant, tekst="Opgeslagen: {status.omschrijving}")
    url = f"{LIJST}{sjabloon.pk}/change/"
    logboek = LogEntry.objects.count()
    gegevens = _wijziging(
        deventer_beheer,
        sjabloon,
        onderwerp="Over {zaak.identificatie}",
        tekst="Concept: {status.omschrijving} <b>",
        actief="",
    )

    antwoord = deventer_beheer.post(url, {**gegevens, "_voorbeeld": "Voorbeeld bekijken"})

    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    voorbeeld = pagina[pagina.index('<div id="voorbeeld">') :][:400]
    assert "<strong>Over ZAAK-2026-0000123</strong>" in voorbeeld
    assert "Concept: In behandeling &lt;b&gt;" in voorbeeld
    assert "er is niets opgeslagen" in pagina
    assert "Concept: {status.omschrijving} &lt;b&gt;</textarea>" in pagina  # the form keeps it
    assert _fouten(pagina) == []
    bewaard = Sjabloon.objects.get(pk=sjabloon.pk)
    assert (bewaard.onderwerp, bewaard.tekst, bewaard.actief) == (
        "Zaak {zaak.identificatie}",
        "Opgeslagen: {status.omschrijving}",
        True,
    )
    assert _versies(sjabloon) == [(1, True, "Opgeslagen: {status.omschrijving}", "fb")]
    assert LogEntry.objects.count() == logboek


def test_the_preview_of_a_new_sjabloon_saves_nothing(deventer_beheer, tenant):
    antwoord = deventer_beheer.post(
        TOEVOEGEN, {**_gegevens(tenant), "_voorbeeld": "Voorbeeld bekijken"}
    )
    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert "Nieuwe status: In behandeling." in pagina
    assert "Beste J. de Vries" in pagina  # the invented initiator, never a citizen
    assert not Sjabloon.objects.exists() and not SjabloonVersie.objects.exists()


def test_the_preview_of_an_invalid_text_shows_the_field_error(deventer_beheer, tenant):
    sjabloon = _sjabloon(tenant, tekst="Goed")
    antwoord = deventer_beheer.post(
        f"{LIJST}{sjabloon.pk}/change/",
        {**_wijziging(deventer_beheer, sjabloon, tekst=ONBEKEND), "_voorbeeld": "1"},
    )
    pagina = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert _fouten(pagina)[0].startswith("Onbekend samenvoegveld {zaak.bestaatniet}.")
    assert "Geen voorbeeld: verbeter eerst de fouten" in pagina
    assert Sjabloon.objects.get(pk=sjabloon.pk).tekst == "Goed"
    assert SjabloonVersie.objects.count() == 1


def test_the_change_page_shows_the_history_read_only_at_a_fixed_cost(deventer_beheer, tenant):
    sjabloon = _sjabloon(tenant, door="anna", tekst="Eerste tekst")
    url = f"{LIJST}{sjabloon.pk}/change/"
    deventer_beheer.get(url)  # warm the caches of the first request
    with CaptureQueriesContext(connection) as een:
        deventer_beheer.get(url)
    for n, door in enumerate(("bram", "carla", "dirk", "eva"), start=2):
        sjabloon.tekst = f"Tekst {n}"
        sjabloon_opslaan(sjabloon=sjabloon, door=door)
    with CaptureQueriesContext(connection) as vijf:
        pagina = deventer_beheer.get(url).content.decode()

    assert len(vijf) == len(een)
    assert "Eerste tekst" in pagina and "Tekst 5" in pagina
    assert "anna" in pagina and "eva" in pagina
    # Read-only: the versions are shown, not editable (no inputs for their fields).
    assert 'name="versies-0-tekst"' not in pagina and 'name="versies-0-DELETE"' not in pagina
    assert pagina.index("Tekst 5") < pagina.index("Eerste tekst")  # newest first
    assert "Voorbeeld bekijken" in pagina


def test_the_list_shows_the_version_at_a_fixed_cost(deventer_beheer, tenant):
    _sjabloon(tenant)
    deventer_beheer.get(LIJST)
    with CaptureQueriesContext(connection) as een:
        deventer_beheer.get(LIJST)
    for gebeurtenis in (Gebeurtenis.zaak_geregistreerd, Gebeurtenis.zaak_gesloten):
        _sjabloon(tenant, gebeurtenis=gebeurtenis, tekst="Tekst")
    with CaptureQueriesContext(connection) as drie:
        deventer_beheer.get(LIJST)
    assert len(drie) == len(een)


def test_a_beheerder_of_deventer_sees_and_changes_nothing_of_raalte(
    deventer_beheer, tenant, other_tenant
):
    raalte = _sjabloon(other_tenant, door="fbraalte", tekst="Raalte: {status.omschrijving}")
    _sjabloon(tenant, kanaal=Kanaal.sms, tekst="Deventer: {status.omschrijving}")
    url = f"{LIJST}{raalte.pk}/change/"

    lijst = deventer_beheer.get(LIJST).content.decode()
    assert "Raalte" not in lijst and "0 van 1" not in lijst
    assert deventer_beheer.get(url).status_code == 302  # "does not exist", no history either
    deventer_beheer.post(url, {**_gegevens(other_tenant, tekst="Gekaapt"), "_save": "1"})
    deventer_beheer.post(url, {**_gegevens(other_tenant, tekst="Gekaapt"), "_voorbeeld": "1"})
    assert Sjabloon.objects.get(pk=raalte.pk).tekst == "Raalte: {status.omschrijving}"
    assert _versies(raalte) == [(1, True, "Raalte: {status.omschrijving}", "fbraalte")]

    antwoord = deventer_beheer.post(TOEVOEGEN, _gegevens(other_tenant, kanaal=Kanaal.mijn_zaken))
    pagina = antwoord.content.decode()
    assert "Kies een gemeente uit de lijst: u beheert alleen uw eigen gemeente(n)." in pagina
    assert ">Raalte<" not in pagina and ">Deventer<" in pagina
    assert not Sjabloon.objects.filter(kanaal=Kanaal.mijn_zaken).exists()
    # Nor does the preview render anything with Raalte's name.
    antwoord = deventer_beheer.post(
        TOEVOEGEN,
        {**_gegevens(other_tenant, tekst="{gemeente.naam}"), "_voorbeeld": "1"},
    )
    assert "Raalte" not in antwoord.content.decode()


def test_a_beheerder_of_deventer_sees_no_bericht_of_raalte(deventer_beheer, other_tenant):
    bericht = Bericht.objects.create(
        tenant=other_tenant,
        sleutel="status:9:status_gewijzigd:email",
        gebeurtenis=Gebeurtenis.status_gewijzigd,
        kanaal=Kanaal.email,
        zaak_uuid=uuid.uuid4(),
        zaak_identificatie="ZAAK-RAALTE-1",
        identificatie_soort="bsn",
        identificatie="111222333",
        tekst="Geheim",
        volgende_poging=timezone.now(),
    )
    assert "ZAAK-RAALTE-1" not in deventer_beheer.get("/admin/berichten/bericht/").content.decode()
    assert deventer_beheer.get(f"/admin/berichten/bericht/{bericht.pk}/change/").status_code == 302


# --- Rules found by testing (issue 29): lengths, onderwerp, zaaktype, braces, names -------------


def test_a_text_longer_than_its_channel_allows_is_refused_at_the_field(deventer_beheer, tenant):
    sms = Sjabloon(tenant=tenant, gebeurtenis=Gebeurtenis.zaak_gesloten, kanaal=Kanaal.sms)
    sms.tekst = "x" * (MAX_SMS + 1)
    with pytest.raises(ValidationError) as fout:
        sjabloon_opslaan(sjabloon=sms)
    assert fout.value.message_dict["tekst"] == [
        "Een sms is hoogstens 918 tekens (het maximum van NotifyNL, zes sms'en); deze tekst "
        "heeft er 919. Samenvoegvelden maken de verstuurde tekst nog langer."
    ]
    sms.tekst = "x" * MAX_SMS
    assert sjabloon_opslaan(sjabloon=sms) is not None

    antwoord = deventer_beheer.post(TOEVOEGEN, _gegevens(tenant, tekst="x" * (MAX_TEKST + 1)))
    assert antwoord.status_code == 200
    assert _fouten(antwoord.content.decode()) == [
        "De tekst is te lang (hoogstens 20000 tekens); deze heeft er 20001."
    ]
    assert not Sjabloon.objects.filter(kanaal=Kanaal.email).exists()
    antwoord = deventer_beheer.post(TOEVOEGEN, _gegevens(tenant, tekst="x" * MAX_TEKST))
    assert antwoord.status_code == 302


def test_the_history_of_long_texts_wraps_inside_the_page(deventer_beheer, tenant):
    sjabloon = _sjabloon(tenant, tekst="x" * 5000)
    pagina = deventer_beheer.get(f"{LIJST}{sjabloon.pk}/change/").content.decode()
    stijl = re.search(r'<style nonce="[^"]+">(.*?)</style>', pagina, re.S)
    assert stijl and "td.field-tekst" in stijl.group(1)
    assert "overflow-wrap: anywhere" in stijl.group(1)


def test_an_email_or_mijn_zaken_text_needs_an_onderwerp_an_sms_none(deventer_beheer, tenant):
    for kanaal, wat in (
        (Kanaal.email, "een e-mail"),
        (Kanaal.mijn_zaken, "een bericht in Mijn zaken"),
    ):
        antwoord = deventer_beheer.post(TOEVOEGEN, _gegevens(tenant, kanaal=kanaal, onderwerp=""))
        assert antwoord.status_code == 200
        assert _fouten(antwoord.content.decode()) == [
            f"Vul het onderwerp in: zonder onderwerp krijgt {wat} geen onderwerpregel."
        ]
    assert not Sjabloon.objects.exists()
    antwoord = deventer_beheer.post(TOEVOEGEN, _gegevens(tenant, kanaal=Kanaal.sms, onderwerp=""))
    assert antwoord.status_code == 302, _fouten(antwoord.content.decode())


def test_the_zaaktype_is_chosen_from_the_gemeentes_catalogi(deventer_beheer, tenant, zaaktype):
    pagina = deventer_beheer.get(TOEVOEGEN).content.decode()
    keuzes = re.search(r'<select name="zaaktype_identificatie"[^>]*>(.*?)</select>', pagina, re.S)
    assert keuzes, "a select, not free text"
    assert '<option value="" selected>Alle zaaktypen</option>' in keuzes.group(1)
    assert f'<option value="{zaaktype.identificatie}">' in keuzes.group(1)

    antwoord = deventer_beheer.post(
        TOEVOEGEN, _gegevens(tenant, zaaktype_identificatie="BESTAAT-NIET-ZAAKTYPE")
    )
    assert _fouten(antwoord.content.decode()) == [
        "Kies een zaaktype uit de lijst: die noemt de zaaktypen in de catalogi van uw gemeente(n)."
    ]
    # The service says it too (an API, the demo, a script).
    with pytest.raises(ValidationError) as fout:
        _sjabloon(tenant, zaaktype_identificatie="BESTAAT-NIET-ZAAKTYPE")
    assert fout.value.message_dict["zaaktype_identificatie"] == [
        f"Zaaktype BESTAAT-NIET-ZAAKTYPE staat niet in een catalogus van {tenant.naam}; kies een "
        "zaaktype uit de lijst, of laat het leeg voor alle zaaktypen."
    ]
    assert not Sjabloon.objects.exists()

    antwoord = deventer_beheer.post(
        TOEVOEGEN, _gegevens(tenant, zaaktype_identificatie=zaaktype.identificatie)
    )
    assert antwoord.status_code == 302, _fouten(antwoord.content.decode())
    assert Sjabloon.objects.get().zaaktype_identificatie == zaaktype.identificatie


def test_a_second_sjabloon_in_beheer_shows_only_the_dutch_error(deventer_beheer, tenant):
    _sjabloon(tenant)
    antwoord = deventer_beheer.post(TOEVOEGEN, _gegevens(tenant, tekst="Nog een"))
    assert antwoord.status_code == 200
    assert _fouten(antwoord.content.decode()) == [
        "Er is al een sjabloon voor status gewijzigd via e-mail (elk zaaktype) van deze "
        "gemeente; pas dat aan."
    ]
    assert Sjabloon.objects.count() == 1


def test_a_known_field_between_doubled_braces_is_refused_with_a_hint(tenant):
    for tekst in ("Zaak {{zaak.identificatie}}", "Zaak {{ zaak.identificatie }}"):
        with pytest.raises(ValidationError) as fout:
            _sjabloon(tenant, tekst=tekst)
        assert fout.value.message_dict["tekst"] == [
            "Gebruik {zaak.identificatie} met enkele accolades; dubbele accolades schrijven een "
            "accolade zelf."
        ]
    assert not Sjabloon.objects.exists()
    # A brace around a field's value, and braces around other words, stay allowed.
    _sjabloon(tenant, tekst="Zaak {{{zaak.identificatie}}} {{geen veld}}")


def test_lists_and_filters_say_gemeente(client, tenant, other_tenant):
    user = medewerker(tenant, "beheer", Rol.functioneel_beheerder)
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    beheer = verified_client(client, user)
    _sjabloon(tenant)
    _sjabloon(other_tenant)
    for url in (LIJST, "/admin/berichten/bericht/"):
        if "bericht/" in url:
            for n, gemeente in enumerate((tenant, other_tenant)):
                Bericht.objects.create(
                    tenant=gemeente,
                    sleutel=f"s{n}",
                    gebeurtenis=Gebeurtenis.status_gewijzigd,
                    kanaal=Kanaal.email,
                    zaak_uuid=uuid.uuid4(),
                    zaak_identificatie=f"ZAAK-{n}",
                    identificatie_soort="bsn",
                    identificatie="111222333",
                    tekst="T",
                    volgende_poging=timezone.now(),
                )
        pagina = beheer.get(url).content.decode()
        assert "Op gemeente" in pagina, url
        assert "tenant" not in re.sub(r"<[^>]*>", " ", pagina).lower(), url
    lijst = beheer.get(LIJST).content.decode()
    assert re.search(r'<th scope="col" class="[^"]*column-gemeente', lijst)
    sjabloon = Sjabloon.objects.filter(tenant=tenant).get()
    wijzigen = beheer.get(f"{LIJST}{sjabloon.pk}/change/").content.decode()
    assert "tenant" not in re.sub(r"<[^>]*>", " ", wijzigen).lower()


def test_the_admin_sections_say_what_they_hold():
    assert apps.get_app_config("berichten").verbose_name.startswith("Automatische berichten")
    assert "behandelaar" in apps.get_app_config("sjablonen").verbose_name
