"""Demo dossiers: documents for the demo zaken and besluiten for the closed ones, loaded in bulk.

Like the zaken loader this writes rows directly (the demo must load in seconds) while keeping
the rules the services enforce: documents of the zaaktype's informatieobjecttypen, their
objectinformatieobjecten beside every zaakinformatieobject, indicatieGebruiksrecht known on
every document (false: the gemeente's own application documents carry no third-party rights, so
open zaken can be closed too, issue 23), and a besluit only of a besluittype the zaaktype allows,
mirrored as zaakbesluit. The content is a short Dutch letter per document, stored through
the same content store as uploads.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import OuterRef, Subquery

from iwerk.besluiten.models import Besluit, BesluitInformatieObject
from iwerk.catalogi.models import BesluitType, InformatieObjectType, ZaakTypeInformatieObjectType
from iwerk.core.models import Gemeente, IdentificatieReeks
from iwerk.documenten import content
from iwerk.documenten.models import (
    EnkelvoudigInformatieObject,
    ObjectInformatieObject,
    Trefwoord,
    Versie,
)
from iwerk.zaken.models import Rol, Status, Zaak, ZaakBesluit, ZaakInformatieObject

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The statustype after which a zaak has its besluit: an open zaak at or past it has one too.
BESLUIT_GENOMEN = "Besluit genomen"
DEMO_TREFWOORD = "demo"  # every demo letter carries it: how a second load knows they are there

LETTER = """{gemeente}
Postbus 1, {gemeente}

Betreft: {titel}
Zaaknummer: {zaak}

Geachte {aanhef},

{alinea}

Met vriendelijke groet,

Team {team}
Gemeente {gemeente}
"""
ALINEA = {
    "inkomend": "Hierbij dien ik mijn aanvraag in. De gevraagde gegevens en bijlagen zijn bijgevoegd.",
    "uitgaand": "Wij hebben uw aanvraag ontvangen en in behandeling genomen. "
    "U hoort binnen de wettelijke termijn van ons.",
    "intern": "Interne notitie bij de behandeling: de aanvraag is volledig en kan worden beoordeeld.",
    "besluit": "Wij hebben op uw aanvraag besloten. Het besluit en de motivering vindt u hieronder. "
    "Bent u het niet eens met dit besluit, dan kunt u binnen zes weken bezwaar maken.",
}


class _Documents:
    """Collects documents and their versions, then writes them in a few bulk inserts."""

    def __init__(self, gemeente: Gemeente, rng: random.Random) -> None:
        self.gemeente = gemeente
        self.rng = rng
        self.rows: list[tuple[EnkelvoudigInformatieObject, dict, content.StoredContent, date]] = []
        self.counters: dict[int, int] = {}
        self.offsets = dict(
            IdentificatieReeks.objects.filter(
                soort="DOCUMENT", organisatie=gemeente.rsin
            ).values_list("jaar", "laatste")
        )

    def add(
        self,
        iot: InformatieObjectType,
        zaak: Zaak,
        titel: str,
        richting: str,
        gesloten: bool,
        datum: date | None = None,
    ) -> EnkelvoudigInformatieObject:
        datum = datum or zaak.startdatum  # the request's documents date from its start
        jaar = datum.year
        self.counters[jaar] = self.counters.get(jaar, 0) + 1
        identificatie = f"DOCUMENT-{jaar}-{self.offsets.get(jaar, 0) + self.counters[jaar]:010d}"
        tekst = LETTER.format(
            gemeente=self.gemeente.naam,
            titel=titel,
            zaak=zaak.identificatie,
            aanhef="heer, mevrouw" if richting != "inkomend" else "college",
            alinea=ALINEA[richting],
            team=zaak.zaaktype.verantwoordelijke.removeprefix("Team ").strip() or "Dienstverlening",
        ).encode()
        stored = content.store([tekst], declared_size=len(tekst))
        status = "definitief" if gesloten or richting == "inkomend" else "in_bewerking"
        gegevens = {
            "identificatie": identificatie,
            "bronorganisatie": self.gemeente.rsin,
            "creatiedatum": datum.isoformat(),
            "titel": titel,
            "vertrouwelijkheidaanduiding": iot.vertrouwelijkheidaanduiding,
            "isGereedVoorPublicatie": False,
            "tonenAanInitiator": richting != "inkomend",
            "auteur": "Inwoner" if richting == "inkomend" else f"Gemeente {self.gemeente.naam}",
            "status": status,
            "inhoudIsVervallen": False,
            "formaat": "text/plain",
            "taal": "dut",
            "bestandsnaam": f"{identificatie.lower()}.txt",
            "link": "",
            "beschrijving": "",
            "ontvangstdatum": datum.isoformat() if richting == "inkomend" else None,
            "verzenddatum": None,
            "indicatieGebruiksrecht": False,
            "verschijningsvorm": "brief",
            "ondertekening": None,
            "integriteit": None,
            "informatieobjecttype": str(iot.uuid),
            "trefwoorden": [],
        }
        document = EnkelvoudigInformatieObject(
            tenant=self.gemeente,
            identificatie=identificatie,
            bronorganisatie=self.gemeente.rsin,
            informatieobjecttype=iot,
            vertrouwelijkheidaanduiding=iot.vertrouwelijkheidaanduiding,
            status=status,
            titel=titel,
            is_gereed_voor_publicatie=False,
            indicatie_gebruiksrecht=False,
            versie=1,
        )
        self.rows.append((document, gegevens, stored, datum))
        return document

    def save(self) -> None:
        documents = [row[0] for row in self.rows]
        EnkelvoudigInformatieObject.objects.bulk_create(documents, batch_size=1000)
        documents = list(
            EnkelvoudigInformatieObject.objects.filter(
                identificatie__in=[d.identificatie for d in documents],
                bronorganisatie=self.gemeente.rsin,
            ).order_by("pk")
        )
        by_id = {d.identificatie: d for d in documents}
        versies = []
        for document, gegevens, stored, datum in self.rows:
            saved = by_id[document.identificatie]
            document.pk = saved.pk
            versies.append(
                Versie(
                    document=saved,
                    versie=1,
                    begin_registratie=datetime.combine(datum, time(10), AMSTERDAM),
                    gegevens=gegevens,
                    inhoud=stored.name,
                    bestandsomvang=stored.size,
                    sha256=stored.sha256,
                )
            )
        Versie.objects.bulk_create(versies, batch_size=1000)
        # Each new document's one version is its current one: one UPDATE, not a CASE per row.
        EnkelvoudigInformatieObject.objects.filter(pk__in=[d.pk for d in documents]).update(
            huidige_versie=Subquery(
                Versie.objects.filter(document=OuterRef("pk")).order_by("pk").values("pk")[:1]
            )
        )
        Trefwoord.objects.bulk_create(
            [Trefwoord(document_id=d.pk, woord=DEMO_TREFWOORD) for d in documents],
            batch_size=2000,
        )
        for jaar, count in self.counters.items():
            IdentificatieReeks.objects.update_or_create(
                soort="DOCUMENT",
                organisatie=self.gemeente.rsin,
                jaar=jaar,
                defaults={"laatste": self.offsets.get(jaar, 0) + count},
            )


@transaction.atomic
def load_dossiers(gemeente: Gemeente, *, seed: int = 2026) -> tuple[int, int]:
    """Documents for every demo zaak and a besluit for zaken that allow one and are closed or
    at or past the status "Besluit genomen" (dated that day); idempotent.

    Other documents of the gemeente (the receipt of a portaal request loaded before) neither
    stop it nor get letters added: it skips only a gemeente whose demo dossiers are there, and
    only zaken without any document of their own get one.
    """
    if Trefwoord.objects.filter(woord=DEMO_TREFWOORD, document__tenant=gemeente).exists():
        return 0, 0
    rng = random.Random(f"{seed}-dossiers-{gemeente.slug}")
    zaken = list(
        Zaak.objects.filter(tenant=gemeente)
        .exclude(pk__in=ZaakInformatieObject.objects.filter(tenant=gemeente).values("zaak_id"))
        .select_related("zaaktype")
        .order_by("pk")
    )
    iots = {
        (iot.catalogus_id, iot.omschrijving): iot
        for iot in InformatieObjectType.objects.filter(tenant=gemeente, concept=False)
    }
    ziots: dict[int, list[tuple[str, str]]] = {}
    # The letters' "Brief" type is for letters made from templates (iwerk.sjablonen), not here.
    for ziot in (
        ZaakTypeInformatieObjectType.objects.filter(tenant=gemeente)
        .exclude(informatieobjecttype_omschrijving="Brief")
        .order_by("volgnummer")
    ):
        ziots.setdefault(ziot.zaaktype_id, []).append(
            (ziot.informatieobjecttype_omschrijving, ziot.richting)
        )
    besluittypen = {
        (bt.catalogus_id, bt.omschrijving): bt
        for bt in BesluitType.objects.filter(tenant=gemeente, concept=False)
    }
    aanvragers = dict(
        Rol.objects.filter(zaak__tenant=gemeente, betrokkene_type="natuurlijk_persoon").values_list(
            "zaak_id", "betrokkene_identificatie__geslachtsnaam"
        )
    )

    besluitdagen = {
        zaak_id: moment.astimezone(AMSTERDAM).date()
        for zaak_id, moment in Status.objects.filter(
            tenant=gemeente, statustype__omschrijving=BESLUIT_GENOMEN
        ).values_list("zaak_id", "datum_status_gezet")
    }

    docs = _Documents(gemeente, rng)
    links: list[tuple[Zaak, EnkelvoudigInformatieObject]] = []
    besluiten: list[tuple[Besluit, EnkelvoudigInformatieObject | None]] = []
    for zaak in zaken:
        catalogus = zaak.zaaktype.catalogus_id
        gesloten = zaak.einddatum is not None
        naam = aanvragers.get(zaak.pk) or "aanvrager"
        for omschrijving, richting in ziots.get(zaak.zaaktype_id, [])[:2]:
            iot = iots.get((catalogus, omschrijving))
            if iot is None:
                continue
            titel = f"{omschrijving} {naam}"[:200]
            links.append((zaak, docs.add(iot, zaak, titel, richting, gesloten)))
        besluitdag = besluitdagen.get(zaak.pk) or zaak.einddatum
        if besluitdag is not None:
            for omschrijving in zaak.zaaktype.besluittype_omschrijvingen or []:
                bt = besluittypen.get((catalogus, omschrijving))
                if bt is None:
                    continue
                brief = None
                brief_types = [
                    iots.get((catalogus, o)) for o in bt.informatieobjecttype_omschrijvingen or []
                ]
                if brief_types and brief_types[0] is not None:
                    # The besluitbrief is written on the day of the besluit, not at the start.
                    brief = docs.add(
                        brief_types[0],
                        zaak,
                        f"{omschrijving} {naam}",
                        "besluit",
                        True,
                        datum=besluitdag,
                    )
                besluiten.append(
                    (
                        Besluit(
                            tenant=gemeente,
                            besluittype=bt,
                            zaak=zaak,
                            verantwoordelijke_organisatie=gemeente.rsin,
                            datum=besluitdag,
                            ingangsdatum=besluitdag,
                            bestuursorgaan="College van B&W",
                            toelichting=f"{omschrijving} op de aanvraag van {naam}.",
                        ),
                        brief,
                    )
                )
                break
    docs.save()

    ZaakInformatieObject.objects.bulk_create(
        [
            ZaakInformatieObject(
                tenant=gemeente, zaak=zaak, informatieobject_id=document.pk, titel=document.titel
            )
            for zaak, document in links
        ],
        batch_size=2000,
    )
    oios = [
        ObjectInformatieObject(
            tenant=gemeente,
            informatieobject_id=document.pk,
            object_type="zaak",
            object=f"/zaken/api/v1/zaken/{zaak.uuid}",
        )
        for zaak, document in links
    ]
    _save_besluiten(gemeente, besluiten, oios)
    ObjectInformatieObject.objects.bulk_create(oios, batch_size=2000)
    return len(docs.rows), len(besluiten)


def _save_besluiten(gemeente: Gemeente, besluiten: list, oios: list) -> None:
    counters: dict[int, int] = {}
    offsets = dict(
        IdentificatieReeks.objects.filter(soort="BESLUIT", organisatie=gemeente.rsin).values_list(
            "jaar", "laatste"
        )
    )
    for besluit, _ in besluiten:
        jaar = besluit.datum.year
        counters[jaar] = counters.get(jaar, 0) + 1
        besluit.identificatie = f"BESLUIT-{jaar}-{offsets.get(jaar, 0) + counters[jaar]:010d}"
    Besluit.objects.bulk_create([b for b, _ in besluiten], batch_size=1000)
    saved = {
        b.identificatie: b for b in Besluit.objects.filter(tenant=gemeente).select_related("zaak")
    }
    zaakbesluiten, bios = [], []
    for besluit, brief in besluiten:
        row = saved[besluit.identificatie]
        path = f"/besluiten/api/v1/besluiten/{row.uuid}"
        zaakbesluiten.append(ZaakBesluit(tenant=gemeente, zaak=row.zaak, besluit=path))
        if brief is not None:
            bios.append(
                BesluitInformatieObject(tenant=gemeente, besluit=row, informatieobject_id=brief.pk)
            )
            oios.append(
                ObjectInformatieObject(
                    tenant=gemeente,
                    informatieobject_id=brief.pk,
                    object_type="besluit",
                    object=path,
                )
            )
    ZaakBesluit.objects.bulk_create(zaakbesluiten, batch_size=2000)
    BesluitInformatieObject.objects.bulk_create(bios, batch_size=2000)
    for jaar, count in counters.items():
        IdentificatieReeks.objects.update_or_create(
            soort="BESLUIT",
            organisatie=gemeente.rsin,
            jaar=jaar,
            defaults={"laatste": offsets.get(jaar, 0) + count},
        )
