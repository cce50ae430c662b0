"""Fuzzing: schemathesis generates requests from every official OpenAPI document iwerk serves
(valid and invalid), sent with a token that may do everything; hypothesis throws arbitrary input
at the werkplek, incident and portaal forms. No answer may be a 5xx.

IWERK_FUZZ_VOORBEELDEN sets the examples per operation (CI: 6; `docs/security.md` records a
longer run). The number of cases tried is printed and checked to be non-trivial.
"""

from __future__ import annotations

import copy
import os
from urllib.parse import urlencode

import orjson
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core import NotSet

from iwerk.conftest import APIS
from iwerk.core.api.docs import load_spec

pytestmark = pytest.mark.django_db
VOORBEELDEN = int(os.environ.get("IWERK_FUZZ_VOORBEELDEN", "6"))
PREFIX = {
    "iwerk.catalogi": "/catalogi/api/v1",
    "iwerk.autorisaties": "/autorisaties/api/v1",
    "iwerk.referentielijsten": "/referentielijsten/api/v1",
    "iwerk.zaken": "/zaken/api/v1",
    "iwerk.documenten": "/documenten/api/v1",
    "iwerk.besluiten": "/besluiten/api/v1",
    "iwerk.notificaties": "/notificaties/api/v1",
}
INSTELLINGEN = settings(
    max_examples=VOORBEELDEN,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _headers(case, token: str) -> dict:
    headers = {
        f"HTTP_{k.upper().replace('-', '_')}": str(v)
        for k, v in (case.headers or {}).items()
        if k.lower() not in ("authorization", "content-type", "content-length", "host")
    }
    headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return headers


def _body(case) -> tuple[bytes, str]:
    if isinstance(case.body, NotSet) or case.body is None:
        return b"", "application/json"
    if isinstance(case.body, dict) and "callbackUrl" in case.body:
        # An abonnement's callback is called to check it: never at random hosts on the internet;
        # the discard port on this machine refuses, so the whole path still runs.
        case.body["callbackUrl"] = "http://127.0.0.1:9/callback"
    try:
        return orjson.dumps(case.body), "application/json"
    except TypeError:
        return str(case.body).encode(), "application/json"


@pytest.mark.parametrize("app", APIS)
def test_no_request_generated_from_the_openapi_document_gives_a_5xx(app, superuser_client, client):
    from iwerk.core.testing.api import make_token

    schema = schemathesis.openapi.from_dict(copy.deepcopy(load_spec(app)))
    operations = [result.ok() for result in schema.get_all_operations()]
    fouten: list[str] = []
    gedaan = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @INSTELLINGEN
        def run(case):
            nonlocal gedaan
            gedaan += 1
            token = make_token(superuser_client.client_id, superuser_client.secret)
            body, content_type = _body(case)
            response = client.generic(
                case.method,
                PREFIX[app] + case.formatted_path,
                data=body,
                content_type=content_type,
                # Percent-encoded, as every HTTP client sends a query string.
                QUERY_STRING=urlencode(
                    {k: v for k, v in (case.query or {}).items() if not isinstance(v, dict)},
                    doseq=True,
                ),
                **_headers(case, token),
            )
            if response.status_code >= 500:
                fouten.append(f"{case.method} {case.formatted_path} → {response.status_code}")

        run()
    print(f"\nfuzz {app}: {gedaan} requests over {len(operations)} operations, {len(fouten)} 5xx")
    assert gedaan >= len(operations) * min(VOORBEELDEN, 2)
    assert not fouten, fouten[:10]


tekst = st.text(max_size=300)
moment = st.one_of(st.just(""), st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")), tekst)


@settings(
    max_examples=VOORBEELDEN * 10,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    titel=tekst, categorie=tekst, beschrijving=tekst, ontdekt_op=moment, begonnen_op=moment,
    beeindigd_op=moment, systemen=tekst, persoonsgegevens=st.sampled_from(["", "on", "x"]),
)  # fmt: skip
def test_arbitrary_input_to_the_incident_form_never_breaks_it(
    incident_client, titel, categorie, beschrijving, ontdekt_op, begonnen_op, beeindigd_op, systemen, persoonsgegevens
):  # fmt: skip
    import re

    page = incident_client.get("/werkplek/incidenten/melden/").content.decode()
    token = re.search(r'name="formtoken" value="([^"]+)"', page).group(1)
    response = incident_client.post(
        "/werkplek/incidenten/melden/",
        {"titel": titel, "categorie": categorie, "beschrijving": beschrijving, "ontdekt_op": ontdekt_op,
         "begonnen_op": begonnen_op, "beeindigd_op": beeindigd_op, "getroffen_systemen": systemen,
         "persoonsgegevens": persoonsgegevens, "melden": "", "formtoken": token},
    )  # fmt: skip
    assert response.status_code in (200, 302, 400)


@settings(
    max_examples=VOORBEELDEN * 10,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    soort=tekst, omschrijving=tekst, plek=tekst, lat=tekst, lon=tekst, email=tekst,
)  # fmt: skip
def test_arbitrary_input_to_a_portaal_form_never_breaks_it(
    portaal_stap, soort, omschrijving, plek, lat, lon, email
):
    client, url = portaal_stap
    response = client.post(
        url,
        {
            "soort": soort,
            "omschrijving": omschrijving,
            "plek": plek,
            "plek_lat": lat,
            "plek_lon": lon,
            "email": email,
        },
    )
    assert response.status_code in (200, 302, 400)


@pytest.fixture
def incident_client(db):
    from iwerk.core.testing import catalogus as build
    from iwerk.werkplek.tests.conftest import _account_met_rol

    gemeente = build.gemeente("Deventer", "deventer", "001902763")
    return _account_met_rol(gemeente)


@pytest.fixture
def portaal_stap(db):
    from django.test import Client

    from iwerk.catalogi.demo import load_catalogus
    from iwerk.demo.gemeenten import load_gemeenten
    from iwerk.portaal.demo import load_producten

    for gemeente in load_gemeenten():
        if gemeente.slug == "deventer":
            load_catalogus(gemeente, "http://testserver")
            load_producten(gemeente)
    client = Client()
    url = client.post("/deventer/producten/melding-openbare-ruimte/aanvragen/")["Location"]
    return client, url
