"""The zaak page shows a betrokkene's current BRP (or KvK) data on request, in the zaak's context,
with a marker where the stored data differ; only to users who may see the zaak. The FG finds
every lookup in the audit viewer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iwerk.core.models import Gemeente, Inzage
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import demo_medewerker, sign_in
from iwerk.werkplek.tests.intakepagina import INTAKE, SUZANNE, tekst, zaak_velden
from iwerk.zaken.models import Rol
from iwerk.zaken.services.aanvraag import Initiator, vestiging

pytestmark = pytest.mark.django_db


@pytest.fixture
def zaak(basiswereld):
    """A Wmo zaak of Suzanne Moulin, her address stored as it was before she moved."""
    return bouw.zaak(
        basiswereld.wmo,
        omschrijving="Scootmobiel",
        initiator=bouw.aanvrager(
            bsn_nummer=SUZANNE, straat="Walstraat", huisnummer=3, postcode="7411 GH"
        ),
    )


def _initiator(zaak) -> Rol:
    return Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator")


def _actueel(client, zaak, rol=None):
    rol = rol or _initiator(zaak)
    return client.post(f"/werkplek/zaken/{zaak.uuid}/actueel/", {"rol": str(rol.uuid)})


def test_current_brp_data_are_shown_with_what_differs_and_the_lookup_is_logged(
    zaak, registerdubbels
):
    client = sign_in("ewillems")
    pagina = client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()
    assert "Actuele BRP-gegevens tonen" in pagina
    assert f'action="/werkplek/zaken/{zaak.uuid}/actueel/#actueel"' in pagina

    response = _actueel(client, zaak)
    assert response.status_code == 200
    inhoud = tekst(response)
    assert "Actuele gegevens uit de BRP: Suzanne Moulin" in inhoud
    assert "Brink 12, 7411 BS Deventer" in inhoud and "14-3-1985" in inhoud
    assert "Wijkt af van de opgeslagen gegevens: Adres" in inhoud
    # The page's own forms still post to the zaak's actions from this URL.
    assert f'action="/werkplek/zaken/{zaak.uuid}/toewijzen/"' in response.content.decode()
    (verzoek,) = registerdubbels.verzoeken("brp")
    assert verzoek.body["burgerservicenummer"] == [SUZANNE]
    assert verzoek.body["gemeenteVanInschrijving"] == "0150"
    (rij,) = Inzage.objects.filter(soort="brp")
    assert rij.zaak_uuid == zaak.uuid and rij.bsn == SUZANNE and rij.gebruikers_id == "ewillems"
    assert "zaaktype WMO-MAATWERK" in rij.omschrijving
    rol = _initiator(zaak)
    assert rol.betrokkene_identificatie["verblijfsadres"]["gorOpenbareRuimteNaam"] == "Walstraat"


def test_the_same_data_say_so(basiswereld):
    gelijk = bouw.zaak(basiswereld.wmo, initiator=bouw.aanvrager(bsn_nummer=SUZANNE))
    inhoud = tekst(_actueel(sign_in("ewillems"), gelijk))
    assert "Gelijk aan de opgeslagen gegevens." in inhoud and "Wijkt af" not in inhoud


def test_a_user_who_may_not_see_the_zaak_gets_404_and_nothing_is_asked(
    basiswereld, zaak, registerdubbels
):
    from iwerk.zaken.models import Zaak

    Zaak.objects.filter(pk=zaak.pk).update(vertrouwelijkheidaanduiding="vertrouwelijk")
    demo_medewerker(basiswereld.gemeenten, "jdevries")  # Deventer, up to zaakvertrouwelijk
    for username in ("rmeijer", "jdevries"):
        assert _actueel(sign_in(username), zaak).status_code == 404, username
    assert registerdubbels.verzoeken("brp") == []
    assert not Inzage.objects.filter(soort__in=["brp", "zaak"]).exists()
    client = sign_in("ewillems")
    assert client.get(f"/werkplek/zaken/{zaak.uuid}/actueel/").status_code == 405
    assert client.post(f"/werkplek/zaken/{zaak.uuid}/actueel/", {"rol": "x"}).status_code == 404


def test_a_register_failure_is_a_message_on_the_page(zaak, registerdubbels):
    registerdubbels.storing("brp", "503")
    response = _actueel(sign_in("ewillems"), zaak)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() and "BRP" in tekst(response)
    assert "Wijkt af" not in tekst(response)
    (rij,) = Inzage.objects.filter(soort="brp")
    assert "mislukt" in rij.omschrijving


def test_a_company_shows_its_current_kvk_data(basiswereld):
    bedrijf = bouw.zaak(
        basiswereld.evenement,
        initiator=Initiator(
            "vestiging", vestiging(kvk_nummer="68750110", handelsnaam="IJsselvallei")
        ),
    )
    client = sign_in("ewillems")
    assert (
        "Actuele KvK-gegevens tonen"
        in client.get(f"/werkplek/zaken/{bedrijf.uuid}/").content.decode()
    )
    inhoud = tekst(_actueel(client, bedrijf))
    assert "Actuele gegevens uit de KvK: IJsselvallei" in inhoud
    assert "Keizerstraat 7, 7411 HE Deventer" in inhoud
    (rij,) = Inzage.objects.filter(soort="kvk")
    assert rij.zaak_uuid == bedrijf.uuid


def test_the_lookup_costs_a_fixed_number_of_queries_beyond_the_page(zaak):
    client = sign_in("ewillems")
    client.get(f"/werkplek/zaken/{zaak.uuid}/")
    with CaptureQueriesContext(connection) as pagina:
        client.get(f"/werkplek/zaken/{zaak.uuid}/")
    rol = _initiator(zaak)
    with CaptureQueriesContext(connection) as opvraging:
        assert _actueel(client, zaak, rol).status_code == 200
    # The rol, the purpose, the gemeente's connection and the lookup's inzage row.
    assert len(opvraging) - len(pagina) == 4, [q["sql"][:80] for q in opvraging.captured_queries]


def test_the_fg_finds_every_lookup_with_zaak_purpose_and_outcome(basiswereld, zaak):
    behandelaar = sign_in("ewillems")
    _actueel(behandelaar, zaak)
    behandelaar.post(INTAKE, zaak_velden(basiswereld.wmo, actie="brp-bsn", bsn=SUZANNE))
    behandelaar.post(INTAKE, zaak_velden(basiswereld.kap, actie="brp-bsn", bsn=SUZANNE))

    fg = sign_in("fg")
    fg.post("/werkplek/gemeente/", {"gemeente": Gemeente.objects.get(slug="deventer").pk})
    response = fg.get("/werkplek/audit/", {"soort": "basisregistraties"})
    assert response.status_code == 200
    regels = tekst(response).split("Auditregels", 1)[1]
    assert regels.count("BRP geraadpleegd (BSN 999990007)") == 3
    assert f"Zaak {zaak.identificatie} · BRP RaadpleegMetBurgerservicenummer" in regels
    assert "velden: naam, geboorte, adres, gezag" in regels
    assert "doelbinding BRPACT-WMO-MAATWERK" in regels and "uitkomst: gevonden" in regels
    assert "Bij een intake (nog geen zaak)" in regels
    assert "zaaktype KAP · uitkomst: geweigerd: geen doelbinding" in regels
    assert "Zaak bekeken" not in regels  # only lookups in the registers
    # The BSN filter finds them too, beside the zaak's own rows.
    per_bsn = tekst(fg.get("/werkplek/audit/", {"bsn": SUZANNE, "soort": "inzages"}))
    assert per_bsn.count("BRP geraadpleegd (BSN 999990007)") == 3
    export = fg.get("/werkplek/audit/", {"soort": "basisregistraties", "formaat": "csv"})
    assert export.content.decode().count("BRP geraadpleegd") == 3


def test_the_fg_sees_which_citizen_looked_up_in_the_portaal(basiswereld):
    from iwerk.basisregistraties.gegevens import Bevraging
    from iwerk.basisregistraties.services import bevragen

    # As the portaal asks when it prefills a form after a DigiD sign-in (portaal.services.vooraf).
    portaal = Bevraging(
        gemeente_id=basiswereld.gemeenten["deventer"].pk,
        zaaktype_identificatie="WMO-MAATWERK",
        kanaal="portaal",
        gebruikers_id=f"digid:{SUZANNE}",
        gebruikers_weergave="Inwoner (DigiD)",
    )
    bevragen.persoon_raadplegen(portaal, SUZANNE)

    fg = sign_in("fg")
    fg.post("/werkplek/gemeente/", {"gemeente": Gemeente.objects.get(slug="deventer").pk})
    regels = tekst(fg.get("/werkplek/audit/", {"soort": "basisregistraties"}))
    regels = regels.split("Auditregels", 1)[1]
    assert "Inwoner (DigiD) · digid:999990007" in regels
    assert "Bij het invullen van een formulier in het portaal (nog geen zaak)" in regels
    assert "Bij een intake" not in regels
    export = fg.get("/werkplek/audit/", {"soort": "basisregistraties", "formaat": "csv"})
    regel = next(r for r in export.content.decode().splitlines() if "BRP geraadpleegd" in r)
    assert "Inwoner (DigiD) · digid:999990007" in regel
    assert "Bij het invullen van een formulier in het portaal (nog geen zaak)" in regel
