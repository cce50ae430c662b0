"""Migration inside the API (ADR 0063, issue 30 item 5): a supplier's migration tool with the
`<component>.migreren` scopes writes through the standard APIs, with a real JWT. It keeps the
source's uuid, identificatie and historic dates, tells nobody (no notification, message,
routing, task or signal), keeps iwerk's own derived data right, and stays inside its gemeente
and vertrouwelijkheid. The same client without those scopes gets the standard's behaviour."""

from __future__ import annotations

import base64
import uuid as uuidlib
from dataclasses import dataclass
from datetime import date, datetime
from unittest import mock

import pytest
from django.contrib.auth.models import User

from iwerk.autorisaties import services as autorisaties
from iwerk.berichten.models import Bericht
from iwerk.besluiten.services import next_identificatie as next_besluit_identificatie
from iwerk.catalogi.models import Catalogus, ZaakType
from iwerk.core.api import bronwaarden
from iwerk.core.models import AuditTrail, Gemeente
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import ApiClient
from iwerk.core.testing.medewerkers import medewerker
from iwerk.core.testing.zaken import bsn
from iwerk.documenten.models import EnkelvoudigInformatieObject, ObjectInformatieObject
from iwerk.documenten.services.documents import next_identificatie as next_document_identificatie
from iwerk.medewerkers import services as medewerkers
from iwerk.notificaties.models import Notificatie
from iwerk.signaleringen.models import Signalering
from iwerk.sturing.models import Bijwerking
from iwerk.werkverdeling.models import Routering, Routeringsregel, Taak, Taaksjabloon
from iwerk.werkverdeling.services.routering import regel_opslaan
from iwerk.werkverdeling.services.taken import sjabloon_opslaan
from iwerk.zaken.models import Zaak, ZaakBesluit, ZaakZoektekst

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

Z = "http://testserver/zaken/api/v1"
D = "http://testserver/documenten/api/v1"
B = "http://testserver/besluiten/api/v1"
ZTC = "http://testserver/catalogi/api/v1"
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}
SECRET = "migratie-test-geheim-van-minstens-32-tekens"
LABEL = "Migratietool Leverancier"
OUD = date(2015, 1, 1)


@dataclass
class Wereld:
    deventer: Gemeente
    raalte: Gemeente
    catalogus: Catalogus
    kap: ZaakType
    raalte_kap: ZaakType
    lvos: User


@pytest.fixture
def wereld(gemeenten) -> Wereld:
    """Deventer's kapvergunning with everything that tells or starts work on a new zaak: a routing
    rule, a checklist task at "Ontvangen", a behandelaar to signal; Raalte beside it."""
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    catalogus = build.catalogus(deventer)
    # Valid since 2015: the source's zaken and documents of 2019 fit in them.
    for omschrijving in ("Aanvraag", "Beschikking"):
        build.informatieobjecttype(catalogus, omschrijving, begin=OUD)
    build.besluittype(catalogus, "Toekenning", begin=OUD, iots=["Aanvraag", "Beschikking"])
    kap = build.gepubliceerd_zaaktype(catalogus, "KAP", besluittypen=("Toekenning",), begin=OUD)
    raalte_kap = build.gepubliceerd_zaaktype(build.catalogus(raalte), "KAP", begin=OUD)
    team = medewerkers.team(deventer, "Vergunningen")
    lvos = medewerker(deventer, "lvos", team="Vergunningen")
    regel_opslaan(
        regel=Routeringsregel(
            gemeente=deventer, zaaktype_identificatie="KAP", volgorde=10, team=team
        )
    )
    sjabloon_opslaan(
        Taaksjabloon(
            gemeente=deventer,
            zaaktype_identificatie="KAP",
            statustype_omschrijving="Ontvangen",
            titel="Aanvraag controleren",
        )
    )
    return Wereld(deventer, raalte, catalogus, kap, raalte_kap, lvos)


def _client(
    client_id: str, gemeente: Gemeente, *, migreren: bool, maximum: str = "zeer_geheim"
) -> ApiClient:
    """An applicatie as `iwerk create-applicatie --gemeente … [--migreren]` registers it."""
    autorisaties.register_client(
        client_id=client_id,
        secret=SECRET,
        label=LABEL if migreren else "Zaaksysteem",
        gemeenten=[gemeente],
        migreren=migreren,
        max_vertrouwelijkheidaanduiding=maximum,
    )
    return ApiClient(client_id, SECRET)


@pytest.fixture
def migratietool(wereld) -> ApiClient:
    return _client("migratietool", wereld.deventer, migreren=True, maximum="vertrouwelijk")


@pytest.fixture
def zaaksysteem(wereld) -> ApiClient:
    return _client("zaaksysteem", wereld.deventer, migreren=False)


def _type_url(wereld: Wereld, resource: str, omschrijving: str) -> str:
    kap = wereld.kap
    obj = {
        "statustypen": lambda: kap.statustypen.get(omschrijving=omschrijving),
        "roltypen": lambda: kap.roltypen.get(omschrijving=omschrijving),
        "informatieobjecttypen": lambda: wereld.catalogus.informatieobjecttypen.get(
            omschrijving=omschrijving
        ),
        "besluittypen": lambda: wereld.catalogus.besluittypen.get(omschrijving=omschrijving),
    }[resource]()
    return f"{ZTC}/{resource}/{obj.uuid}"


def _zaak_body(wereld: Wereld, **extra) -> dict:
    return {
        "bronorganisatie": wereld.deventer.rsin,
        "verantwoordelijkeOrganisatie": wereld.deventer.rsin,
        "zaaktype": f"{ZTC}/zaaktypen/{wereld.kap.uuid}",
        "startdatum": "2019-03-01",
        "omschrijving": "Dakkapel aan de Brink",
        **extra,
    }


def _document_body(wereld: Wereld, **extra) -> dict:
    return {
        "bronorganisatie": wereld.deventer.rsin,
        "creatiedatum": "2019-03-04",
        "titel": "Aanvraag dakkapel",
        "auteur": "M. Moulin",
        "taal": "dut",
        "informatieobjecttype": _type_url(wereld, "informatieobjecttypen", "Aanvraag"),
        "inhoud": base64.b64encode(b"versie een").decode(),
        "indicatieGebruiksrecht": False,
        **extra,
    }


def _stil() -> dict[str, int]:
    """Everything that tells someone or starts work, counted."""
    return {
        "notificaties": Notificatie.objects.count(),
        "berichten": Bericht.objects.count(),
        "routeringen": Routering.objects.count(),
        "taken": Taak.objects.count(),
        "signaleringen": Signalering.objects.count(),
    }


def _tijd(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _post(client: ApiClient, url: str, body: dict, **extra):
    response = client.post(url, body, **extra)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_migration_tool_keeps_uuids_identificaties_and_dates_and_tells_nobody(
    wereld, migratietool, zaaksysteem
):
    namen = ("zaak", "status", "rol", "eio", "zio", "bsl", "bio")
    ids = {name: str(uuidlib.uuid4()) for name in namen}
    voor = _stil()

    zaak = _post(
        migratietool,
        f"{Z}/zaken",
        _zaak_body(
            wereld,
            uuid=ids["zaak"],
            identificatie="ZAAK-2019-0000000500",
            registratiedatum="2019-03-04",
        ),
        **CRS,
    )
    assert zaak["url"] == f"{Z}/zaken/{ids['zaak']}"
    assert (zaak["identificatie"], zaak["registratiedatum"]) == (
        "ZAAK-2019-0000000500",
        "2019-03-04",
    )
    status = _post(
        migratietool,
        f"{Z}/statussen",
        {
            "uuid": ids["status"],
            "zaak": zaak["url"],
            "statustype": _type_url(wereld, "statustypen", "Ontvangen"),
            "datumStatusGezet": "2019-03-04T10:00:00+01:00",
        },
    )
    initiator = _post(
        migratietool,
        f"{Z}/rollen",
        {
            "uuid": ids["rol"],
            "zaak": zaak["url"],
            "roltype": _type_url(wereld, "roltypen", "Aanvrager"),
            "betrokkeneType": "natuurlijk_persoon",
            "betrokkeneIdentificatie": {"inpBsn": bsn(), "geslachtsnaam": "Moulin"},
            "registratiedatum": "2019-03-04T09:00:00+01:00",
        },
    )
    _post(
        migratietool,
        f"{Z}/rollen",
        {
            "zaak": zaak["url"],
            "roltype": _type_url(wereld, "roltypen", "Behandelaar"),
            "betrokkeneType": "medewerker",
            "betrokkeneIdentificatie": {"identificatie": "lvos"},
        },
    )
    document = _post(
        migratietool,
        f"{D}/enkelvoudiginformatieobjecten",
        _document_body(
            wereld,
            uuid=ids["eio"],
            identificatie="DOCUMENT-2019-0000000042",
            beginRegistratie="2019-03-04T11:00:00+01:00",
        ),
    )
    lock = migratietool.post(f"{document['url']}/lock").json()["lock"]
    tweede = migratietool.patch(
        document["url"],
        {
            "lock": lock,
            "inhoud": base64.b64encode(b"versie twee").decode(),
            "beginRegistratie": "2019-05-01T12:00:00+02:00",
        },
    )
    assert tweede.status_code == 200, tweede.content
    assert migratietool.post(f"{document['url']}/unlock", {"lock": lock}).status_code == 204
    zio = _post(
        migratietool,
        f"{Z}/zaakinformatieobjecten",
        {
            "uuid": ids["zio"],
            "zaak": zaak["url"],
            "informatieobject": document["url"],
            "registratiedatum": "2019-03-05T08:00:00+01:00",
        },
    )
    besluit = _post(
        migratietool,
        f"{B}/besluiten",
        {
            "uuid": ids["bsl"],
            "identificatie": "BESLUIT-2019-0000000007",
            "verantwoordelijkeOrganisatie": wereld.deventer.rsin,
            "besluittype": _type_url(wereld, "besluittypen", "Toekenning"),
            "zaak": zaak["url"],
            "datum": "2019-04-01",
            "ingangsdatum": "2019-04-01",
        },
    )

    _post(
        migratietool,
        f"{B}/besluitinformatieobjecten",
        {"uuid": ids["bio"], "besluit": besluit["url"], "informatieobject": document["url"]},
    )

    # Every object answers on the URL the source gave it, with the source's dates.
    gelezen = migratietool.get(f"{Z}/zaken/{ids['zaak']}", **CRS).json()
    assert gelezen["registratiedatum"] == "2019-03-04" and gelezen["status"] == status["url"]
    assert _tijd(migratietool.get(f"{Z}/statussen/{ids['status']}").json()["datumStatusGezet"]) == (
        _tijd("2019-03-04T10:00:00+01:00")
    )
    rol = migratietool.get(f"{Z}/rollen/{ids['rol']}").json()
    assert rol["url"] == initiator["url"]
    assert _tijd(rol["registratiedatum"]) == _tijd("2019-03-04T09:00:00+01:00")
    versie_2 = migratietool.get(f"{D}/enkelvoudiginformatieobjecten/{ids['eio']}").json()
    assert versie_2["versie"] == 2
    assert _tijd(versie_2["beginRegistratie"]) == _tijd("2019-05-01T12:00:00+02:00")
    versie_1 = migratietool.get(document["url"], {"versie": 1}).json()
    assert _tijd(versie_1["beginRegistratie"]) == _tijd("2019-03-04T11:00:00+01:00")
    assert versie_1["identificatie"] == "DOCUMENT-2019-0000000042"
    gekoppeld = migratietool.get(f"{Z}/zaakinformatieobjecten/{ids['zio']}").json()
    assert gekoppeld["url"] == zio["url"]
    assert _tijd(gekoppeld["registratiedatum"]) == _tijd("2019-03-05T08:00:00+01:00")
    assert migratietool.get(f"{B}/besluiten/{ids['bsl']}").json()["url"] == besluit["url"]
    assert migratietool.get(f"{B}/besluitinformatieobjecten/{ids['bio']}").status_code == 200
    # What iwerk writes itself beside them gets a uuid of its own.
    oios = ObjectInformatieObject.objects.filter(informatieobject__uuid=ids["eio"])
    assert oios.count() == 2 and not {str(o.uuid) for o in oios} & set(ids.values())
    assert str(ZaakBesluit.objects.get(zaak__uuid=ids["zaak"]).uuid) not in ids.values()

    # Nobody was told and no work started …
    assert _stil() == voor
    migrated = Zaak.objects.get(uuid=ids["zaak"])
    assert migrated.team_id is None and migrated.behandelaar == "lvos"
    # … while iwerk's own derived data follows: search text, Sturing queue, audit trail.
    assert "Dakkapel" in ZaakZoektekst.objects.get(zaak=migrated).tekst
    assert Bijwerking.objects.filter(zaak_id=migrated.pk).exists()
    trail = AuditTrail.objects.filter(hoofd_object_uuid=ids["zaak"])
    assert trail.filter(resource="zaak", actie="create").exists()
    assert set(trail.values_list("applicatie_weergave", flat=True)) == {LABEL}
    assert AuditTrail.objects.filter(hoofd_object_uuid=ids["eio"], actie="update").exists()

    # The counters continue after the imported numbers (ADR 0063 point 4).
    volgende = _post(
        zaaksysteem, f"{Z}/zaken", _zaak_body(wereld, registratiedatum="2019-06-01"), **CRS
    )
    assert volgende["identificatie"] == "ZAAK-2019-0000000501"
    assert next_document_identificatie(wereld.deventer.rsin, 2019) == "DOCUMENT-2019-0000000043"
    assert next_besluit_identificatie(wereld.deventer.rsin, 2019) == "BESLUIT-2019-0000000008"


def test_without_the_scope_uuid_and_historic_dates_are_ignored_and_everyone_is_told(
    wereld, zaaksysteem
):
    gegeven = str(uuidlib.uuid4())
    voor = _stil()
    zaak = _post(zaaksysteem, f"{Z}/zaken", _zaak_body(wereld, uuid=gegeven), **CRS)
    assert zaak["uuid"] != gegeven
    _post(
        zaaksysteem,
        f"{Z}/statussen",
        {
            "zaak": zaak["url"],
            "statustype": _type_url(wereld, "statustypen", "Ontvangen"),
            "datumStatusGezet": "2019-03-04T10:00:00+01:00",
        },
    )
    rol = _post(
        zaaksysteem,
        f"{Z}/rollen",
        {
            "uuid": gegeven,
            "zaak": zaak["url"],
            "roltype": _type_url(wereld, "roltypen", "Aanvrager"),
            "betrokkeneType": "natuurlijk_persoon",
            "betrokkeneIdentificatie": {"inpBsn": bsn(), "geslachtsnaam": "Moulin"},
            "registratiedatum": "2019-03-04T09:00:00+01:00",
        },
    )
    assert rol["uuid"] != gegeven and not rol["registratiedatum"].startswith("2019")
    _post(
        zaaksysteem,
        f"{Z}/rollen",
        {
            "zaak": zaak["url"],
            "roltype": _type_url(wereld, "roltypen", "Behandelaar"),
            "betrokkeneType": "medewerker",
            "betrokkeneIdentificatie": {"identificatie": "lvos"},
        },
    )
    document = zaaksysteem.post(
        f"{D}/enkelvoudiginformatieobjecten",
        _document_body(wereld, uuid=gegeven, beginRegistratie="2019-03-04T11:00:00+01:00"),
    )
    assert document.status_code == 201, document.content
    assert not document.json()["beginRegistratie"].startswith("2019")
    assert "uuid" in document["X-Ignored-Fields"]  # not part of the document: named, ignored
    assert str(EnkelvoudigInformatieObject.objects.get().uuid) != gegeven

    # Every one of them happened, as for any other client: notifications (zaak, status, rollen,
    # document), the initiator's message, the routing, the checklist task, lvos's signal.
    na = _stil()
    assert [name for name in na if na[name] <= voor[name]] == []
    assert Zaak.objects.get(uuid=zaak["uuid"]).team is not None


def test_a_uuid_in_use_is_refused_and_nothing_is_written(wereld, migratietool):
    bestaand = _post(
        migratietool, f"{Z}/zaken", _zaak_body(wereld, uuid=str(uuidlib.uuid4())), **CRS
    )
    voor = (Zaak.objects.count(), AuditTrail.objects.count(), _stil())

    response = migratietool.post(
        f"{Z}/zaken", _zaak_body(wereld, uuid=bestaand["uuid"], identificatie="OUD-1"), **CRS
    )
    assert response.status_code == 400
    assert response.json()["invalidParams"] == [
        {"name": "uuid", "code": "uuid-bestaat", "reason": "Deze uuid is al in gebruik."}
    ]
    assert (Zaak.objects.count(), AuditTrail.objects.count(), _stil()) == voor
    assert not Zaak.objects.filter(identificatie="OUD-1").exists()

    onzin = migratietool.post(f"{Z}/zaken", _zaak_body(wereld, uuid="geen-uuid"), **CRS)
    assert onzin.status_code == 400
    assert [(p["name"], p["code"]) for p in onzin.json()["invalidParams"]] == [("uuid", "invalid")]


def test_a_uuid_taken_by_a_concurrent_write_is_refused_by_the_database_not_a_500(
    wereld, migratietool
):
    """The question before the INSERT says free; the unique constraint is the last guard."""
    zaak = _post(migratietool, f"{Z}/zaken", _zaak_body(wereld), **CRS)
    status = _post(
        migratietool,
        f"{Z}/statussen",
        {
            "uuid": str(uuidlib.uuid4()),
            "zaak": zaak["url"],
            "statustype": _type_url(wereld, "statustypen", "Ontvangen"),
            "datumStatusGezet": "2019-03-04T10:00:00+01:00",
        },
    )
    with mock.patch.object(bronwaarden, "in_gebruik", return_value=False):
        response = migratietool.post(
            f"{Z}/statussen",
            {
                "uuid": status["uuid"],
                "zaak": zaak["url"],
                "statustype": _type_url(wereld, "statustypen", "In behandeling"),
                "datumStatusGezet": "2019-03-05T10:00:00+01:00",
            },
        )
    assert response.status_code == 400, response.content
    assert response.json()["invalidParams"][0]["code"] == "uuid-bestaat"
    assert migratietool.get(f"{Z}/statussen", {"zaak": zaak["url"]}).json()["count"] == 1


def test_a_migration_tool_stays_inside_its_gemeente_and_vertrouwelijkheid(wereld, migratietool):
    raalte = migratietool.post(
        f"{Z}/zaken",
        _zaak_body(
            wereld, uuid=str(uuidlib.uuid4()), zaaktype=f"{ZTC}/zaaktypen/{wereld.raalte_kap.uuid}"
        ),
        **CRS,
    )
    assert raalte.status_code == 403, raalte.content
    geheim = migratietool.post(
        f"{Z}/zaken", _zaak_body(wereld, vertrouwelijkheidaanduiding="geheim"), **CRS
    )
    assert geheim.status_code == 403, geheim.content
    zaaktype = migratietool.post(
        f"{ZTC}/zaaktypen",
        {
            **_zaaktype_body(f"{ZTC}/catalogussen/{wereld.raalte_kap.catalogus.uuid}"),
            "uuid": str(uuidlib.uuid4()),
        },
    )
    # Raalte's catalogus is invisible to a client of Deventer: as for any client, no such object.
    assert zaaktype.status_code == 400, zaaktype.content
    assert zaaktype.json()["invalidParams"][0]["name"] == "catalogus"
    assert not Zaak.objects.filter(tenant=wereld.raalte).exists()
    assert not ZaakType.objects.filter(tenant=wereld.raalte, identificatie="MIG-1").exists()


def _zaaktype_body(catalogus: str) -> dict:
    return {
        "identificatie": "MIG-1",
        "omschrijving": "Gemigreerd zaaktype",
        "vertrouwelijkheidaanduiding": "openbaar",
        "doel": "Doel",
        "aanleiding": "Aanleiding",
        "indicatieInternOfExtern": "extern",
        "handelingInitiator": "Aanvragen",
        "onderwerp": "Onderwerp",
        "handelingBehandelaar": "Behandelen",
        "doorlooptijd": "P8W",
        "opschortingEnAanhoudingMogelijk": False,
        "verlengingMogelijk": False,
        "publicatieIndicatie": False,
        "productenOfDiensten": [],
        "referentieproces": {"naam": "Proces"},
        "verantwoordelijke": "Team",
        "catalogus": catalogus,
        "besluittypen": [],
        "gerelateerdeZaaktypen": [],
        "beginGeldigheid": "2015-01-01",
    }


def test_catalogue_types_keep_their_uuid_silently(wereld, migratietool):
    zaaktype_uuid, statustype_uuid = str(uuidlib.uuid4()), str(uuidlib.uuid4())
    voor = Notificatie.objects.count()
    zaaktype = _post(
        migratietool,
        f"{ZTC}/zaaktypen",
        {**_zaaktype_body(f"{ZTC}/catalogussen/{wereld.catalogus.uuid}"), "uuid": zaaktype_uuid},
    )
    assert zaaktype["url"] == f"{ZTC}/zaaktypen/{zaaktype_uuid}"
    statustype = _post(
        migratietool,
        f"{ZTC}/statustypen",
        {
            "uuid": statustype_uuid,
            "zaaktype": zaaktype["url"],
            "omschrijving": "Ontvangen",
            "volgnummer": 1,
        },
    )
    assert statustype["url"] == f"{ZTC}/statustypen/{statustype_uuid}"
    assert migratietool.get(f"{ZTC}/zaaktypen/{zaaktype_uuid}").status_code == 200
    assert Notificatie.objects.count() == voor  # kanaal zaaktypen: nothing for a migrated type
