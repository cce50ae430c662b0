"""Builders for the execution tests: an approved vernietigingslijst made directly with the models
(as the review services leave it), and what must be fully there or fully gone of a zaak."""

from __future__ import annotations

import io
from datetime import date

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from iwerk.archief.models import (
    Beoordelingsbesluit,
    Beoordelingsrol,
    Beoordelingsstap,
    Lijstitem,
    Lijststatus,
    Vernietigingslijst,
)
from iwerk.archief.services import uitvoering
from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.core.models import AuditTrail
from iwerk.documenten.models import EnkelvoudigInformatieObject, ObjectInformatieObject, Versie
from iwerk.zaken.models import Resultaat, Rol, Status, Zaak, ZaakBesluit, ZaakInformatieObject

PEILDATUM = date(2026, 1, 1)
HOST = "http://testserver"


def persoon(gebruikersnaam: str, voornaam: str, achternaam: str) -> User:
    return User.objects.create_user(gebruikersnaam, first_name=voornaam, last_name=achternaam)


def goedgekeurde_lijst(gemeente, zaken: list[Zaak], *, nummer: str = "VL-2026-0001"):
    """A list as the review leaves it: approved by the process owner and the archivaris, every
    zaak on it with its snapshot and fingerprint as of submission."""
    manager = persoon(f"div-{nummer}", "Dirk", "Verbeek")
    lijst = Vernietigingslijst.objects.create(
        gemeente=gemeente,
        nummer=nummer,
        naam="Kapvergunningen afgehandeld in 2019",
        peildatum=PEILDATUM,
        status=Lijststatus.goedgekeurd,
        aangemaakt_door=manager,
        ingediend_op=timezone.now(),
        goedgekeurd_op=timezone.now(),
        ronde=1,
    )
    for volgorde, (rol, wie) in enumerate(
        (
            (Beoordelingsrol.procesverantwoordelijke, persoon(f"pv-{nummer}", "Petra", "Veld")),
            (Beoordelingsrol.archivaris, persoon(f"ar-{nummer}", "Arend", "Riks")),
        ),
        start=1,
    ):
        Beoordelingsstap.objects.create(
            lijst=lijst,
            ronde=1,
            volgorde=volgorde,
            rol=rol,
            beoordelaar=wie,
            besluit=Beoordelingsbesluit.goedgekeurd,
            beslist_op=timezone.now(),
        )
    for zaak in zaken:
        op_lijst(lijst, zaak)
    return lijst


def op_lijst(lijst: Vernietigingslijst, zaak: Zaak, **extra) -> Lijstitem:
    zaak = Zaak.objects.select_related("zaaktype").get(pk=zaak.pk)
    resultaat = Resultaat.objects.filter(zaak=zaak).select_related("resultaattype").first()
    velden = {
        "lijst": lijst,
        "zaak": zaak,
        "zaak_uuid": zaak.uuid,
        "identificatie": zaak.identificatie,
        "omschrijving": zaak.omschrijving,
        "zaaktype_identificatie": zaak.zaaktype.identificatie,
        "zaaktype_omschrijving": zaak.zaaktype.omschrijving,
        "resultaattype_omschrijving": resultaat.resultaattype.omschrijving if resultaat else "",
        "selectielijstklasse": zaak.selectielijstklasse,
        "selectielijstklasse_weergave": "1.1 - Vernietigen - P10Y",
        "bewaartermijn": "P10Y",
        "einddatum": zaak.einddatum,
        "archiefactiedatum": zaak.archiefactiedatum,
        "vertrouwelijkheidaanduiding": zaak.vertrouwelijkheidaanduiding,
        "vingerafdruk": uitvoering._vingerafdrukken([zaak])[zaak.pk],
        **extra,
    }
    return Lijstitem.objects.create(**velden)


def dossier(zaak: Zaak) -> dict[str, object]:
    """Everything that belongs to a zaak, by table: what must be fully there or fully gone."""
    documenten = set(
        ZaakInformatieObject.objects.filter(zaak=zaak).values_list("informatieobject_id", flat=True)
    ) | set(
        BesluitInformatieObject.objects.filter(besluit__zaak=zaak).values_list(
            "informatieobject_id", flat=True
        )
    )
    besluiten = list(Besluit.objects.filter(zaak=zaak).values_list("uuid", flat=True))
    uuids = [
        zaak.uuid,
        *besluiten,
        *EnkelvoudigInformatieObject.objects.filter(pk__in=documenten).values_list(
            "uuid", flat=True
        ),
    ]
    return {
        "zaak": Zaak.objects.filter(pk=zaak.pk).count(),
        "statussen": Status.objects.filter(zaak_id=zaak.pk).count(),
        "resultaten": Resultaat.objects.filter(zaak_id=zaak.pk).count(),
        "rollen": Rol.objects.filter(zaak_id=zaak.pk).count(),
        "zio": ZaakInformatieObject.objects.filter(zaak_id=zaak.pk).count(),
        "zaakbesluiten": ZaakBesluit.objects.filter(zaak_id=zaak.pk).count(),
        "besluiten": len(besluiten),
        "documenten": len(documenten),
        "versies": Versie.objects.filter(document_id__in=documenten).count(),
        "oio": ObjectInformatieObject.objects.filter(informatieobject_id__in=documenten).count(),
        "audit": AuditTrail.objects.filter(hoofd_object_uuid__in=uuids).count(),
        "inhoud": sorted(
            Versie.objects.filter(document_id__in=documenten).values_list("inhoud", flat=True)
        ),
    }


def leeg(dossier_voor: dict[str, object]) -> dict[str, object]:
    return {sleutel: ([] if sleutel == "inhoud" else 0) for sleutel in dossier_voor}


def verifieer() -> str:
    uit = io.StringIO()
    call_command("audit_verifieren", "--verzegel", stdout=uit, stderr=io.StringIO())
    return uit.getvalue()


def geen_wezen() -> None:
    """No row of a zaak or document that no longer exists."""
    assert not Status.objects.exclude(zaak_id__in=Zaak.objects.values("pk")).exists()
    assert not Rol.objects.exclude(zaak_id__in=Zaak.objects.values("pk")).exists()
    assert not ZaakInformatieObject.objects.exclude(zaak_id__in=Zaak.objects.values("pk")).exists()
    alle = EnkelvoudigInformatieObject.objects.values("pk")
    assert not Versie.objects.exclude(document_id__in=alle).exists()
    assert not ObjectInformatieObject.objects.exclude(informatieobject_id__in=alle).exists()
