"""Werkvoorraad tabs, deadline states, filters, bulk assignment, saved filters and search."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from iwerk.core.testing.medewerkers import sign_in
from iwerk.werkplek.models import OpgeslagenFilter
from iwerk.zaken.models import Rol, Zaak, ZaakZoektekst
from iwerk.zaken.selectors import termijnen

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 29)


def _zaak(**fields) -> Zaak:
    defaults = {
        "einddatum": None,
        "einddatum_gepland": None,
        "uiterlijke_einddatum_afdoening": None,
        "opschorting_indicatie": False,
        "opgeschort_sinds": None,
    }
    return Zaak(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("fields", "staat"),
    [
        ({"uiterlijke_einddatum_afdoening": TODAY + timedelta(days=30)}, termijnen.OP_SCHEMA),
        ({"uiterlijke_einddatum_afdoening": TODAY + timedelta(days=5)}, termijnen.NADERT),
        ({"uiterlijke_einddatum_afdoening": TODAY}, termijnen.NADERT),
        ({"uiterlijke_einddatum_afdoening": TODAY - timedelta(days=1)}, termijnen.OVERSCHREDEN),
        (
            {
                "einddatum_gepland": TODAY - timedelta(days=2),
                "uiterlijke_einddatum_afdoening": TODAY + timedelta(days=20),
            },
            termijnen.SERVICENORM_OVERSCHREDEN,
        ),
        (
            {
                "einddatum_gepland": TODAY + timedelta(days=3),
                "uiterlijke_einddatum_afdoening": TODAY + timedelta(days=40),
            },
            termijnen.NADERT,
        ),
        # Opgeschort since 20 days, its term passed 10 days ago: the clock stood still.
        (
            {
                "uiterlijke_einddatum_afdoening": TODAY - timedelta(days=10),
                "opschorting_indicatie": True,
                "opgeschort_sinds": TODAY - timedelta(days=20),
            },
            termijnen.OPGESCHORT,
        ),
        (
            {"uiterlijke_einddatum_afdoening": TODAY - timedelta(days=10), "einddatum": TODAY},
            termijnen.AFGEROND,
        ),
    ],
)
def test_deadline_state(fields, staat, settings):
    settings.IWERK_TERMIJN_SIGNAAL_DAGEN = 5
    assert termijnen.termijn(_zaak(**fields), TODAY).staat == staat


def test_suspended_zaak_shows_its_deadline_moved_by_the_standstill():
    zaak = _zaak(
        uiterlijke_einddatum_afdoening=TODAY - timedelta(days=10),
        opschorting_indicatie=True,
        opgeschort_sinds=TODAY - timedelta(days=20),
    )
    assert termijnen.termijn(zaak, TODAY).wettelijk == TODAY + timedelta(days=10)


def test_deadline_filters_select_exactly_the_states(werkvoorraad):
    today = timezone.localdate()
    zaken = list(Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"]))
    expected = {}
    for zaak in zaken:
        expected.setdefault(termijnen.termijn(zaak, today).staat, set()).add(zaak.pk)
    for staat in (
        termijnen.OVERSCHREDEN,
        termijnen.SERVICENORM_OVERSCHREDEN,
        termijnen.NADERT,
        termijnen.OPGESCHORT,
    ):
        found = set(
            Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"])
            .filter(termijnen.staat_q(staat, today))
            .values_list("pk", flat=True)
        )
        assert found == expected.get(staat, set()), staat
    assert expected.get(termijnen.OVERSCHREDEN)  # the world has overdue zaken to filter


def test_tabs_mine_team_and_unassigned(werkvoorraad):
    client = sign_in("jdevries")
    mine = client.get("/werkplek/?tab=mijn").content.decode()
    assigned = Rol.objects.filter(
        zaak__tenant=werkvoorraad.gemeenten["deventer"],
        zaak__einddatum__isnull=True,
        roltype__omschrijving_generiek="behandelaar",
    )
    for rol in assigned.select_related("zaak")[:60]:
        shown = str(rol.zaak.uuid) in mine
        if rol.medewerker_identificatie != "jdevries":
            assert not shown
    vrij = client.get("/werkplek/?tab=vrij&sort=-start").content.decode()
    uuids = set(re.findall(r"/werkplek/zaken/([0-9a-f-]{36})/", vrij))
    assert uuids
    assert not Rol.objects.filter(
        zaak__uuid__in=uuids, roltype__omschrijving_generiek="behandelaar"
    ).exists()
    team = client.get("/werkplek/?tab=team").content.decode()
    team_uuids = set(re.findall(r"/werkplek/zaken/([0-9a-f-]{36})/", team))
    handlers = set(
        Rol.objects.filter(
            zaak__uuid__in=team_uuids, roltype__omschrijving_generiek="behandelaar"
        ).values_list("medewerker_identificatie", flat=True)
    )
    assert handlers <= {"jdevries", "mbakker", "pjansen"}  # team Vergunningen


def test_behandelaar_bulk_assigns_only_to_self_teamleider_to_anyone(werkvoorraad):
    vrij = list(
        Zaak.objects.filter(
            tenant=werkvoorraad.gemeenten["deventer"],
            einddatum__isnull=True,
            vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "intern",
                "zaakvertrouwelijk",
                "beperkt_openbaar",
            ],
        ).exclude(rollen__roltype__omschrijving_generiek="behandelaar")[:3]
    )
    assert len(vrij) >= 2
    behandelaar = sign_in("mbakker")
    behandelaar.post(
        "/werkplek/toewijzen/", {"medewerker": "jdevries", "zaak": [str(z.uuid) for z in vrij]}
    )
    assert not Rol.objects.filter(
        zaak__in=vrij, roltype__omschrijving_generiek="behandelaar"
    ).exists()
    behandelaar.post("/werkplek/toewijzen/", {"medewerker": "mbakker", "zaak": [str(vrij[0].uuid)]})
    assert (
        Rol.objects.get(
            zaak=vrij[0], roltype__omschrijving_generiek="behandelaar"
        ).medewerker_identificatie
        == "mbakker"
    )
    teamleider = sign_in("pjansen")
    teamleider.post(
        "/werkplek/toewijzen/", {"medewerker": "jdevries", "zaak": [str(z.uuid) for z in vrij]}
    )
    handlers = set(
        Rol.objects.filter(zaak__in=vrij, roltype__omschrijving_generiek="behandelaar").values_list(
            "medewerker_identificatie", flat=True
        )
    )
    assert handlers == {"jdevries"}
    assert Rol.objects.filter(
        zaak__in=vrij, roltype__omschrijving_generiek="behandelaar"
    ).count() == len(vrij)


def test_saved_filter_round_trip(werkvoorraad):
    client = sign_in("jdevries")
    client.post(
        "/werkplek/filters/",
        {"naam": "Bijna te laat", "tab": "alle", "termijn": "nadert", "sort": "termijn"},
    )
    saved = OpgeslagenFilter.objects.get(naam="Bijna te laat")
    assert "termijn=nadert" in saved.querystring
    page = client.get("/werkplek/").content.decode()
    assert f"/werkplek/?{saved.querystring}".replace("&", "&amp;") in page
    # Another user does not see it.
    assert "Bijna te laat" not in sign_in("mbakker").get("/werkplek/").content.decode()


@pytest.mark.parametrize("kind", ["identificatie", "bsn", "naam", "adres", "omschrijving"])
def test_search_finds_by_what_a_handler_knows(werkvoorraad, kind):
    rol = (
        Rol.objects.filter(
            zaak__tenant=werkvoorraad.gemeenten["deventer"],
            bsn__gt="",
            zaak__vertrouwelijkheidaanduiding__in=[
                "openbaar",
                "intern",
                "zaakvertrouwelijk",
                "beperkt_openbaar",
            ],
        )
        .select_related("zaak")
        .first()
    )
    zaak, ident = rol.zaak, rol.betrokkene_identificatie
    query = {
        "identificatie": zaak.identificatie.lower(),
        "bsn": rol.bsn,
        "naam": f"{ident['voornamen']} {ident['geslachtsnaam']}",
        "adres": f"{ident['verblijfsadres']['gorOpenbareRuimteNaam']} {ident['verblijfsadres']['aoaHuisnummer']}",
        "omschrijving": zaak.omschrijving.split(" — ")[0][:6],
    }[kind]
    page = sign_in("pjansen").get("/werkplek/zoeken/", {"q": query}).content.decode()
    assert str(zaak.uuid) in page, (kind, query)


def test_search_index_follows_changes(werkvoorraad):
    zaak = Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"]).first()
    from iwerk.core.api.actor import Actor
    from iwerk.zaken.services import update_zaak

    actor = Actor(
        client_id="t", applicatie_uuid=None, applicatie_label="t", heeft_alle_autorisaties=True
    )
    update_zaak(actor=actor, zaak=zaak, changes={"omschrijving": "Kapvergunning eikenlaan"})
    assert "eikenlaan" in ZaakZoektekst.objects.get(zaak=zaak).tekst.lower()
    page = sign_in("pjansen").get("/werkplek/zoeken/", {"q": "eikenla"}).content.decode()
    assert str(zaak.uuid) in page


@pytest.mark.parametrize("sort", ["termijn", "-start", "start", "identificatie"])
def test_sorting_orders_the_rows(werkvoorraad, sort):
    client = sign_in("pjansen")
    page = client.get("/werkplek/", {"tab": "alle", "sort": sort}).content.decode()
    uuids = re.findall(r'name="zaak" value="([0-9a-f-]{36})"', page)
    assert len(uuids) > 5
    zaken = {str(z.uuid): z for z in Zaak.objects.filter(uuid__in=uuids).select_related("zaaktype")}
    rows = [zaken[u] for u in uuids]
    key = {
        "termijn": lambda z: z.uiterlijke_einddatum_afdoening,
        "start": lambda z: z.startdatum,
        "-start": lambda z: -z.startdatum.toordinal(),
        "identificatie": lambda z: z.identificatie,
    }[sort]
    assert [key(z) for z in rows] == sorted(key(z) for z in rows)


def test_behandelaar_column_follows_the_rollen(werkvoorraad):
    from iwerk.core.api.actor import Actor
    from iwerk.zaken.services import add_rol, delete_rol
    from iwerk.zaken.services.toewijzing import Medewerker, assign

    actor = Actor(
        client_id="t", applicatie_uuid=None, applicatie_label="t", heeft_alle_autorisaties=True
    )
    zaak = Zaak.objects.filter(
        tenant=werkvoorraad.gemeenten["deventer"], einddatum__isnull=True, behandelaar=""
    ).first()
    assign(actor=actor, zaak=zaak, medewerker=Medewerker("mbakker", "Bakker"))
    zaak.refresh_from_db()
    assert zaak.behandelaar == "mbakker"
    roltype = (
        Rol.objects.get(zaak=zaak).roltype
        if Rol.objects.filter(zaak=zaak).count() == 1
        else Rol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="behandelaar")
        .first()
        .roltype
    )
    # A second behandelaar through the API path: the most recent one counts.
    tweede = add_rol(
        actor=actor,
        zaak=zaak,
        roltype=roltype,
        betrokkene_type="medewerker",
        betrokkene_identificatie={"identificatie": "jdevries"},
    )
    zaak.refresh_from_db()
    assert zaak.behandelaar == "jdevries"
    delete_rol(actor=actor, rol=tweede)
    zaak.refresh_from_db()
    assert zaak.behandelaar == "mbakker"
    delete_rol(
        actor=actor, rol=Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="behandelaar")
    )
    zaak.refresh_from_db()
    assert zaak.behandelaar == ""
    # Every zaak's column agrees with its behandelaar rollen.
    assert (
        Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"])
        .exclude(behandelaar="")
        .count()
        == Rol.objects.filter(
            zaak__tenant=werkvoorraad.gemeenten["deventer"],
            roltype__omschrijving_generiek="behandelaar",
        )
        .values("zaak_id")
        .distinct()
        .count()
    )


def test_bulk_refresh_of_the_behandelaar_column(werkvoorraad):
    from iwerk.zaken.services.rol import refresh_behandelaar

    expected = dict(Zaak.objects.exclude(behandelaar="").values_list("pk", "behandelaar"))
    assert expected
    Zaak.objects.update(behandelaar="")
    refresh_behandelaar()  # the set-based statement of the migration and bulk loads
    assert dict(Zaak.objects.exclude(behandelaar="").values_list("pk", "behandelaar")) == expected


def test_status_filter_selects_zaken_by_their_current_status(werkvoorraad):
    from iwerk.zaken.models import Status

    client = sign_in("pjansen")
    latest = {}
    for status in (
        Status.objects.filter(
            zaak__tenant=werkvoorraad.gemeenten["deventer"], zaak__einddatum__isnull=True
        )
        .select_related("statustype")
        .order_by("datum_status_gezet", "pk")
    ):
        latest[status.zaak_id] = status.statustype.omschrijving
    omschrijving = max(set(latest.values()), key=list(latest.values()).count)
    page = client.get(
        "/werkplek/", {"tab": "alle", "status": omschrijving, "sort": "-start"}
    ).content.decode()
    shown = set(re.findall(r'name="zaak" value="([0-9a-f-]{36})"', page))
    expected = {
        str(u)
        for u in Zaak.objects.filter(pk__in=[pk for pk, o in latest.items() if o == omschrijving])
        .exclude(vertrouwelijkheidaanduiding="zeer_geheim")
        .values_list("uuid", flat=True)
    }
    assert shown
    assert shown <= expected
    assert len(shown) == min(len(expected), 25)


def test_huidige_statustype_follows_the_statussen(werkvoorraad):
    from datetime import timedelta

    from django.utils import timezone

    from iwerk.core.api.actor import Actor
    from iwerk.zaken.models import Status
    from iwerk.zaken.services import set_status
    from iwerk.zaken.services.status import refresh_huidige_status

    expected = dict(Zaak.objects.values_list("pk", "huidige_statustype_id"))
    assert all(expected.values())  # registering the first status filled it
    Zaak.objects.update(huidige_statustype=None)
    refresh_huidige_status()  # the set-based statement of the migration and bulk loads
    assert dict(Zaak.objects.values_list("pk", "huidige_statustype_id")) == expected
    actor = Actor(
        client_id="t", applicatie_uuid=None, applicatie_label="t", heeft_alle_autorisaties=True
    )
    zaak = (
        Zaak.objects.filter(tenant=werkvoorraad.gemeenten["deventer"], einddatum__isnull=True)
        .select_related("zaaktype")
        .first()
    )
    statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
    # A status registered now but dated in the past does not become the current one.
    current = zaak.huidige_statustype_id
    oldest = (
        Status.objects.filter(zaak=zaak).order_by("datum_status_gezet").first().datum_status_gezet
    )
    set_status(
        actor=actor,
        zaak=zaak,
        statustype=statustypen[0],
        datum_status_gezet=oldest - timedelta(days=1),
    )
    zaak.refresh_from_db()
    assert zaak.huidige_statustype_id == current
    set_status(
        actor=actor, zaak=zaak, statustype=statustypen[-2], datum_status_gezet=timezone.now()
    )
    zaak.refresh_from_db()
    assert zaak.huidige_statustype_id == statustypen[-2].pk
