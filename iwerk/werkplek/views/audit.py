"""The audit viewer: who created, changed and viewed what in this gemeente — for the FG and CISO.

Changes come from the audittrail (every register write), views from the inzage log (zaak pages,
documents, BSN searches, by staff and API clients, and every lookup in the BRP and the KvK). Searchable per person, zaak, BSN and period;
exportable as CSV for an inzageverzoek or an audit. Using the viewer is itself logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from iwerk.basisregistraties.services.protocollering import KCC_OMSCHRIJVING
from iwerk.besluiten.models import Besluit
from iwerk.core import inzage
from iwerk.core.export import csv_response
from iwerk.core.models import AuditTrail, Gemeente, Inzage, Ketenschakel
from iwerk.core.validators import is_valid_rsin
from iwerk.documenten.models import EnkelvoudigInformatieObject
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.roles import AUDIT_INZIEN
from iwerk.werkplek import audittekst
from iwerk.zaken.models import Rol, Zaak, ZaakInformatieObject

MAX_REGELS = 200
MAX_EXPORT = 20000


class AuditFilter(forms.Form):
    persoon = forms.CharField(
        label="Medewerker of applicatie (gebruikersnaam of client-id)", required=False
    )
    zaak = forms.CharField(label="Zaaknummer", required=False)
    bsn = forms.CharField(label="BSN van een betrokkene", required=False, max_length=9)
    van = forms.DateField(
        label="Vanaf", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    soort = forms.ChoiceField(
        label="Soort",
        required=False,
        choices=[
            ("", "Wijzigingen en inzages"),
            ("wijzigingen", "Alleen wijzigingen"),
            ("inzages", "Alleen inzages"),
            ("basisregistraties", "Alleen opvragingen in de BRP en de KvK"),
        ],
    )

    def clean_bsn(self):
        bsn = self.cleaned_data["bsn"].strip()
        if bsn and not is_valid_rsin(bsn):
            raise forms.ValidationError("Dit is geen geldig BSN (9 cijfers, elfproef).")
        return bsn

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


@dataclass
class Regel:
    wanneer: datetime
    soort: str  # wijziging, inzage
    wie: str
    applicatie: str
    wat: str
    object: str
    kanaal: str


def _zaak_uuids(gemeente, data) -> list | None:
    """The zaken (and their documents) a zaak or BSN filter narrows to; None without such filter."""
    if not data.get("zaak") and not data.get("bsn"):
        return None
    zaken = Zaak.objects.filter(tenant=gemeente)
    if data.get("zaak"):
        zaken = zaken.filter(identificatie=data["zaak"].strip())
    if data.get("bsn"):
        zaken = zaken.filter(
            pk__in=Rol.objects.filter(tenant=gemeente, bsn=data["bsn"]).values("zaak_id")
        )
    return list(zaken.values_list("uuid", flat=True)[:5000])


def _objecten(gemeente, records: list[AuditTrail]) -> dict:
    """The zaaknummer, document or besluit identificatie each record's main object goes by."""
    namen: dict = {}
    for bron, model, soort in (
        ("zrc", Zaak, "Zaak"),
        ("drc", EnkelvoudigInformatieObject, "Document"),
        ("brc", Besluit, "Besluit"),
    ):
        wanted = {r.hoofd_object_uuid for r in records if r.bron == bron}
        if wanted:
            rows = model.objects.filter(tenant=gemeente, uuid__in=wanted)
            namen |= {u: f"{soort} {i}" for u, i in rows.values_list("uuid", "identificatie")}
    # The Klantinteracties register (the KCC's and the portaal's contacts): named by kind.
    namen |= {
        r.hoofd_object_uuid: KLANTINTERACTIES.get(r.resource, r.resource.capitalize())
        for r in records
        if r.bron == "kic"
    }
    return namen


KLANTINTERACTIES = {  # the resource as the audit trail names it (the model, lower case)
    "partij": "Partij",
    "partijidentificator": "Partij-identificator",
    "digitaaladres": "Digitaal adres",
    "klantcontact": "Klantcontact",
    "betrokkene": "Betrokkene bij klantcontact",
    "onderwerpobject": "Onderwerp van klantcontact",
    "actorklantcontact": "Medewerker bij klantcontact",
    "internetaak": "Contactverzoek (interne taak)",
    "actor": "Actor",
}


def _regels(gemeente, data, limit: int, actor) -> list[Regel]:
    zaak_uuids = _zaak_uuids(gemeente, data)
    wijzigingen = AuditTrail.objects.filter(tenant=gemeente)
    inzages = Inzage.objects.filter(tenant=gemeente)
    if data.get("persoon"):
        wie = data["persoon"].strip()
        wijzigingen = wijzigingen.filter(gebruikers_id=wie) | AuditTrail.objects.filter(
            tenant=gemeente, applicatie_id=wie
        )
        inzages = inzages.filter(gebruikers_id=wie) | Inzage.objects.filter(
            tenant=gemeente, applicatie_id=wie
        )
    if zaak_uuids is not None:
        documenten = ZaakInformatieObject.objects.filter(zaak__uuid__in=zaak_uuids).values_list(
            "informatieobject__uuid", flat=True
        )
        wijzigingen = wijzigingen.filter(hoofd_object_uuid__in=[*zaak_uuids, *documenten])
        bsn_zoek = (
            Inzage.objects.filter(tenant=gemeente, bsn=data["bsn"])
            if data.get("bsn")
            else Inzage.objects.none()
        )
        inzages = inzages.filter(zaak_uuid__in=zaak_uuids) | bsn_zoek
    if data.get("van"):
        begin = timezone.make_aware(datetime.combine(data["van"], time.min))
        wijzigingen, inzages = (
            wijzigingen.filter(aanmaakdatum__gte=begin),
            inzages.filter(wanneer__gte=begin),
        )
    if data.get("tot"):
        eind = timezone.make_aware(datetime.combine(data["tot"], time.max))
        wijzigingen, inzages = (
            wijzigingen.filter(aanmaakdatum__lte=eind),
            inzages.filter(wanneer__lte=eind),
        )
    regels = []
    if data.get("soort") == "basisregistraties":
        inzages = inzages.filter(soort__in=OPVRAGINGEN)
    if data.get("soort") not in ("inzages", "basisregistraties"):
        records = list(wijzigingen.order_by("-aanmaakdatum", "-pk")[:limit])
        wat, objecten = {}, _objecten(gemeente, records)
        for begin in range(0, len(records), 1000):  # names are looked up per thousand records
            wat |= audittekst.beschrijvingen(records[begin : begin + 1000], actor)
        for a in records:
            regels.append(
                Regel(a.aanmaakdatum, "wijziging", a.gebruikers_weergave or a.gebruikers_id,
                      a.applicatie_weergave or a.applicatie_id, wat[a.pk],
                      objecten.get(a.hoofd_object_uuid, "Verwijderd"), "api" if a.applicatie_id not in ("iwerk-werkplek", "iwerk-portaal") else a.applicatie_id.removeprefix("iwerk-"))
            )  # fmt: skip
    if data.get("soort") != "wijzigingen":
        rijen = list(inzages.order_by("-wanneer", "-pk")[:limit])
        zaken = _zaaknummers(gemeente, {i.zaak_uuid for i in rijen if i.soort in OPVRAGINGEN})
        for i in rijen:
            regels.append(
                Regel(i.wanneer, "inzage", _inzage_wie(i), i.applicatie_id,
                      _inzage_wat(i), _inzage_object(i, zaken), i.kanaal)
            )  # fmt: skip
    regels.sort(key=lambda r: r.wanneer, reverse=True)
    return regels[:limit]


# Lookups in the basisregistraties (basisregistraties.services.bevragen): the row's omschrijving
# names the operation, the field groups, the doelbinding, the verwerking, the zaaktype and the
# outcome; the BSN (of a BRP lookup by BSN) is in its own column, the zaak by its uuid.
OPVRAGINGEN = ("brp", "kvk")


def _inzage_wat(rij: Inzage) -> str:
    if rij.soort == "brp":
        return f"BRP geraadpleegd (BSN {rij.bsn})" if rij.bsn else "BRP geraadpleegd"
    if rij.soort == "kvk":
        return "Handelsregister (KvK) geraadpleegd"
    return {
        "zaak": "Zaak bekeken",
        "document": "Document geopend",
        "zoeken-bsn": f"Gezocht op BSN {rij.bsn}",
        "audit": "Auditlog geraadpleegd",
    }.get(rij.soort, rij.soort)


def _inzage_wie(rij: Inzage) -> str:
    """Who, by name and by the id the person filter takes: a citizen's name in the portaal is
    only "Inwoner (DigiD)", their id (digid:<bsn>, eherkenning:<kvk>) tells who it was."""
    weergave, gebruiker = rij.gebruikers_weergave, rij.gebruikers_id
    if rij.kanaal == "portaal" and weergave and gebruiker and weergave != gebruiker:
        return f"{weergave} · {gebruiker}"
    return weergave or gebruiker


def _inzage_object(rij: Inzage, zaken: dict) -> str:
    if rij.soort not in OPVRAGINGEN:
        return rij.omschrijving
    if rij.zaak_uuid is None and rij.kanaal == "portaal":
        zaak = "Bij het invullen van een formulier in het portaal (nog geen zaak)"
    elif rij.zaak_uuid is None and KCC_OMSCHRIJVING in rij.omschrijving:
        zaak = "Door het klantcontactcentrum (geen zaak)"
    elif rij.zaak_uuid is None:
        zaak = "Bij een intake (nog geen zaak)"
    else:
        zaak = f"Zaak {zaken.get(rij.zaak_uuid, 'die niet meer bestaat')}"
    return f"{zaak} · {rij.omschrijving}"


def _zaaknummers(gemeente: Gemeente, uuids: set) -> dict:
    """The identificatie of each zaak a lookup was made for (one query, none without lookups)."""
    uuids.discard(None)
    if not uuids:
        return {}
    rows = Zaak.objects.filter(tenant=gemeente, uuid__in=uuids).values_list("uuid", "identificatie")
    return dict(rows)


@werkplek_view(AUDIT_INZIEN)
def audit(request):
    context = request.werkplek
    form = AuditFilter(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    export = request.GET.get("formaat") == "csv" and form.is_bound and form.is_valid()
    regels = (
        _regels(context.gemeente, data, MAX_EXPORT if export else MAX_REGELS, context.actor)
        if not form.errors
        else []
    )
    if form.is_bound and form.is_valid():
        filters = ", ".join(f"{k}={v}" for k, v in data.items() if v)
        inzage.door_actor(
            context.actor, tenant_id=context.gemeente.pk, kanaal="werkplek", soort="audit",
            omschrijving=f"{'Export' if export else 'Zoeken'}: {filters}"[:300], bsn=data.get("bsn", ""),
        )  # fmt: skip
    if export:
        return _csv(context.gemeente, regels)
    return render(
        request,
        "werkplek/audit.html",
        {
            "nav": "audit",
            "form": form,
            "regels": regels,
            "max": MAX_REGELS,
            "schakels": Ketenschakel.objects.order_by("-volgnummer")
            .values_list("volgnummer", flat=True)
            .first()
            or 0,
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _csv(gemeente, regels: list[Regel]) -> HttpResponse:
    response = csv_response(
        [
            ["Wanneer", "Soort", "Wie", "Applicatie", "Wat", "Object", "Kanaal"],
            *(
                [
                    timezone.localtime(r.wanneer).isoformat(timespec="seconds"),
                    r.soort,
                    r.wie,
                    r.applicatie,
                    r.wat,
                    r.object,
                    r.kanaal,
                ]
                for r in regels
            ),
        ],
        f"audit-{gemeente.slug}-{timezone.localdate():%Y%m%d}.csv",
    )
    response["Cache-Control"] = "private, no-store"
    return response
