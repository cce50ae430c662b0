"""The zaak page and its actions; every action is a register service called with the user's actor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from iwerk.berichten import selectors as berichten_selectors
from iwerk.besluiten import selectors as besluiten_selectors
from iwerk.besluiten.services import BesluitGegevens
from iwerk.catalogi.models import (
    BesluitType,
    InformatieObjectType,
    ResultaatType,
    StatusType,
    valid_on,
)
from iwerk.core import inzage
from iwerk.core.models import AuditTrail
from iwerk.documenten import selectors as documenten_selectors
from iwerk.documenten.services import archivering
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.medewerkers.roles import TOEWIJZEN_AAN_ANDEREN
from iwerk.medewerkers.selectors import teamnamen, zaakbehandelaars_tot
from iwerk.werkplek import audittekst, selectors
from iwerk.werkplek.forms import (
    AfsluitenForm,
    BerichtAanAanvragerForm,
    BesluitForm,
    DocumentForm,
    HeropenenForm,
    NieuweVersieForm,
    NotitieForm,
    OpschortenForm,
    StatusForm,
    TeamForm,
    ToewijzenForm,
    VerlengenForm,
)
from iwerk.werkplek.views import zaak_brieven, zaak_taken
from iwerk.werkplek.views.common import medewerker_of
from iwerk.werkverdeling.services import afhandeling as werkverdeling
from iwerk.zaken.models import (
    KlantContact,
    Rol,
    Status,
    Zaak,
    ZaakEigenschap,
    ZaakInformatieObject,
    ZaakNotitie,
)
from iwerk.zaken.selectors import termijnen
from iwerk.zaken.services import save_notitie, update_zaak
from iwerk.zaken.services.afhandeling import extend_term, heropenbaar, reopen_zaak
from iwerk.zaken.services.toewijzing import assign

SESSION_LOCKS = "iwerk_document_locks"


def get_zaak(request, uuid) -> Zaak:
    """The zaak if the user may read it; otherwise 404 — also for another gemeente's zaak, so
    a URL reveals nothing about zaken outside the user's reach."""
    zaak = (
        selectors.visible_zaken(request.werkplek)
        .select_related("zaaktype", "zaaktype__catalogus", "hoofdzaak")
        .filter(uuid=uuid)
        .first()
    )
    if zaak is None:
        raise Http404("Zaak niet gevonden.")
    return zaak


def _statustypen(zaak: Zaak):
    return StatusType.objects.filter(zaaktype_id=zaak.zaaktype_id).order_by("volgnummer")


def _medewerker_keuzes(request, zaak: Zaak) -> list[tuple[str, str]]:
    """Who the zaak can be given to: the gemeente's handlers who may see it (its
    vertrouwelijkheid, ADR 0059); without TOEWIJZEN_AAN_ANDEREN only the user themselves."""
    context = request.werkplek
    mensen = zaakbehandelaars_tot(context.gemeente.pk, zaak.vertrouwelijkheidaanduiding)
    if context.kan(TOEWIJZEN_AAN_ANDEREN):
        return mensen
    return [m for m in mensen if m[0] == context.actor.user_id]


def _types_for(zaak: Zaak, model, names: list[str]):
    return (
        model.objects.filter(
            catalogus_id=zaak.zaaktype.catalogus_id, concept=False, omschrijving__in=names
        )
        .filter(valid_on(timezone.localdate()))
        .order_by("omschrijving")
    )


def _informatieobjecttypen(zaak: Zaak):
    names = list(
        zaak.zaaktype.zaaktypeinformatieobjecttypen.values_list(
            "informatieobjecttype_omschrijving", flat=True
        )
    )
    return _types_for(zaak, InformatieObjectType, names)


def _besluittypen(zaak: Zaak):
    return _types_for(zaak, BesluitType, list(zaak.zaaktype.besluittype_omschrijvingen or []))


def _forms(request, zaak: Zaak, bound: dict | None = None) -> dict:
    """Every action form of the zaak page, unbound unless given (with its errors) in bound."""
    bound = bound or {}
    statustypen = _statustypen(zaak)
    highest = statustypen.aggregate(m=Max("volgnummer"))["m"]
    forms = {
        "toewijzen": ToewijzenForm(medewerkers=_medewerker_keuzes(request, zaak)),
        "team": TeamForm(teams=selectors.teamkeuzes(request.werkplek)),
        "status": StatusForm(statustypen=statustypen.exclude(volgnummer=highest)),
        "afsluiten": AfsluitenForm(
            resultaattypen=ResultaatType.objects.filter(zaaktype_id=zaak.zaaktype_id).order_by(
                "omschrijving"
            )
        ),
        "heropenen": HeropenenForm(),
        "opschorten": OpschortenForm(),
        "verlengen": VerlengenForm(),
        "document": DocumentForm(informatieobjecttypen=_informatieobjecttypen(zaak)),
        "versie": NieuweVersieForm(),
        "besluit": BesluitForm(besluittypen=_besluittypen(zaak)),
        "notitie": NotitieForm(),
        "bericht": BerichtAanAanvragerForm(),
    }
    forms.update(bound)
    for name, form in forms.items():
        form.auto_id = f"id_{name}_%s"  # several forms on one page: ids stay unique
    return forms


def _page(
    request, zaak: Zaak, bound: dict | None = None, status: int = 200, extra: dict | None = None
):
    context = request.werkplek
    actor = context.actor
    today = timezone.localdate()
    statussen = list(
        Status.objects.filter(zaak=zaak)
        .select_related("statustype")
        .order_by("datum_status_gezet", "pk")
    )
    reached = {s.statustype_id for s in statussen}
    tijdlijn = [
        {
            "type": st,
            "bereikt": st.pk in reached,
            "status": next((s for s in reversed(statussen) if s.statustype_id == st.pk), None),
        }
        for st in _statustypen(zaak)
    ]
    rollen = list(
        Rol.objects.filter(zaak=zaak).select_related("roltype").order_by("registratiedatum")
    )
    document_ids = ZaakInformatieObject.objects.filter(zaak=zaak).values("informatieobject_id")
    documenten = list(
        documenten_selectors.documenten(actor).filter(pk__in=document_ids).order_by("-pk")
    )
    versies = documenten_selectors.versies_per_document(documenten)
    hidden = ZaakInformatieObject.objects.filter(zaak=zaak).count() - len(documenten)
    locks = request.session.get(SESSION_LOCKS, {})
    besluiten = list(
        besluiten_selectors.besluiten(actor)
        .filter(zaak=zaak)
        .select_related("besluittype")
        .order_by("-datum")
    )
    relaties = _related(context, zaak)
    forms = _forms(request, zaak, bound)
    return render(
        request,
        "werkplek/zaak.html",
        {
            "zaak": zaak,
            "termijn": termijnen.termijn(zaak, today),
            "tijdlijn": tijdlijn,
            "statussen": statussen,
            "rollen": rollen,
            "behandelaar": next(
                (r for r in rollen if r.roltype.omschrijving_generiek == "behandelaar"), None
            ),
            # The queue that holds the zaak (ADR 0059), and who may move it.
            "zaak_team": teamnamen(zaak.tenant_id).get(zaak.team_id, "") if zaak.team_id else "",
            "kan_team_kiezen": context.kan(TOEWIJZEN_AAN_ANDEREN),
            "documenten": [
                {"document": d, "versies": versies.get(d.pk, []), "mijn_lock": str(d.uuid) in locks}
                for d in documenten
            ],
            "verborgen_documenten": hidden,
            "overgebracht": archivering.inhoud_verwijderd_van(
                versie for lijst in versies.values() for versie in lijst
            ),
            "besluiten": besluiten,
            "eigenschappen": audittekst.eigenschapregels(
                ZaakEigenschap.objects.filter(zaak=zaak)
                .select_related("eigenschap")
                .order_by("naam")
            ),
            "notities": ZaakNotitie.objects.filter(gerelateerd_aan=zaak).order_by("-aanmaakdatum"),
            # The conversation in Mijn zaken: who can be written to, what is unanswered.
            "gesprek": berichten_selectors.get_gesprek(zaak.pk, rollen),
            "klantcontacten": KlantContact.objects.filter(zaak=zaak).order_by("-datumtijd"),
            "audit": audittekst.regels(
                AuditTrail.objects.filter(hoofd_object_uuid=zaak.uuid).order_by(
                    "-aanmaakdatum", "-pk"
                )[:100],
                actor,
            ),
            "relaties": relaties,
            "forms": forms,
            "kan_heropenen": heropenbaar(zaak)
            and actor.permits(
                "zrc",
                "zaken.heropenen",
                type_id=zaak.zaaktype_id,
                catalogus_id=zaak.zaaktype.catalogus_id,
                vertrouwelijkheid=zaak.vertrouwelijkheidaanduiding,
            ),
            "kan_bijwerken": selectors.mag_bijwerken(actor, zaak),
            "kan_actueel_opvragen": selectors.mag_actueel_opvragen(actor, zaak),
            "kan_ontgrendelen": actor.has_scope("drc", "documenten.geforceerd-unlock"),
            "formtoken": new_token(),
            # The zaak's tasks and approvals, and the letters made from templates (issue 29).
            **zaak_taken.paginacontext(request, zaak),
            **zaak_brieven.paginacontext(request, zaak),
            **(extra or {}),
        },
        status=status,
    )


def _related(context, zaak: Zaak) -> list[dict]:
    """Hoofdzaak, deelzaken and relevante andere zaken the user may see (one query)."""
    wanted: dict[str, str] = {}
    for relatie in zaak.relevante_andere_zaken or []:
        uuid = (relatie.get("url") or "").rstrip("/").rsplit("/", 1)[-1]
        wanted[uuid] = relatie.get("aardRelatie", "")
    related = Q(hoofdzaak=zaak) | Q(uuid__in=[u for u in wanted if len(u) == 36])
    if zaak.hoofdzaak_id:
        related |= Q(pk=zaak.hoofdzaak_id)
    rows = []
    for other in selectors.visible_zaken(context).filter(related).order_by("startdatum", "pk"):
        if other.pk == zaak.hoofdzaak_id:
            aard = "Hoofdzaak"
        elif other.hoofdzaak_id == zaak.pk:
            aard = "Deelzaak"
        else:
            aard = {"vervolg": "Vervolgzaak", "onderwerp": "Onderwerp", "bijdrage": "Bijdrage"}.get(
                wanted.get(str(other.uuid), ""), "Gerelateerd"
            )
        rows.append({"zaak": other, "aard": aard})
    return rows


def log_view(request, zaak: Zaak) -> None:
    """Who viewed which zaak (with its betrokkenen and their BSN) is kept for inzageverzoeken."""
    inzage.door_actor(
        request.werkplek.actor,
        tenant_id=zaak.tenant_id,
        kanaal="werkplek",
        soort="zaak",
        object_uuid=zaak.uuid,
        zaak_uuid=zaak.uuid,
        omschrijving=zaak.identificatie,
        vertrouwelijkheidaanduiding=zaak.vertrouwelijkheidaanduiding,
    )


@werkplek_view()
def zaak_detail(request, uuid):
    zaak = get_zaak(request, uuid)
    log_view(request, zaak)
    return _page(request, zaak)


def _url(zaak: Zaak, anchor: str = "") -> str:
    return f"/werkplek/zaken/{zaak.uuid}/" + (f"#{anchor}" if anchor else "")


def _action(request, uuid, name: str, form, work, *, success: str, anchor: str = ""):
    """Validate form, run work(zaak, data) once, and go back to the zaak (or show the errors).

    work may return a message that replaces success (an action that waits for approval).
    """
    zaak = get_zaak(request, uuid)
    if form.is_valid():
        gemeld: list[str] = []

        def run():
            melding = work(zaak, form.cleaned_data)
            gemeld.append(melding if isinstance(melding, str) and melding else success)
            return _url(zaak, anchor)

        response = once(request, run, form=form)
        if response is not None:
            if gemeld:
                messages.success(request, gemeld[0])
            return response
    return _page(request, zaak, {name: form}, status=400)


@require_POST
@werkplek_view()
def toewijzen(request, uuid):
    context = request.werkplek
    form = ToewijzenForm(
        request.POST, medewerkers=_medewerker_keuzes(request, get_zaak(request, uuid))
    )

    def work(zaak, data):
        user = get_user_model().objects.get(username=data["medewerker"])
        assign(actor=context.actor, zaak=zaak, medewerker=medewerker_of(user))

    return _action(request, uuid, "toewijzen", form, work, success="De zaak is toegewezen.")


@require_POST
@werkplek_view()
def status_zetten(request, uuid):
    zaak = get_zaak(request, uuid)
    statustypen = _statustypen(zaak)
    highest = statustypen.aggregate(m=Max("volgnummer"))["m"]
    form = StatusForm(request.POST, statustypen=statustypen.exclude(volgnummer=highest))

    def work(zaak, data):
        return werkverdeling.status_zetten(
            actor=request.werkplek.actor,
            zaak=zaak,
            statustype=data["statustype"],
            toelichting=data["toelichting"],
        )

    return _action(
        request, uuid, "status", form, work, success="De status is gezet.", anchor="status"
    )


@require_POST
@werkplek_view()
def afsluiten(request, uuid):
    """Close: the resultaat and the eindstatus, in one transaction (zrc-007)."""
    zaak = get_zaak(request, uuid)
    form = AfsluitenForm(
        request.POST, resultaattypen=ResultaatType.objects.filter(zaaktype_id=zaak.zaaktype_id)
    )

    def work(zaak, data):
        return werkverdeling.afsluiten(
            actor=request.werkplek.actor,
            zaak=zaak,
            resultaattype=data["resultaattype"],
            toelichting=data["toelichting"],
        )

    return _action(
        request, uuid, "afsluiten", form, work, success="De zaak is afgesloten.", anchor="status"
    )


@require_POST
@werkplek_view()
def heropenen(request, uuid):
    """Reopen: the status before the eindstatus again; needs zaken.heropenen (zrc-008)."""
    form = HeropenenForm(request.POST)

    def work(zaak, data):
        reopen_zaak(actor=request.werkplek.actor, zaak=zaak, reden=data["reden"])

    return _action(
        request, uuid, "heropenen", form, work, success="De zaak is heropend.", anchor="status"
    )


@require_POST
@werkplek_view()
def opschorten(request, uuid):
    form = OpschortenForm(request.POST)

    def work(zaak, data):
        update_zaak(
            actor=request.werkplek.actor,
            zaak=zaak,
            changes={"opschorting_indicatie": True, "opschorting_reden": data["reden"]},
        )

    return _action(
        request,
        uuid,
        "opschorten",
        form,
        work,
        success="De zaak is opgeschort; de termijn staat stil.",
        anchor="termijn",
    )


@require_POST
@werkplek_view()
def hervatten(request, uuid):
    zaak = get_zaak(request, uuid)

    def run():
        update_zaak(
            actor=request.werkplek.actor, zaak=zaak, changes={"opschorting_indicatie": False}
        )
        return _url(zaak, "termijn")

    if not zaak.opschorting_indicatie:
        messages.info(request, "De zaak is niet opgeschort.")
        return redirect(_url(zaak, "termijn"))
    return once(
        request,
        run,
        back=_url(zaak),
        success="De behandeling is hervat; de termijnen zijn opgeschoven.",
    )


@require_POST
@werkplek_view()
def verlengen(request, uuid):
    form = VerlengenForm(request.POST)

    def work(zaak, data):
        extend_term(
            actor=request.werkplek.actor, zaak=zaak, weken=data["weken"], reden=data["reden"]
        )

    return _action(
        request, uuid, "verlengen", form, work, success="De termijn is verlengd.", anchor="termijn"
    )


@require_POST
@werkplek_view()
def besluit_vastleggen(request, uuid):
    zaak = get_zaak(request, uuid)
    form = BesluitForm(request.POST, besluittypen=_besluittypen(zaak))

    def work(zaak, data):
        return werkverdeling.besluit_vastleggen(
            actor=request.werkplek.actor,
            besluittype=data["besluittype"],
            zaak=zaak,
            gegevens=BesluitGegevens(
                verantwoordelijke_organisatie=request.werkplek.gemeente.rsin,
                datum=data["datum"],
                ingangsdatum=data["ingangsdatum"],
                toelichting=data["toelichting"],
            ),
        )

    return _action(
        request,
        uuid,
        "besluit",
        form,
        work,
        success="Het besluit is vastgelegd.",
        anchor="besluiten",
    )


@require_POST
@werkplek_view()
def notitie_toevoegen(request, uuid):
    form = NotitieForm(request.POST)

    def work(zaak, data):
        save_notitie(
            actor=request.werkplek.actor,
            zaak=zaak,
            fields={"onderwerp": data["onderwerp"], "tekst": data["tekst"], "status": "definitief"},
        )

    return _action(
        request, uuid, "notitie", form, work, success="De notitie is opgeslagen.", anchor="notities"
    )
