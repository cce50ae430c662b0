"""The bulk import of a good file: what it writes, that it writes it silently, that a rerun skips
what is there, and that a zaak a service refuses leaves no trace."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest
from django.utils import timezone

from iwerk.berichten.models import Bericht
from iwerk.core.models import AuditTrail
from iwerk.core.testing.medewerkers import medewerker
from iwerk.documenten.models import EnkelvoudigInformatieObject, ObjectInformatieObject, Versie
from iwerk.migratie.bestand.controle import controleer
from iwerk.migratie.bestand.importeren import ImportGeweigerd, importeer, verwerk
from iwerk.migratie.bestand.lezen import lees
from iwerk.migratie.tests.bestand_hulp import (
    BSN,
    PDF,
    TEKST,
    als_csv,
    als_xlsx,
    bestanden,
    catalogus_met_kap,
    goede_bladen,
)
from iwerk.notificaties.models import Notificatie
from iwerk.signaleringen.models import Signalering
from iwerk.werkverdeling.models import Taak, Taaksjabloon
from iwerk.zaken.models import Resultaat, Rol, Status, Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db


@pytest.fixture
def kap(catalogus, document_storage):
    return catalogus_met_kap(catalogus)


@pytest.fixture(params=["csv", "xlsx"])
def goed_bestand(request, tmp_path):
    bestanden(tmp_path)
    if request.param == "csv":
        return als_csv(goede_bladen(), tmp_path / "export")
    return als_xlsx(goede_bladen(), tmp_path / "export.xlsx")


def _lokaal(zaak: Zaak, **kwargs) -> datetime:
    return timezone.make_aware(datetime(**kwargs))


def test_good_file_imports_zaken_with_their_history(kap, tenant, goed_bestand, tmp_path):
    verslag = verwerk(goed_bestand, tenant, bestanden=tmp_path, uitvoeren=True)

    assert verslag.fouten == [] and verslag.mislukt == []
    assert verslag.aantallen == {"zaken": 3, "rollen": 4, "statussen": 4, "documenten": 3}
    z1 = Zaak.objects.get(identificatie="Z-1")
    assert (z1.bronorganisatie, z1.tenant_id, z1.zaaktype_id) == (tenant.rsin, tenant.pk, kap.pk)
    assert z1.registratiedatum == date(2021, 2, 1) and z1.startdatum == date(2021, 2, 1)
    # Closed by its eindstatus on the day it was closed, with the archiving the source knew.
    assert z1.einddatum == date(2021, 3, 1)
    assert z1.archiefnominatie == "blijvend_bewaren"
    assert z1.huidige_statustype.omschrijving == "Afgehandeld"
    assert Resultaat.objects.get(zaak=z1).resultaattype.omschrijving == "Verleend"
    statussen = list(Status.objects.filter(zaak=z1).order_by("datum_status_gezet", "pk"))
    assert [
        (s.statustype.omschrijving, timezone.localtime(s.datum_status_gezet)) for s in statussen
    ] == [
        ("Ontvangen", _lokaal(z1, year=2021, month=2, day=1, hour=9)),
        ("In behandeling", _lokaal(z1, year=2021, month=2, day=3)),
        ("Afgehandeld", _lokaal(z1, year=2021, month=3, day=1, hour=16)),
    ]
    # Created in date order, so the last one written is the last one set.
    assert statussen == sorted(statussen, key=lambda s: s.pk)
    rollen = {r.roltype.omschrijving: r for r in Rol.objects.filter(zaak=z1)}
    assert rollen["Aanvrager"].bsn == BSN
    assert rollen["Aanvrager"].betrokkene_identificatie["geslachtsnaam"] == "Jansen"
    assert rollen["Behandelaar"].medewerker_identificatie == "ppietersen"
    assert z1.behandelaar == "ppietersen"
    z2 = Zaak.objects.get(identificatie="Z-2")
    assert z2.einddatum is None and z2.vertrouwelijkheidaanduiding == "vertrouwelijk"
    assert Rol.objects.get(zaak=z2).kvk_nummer == "12345678"
    z3 = Zaak.objects.get(identificatie="Z-3")
    assert z3.hoofdzaak_id == z2.pk
    assert Rol.objects.get(zaak=z3).betrokkene_identificatie["innNnpId"] == "001902763"


def test_documents_keep_their_content_and_checksum(kap, tenant, goed_bestand, tmp_path):
    verwerk(goed_bestand, tenant, bestanden=tmp_path, uitvoeren=True)

    z1 = Zaak.objects.get(identificatie="Z-1")
    zios = list(ZaakInformatieObject.objects.filter(zaak=z1).select_related("informatieobject"))
    documenten = {zio.informatieobject.identificatie: zio.informatieobject for zio in zios}
    oud = documenten.pop("DOC-OUD-1")
    (gegenereerd,) = documenten.values()
    for document, inhoud in ((oud, PDF), (gegenereerd, TEKST)):
        versie = Versie.objects.get(pk=document.huidige_versie_id)
        assert versie.sha256 == hashlib.sha256(inhoud).hexdigest()
        assert versie.bestandsomvang == len(inhoud)
        from iwerk.documenten import content

        assert b"".join(content.read(versie.inhoud)) == inhoud
        assert ObjectInformatieObject.objects.filter(
            informatieobject=document, object_type="zaak", object__endswith=str(z1.uuid)
        ).exists()
    assert oud.titel == "Aanvraag kap" and oud.informatieobjecttype.omschrijving == "Aanvraag"
    gegevens = Versie.objects.get(pk=gegenereerd.huidige_versie_id).gegevens
    assert gegevens["titel"] == "verslag" and gegevens["bestandsnaam"] == "verslag.txt"
    assert gegevens["formaat"] == "text/plain" and gegevens["creatiedatum"] == "2021-02-28"
    assert gegevens["auteur"] == "Team Bomen" and gegevens["taal"] == "dut"
    assert gegenereerd.indicatie_gebruiksrecht is False


@pytest.fixture
def werk(tenant):
    """What would make a new zaak start work: the behandelaar has an account (a signal on
    assignment) and KAP's checklist has a task at 'In behandeling'."""
    medewerker(tenant, "ppietersen")
    Taaksjabloon.objects.create(
        gemeente=tenant,
        zaaktype_identificatie="KAP",
        statustype_omschrijving="In behandeling",
        titel="Boom beoordelen",
    )


def test_import_is_silent(kap, werk, tenant, goed_bestand, tmp_path):
    """Nobody is told about zaken of 2021 (ADR 0063): no notification, no message to the
    citizen (whose statustypen inform), no task, no signal. The audit trail does record the
    migrating actor."""
    verwerk(goed_bestand, tenant, bestanden=tmp_path, uitvoeren=True)

    assert Notificatie.objects.count() == 0
    assert Bericht.objects.count() == 0
    assert Taak.objects.count() == 0
    assert Signalering.objects.count() == 0
    z1 = Zaak.objects.get(identificatie="Z-1")
    aanmaak = AuditTrail.objects.get(hoofd_object_uuid=z1.uuid, resource="zaak", actie="create")
    assert aanmaak.gebruikers_id == "iwerk migratie"
    assert aanmaak.toelichting.startswith("Bestandsimport")


def test_rerun_skips_what_was_imported(kap, tenant, goed_bestand, tmp_path):
    verwerk(goed_bestand, tenant, bestanden=tmp_path, uitvoeren=True)

    proef = verwerk(goed_bestand, tenant, bestanden=tmp_path)
    assert proef.fouten == []
    assert sorted(proef.al_geimporteerd) == ["Z-1", "Z-2", "Z-3"]
    assert proef.aantallen == {"zaken": 0, "rollen": 0, "statussen": 0, "documenten": 0}
    opnieuw = verwerk(goed_bestand, tenant, bestanden=tmp_path, uitvoeren=True)
    assert opnieuw.gelukt and opnieuw.aantallen["zaken"] == 0
    assert Zaak.objects.count() == 3 and Status.objects.count() == 4
    assert EnkelvoudigInformatieObject.objects.count() == 3


def test_zaak_whose_second_document_fails_leaves_no_trace_and_run_goes_on(
    kap, tenant, tmp_path, document_storage
):
    """The dry run cannot see that 'verslag.pdf' is no PDF; the register refuses it when it stores
    the content. Z-1 is then rolled back whole — its first document's content too — and the
    other zaken are imported; once the file is fixed a rerun imports Z-1 and skips the rest."""
    bladen = goede_bladen()
    bladen["documenten"][2][1] = "stukken/verslag.pdf"
    (bestanden(tmp_path) / "stukken" / "verslag.pdf").write_bytes(TEKST)
    map_ = als_csv(bladen, tmp_path / "export")

    verslag = verwerk(map_, tenant, bestanden=tmp_path, uitvoeren=True)

    assert [(u.identificatie, u.status) for u in verslag.mislukt] == [("Z-1", "mislukt")]
    assert "document (blad documenten, rij 3)" in verslag.mislukt[0].reden
    assert "geen application/pdf" in verslag.mislukt[0].reden
    assert verslag.aantallen["zaken"] == 2
    assert not Zaak.objects.filter(identificatie="Z-1").exists()
    assert not EnkelvoudigInformatieObject.objects.filter(identificatie="DOC-OUD-1").exists()
    assert not AuditTrail.objects.filter(resource_weergave__contains="Z-1").exists()
    assert Versie.objects.count() == 1  # Z-2's document only
    opgeslagen = [
        p for p in document_storage.rglob("*") if p.is_file() and "staging" not in p.parts
    ]
    assert len(opgeslagen) == 1  # the content of Z-1's first document was removed again

    (tmp_path / "stukken" / "verslag.pdf").write_bytes(PDF)
    opnieuw = verwerk(map_, tenant, bestanden=tmp_path, uitvoeren=True)
    assert opnieuw.gelukt and opnieuw.al_geimporteerd == ["Z-3", "Z-2"]
    assert [u.identificatie for u in opnieuw.uitkomsten] == ["Z-1"]
    assert Zaak.objects.get(identificatie="Z-1").einddatum == date(2021, 3, 1)


def test_deelzaak_of_a_failed_hoofdzaak_is_not_imported(kap, tenant, tmp_path, document_storage):
    bladen = goede_bladen()
    bladen["documenten"].append(
        ["Z-2", "stukken/nep.pdf", "", "Aanvraag", "2021-05-01", "X", "", ""]
    )
    (bestanden(tmp_path) / "stukken" / "nep.pdf").write_bytes(b"geen pdf")
    verslag = verwerk(als_csv(bladen, tmp_path / "e"), tenant, bestanden=tmp_path, uitvoeren=True)

    assert {u.identificatie: u.reden for u in verslag.mislukt}["Z-3"] == (
        "de hoofdzaak 'Z-2' is niet geïmporteerd."
    )
    assert list(Zaak.objects.values_list("identificatie", flat=True)) == ["Z-1"]


def test_import_refuses_a_plan_with_errors(kap, tenant, tmp_path):
    bladen = goede_bladen()
    bladen["zaken"][1][1] = "ONBEKEND"
    controle = controleer(lees(als_csv(bladen, tmp_path / "e")), tenant, bestanden(tmp_path))

    with pytest.raises(ImportGeweigerd):
        importeer(controle, tenant)
    assert verwerk(tmp_path / "e", tenant, bestanden=tmp_path, uitvoeren=True).uitgevoerd is False
    assert Zaak.objects.count() == 0
