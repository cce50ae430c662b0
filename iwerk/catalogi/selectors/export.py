"""Export a catalogus to a ZIP of Catalogi API JSON (services.transfer imports it elsewhere).

The files hold exactly what the API would return (one JSON list per resource), so an export can
also be read by other tools.
"""

from __future__ import annotations

import io
import zipfile

import orjson
from django.utils import timezone

from iwerk.catalogi import selectors
from iwerk.catalogi.api import output as out
from iwerk.catalogi.models import Catalogus, ZaakType
from iwerk.core.api.actor import Actor
from iwerk.core.api.references import ApiUrls

EXPORT_BASE = "https://export.iwerk.invalid"
FORMAT_VERSION = 1
RESOURCES = (
    "informatieobjecttypen",
    "besluittypen",
    "zaaktypen",
    "statustypen",
    "roltypen",
    "resultaattypen",
    "eigenschappen",
    "zaakobjecttypen",
    "zaaktype-informatieobjecttypen",
)


def export_catalogus(catalogus: Catalogus) -> bytes:
    actor = Actor(
        client_id="export",
        applicatie_uuid=None,
        applicatie_label="export",
        heeft_alle_autorisaties=True,
        catalogi_tenant_ids=None,
    )
    ctx = out.RenderContext(ApiUrls(EXPORT_BASE), timezone.localdate())
    data: dict[str, list[dict]] = {}
    cat = selectors.catalogussen_with_relations(
        selectors.catalogussen(actor).filter(pk=catalogus.pk)
    ).get()
    data["catalogussen"] = [out.catalogus_json(cat, ctx)]
    zaaktypen = list(selectors.zaaktypen(actor).filter(catalogus=catalogus))
    ctx.prime_zaaktypen(zaaktypen)
    # Relations by name: export what is stored, not only what is valid today.
    data["zaaktypen"] = [
        {**out.zaaktype_json(z, ctx), "besluittypeOmschrijving": z.besluittype_omschrijvingen}
        for z in zaaktypen
    ]
    iots = list(selectors.informatieobjecttypen(actor).filter(catalogus=catalogus))
    ctx.prime_informatieobjecttypen(iots)
    data["informatieobjecttypen"] = [out.informatieobjecttype_json(i, ctx) for i in iots]
    bts = list(selectors.besluittypen(actor).filter(catalogus=catalogus))
    ctx.prime_besluittypen(bts)
    data["besluittypen"] = [out.besluittype_json(b, ctx) for b in bts]
    for kind, to_json in (
        ("statustypen", out.statustype_json),
        ("roltypen", out.roltype_json),
        ("resultaattypen", out.resultaattype_json),
        ("eigenschappen", out.eigenschap_json),
        ("zaakobjecttypen", out.zaakobjecttype_json),
        ("zaaktype-informatieobjecttypen", out.ziot_json),
    ):
        rows = list(selectors.children(kind, actor).filter(zaaktype__catalogus=catalogus))
        if kind == "statustypen":
            ctx.prime_statustypen(rows)
        if kind == "resultaattypen":
            ctx.prime_resultaattypen(rows)
        if kind == "zaaktype-informatieobjecttypen":
            ctx.prime_ziots(rows)
            data[kind] = [
                {**to_json(r, ctx), "informatieobjecttype": r.informatieobjecttype_omschrijving}
                for r in rows
            ]
        else:
            data[kind] = [to_json(r, ctx) for r in rows]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            orjson.dumps(
                {
                    "format": FORMAT_VERSION,
                    "bron": catalogus.naam,
                    "geexporteerd": timezone.now().isoformat(),
                    # Beheer guidance (not rules of the standard): what a zaaktype still lacks.
                    "waarschuwingen": waarschuwingen(catalogus, zaaktypen, ctx),
                },
                option=orjson.OPT_INDENT_2,
            ),
        )
        for name, rows in data.items():
            archive.writestr(f"{name}.json", orjson.dumps(rows, option=orjson.OPT_INDENT_2))
    return buffer.getvalue()


def waarschuwingen(
    catalogus: Catalogus,
    zaaktypen: list[ZaakType] | None = None,
    ctx: out.RenderContext | None = None,
) -> list[dict]:
    """The beheer warnings of every zaaktype in the catalogus, one dict per warning.

    Each names the zaaktype (url in the export, identificatie, omschrijving, concept) and
    the warning (code, tekst) of ``selectors.zaaktypen_waarschuwingen``.
    """
    if zaaktypen is None:
        zaaktypen = list(ZaakType.objects.filter(catalogus=catalogus).order_by("pk"))
    ctx = ctx or out.RenderContext(ApiUrls(EXPORT_BASE), timezone.localdate())
    per_zaaktype = selectors.zaaktypen_waarschuwingen(z.pk for z in zaaktypen)
    return [
        {
            "zaaktype": ctx.urls.build(out.PREFIX, "zaaktypen", z.uuid),
            "identificatie": z.identificatie,
            "omschrijving": z.omschrijving,
            "concept": z.concept,
            "code": w.code,
            "tekst": w.tekst,
        }
        for z in zaaktypen
        for w in per_zaaktype[z.pk]
    ]
