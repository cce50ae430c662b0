"""Transfers to an e-Depot: which zaken are due (per gemeente, zaaktype and what the records
manager may see), who may put a package together, confirm or abort it, and what confirming
changes in the registers: documents `gearchiveerd`, zaken `overgedragen`, and with the
gemeente's setting the content gone while the metadata stays."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iwerk.archief.models import (
    Archiefinstelling,
    Overbrenging,
    Overbrengingsitem,
    Overbrengingsstatus,
)
from iwerk.archief.selectors import overbrenging as selectors
from iwerk.archief.services.overbrenging import (
    bevestig_ontvangst,
    breek_af,
    maak_overbrenging,
    registeractor,
)
from iwerk.core import gebeurtenissen, generations
from iwerk.core.api.problems import Conflict, NotFound, PermissionDenied, ValidationFailed
from iwerk.core.models import AuditTrail
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.archief import afgesloten_zaak, deel_document, zaaktype_met_besluit
from iwerk.core.testing.medewerkers import medewerker
from iwerk.documenten import content
from iwerk.documenten import services as documenten
from iwerk.documenten.models import EnkelvoudigInformatieObject, Versie, VervallenInhoud
from iwerk.documenten.services.archivering import inhoud_verwijderd, verwijder_inhoud
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.gebeurtenissen import ZaakGewijzigd
from iwerk.zaken.models import Zaak, ZaakInformatieObject
from iwerk.zaken.services import update_zaak
from iwerk.zaken.services.overdracht import draag_over

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    deventer, raalte = gemeenten["deventer"], gemeenten["raalte"]
    cat = build.catalogus(deventer)
    return SimpleNamespace(
        gemeente=deventer,
        raalte=raalte,
        kap=zaaktype_met_besluit(cat, "KAP", omschrijving="Kapvergunning"),
        mor=build.gepubliceerd_zaaktype(cat, "MOR", omschrijving="Melding openbare ruimte"),
        raalte_kap=zaaktype_met_besluit(build.catalogus(raalte), "KAP"),
        div=medewerker(deventer, "div", Rol.div_medewerker),
    )


def bewaarzaak(zaaktype, **kwargs) -> Zaak:
    kwargs.setdefault("documenten", 2)
    kwargs.setdefault("archiefnominatie", "blijvend_bewaren")
    return afgesloten_zaak(zaaktype, **kwargs)


def documenten_van(zaak: Zaak) -> list[EnkelvoudigInformatieObject]:
    return [
        zio.informatieobject
        for zio in ZaakInformatieObject.objects.filter(zaak=zaak).select_related("informatieobject")
    ]


def klaargezet(wereld, **kwargs) -> Overbrenging:
    return maak_overbrenging(
        gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG, **kwargs
    )


# Which zaken are due


def test_due_are_closed_zaken_to_keep_whose_date_passed_and_that_are_in_no_transfer(wereld):
    due = bewaarzaak(wereld.kap)
    bewaarzaak(wereld.kap, archiefnominatie="vernietigen")  # destroyed, not transferred
    bewaarzaak(wereld.kap, archiefactiedatum=VANDAAG + timedelta(days=1))  # not yet
    zaakbouwer.zaak(wereld.kap)  # open
    gearchiveerd = bewaarzaak(wereld.kap)
    Zaak.objects.filter(pk=gearchiveerd.pk).update(archiefstatus="gearchiveerd")
    in_pakket = bewaarzaak(wereld.mor)
    overbrenging = Overbrenging.objects.create(
        gemeente=wereld.gemeente,
        nummer="OB-2026-0099",
        peildatum=VANDAAG,
        aangemaakt_door=wereld.div,
    )
    Overbrengingsitem.objects.create(overbrenging=overbrenging, zaak=in_pakket, identificatie="x")
    bewaarzaak(wereld.raalte_kap)  # another gemeente
    actor = registeractor(wereld.div, wereld.gemeente, "")

    zaken = selectors.te_overbrengen(actor=actor, gemeente=wereld.gemeente, peildatum=VANDAAG)

    assert list(zaken) == [due]
    overbrenging.status = Overbrengingsstatus.afgebroken  # an aborted transfer frees its zaken
    overbrenging.save()
    assert set(
        selectors.te_overbrengen(actor=actor, gemeente=wereld.gemeente, peildatum=VANDAAG)
    ) == {due, in_pakket}


def test_due_counts_per_zaaktype_in_one_query_within_the_records_managers_vertrouwelijkheid(
    wereld,
):
    bewaarzaak(wereld.kap)
    bewaarzaak(wereld.kap)
    bewaarzaak(wereld.mor)
    bewaarzaak(wereld.mor, vertrouwelijkheid="geheim")  # above the records manager's maximum
    met_geheim_document = bewaarzaak(wereld.kap, documenten=0)
    iot = wereld.kap.catalogus.informatieobjecttypen.get(omschrijving="Aanvraag")
    document = zaakbouwer.document(wereld.gemeente, iot, vertrouwelijkheid="geheim")
    Zaak.objects.filter(pk=met_geheim_document.pk).update(archiefstatus="nog_te_archiveren")
    ZaakInformatieObject.objects.create(
        tenant=wereld.gemeente, zaak=met_geheim_document, informatieobject=document
    )
    from iwerk.medewerkers.actor import context_for

    actor = context_for(wereld.div, wereld.gemeente.pk).actor

    with CaptureQueriesContext(connection) as queries:
        tellingen = selectors.te_overbrengen_per_zaaktype(
            actor=actor, gemeente=wereld.gemeente, peildatum=VANDAAG
        )

    assert len(queries.captured_queries) == 1
    assert tellingen == [
        selectors.Zaaktypetelling("KAP", "Kapvergunning", 2),
        selectors.Zaaktypetelling("MOR", "Melding openbare ruimte", 1),
    ]


# Who may


@pytest.mark.parametrize("rol", [Rol.behandelaar, Rol.archivaris, Rol.teamleider])
def test_only_a_records_manager_puts_a_package_together(wereld, rol):
    bewaarzaak(wereld.kap)
    ander = medewerker(wereld.gemeente, "ander", rol)

    with pytest.raises(PermissionDenied, match="DIV-medewerkers") as fout:
        maak_overbrenging(gebruiker=ander, gemeente=wereld.gemeente, peildatum=VANDAAG)

    assert fout.value.code == "verkeerde-rol"
    assert not Overbrenging.objects.exists()


def test_a_records_manager_of_another_gemeente_is_refused_everywhere(wereld):
    bewaarzaak(wereld.kap)
    raalte_div = medewerker(wereld.raalte, "raalte-div", Rol.div_medewerker)

    with pytest.raises(PermissionDenied) as fout:
        maak_overbrenging(gebruiker=raalte_div, gemeente=wereld.gemeente, peildatum=VANDAAG)
    assert fout.value.code == "andere-gemeente"

    overbrenging = klaargezet(wereld)
    for actie in (
        lambda: bevestig_ontvangst(
            gebruiker=raalte_div, overbrenging=overbrenging, ontvangstbewijs="x"
        ),
        lambda: breek_af(gebruiker=raalte_div, overbrenging=overbrenging),
    ):
        with pytest.raises(PermissionDenied, match="Deventer"):
            actie()
    overbrenging.refresh_from_db()
    assert overbrenging.status == Overbrengingsstatus.klaargezet


def test_a_zaak_of_another_gemeente_is_never_in_the_package(wereld):
    eigen = bewaarzaak(wereld.kap)
    ander = bewaarzaak(wereld.raalte_kap)

    overbrenging = klaargezet(wereld)

    assert list(overbrenging.items.values_list("zaak_id", flat=True)) == [eigen.pk]
    with selectors.open_pakket(overbrenging) as handle:
        zip_ = zipfile.ZipFile(io.BytesIO(handle.read()))
    data = b"".join(zip_.read(naam) for naam in zip_.namelist())
    assert str(eigen.uuid).encode() in data
    assert str(ander.uuid).encode() not in data
    assert ander.identificatie == eigen.identificatie  # numbered per bronorganisatie: one folder
    assert (
        len([n for n in zip_.namelist() if n.endswith(".mdto.xml") and "/DOCUMENT-" not in n]) == 1
    )
    # nor when someone passes it to the loader
    assert [d.zaak for d in selectors.dossiers(wereld.gemeente, [eigen.pk, ander.pk])] == [eigen]


def test_numbers_run_per_gemeente_and_year(wereld):
    bewaarzaak(wereld.kap)
    eerste = klaargezet(wereld)
    bewaarzaak(wereld.kap)
    tweede = klaargezet(wereld)
    bewaarzaak(wereld.raalte_kap)
    raalte = maak_overbrenging(
        gebruiker=medewerker(wereld.raalte, "raalte-div", Rol.div_medewerker),
        gemeente=wereld.raalte,
        peildatum=VANDAAG,
    )

    jaar = VANDAAG.year
    assert [eerste.nummer, tweede.nummer, raalte.nummer] == [
        f"OB-{jaar}-0001",
        f"OB-{jaar}-0002",
        f"OB-{jaar}-0001",
    ]


def test_nothing_due_or_a_future_peildatum_is_refused(wereld):
    with pytest.raises(Conflict) as fout:
        klaargezet(wereld)
    assert fout.value.code == "geen-zaken"
    bewaarzaak(wereld.kap)
    with pytest.raises(ValidationFailed):
        maak_overbrenging(
            gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG + timedelta(days=1)
        )
    with pytest.raises(Conflict):
        klaargezet(wereld, zaaktypen=["MOR"])
    assert not Overbrenging.objects.exists()


# Confirmation


@pytest.fixture
def gewijzigd():
    """The zaken a ZaakGewijzigd event names."""
    gezien: list[int] = []

    def luister(gebeurtenis: ZaakGewijzigd) -> None:
        gezien.append(gebeurtenis.zaak_id)

    gebeurtenissen.verbind(ZaakGewijzigd, luister)
    yield gezien
    gebeurtenissen.ontkoppel(ZaakGewijzigd, luister)


def test_confirming_receipt_archives_the_documents_and_transfers_the_zaken(wereld, gewijzigd):
    zaken = [bewaarzaak(wereld.kap, met_besluit=True), bewaarzaak(wereld.mor)]
    overbrenging = klaargezet(wereld)
    generatie = generations.current("zaken")

    bevestigd = bevestig_ontvangst(
        gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="E-DEPOT-2026/17"
    )

    assert bevestigd.status == Overbrengingsstatus.bevestigd
    assert bevestigd.bevestigd_door == wereld.div
    assert bevestigd.ontvangstbewijs == "E-DEPOT-2026/17"
    assert not bevestigd.inhoud_verwijderd
    for zaak in zaken:
        zaak.refresh_from_db()
        assert zaak.archiefstatus == "overgedragen"
        for document in documenten_van(zaak):
            assert document.status == "gearchiveerd"
            assert document.versie == 2  # the status change is a version, the content the same
            v1, v2 = Versie.objects.filter(document=document).order_by("versie")
            assert v2.inhoud == v1.inhoud and v2.gegevens["status"] == "gearchiveerd"
        rij = AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid).latest("pk")
        assert rij.actie == "partial_update"
        assert rij.gebruikers_id == "div"
        assert f"Overbrenging {overbrenging.nummer}" in rij.toelichting
        assert "E-DEPOT-2026/17" in rij.toelichting
        assert rij.nieuw["archiefstatus"] == "overgedragen"
    assert sorted(gewijzigd) == sorted(z.pk for z in zaken)
    assert generations.current("zaken") > generatie
    # without the setting the content and the package stay
    assert all(v.inhoud for v in Versie.objects.all())
    assert bevestigd.pakket
    assert selectors.open_pakket(bevestigd).read(2) == b"PK"


def test_with_the_setting_the_content_goes_and_the_metadata_stays(wereld, superuser_client):
    Archiefinstelling.objects.create(
        gemeente=wereld.gemeente, inhoud_verwijderen_na_overdracht=True
    )
    zaak = bewaarzaak(wereld.kap, met_besluit=True)
    nog_in_gebruik = bewaarzaak(wereld.mor, archiefactiedatum=VANDAAG + timedelta(days=30))
    deel_document(zaak, nog_in_gebruik)  # this document a zaak not transferred still holds
    gedeeld = documenten_van(nog_in_gebruik)
    overbrenging = klaargezet(wereld)
    namen = set(
        Versie.objects.filter(document__in=documenten_van(zaak))
        .exclude(inhoud="")
        .values_list("inhoud", flat=True)
    )

    bevestigd = bevestig_ontvangst(
        gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="ontvangen 17"
    )

    assert bevestigd.inhoud_verwijderd and bevestigd.pakket == ""
    gedeeld_ids = {
        d.pk
        for d in gedeeld
        if ZaakInformatieObject.objects.filter(zaak=zaak, informatieobject=d).exists()
    }
    assert len(gedeeld_ids) == 1
    for document in documenten_van(zaak):
        versies = list(Versie.objects.filter(document=document))
        if document.pk in gedeeld_ids:
            assert all(v.inhoud for v in versies)  # still in use: kept
            continue
        assert versies and all(inhoud_verwijderd(v) for v in versies)
        assert all(v.sha256 and v.bestandsomvang and v.gegevens["titel"] for v in versies)
        rij = AuditTrail.objects.filter(hoofd_object_uuid=document.uuid).latest("pk")
        assert rij.toelichting.startswith(
            f"Inhoud verwijderd na overbrenging {overbrenging.nummer}"
        )
    vervallen = set(VervallenInhoud.objects.values_list("naam", flat=True))
    assert overbrenging.pakket in vervallen  # the package, with the content it carries
    behouden = {v.inhoud for v in Versie.objects.filter(document_id__in=gedeeld_ids)}
    assert vervallen == (namen - behouden) | {overbrenging.pakket}
    with pytest.raises(NotFound, match="verwijderd"):
        selectors.open_pakket(bevestigd)
    # the API answers a download of removed content with a problem in Dutch, not a 500, and
    # still describes every version
    weg = next(d for d in documenten_van(zaak) if d.pk not in gedeeld_ids)
    pad = f"/documenten/api/v1/enkelvoudiginformatieobjecten/{weg.uuid}"
    response = superuser_client.get(f"{pad}/download", {"versie": 1})
    assert response.status_code == 410 and response.json()["code"] == "inhoud-overgebracht"
    beschrijving = superuser_client.get(pad).json()
    assert beschrijving["inhoud"] is None and beschrijving["bestandsomvang"]
    assert beschrijving["status"] == "gearchiveerd"
    # the worker removes it after the grace period; the versions keep pointing at nothing
    VervallenInhoud.objects.update(verwijderen_na=timezone.now() - timedelta(seconds=1))
    assert content.remove_released() == len(vervallen)
    assert not content.storage().exists(overbrenging.pakket)


def test_a_second_confirmation_is_refused_and_changes_nothing(wereld):
    Archiefinstelling.objects.create(
        gemeente=wereld.gemeente, inhoud_verwijderen_na_overdracht=True
    )
    bewaarzaak(wereld.kap)
    overbrenging = klaargezet(wereld)
    bevestig_ontvangst(gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="eerste")
    audit, versies = AuditTrail.objects.count(), Versie.objects.count()

    with pytest.raises(Conflict, match="al bevestigd") as fout:
        bevestig_ontvangst(
            gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="tweede"
        )

    assert fout.value.code == "al-bevestigd"
    overbrenging.refresh_from_db()
    assert overbrenging.ontvangstbewijs == "eerste"
    assert (AuditTrail.objects.count(), Versie.objects.count()) == (audit, versies)
    with pytest.raises(Conflict):
        breek_af(gebruiker=wereld.div, overbrenging=overbrenging)


@pytest.mark.parametrize("rol", [Rol.behandelaar, Rol.archivaris])
def test_confirming_is_for_the_records_manager_only(wereld, rol):
    zaak = bewaarzaak(wereld.kap)
    overbrenging = klaargezet(wereld)

    with pytest.raises(PermissionDenied):
        bevestig_ontvangst(
            gebruiker=medewerker(wereld.gemeente, "ander", rol),
            overbrenging=overbrenging,
            ontvangstbewijs="x",
        )

    zaak.refresh_from_db()
    overbrenging.refresh_from_db()
    assert zaak.archiefstatus == "nog_te_archiveren"
    assert overbrenging.status == Overbrengingsstatus.klaargezet


def test_a_zaak_changed_after_the_package_was_put_together_stops_the_confirmation(wereld):
    zaak = bewaarzaak(wereld.kap)
    ongewijzigd = bewaarzaak(wereld.mor)
    overbrenging = klaargezet(wereld)
    document = documenten_van(zaak)[0]
    lock = documenten.lock_document(actor=zaakbouwer.ALLES, document=document)
    documenten.unlock_document(actor=zaakbouwer.ALLES, document=document, lock=lock)
    update_zaak(actor=zaakbouwer.ALLES, zaak=ongewijzigd, changes={"toelichting": "Later"})
    audit = AuditTrail.objects.count()

    with pytest.raises(Conflict, match="gewijzigd nadat") as fout:
        bevestig_ontvangst(gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="x")

    assert fout.value.code == "zaak-gewijzigd"
    assert ongewijzigd.identificatie in fout.value.detail
    zaak.refresh_from_db()
    assert zaak.archiefstatus == "nog_te_archiveren"
    assert AuditTrail.objects.count() == audit
    assert selectors.gewijzigd_na_klaarzetten(overbrenging) == [ongewijzigd.identificatie]


def test_a_document_changed_after_packing_names_its_zaak(wereld):
    zaak = bewaarzaak(wereld.kap)
    overbrenging = klaargezet(wereld)
    document = documenten_van(zaak)[0]
    gegevens = dict(document.huidige_versie.gegevens)
    gegevens.pop("informatieobjecttype")
    gegevens["titel"] = "Later gewijzigd"
    lock = documenten.lock_document(actor=zaakbouwer.ALLES, document=document)
    document.refresh_from_db()
    documenten.update_document(
        actor=zaakbouwer.ALLES,
        document=document,
        lock=lock,
        invoer=documenten.Invoer(
            informatieobjecttype=document.informatieobjecttype, gegevens=gegevens
        ),
    )

    assert selectors.gewijzigd_na_klaarzetten(overbrenging) == [zaak.identificatie]


def test_a_locked_document_stops_the_confirmation(wereld):
    zaak = bewaarzaak(wereld.kap)
    overbrenging = klaargezet(wereld)
    document = documenten_van(zaak)[0]
    EnkelvoudigInformatieObject.objects.filter(pk=document.pk).update(lock="iemand")

    with pytest.raises(Conflict, match="gelockt"):
        bevestig_ontvangst(gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="x")

    zaak.refresh_from_db()
    assert zaak.archiefstatus == "nog_te_archiveren"
    assert not EnkelvoudigInformatieObject.objects.filter(status="gearchiveerd").exists()


def test_an_ontvangstbewijs_is_required(wereld):
    bewaarzaak(wereld.kap)
    overbrenging = klaargezet(wereld)

    with pytest.raises(ValidationFailed):
        bevestig_ontvangst(gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="  ")


def test_aborting_frees_the_zaken_and_releases_the_package(wereld):
    zaak = bewaarzaak(wereld.kap)
    overbrenging = klaargezet(wereld)
    pakket = overbrenging.pakket

    afgebroken = breek_af(gebruiker=wereld.div, overbrenging=overbrenging)

    assert afgebroken.status == Overbrengingsstatus.afgebroken and afgebroken.pakket == ""
    assert VervallenInhoud.objects.filter(naam=pakket).exists()
    with pytest.raises(NotFound, match="afgebroken"):
        selectors.open_pakket(afgebroken)
    with pytest.raises(Conflict) as fout:
        bevestig_ontvangst(gebruiker=wereld.div, overbrenging=afgebroken, ontvangstbewijs="x")
    assert fout.value.code == "afgebroken"
    nieuw = klaargezet(wereld)
    assert list(nieuw.items.values_list("zaak_id", flat=True)) == [zaak.pk]


# The registers' own rules


def test_the_zaken_register_refuses_overgedragen_while_a_document_is_not_archived(wereld):
    zaak = bewaarzaak(wereld.kap)
    actor = registeractor(wereld.div, wereld.gemeente, "test")

    with pytest.raises(ValidationFailed, match=zaak.identificatie) as fout:
        draag_over(actor=actor, zaak_ids=[zaak.pk])

    assert fout.value.params[0].code == "documents-not-archived"
    zaak.refresh_from_db()
    assert zaak.archiefstatus == "nog_te_archiveren"


def test_the_zaken_register_refuses_an_open_zaak_and_a_reader(wereld):
    open_zaak = zaakbouwer.zaak(wereld.kap)
    actor = registeractor(wereld.div, wereld.gemeente, "test")
    with pytest.raises(Conflict, match="niet afgesloten"):
        draag_over(actor=actor, zaak_ids=[open_zaak.pk])
    from iwerk.medewerkers.actor import context_for

    lezer = context_for(wereld.div, wereld.gemeente.pk).actor  # the role itself only reads
    with pytest.raises(PermissionDenied):
        draag_over(actor=lezer, zaak_ids=[bewaarzaak(wereld.kap, documenten=0).pk])


def test_content_goes_only_from_archived_documents(wereld):
    zaak = bewaarzaak(wereld.kap)
    actor = registeractor(wereld.div, wereld.gemeente, "test")

    with pytest.raises(Conflict, match="niet gearchiveerd"):
        verwijder_inhoud(actor=actor, document_ids=[d.pk for d in documenten_van(zaak)])

    assert all(v.inhoud for v in Versie.objects.all())


def test_a_transfer_whose_package_is_not_stored_yet_is_not_confirmed_but_may_be_aborted(wereld):
    zaak = bewaarzaak(wereld.kap)
    overbrenging = Overbrenging.objects.create(
        gemeente=wereld.gemeente,
        nummer="OB-2026-0042",
        peildatum=VANDAAG,
        aangemaakt_door=wereld.div,
    )
    Overbrengingsitem.objects.create(overbrenging=overbrenging, zaak=zaak, identificatie="x")

    with pytest.raises(Conflict) as fout:
        bevestig_ontvangst(gebruiker=wereld.div, overbrenging=overbrenging, ontvangstbewijs="x")
    assert fout.value.code == "pakket-niet-klaar"
    with pytest.raises(NotFound, match="samengesteld"):
        selectors.open_pakket(overbrenging)

    assert breek_af(gebruiker=wereld.div, overbrenging=overbrenging).status == "afgebroken"
    zaak.refresh_from_db()
    assert zaak.archiefstatus == "nog_te_archiveren"
