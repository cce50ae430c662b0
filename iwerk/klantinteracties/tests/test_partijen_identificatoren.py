"""partij-identificatoren: the reference's combinations and number formats, uniqueness per
gemeente, vestigingen under their kvk_nummer, filters and tenancy."""

import pytest

from iwerk.core.models import AuditTrail
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.services.partij_identificatoren import object_id_fout

pytestmark = pytest.mark.django_db
PIDS = f"{BASE}/partij-identificatoren"


def body(objecttype, soort, object_id, register, **extra):
    return {
        "partijIdentificator": {
            "codeObjecttype": objecttype,
            "codeSoortObjectId": soort,
            "objectId": object_id,
            "codeRegister": register,
        },
        **extra,
    }


def fout(antwoord):
    assert antwoord.status_code == 400, antwoord.content
    return {(p["name"], p["code"]) for p in antwoord.json()["invalidParams"]}


@pytest.fixture
def deventer(gemeenten):
    return ki_client(gemeenten["deventer"])


@pytest.mark.parametrize(
    ("objecttype", "soort", "register", "veld"),
    [
        ("niet_natuurlijk_persoon", "bsn", "brp", "codeObjecttype"),
        ("natuurlijk_persoon", "bsn", "hr", "codeObjecttype"),
        ("natuurlijk_persoon", "rsin", "brp", "codeSoortObjectId"),
        ("niet_natuurlijk_persoon", "vestigingsnummer", "hr", "codeSoortObjectId"),
        ("vestiging", "kvk_nummer", "hr", "codeSoortObjectId"),
    ],
)
def test_only_the_references_combinations_are_accepted(deventer, objecttype, soort, register, veld):
    antwoord = deventer.post(PIDS, body(objecttype, soort, "111222333", register))
    assert fout(antwoord) == {(f"partijIdentificator.{veld}", "invalid")}
    assert "toegestaan" in antwoord.json()["invalidParams"][0]["reason"]


def test_object_id_formats_as_the_reference_computes_them():
    assert object_id_fout("bsn", "111222333") is None
    assert object_id_fout("bsn", "000000000") is None  # the elfproef and nothing more
    assert "elfproef" in object_id_fout("bsn", "123456789")
    assert "9 tekens" in object_id_fout("bsn", "11122233")
    assert "cijfers" in object_id_fout("rsin", "00190276a")
    assert object_id_fout("rsin", "001902763") is None
    assert "elfproef" in object_id_fout("rsin", "001902764")
    assert object_id_fout("kvk_nummer", "12345678") is None
    assert "8 tekens" in object_id_fout("kvk_nummer", "123456789")
    assert object_id_fout("vestigingsnummer", "000012345678") is None
    assert "12 tekens" in object_id_fout("vestigingsnummer", "12345678")


def test_a_bsn_failing_the_elfproef_is_refused_in_dutch(deventer):
    antwoord = deventer.post(PIDS, body("natuurlijk_persoon", "bsn", "123456789", "brp"))
    assert fout(antwoord) == {("partijIdentificator.objectId", "invalid")}
    assert antwoord.json()["invalidParams"][0]["reason"].startswith("Deze waarde is ongeldig")


def test_an_identificator_is_unique_within_a_gemeente_only(deventer, gemeenten):
    eerste = deventer.post(PIDS, body("natuurlijk_persoon", "bsn", "111222333", "brp"))
    assert eerste.status_code == 201, eerste.content
    assert fout(deventer.post(PIDS, body("natuurlijk_persoon", "bsn", "111222333", "brp"))) == {
        ("nonFieldErrors", "unique")
    }
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    assert (
        raalte.post(PIDS, body("natuurlijk_persoon", "bsn", "111222333", "brp")).status_code == 201
    )
    # Changing it into itself is no duplicate.
    assert (
        deventer.patch(eerste.json()["url"], {"anderePartijIdentificator": "x"}).status_code == 200
    )


def test_a_partij_has_one_identificator_per_soort(deventer):
    partij = deventer.post(
        f"{BASE}/partijen", {"soortPartij": "persoon", "indicatieActief": True}
    ).json()
    van = {"identificeerdePartij": {"uuid": partij["uuid"]}}
    assert (
        deventer.post(
            PIDS, body("natuurlijk_persoon", "bsn", "111222333", "brp", **van)
        ).status_code
        == 201
    )
    assert fout(
        deventer.post(PIDS, body("natuurlijk_persoon", "bsn", "123456782", "brp", **van))
    ) == {("nonFieldErrors", "unique")}


def test_a_vestigingsnummer_needs_a_kvk_nummer_above_it(deventer):
    kvk = deventer.post(
        PIDS, body("niet_natuurlijk_persoon", "kvk_nummer", "12345678", "hr")
    ).json()
    rsin = deventer.post(PIDS, body("niet_natuurlijk_persoon", "rsin", "001902763", "hr")).json()
    vestiging = body("vestiging", "vestigingsnummer", "000012345678", "hr")
    assert fout(deventer.post(PIDS, vestiging)) == {("subIdentificatorVan", "required")}
    assert fout(
        deventer.post(PIDS, {**vestiging, "subIdentificatorVan": {"uuid": rsin["uuid"]}})
    ) == {("subIdentificatorVan", "invalid")}
    onder_kvk = {**vestiging, "subIdentificatorVan": {"uuid": kvk["uuid"]}}
    aangemaakt = deventer.post(PIDS, onder_kvk)
    assert aangemaakt.status_code == 201, aangemaakt.content
    assert aangemaakt.json()["subIdentificatorVan"]["uuid"] == kvk["uuid"]
    # The same vestigingsnummer under the same kvk_nummer once.
    assert fout(deventer.post(PIDS, onder_kvk)) == {("nonFieldErrors", "unique")}
    # Only a vestigingsnummer has a subIdentificatorVan.
    bsn = body(
        "natuurlijk_persoon", "bsn", "111222333", "brp", subIdentificatorVan={"uuid": kvk["uuid"]}
    )
    assert fout(deventer.post(PIDS, bsn)) == {("subIdentificatorVan", "invalid")}
    # A kvk_nummer with a vestiging under it keeps its soort and stays.
    assert fout(
        deventer.patch(kvk["url"], body("niet_natuurlijk_persoon", "rsin", "001902763", "hr"))
    ) == {("partijIdentificator.codeSoortObjectId", "invalid")}
    assert fout(deventer.delete(kvk["url"])) == {("nonFieldErrors", "protected")}
    assert deventer.delete(aangemaakt.json()["url"]).status_code == 204
    assert deventer.delete(kvk["url"]).status_code == 204


def test_crud_is_recorded(deventer):
    aangemaakt = deventer.post(PIDS, body("natuurlijk_persoon", "bsn", "111222333", "brp"))
    url = aangemaakt.json()["url"]
    assert deventer.get(url).json()["partijIdentificator"]["objectId"] == "111222333"
    gewijzigd = deventer.put(url, body("natuurlijk_persoon", "bsn", "123456782", "brp"))
    assert gewijzigd.json()["partijIdentificator"]["objectId"] == "123456782"
    assert deventer.delete(url).status_code == 204
    acties = AuditTrail.objects.filter(resource="partijidentificator").order_by("pk")
    assert list(acties.values_list("actie", flat=True)) == ["create", "update", "destroy"]


def test_every_list_filter_of_partij_identificatoren(deventer):
    bsn = deventer.post(
        PIDS, body("natuurlijk_persoon", "bsn", "111222333", "brp", anderePartijIdentificator="oud")
    ).json()
    kvk = deventer.post(
        PIDS, body("niet_natuurlijk_persoon", "kvk_nummer", "12345678", "hr")
    ).json()

    def gevonden(**params):
        antwoord = deventer.get(PIDS, params)
        assert antwoord.status_code == 200, antwoord.content
        return {p["uuid"] for p in antwoord.json()["results"]}

    assert gevonden(anderePartijIdentificator="oud") == {bsn["uuid"]}
    assert gevonden(partijIdentificatorCodeObjecttype="niet_natuurlijk_persoon") == {kvk["uuid"]}
    assert gevonden(partijIdentificatorCodeRegister="brp") == {bsn["uuid"]}
    assert gevonden(partijIdentificatorCodeSoortObjectId="kvk_nummer") == {kvk["uuid"]}
    assert gevonden(partijIdentificatorObjectId="111222333") == {bsn["uuid"]}
    assert fout(deventer.get(PIDS, {"partijIdentificatorCodeRegister": "kvk"})) == {
        ("partijIdentificatorCodeRegister", "invalid_choice")
    }


def test_another_gemeentes_identificator_does_not_exist_for_the_caller(deventer, gemeenten):
    raalte = ki_client(gemeenten["raalte"], label="Raalte")
    kvk = deventer.post(
        PIDS, body("niet_natuurlijk_persoon", "kvk_nummer", "12345678", "hr")
    ).json()
    assert raalte.get(kvk["url"]).status_code == 404
    assert raalte.get(PIDS).json()["count"] == 0
    assert raalte.patch(kvk["url"], {"anderePartijIdentificator": "x"}).status_code == 404
    assert raalte.delete(kvk["url"]).status_code == 404
    vestiging = body(
        "vestiging",
        "vestigingsnummer",
        "000012345678",
        "hr",
        subIdentificatorVan={"uuid": kvk["uuid"]},
    )
    assert fout(raalte.post(PIDS, vestiging)) == {("subIdentificatorVan", "does_not_exist")}
    partij = deventer.post(
        f"{BASE}/partijen", {"soortPartij": "persoon", "indicatieActief": True}
    ).json()
    van_deventer = body(
        "natuurlijk_persoon",
        "bsn",
        "111222333",
        "brp",
        identificeerdePartij={"uuid": partij["uuid"]},
    )
    assert fout(raalte.post(PIDS, van_deventer)) == {("identificeerdePartij", "does_not_exist")}
