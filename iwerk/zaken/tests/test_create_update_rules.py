"""One set of zaak rules for create and update (docs/adr/0027): zrc-001, 010, 013, 014, 015, 022.

Every rule register_zaak applies holds on PUT and PATCH too; a hoofdzaak is a zaak the client
can see, of its own gemeente, and not a deelzaak; communicatiekanaal resolves to one.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.api import register_client
from iwerk.referentielijsten.selectors import communicatiekanaal_url
from iwerk.zaken.models import Zaak
from iwerk.zaken.tests.test_api import CRS, ZTC, zaak_body

pytestmark = pytest.mark.django_db
BASE = "http://testserver/zaken/api/v1"
REF = "http://testserver/referentielijsten/api/v1"
PRODUCT = "https://producten.example.nl/api/v1/producten/rolstoel"


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus, producten_of_diensten=[PRODUCT])
    zt.concept = False
    zt.save()
    return zt


@pytest.fixture
def other_zaaktype(other_catalogus):
    zt = build.complete_zaaktype(other_catalogus)
    zt.concept = False
    zt.save()
    return zt


@pytest.fixture
def zaak(superuser_client, zaaktype):
    response = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS)
    assert response.status_code == 201, response.json()
    return response.json()


def _codes(response) -> set[tuple[str, str]]:
    assert response.status_code == 400, (response.status_code, response.content)
    return {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def _put_back(client, url: str, **changes):
    """What a client does: GET the zaak, change fields, PUT the whole representation back."""
    return client.put(url, {**client.get(url, **CRS).json(), **changes}, **CRS)


# --- zrc-010 communicatiekanaal ---------------------------------------------------------------


def test_zrc_010_communicatiekanaal_of_the_referentielijsten_is_accepted(
    superuser_client, zaaktype, zaak
):
    balie = f"{REF}/communicatiekanalen/2d6c3a4c-3e3b-4b6e-9a0e-5f5b1f6b7a04"
    created = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, communicatiekanaal=balie), **CRS
    )
    assert created.status_code == 201, created.json()
    assert created.json()["communicatiekanaal"] == balie
    internet = communicatiekanaal_url("Internet")  # the URL portaal and demo store
    patched = superuser_client.patch(zaak["url"], {"communicatiekanaal": internet}, **CRS)
    assert patched.status_code == 200, patched.json()
    assert _put_back(superuser_client, zaak["url"]).status_code == 200


@pytest.mark.parametrize(
    ("url", "code"),
    [
        (f"{REF}/communicatiekanalen/00000000-0000-4000-8000-000000000000", "bad-url"),
        (f"{REF}/procestypen/aa8aa2fd-b9c6-4e34-9a6c-58a677f60ea0", "invalid-resource"),
        ("https://kanalen.example.nl/api/v1/communicatiekanalen/1", "bad-url"),
        (f"{BASE}/zaken/00000000-0000-4000-8000-000000000000", "bad-url"),
    ],
)
def test_zrc_010_communicatiekanaal_that_does_not_resolve_is_refused_on_create_and_update(
    superuser_client, zaaktype, zaak, url, code, settings
):
    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = False
    created = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, communicatiekanaal=url), **CRS
    )
    assert _codes(created) == {("communicatiekanaal", code)}
    patched = superuser_client.patch(zaak["url"], {"communicatiekanaal": url}, **CRS)
    assert _codes(patched) == {("communicatiekanaal", code)}
    put = _put_back(superuser_client, zaak["url"], communicatiekanaal=url)
    assert _codes(put) == {("communicatiekanaal", code)}


def test_zrc_010_a_stored_communicatiekanaal_is_not_checked_again(superuser_client, zaak):
    """What the register holds was checked when stored: a GET-PUT round trip echoes it back."""
    old = "https://kanalen.example.nl/api/v1/communicatiekanalen/voor-de-regel"
    Zaak.objects.filter(uuid=zaak["uuid"]).update(communicatiekanaal=old)
    response = _put_back(superuser_client, zaak["url"], toelichting="Bijgewerkt")
    assert response.status_code == 200, response.json()
    assert response.json()["communicatiekanaal"] == old
    stored = Zaak.objects.get(uuid=zaak["uuid"])
    assert (stored.communicatiekanaal, stored.toelichting) == (old, "Bijgewerkt")


class _Kanalen(BaseHTTPRequestHandler):
    """A Referentielijsten API of someone else: /goed answers a kanaal, /vorm something else."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        url = f"http://{self.headers['Host']}{self.path}"
        answers = {
            "/communicatiekanalen/goed": {"url": url, "naam": "Balie", "omschrijving": "Balie"},
            "/communicatiekanalen/vorm": {"url": url, "titel": "Geen kanaal"},
        }
        if self.path in answers:
            body = json.dumps(answers[self.path]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
        else:
            body = b"{}"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def kanalen():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Kanalen)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_zrc_010_external_communicatiekanaal_is_fetched_when_allowed(
    superuser_client, zaaktype, zaak, kanalen, settings
):
    settings.IWERK_ALLOW_EXTERNAL_REGISTERS = True
    goed = f"{kanalen}/communicatiekanalen/goed"
    created = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, communicatiekanaal=goed), **CRS
    )
    assert created.status_code == 201, created.json()
    vorm = superuser_client.patch(
        zaak["url"], {"communicatiekanaal": f"{kanalen}/communicatiekanalen/vorm"}, **CRS
    )
    assert _codes(vorm) == {("communicatiekanaal", "invalid-resource")}
    weg = superuser_client.patch(
        zaak["url"], {"communicatiekanaal": f"{kanalen}/communicatiekanalen/weg"}, **CRS
    )
    assert _codes(weg) == {("communicatiekanaal", "bad-url")}
    assert (
        superuser_client.patch(zaak["url"], {"communicatiekanaal": goed}, **CRS).status_code == 200
    )


# --- zrc-015 producten of diensten -----------------------------------------------------------


def test_zrc_015_producten_of_diensten_are_the_zaaktypes_on_update_too(superuser_client, zaak):
    other = "https://producten.example.nl/api/v1/producten/scootmobiel"
    patched = superuser_client.patch(zaak["url"], {"productenOfDiensten": [PRODUCT, other]}, **CRS)
    assert _codes(patched) == {("productenOfDiensten", "invalid-products-services")}
    put = _put_back(superuser_client, zaak["url"], productenOfDiensten=[other])
    assert _codes(put) == {("productenOfDiensten", "invalid-products-services")}
    ok = superuser_client.patch(zaak["url"], {"productenOfDiensten": [PRODUCT]}, **CRS)
    assert ok.status_code == 200 and ok.json()["productenOfDiensten"] == [PRODUCT]


# --- zrc-013 hoofdzaak -----------------------------------------------------------------------


def _deventer_client(zaaktype):
    return register_client(
        "deventer-zaken",
        autorisaties=[
            {
                "component": "zrc",
                "scopes": ["zaken.lezen", "zaken.aanmaken", "zaken.bijwerken"],
                "zaaktype": f"{ZTC}/zaaktypen/{zaaktype.uuid}",
                "max_vertrouwelijkheidaanduiding": "zeer_geheim",
            }
        ],
    )


def test_zrc_013_cross_tenant_hoofdzaak_is_refused(superuser_client, zaaktype, other_zaaktype):
    """A Deventer-only client cannot make a Raalte zaak, which it cannot read, its hoofdzaak."""
    raalte = superuser_client.post(
        f"{BASE}/zaken",
        zaak_body(
            other_zaaktype, bronorganisatie="001654937", verantwoordelijkeOrganisatie="001654937"
        ),
        **CRS,
    ).json()
    deventer = _deventer_client(zaaktype)
    own = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    # Not visible to the client: answered as a zaak that does not exist (bad-url), on every write.
    created = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype, hoofdzaak=raalte["url"]), **CRS)
    assert _codes(created) == {("hoofdzaak", "bad-url")}
    patched = deventer.patch(own["url"], {"hoofdzaak": raalte["url"]}, **CRS)
    assert _codes(patched) == {("hoofdzaak", "bad-url")}
    put = _put_back(deventer, own["url"], hoofdzaak=raalte["url"])
    assert _codes(put) == {("hoofdzaak", "bad-url")}
    # A client that sees both gemeenten is refused too: a hoofdzaak is of the same gemeente.
    superuser_patch = superuser_client.patch(own["url"], {"hoofdzaak": raalte["url"]}, **CRS)
    assert _codes(superuser_patch) == {("hoofdzaak", "invalid-resource")}
    assert not Zaak.objects.filter(hoofdzaak__uuid=raalte["uuid"]).exists()


def test_zrc_011_relevante_andere_zaak_the_client_cannot_see_is_a_bad_url(
    superuser_client, zaaktype, other_zaaktype
):
    """Linking another gemeente's zaak would confirm it exists: answered as a zaak that does not."""
    raalte = superuser_client.post(
        f"{BASE}/zaken",
        zaak_body(
            other_zaaktype, bronorganisatie="001654937", verantwoordelijkeOrganisatie="001654937"
        ),
        **CRS,
    ).json()
    deventer = _deventer_client(zaaktype)
    own = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    link = [{"url": raalte["url"], "aardRelatie": "vervolg"}]
    created = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype, relevanteAndereZaken=link), **CRS)
    assert _codes(created) == {("relevanteAndereZaken.0.url", "bad-url")}
    patched = deventer.patch(own["url"], {"relevanteAndereZaken": link}, **CRS)
    assert _codes(patched) == {("relevanteAndereZaken.0.url", "bad-url")}
    assert Zaak.objects.get(uuid=own["uuid"]).relevante_andere_zaken == []
    # Its own zaken it may link.
    other = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    linked = deventer.patch(
        own["url"],
        {"relevanteAndereZaken": [{"url": other["url"], "aardRelatie": "vervolg"}]},
        **CRS,
    )
    assert linked.status_code == 200, linked.json()


def test_zrc_013_hoofdzaak_outside_the_clients_autorisaties_is_a_bad_url(
    superuser_client, catalogus, zaaktype
):
    geheim = build.complete_zaaktype(catalogus, identificatie="GEHEIM")
    geheim.concept = False
    geheim.save()
    hidden = superuser_client.post(f"{BASE}/zaken", zaak_body(geheim), **CRS).json()
    deventer = _deventer_client(zaaktype)
    created = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype, hoofdzaak=hidden["url"]), **CRS)
    assert _codes(created) == {("hoofdzaak", "bad-url")}
    visible = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    deelzaak = deventer.post(f"{BASE}/zaken", zaak_body(zaaktype, hoofdzaak=visible["url"]), **CRS)
    assert deelzaak.status_code == 201, deelzaak.json()
    # Its own, unchanged hoofdzaak never stands in the way of a round trip.
    assert _put_back(deventer, deelzaak.json()["url"], toelichting="x").status_code == 200


def test_zrc_013_deelzaak_and_self_as_hoofdzaak_are_refused_on_update(
    superuser_client, zaaktype, zaak
):
    deel = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, hoofdzaak=zaak["url"]), **CRS
    ).json()
    other = superuser_client.post(f"{BASE}/zaken", zaak_body(zaaktype), **CRS).json()
    onto_deelzaak = superuser_client.patch(other["url"], {"hoofdzaak": deel["url"]}, **CRS)
    assert _codes(onto_deelzaak) == {("hoofdzaak", "deelzaak-als-hoofdzaak")}
    itself = _put_back(superuser_client, other["url"], hoofdzaak=other["url"])
    assert _codes(itself) == {("hoofdzaak", "self-forbidden")}
    # A hoofdzaak does not become a deelzaak: that would make deelzaken of a deelzaak.
    hoofd_onder = superuser_client.patch(zaak["url"], {"hoofdzaak": other["url"]}, **CRS)
    assert _codes(hoofd_onder) == {("hoofdzaak", "deelzaak-als-hoofdzaak")}
    moved = superuser_client.patch(deel["url"], {"hoofdzaak": other["url"]}, **CRS)
    assert moved.status_code == 200 and moved.json()["hoofdzaak"] == other["url"]


# --- dates, betaling, zaaktype, archiving on update -------------------------------------------


def test_zrc_einddatum_gepland_not_before_startdatum_on_update(superuser_client, zaak):
    earlier = superuser_client.patch(zaak["url"], {"einddatumGepland": "2026-03-01"}, **CRS)
    assert _codes(earlier) == {("einddatumGepland", "date-mismatch")}
    later_start = _put_back(
        superuser_client, zaak["url"], startdatum="2026-05-01", einddatumGepland="2026-04-01"
    )
    assert _codes(later_start) == {("einddatumGepland", "date-mismatch")}


def test_zrc_001_zaaktype_valid_on_a_changed_startdatum(superuser_client, zaak):
    moved = superuser_client.patch(zaak["url"], {"startdatum": "2020-01-01"}, **CRS)
    assert _codes(moved) == {("zaaktype", "zaaktype-niet-geldig")}


def test_zrc_014_betaling_rules_on_update(superuser_client, zaak):
    future = superuser_client.patch(
        zaak["url"],
        {"betalingsindicatie": "geheel", "laatsteBetaaldatum": "2099-01-01T10:00:00+01:00"},
        **CRS,
    )
    assert _codes(future) == {("laatsteBetaaldatum", "date-in-future")}
    paid = superuser_client.patch(
        zaak["url"],
        {"betalingsindicatie": "geheel", "laatsteBetaaldatum": "2026-03-03T10:00:00+01:00"},
        **CRS,
    )
    assert paid.status_code == 200, paid.json()
    # Changing to nvt clears the betaaldatum the client echoes back …
    nvt = _put_back(superuser_client, zaak["url"], betalingsindicatie="nvt")
    assert nvt.status_code == 200, nvt.json()
    assert nvt.json()["laatsteBetaaldatum"] is None
    # … but a new betaaldatum with nvt is a contradiction.
    both = superuser_client.patch(
        zaak["url"], {"laatsteBetaaldatum": "2026-03-04T10:00:00+01:00"}, **CRS
    )
    assert _codes(both) == {("laatsteBetaaldatum", "betaling-nvt")}


def test_zrc_022_archiefstatus_rules_on_create_and_update(superuser_client, zaaktype, zaak):
    created = superuser_client.post(
        f"{BASE}/zaken", zaak_body(zaaktype, archiefstatus="gearchiveerd"), **CRS
    )
    assert _codes(created) == {
        ("archiefnominatie", "archiefnominatie-not-set"),
        ("archiefactiedatum", "archiefactiedatum-not-set"),
    }
    patched = superuser_client.patch(zaak["url"], {"archiefstatus": "gearchiveerd"}, **CRS)
    assert _codes(patched) == {
        ("archiefnominatie", "archiefnominatie-not-set"),
        ("archiefactiedatum", "archiefactiedatum-not-set"),
    }


# --- item 6: no 500 for an offset-less datumStatusGezet -------------------------------------


def test_eindstatus_with_offsetless_datum_status_gezet(superuser_client, zaaktype, zaak):
    resultaattype = zaaktype.resultaattypen.get()
    superuser_client.post(
        f"{BASE}/resultaten",
        {"zaak": zaak["url"], "resultaattype": f"{ZTC}/resultaattypen/{resultaattype.uuid}"},
    )
    eind = zaaktype.statustypen.order_by("-volgnummer").first()
    response = superuser_client.post(
        f"{BASE}/statussen",
        {
            "zaak": zaak["url"],
            "statustype": f"{ZTC}/statustypen/{eind.uuid}",
            "datumStatusGezet": "2026-12-05T23:30:00",
        },
    )
    assert response.status_code == 201, response.content
    # Read as Dutch local time: 23:30 on 5 December is still that day here (22:30 UTC).
    closed = superuser_client.get(zaak["url"], **CRS).json()
    assert closed["einddatum"] == "2026-12-05"
    status = Zaak.objects.get(uuid=zaak["uuid"]).statussen.get()
    assert status.datum_status_gezet.isoformat() == "2026-12-05T22:30:00+00:00"
