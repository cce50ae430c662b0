"""Zaken services: registering, statuses, closing, reopening and archiving (zrc rules)."""

from datetime import UTC, date, datetime

import pytest

from iwerk.catalogi.models import ResultaatType, StatusType
from iwerk.core.api.actor import Actor, Grant
from iwerk.core.api.problems import PermissionDenied, ValidationFailed
from iwerk.core.testing import catalogus as build
from iwerk.zaken.models import Zaak
from iwerk.zaken.services import ZaakGegevens, add_resultaat, register_zaak, set_status

pytestmark = pytest.mark.django_db
ALLES = Actor(
    client_id="alles", applicatie_uuid=None, applicatie_label="", heeft_alle_autorisaties=True
)


def actor_with(zaaktype, *scopes, maximum="zeer_geheim"):
    return Actor(
        client_id="c",
        applicatie_uuid=None,
        applicatie_label="",
        heeft_alle_autorisaties=False,
        grants=(
            Grant("zrc", frozenset(scopes), type_id=zaaktype.pk, max_vertrouwelijkheid=maximum),
        ),
    )


@pytest.fixture
def zaaktype(catalogus):
    zt = build.complete_zaaktype(catalogus, servicenorm="P6W", doorlooptijd="P8W")
    zt.concept = False
    zt.save()
    return zt


def gegevens(**overrides):
    values = {
        "bronorganisatie": "001902763",
        "verantwoordelijke_organisatie": "001902763",
        "startdatum": date(2026, 3, 2),
    }
    values.update(overrides)
    return ZaakGegevens(**values)


def eind(zaaktype):
    return zaaktype.statustypen.order_by("-volgnummer").first()


def begin(zaaktype):
    return zaaktype.statustypen.order_by("volgnummer").first()


# register_zaak -----------------------------------------------------------------------------


def test_b05_register_fills_defaults_from_zaaktype(zaaktype):
    zaak = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    assert zaak.vertrouwelijkheidaanduiding == zaaktype.vertrouwelijkheidaanduiding
    assert zaak.einddatum_gepland == date(2026, 4, 13)  # + P6W servicenorm
    assert zaak.uiterlijke_einddatum_afdoening == date(2026, 4, 27)  # + P8W doorlooptijd
    assert zaak.archiefstatus == "nog_te_archiveren"
    assert zaak.tenant_id == zaaktype.tenant_id


def test_b03_identificatie_generated_per_bronorganisatie_and_year(zaaktype):
    first = register_zaak(
        actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(registratiedatum=date(2026, 1, 5))
    )
    second = register_zaak(
        actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(registratiedatum=date(2026, 1, 6))
    )
    other = register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=gegevens(bronorganisatie="001654937", registratiedatum=date(2026, 1, 6)),
    )
    assert (first.identificatie, second.identificatie) == (
        "ZAAK-2026-0000000001",
        "ZAAK-2026-0000000002",
    )
    assert other.identificatie == "ZAAK-2026-0000000001"


def test_b03_generated_identificatie_skips_one_chosen_by_hand(zaaktype):
    register_zaak(
        actor=ALLES,
        zaaktype=zaaktype,
        gegevens=gegevens(identificatie="ZAAK-2026-0000000001", registratiedatum=date(2026, 2, 1)),
    )
    zaak = register_zaak(
        actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(registratiedatum=date(2026, 2, 1))
    )
    assert zaak.identificatie == "ZAAK-2026-0000000002"


def codes(exc_info) -> dict[str, str]:
    return {p.name: p.code for p in exc_info.value.params}


def test_b03_duplicate_identificatie_is_refused(zaaktype):
    register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(identificatie="WMO-1"))
    with pytest.raises(ValidationFailed) as exc:
        register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(identificatie="WMO-1"))
    assert codes(exc) == {"identificatie": "identificatie-niet-uniek"}


def test_b01_concept_zaaktype_is_refused(catalogus):
    concept = build.complete_zaaktype(catalogus, identificatie="CONCEPT")
    with pytest.raises(ValidationFailed) as exc:
        register_zaak(actor=ALLES, zaaktype=concept, gegevens=gegevens())
    assert codes(exc) == {"zaaktype": "not-published"}


def test_b01_zaaktype_must_be_valid_on_startdatum(zaaktype):
    with pytest.raises(ValidationFailed) as exc:
        register_zaak(
            actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(startdatum=date(2020, 1, 1))
        )
    assert codes(exc) == {"zaaktype": "zaaktype-niet-geldig"}


def test_b16_b17_betaling_nvt_with_betaaldatum_and_unknown_products(zaaktype):
    with pytest.raises(ValidationFailed) as exc:
        register_zaak(
            actor=ALLES,
            zaaktype=zaaktype,
            gegevens=gegevens(
                betalingsindicatie="nvt",
                laatste_betaaldatum=datetime(2026, 1, 1, tzinfo=UTC),
                producten_of_diensten=["https://producten.example.nl/1"],
            ),
        )
    assert codes(exc) == {
        "laatsteBetaaldatum": "betaling-nvt",
        "productenOfDiensten": "invalid-products-services",
    }
    assert not Zaak.objects.exists()


def test_b18_deelzaak_cannot_be_hoofdzaak(zaaktype):
    hoofd = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    deel = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(hoofdzaak=hoofd))
    with pytest.raises(ValidationFailed) as exc:
        register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(hoofdzaak=deel))
    assert codes(exc) == {"hoofdzaak": "deelzaak-als-hoofdzaak"}


def test_b07_create_above_max_vertrouwelijkheid_is_forbidden(zaaktype):
    actor = actor_with(zaaktype, "zaken.aanmaken", maximum="intern")
    with pytest.raises(PermissionDenied):
        register_zaak(
            actor=actor, zaaktype=zaaktype, gegevens=gegevens(vertrouwelijkheidaanduiding="geheim")
        )
    assert register_zaak(
        actor=actor, zaaktype=zaaktype, gegevens=gegevens(vertrouwelijkheidaanduiding="intern")
    )


def test_b07_create_for_other_zaaktype_is_forbidden(zaaktype, catalogus):
    other = build.zaaktype(catalogus, identificatie="ANDER")
    with pytest.raises(PermissionDenied):
        register_zaak(
            actor=actor_with(other, "zaken.aanmaken"), zaaktype=zaaktype, gegevens=gegevens()
        )


# set_status --------------------------------------------------------------------------------


def test_b08_aanmaken_scope_sets_only_the_first_status(zaaktype):
    actor = actor_with(zaaktype, "zaken.aanmaken")
    zaak = register_zaak(actor=actor, zaaktype=zaaktype, gegevens=gegevens())
    set_status(
        actor=actor,
        zaak=zaak,
        statustype=begin(zaaktype),
        datum_status_gezet=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    with pytest.raises(PermissionDenied):
        set_status(
            actor=actor,
            zaak=zaak,
            statustype=begin(zaaktype),
            datum_status_gezet=datetime(2026, 3, 3, tzinfo=UTC),
        )


def test_b09_statustype_of_other_zaaktype_is_refused(zaaktype, catalogus):
    zaak = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    vreemd = build.complete_zaaktype(catalogus, identificatie="VREEMD").statustypen.first()
    with pytest.raises(ValidationFailed) as exc:
        set_status(
            actor=ALLES,
            zaak=zaak,
            statustype=vreemd,
            datum_status_gezet=datetime(2026, 3, 2, tzinfo=UTC),
        )
    assert codes(exc) == {"statustype": "zaaktype-mismatch"}


def test_b11_eindstatus_requires_resultaat(zaaktype):
    zaak = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    with pytest.raises(ValidationFailed) as exc:
        set_status(
            actor=ALLES,
            zaak=zaak,
            statustype=eind(zaaktype),
            datum_status_gezet=datetime(2026, 3, 2, tzinfo=UTC),
        )
    assert codes(exc) == {"nonFieldErrors": "resultaat-does-not-exist"}
    zaak.refresh_from_db()
    assert zaak.einddatum is None


def test_b10_b12_eindstatus_closes_in_local_time_and_derives_archiving(zaaktype):
    zaak = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    add_resultaat(actor=ALLES, zaak=zaak, resultaattype=zaaktype.resultaattypen.first())
    # 23:30 UTC on 31 March is 1 April in Amsterdam.
    set_status(
        actor=ALLES,
        zaak=zaak,
        statustype=eind(zaaktype),
        datum_status_gezet=datetime(2026, 3, 31, 23, 30, tzinfo=UTC),
    )
    zaak.refresh_from_db()
    assert zaak.einddatum == date(2026, 4, 1)
    assert (zaak.archiefnominatie, zaak.archiefactiedatum) == (
        "vernietigen",
        date(2036, 4, 1),
    )  # + P10Y


def test_b13_b14_closed_zaak_changes_only_with_forced_scope_and_reopening_clears(zaaktype):
    zaak = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    add_resultaat(actor=ALLES, zaak=zaak, resultaattype=zaaktype.resultaattypen.first())
    set_status(
        actor=ALLES,
        zaak=zaak,
        statustype=eind(zaaktype),
        datum_status_gezet=datetime(2026, 4, 1, 10, tzinfo=UTC),
    )
    behandelaar = actor_with(zaaktype, "zaken.statussen.toevoegen", "zaken.bijwerken")
    with pytest.raises(PermissionDenied):
        set_status(
            actor=behandelaar,
            zaak=zaak,
            statustype=begin(zaaktype),
            datum_status_gezet=datetime(2026, 4, 2, tzinfo=UTC),
        )
    with pytest.raises(PermissionDenied):
        add_resultaat(actor=behandelaar, zaak=zaak, resultaattype=zaaktype.resultaattypen.first())
    heropener = actor_with(zaaktype, "zaken.heropenen")
    set_status(
        actor=heropener,
        zaak=zaak,
        statustype=begin(zaaktype),
        datum_status_gezet=datetime(2026, 4, 2, tzinfo=UTC),
    )
    zaak.refresh_from_db()
    assert (zaak.einddatum, zaak.archiefnominatie, zaak.archiefactiedatum) == (None, "", None)


def test_b27_one_resultaat_per_zaak(zaaktype):
    zaak = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    add_resultaat(actor=ALLES, zaak=zaak, resultaattype=zaaktype.resultaattypen.first())
    with pytest.raises(ValidationFailed) as exc:
        add_resultaat(actor=ALLES, zaak=zaak, resultaattype=zaaktype.resultaattypen.first())
    assert codes(exc) == {"zaak": "unique"}


def test_b09_resultaattype_of_other_zaaktype_is_refused(zaaktype, catalogus):
    zaak = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    vreemd = (
        ResultaatType.objects.exclude(zaaktype=zaaktype).first()
        or build.complete_zaaktype(catalogus, identificatie="X").resultaattypen.first()
    )
    with pytest.raises(ValidationFailed) as exc:
        add_resultaat(actor=ALLES, zaak=zaak, resultaattype=vreemd)
    assert codes(exc) == {"resultaattype": "zaaktype-mismatch"}


def test_b10_is_eindstatus_follows_highest_volgnummer(zaaktype):
    assert eind(zaaktype).is_eindstatus
    StatusType.objects.create(
        tenant=zaaktype.tenant, zaaktype=zaaktype, omschrijving="Later", volgnummer=9
    )
    assert not zaaktype.statustypen.get(volgnummer=2).is_eindstatus


def test_b11_hoofdzaak_closes_only_after_its_deelzaken(zaaktype):
    hoofd = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    deel = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(hoofdzaak=hoofd))
    for zaak in (hoofd, deel):
        add_resultaat(actor=ALLES, zaak=zaak, resultaattype=zaaktype.resultaattypen.first())
    with pytest.raises(ValidationFailed) as exc:
        set_status(
            actor=ALLES,
            zaak=hoofd,
            statustype=eind(zaaktype),
            datum_status_gezet=datetime(2026, 4, 1, tzinfo=UTC),
        )
    assert codes(exc) == {"nonFieldErrors": "deelzaken-not-closed"}
    set_status(
        actor=ALLES,
        zaak=deel,
        statustype=eind(zaaktype),
        datum_status_gezet=datetime(2026, 4, 1, tzinfo=UTC),
    )
    set_status(
        actor=ALLES,
        zaak=hoofd,
        statustype=eind(zaaktype),
        datum_status_gezet=datetime(2026, 4, 2, tzinfo=UTC),
    )
    with pytest.raises(ValidationFailed) as exc:
        set_status(
            actor=ALLES,
            zaak=deel,
            statustype=begin(zaaktype),
            datum_status_gezet=datetime(2026, 4, 3, tzinfo=UTC),
        )
    assert codes(exc) == {"nonFieldErrors": "hoofdzaak-closed"}


def test_b20_relevante_andere_zaken_must_exist(zaaktype):
    other = register_zaak(actor=ALLES, zaaktype=zaaktype, gegevens=gegevens())
    good = {"url": f"http://testserver/zaken/api/v1/zaken/{other.uuid}", "aardRelatie": "vervolg"}
    assert register_zaak(
        actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(relevante_andere_zaken=[good])
    )
    bad = {
        "url": "http://testserver/zaken/api/v1/zaken/00000000-0000-0000-0000-000000000000",
        "aardRelatie": "vervolg",
    }
    with pytest.raises(ValidationFailed) as exc:
        register_zaak(
            actor=ALLES, zaaktype=zaaktype, gegevens=gegevens(relevante_andere_zaken=[good, bad])
        )
    assert codes(exc) == {"relevanteAndereZaken.1.url": "bad-url"}
