"""Every query parameter the official OAS documents works (issue 21 item 5, docs/adr/0027).

For every GET operation of the six ZGW APIs and every query parameter its document names, a
superuser client sends one request with a plausible value of the parameter's schema (enum: the
first value; uri: the URL of a matching iwerk object; date-like: a date; integer: 1; boolean:
true; array: one value; expand: the first attribute of the response's `_expand`), on existing
objects for detail paths. Each must answer 200: a documented parameter is never refused as
unknown, nor is a plausible value of it refused.
"""

from __future__ import annotations

import base64
import re

import pytest
from django.utils import timezone

from iwerk.catalogi.models import Eigenschap, ZaakObjectType
from iwerk.conftest import APIS
from iwerk.core.api.docs import load_spec
from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db
HOST = "http://testserver"
RSIN = "001902763"
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}
# The six ZGW APIs (the Referentielijsten API is iwerk's local copy of another standard).
# The Klantinteracties API exercises every documented filter in its own tests, on a world of its
# own (iwerk/klantinteracties/tests: "every list filter" per resource).
ZGW = [app for app in APIS if app not in ("iwerk.referentielijsten", "iwerk.klantinteracties")]
PREFIX = {app: f"/{app.rsplit('.', 1)[-1]}/api/v1" for app in ZGW}
_PARAM = re.compile(r"\{([^}]+)\}")


def node_ref(ref: str) -> list[str]:
    return ref.removeprefix("#/").split("/")


def _schema(spec: dict, node) -> dict:
    for _ in range(20):
        if not isinstance(node, dict):
            return {}
        if "$ref" in node:
            target = spec
            for part in node_ref(node["$ref"]):
                target = target[part]
            node = target
            continue
        if "allOf" in node:
            merged: dict = {"properties": {}}
            for part in node["allOf"]:
                resolved = _schema(spec, part)
                merged["properties"].update(resolved.get("properties", {}))
                merged.update({k: v for k, v in resolved.items() if k != "properties"})
            return merged
        return node
    return {}


def _expand_value(spec: dict, operation: dict) -> str | None:
    """The first expandable attribute the operation's 200 response documents under `_expand`."""
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = _schema(spec, next(iter(content.values()), {}).get("schema", {}))
    if "results" in schema.get("properties", {}):
        schema = _schema(spec, _schema(spec, schema["properties"]["results"]).get("items", {}))
    elif schema.get("type") == "array":
        schema = _schema(spec, schema.get("items", {}))
    expand = _schema(spec, schema.get("properties", {}).get("_expand", {}))
    names = list(expand.get("properties", {}))
    return names[0] if names else None


def _query_parameters(spec: dict, route: str, item: dict, operation: dict) -> list[dict]:
    found = []
    for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
        parameter = _schema(spec, parameter)
        if parameter.get("in") == "query":
            found.append(parameter)
    return found


class World:
    """A published catalogue of Deventer with one of everything below it, made through the APIs."""

    def __init__(self, client) -> None:
        c = f"{HOST}/catalogi/api/v1"
        gemeente = build.gemeente()
        cat = build.catalogus(gemeente)
        iot = build.informatieobjecttype(cat, "Aanvraag")
        bt = build.besluittype(cat, "Toekenning", iots=["Aanvraag"])
        zt = build.complete_zaaktype(cat, besluittype_omschrijvingen=["Toekenning"])
        build.ziot(zt, "Aanvraag")
        eigenschap = Eigenschap.objects.create(
            tenant=gemeente, zaaktype=zt, naam="ingangsdatum", definitie="Ingangsdatum",
            specificatie_formaat="datum", specificatie_lengte="8", specificatie_kardinaliteit="1",
        )  # fmt: skip
        ZaakObjectType.objects.create(
            tenant=gemeente, zaaktype=zt, relatie_omschrijving="Woning",
            objecttype="https://objecttypen.example.nl/api/v2/objecttypes/1",
        )  # fmt: skip
        zt.concept = False
        zt.save()
        self.client = client
        self.urls = {
            "catalogus": f"{c}/catalogussen/{cat.uuid}",
            "zaaktype": f"{c}/zaaktypen/{zt.uuid}",
            "informatieobjecttype": f"{c}/informatieobjecttypen/{iot.uuid}",
            "besluittype": f"{c}/besluittypen/{bt.uuid}",
            "statustype": f"{c}/statustypen/{zt.statustypen.order_by('volgnummer').first().uuid}",
            "resultaattype": f"{c}/resultaattypen/{zt.resultaattypen.get().uuid}",
            "roltype": f"{c}/roltypen/{zt.roltypen.get().uuid}",
            "eigenschap": f"{c}/eigenschappen/{eigenschap.uuid}",
            "objecttype": "https://objecttypen.example.nl/api/v2/objecttypes/1",
            "betrokkene": "https://personen.example.nl/api/v1/personen/1",
            "contactmoment": "https://kcc.example.nl/api/v1/contactmomenten/1",
            "verzoek": "https://kcc.example.nl/api/v1/verzoeken/1",
        }
        zaak = self.create(
            "/zaken/api/v1/zaken",
            {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN,
             "zaaktype": self.urls["zaaktype"], "startdatum": "2026-03-02"},
        )  # fmt: skip
        document = self.create(
            "/documenten/api/v1/enkelvoudiginformatieobjecten",
            {"bronorganisatie": RSIN, "creatiedatum": "2026-11-01", "titel": "Aanvraag",
             "auteur": "J. Jansen", "taal": "dut", "formaat": "text/plain",
             "bestandsnaam": "aanvraag.txt", "informatieobjecttype": self.urls["informatieobjecttype"],
             "inhoud": base64.b64encode(b"Geachte heer, mevrouw,\n").decode()},
        )  # fmt: skip
        self.urls.update(zaak=zaak, informatieobject=document)
        z, d = "/zaken/api/v1", "/documenten/api/v1"
        for path, body in [
            (f"{z}/statussen", {"zaak": zaak, "statustype": self.urls["statustype"],
                                "datumStatusGezet": "2026-03-02T09:00:00+01:00"}),
            (f"{z}/resultaten", {"zaak": zaak, "resultaattype": self.urls["resultaattype"]}),
            (f"{z}/rollen", {"zaak": zaak, "roltype": self.urls["roltype"],
                             "betrokkeneType": "natuurlijk_persoon", "roltoelichting": "Aanvrager",
                             "betrokkene": self.urls["betrokkene"],
                             "betrokkeneIdentificatie": {"inpBsn": "111222333"}}),
            (f"{z}/zaakobjecten", {"zaak": zaak, "objectType": "pand",
                                   "object": "https://bag.example.nl/api/panden/0150100000001234"}),
            (f"{z}/zaakinformatieobjecten", {"zaak": zaak, "informatieobject": document}),
            (f"{z}/zaken/{zaak.rsplit('/', 1)[-1]}/zaakeigenschappen",
             {"zaak": zaak, "eigenschap": self.urls["eigenschap"], "waarde": "20260401"}),
            (f"{z}/klantcontacten", {"zaak": zaak, "datumtijd": "2026-03-03T10:00:00+01:00"}),
            (f"{z}/zaakcontactmomenten", {"zaak": zaak, "contactmoment": self.urls["contactmoment"]}),
            (f"{z}/zaakverzoeken", {"zaak": zaak, "verzoek": self.urls["verzoek"]}),
            (f"{z}/zaaknotities", {"gerelateerdAan": zaak, "onderwerp": "Notitie", "tekst": "Intern."}),
            (f"{d}/gebruiksrechten", {"informatieobject": document, "omschrijvingVoorwaarden": "Geen",
                                      "startdatum": "2026-11-01T00:00:00+01:00"}),
            (f"{d}/verzendingen", {"informatieobject": document, "aardRelatie": "geadresseerde",
                                   "betrokkene": self.urls["betrokkene"],
                                   "contactPersoon": self.urls["betrokkene"],
                                   "verzenddatum": "2026-11-02",
                                   "emailadres": "j.jansen@example.nl"}),
        ]:  # fmt: skip
            self.create(path, body)
        besluit = self.create(
            "/besluiten/api/v1/besluiten",
            {"verantwoordelijkeOrganisatie": RSIN, "besluittype": self.urls["besluittype"],
             "zaak": zaak, "datum": "2026-11-20", "ingangsdatum": "2026-12-01"},
        )  # fmt: skip
        self.urls["besluit"] = besluit
        self.create(
            "/besluiten/api/v1/besluitinformatieobjecten",
            {"besluit": besluit, "informatieobject": document},
        )

    def create(self, path: str, body: dict) -> str:
        response = self.client.post(HOST + path, body, **CRS)
        assert response.status_code == 201, (path, response.status_code, response.content[:800])
        return response.json()["url"]

    def uri(self, name: str) -> str:
        """An iwerk (or outside-register) URL that fits a parameter's name."""
        base = name.split("__")[-1] if name.startswith("rol__") else name
        base = {
            "zaaktypen": "zaaktype",
            "informatieobjecttypen": "informatieobjecttype",
            "objectinformatieobjecten_object": "zaak",
            "object": "zaak",
            "gerelateerdAan": "zaak",
        }.get(base, base)
        return self.urls.get(base, self.urls["zaak"])

    def uuid_in(self, collection: str) -> str:
        """The uuid of the first object listed at collection (a path with its parameters filled)."""
        response = self.client.get(HOST + collection, **CRS)
        assert response.status_code == 200, (collection, response.content[:500])
        data = response.json()
        rows = data["results"] if isinstance(data, dict) else data
        assert rows, f"no object at {collection}"
        return rows[0].get("uuid") or rows[0]["url"].rstrip("/").rsplit("/", 1)[-1]


# Values of string parameters without an enum or example that a filter takes literally.
STRINGS = {
    "status": "alles",
    "domein": "ZAKEN",
    "domein__in": "ZAKEN",
    "rsin": RSIN,
    "rsin__in": RSIN,
    "bronorganisatie": RSIN,
    "verantwoordelijkeOrganisatie": RSIN,
    "clientId": "alles",
    "clientIds": "alles",
    "naam": "zaken",
    "indicatieLaatstGezetteStatus": "true",
    "anderObjecttype": "false",  # documented as a string; Open Zaak filters it as a boolean
}
URL_NAMES = {
    "zaak", "zaaktype", "zaaktypen", "statustype", "resultaattype", "roltype", "catalogus",
    "informatieobject", "informatieobjecttype", "informatieobjecttypen", "besluit", "besluittype",
    "objecttype", "betrokkene", "rol__betrokkene", "contactmoment", "verzoek", "object",
    "objectinformatieobjecten_object",
}  # fmt: skip


def _value(world: World, spec: dict, operation: dict, parameter: dict):
    name = parameter["name"]
    schema = _schema(spec, parameter.get("schema", {}))
    if name == "expand":
        return _expand_value(spec, operation)
    if schema.get("type") == "array":
        items = _schema(spec, schema.get("items", {}))
        if items.get("enum"):
            return items["enum"][0]
        return STRINGS.get(name, "x")
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("format") == "uri" or name in URL_NAMES:
        return world.uri(name)
    if schema.get("type") == "integer":
        return 1
    if schema.get("type") == "boolean":
        return "true"
    if schema.get("format") == "date-time":
        return "2026-03-02T10:00:00+01:00"
    if name in STRINGS:
        return STRINGS[name]
    if name == "registratieOp":  # the document as registered now: its present version
        return timezone.now().isoformat()
    if schema.get("format") == "date" or "datum" in name.lower() or "geldigheid" in name.lower():
        return "2026-03-02"
    if "example" in schema:
        return schema["example"]
    return "x"


def _cases():
    for app in ZGW:
        spec = load_spec(app)
        for route, item in spec["paths"].items():
            operation = item.get("get")
            if operation is None:
                continue
            for parameter in _query_parameters(spec, route, item, operation):
                yield app, route, parameter["name"]


@pytest.fixture
def world(superuser_client, document_storage):
    return World(superuser_client)


def test_every_documented_query_parameter_is_accepted(superuser_client, world):
    cases = list(_cases())
    assert len(cases) > 200  # every API's document was read
    paths: dict[tuple[str, str], str] = {}
    failures = []
    for app, route, name in cases:
        spec = load_spec(app)
        item = spec["paths"][route]
        operation = item["get"]
        if (app, route) not in paths:
            path = PREFIX[app] + route
            params = _PARAM.findall(route)
            for param in params:
                fixed = {
                    "zaak_uuid": world.urls["zaak"],
                    "enkelvoudiginformatieobject_uuid": world.urls["informatieobject"],
                    "besluit_uuid": world.urls["besluit"],
                }
                if param in fixed:
                    value = fixed[param].rsplit("/", 1)[-1]
                else:  # the object listed by the collection the parameter names
                    value = world.uuid_in(path[: path.index("{" + param + "}")].rstrip("/"))
                path = path.replace("{" + param + "}", value)
            paths[(app, route)] = path
        parameter = next(
            p for p in _query_parameters(spec, route, item, operation) if p["name"] == name
        )
        value = _value(world, spec, operation, parameter)
        if value is None:
            continue  # an expand the response does not document: nothing plausible to send
        response = superuser_client.get(HOST + paths[(app, route)], {name: value}, **CRS)
        if response.status_code != 200:
            failures.append((app, route, name, value, response.status_code, response.content[:300]))
    assert failures == [], "\n".join(map(str, failures))
