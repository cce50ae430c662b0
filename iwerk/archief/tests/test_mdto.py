"""The MDTO transfer package: every XML file validates against the Nationaal Archief's XML Schema
(MDTO-XML 1.0.1, copied unchanged into iwerk/archief/mdto/), the checksums in the MDTO files and
in checksums.sha256 match the stored content, and the dossier says what the zaak is."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from iwerk.archief import mdto
from iwerk.archief.models import Overbrenging
from iwerk.archief.services.overbrenging import maak_overbrenging
from iwerk.archief.services.overbrengingspakket import veilige_naam
from iwerk.besluiten.models import Besluit
from iwerk.besluiten.services import add_besluitinformatieobject
from iwerk.core.api.problems import Conflict
from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as zaakbouwer
from iwerk.core.testing.archief import afgesloten_zaak, deel_document, zaaktype_met_besluit
from iwerk.core.testing.medewerkers import medewerker
from iwerk.documenten import content
from iwerk.documenten import services as documenten
from iwerk.documenten.models import EnkelvoudigInformatieObject, Versie
from iwerk.medewerkers.actor import context_for
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = pytest.mark.django_db

MAP = Path(mdto.__file__).parent / "mdto"
N = {"m": mdto.NS}
VANDAAG = date.today()


def _schema() -> etree.XMLSchema:
    """The copied XSD, read here on its own (not through the module under test)."""
    return etree.XMLSchema(etree.parse(str(MAP / "MDTO-XML1.0.1.xsd")))


def nieuwe_versie(document: EnkelvoudigInformatieObject, inhoud: bytes, titel: str) -> None:
    """A second version of the document with other content, as a client makes it (lock,
    update, unlock)."""
    gegevens = dict(document.huidige_versie.gegevens)
    gegevens.pop("informatieobjecttype")
    gegevens.update(titel=titel, bestandsnaam="aanvraag v2.pdf")
    lock = documenten.lock_document(actor=zaakbouwer.ALLES, document=document)
    document.refresh_from_db()
    documenten.update_document(
        actor=zaakbouwer.ALLES,
        document=document,
        lock=lock,
        invoer=documenten.Invoer(
            informatieobjecttype=document.informatieobjecttype,
            gegevens=gegevens,
            inhoud=inhoud,
            bestandsomvang=len(inhoud),
        ),
    )
    document.refresh_from_db()
    documenten.unlock_document(actor=zaakbouwer.ALLES, document=document, lock=lock)


@pytest.fixture
def wereld(tenant, werkplek_settings):
    cat = build.catalogus(tenant)
    return SimpleNamespace(
        gemeente=tenant,
        zaaktype=zaaktype_met_besluit(cat, "KAP", omschrijving="Kapvergunning"),
        div=medewerker(tenant, "div", Rol.div_medewerker, voornaam="Dina", achternaam="Vos"),
    )


def bewaarzaak(zaaktype, **kwargs) -> Zaak:
    return afgesloten_zaak(zaaktype, archiefnominatie="blijvend_bewaren", **kwargs)


@pytest.fixture
def dossier(wereld):
    """A zaak to keep with two documents (the first in two versions) and a besluit that the
    second document records."""
    zaak = bewaarzaak(wereld.zaaktype, documenten=2, met_besluit=True)
    eerste, tweede = (
        zio.informatieobject
        for zio in ZaakInformatieObject.objects.filter(zaak=zaak)
        .select_related(
            "informatieobject__huidige_versie", "informatieobject__informatieobjecttype"
        )
        .order_by("pk")
    )
    nieuwe_versie(eerste, b"%PDF-1.4\nversie 2\n%%EOF\n", "Aanvraag, aangevuld")
    add_besluitinformatieobject(
        actor=zaakbouwer.ALLES, besluit=Besluit.objects.get(zaak=zaak), document=tweede
    )
    return SimpleNamespace(zaak=zaak, eerste=eerste, tweede=tweede)


def pakket(overbrenging: Overbrenging) -> zipfile.ZipFile:
    with content.storage().open(overbrenging.pakket, "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_the_copied_schema_accepts_the_official_example_and_refuses_a_broken_one():
    voorbeeld = (MAP / "MDTO-XML 1.0.1 Voorbeeld Dossier Informatieobject.xml").read_bytes()
    mdto.valideer(voorbeeld)
    zonder_waardering = voorbeeld.replace(b"<waardering>", b"<!--").replace(
        b"</waardering>", b"-->"
    )
    with pytest.raises(mdto.OngeldigeMdto, match="waardering"):
        mdto.valideer(zonder_waardering)


def test_every_xml_file_of_the_package_validates_against_the_xsd(wereld, dossier):
    overbrenging = maak_overbrenging(
        gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG
    )

    zip_ = pakket(overbrenging)
    schema = _schema()
    mdto_bestanden = [n for n in zip_.namelist() if n.endswith(".mdto.xml")]
    for naam in mdto_bestanden:
        assert schema.validate(etree.fromstring(zip_.read(naam))), (naam, schema.error_log)
    sip = overbrenging.nummer
    z = dossier.zaak.identificatie
    d1, d2 = dossier.eerste.identificatie, dossier.tweede.identificatie
    besluit = Besluit.objects.get(zaak=dossier.zaak).identificatie
    assert sorted(mdto_bestanden) == sorted(
        [
            f"{sip}/{z}/{z}.mdto.xml",
            f"{sip}/{z}/{d1}/{d1}.mdto.xml",
            f"{sip}/{z}/{d1}/{d1}_v1_aanvraag.pdf.bestand.mdto.xml",
            f"{sip}/{z}/{d1}/{d1}_v2_aanvraag_v2.pdf.bestand.mdto.xml",
            f"{sip}/{z}/{d2}/{d2}.mdto.xml",
            f"{sip}/{z}/{d2}/{d2}_v1_aanvraag.pdf.bestand.mdto.xml",
            f"{sip}/{z}/{besluit}/{besluit}.mdto.xml",
        ]
    )
    assert {"pakbon.xml", "checksums.sha256"} <= set(zip_.namelist())


def test_checksums_in_the_mdto_files_and_checksums_sha256_match_the_stored_content(wereld, dossier):
    overbrenging = maak_overbrenging(
        gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG
    )

    zip_ = pakket(overbrenging)
    regels = zip_.read("checksums.sha256").decode().splitlines()
    genoemd = {pad: sha for sha, pad in (r.split("  ", 1) for r in regels)}
    # every file but checksums.sha256 itself, each with the SHA-256 of what the zip holds
    assert set(genoemd) == set(zip_.namelist()) - {"checksums.sha256"}
    for pad, sha in genoemd.items():
        assert hashlib.sha256(zip_.read(pad)).hexdigest() == sha, pad
    # every bestand: its MDTO checksum and size are those of the register's stored content
    opgeslagen = {
        v.sha256: b"".join(content.read(v.inhoud))
        for v in Versie.objects.filter(document__in=[dossier.eerste, dossier.tweede])
    }
    bestanden = [n for n in zip_.namelist() if n.endswith(".bestand.mdto.xml")]
    assert len(bestanden) == 3 == len(opgeslagen)
    for sidecar in bestanden:
        xml = etree.fromstring(zip_.read(sidecar))
        waarde = xml.findtext("m:bestand/m:checksum/m:checksumWaarde", namespaces=N)
        algoritme = xml.findtext(
            "m:bestand/m:checksum/m:checksumAlgoritme/m:begripLabel", namespaces=N
        )
        inhoud = zip_.read(sidecar.removesuffix(".bestand.mdto.xml"))
        assert algoritme == "SHA-256"
        assert (
            waarde
            == hashlib.sha256(inhoud).hexdigest()
            == genoemd[sidecar.removesuffix(".bestand.mdto.xml")]
        )
        assert inhoud == opgeslagen[waarde]
        assert xml.findtext("m:bestand/m:omvang", namespaces=N) == str(len(inhoud))
    # the package itself, as stored and recorded
    with content.storage().open(overbrenging.pakket, "rb") as handle:
        data = handle.read()
    assert overbrenging.sha256 == hashlib.sha256(data).hexdigest()
    assert overbrenging.grootte == len(data)
    item = overbrenging.items.get()
    assert item.bestanden == {
        p: s for p, s in genoemd.items() if p.startswith(f"{overbrenging.nummer}/")
    }


def test_pakbon_names_sender_content_and_the_hash_of_the_sip(wereld, dossier):
    overbrenging = maak_overbrenging(
        gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG
    )

    zip_ = pakket(overbrenging)
    pakbon = etree.fromstring(zip_.read("pakbon.xml"))
    sip_regels = "".join(
        f"{r}\n"
        for r in zip_.read("checksums.sha256").decode().splitlines()
        if r.split("  ", 1)[1].startswith(f"{overbrenging.nummer}/")
    )
    assert pakbon.findtext("hashcode") == hashlib.sha256(sip_regels.encode()).hexdigest()
    assert pakbon.findtext("identificatie") == f"001902763-{overbrenging.nummer}"
    assert pakbon.findtext("archiefvormer/naam") == "Gemeente Deventer"
    assert pakbon.findtext("contactpersoon/naam") == "Dina Vos"
    assert pakbon.findtext("aantalDossiers") == "1"
    assert pakbon.findtext("aantalInformatieobjecten") == "4"
    assert pakbon.findtext("aantalBestanden") == "3"
    inhoud = [
        n
        for n in zip_.namelist()
        if n.startswith(overbrenging.nummer) and not n.endswith(".mdto.xml")
    ]
    assert pakbon.findtext("omvangInhoud") == str(sum(zip_.getinfo(n).file_size for n in inhoud))
    assert pakbon.findtext("mdtoVersie") == "1.0.1"


def test_the_dossier_says_what_the_zaak_is(wereld, dossier):
    overbrenging = maak_overbrenging(
        gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG
    )

    zip_ = pakket(overbrenging)
    zaak = dossier.zaak
    z = zaak.identificatie
    io_ = etree.fromstring(zip_.read(f"{overbrenging.nummer}/{z}/{z}.mdto.xml")).find(
        "m:informatieobject", N
    )

    def tekst(pad: str) -> list[str]:
        return [e.text for e in io_.findall(pad, N)]

    assert tekst("m:identificatie/m:identificatieKenmerk") == [z, str(zaak.uuid)]
    assert tekst("m:identificatie/m:identificatieBron")[0] == zaak.bronorganisatie
    assert tekst("m:naam") == ["Kapvergunning voor een eik"]
    assert tekst("m:aggregatieniveau/m:begripLabel") == ["Dossier"]
    assert tekst("m:classificatie/m:begripCode") == ["KAP"]
    assert tekst("m:waardering/m:begripCode") == ["B"]
    assert tekst("m:waardering/m:begripLabel") == ["Blijvend te bewaren"]
    assert io_.find("m:bewaartermijn", N) is None  # MDTO: only for waardering V
    assert tekst("m:informatiecategorie/m:begripCode") == ["1.1"]
    assert tekst("m:dekkingInTijd/m:dekkingInTijdBegindatum") == [zaak.startdatum.isoformat()]
    assert tekst("m:dekkingInTijd/m:dekkingInTijdEinddatum") == [zaak.einddatum.isoformat()]
    assert tekst("m:event/m:eventType/m:begripLabel") == ["Creatie", "Bevriezing", "Export"]
    assert tekst("m:archiefvormer/m:verwijzingNaam") == ["Gemeente Deventer"]
    assert tekst("m:archiefvormer/m:verwijzingIdentificatie/m:identificatieKenmerk") == [
        "001902763"
    ]
    assert tekst("m:betrokkene/m:betrokkeneTypeRelatie/m:begripLabel") == ["Indiener"]
    assert tekst("m:betrokkene/m:betrokkeneActor/m:verwijzingNaam") == ["Suzanne Moulin"]
    assert tekst("m:activiteit/m:verwijzingNaam") == ["Kapvergunning"]
    assert tekst("m:beperkingGebruik/m:beperkingGebruikType/m:begripLabel") == ["Zaakvertrouwelijk"]
    onderdelen = tekst("m:bevatOnderdeel/m:verwijzingIdentificatie/m:identificatieKenmerk")
    besluit = Besluit.objects.get(zaak=zaak)
    assert onderdelen == [
        dossier.eerste.identificatie,
        dossier.tweede.identificatie,
        besluit.identificatie,
    ]
    # an archiefstuk: part of the dossier, represented by its two stored contents, under its
    # current titel, with the second version as a Wijziging
    d1 = dossier.eerste.identificatie
    stuk = etree.fromstring(zip_.read(f"{overbrenging.nummer}/{z}/{d1}/{d1}.mdto.xml")).find(
        "m:informatieobject", N
    )
    assert stuk.findtext("m:naam", namespaces=N) == "Aanvraag, aangevuld"
    assert stuk.findtext("m:aggregatieniveau/m:begripLabel", namespaces=N) == "Archiefstuk"
    assert (
        stuk.findtext(
            "m:isOnderdeelVan/m:verwijzingIdentificatie/m:identificatieKenmerk", namespaces=N
        )
        == z
    )
    assert [e.text for e in stuk.findall("m:heeftRepresentatie/m:verwijzingNaam", N)] == [
        f"{d1}_v1_aanvraag.pdf",
        f"{d1}_v2_aanvraag_v2.pdf",
    ]
    assert "Wijziging" in [e.text for e in stuk.findall("m:event/m:eventType/m:begripLabel", N)]
    assert stuk.findtext("m:taal", namespaces=N) == "nl"
    # the document the besluit records refers to it
    d2 = dossier.tweede.identificatie
    stuk2 = etree.fromstring(zip_.read(f"{overbrenging.nummer}/{z}/{d2}/{d2}.mdto.xml"))
    assert (
        stuk2.findtext(
            ".//m:gerelateerdInformatieobject/m:gerelateerdInformatieobjectVerwijzing/m:verwijzingIdentificatie/m:identificatieKenmerk",
            namespaces=N,
        )
        == besluit.identificatie
    )


def test_a_document_two_zaken_of_the_package_share_is_packed_once(wereld):
    eerste = bewaarzaak(wereld.zaaktype, documenten=1)
    tweede = bewaarzaak(wereld.zaaktype, documenten=1)
    deel_document(eerste, tweede)
    gedeeld = ZaakInformatieObject.objects.get(zaak=eerste).informatieobject

    overbrenging = maak_overbrenging(
        gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG
    )

    zip_ = pakket(overbrenging)
    stukken = [n for n in zip_.namelist() if n.endswith(f"/{gedeeld.identificatie}.mdto.xml")]
    assert stukken == [
        f"{overbrenging.nummer}/{eerste.identificatie}/{gedeeld.identificatie}/{gedeeld.identificatie}.mdto.xml"
    ]
    # the other dossier refers to it, and is not its parent
    t = tweede.identificatie
    xml = etree.fromstring(zip_.read(f"{overbrenging.nummer}/{t}/{t}.mdto.xml"))
    gerelateerd = [
        e.text
        for e in xml.findall(
            ".//m:gerelateerdInformatieobject/m:gerelateerdInformatieobjectVerwijzing"
            "/m:verwijzingIdentificatie/m:identificatieKenmerk",
            N,
        )
    ]
    onderdelen = [
        e.text
        for e in xml.findall(
            ".//m:bevatOnderdeel/m:verwijzingIdentificatie/m:identificatieKenmerk", N
        )
    ]
    assert gedeeld.identificatie in gerelateerd
    assert gedeeld.identificatie not in onderdelen
    assert len(onderdelen) == 1  # its own document
    schema = _schema()
    for naam in zip_.namelist():
        if naam.endswith(".mdto.xml"):
            assert schema.validate(etree.fromstring(zip_.read(naam))), naam


def test_content_that_does_not_match_its_checksum_makes_no_package(
    wereld, dossier, document_storage
):
    versie = dossier.tweede.huidige_versie
    (document_storage / versie.inhoud).write_bytes(b"%PDF-1.4\nvervalst\n%%EOF\n")

    with pytest.raises(Conflict, match="klopt niet") as fout:
        maak_overbrenging(gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG)

    assert fout.value.code == "checksum-klopt-niet"
    assert not Overbrenging.objects.exists()
    assert list(document_storage.rglob("*.zip")) == []


def test_putting_a_package_together_reads_the_same_number_of_queries_for_more_documents(wereld):
    context_for(wereld.div, wereld.gemeente.pk)  # the staff context is cached: read it once first
    bewaarzaak(wereld.zaaktype, documenten=1, met_besluit=True)
    with CaptureQueriesContext(connection) as klein:
        maak_overbrenging(gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG)
    zaken = [bewaarzaak(wereld.zaaktype, documenten=3, met_besluit=True) for _ in range(3)]
    document = ZaakInformatieObject.objects.filter(zaak=zaken[0]).first().informatieobject
    nieuwe_versie(document, b"%PDF-1.4\nnog een versie\n%%EOF\n", "Tweede versie")
    with CaptureQueriesContext(connection) as groot:
        overbrenging = maak_overbrenging(
            gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG
        )
    assert overbrenging.items.count() == 3
    assert len(groot.captured_queries) == len(klein.captured_queries)


@pytest.mark.parametrize(
    ("naam", "veilig"),
    [
        ("ZAAK-2026-0000000001", "ZAAK-2026-0000000001"),
        ('brief aan "de raad" #2 & bijlage?.pdf', "brief_aan_de_raad_2_bijlage_.pdf"),
        ("../../etc/passwd", "etc_passwd"),
        ("x" * 300 + ".pdf", "x" * 234 + ".pdf"),
    ],
)
def test_names_in_the_package_are_what_the_sip_spec_allows(naam, veilig):
    assert veilige_naam(naam) == veilig


def test_mappings_of_register_values_to_mdto_begrippen():
    assert mdto.beperking("openbaar") == mdto.Begrip("Geen beperking", mdto.BEPERKINGEN)
    assert mdto.beperking("geheim").label == "Geheim"
    assert mdto.waardering("blijvend_bewaren").code == "B"
    assert mdto.waardering("vernietigen").code == "V"
    assert mdto.taal("dut") == "nl" and mdto.taal("eng") == "en" and mdto.taal("?!") == ""
    assert mdto.bestandsformaat("application/pdf") == mdto.Begrip(
        "pdf", mdto.MEDIATYPES, "application/pdf"
    )
    assert mdto.informatiecategorie("https://example.org/unknown") is None
    categorie = mdto.informatiecategorie(
        f"{build.REF}/resultaten/6711baff-798b-4c7f-9133-8ad02c8b7c6f"
    )
    assert categorie == mdto.Begrip(
        "Instellen en inrichten organisatie: Ingericht", mdto.SELECTIELIJST, "1.1"
    )


def test_missing_content_makes_no_package(wereld, dossier, document_storage):
    (document_storage / dossier.tweede.huidige_versie.inhoud).unlink()

    with pytest.raises(Conflict, match="ontbreekt") as fout:
        maak_overbrenging(gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG)

    assert fout.value.code == "inhoud-ontbreekt"
    assert not Overbrenging.objects.exists()


def test_a_file_the_schema_refuses_makes_no_package(wereld, dossier, monkeypatch):
    # A fault in the mapping (here: a taal xsd:language does not allow) is caught by the schema.
    monkeypatch.setattr(mdto, "taal", lambda code: "geen taal!")

    with pytest.raises(Conflict, match="XML-schema") as fout:
        maak_overbrenging(gebruiker=wereld.div, gemeente=wereld.gemeente, peildatum=VANDAAG)

    assert fout.value.code == "mdto-ongeldig"
    assert not Overbrenging.objects.exists()
