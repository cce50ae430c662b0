"""Filling in a request step by step, checking it, sending it, and the receipt."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from iwerk.core.api.problems import ApiError, ValidationFailed
from iwerk.core.kaart import tegelbron
from iwerk.documenten import content
from iwerk.documenten.models import EnkelvoudigInformatieObject, Versie
from iwerk.documenten.services import archivering
from iwerk.portaal import stappen
from iwerk.portaal.models import Concept, Product
from iwerk.portaal.selectors import concepten as concept_selectors
from iwerk.portaal.services import concepten, indienen, vooraf
from iwerk.portaal.views.aanbod import aanbod_item
from iwerk.portaal.views.common import concept_van, inloggen_url, portaal_view, sessie_hash


def _mag_aanvragen(request, product: Product) -> bool:
    wie = request.identiteit
    if product.betrouwbaarheidsniveau == "geen":
        return True
    return wie is not None and wie.voldoet_aan(product.betrouwbaarheidsniveau)


def _buiten_machtiging(request, product: Product):
    """The page for a gemachtigde whose authorisation does not cover this product."""
    return render(
        request,
        "portaal/geen_machtiging.html",
        {"gemeente": request.gemeente, "identiteit": request.identiteit, "product": product},
        status=403,
    )


@require_POST
@portaal_view()
def starten(request, product_slug: str):
    """Start a request (or continue the open draft of this product). A new draft is filled in
    beforehand from the BRP or the KvK, once (services.vooraf)."""
    item = aanbod_item(request.gemeente, product_slug)
    product = item["product"]
    if not _mag_aanvragen(request, product):
        return HttpResponseRedirect(
            inloggen_url(
                request.gemeente, product.betrouwbaarheidsniveau, request.path[: -len("aanvragen/")]
            )
        )
    wie = request.identiteit
    if wie is not None and not wie.mag_dienst(product.zaaktype_identificatie):
        return _buiten_machtiging(request, product)
    eigenaar = (
        {"middel": wie.middel, "eigenaar": wie.eigenaar}
        if wie
        else {"sessie": sessie_hash(request)}
    )
    meldingen: list[str] = []

    def invullen() -> dict:
        uitkomst = vooraf.vooraf_invullen(request.gemeente, product, wie)
        meldingen.append(uitkomst.melding)
        return uitkomst.gegevens

    concept = concepten.openen(request.gemeente, product, eigenaar, invullen)
    for melding in filter(None, meldingen):
        messages.info(request, melding)
    if vooraf.keuze_nodig(concept):
        return HttpResponseRedirect(f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/voor-wie/")
    return HttpResponseRedirect(_stap_url(concept, min(concept.stap, _aantal(concept))))


def _aantal(concept: Concept) -> int:
    return len(concept.product.formulier["stappen"])


def _stap_url(concept: Concept, nummer: int) -> str:
    return f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/stap/{nummer}/"


def _open_concept(request, uuid) -> Concept:
    concept = concept_van(request, uuid)
    if concept.product.betrouwbaarheidsniveau != "geen" and not _mag_aanvragen(
        request, concept.product
    ):
        raise Http404("Log opnieuw in om verder te gaan.")
    wie = request.identiteit
    if wie is not None and not wie.mag_dienst(concept.product.zaaktype_identificatie):
        raise Http404("Uw machtiging geldt niet voor deze aanvraag.")
    return concept


@portaal_view()
def voor_wie(request, uuid):
    """A parent chooses for whom the request is: themselves or a minor they hold gezag over
    (as the BRP said when the draft was opened; nothing else is accepted)."""
    concept = _open_concept(request, uuid)
    if concept.status == Concept.Status.ingediend:
        return HttpResponseRedirect(f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/verzonden/")
    kinderen = vooraf.kinderen(concept)
    if not kinderen:
        return HttpResponseRedirect(_stap_url(concept, 1))
    fout = ""
    if request.method == "POST":
        if vooraf.voor_kiezen(concept, request.POST.get("voor", "")):
            return HttpResponseRedirect(_stap_url(concept, min(concept.stap, _aantal(concept))))
        fout = "Kies voor wie de aanvraag is."
    eerder = concept.gegevens.get(vooraf.VOOR)
    gekozen = "" if eerder is None else (eerder.get("bsn") or "zelf")
    return render(
        request,
        "portaal/voor_wie.html",
        {
            "gemeente": request.gemeente,
            "identiteit": request.identiteit,
            "concept": concept,
            "kinderen": kinderen,
            "gekozen": gekozen,
            "fout": fout,
        },
        status=400 if fout else 200,
    )


@portaal_view()
def stap(request, uuid, nummer: int):
    concept = _open_concept(request, uuid)
    if concept.status == Concept.Status.ingediend:
        return HttpResponseRedirect(f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/verzonden/")
    if vooraf.keuze_nodig(concept):
        return HttpResponseRedirect(f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/voor-wie/")
    definitie = concept.product.formulier["stappen"]
    if not 1 <= nummer <= min(concept.stap, len(definitie)):
        return HttpResponseRedirect(_stap_url(concept, min(concept.stap, len(definitie))))
    stapdef = definitie[nummer - 1]
    bijlagen = dict(concept.bijlagen.values_list("veld", "bestandsnaam"))
    form = stappen.StapForm(
        request.POST or None,
        request.FILES or None,
        stap=stapdef,
        eerder=concept.gegevens,
        bijlagen=bijlagen,
        initial=stappen.initial(stapdef, concept.gegevens),
        hulptekst_plek=request.gemeente.hulptekst_plek,
        gemeente=request.gemeente,
    )
    # "Adres zoeken" posts the step to show the address found; it stores nothing.
    if request.method == "POST" and form.is_valid() and not form.zoeken:
        concepten.stap_bewaren(concept, form, nummer)
        if "opslaan" in request.POST:
            messages.success(
                request,
                "Uw aanvraag is opgeslagen als concept. U vindt haar terug onder Mijn zaken."
                if concept.eigenaar
                else "Uw melding is opgeslagen. U kunt verder gaan zolang dit venster open is.",
            )
            return HttpResponseRedirect(_stap_url(concept, nummer))
        if nummer < len(definitie):
            return HttpResponseRedirect(_stap_url(concept, nummer + 1))
        return HttpResponseRedirect(f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/controleren/")
    kaart = _kaart() if any(v["type"] == "locatie" for v in stapdef["velden"]) else None
    response = render(
        request,
        "portaal/stap.html",
        {
            "gemeente": request.gemeente,
            "identiteit": request.identiteit,
            "concept": concept,
            "form": form,
            "stap": stapdef,
            "nummer": nummer,
            "stappen": [(i, s["titel"]) for i, s in enumerate(definitie, start=1)],
            "bereikt": concept.stap,
            "kaart": kaart,
        },
        status=400 if form.errors else 200,
    )
    if kaart and kaart["tegels"]:
        # Only the page with the map may load images from the tile server (django-csp).
        response._csp_update = {"img-src": [kaart["bron"]]}
    return response


def _kaart() -> dict:
    """The configured map tiles; no tiles (empty setting) means the form goes without a map."""
    tegels = settings.IWERK_KAART_TEGELS
    return {
        "tegels": tegels,
        "bronvermelding": settings.IWERK_KAART_BRONVERMELDING,
        "bron": tegelbron(tegels) if tegels else "",
    }


@portaal_view()
def controleren(request, uuid):
    concept = _open_concept(request, uuid)
    if concept.status == Concept.Status.ingediend:
        return HttpResponseRedirect(f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/verzonden/")
    if vooraf.keuze_nodig(concept):
        return HttpResponseRedirect(f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/voor-wie/")
    ontbreekt = concept_selectors.eerste_onvolledige_stap(concept)
    if ontbreekt is not None:
        messages.error(request, "Er ontbreekt nog iets. Vul deze stap eerst aan.")
        return HttpResponseRedirect(_stap_url(concept, ontbreekt))
    fout = ""
    if request.method == "POST":
        if request.POST.get("akkoord") != "ja":
            fout = "Bevestig dat u de gegevens naar waarheid heeft ingevuld."
        else:
            try:
                indienen.indienen(concept.pk, request.identiteit)
            except (indienen.NietVerzonden, ApiError) as exc:
                # Nothing was stored: the draft is intact and can be sent again later.
                fout = f"Uw aanvraag kon niet worden verzonden: {_reden(exc)} Uw gegevens zijn bewaard."
            else:
                return HttpResponseRedirect(
                    f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/verzonden/"
                )
    bijlagen = dict(concept.bijlagen.values_list("veld", "bestandsnaam"))
    return render(
        request,
        "portaal/controleren.html",
        {
            "gemeente": request.gemeente,
            "identiteit": request.identiteit,
            "concept": concept,
            "overzicht": concept_selectors.samenvatting(concept, bijlagen),
            "voor": vooraf.gekozen_kind(concept.gegevens),
            "kan_kiezen": bool(vooraf.kinderen(concept)),
            "fout": fout,
        },
        status=400 if fout else 200,
    )


def _reden(exc) -> str:
    if isinstance(exc, ValidationFailed):
        return " ".join(p.reason for p in exc.params)
    return exc.detail if isinstance(exc, ApiError) else str(exc)


def _ontvangstbewijs(request, concept: Concept) -> Versie | None:
    """The current version of the request's receipt, when it has one."""
    if concept.status != Concept.Status.ingediend or concept.ontvangstbewijs is None:
        return None
    document = (
        EnkelvoudigInformatieObject.objects.filter(
            tenant=request.gemeente, uuid=concept.ontvangstbewijs
        )
        .select_related("huidige_versie")
        .first()
    )
    return document.huidige_versie if document else None


@portaal_view()
def verzonden(request, uuid):
    concept = concept_van(request, uuid)
    if concept.status != Concept.Status.ingediend:
        return HttpResponseRedirect(_stap_url(concept, 1))
    bewijs = _ontvangstbewijs(request, concept)
    item = aanbod_item(request.gemeente, concept.product.slug, vereist=False)
    return render(
        request,
        "portaal/verzonden.html",
        {
            "gemeente": request.gemeente,
            "identiteit": request.identiteit,
            "concept": concept,
            "zaak": concept.zaak,
            "doorlooptijd": item["doorlooptijd"] if item else "",
            "bewijs_overgebracht": bewijs is not None and archivering.inhoud_verwijderd(bewijs),
        },
    )


@portaal_view()
def ontvangstbewijs(request, uuid):
    concept = concept_van(request, uuid)
    versie = _ontvangstbewijs(request, concept)
    if versie is not None and archivering.inhoud_verwijderd(versie):
        return inhoud_overgebracht(
            request,
            titel="Het ontvangstbewijs",
            terug=f"/{concept.tenant.slug}/aanvragen/{concept.uuid}/verzonden/",
        )
    if versie is None or not versie.inhoud:
        raise Http404("Er is nog geen ontvangstbewijs.")
    return pdf_response(
        content.storage().open(versie.inhoud, "rb"),
        f"ontvangstbewijs-{concept.zaak.identificatie}.pdf",
    )


def inhoud_overgebracht(request, *, titel: str, terug: str):
    """The page for a document whose content went to the gemeente's archive repository after
    the zaak was transferred (documenten.services.archivering): 410, it is not coming back."""
    return render(
        request,
        "portaal/inhoud_overgebracht.html",
        {
            "gemeente": request.gemeente,
            "identiteit": request.identiteit,
            "titel": titel,
            "terug": terug,
        },
        status=410,
    )


def pdf_response(data, naam: str, *, inline: bool = False):
    response = FileResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, naam)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@portaal_view()
def verwijderen(request, uuid):
    concept = concept_van(request, uuid)
    if concept.status != Concept.Status.concept:
        raise Http404("Alleen een concept kunt u verwijderen.")
    concepten.verwijderen(Concept.objects.filter(pk=concept.pk))
    messages.success(request, "Het concept is verwijderd.")
    target = "mijn-zaken/" if concept.eigenaar else ""
    return HttpResponseRedirect(f"/{request.gemeente.slug}/{target}")
