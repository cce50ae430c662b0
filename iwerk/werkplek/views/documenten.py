"""Documents of a zaak in the werkplek: upload, preview, versions, lock while editing."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from iwerk.core import inzage
from iwerk.core.api.problems import ValidationFailed
from iwerk.documenten import content
from iwerk.documenten import selectors as documenten_selectors
from iwerk.documenten.models import Versie
from iwerk.documenten.services import archivering
from iwerk.documenten.services import documents as document_services
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.actor import display_name
from iwerk.medewerkers.formulieren import once
from iwerk.werkplek.forms import DocumentForm, NieuweVersieForm
from iwerk.werkplek.views.zaak import SESSION_LOCKS, _informatieobjecttypen, _page, _url, get_zaak
from iwerk.zaken.models import ZaakInformatieObject
from iwerk.zaken.services import add_zaakinformatieobject

# Previewed inline (iframe or img); everything else is downloaded.
PREVIEWABLE = {"application/pdf", "image/png", "image/jpeg", "image/gif"}


def _formaat(upload) -> str:
    guessed = mimetypes.guess_type(upload.name)[0] or ""
    return guessed or upload.content_type or "application/octet-stream"


def _read(upload, form) -> bytes | None:
    if upload.size > settings.IWERK_WERKPLEK_UPLOAD_MAX:
        form.add_error(
            "bestand",
            f"Het bestand is te groot (hoogstens {settings.IWERK_WERKPLEK_UPLOAD_MAX // (1024 * 1024)} MB).",
        )
        return None
    if upload.size == 0:
        form.add_error("bestand", "Het bestand is leeg.")
        return None
    return upload.read()


@require_POST
@werkplek_view()
def toevoegen(request, uuid):
    """Upload a document and relate it to the zaak, both or neither (one transaction)."""
    zaak = get_zaak(request, uuid)
    form = DocumentForm(
        request.POST, request.FILES, informatieobjecttypen=_informatieobjecttypen(zaak)
    )
    if form.is_valid():
        upload = form.cleaned_data["bestand"]
        data = _read(upload, form)
        if data is not None:
            actor = request.werkplek.actor

            def run():
                document, _ = document_services.create_document(
                    actor=actor,
                    invoer=document_services.Invoer(
                        informatieobjecttype=form.cleaned_data["informatieobjecttype"],
                        gegevens={
                            "bronorganisatie": request.werkplek.gemeente.rsin,
                            "titel": form.cleaned_data["titel"] or upload.name[:200],
                            "auteur": display_name(request.user),
                            "creatiedatum": timezone.localdate().isoformat(),
                            "taal": "dut",
                            "status": "in_bewerking",
                            "bestandsnaam": upload.name[:255],
                            "formaat": _formaat(upload),
                            # The gemeente's own working documents: no third-party rights, so
                            # the zaak can be closed with them (zrc B11 needs it known).
                            "indicatieGebruiksrecht": False,
                        },
                        inhoud=data,
                        bestandsomvang=len(data),
                    ),
                )
                add_zaakinformatieobject(actor=actor, zaak=zaak, document=document)
                return _url(zaak, "documenten")

            response = once(request, run, form=form, success="Het document is toegevoegd.")
            if response is not None:
                return response
    return _page(request, zaak, {"document": form}, status=400)


def _document(request, zaak, document_uuid):
    """A document of this zaak that the user may read (vertrouwelijkheid of the document itself)."""
    ids = ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
    document = (
        documenten_selectors.documenten(request.werkplek.actor)
        .filter(pk__in=ids, uuid=document_uuid)
        .first()
    )
    if document is None:
        raise Http404("Document niet gevonden.")
    return document


@xframe_options_sameorigin
@werkplek_view()
def inhoud(request, uuid, document_uuid):
    """The content of a version (the current one by default); inline when it can be previewed."""
    zaak = get_zaak(request, uuid)
    document = _document(request, zaak, document_uuid)
    versie = document.huidige_versie
    if request.GET.get("versie", "").isdigit():
        versie = Versie.objects.filter(document=document, versie=int(request.GET["versie"])).first()
    if versie is not None and archivering.inhoud_verwijderd(versie):
        # Gone for good, not missing: a bookmarked or shared link gets the reason (ADR 0047).
        return render(
            request,
            "werkplek/inhoud_overgebracht.html",
            {
                "zaak": zaak,
                "document": document,
                "versie": versie,
                "terug": _url(zaak, "documenten"),
            },
            status=410,
        )
    if versie is None or not versie.inhoud:
        raise Http404("Dit document heeft (nog) geen inhoud.")
    inzage.door_actor(
        request.werkplek.actor,
        tenant_id=document.tenant_id,
        kanaal="werkplek",
        soort="document",
        object_uuid=document.uuid,
        zaak_uuid=zaak.uuid,
        omschrijving=f"{document.identificatie} {document.titel}",
        vertrouwelijkheidaanduiding=document.vertrouwelijkheidaanduiding,
    )
    formaat = (versie.gegevens or {}).get("formaat") or "application/octet-stream"
    inline = formaat in PREVIEWABLE and request.GET.get("download") != "1"
    naam = (versie.gegevens or {}).get("bestandsnaam") or document.identificatie
    response = FileResponse(
        content.storage().open(versie.inhoud, "rb"),
        content_type=formaat if formaat in PREVIEWABLE else "application/octet-stream",
    )
    response["Content-Disposition"] = content_disposition_header(not inline, naam)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@werkplek_view()
def vergrendelen(request, uuid, document_uuid):
    """Lock the document while this user edits it; the lock id stays in the user's session."""
    zaak = get_zaak(request, uuid)
    document = _document(request, zaak, document_uuid)

    def run():
        lock = document_services.lock_document(actor=request.werkplek.actor, document=document)
        locks = request.session.get(SESSION_LOCKS, {})
        locks[str(document.uuid)] = lock
        request.session[SESSION_LOCKS] = locks
        return _url(zaak, "documenten")

    return once(
        request,
        run,
        back=_url(zaak, "documenten"),
        success="Het document is vergrendeld; upload de nieuwe versie of geef het vrij.",
    )


@require_POST
@werkplek_view()
def nieuwe_versie(request, uuid, document_uuid):
    """Upload a new version with the lock this user holds, then release the lock."""
    zaak = get_zaak(request, uuid)
    document = _document(request, zaak, document_uuid)
    form = NieuweVersieForm(request.POST, request.FILES)
    lock = request.session.get(SESSION_LOCKS, {}).get(str(document.uuid), "")
    if form.is_valid():
        upload = form.cleaned_data["bestand"]
        data = _read(upload, form)
        if data is not None:
            actor = request.werkplek.actor

            def run():
                if not lock:
                    raise ValidationFailed.single(
                        "bestand", "unlocked", "Vergrendel het document eerst om het te bewerken."
                    )
                gegevens = dict(document.huidige_versie.gegevens if document.huidige_versie else {})
                gegevens.update(
                    {
                        "bestandsnaam": upload.name[:255],
                        "formaat": _formaat(upload),
                        "bestandsomvang": len(data),
                    }
                )
                gegevens.pop("integriteit", None)
                document_services.update_document(
                    actor=actor,
                    document=document,
                    lock=lock,
                    invoer=document_services.Invoer(
                        informatieobjecttype=document.informatieobjecttype,
                        gegevens=gegevens,
                        inhoud=data,
                        bestandsomvang=len(data),
                    ),
                )
                document.refresh_from_db()
                document_services.unlock_document(actor=actor, document=document, lock=lock)
                return _url(zaak, "documenten")

            response = once(request, run, form=form, success="De nieuwe versie is opgeslagen.")
            if response is not None:
                _forget_lock(request, document)
                return response
    return _page(request, zaak, {"versie": form}, status=400)


@require_POST
@werkplek_view()
def vrijgeven(request, uuid, document_uuid):
    zaak = get_zaak(request, uuid)
    document = _document(request, zaak, document_uuid)
    lock = request.session.get(SESSION_LOCKS, {}).get(str(document.uuid), "")

    def run():
        document_services.unlock_document(
            actor=request.werkplek.actor, document=document, lock=lock
        )
        return _url(zaak, "documenten")

    response = once(
        request, run, back=_url(zaak, "documenten"), success="Het document is vrijgegeven."
    )
    _forget_lock(request, document)
    return response


def _forget_lock(request, document) -> None:
    locks = request.session.get(SESSION_LOCKS, {})
    if locks.pop(str(document.uuid), None) is not None:
        request.session[SESSION_LOCKS] = locks
