"""Applicaties registered through the Autorisaties API: their tenancy (ADR 0026) and ac-003."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from iwerk.autorisaties.models import Applicatie, JWTSecret
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import ApiClient, register_client

pytestmark = pytest.mark.django_db
AC = "http://testserver/autorisaties/api/v1"
ZTC = "http://testserver/catalogi/api/v1"
SECRET = "een-geheim-van-minstens-32-bytes-lang"
CATALOGI = ["catalogi.lezen", "catalogi.schrijven"]


def registered(registrar: ApiClient, client_id: str, autorisaties: list[dict]) -> ApiClient:
    """Register an applicatie through the API, and its secret as the provider does."""
    response = registrar.post(
        f"{AC}/applicaties",
        {"clientIds": [client_id], "label": client_id, "autorisaties": autorisaties},
    )
    assert response.status_code == 201, response.content
    JWTSecret.objects.create(client_id=client_id, secret=SECRET)
    return ApiClient(client_id, SECRET)


def iot_body(catalogus) -> dict:
    return {
        "catalogus": f"{ZTC}/catalogussen/{catalogus.uuid}",
        "omschrijving": "Aanvraagformulier",
        "vertrouwelijkheidaanduiding": "vertrouwelijk",
        "beginGeldigheid": "2024-01-01",
        "informatieobjectcategorie": "Aanvraag",
    }


@pytest.fixture
def beheer_deventer(tenant):
    """An Autorisaties API client of Deventer only."""
    return register_client(
        "beheer-deventer",
        gemeenten=[tenant],
        autorisaties=[
            {"component": "ac", "scopes": ["autorisaties.lezen", "autorisaties.bijwerken"]}
        ],
    )


# --- 1. ztc autorisaties: the tenancy of the registering client --------------------------


def test_ztc_applicatie_of_an_all_gemeenten_registrar_reads_and_writes_every_catalogus(
    superuser_client, catalogus, other_catalogus
):
    """Was: empty lists and 403 on detail — the applicatie had no gemeente at all."""
    app = registered(superuser_client, "catalogustool", [{"component": "ztc", "scopes": CATALOGI}])

    listed = app.get(f"{ZTC}/catalogussen").json()
    assert listed["count"] == 2
    for cat in (catalogus, other_catalogus):
        assert app.get(f"{ZTC}/catalogussen/{cat.uuid}").status_code == 200
        created = app.post(f"{ZTC}/informatieobjecttypen", iot_body(cat))
        assert created.status_code == 200, created.content  # 200: as the Catalogi OAS has it

    applicatie = Applicatie.objects.get(clients__client_id="catalogustool")
    assert applicatie.alle_gemeenten and not applicatie.heeft_alle_autorisaties


def test_ztc_applicatie_of_an_all_gemeenten_registrar_sees_a_gemeente_added_later(
    superuser_client, catalogus
):
    app = registered(superuser_client, "catalogustool", [{"component": "ztc", "scopes": CATALOGI}])
    assert app.get(f"{ZTC}/catalogussen").json()["count"] == 1
    later = build.catalogus(build.gemeente("Olst-Wijhe", "olst-wijhe", "001775069"))
    assert app.get(f"{ZTC}/catalogussen/{later.uuid}").status_code == 200


def test_ztc_applicatie_of_a_deventer_registrar_works_for_deventer_only(
    beheer_deventer, catalogus, other_catalogus
):
    app = registered(beheer_deventer, "deventer-tool", [{"component": "ztc", "scopes": CATALOGI}])

    assert [c["url"] for c in app.get(f"{ZTC}/catalogussen").json()["results"]] == [
        f"{ZTC}/catalogussen/{catalogus.uuid}"
    ]
    assert app.post(f"{ZTC}/informatieobjecttypen", iot_body(catalogus)).status_code == 200
    assert app.get(f"{ZTC}/catalogussen/{other_catalogus.uuid}").status_code == 403
    refused = app.post(f"{ZTC}/informatieobjecttypen", iot_body(other_catalogus))
    assert refused.status_code == 400  # the catalogus URL does not resolve for this client
    assert refused.json()["invalidParams"][0]["name"] == "catalogus"
    assert not other_catalogus.informatieobjecttypen.exists()
    applicatie = Applicatie.objects.get(clients__client_id="deventer-tool")
    assert not applicatie.alle_gemeenten
    assert list(applicatie.gemeenten.all()) == [catalogus.tenant]


def test_tenancy_survives_a_change_by_an_all_gemeenten_client(
    superuser_client, beheer_deventer, catalogus, other_catalogus
):
    """A later PUT/PATCH (even by beheer of all gemeenten) keeps the tenancy: never widened."""
    app = registered(beheer_deventer, "deventer-tool", [{"component": "ztc", "scopes": CATALOGI}])
    url = superuser_client.get(f"{AC}/applicaties/consumer", {"clientId": "deventer-tool"}).json()
    assert superuser_client.patch(url["url"], {"label": "Nieuw"}).status_code == 200
    assert superuser_client.put(url["url"], {**url, "label": "Weer nieuw"}).status_code == 200
    assert app.get(f"{ZTC}/catalogussen").json()["count"] == 1
    assert app.get(f"{ZTC}/catalogussen/{other_catalogus.uuid}").status_code == 403


# --- tenant isolation is absolute, for writes too ------------------------------------------


def test_deventer_registrar_cannot_name_a_raalte_type_on_create_or_update(
    beheer_deventer, catalogus, other_catalogus
):
    raalte = f"{ZTC}/zaaktypen/{build.zaaktype(other_catalogus).uuid}"
    foreign = {
        "component": "zrc",
        "scopes": ["zaken.lezen"],
        "zaaktype": raalte,
        "maxVertrouwelijkheidaanduiding": "geheim",
    }
    body = {"clientIds": ["x"], "label": "x", "autorisaties": [foreign]}
    assert beheer_deventer.post(f"{AC}/applicaties", body).status_code == 403

    registered(beheer_deventer, "eigen", [{"component": "ztc", "scopes": CATALOGI}])
    own = beheer_deventer.get(f"{AC}/applicaties/consumer", {"clientId": "eigen"}).json()
    assert beheer_deventer.patch(own["url"], {"autorisaties": [foreign]}).status_code == 403
    assert beheer_deventer.put(own["url"], {**own, "autorisaties": [foreign]}).status_code == 403
    assert Applicatie.objects.get(clients__client_id="eigen").autorisaties.get().component == "ztc"
    assert not Applicatie.objects.filter(clients__client_id="x").exists()


def test_deventer_registrar_neither_sees_nor_changes_applicaties_reaching_raalte(
    superuser_client, beheer_deventer, tenant, other_tenant, other_catalogus
):
    register_client("raalte-app", gemeenten=[other_tenant])
    register_client("gedeeld", gemeenten=[tenant, other_tenant])
    registered(superuser_client, "overal", [{"component": "ztc", "scopes": CATALOGI}])
    # Linked to Deventer only by beheer, but holding rights on a Raalte zaaktype.
    register_client(
        "via-type",
        gemeenten=[tenant],
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen"],
                "zaaktype": f"{ZTC}/zaaktypen/{build.zaaktype(other_catalogus).uuid}",
            }
        ],
    )
    listed = beheer_deventer.get(f"{AC}/applicaties").json()["results"]
    assert sorted(a["clientIds"][0] for a in listed) == ["beheer-deventer", "via-type"]
    for client_id in ("raalte-app", "gedeeld", "overal", "alles"):
        url = superuser_client.get(f"{AC}/applicaties/consumer", {"clientId": client_id}).json()
        assert beheer_deventer.get(url["url"]).status_code == 404
        assert beheer_deventer.patch(url["url"], {"label": "van mij"}).status_code == 404
        assert beheer_deventer.delete(url["url"]).status_code == 404
        consumer = beheer_deventer.get(f"{AC}/applicaties/consumer", {"clientId": client_id})
        assert consumer.status_code == 404
    via_type = beheer_deventer.get(f"{AC}/applicaties/consumer", {"clientId": "via-type"}).json()
    assert beheer_deventer.delete(via_type["url"]).status_code == 403
    assert beheer_deventer.patch(via_type["url"], {"label": "van mij"}).status_code == 403
    assert Applicatie.objects.filter(clients__client_id="via-type", label="Test via-type").exists()


def test_create_answers_with_the_applicatie_even_if_the_registrar_cannot_list_it(tenant):
    """A registrar of no gemeente makes an applicatie of no gemeente: 201, not 404."""
    beheer = register_client(
        "beheer-nergens", autorisaties=[{"component": "ac", "scopes": ["autorisaties.bijwerken"]}]
    )
    response = beheer.post(
        f"{AC}/applicaties",
        {
            "clientIds": ["n"],
            "label": "n",
            "autorisaties": [{"component": "ztc", "scopes": CATALOGI}],
        },
    )
    assert response.status_code == 201
    assert response.json()["clientIds"] == ["n"]


# --- 2. ac-003 and the scopes of every component -------------------------------------------

STANDARD_SCOPES = {
    "ac": ["autorisaties.lezen", "autorisaties.bijwerken"],
    "nrc": ["notificaties.consumeren", "notificaties.publiceren"],
    "ztc": [
        "catalogi.lezen",
        "catalogi.schrijven",
        "catalogi.geforceerd-schrijven",
        "catalogi.geforceerd-verwijderen",
    ],
    "zrc": [
        "audittrails.lezen",
        "zaken.lezen",
        "zaken.aanmaken",
        "zaken.bijwerken",
        "zaken.verwijderen",
        "zaken.statussen.toevoegen",
        "zaken.heropenen",
        "zaken.geforceerd-bijwerken",
    ],
    "drc": [
        "audittrails.lezen",
        "documenten.lezen",
        "documenten.aanmaken",
        "documenten.bijwerken",
        "documenten.verwijderen",
        "documenten.lock",
        "documenten.geforceerd-unlock",
        "documenten.geforceerd-bijwerken",
    ],
    "brc": [
        "audittrails.lezen",
        "besluiten.lezen",
        "besluiten.aanmaken",
        "besluiten.bijwerken",
        "besluiten.verwijderen",
    ],
}
TYPED = {
    "zrc": {"zaaktype": f"{ZTC}/zaaktypen/00000000-0000-4000-8000-000000000001"},
    "drc": {
        "informatieobjecttype": f"{ZTC}/informatieobjecttypen/00000000-0000-4000-8000-0000000000a1"
    },
    "brc": {"besluittype": f"{ZTC}/besluittypen/00000000-0000-4000-8000-0000000000b1"},
}


@pytest.mark.parametrize(
    "component,scope", [(c, s) for c, scopes in STANDARD_SCOPES.items() for s in scopes]
)
def test_ac_003_every_scope_of_the_standard_is_accepted(superuser_client, component, scope):
    autorisatie = {"component": component, "scopes": [scope], **TYPED.get(component, {})}
    if component in ("zrc", "drc"):
        autorisatie["maxVertrouwelijkheidaanduiding"] = "openbaar"
    response = superuser_client.post(
        f"{AC}/applicaties", {"clientIds": ["c"], "label": "c", "autorisaties": [autorisatie]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["autorisaties"][0]["scopes"] == [scope]


@pytest.mark.parametrize(
    "autorisatie",
    [
        {"component": "zrc", "scopes": ["audittrails.lezen"]},
        {"component": "drc", "scopes": ["audittrails.lezen"]},
        {"component": "brc", "scopes": ["audittrails.lezen"]},
        {"component": "zrc", "scopes": []},
        {"component": "nrc", "scopes": ["notificaties.consumeren"]},
        {"component": "ac", "scopes": ["autorisaties.lezen"]},
        {"component": "ztc", "scopes": ["catalogi.lezen"]},
    ],
)
def test_ac_003_no_type_needed_when_scopes_do_not_concern_the_main_resource(
    superuser_client, autorisatie
):
    response = superuser_client.post(
        f"{AC}/applicaties", {"clientIds": ["c"], "label": "c", "autorisaties": [autorisatie]}
    )
    assert response.status_code == 201, response.content


def test_ac_003_type_and_maximum_required_when_scopes_concern_the_main_resource(
    superuser_client,
):
    body = {
        "clientIds": ["c"],
        "label": "x",
        "autorisaties": [
            {"component": "zrc", "scopes": ["audittrails.lezen", "zaken.heropenen"]},
            {"component": "drc", "scopes": ["documenten.lock"], **TYPED["drc"]},
            {
                "component": "brc",
                "scopes": ["besluiten.lezen"],
                "maxVertrouwelijkheidaanduiding": "",
            },
        ],
    }
    response = superuser_client.post(f"{AC}/applicaties", body)
    assert response.status_code == 400
    assert {(p["name"], p["code"]) for p in response.json()["invalidParams"]} == {
        ("autorisaties.0.zaaktype", "required"),
        ("autorisaties.0.maxVertrouwelijkheidaanduiding", "required"),
        ("autorisaties.1.maxVertrouwelijkheidaanduiding", "required"),
        ("autorisaties.2.besluittype", "required"),
    }


def test_ac_003_type_fields_of_another_component_are_ignored(superuser_client):
    """As the reference's polymorphic schema does: a zaaktype on a ztc autorisatie is no field."""
    body = {
        "clientIds": ["c"],
        "label": "c",
        "autorisaties": [
            {"component": "ztc", "scopes": ["catalogi.lezen"], **TYPED["zrc"]},
            {"component": "brc", "scopes": ["besluiten.lezen"], **TYPED["brc"], **TYPED["drc"]},
        ],
    }
    response = superuser_client.post(f"{AC}/applicaties", body)
    assert response.status_code == 201, response.content
    ztc, brc = response.json()["autorisaties"]
    assert "zaaktype" not in ztc
    assert brc["besluittype"] == TYPED["brc"]["besluittype"] and "informatieobjecttype" not in brc


def test_ac_003_a_scope_no_api_checks_is_stored_and_grants_nothing(superuser_client, catalogus):
    app = registered(
        superuser_client, "tikfout", [{"component": "ztc", "scopes": ["catalogi.alles"]}]
    )
    applicatie = superuser_client.get(f"{AC}/applicaties/consumer", {"clientId": "tikfout"})
    assert applicatie.json()["autorisaties"][0]["scopes"] == ["catalogi.alles"]
    assert app.get(f"{ZTC}/catalogussen").status_code == 403


class _Subscriber(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def subscriber():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Subscriber)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/callback"
    server.shutdown()
    server.server_close()


def test_ac_003_an_nrc_autorisatie_lets_the_client_subscribe(beheer_deventer, subscriber):
    app = registered(
        beheer_deventer, "abonnee", [{"component": "nrc", "scopes": ["notificaties.consumeren"]}]
    )
    response = app.post(
        "/notificaties/api/v1/abonnement",
        {"callbackUrl": subscriber, "auth": "Bearer abc", "kanalen": [{"naam": "zaken"}]},
    )
    assert response.status_code == 201, response.content
    assert app.get("/notificaties/api/v1/abonnement").json()[0]["callbackUrl"] == subscriber


def test_ac_003_an_ac_autorisatie_lets_the_client_read_applicaties_of_its_gemeenten(
    beheer_deventer, superuser_client, other_tenant
):
    register_client("raalte-app", gemeenten=[other_tenant])
    lezer = registered(
        beheer_deventer, "ac-lezer", [{"component": "ac", "scopes": ["autorisaties.lezen"]}]
    )
    listed = lezer.get(f"{AC}/applicaties").json()
    assert sorted(a["clientIds"][0] for a in listed["results"]) == ["ac-lezer", "beheer-deventer"]
    body = {"clientIds": ["y"], "label": "y", "autorisaties": [{"component": "ztc", "scopes": []}]}
    assert lezer.post(f"{AC}/applicaties", body).status_code == 403  # lezen only


# --- 3. the round trip and the documented query parameters ---------------------------------


def test_round_trip_put_and_patch_of_the_whole_representation(superuser_client, catalogus):
    zaaktype = f"{ZTC}/zaaktypen/{build.zaaktype(catalogus).uuid}"
    created = superuser_client.post(
        f"{AC}/applicaties",
        {
            "clientIds": ["rond"],
            "label": "Rond",
            "autorisaties": [
                {
                    "component": "zrc",
                    "scopes": ["zaken.lezen"],
                    "zaaktype": zaaktype,
                    "maxVertrouwelijkheidaanduiding": "intern",
                },
                {"component": "zrc", "scopes": ["audittrails.lezen"]},
                {"component": "ztc", "scopes": CATALOGI},
            ],
        },
    ).json()
    current = superuser_client.get(created["url"]).json()
    assert current == created
    put = superuser_client.put(current["url"], {**current, "label": "Rond 2"})
    assert put.status_code == 200, put.content
    assert put.json() == {**current, "label": "Rond 2"}
    patched = superuser_client.patch(current["url"], {"label": "Rond 3", "url": current["url"]})
    assert patched.status_code == 200, patched.content
    assert patched.json() == {**current, "label": "Rond 3"}


def test_list_query_parameters_and_consumer(superuser_client):
    for client_id in ("een", "twee", "drie"):
        registered(superuser_client, client_id, [{"component": "ztc", "scopes": CATALOGI}])
    both = superuser_client.get(f"{AC}/applicaties", {"clientIds": "een,twee"}).json()
    assert sorted(a["clientIds"][0] for a in both["results"]) == ["een", "twee"]
    assert superuser_client.get(f"{AC}/applicaties", {"page": 1}).json()["count"] == 4
    assert superuser_client.get(f"{AC}/applicaties", {"page": 9}).status_code == 404
    consumer = superuser_client.get(f"{AC}/applicaties/consumer", {"clientId": "drie"})
    assert consumer.status_code == 200 and consumer.json()["clientIds"] == ["drie"]
    assert superuser_client.get(f"{AC}/applicaties/consumer").status_code == 400


# --- 4. changes take effect on the next request (F5) -----------------------------------------


def test_tenancy_changes_take_effect_on_the_next_request(superuser_client, catalogus):
    app = registered(superuser_client, "tool", [{"component": "ztc", "scopes": CATALOGI}])
    assert app.get(f"{ZTC}/catalogussen").json()["count"] == 1  # cached from here on

    applicatie = Applicatie.objects.get(clients__client_id="tool")
    applicatie.alle_gemeenten = False  # beheer narrows it to no gemeente
    applicatie.save()
    assert app.get(f"{ZTC}/catalogussen").json()["count"] == 0

    applicatie.gemeenten.add(catalogus.tenant)
    assert app.get(f"{ZTC}/catalogussen").json()["count"] == 1

    url = superuser_client.get(f"{AC}/applicaties/consumer", {"clientId": "tool"}).json()["url"]
    superuser_client.patch(url, {"autorisaties": [{"component": "ztc", "scopes": []}]})
    assert app.get(f"{ZTC}/catalogussen").status_code == 403

    superuser_client.delete(url)
    assert app.get(f"{ZTC}/catalogussen").status_code == 403


# --- beheer: the guidance the API does not enforce ------------------------------------------


def test_beheer_warns_about_scopes_no_api_checks_and_an_applicatie_of_no_gemeente(
    client, django_user_model
):
    from iwerk.core.testing.beheer import verified_client

    user = django_user_model.objects.create_superuser("b", "b@example.nl", "een-lang-wachtwoord-26")
    beheerder = verified_client(client, user)
    data = {"label": "Tikfout", "clients-TOTAL_FORMS": "1", "clients-INITIAL_FORMS": "0"}
    data |= {"clients-0-client_id": "tikfout"}
    data |= {"autorisaties-TOTAL_FORMS": "1", "autorisaties-INITIAL_FORMS": "0"}
    data |= {"autorisaties-0-component": "ztc", "autorisaties-0-scopes": '["catalogi.alles"]'}
    data |= {"catalogus_autorisaties-TOTAL_FORMS": "0", "catalogus_autorisaties-INITIAL_FORMS": "0"}
    response = beheerder.post("/admin/autorisaties/applicatie/add/", data, follow=True)
    page = response.content.decode()
    assert Applicatie.objects.filter(label="Tikfout").exists(), page[:3000]
    assert "catalogi.alles worden door deze component niet gecontroleerd" in page
    assert "werkt voor geen enkele gemeente" in page


def test_jwt_geheim_gives_an_api_registered_applicatie_its_secret_and_nothing_else(
    superuser_client, catalogus
):
    """The standard leaves the secret to the provider: `iwerk jwt-geheim` sets it for a client
    registered through the API without touching its autorisaties (create-applicatie would)."""
    from django.core.management import CommandError, call_command

    response = superuser_client.post(
        f"{AC}/applicaties",
        {
            "clientIds": ["catalogustool"],
            "label": "Catalogustool",
            "autorisaties": [{"component": "ztc", "scopes": CATALOGI}],
        },
    )
    assert response.status_code == 201, response.content
    before = superuser_client.get(response.json()["url"]).json()
    call_command("jwt-geheim", "--client-id", "catalogustool", "--secret", SECRET)
    tool = ApiClient("catalogustool", SECRET)
    listed = tool.get(f"{ZTC}/catalogussen")
    assert listed.status_code == 200
    assert [c["url"] for c in listed.json()["results"]] == [f"{ZTC}/catalogussen/{catalogus.uuid}"]
    assert superuser_client.get(response.json()["url"]).json() == before
    with pytest.raises(CommandError):
        call_command("jwt-geheim", "--client-id", "bestaat-niet", "--secret", SECRET)
    with pytest.raises(CommandError):
        call_command("jwt-geheim", "--client-id", "catalogustool", "--secret", "kort")
