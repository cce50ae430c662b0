"""The incident register in the werkplek: report, triage, decide, export for the AP, report."""

from __future__ import annotations

import io
import json
import statistics

from django.core import exceptions as django_exceptions
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from iwerk.core.api.problems import InvalidParam, PermissionDenied, ValidationFailed
from iwerk.core.export import csv_response
from iwerk.core.models import Gemeente
from iwerk.incidenten import ap_melding, forms, selectors, services
from iwerk.incidenten.models import MELDTERMIJN, Categorie, Incident, IncidentGemeente, Status
from iwerk.incidenten.selectors import klok, ontvangers
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.medewerkers.roles import INCIDENTEN


def _als_api_fout(work):
    """Service rules (Django ValidationError) as the werkplek's form errors, via once()."""

    def run():
        try:
            return work()
        except django_exceptions.ValidationError as error:
            raise ValidationFailed(
                [
                    InvalidParam(name, "invalid", " ".join(messages))
                    for name, messages in error.message_dict.items()
                ]
            ) from error
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error

    return run


@werkplek_view(INCIDENTEN)
def lijst(request):
    toon = request.GET.get("toon", "open")
    qs = selectors.zichtbaar(request.user)
    if toon == "open":
        qs = qs.exclude(status=Status.afgesloten)
    elif toon == "datalekken":
        qs = qs.filter(datalek=True)
    incidenten = selectors.met_klok(selectors.met_gemeenten(qs.order_by("-ontdekt_op"))[:200])
    return render(
        request,
        "incidenten/lijst.html",
        {
            "nav": "incidenten",
            "incidenten": incidenten,
            "toon": toon,
            "beoordelaar": bool(ontvangers.beoordeelt_in(request.user)),
        },
    )


@werkplek_view(INCIDENTEN)
def melden(request):
    concept = "concept" in request.POST
    form_class = forms.ConceptForm if concept else forms.MeldForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gemeente = request.werkplek.gemeente

        def work():
            incident = services.melden(
                user=request.user, gemeente=gemeente, gegevens=form.velden(), concept=concept
            )
            return f"/werkplek/incidenten/{incident.uuid}/"

        response = once(
            request,
            _als_api_fout(work),
            form=form,
            success="Opgeslagen als concept. De meldtermijn loopt vanaf de ontdekking."
            if concept
            else "Het incident is gemeld. De privacy officer en CISO beoordelen het.",
        )
        if response is not None:
            return response
    return render(
        request,
        "incidenten/melden.html",
        {"nav": "incidenten", "form": form, "formtoken": new_token()},
        status=400 if request.method == "POST" else 200,
    )


def _incident(request, uuid) -> Incident:
    incident = (
        selectors.met_gemeenten(selectors.zichtbaar(request.user))
        .filter(uuid=uuid)
        .select_related("gemeld_door")
        .first()
    )
    if incident is None:
        raise Http404("Dit incident bestaat niet of u mag het niet zien.")
    return incident


def _eigen_gemeenten(request):
    return Gemeente.objects.filter(pk__in=ontvangers.beoordeelt_in(request.user)).order_by("naam")


def _initial_avg(incident: Incident) -> dict:
    return {name: getattr(incident, name) for name in forms.AvgForm.base_fields}


def _forms(request, incident, bound: dict | None = None) -> dict:
    bound = bound or {}
    eigen = _eigen_gemeenten(request)
    betrokken_eigen = eigen.filter(pk__in=incident.betrokken.values("gemeente_id"))
    result = {
        "beoordelen": forms.BeoordelenForm(
            gemeenten=eigen,
            initial={
                "gemeenten": [b.gemeente_id for b in incident.betrokken.all()],
                "datalek": {True: "ja", False: "nee"}.get(incident.datalek),
            },
        ),
        "risico": forms.RisicoForm(
            initial={"risico": incident.risico, "onderbouwing": incident.risico_onderbouwing}
        ),
        "avg": forms.AvgForm(initial=_initial_avg(incident)),
        "koppelen": forms.KoppelenForm(),
        "stap": forms.StapForm(),
        "afsluiten": forms.AfsluitenForm(
            initial={"afhandeling": incident.afhandeling, "lessen": incident.lessen}
        ),
        "bijwerken": forms.ConceptForm(
            initial={
                **{k: getattr(incident, k) for k in forms.MeldForm.base_fields},
                "getroffen_systemen": ", ".join(incident.getroffen_systemen),
            }
        ),
    }
    per_gemeente = {}
    for betrokken in incident.betrokken.all():
        if betrokken.gemeente_id not in {g.pk for g in betrokken_eigen}:
            continue
        initial = {"gemeente": betrokken.gemeente_id}
        per_gemeente[betrokken.gemeente_id] = {
            naam: cls(
                gemeenten=betrokken_eigen, initial=initial, prefix=f"{naam}-{betrokken.gemeente_id}"
            )
            for naam, cls in (
                ("ap_besluit", forms.ApBesluitForm),
                ("ap_gemeld", forms.ApGemeldForm),
                ("betrokkenen", forms.BetrokkenenForm),
                ("intrekken", forms.IntrekkenForm),
            )
        }
    for key, form in bound.items():
        if isinstance(key, tuple):
            per_gemeente.setdefault(key[1], {})[key[0]] = form
        else:
            result[key] = form
    result["per_gemeente"] = per_gemeente
    return result


def _pagina(request, incident, bound=None, status=200):
    betrokken = list(incident.betrokken.all())
    eigen = ontvangers.beoordeelt_in(request.user)
    return render(
        request,
        "incidenten/incident.html",
        {
            "nav": "incidenten",
            "incident": incident,
            "stand": klok.stand(incident, betrokken),
            "betrokken": betrokken,
            "beoordelaar": bool(eigen & {b.gemeente_id for b in betrokken}),
            "forms": (gebonden := _forms(request, incident, bound)),
            "per_gemeente": [(b, gebonden["per_gemeente"].get(b.gemeente_id)) for b in betrokken],
            "formtoken": new_token(),
            "besluiten": incident.besluiten.select_related("gemeente").all(),
            "log": incident.log.all(),
            "escalaties": incident.escalaties.select_related("gemeente").order_by("verstuurd_op"),
            "uiterste": incident.ontdekt_op + MELDTERMIJN,
            "zaken": _gekoppeld(incident),
            "applicaties": [str(a) for a in incident.applicaties.all()],
        },
        status=status,
    )


@werkplek_view(INCIDENTEN)
def detail(request, uuid):
    return _pagina(request, _incident(request, uuid))


ACTIES = {
    "beoordelen": "Beoordeling vastgelegd.",
    "risico": "Risico vastgelegd.",
    "avg": "Gegevens voor de melding bijgewerkt.",
    "ap_besluit": "Besluit over de melding aan de AP vastgelegd.",
    "ap_gemeld": "Melding bij de AP vastgelegd; de meldtermijn stopt voor deze gemeente.",
    "betrokkenen": "Besluit over het informeren van betrokkenen vastgelegd.",
    "intrekken": "Intrekking vastgelegd.",
    "afsluiten": "Incident afgesloten.",
    "bijwerken": "Incident bijgewerkt.",
    "koppelen": "Gekoppeld.",
    "stap": "Afhandelstap vastgelegd.",
}


@require_POST
@werkplek_view(INCIDENTEN)
def actie(request, uuid, naam: str):
    if naam not in ACTIES:
        raise Http404
    incident = _incident(request, uuid)
    user = request.user
    url = f"/werkplek/incidenten/{incident.uuid}/"
    gemeente_id = request.POST.get("gemeente_id", "")
    eigen = _eigen_gemeenten(request)
    prefix = f"{naam}-{gemeente_id}" if gemeente_id.isdigit() else None
    form, key, work = _form_en_werk(request, naam, incident, user, eigen, prefix, gemeente_id)
    if form.is_valid():

        def run():
            work(form.cleaned_data)
            return f"{url}#{naam}"

        response = once(request, _als_api_fout(run), form=form, success=ACTIES[naam])
        if response is not None:
            return response
    incident = _incident(request, uuid)
    return _pagina(request, incident, {key: form}, status=400)


def _form_en_werk(request, naam, incident, user, eigen, prefix, gemeente_id):
    post = request.POST
    if naam == "beoordelen":
        form = forms.BeoordelenForm(post, gemeenten=eigen)
        return (
            form,
            naam,
            lambda d: services.beoordelen(
                user=user,
                incident=incident,
                datalek=d["datalek"],
                reden=d["reden"],
                gemeenten=list(d["gemeenten"]),
            ),
        )
    if naam == "risico":
        form = forms.RisicoForm(post)
        return (
            form,
            naam,
            lambda d: services.risico_vastleggen(
                user=user, incident=incident, risico=d["risico"], onderbouwing=d["onderbouwing"]
            ),
        )
    if naam == "avg":
        form = forms.AvgForm(post)
        return form, naam, lambda d: services.bijwerken(user=user, incident=incident, gegevens=d)
    if naam == "stap":
        form = forms.StapForm(post)
        return form, naam, lambda d: services.stap_vastleggen(user=user, incident=incident, **d)
    if naam == "koppelen":
        form = forms.KoppelenForm(post)
        return form, naam, lambda d: services.koppelen(user=user, incident=incident, **d)
    if naam == "afsluiten":
        form = forms.AfsluitenForm(post)
        return form, naam, lambda d: services.afsluiten(user=user, incident=incident, **d)
    if naam == "bijwerken":
        indienen = "melden" in post
        form = (forms.MeldForm if indienen else forms.ConceptForm)(post)
        return (
            form,
            naam,
            lambda d: services.bijwerken(
                user=user, incident=incident, gegevens=form.velden(), indienen=indienen
            ),
        )
    classes = {
        "ap_besluit": forms.ApBesluitForm,
        "ap_gemeld": forms.ApGemeldForm,
        "betrokkenen": forms.BetrokkenenForm,
        "intrekken": forms.IntrekkenForm,
    }
    form = classes[naam](post, gemeenten=eigen, prefix=prefix)
    key = (naam, int(gemeente_id)) if gemeente_id.isdigit() else naam
    calls = {
        "ap_besluit": lambda d: services.ap_besluiten(
            user=user, incident=incident, gemeente=d["gemeente"], melden=d["melden"],
            reden=d["reden"], te_laat_reden=d["te_laat_reden"],
        ),
        "ap_gemeld": lambda d: services.ap_gemeld(
            user=user, incident=incident, gemeente=d["gemeente"], meldnummer=d["meldnummer"],
            gemeld_op=d["gemeld_op"], te_laat_reden=d["te_laat_reden"],
        ),
        "betrokkenen": lambda d: services.betrokkenen_besluiten(
            user=user, incident=incident, gemeente=d["gemeente"], informeren=d["informeren"],
            reden=d["reden"], openbare_mededeling=d["openbare_mededeling"],
        ),
        "intrekken": lambda d: services.ap_intrekken(
            user=user, incident=incident, gemeente=d["gemeente"], reden=d["reden"]
        ),
    }  # fmt: skip
    return form, key, calls[naam]


@werkplek_view(INCIDENTEN)
def ap_export(request, uuid, gemeente_slug: str, formaat: str):
    incident = _incident(request, uuid)
    betrokken = (
        IncidentGemeente.objects.filter(incident=incident, gemeente__slug=gemeente_slug)
        .select_related("gemeente")
        .first()
    )
    if betrokken is None:
        raise Http404("Deze gemeente is niet betrokken bij dit incident.")
    try:
        services.mag_beoordelen(request.user, incident, betrokken.gemeente)
    except DjangoPermissionDenied:
        raise Http404("Alleen de FG of CISO van de gemeente maakt de melding.") from None
    soort = request.GET.get("soort", "nieuw")
    if soort not in ap_melding.SOORTEN:
        soort = "nieuw"
    naam = f"ap-{soort}-{incident.nummer}-{gemeente_slug}"
    services.gelogd(
        incident,
        request.user,
        f"AP-{soort} ({formaat.upper()}) gemaakt voor {betrokken.gemeente.naam}",
    )
    if formaat == "json":
        body = json.dumps(
            ap_melding.melding(incident, betrokken, soort), ensure_ascii=False, indent=2
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{naam}.json"'
    else:
        response = FileResponse(
            io.BytesIO(ap_melding.als_pdf(incident, betrokken, soort)),
            content_type="application/pdf",
            as_attachment=True,
            filename=f"{naam}.pdf",
        )
    response["Cache-Control"] = "private, no-store"
    return response


@werkplek_view(INCIDENTEN)
def rapportage(request):
    """ENSIA/BIO: counts per category and gemeente, handling times, open incidents, AP timeliness."""
    eigen = list(_eigen_gemeenten(request))
    if not eigen:
        raise Http404("Alleen voor de FG en CISO.")
    jaar = int(request.GET.get("jaar") or timezone.localdate().year)
    qs = (
        selectors.zichtbaar(request.user)
        .filter(ontdekt_op__year=jaar)
        .exclude(status=Status.concept)
    )
    per_categorie = dict(qs.values_list("categorie").annotate(n=Count("pk")).order_by())
    rijen = []
    for gemeente in eigen:
        van = qs.filter(betrokken__gemeente=gemeente)
        afgesloten = list(
            van.filter(status=Status.afgesloten).values_list("gemeld_op", "afgesloten_op")
        )
        duren = [(b - a).total_seconds() / 3600 for a, b in afgesloten]
        gemeld = IncidentGemeente.objects.filter(
            gemeente=gemeente, incident__in=van, ap_gemeld_op__isnull=False
        ).select_related("incident")
        op_tijd = sum(1 for g in gemeld if g.ap_gemeld_op <= g.incident.ontdekt_op + MELDTERMIJN)
        rijen.append(
            {
                "gemeente": gemeente,
                "totaal": van.count(),
                "open": van.exclude(status=Status.afgesloten).count(),
                "datalekken": van.filter(datalek=True).count(),
                "gemeld_ap": len(gemeld),
                "op_tijd": op_tijd,
                "mediaan_uren": round(statistics.median(duren), 1) if duren else None,
            }
        )
    categorieen = [(label, per_categorie.get(value, 0)) for value, label in Categorie.choices]
    if request.GET.get("formaat") == "csv":
        return _csv(jaar, rijen, categorieen)
    return render(
        request,
        "incidenten/rapportage.html",
        {"nav": "incidenten", "jaar": jaar, "rijen": rijen, "categorieen": categorieen,
         "open": qs.exclude(status=Status.afgesloten).filter(Q(betrokken__gemeente__in=eigen)).distinct().count()},
    )  # fmt: skip


def _csv(jaar, rijen, categorieen):
    kop = [
        "Gemeente",
        "Incidenten",
        "Open",
        "Datalekken",
        "Gemeld bij AP",
        "Binnen 72 uur",
        "Mediane afhandeltijd (uren)",
    ]
    return csv_response(
        [
            kop,
            *(
                [
                    r["gemeente"].naam,
                    r["totaal"],
                    r["open"],
                    r["datalekken"],
                    r["gemeld_ap"],
                    r["op_tijd"],
                    r["mediaan_uren"] or "",
                ]
                for r in rijen
            ),
            [],
            ["Categorie", "Aantal"],
            *categorieen,
        ],
        f"incidenten-{jaar}.csv",
    )


def _gekoppeld(incident: Incident) -> list[tuple[str, str]]:
    """(zaaknummer, werkplek URL) and (document identificatie, '') of what the incident touched."""
    from iwerk.documenten.models import EnkelvoudigInformatieObject
    from iwerk.zaken.models import Zaak

    zaken = [
        (z.identificatie, f"/werkplek/zaken/{z.uuid}/")
        for z in Zaak.objects.filter(uuid__in=incident.zaak_uuids).only("identificatie", "uuid")
    ]
    documenten = [
        (f"{d.identificatie} {d.titel}", "")
        for d in EnkelvoudigInformatieObject.objects.filter(uuid__in=incident.document_uuids).only(
            "identificatie", "titel"
        )
    ]
    return zaken + documenten
