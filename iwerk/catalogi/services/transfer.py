"""Import a catalogus export (selectors.export) into another gemeente.

The ZIP holds exactly what the Catalogi API would return (one JSON list per resource). Import
goes through the services: the same rules apply as to API clients, and it is all-or-nothing.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
from django.db import transaction
from django.db.models import Model

from iwerk.catalogi import services
from iwerk.catalogi.gebeurtenissen import TypeGewijzigd
from iwerk.catalogi.models import BesluitType, Catalogus, InformatieObjectType, ZaakType
from iwerk.catalogi.selectors.export import FORMAT_VERSION, RESOURCES
from iwerk.core import gebeurtenissen
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import ValidationFailed
from iwerk.core.models import Gemeente


class ImportFailed(Exception):
    """The ZIP cannot be imported; nothing was written."""


@dataclass
class _Importer:
    actor: Actor
    catalogus: Catalogus
    files: dict[str, list[dict]]

    def __post_init__(self) -> None:
        # exported URL -> new object (a type, statustype, resultaattype, ...)
        self.objects: dict[str, Any] = {}

    def run(self) -> None:
        for row in self.files.get("informatieobjecttypen", []):
            obj = services.save_informatieobjecttype(
                actor=self.actor,
                iot=None,
                catalogus=self.catalogus,
                fields={
                    "omschrijving": row["omschrijving"],
                    "vertrouwelijkheidaanduiding": row["vertrouwelijkheidaanduiding"],
                    "informatieobjectcategorie": row["informatieobjectcategorie"],
                    "trefwoord": row.get("trefwoord", []),
                    "omschrijving_generiek": row.get("omschrijvingGeneriek"),
                    **_geldigheid(row),
                },
            )
            self._done(row, obj, services.publish_informatieobjecttype)
        for row in self.files.get("besluittypen", []):
            iots = list(
                InformatieObjectType.objects.filter(
                    catalogus=self.catalogus,
                    omschrijving__in=row["informatieobjecttypeOmschrijvingen"],
                )
            )
            besluittype = services.save_besluittype(
                actor=self.actor,
                besluittype=None,
                catalogus=self.catalogus,
                informatieobjecttypen=iots,
                fields={
                    "omschrijving": row["omschrijving"],
                    "omschrijving_generiek": row["omschrijvingGeneriek"],
                    "besluitcategorie": row["besluitcategorie"],
                    "reactietermijn": row["reactietermijn"] or "",
                    "publicatie_indicatie": row["publicatieIndicatie"],
                    "publicatietekst": row["publicatietekst"],
                    "publicatietermijn": row["publicatietermijn"] or "",
                    "toelichting": row["toelichting"],
                    **_geldigheid(row),
                },
            )
            self._done(row, besluittype, services.publish_besluittype)
        zaaktype_rows = self.files.get("zaaktypen", [])
        for row in zaaktype_rows:
            self._zaaktype(row)
        for row in zaaktype_rows:
            self._children(row)
        for row in zaaktype_rows:
            if not row["concept"]:
                services.publish_zaaktype(actor=self.actor, zaaktype=self.objects[row["url"]])

    def _done(self, row: dict, obj: Model, publish: Callable[..., Model]) -> None:
        if not row["concept"]:
            obj = _publish(publish, self.actor, obj)
        self.objects[row["url"]] = obj

    def _zaaktype(self, row: dict) -> None:
        besluittypen = list(
            BesluitType.objects.filter(
                catalogus=self.catalogus, omschrijving__in=row["besluittypeOmschrijving"]
            )
        )
        fields = {
            "identificatie": row["identificatie"],
            "omschrijving": row["omschrijving"],
            "omschrijving_generiek": row["omschrijvingGeneriek"],
            "vertrouwelijkheidaanduiding": row["vertrouwelijkheidaanduiding"],
            "doel": row["doel"],
            "aanleiding": row["aanleiding"],
            "toelichting": row["toelichting"],
            "indicatie_intern_of_extern": row["indicatieInternOfExtern"],
            "handeling_initiator": row["handelingInitiator"],
            "onderwerp": row["onderwerp"],
            "handeling_behandelaar": row["handelingBehandelaar"],
            "doorlooptijd": row["doorlooptijd"],
            "servicenorm": row["servicenorm"] or "",
            "opschorting_en_aanhouding_mogelijk": row["opschortingEnAanhoudingMogelijk"],
            "verlenging_mogelijk": row["verlengingMogelijk"],
            "verlengingstermijn": row["verlengingstermijn"] or "",
            "trefwoorden": row["trefwoorden"],
            "publicatie_indicatie": row["publicatieIndicatie"],
            "publicatietekst": row["publicatietekst"],
            "verantwoordingsrelatie": row["verantwoordingsrelatie"],
            "producten_of_diensten": row["productenOfDiensten"],
            "selectielijst_procestype": row["selectielijstProcestype"],
            "referentieproces_naam": row["referentieproces"]["naam"],
            "referentieproces_link": row["referentieproces"].get("link", ""),
            "verantwoordelijke": row["verantwoordelijke"],
            "broncatalogus": row.get("broncatalogus"),
            "bronzaaktype": row.get("bronzaaktype"),
            "versiedatum": date.fromisoformat(row["versiedatum"]),
            "gerelateerde_zaaktypen": [
                {
                    "zaaktype": r["zaaktypeIdentificatie"],
                    "aardRelatie": r["aardRelatie"],
                    "toelichting": r.get("toelichting", ""),
                }
                for r in row["gerelateerdeZaaktypen"]
            ],
            **_geldigheid(row),
        }
        self.objects[row["url"]] = services.save_zaaktype(
            actor=self.actor,
            zaaktype=None,
            fields=fields,
            catalogus=self.catalogus,
            besluittypen=besluittypen,
            deelzaaktypen=[],
            own_hosts=set(),
        )
        self.objects[row["url"]].deelzaaktype_identificaties = row["deelzaaktypeIdentificaties"]
        self.objects[row["url"]].save(update_fields=["deelzaaktype_identificaties"])
        gebeurtenissen.publiceer(TypeGewijzigd.van(self.objects[row["url"]], "update"))

    def _children(self, row: dict) -> None:
        zaaktype: ZaakType = self.objects[row["url"]]
        mine = [r for r in self.files.get("statustypen", []) if r["zaaktype"] == row["url"]]
        for r in sorted(mine, key=lambda r: r["volgnummer"]):
            self.objects[r["url"]] = services.save_statustype(
                actor=self.actor,
                statustype=None,
                zaaktype=zaaktype,
                eigenschappen=[],
                begin=None,
                fields={
                    "omschrijving": r["omschrijving"],
                    "omschrijving_generiek": r["omschrijvingGeneriek"],
                    "statustekst": r["statustekst"],
                    "volgnummer": r["volgnummer"],
                    "informeren": r["informeren"],
                    "doorlooptijd": r["doorlooptijd"] or "",
                    "toelichting": r["toelichting"] or "",
                    "checklistitem_statustype": r["checklistitemStatustype"],
                },
            )
        for r in self._of(row, "roltypen"):
            services.save_roltype(
                actor=self.actor,
                roltype=None,
                zaaktype=zaaktype,
                begin=None,
                fields={
                    "omschrijving": r["omschrijving"],
                    "omschrijving_generiek": r["omschrijvingGeneriek"],
                },
            )
        for r in self._of(row, "resultaattypen"):
            brondatum = r["brondatumArchiefprocedure"]
            services.save_resultaattype(
                actor=self.actor,
                resultaattype=None,
                zaaktype=zaaktype,
                begin=None,
                own_hosts=set(),
                brondatum={_snake(k): v for k, v in brondatum.items()} if brondatum else None,
                besluittypen=[self.objects[u] for u in r["besluittypen"] if u in self.objects],
                informatieobjecttypen=[
                    self.objects[u] for u in r["informatieobjecttypen"] if u in self.objects
                ],
                fields={
                    "omschrijving": r["omschrijving"],
                    "resultaattypeomschrijving": r["resultaattypeomschrijving"],
                    "selectielijstklasse": r["selectielijstklasse"],
                    "toelichting": r["toelichting"],
                    "archiefnominatie": r["archiefnominatie"],
                    "archiefactietermijn": r["archiefactietermijn"] or "",
                    "procesobjectaard": r["procesobjectaard"] or "",
                    "indicatie_specifiek": r["indicatieSpecifiek"],
                    "procestermijn": r["procestermijn"] or "",
                },
            )
        for r in self._of(row, "eigenschappen"):
            spec = r["specificatie"]
            services.save_eigenschap(
                actor=self.actor,
                eigenschap=None,
                zaaktype=zaaktype,
                begin=None,
                statustype=self.objects.get(r["statustype"]) if r["statustype"] else None,
                fields={
                    "naam": r["naam"],
                    "definitie": r["definitie"],
                    "toelichting": r["toelichting"],
                    "specificatie_groep": spec.get("groep", ""),
                    "specificatie_formaat": spec["formaat"],
                    "specificatie_lengte": spec["lengte"],
                    "specificatie_kardinaliteit": spec["kardinaliteit"],
                    "specificatie_waardenverzameling": spec.get("waardenverzameling", []),
                },
            )
        for r in self._of(row, "zaakobjecttypen"):
            services.save_zaakobjecttype(
                actor=self.actor,
                zaakobjecttype=None,
                zaaktype=zaaktype,
                catalogus=self.catalogus,
                begin=None,
                fields={
                    "ander_objecttype": r["anderObjecttype"],
                    "objecttype": r["objecttype"],
                    "relatie_omschrijving": r["relatieOmschrijving"],
                },
            )
        for r in self._of(row, "zaaktype-informatieobjecttypen"):
            iot = (
                InformatieObjectType.objects.filter(
                    catalogus=self.catalogus, omschrijving=r["informatieobjecttype"]
                )
                .order_by("-pk")
                .first()
            )
            if iot is None:
                raise ImportFailed(
                    f"Informatieobjecttype '{r['informatieobjecttype']}' ontbreekt in de export."
                )
            services.save_ziot(
                actor=self.actor,
                ziot=None,
                zaaktype=zaaktype,
                informatieobjecttype=iot,
                statustype=self.objects.get(r["statustype"]) if r["statustype"] else None,
                fields={"volgnummer": r["volgnummer"], "richting": r["richting"]},
            )

    def _of(self, row: dict, kind: str) -> list[dict]:
        return [r for r in self.files.get(kind, []) if r["zaaktype"] == row["url"]]


def _publish(publish: Callable[..., Model], actor: Actor, obj: Model) -> Model:
    if isinstance(obj, InformatieObjectType):
        return publish(actor=actor, iot=obj)
    return publish(actor=actor, besluittype=obj)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _geldigheid(row: dict) -> dict:
    def d(key: str) -> date | None:
        return date.fromisoformat(row[key]) if row.get(key) else None

    return {
        "datum_begin_geldigheid": d("beginGeldigheid"),
        "datum_einde_geldigheid": d("eindeGeldigheid"),
        "begin_object": d("beginObject"),
        "einde_object": d("eindeObject"),
    }


def read_zip(content: bytes) -> dict[str, list[dict]]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "manifest.json" not in names:
                raise ImportFailed(
                    "Dit is geen catalogus-export van iwerk (manifest.json ontbreekt)."
                )
            manifest = orjson.loads(archive.read("manifest.json"))
            if manifest.get("format") != FORMAT_VERSION:
                raise ImportFailed("Onbekende versie van het exportformaat.")
            return {
                r: orjson.loads(archive.read(f"{r}.json"))
                for r in RESOURCES
                if f"{r}.json" in names
            }
    except (zipfile.BadZipFile, orjson.JSONDecodeError) as exc:
        raise ImportFailed(f"Het bestand is geen geldige ZIP met JSON: {exc}") from exc


@transaction.atomic
def import_catalogus(
    *, actor: Actor, content: bytes, gemeente: Gemeente, domein: str, naam: str = ""
) -> Catalogus:
    """Create a new catalogus for gemeente from an export; every rule applies, nothing is half-imported."""
    files = read_zip(content)
    try:
        catalogus = services.save_catalogus(
            actor=actor,
            catalogus=None,
            tenant=gemeente,
            fields={
                "domein": domein,
                "rsin": gemeente.rsin,
                "contactpersoon_beheer_naam": "Functioneel beheer",
                "naam": naam or f"Catalogus {gemeente.naam}",
                "versie": "",
                "begindatum_versie": None,
                "contactpersoon_beheer_telefoonnummer": "",
                "contactpersoon_beheer_emailadres": "",
            },
        )
        _Importer(actor, catalogus, files).run()
    except ValidationFailed as exc:
        reasons = "; ".join(f"{p.name}: {p.reason}" for p in exc.params)
        raise ImportFailed(f"De import voldoet niet aan de regels: {reasons}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFailed(f"De export is onvolledig of beschadigd ({exc}).") from exc
    return catalogus
