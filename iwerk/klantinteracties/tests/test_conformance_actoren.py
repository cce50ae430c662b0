"""Every operation of actoren, digitaleadressen and internetaken answers as the official
Klantinteracties API 0.9.0 document says."""

import pytest
from django.utils import timezone

from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.klantinteracties import TokenClient
from iwerk.klantinteracties.models import Betrokkene, InterneTaak, Klantcontact, Partij
from iwerk.klantinteracties.services.toegang import toegang_geven, token_uitgeven

pytestmark = pytest.mark.django_db

PREFIX = "/klantinteracties/api/v1"
BASE = f"http://testserver{PREFIX}"
EIGEN = {"/actoren", "/digitaleadressen", "/internetaken"}
EXPAND = (
    "verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact,"
    "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"
)


def _recorder(gemeente) -> ConformanceRecorder:
    from iwerk.autorisaties.models import Applicatie

    toegang = toegang_geven(
        Applicatie.objects.create(label="KCC"),
        gemeente,
        scopes=None,
        max_vertrouwelijkheidaanduiding="geheim",
    )
    client = TokenClient(token_uitgeven(toegang, "conformance"))
    return ConformanceRecorder(client, "iwerk.klantinteracties", PREFIX)


def test_every_operation_of_actoren_digitaleadressen_and_internetaken_conforms(gemeenten):
    g = gemeenten["deventer"]
    api = _recorder(g)
    contact = Klantcontact.objects.create(
        tenant=g, kanaal="telefoon", onderwerp="Afval", taal="nld", plaatsgevonden_op=timezone.now()
    )
    partij = Partij.objects.create(tenant=g, soort_partij="persoon")
    betrokkene = Betrokkene.objects.create(
        tenant=g,
        had_klantcontact=contact,
        rol="klant",
        initiator=True,
        contactnaam_achternaam="Jansen",
        bezoekadres_postcode="7411 AB",
    )

    # actoren, each soort
    medewerker = api.post(
        f"{BASE}/actoren",
        {
            "naam": "Jan",
            "soortActor": "medewerker",
            "actorIdentificatie": {"functie": "KCC", "telefoonnummer": "0570123456"},
        },
    )
    assert medewerker.status_code == 201, medewerker.content
    actor = medewerker.json()
    for soort in ("geautomatiseerde_actor", "organisatorische_eenheid"):
        body = {"naam": soort, "soortActor": soort, "actorIdentificatie": {"functie": "x"}}
        assert api.post(f"{BASE}/actoren", body).status_code == 201
    assert api.get(f"{BASE}/actoren", {"soortActor": "medewerker"}).status_code == 200
    assert api.get(actor["url"]).status_code == 200
    assert api.patch(actor["url"], {"naam": "Jan J."}).status_code == 200
    assert api.put(actor["url"], {"naam": "Jan", "soortActor": "medewerker"}).status_code == 200

    # digitaleadressen
    adres = api.post(
        f"{BASE}/digitaleadressen",
        {
            "verstrektDoorPartij": {"uuid": str(partij.uuid)},
            "verstrektDoorBetrokkene": {"uuid": str(betrokkene.uuid)},
            "adres": "jan@example.nl",
            "soortDigitaalAdres": "email",
            "isStandaardAdres": True,
            "verificatieDatum": "2025-03-01",
        },
    )
    assert adres.status_code == 201, adres.content
    url = adres.json()["url"]
    assert api.get(f"{BASE}/digitaleadressen", {"expand": EXPAND}).status_code == 200
    assert api.get(url, {"expand": EXPAND}).status_code == 200
    assert api.patch(url, {"omschrijving": "privé"}).status_code == 200
    body = {"adres": "0612345678", "soortDigitaalAdres": "telefoonnummer"}
    assert api.put(url, body).status_code == 200

    # internetaken
    taak = api.post(
        f"{BASE}/internetaken",
        {
            "gevraagdeHandeling": "Bel terug",
            "aanleidinggevendKlantcontact": {"uuid": str(contact.uuid)},
            "toegewezenAanActoren": [{"uuid": actor["uuid"]}],
            "status": "te_verwerken",
        },
    )
    assert taak.status_code == 201, taak.content
    taak_url = taak.json()["url"]
    assert api.get(f"{BASE}/internetaken", {"status": "te_verwerken"}).status_code == 200
    assert api.get(taak_url).status_code == 200
    assert api.patch(taak_url, {"status": "verwerkt"}).status_code == 200
    put = {
        "gevraagdeHandeling": "Mail",
        "aanleidinggevendKlantcontact": {"uuid": str(contact.uuid)},
        "toegewezenAanActoren": [],
        "status": "te_verwerken",
    }
    assert api.put(taak_url, put).status_code == 200
    assert api.get(f"{BASE}/digitaleadressen/{adres.json()['uuid']}", {"expand": EXPAND})

    for url_ in (taak_url, url, actor["url"]):
        assert api.delete(url_).status_code == 204
    assert not InterneTaak.objects.exists()

    print("\n".join(api.violations))
    assert api.violations == []
    assert api.server_errors == []
    eigen = {(m, p) for m, p in api.missing_operations() if p.split("/{")[0] in EIGEN}
    assert eigen == set()
