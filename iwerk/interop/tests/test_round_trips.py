"""Round trips the way a client does them: GET, change one field, PUT the whole thing back.

Every resource with PUT or PATCH in the OAS of the six APIs is its own test id. A client GETs a
resource, changes one field and PUTs the complete representation back — read-only fields
included, exactly as GET returned them (I1); it PATCHes the change together with properties
iwerk does not know (an obsolete `rolomschrijving`, a misspelt field, I2). Both are 200 with the
change applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from iwerk.interop.tests.conftest import CRS, Z, headers_for, ok

pytestmark = pytest.mark.django_db
UNKNOWN = {"rolomschrijving": "x", "bestaatNiet": 1}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Resource:
    """How to get one resource of the world and which field to change."""

    build: str  # the World attribute (or `concept_child:<resource>:<related>`)
    change: dict
    # Fields a client leaves out of a PUT because the request schema differs from the response.
    put_without: tuple = ()
    locked: bool = False  # a document: lock before, send the lock, unlock after
    extra_put: dict = field(default_factory=dict)

    def url(self, world) -> str:
        if self.build.startswith("concept_child:"):
            _, resource, related = self.build.split(":")
            return world.concept_child(resource, related)
        return getattr(world, self.build)


RESOURCES = {
    # Catalogi 1.3.3 (concept types: published ones are frozen, C2/C3)
    "catalogussen": Resource("catalogus", {"naam": "Sociaal domein"}),
    "zaaktypen": Resource("concept_zaaktype", {"toelichting": "Voor de Wmo"}),
    "informatieobjecttypen": Resource("concept_iot", {"informatieobjectcategorie": "Brief"}),
    "besluittypen": Resource("concept_besluittype", {"besluitcategorie": "Beschikking"}),
    "statustypen": Resource("concept_child:statustypen:statustypen", {"statustekst": "Ontvangen"}),
    "roltypen": Resource("concept_child:roltypen:roltypen", {"omschrijving": "Indiener"}),
    "resultaattypen": Resource(
        "concept_child:resultaattypen:resultaattypen", {"toelichting": "Toegekend"}
    ),
    "eigenschappen": Resource(
        "concept_child:eigenschappen:eigenschappen", {"toelichting": "JJJJMMDD"}
    ),
    "zaakobjecttypen": Resource(
        "concept_child:zaakobjecttypen:zaakobjecttypen", {"relatieOmschrijving": "Adres"}
    ),
    "zaaktype-informatieobjecttypen": Resource(
        "concept_child:zaaktype-informatieobjecttypen:zaaktypeinformatieobjecttypen",
        {"richting": "intern"},
    ),
    # Zaken 1.7.0 (statussen and rollen have no update operation)
    "zaken": Resource("zaak", {"toelichting": "Via de Wmo-consulent"}),
    "resultaten": Resource("resultaat", {"toelichting": "Toegekend per 1 april"}),
    "zaakobjecten": Resource("zaakobject", {"relatieomschrijving": "Te verbouwen woning"}),
    "zaakeigenschappen": Resource("zaakeigenschap", {"waarde": "20260501"}),
    "zaakinformatieobjecten": Resource("zaakinformatieobject", {"titel": "Aanvraag (getekend)"}),
    "zaaknotities": Resource("zaaknotitie", {"tekst": "Teruggebeld."}),
    # Documenten 1.7.0 (bestandsdelen are multipart uploads, not JSON round trips). `inhoud` is a
    # download URL in the response and base64 in the request: a client leaves it out of a PUT.
    "enkelvoudiginformatieobjecten": Resource(
        "document", {"titel": "Gewijzigd"}, put_without=("inhoud",), locked=True
    ),
    "gebruiksrechten": Resource("gebruiksrecht", {"omschrijvingVoorwaarden": "Alleen intern"}),
    "verzendingen": Resource("verzending", {"toelichting": "Per e-mail"}),
    # Besluiten 1.1.0
    "besluiten": Resource("besluit", {"toelichting": "Toegekend"}),
    # Autorisaties 1.1.0
    "applicaties": Resource("applicatie", {"label": "Wmo-zaaksysteem"}),
    # Notificaties 1.0.1 (kanaal has no update operation)
    "abonnement": Resource(
        "abonnement", {"kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": "*"}}]}
    ),
}


def _lock(api, url, resource: Resource) -> str | None:
    if not resource.locked:
        return None
    return ok(api.post(f"{url}/lock"))["lock"]


def _unlock(api, url, lock: str | None) -> None:
    if lock:
        ok(api.post(f"{url}/unlock", {"lock": lock}), 204)


def _assert_applied(current: dict, change: dict) -> None:
    assert {key: current[key] for key in change} == change


@pytest.mark.parametrize("name", RESOURCES)
def test_i1_put_back_the_complete_representation(world, name):
    resource = RESOURCES[name]
    api, url = world.api, resource.url(world)
    headers = headers_for(url)
    lock = _lock(api, url, resource)
    body = ok(api.get(url, **headers))
    for key in resource.put_without:
        body.pop(key, None)
    body.update(resource.change)
    if lock:
        body["lock"] = lock
    updated = ok(api.put(url, body, **headers), 200)
    _assert_applied(updated, resource.change)
    _unlock(api, url, lock)
    _assert_applied(ok(api.get(url, **headers)), resource.change)


@pytest.mark.parametrize("name", RESOURCES)
def test_i2_patch_with_unknown_properties(world, name):
    resource = RESOURCES[name]
    api, url = world.api, resource.url(world)
    headers = headers_for(url)
    lock = _lock(api, url, resource)
    body = {**resource.change, **UNKNOWN, **({"lock": lock} if lock else {})}
    response = api.patch(url, body, **headers)
    updated = ok(response, 200)
    _assert_applied(updated, resource.change)
    assert not set(UNKNOWN) & set(updated)
    # Named for the integrator (ADR 0024), never refused.
    assert set(response["X-Ignored-Fields"].split(", ")) == set(UNKNOWN)
    _unlock(api, url, lock)
    _assert_applied(ok(api.get(url, **headers)), resource.change)


# --- read-only fields with other values than GET returned ------------------------------------


def test_i1_read_only_fields_with_other_values_are_ignored_on_a_zaak(world):
    api, url = world.api, world.zaak
    body = ok(api.get(url, **CRS))
    original = dict(body)
    body.update(
        {
            "url": "http://elders/x",
            "uuid": "00000000-0000-4000-8000-000000000000",
            "identificatie": original["identificatie"],
            "einddatum": "2000-01-01",
            "status": "http://elders/statussen/1",
            "resultaat": "http://elders/resultaten/1",
            "deelzaken": ["http://elders/zaken/1"],
            "toelichting": "Gewijzigd",
        }
    )
    updated = ok(api.put(url, body, **CRS), 200)
    assert updated["url"] == url and updated["uuid"] == original["uuid"]
    assert updated["einddatum"] is None and updated["status"] is None
    assert updated["resultaat"] is None and updated["deelzaken"] == []
    assert updated["toelichting"] == "Gewijzigd"


def test_i1_concept_false_on_a_concept_zaaktype_is_ignored(world):
    api, url = world.api, world.concept_zaaktype
    body = ok(api.get(url))
    statustypen = body["statustypen"]
    body.update(
        {
            "url": "http://elders/x",
            "concept": False,
            "statustypen": [],
            "resultaattypen": ["http://elders/resultaattypen/1"],
            "eigenschappen": [],
            "roltypen": [],
            "toelichting": "Nog een concept",
        }
    )
    updated = ok(api.put(url, body), 200)
    assert updated["url"] == url and updated["concept"] is True
    assert updated["statustypen"] == statustypen and updated["toelichting"] == "Nog een concept"


def test_i1_derived_lists_on_a_besluittype_are_ignored(world):
    api, url = world.api, world.concept_besluittype
    updated = ok(api.patch(url, {"zaaktypen": ["http://elders/zaaktypen/1"], "concept": False}))
    assert updated["zaaktypen"] == [] and updated["concept"] is True


def test_i1_abonnement_put_back_with_its_masked_auth_keeps_the_secret(world):
    """GET shows `auth` masked; PUTting that back must not make the mask the subscriber's secret."""
    from iwerk.notificaties.models import Abonnement

    api, url = world.api, world.abonnement
    body = ok(api.get(url))
    ok(api.put(url, body), 200)
    assert Abonnement.objects.get(uuid=url.rsplit("/", 1)[-1]).auth == "Bearer abc"
    ok(api.patch(url, {"auth": "Bearer def"}), 200)
    assert Abonnement.objects.get(uuid=url.rsplit("/", 1)[-1]).auth == "Bearer def"


def test_i1_locked_on_a_document_is_ignored(world):
    api, url = world.api, world.document
    lock = ok(api.post(f"{url}/lock"))["lock"]
    updated = ok(api.patch(url, {"lock": lock, "locked": False, "titel": "Nieuw"}), 200)
    assert updated["locked"] is True and updated["titel"] == "Nieuw"
    ok(api.post(f"{url}/unlock", {"lock": lock}), 204)


# --- coercion as DRF does it (I3) --------------------------------------------------------------


def test_i3_a_number_for_a_string_is_its_decimal_text(world):
    zaak = ok(world.api.post(f"{Z}/zaken", world.zaak_body(identificatie=20), **CRS), 201)
    assert zaak["identificatie"] == "20"
    zaaktype = ok(world.api.patch(world.concept_zaaktype, {"identificatie": 20}), 200)
    assert zaaktype["identificatie"] == "20"
    document = ok(world.api.get(world.new_document(titel=2026)))
    assert document["titel"] == "2026"


def test_i3_a_wrong_type_that_is_not_a_number_for_a_string_stays_400(world):
    response = world.api.patch(world.zaak, {"toelichting": ["lijst"]}, **CRS)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "toelichting"


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_i3_offset_less_datetimes_are_amsterdam_time(world):
    api = world.api
    local = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)  # 08:00 UTC (winter time)
    status = api.post(
        f"{Z}/statussen",
        {
            "zaak": world.zaak,
            "statustype": world.type_url("statustypen", "statustypen", volgnummer=1),
            "datumStatusGezet": "2026-03-02T09:00:00",
        },
    )
    assert _instant(ok(status, 201)["datumStatusGezet"]) == local
    summer = datetime(2026, 7, 1, 9, 0, tzinfo=AMSTERDAM)  # 07:00 UTC (summer time)
    recht = ok(api.patch(world.gebruiksrecht, {"startdatum": "2026-07-01T09:00:00"}), 200)
    assert _instant(recht["startdatum"]) == summer
    notitie = ok(api.get(world.zaaknotitie))
    assert notitie["url"]  # the notitie exists; its datetimes are set by iwerk
    document = ok(api.get(world.new_document(ontvangstdatum="2026-07-01")))
    assert document["ontvangstdatum"] == "2026-07-01"


def test_i3_eindstatus_with_an_offset_less_datetime_closes_the_zaak(world):
    api = world.api
    world.resultaat  # noqa: B018 - a resultaat is required before the eindstatus
    eind = api.post(
        f"{Z}/statussen",
        {
            "zaak": world.zaak,
            "statustype": world.type_url("statustypen", "statustypen", volgnummer=2),
            "datumStatusGezet": "2026-04-01T10:00:00",
        },
    )
    assert _instant(ok(eind, 201)["datumStatusGezet"]) == datetime(
        2026, 4, 1, 10, 0, tzinfo=AMSTERDAM
    )
    assert ok(api.get(world.zaak, **CRS))["einddatum"] == "2026-04-01"


def test_i1_put_back_unchanged_changes_nothing(world):
    """A PUT of exactly what GET returned (a client saving without edits) keeps the resource."""
    api, url = world.api, world.concept_zaaktype
    body = ok(api.get(url))
    ok(api.put(url, body), 200)
    assert ok(api.get(url)) == body
