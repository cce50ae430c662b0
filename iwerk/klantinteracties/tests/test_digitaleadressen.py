"""digitaleadressen: the addresses iwerk notifies citizens on, validated as Open Klant does."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from iwerk.core import generations
from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.api.bron import GENERATIE
from iwerk.klantinteracties.models import (
    Betrokkene,
    DigitaalAdres,
    InterneTaak,
    Klantcontact,
    Partij,
    PartijIdentificator,
)

pytestmark = pytest.mark.django_db


def partij(gemeente, **velden):
    return Partij.objects.create(tenant=gemeente, soort_partij="persoon", **velden)


def klantcontact(gemeente, **velden):
    return Klantcontact.objects.create(
        tenant=gemeente,
        kanaal="telefoon",
        onderwerp="Vraag over afval",
        taal="nld",
        plaatsgevonden_op=timezone.now(),
        **velden,
    )


def betrokkene(gemeente, contact=None, **velden):
    return Betrokkene.objects.create(
        tenant=gemeente,
        had_klantcontact=contact or klantcontact(gemeente),
        initiator=True,
        **{"rol": "klant", **velden},
    )


def adres(partij_, adres_="jan@example.nl", soort="email", **velden):
    body = {"verstrektDoorPartij": {"uuid": str(partij_.uuid)}, "adres": adres_}
    return {**body, "soortDigitaalAdres": soort, **velden}


def test_a_digitaal_adres_is_created_read_changed_listed_and_removed(gemeenten):
    api = ki_client(gemeenten["deventer"])
    p = partij(gemeenten["deventer"])

    nieuw = api.post(f"{BASE}/digitaleadressen", adres(p, verificatieDatum="2025-03-01"))
    assert nieuw.status_code == 201, nieuw.content
    data = nieuw.json()
    assert data["verstrektDoorPartij"]["uuid"] == str(p.uuid)
    assert data["verificatieDatum"] == "2025-03-01"
    assert data["verstrektDoorBetrokkene"] is None
    url = data["url"]

    assert api.patch(url, {"omschrijving": "werk"}).json()["omschrijving"] == "werk"
    vervangen = api.put(url, adres(p, "0612345678", "telefoonnummer")).json()
    assert vervangen["adres"] == "0612345678" and vervangen["omschrijving"] == "werk"
    assert api.get(f"{BASE}/digitaleadressen").json()["count"] == 1
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    acties = AuditTrail.objects.filter(bron="kic").order_by("pk").values_list("actie", flat=True)
    assert list(acties) == ["create", "update", "update", "destroy"]


@pytest.mark.parametrize("waarde", ["geen-adres", "jan@", "jan@example", "a b@example.nl"])
def test_an_email_adres_must_be_an_email_address(gemeenten, waarde):
    api = ki_client(gemeenten["deventer"])
    antwoord = api.post(f"{BASE}/digitaleadressen", adres(partij(gemeenten["deventer"]), waarde))
    assert antwoord.status_code == 400
    fout = antwoord.json()["invalidParams"][0]
    assert (fout["name"], fout["code"]) == ("adres", "invalid")
    assert fout["reason"] == "Voer een geldig e-mailadres in."


@pytest.mark.parametrize(
    "nummer", ["0612345678", "0201234567", "+31612345678", "0031612345678", "+441234567890"]
)
def test_dutch_and_international_phone_numbers_are_accepted(gemeenten, nummer):
    api = ki_client(gemeenten["deventer"])
    body = adres(partij(gemeenten["deventer"]), nummer, "telefoonnummer")
    assert api.post(f"{BASE}/digitaleadressen", body).status_code == 201


@pytest.mark.parametrize(
    ("nummer", "verboden"),
    [
        ("0800123456", True),
        ("0900123456", True),
        ("0881234567", True),
        ("1400", True),
        ("14020", True),
        ("061234567", False),
        ("06-12345678", False),
        ("+3161", False),
        ("0612345678x", False),
    ],
)
def test_service_numbers_and_malformed_numbers_are_refused(gemeenten, nummer, verboden):
    api = ki_client(gemeenten["deventer"])
    body = adres(partij(gemeenten["deventer"]), nummer, "telefoonnummer")
    antwoord = api.post(f"{BASE}/digitaleadressen", body)
    assert antwoord.status_code == 400
    fout = antwoord.json()["invalidParams"][0]
    assert fout["name"] == "adres"
    assert ("0800, 0900, 088, 1400 of 140xx" in fout["reason"]) is verboden


def test_soort_overig_takes_any_text(gemeenten):
    api = ki_client(gemeenten["deventer"])
    body = adres(partij(gemeenten["deventer"]), "@jan op mastodon", "overig")
    assert api.post(f"{BASE}/digitaleadressen", body).status_code == 201


def test_marking_a_standaard_adres_unsets_the_partijs_other_of_that_soort(gemeenten):
    api = ki_client(gemeenten["deventer"])
    p = partij(gemeenten["deventer"])
    eerste = api.post(f"{BASE}/digitaleadressen", adres(p, isStandaardAdres=True)).json()
    telefoon = api.post(
        f"{BASE}/digitaleadressen",
        adres(p, "0612345678", "telefoonnummer", isStandaardAdres=True),
    ).json()

    tweede = api.post(
        f"{BASE}/digitaleadressen", adres(p, "piet@example.nl", isStandaardAdres=True)
    ).json()

    assert api.get(eerste["url"]).json()["isStandaardAdres"] is False
    assert api.get(tweede["url"]).json()["isStandaardAdres"] is True
    assert api.get(telefoon["url"]).json()["isStandaardAdres"] is True  # another soort
    # the unset one is recorded too
    assert AuditTrail.objects.filter(bron="kic", actie="update").count() == 1


def test_a_standaard_adres_needs_a_partij(gemeenten):
    api = ki_client(gemeenten["deventer"])
    body = {"adres": "jan@example.nl", "soortDigitaalAdres": "email", "isStandaardAdres": True}
    antwoord = api.post(f"{BASE}/digitaleadressen", body)
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "isStandaardAdres"


def test_a_referentie_is_unique_per_partij_and_soort(gemeenten):
    api = ki_client(gemeenten["deventer"])
    p = partij(gemeenten["deventer"])
    eerste = api.post(f"{BASE}/digitaleadressen", adres(p, referentie="prive")).json()
    assert api.patch(eerste["url"], {"omschrijving": "thuis"}).status_code == 200

    dubbel = api.post(f"{BASE}/digitaleadressen", adres(p, "b@example.nl", referentie="prive"))
    assert dubbel.status_code == 400
    assert dubbel.json()["invalidParams"][0]["code"] == "unique"
    ander_soort = adres(p, "0612345678", "telefoonnummer", referentie="prive")
    assert api.post(f"{BASE}/digitaleadressen", ander_soort).status_code == 201
    ongeldig = api.post(f"{BASE}/digitaleadressen", adres(p, referentie="met spatie"))
    assert ongeldig.json()["invalidParams"][0]["name"] == "referentie"


def test_a_verificatiedatum_must_be_a_date(gemeenten):
    api = ki_client(gemeenten["deventer"])
    body = adres(partij(gemeenten["deventer"]), verificatieDatum="1 maart")
    antwoord = api.post(f"{BASE}/digitaleadressen", body)
    assert antwoord.status_code == 400
    assert antwoord.json()["invalidParams"][0]["name"] == "verificatieDatum"


def test_references_of_another_gemeente_do_not_exist(gemeenten):
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    p = partij(gemeenten["deventer"])
    b = betrokkene(gemeenten["deventer"])

    antwoord = raalte.post(f"{BASE}/digitaleadressen", adres(p))
    assert antwoord.json()["invalidParams"][0] == {
        "name": "verstrektDoorPartij",
        "code": "does_not_exist",
        "reason": f'Ongeldige uuid "{p.uuid}" - object bestaat niet.',
    }
    body = {"verstrektDoorBetrokkene": {"uuid": str(b.uuid)}, "adres": "x@example.nl"}
    antwoord = raalte.post(f"{BASE}/digitaleadressen", {**body, "soortDigitaalAdres": "email"})
    assert antwoord.json()["invalidParams"][0]["code"] == "does_not_exist"


def test_a_partij_of_another_gemeente_cannot_be_referenced(gemeenten):
    api = ki_client(gemeenten["deventer"])
    raalte_partij = partij(gemeenten["raalte"])
    # Invisible to a Deventer token: does_not_exist, never a peek into Raalte.
    antwoord = api.post(f"{BASE}/digitaleadressen", adres(raalte_partij))
    assert antwoord.json()["invalidParams"][0]["code"] == "does_not_exist"


def test_another_gemeentes_adres_does_not_exist_for_the_caller(gemeenten):
    deventer = ki_client(gemeenten["deventer"])
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    url = deventer.post(f"{BASE}/digitaleadressen", adres(partij(gemeenten["deventer"]))).json()[
        "url"
    ]

    assert raalte.get(url).status_code == 404
    assert raalte.patch(url, {"omschrijving": "x"}).status_code == 404
    assert raalte.delete(url).status_code == 404
    assert raalte.get(f"{BASE}/digitaleadressen").json()["count"] == 0


def test_a_betrokkene_of_a_vertrouwelijk_klantcontact_cannot_be_referenced(gemeenten):
    openbaar = ki_client(gemeenten["deventer"], max_vertrouwelijkheidaanduiding="openbaar")
    geheim = klantcontact(gemeenten["deventer"], vertrouwelijk=True, vertrouwelijkheid_rang=4)
    b = betrokkene(gemeenten["deventer"], geheim)
    body = {"verstrektDoorBetrokkene": {"uuid": str(b.uuid)}, "adres": "x@example.nl"}
    antwoord = openbaar.post(f"{BASE}/digitaleadressen", {**body, "soortDigitaalAdres": "email"})
    assert antwoord.json()["invalidParams"][0]["code"] == "does_not_exist"


AMS = ZoneInfo("Europe/Amsterdam")


def test_every_list_filter(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    jan = partij(g)
    bedrijf = Partij.objects.create(tenant=g, soort_partij="organisatie", naam="Bakker BV")
    PartijIdentificator.objects.create(
        tenant=g,
        identificeerde_partij=jan,
        code_objecttype="natuurlijk_persoon",
        code_soort_object_id="bsn",
        object_id="111222333",
        code_register="brp",
    )
    b = betrokkene(g, rol="vertegenwoordiger")
    maart = datetime(2025, 3, 1, tzinfo=AMS)
    a = DigitaalAdres.objects.create(
        tenant=g,
        verstrekt_door_partij=jan,
        adres="jan@example.nl",
        soort_digitaal_adres="email",
        is_standaard_adres=True,
        omschrijving="Privé adres",
        referentie="prive",
        verificatie_datum=maart,
    )
    c = DigitaalAdres.objects.create(
        tenant=g,
        verstrekt_door_partij=bedrijf,
        verstrekt_door_betrokkene=b,
        adres="0612345678",
        soort_digitaal_adres="telefoonnummer",
    )

    def adressen(**query):
        antwoord = api.get(f"{BASE}/digitaleadressen", query)
        assert antwoord.status_code == 200, antwoord.content
        return {r["adres"] for r in antwoord.json()["results"]}

    alleen_a, alleen_c = {a.adres}, {c.adres}
    assert adressen(adres="jan@example.nl") == alleen_a
    assert adressen(adres="JAN@example.nl") == set()
    assert adressen(adres__icontains="EXAMPLE") == alleen_a
    assert adressen(isGeverifieerd="true") == alleen_a
    assert adressen(isGeverifieerd="false") == alleen_c
    assert adressen(isStandaardAdres="true") == alleen_a
    assert adressen(omschrijving="privé") == alleen_a
    assert adressen(referentie="prive") == alleen_a
    assert adressen(soortDigitaalAdres="telefoonnummer") == alleen_c
    assert adressen(verificatieDatum="2025-03-01") == alleen_a
    assert adressen(verificatieDatum="2025-03-02") == set()
    assert adressen(verificatieDatum__gt="2025-02-28") == alleen_a
    assert adressen(verificatieDatum__gt="2025-03-01") == set()
    assert adressen(verificatieDatum__gte="2025-03-01") == alleen_a
    assert adressen(verificatieDatum__lt="2025-03-01") == set()
    assert adressen(verificatieDatum__lt="2025-03-02") == alleen_a
    assert adressen(verificatieDatum__lte="2025-03-01") == alleen_a
    assert adressen(verificatieDatum__lte="2025-02-28") == set()
    assert adressen(verstrektDoorBetrokkene__rol="vertegenwoordiger") == alleen_c
    assert adressen(verstrektDoorBetrokkene__uuid=str(b.uuid)) == alleen_c
    assert adressen(verstrektDoorBetrokkene__url=f"{BASE}/betrokkenen/{b.uuid}") == alleen_c
    assert adressen(verstrektDoorBetrokkene__url="http://elders/geen-uuid") == set()
    pid = "verstrektDoorPartij__partijIdentificator__"
    assert adressen(**{f"{pid}codeObjecttype": "natuurlijk_persoon"}) == alleen_a
    assert adressen(**{f"{pid}codeRegister": "brp"}) == alleen_a
    assert adressen(**{f"{pid}codeSoortObjectId": "bsn"}) == alleen_a
    assert adressen(**{f"{pid}objectId": "111222333"}) == alleen_a
    assert adressen(**{f"{pid}objectId": "999"}) == set()
    assert adressen(verstrektDoorPartij__soortPartij="organisatie") == alleen_c
    assert adressen(verstrektDoorPartij__uuid=str(jan.uuid)) == alleen_a
    assert adressen(verstrektDoorPartij__url=f"{BASE}/partijen/{bedrijf.uuid}") == alleen_c
    assert api.get(f"{BASE}/digitaleadressen", {"expand": "onzin"}).status_code == 400


def _met_taak(g, actor=None):
    contact = klantcontact(g)
    b = betrokkene(g, contact)
    taak = InterneTaak.objects.create(
        tenant=g, aanleidinggevend_klantcontact=contact, gevraagde_handeling="Bel terug"
    )
    if actor is not None:
        taak.actoren.add(actor)
    return DigitaalAdres.objects.create(
        tenant=g, verstrekt_door_betrokkene=b, adres="a@example.nl", soort_digitaal_adres="email"
    )


EXPAND = (
    "verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact,"
    "verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"
)


def test_expand_shows_betrokkene_klantcontact_and_interne_taken(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g)
    a = _met_taak(g)
    zonder = DigitaalAdres.objects.create(
        tenant=g, adres="b@example.nl", soort_digitaal_adres="email"
    )

    detail = api.get(f"{BASE}/digitaleadressen/{a.uuid}", {"expand": EXPAND}).json()
    betrokkene_ = detail["_expand"]["verstrektDoorBetrokkene"]
    assert betrokkene_["uuid"] == str(a.verstrekt_door_betrokkene.uuid)
    assert betrokkene_["digitaleAdressen"][0]["uuid"] == str(a.uuid)
    contact = betrokkene_["_expand"]["hadKlantcontact"]
    assert contact["onderwerp"] == "Vraag over afval"
    taken = contact["_expand"]["leiddeTotInterneTaken"]
    assert [t["gevraagdeHandeling"] for t in taken] == ["Bel terug"]

    alleen = api.get(f"{BASE}/digitaleadressen/{a.uuid}", {"expand": "verstrektDoorBetrokkene"})
    assert "_expand" not in alleen.json()["_expand"]["verstrektDoorBetrokkene"]
    leeg = api.get(f"{BASE}/digitaleadressen/{zonder.uuid}", {"expand": EXPAND}).json()
    assert leeg["_expand"] == {"verstrektDoorBetrokkene": None}
    assert "_expand" not in api.get(f"{BASE}/digitaleadressen/{a.uuid}").json()


def test_an_address_of_a_betrokkene_above_the_callers_vertrouwelijkheid_is_hidden(gemeenten):
    g = gemeenten["deventer"]
    api = ki_client(g, max_vertrouwelijkheidaanduiding="openbaar")
    a = _met_taak(g)
    Klantcontact.objects.update(vertrouwelijk=True, vertrouwelijkheid_rang=4)

    # The address belongs to that contact: it does not exist for the caller (ADR 0052).
    assert api.get(f"{BASE}/digitaleadressen/{a.uuid}", {"expand": EXPAND}).status_code == 404
    assert api.get(f"{BASE}/digitaleadressen").json()["count"] == 0


def test_the_list_costs_the_same_for_one_or_five_even_expanded(
    gemeenten, django_assert_num_queries
):
    from iwerk.klantinteracties.models import Actor

    g = gemeenten["deventer"]
    api = ki_client(g)
    actor = Actor.objects.create(tenant=g, naam="Jan", soort_actor="medewerker")
    _met_taak(g, actor)
    api.get(f"{BASE}/digitaleadressen")  # the token is resolved and cached
    with django_assert_num_queries(2):
        assert api.get(f"{BASE}/digitaleadressen", {"page": 1}).json()["count"] == 1
    with django_assert_num_queries(10):
        api.get(f"{BASE}/digitaleadressen", {"page": 1, "expand": EXPAND})
    for _ in range(4):
        _met_taak(g, actor)
    generations.bump(GENERATIE)  # made without the API: the cached count moves on
    api.get(f"{BASE}/digitaleadressen")
    with django_assert_num_queries(2):
        assert api.get(f"{BASE}/digitaleadressen", {"page": 1}).json()["count"] == 5
    with django_assert_num_queries(10):
        api.get(f"{BASE}/digitaleadressen", {"page": 1, "expand": EXPAND})
