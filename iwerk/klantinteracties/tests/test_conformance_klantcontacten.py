"""Every operation of klantcontacten, betrokkenen, onderwerpobjecten, bijlagen,
actorklantcontacten and maak-klantcontact, validated against the official OAS. (The OAS lists
no 400 for these operations, so refusals are tested in the resources' own modules.)"""

from __future__ import annotations

import pytest

from iwerk.core.testing.conformance import ConformanceRecorder
from iwerk.core.testing.klantinteracties import BASE, ki_client
from iwerk.klantinteracties.models import Actor, Betrokkene, DigitaalAdres, Partij
from iwerk.klantinteracties.tests.test_klantcontacten import CONTACT
from iwerk.klantinteracties.tests.test_onderwerpobjecten import zaak

pytestmark = pytest.mark.django_db

PADEN = (
    "/klantcontacten",
    "/betrokkenen",
    "/onderwerpobjecten",
    "/bijlagen",
    "/actorklantcontacten",
    "/maak-klantcontact",
)


def test_every_operation_conforms_to_the_oas(gemeenten):
    deventer = gemeenten["deventer"]
    api = ConformanceRecorder(
        ki_client(deventer), "iwerk.klantinteracties", "/klantinteracties/api/v1"
    )
    partij = Partij.objects.create(tenant=deventer, soort_partij="persoon", nummer="0000000001")
    actor = Actor.objects.create(
        tenant=deventer,
        naam="Jan",
        soort_actor="medewerker",
        functie="KCC",
        telefoonnummer="0570123456",
    )
    eigen = zaak(deventer)

    kc = api.post(f"{BASE}/klantcontacten", {**CONTACT, "metadata": {"bron": "kcc"}}).json()
    kc_ref = {"uuid": kc["uuid"]}
    api.put(kc["url"], {**CONTACT, "hoofdOnderwerpType": "https://example.org/zaaktype/1"})
    api.patch(kc["url"], {"reactie": "Teruggebeld"})

    b = api.post(
        f"{BASE}/betrokkenen",
        {
            "hadKlantcontact": kc_ref,
            "wasPartij": {"uuid": str(partij.uuid)},
            "rol": "klant",
            "initiator": True,
            "bezoekadres": {"straatnaam": "Brink", "huisnummer": 1, "land": "NL"},
            "contactnaam": {"voornaam": "Anna"},
        },
    ).json()
    DigitaalAdres.objects.create(
        tenant=deventer,
        verstrekt_door_betrokkene=Betrokkene.objects.get(uuid=b["uuid"]),
        adres="a@b.nl",
        soort_digitaal_adres="email",
        # An empty referentie breaks the API's pattern in the digitaleadressen rendering
        # (that module's, reported); the klantcontact group's own output is what is checked.
        referentie="kcc-1",
    )
    api.put(b["url"], {"hadKlantcontact": kc_ref, "rol": "vertegenwoordiger", "initiator": False})
    api.patch(b["url"], {"organisatienaam": "Bakkerij"})
    api.get(b["url"], {"expand": "digitaleAdressen"})
    api.get(
        f"{BASE}/betrokkenen", {"expand": "digitaleAdressen", "hadKlantcontact__uuid": kc["uuid"]}
    )

    ow = api.post(
        f"{BASE}/onderwerpobjecten",
        {
            "klantcontact": kc_ref,
            "onderwerpobjectidentificator": {"objectId": str(eigen.uuid), "codeObjecttype": "zaak"},
        },
    ).json()
    api.put(ow["url"], {"klantcontact": kc_ref})
    api.patch(ow["url"], {"wasKlantcontact": None})
    api.get(ow["url"])
    api.get(f"{BASE}/onderwerpobjecten", {"klantcontact__uuid": kc["uuid"]})

    bijlage = api.post(
        f"{BASE}/bijlagen",
        {"wasBijlageVanKlantcontact": kc_ref, "bijlageidentificator": {"objectId": "d-1"}},
    ).json()
    api.put(bijlage["url"], {"wasBijlageVanKlantcontact": kc_ref})
    api.patch(bijlage["url"], {"bijlageidentificator": {"codeObjecttype": "DOCUMENT"}})
    api.get(bijlage["url"])
    api.get(f"{BASE}/bijlagen")

    ak = api.post(
        f"{BASE}/actorklantcontacten", {"actor": {"uuid": str(actor.uuid)}, "klantcontact": kc_ref}
    ).json()
    api.put(ak["url"], {"actor": {"uuid": str(actor.uuid)}, "klantcontact": kc_ref})
    api.patch(ak["url"], {"klantcontact": kc_ref})
    api.get(ak["url"])
    api.get(f"{BASE}/actorklantcontacten")

    alles = (
        "gingOverOnderwerpobjecten,hadBetrokkenen.digitaleAdressen,hadBetrokkenen.wasPartij,"
        "leiddeTotInterneTaken,omvatteBijlagen"
    )
    api.get(kc["url"], {"expand": alles})
    api.get(f"{BASE}/klantcontacten", {"expand": alles, "kanaal": "telefoon"})
    api.get(f"{BASE}/klantcontacten/{kc['uuid']}")

    gemaakt = api.post(
        f"{BASE}/maak-klantcontact",
        {
            "klantcontact": CONTACT,
            "betrokkene": {"rol": "klant", "initiator": True},
            "onderwerpobject": {"onderwerpobjectidentificator": {"objectId": "x"}},
        },
    ).json()

    api.delete(ak["url"])
    api.delete(bijlage["url"])
    api.delete(b["url"])
    api.delete(ow["url"])
    tweede = gemaakt["onderwerpobject"]["url"]
    assert api.delete(f"{tweede}?cascade=true").status_code == 200
    api.delete(kc["url"])

    assert api.violations == []
    assert api.server_errors == []
    mijn = {(m, p) for m, p in api.missing_operations() if p.split("/{")[0] in PADEN}
    assert mijn == set()
