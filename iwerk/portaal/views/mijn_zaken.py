"""Mijn zaken: the signed-in citizen's or business's own cases, drafts, documents and messages."""

from __future__ import annotations

import io
import secrets

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import content_disposition_header

from iwerk.berichten.services import gesprek
from iwerk.core.api.problems import ApiError
from iwerk.documenten import content
from iwerk.documenten.services import archivering
from iwerk.portaal import selectors, stappen
from iwerk.portaal.models import Concept, Product
from iwerk.portaal.pdf import besluitbrief
from iwerk.portaal.services import indienen
from iwerk.portaal.views.aanvragen import inhoud_overgebracht, pdf_response
from iwerk.portaal.views.common import portaal_view

SESSION_BERICHT = "portaal_berichttokens"
BIJLAGE = {"type": "bijlage", "naam": "bijlage", "max_mb": 10}


class BerichtForm(forms.Form):
    tekst = forms.CharField(
        label="Uw bericht",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Schrijf uw bericht."},
    )
    bijlage = forms.FileField(
        label="Document meesturen (niet verplicht)",
        required=False,
        help_text="PDF of foto (JPG of PNG), hoogstens 10 MB.",
    )

    def clean_bijlage(self):
        upload = self.cleaned_data.get("bijlage")
        if upload:
            reden = stappen.bestand_toegestaan(upload, BIJLAGE)
            if reden:
                raise forms.ValidationError(reden)
        return upload


def _zaak(request, uuid):
    zaak = selectors.zaken(request.gemeente, request.identiteit).filter(uuid=uuid).first()
    if zaak is None:
        raise Http404("Deze zaak bestaat niet of is niet van u.")
    return zaak


@portaal_view(ingelogd=True)
def overzicht(request):
    wie = request.identiteit
    zaken = list(selectors.zaken(request.gemeente, wie).order_by("-startdatum", "-pk")[:200])
    statussen = selectors.huidige_statussen([z.pk for z in zaken])
    concepten = (
        Concept.objects.filter(
            tenant=request.gemeente, middel=wie.middel, eigenaar=wie.eigenaar, status="concept"
        )
        .select_related("product")
        .order_by("-gewijzigd")
    )
    return render(
        request,
        "portaal/mijn_zaken.html",
        {
            "gemeente": request.gemeente,
            "identiteit": wie,
            "lopend": [(z, statussen.get(z.pk)) for z in zaken if z.einddatum is None],
            "afgerond": [(z, statussen.get(z.pk)) for z in zaken if z.einddatum is not None],
            "concepten": concepten,
            "berichten": selectors.mijn_berichten(request.gemeente, wie, [z.uuid for z in zaken]),
        },
    )


def _token(request) -> str:
    token = secrets.token_urlsafe(16)
    tokens = request.session.get(SESSION_BERICHT, [])[-20:]
    request.session[SESSION_BERICHT] = [*tokens, token]
    return token


def _verbruik(request, token: str) -> bool:
    """True once per form shown: a double click or a resent form does not send twice."""
    tokens = request.session.get(SESSION_BERICHT, [])
    if token not in tokens:
        return False
    tokens.remove(token)
    request.session[SESSION_BERICHT] = tokens
    return True


@portaal_view(ingelogd=True)
def zaak(request, uuid):
    zaak = _zaak(request, uuid)
    form = BerichtForm()
    if request.method == "POST":
        form = BerichtForm(request.POST, request.FILES)
        if not _verbruik(request, request.POST.get("formtoken", "")):
            messages.info(request, "Uw bericht was al verstuurd.")
            return HttpResponseRedirect(f"{request.path}#berichten")
        if form.is_valid():
            fout = _bericht(request, zaak, form.cleaned_data)
            if fout is None:
                messages.success(request, "Uw bericht is verstuurd naar de behandelaar.")
                return HttpResponseRedirect(f"{request.path}#berichten")
            form.add_error(None, fout)
    van_gemeente, eigen = selectors.documenten(zaak)
    # From the versions loaded with the documents: no query per document.
    overgebracht = archivering.inhoud_verwijderd_van(
        d.huidige_versie for d in [*van_gemeente, *eigen] if d.huidige_versie is not None
    )
    return render(
        request,
        "portaal/mijn_zaak.html",
        {
            "gemeente": request.gemeente,
            "identiteit": request.identiteit,
            "zaak": zaak,
            "voortgang": selectors.voortgang(zaak),
            "documenten_gemeente": van_gemeente,
            "documenten_eigen": eigen,
            "overgebracht": overgebracht,
            "besluiten": selectors.besluiten(zaak),
            "berichten": selectors.berichten(zaak),
            "form": form,
            "formtoken": _token(request),
        },
        status=400 if form.errors else 200,
    )


def _bericht(request, zaak, data) -> str | None:
    """The message as an extern notitie on the zaak and a klantcontact in the Klantinteracties
    register (berichten.services.gesprek), its file as a document; all or nothing."""
    wie = request.identiteit
    actor = indienen.actor(request.gemeente.pk, wie)
    upload = data.get("bijlage")
    # Checked before anything is written: returning from inside the transaction would keep the
    # message while telling the citizen it was not sent (found by the outside test).
    iot = Product.inkomend_documenttype(zaak.zaaktype) if upload else None
    if upload and iot is None:
        return "Bij deze zaak kunt u geen documenten meesturen."
    try:
        with transaction.atomic():
            gesprek.bericht_van_aanvrager(
                actor=actor,
                zaak=zaak,
                tekst=data["tekst"],
                aangemaakt_door=f"{wie.naam or wie.gebruiker_weergave} (via het portaal)",
                inwoner=selectors.inwoner(request.gemeente, wie, zaak),
                namens=wie.handelt_namens,
            )
            if upload and iot is not None:
                indienen.document_aanleveren(
                    actor,
                    iot,
                    request.gemeente,
                    zaak,
                    titel=f"Nagezonden: {upload.name}",
                    naam=upload.name,
                    formaat=stappen.formaat(upload),
                    data=upload.read(),
                    auteur=wie.naam or wie.gebruiker_weergave,
                )
    except ApiError as exc:
        if zaak.einddatum:
            return "Deze zaak is afgerond. Neem contact op met de gemeente."
        return f"Uw bericht kon niet worden verstuurd: {exc.detail}"
    return None


@portaal_view(ingelogd=True)
def document(request, uuid, document_uuid):
    zaak = _zaak(request, uuid)
    van_gemeente, eigen = selectors.documenten(zaak)
    document = next((d for d in [*van_gemeente, *eigen] if str(d.uuid) == str(document_uuid)), None)
    versie = document.huidige_versie if document else None
    if versie is not None and archivering.inhoud_verwijderd(versie):
        return inhoud_overgebracht(
            request, titel=document.titel, terug=f"/{request.gemeente.slug}/mijn-zaken/{zaak.uuid}/"
        )
    if versie is None or not versie.inhoud:
        raise Http404("Dit document is er niet (voor u).")
    gegevens = versie.gegevens or {}
    formaat = gegevens.get("formaat") or "application/octet-stream"
    if formaat not in ("application/pdf", "image/png", "image/jpeg"):
        formaat = "application/octet-stream"
    response = FileResponse(content.storage().open(versie.inhoud, "rb"), content_type=formaat)
    response["Content-Disposition"] = content_disposition_header(
        True, gegevens.get("bestandsnaam") or f"{document.identificatie}.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@portaal_view(ingelogd=True)
def besluit(request, uuid, besluit_uuid):
    zaak = _zaak(request, uuid)
    besluit = next((b for b in selectors.besluiten(zaak) if str(b.uuid) == str(besluit_uuid)), None)
    if besluit is None:
        raise Http404("Dit besluit is er niet (voor u).")
    data = besluitbrief(
        gemeente=request.gemeente, zaak=zaak, besluit=besluit, besluittype=besluit.besluittype
    )
    return pdf_response(io.BytesIO(data), f"besluit-{besluit.identificatie}.pdf")
