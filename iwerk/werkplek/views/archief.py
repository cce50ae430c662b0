"""Archiefbeheer in the werkplek: the records manager's overview and destruction lists, the
reviewers' steps (ADR 0045) and the verklaring van vernietiging to download (ADR 0046).
Transfers (overbrengingen) are in `archief_overbrenging`.

Every action is an iwerk.archief service, which checks the caller's role in the list's gemeente
itself; these views choose which actions to show and turn the services' errors into Dutch
messages on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from iwerk.archief import verklaring_weergave
from iwerk.archief.models import (
    Beoordelingsbesluit,
    Beoordelingsstap,
    Itemstatus,
    Lijstitem,
    Lijststatus,
    Verklaring,
    Vernietigingslijst,
)
from iwerk.archief.selectors import lijsten as lijst_selectors
from iwerk.archief.selectors.kandidaten import Kandidaatfilters, selectielijstklasse_weergave
from iwerk.archief.selectors.signalering import BINNENKORT_DAGEN, archiefstand
from iwerk.archief.services.beoordeling import beoordeel, sluit_uit
from iwerk.archief.services.lijsten import (
    AFGESLOTEN,
    BEWERKBAAR,
    breek_af,
    dien_in,
    maak_lijst,
    vereis_rol,
    verwijder_items,
)
from iwerk.catalogi.models import Archiefnominatie, ResultaatType, ZaakType
from iwerk.core.api.problems import Conflict, PermissionDenied
from iwerk.core.export import CSV
from iwerk.core.models import Gemeente
from iwerk.medewerkers.access import werkplek_view
from iwerk.medewerkers.actor import Werkplekcontext
from iwerk.medewerkers.formulieren import new_token, once
from iwerk.medewerkers.roles import ARCHIEF_BEHEREN, ARCHIEF_BEOORDELEN, Rol
from iwerk.medewerkers.selectors import met_rol

PER_PAGINA = 100  # items of a list per page: a list may hold 10,000 zaken
MAX_LIJSTEN = 200  # lists on the overview, newest first
NOMINATIES = [("", "Niet wijzigen"), *Archiefnominatie.choices]
KEUZEVELDEN = ("zaaktypen", "resultaattypen", "selectielijstklassen")  # options per gemeente
_DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def werkplek(request: HttpRequest) -> Werkplekcontext:
    """The staff context werkplek_view attached to the request."""
    return request.werkplek  # type: ignore[attr-defined]  # set by werkplek_view


def gebruiker(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # behind werkplek_view: signed in
    return user


def geen_toegang(request: HttpRequest, reden: str) -> HttpResponse:
    context = {"reden": reden, "nav": "archief"}
    return render(request, "werkplek/geen_toegang.html", context, status=403)


def eenmalig(
    request: HttpRequest, work: Callable[[], str], **kwargs: Any
) -> HttpResponseBase | None:
    """`once` (the werkplek's once-only form posts) for an archief service. The archief
    services' refusals already speak of roles and gemeenten in Dutch: they are shown as they are
    (once would replace a PermissionDenied by a text about zaken)."""

    def run() -> str:
        try:
            return work()
        except PermissionDenied as error:
            raise Conflict(error.detail, code=error.code) from error

    return once(request, run, **kwargs)


def _lijst_url(lijst: Vernietigingslijst, anker: str = "") -> str:
    return f"/werkplek/archief/lijsten/{lijst.uuid}/" + (f"#{anker}" if anker else "")


def paginering(params: Any, aantal: int) -> tuple[int, int]:
    """(page, number of pages) for `aantal` rows, PER_PAGINA each; a page past the end is the
    last."""
    paginas = max(1, -(-aantal // PER_PAGINA))
    value = params.get("pagina", "1")
    pagina = int(value) if value.isdigit() else 1
    return max(1, min(pagina, paginas)), paginas


def _tekstvak(label: str, verplicht: str = "") -> forms.CharField:
    """A text area, required (with this Dutch message) when `verplicht` says why."""
    return forms.CharField(
        label=label,
        max_length=2000,
        required=bool(verplicht),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": verplicht},
    )


def _datum(label: str, verplicht: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=bool(verplicht), widget=_DATUM, error_messages={"required": verplicht}
    )


def _meerkeuze(label: str, widget: forms.Widget) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, required=False, widget=widget)


Keuzes = list[tuple[str, str]]


def filterkeuzes(gemeente: Gemeente) -> tuple[Keuzes, Keuzes, Keuzes]:
    """The options of a new list's selection from the gemeente's catalogue: zaaktypen by
    identificatie (named by their newest version), resultaattypen by omschrijving, and the
    Selectielijst categories of those resultaattypen. Two queries."""
    namen: dict[str, str] = {}
    for identificatie, omschrijving in (
        ZaakType.objects.filter(tenant=gemeente, concept=False)
        .order_by("versiedatum", "pk")
        .values_list("identificatie", "omschrijving")
    ):
        namen[identificatie] = omschrijving
    resultaten: set[str] = set()
    klassen: set[str] = set()
    for omschrijving, klasse in (
        ResultaatType.objects.filter(zaaktype__tenant=gemeente, zaaktype__concept=False)
        .order_by()
        .values_list("omschrijving", "selectielijstklasse")
        .distinct()
    ):
        resultaten.add(omschrijving)
        klassen.add(klasse)
    klassen.discard("")
    return (
        sorted(((i, f"{o} ({i})") for i, o in namen.items()), key=lambda k: k[1].casefold()),
        sorted(((r, r) for r in resultaten), key=lambda k: k[1].casefold()),
        sorted(((k, selectielijstklasse_weergave(k) or k) for k in klassen), key=lambda k: k[1]),
    )


class NieuweLijstForm(forms.Form):
    naam = forms.CharField(
        label="Naam van de lijst",
        max_length=200,
        error_messages={"required": "Geef de lijst een naam."},
    )
    peildatum = _datum("Peildatum (archiefactiedatum op of voor)", "Vul de peildatum in.")
    zaaktypen = _meerkeuze("Zaaktypen (geen keuze: alle)", forms.CheckboxSelectMultiple())
    resultaattypen = _meerkeuze("Resultaattypen", forms.SelectMultiple(attrs={"size": 6}))
    einddatum_vanaf = _datum("Afgesloten vanaf")
    einddatum_tot = _datum("Afgesloten tot en met")
    selectielijstklassen = _meerkeuze(
        "Selectielijstcategorieën", forms.SelectMultiple(attrs={"size": 6})
    )

    def __init__(self, *args: Any, keuzes: tuple[Keuzes, Keuzes, Keuzes], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for naam, opties in zip(KEUZEVELDEN, keuzes, strict=True):
            self.fields[naam].choices = opties  # type: ignore[attr-defined]
        self.fields["peildatum"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        vanaf, tot = data.get("einddatum_vanaf"), data.get("einddatum_tot")
        if vanaf and tot and vanaf > tot:
            self.add_error("einddatum_tot", "Deze datum ligt voor ‘Afgesloten vanaf’.")
        return data


class IndienenForm(forms.Form):
    archivaris = forms.TypedChoiceField(
        label="Archivaris", coerce=int, error_messages={"required": "Kies de archivaris."}
    )

    def __init__(self, *args: Any, archivarissen: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["archivaris"].choices = [("", "Kies…"), *archivarissen]  # type: ignore[attr-defined]


class AfbrekenForm(forms.Form):
    reden = _tekstvak("Reden van afbreken", "Geef een reden voor het afbreken.")


class GoedkeurenForm(forms.Form):
    opmerking = _tekstvak("Opmerking")


class WijzigingenForm(forms.Form):
    opmerking = _tekstvak("Welke wijzigingen vraagt u?", "Schrijf op welke wijzigingen u vraagt.")


class UitzonderenForm(forms.Form):
    reden = _tekstvak("Reden van de uitzondering", "Geef een reden voor de uitzondering.")
    archiefactiedatum = _datum("Nieuwe archiefactiedatum")
    archiefnominatie = forms.ChoiceField(
        label="Nieuwe archiefnominatie", required=False, choices=NOMINATIES
    )


@werkplek_view(capability=None)
def overzicht(request: HttpRequest) -> HttpResponse:
    """The records manager's due zaken and lists; every reviewer's pending steps."""
    context = werkplek(request)
    beheren = context.kan(ARCHIEF_BEHEREN)
    inzien = beheren or context.kan(ARCHIEF_BEOORDELEN)
    stappen = lijst_selectors.open_stappen_van(gebruiker(request))
    if not inzien and not stappen:
        return geen_toegang(
            request,
            "Archiefbeheer is voor de DIV-medewerkers en de archivaris van de gemeente, en voor "
            "wie een vernietigingslijst beoordeelt. U heeft nu geen lijst te beoordelen.",
        )
    lijsten = list(lijst_selectors.lijsten(context.gemeente)[:MAX_LIJSTEN]) if inzien else []
    per_status = [
        (label, rij)
        for status, label in Lijststatus.choices
        if (rij := [lijst for lijst in lijsten if lijst.status == status])
    ]
    return render(
        request,
        "werkplek/archief/overzicht.html",
        {
            "nav": "archief",
            "beheren": beheren,
            "inzien": inzien,
            "stand": archiefstand(context.gemeente) if beheren else None,
            "per_status": per_status,
            "meer_lijsten": len(lijsten) == MAX_LIJSTEN,
            "max_lijsten": MAX_LIJSTEN,
            "binnenkort_dagen": BINNENKORT_DAGEN,
            "te_beoordelen": stappen,
            "archief_te_beoordelen": len(stappen),
        },
    )


@require_http_methods(["GET", "POST"])
@werkplek_view(capability=None)
def nieuwe_lijst(request: HttpRequest) -> HttpResponse | HttpResponseBase:
    context = werkplek(request)
    user = gebruiker(request)
    try:
        vereis_rol(user, context.gemeente, Rol.div_medewerker)
    except PermissionDenied as error:
        return geen_toegang(request, error.detail)
    form = NieuweLijstForm(request.POST or None, keuzes=filterkeuzes(context.gemeente))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def run() -> str:
            lijst = maak_lijst(
                gebruiker=user,
                gemeente=context.gemeente,
                naam=data["naam"],
                peildatum=data["peildatum"],
                filters=Kandidaatfilters(
                    zaaktypen=tuple(data["zaaktypen"]),
                    resultaattypen=tuple(data["resultaattypen"]),
                    einddatum_vanaf=data["einddatum_vanaf"],
                    einddatum_tot=data["einddatum_tot"],
                    selectielijstklassen=tuple(data["selectielijstklassen"]),
                ),
            )
            return _lijst_url(lijst)

        response = eenmalig(
            request, run, form=form, success="De vernietigingslijst is aangemaakt als concept."
        )
        if response is not None:
            return response
    return render(
        request,
        "werkplek/archief/nieuwe_lijst.html",
        {"form": form, "formtoken": new_token(), "nav": "archief"},
        status=400 if request.method == "POST" else 200,
    )


def _lijst(request: HttpRequest, uuid: UUID) -> Vernietigingslijst:
    """The list of the active gemeente; 404 for one of another gemeente as for none at all."""
    lijst = (
        Vernietigingslijst.objects.filter(uuid=uuid, gemeente=werkplek(request).gemeente)
        .select_related("gemeente", "aangemaakt_door", "verklaring")
        .first()
    )
    if lijst is None:
        raise Http404("Deze vernietigingslijst bestaat niet in deze gemeente.")
    return lijst


@dataclass(frozen=True)
class Wie:
    """What the user is to a list, and so which actions the page offers (the services decide)."""

    beheerder: bool  # DIV-medewerker of the list's gemeente
    beoordelaar: bool  # named on a step of the list
    mag_inzien: bool  # the selector's rule (lijst_selectors.mag_inzien)
    stap: Beoordelingsstap | None  # the current step, when it is this user's


def _wie(request: HttpRequest, lijst: Vernietigingslijst, stappen: list[Beoordelingsstap]) -> Wie:
    context = werkplek(request)
    user = gebruiker(request)
    huidige = lijst_selectors.huidige_stap(lijst)
    return Wie(
        beheerder=Rol.div_medewerker in context.rollen,
        beoordelaar=any(stap.beoordelaar_id == user.pk for stap in stappen),
        mag_inzien=lijst_selectors.mag_inzien(user, context.rollen, stappen),
        stap=huidige if huidige is not None and huidige.beoordelaar_id == user.pk else None,
    )


def _niet_inzien(request: HttpRequest, lijst: Vernietigingslijst) -> HttpResponse:
    return geen_toegang(
        request,
        f"Vernietigingslijst {lijst.nummer} is in te zien voor de DIV-medewerkers en de "
        f"archivaris van gemeente {lijst.gemeente.naam} en voor haar beoordelaars.",
    )


def _archivarissen(gemeente: Gemeente) -> list[tuple[int, str]]:
    """Who holds the archivaris role in the gemeente (the service checks the one chosen)."""
    return met_rol(gemeente.pk, Rol.archivaris)


def _lijstpagina(
    request: HttpRequest,
    lijst: Vernietigingslijst,
    bound: dict[str, forms.BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The list with its steps and one page of its items, and the forms of the actions the user
    may take now. A fixed number of queries, however many items the list holds."""
    stappen = list(lijst.stappen.select_related("beoordelaar").order_by("ronde", "volgorde"))
    wie = _wie(request, lijst, stappen)
    if not wie.mag_inzien:
        return _niet_inzien(request, lijst)
    aantallen = dict(
        Lijstitem.objects.filter(lijst=lijst)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    toon = request.GET.get("toon", "")
    if toon not in Itemstatus.values:
        toon = ""
    totaal = aantallen.get(toon, 0) if toon else sum(aantallen.values())
    pagina, paginas = paginering(request.GET, totaal)
    items = Lijstitem.objects.filter(lijst=lijst).order_by("pk")
    if toon:
        items = items.filter(status=toon)
    begin = (pagina - 1) * PER_PAGINA
    bewerkbaar = wie.beheerder and lijst.status in BEWERKBAAR
    namen = []
    if bewerkbaar:
        namen.append("indienen")
    if wie.stap is not None:
        namen += ["goedkeuren", "wijzigingen"]
    if wie.beheerder and lijst.status not in AFGESLOTEN:
        namen.append("afbreken")
    forms_ = {naam: _formulier(naam, lijst) for naam in namen} | (bound or {})
    vernietigd = aantallen.get(Itemstatus.vernietigd, 0)
    return render(
        request,
        "werkplek/archief/lijst.html",
        {
            "nav": "archief",
            "lijst": lijst,
            "wie": wie,
            "stappen": stappen,
            "aantallen": [
                (waarde, label, aantallen.get(waarde, 0))
                for waarde, label in Itemstatus.choices
                if aantallen.get(waarde)
            ],
            "totaal": sum(aantallen.values()),
            "toon": toon,
            "items": items[begin : begin + PER_PAGINA],
            "pagina": pagina,
            "paginas": paginas,
            "bewerkbaar": bewerkbaar,
            "forms": forms_,
            "uitvoering": lijst.status in (Lijststatus.goedgekeurd, Lijststatus.in_uitvoering),
            "voortgang": (vernietigd, vernietigd + aantallen.get(Itemstatus.opgenomen, 0)),
            "verklaring": lijst.status == Lijststatus.uitgevoerd and hasattr(lijst, "verklaring"),
            "archief_te_beoordelen": wie.beoordelaar,
            "formtoken": new_token(),
        },
        status=status,
    )


@werkplek_view(capability=None)
def lijst_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _lijstpagina(request, _lijst(request, uuid))


@dataclass(frozen=True)
class Actie:
    """An action on the list page: its form, the service it calls, what it says when done."""

    form: Callable[[Vernietigingslijst, Any], forms.BaseForm]  # (list, POST data or None)
    service: Callable[[User, Vernietigingslijst, dict[str, Any]], object]
    gelukt: str
    anker: str = "beoordeling"


def _beoordeel(besluit: str) -> Callable[[User, Vernietigingslijst, dict[str, Any]], object]:
    return lambda user, lijst, data: beoordeel(
        gebruiker=user, lijst=lijst, besluit=besluit, opmerking=data["opmerking"]
    )


ACTIES: dict[str, Actie] = {
    "indienen": Actie(
        lambda lijst, data: IndienenForm(data, archivarissen=_archivarissen(lijst.gemeente)),
        lambda user, lijst, data: dien_in(
            gebruiker=user, lijst=lijst, archivaris=User.objects.get(pk=data["archivaris"])
        ),
        "De lijst is ter beoordeling ingediend.",
    ),
    "afbreken": Actie(
        lambda lijst, data: AfbrekenForm(data),
        lambda user, lijst, data: breek_af(gebruiker=user, lijst=lijst, reden=data["reden"]),
        "De lijst is afgebroken; de zaken erop blijven bewaard.",
        anker="",
    ),
    "goedkeuren": Actie(
        lambda lijst, data: GoedkeurenForm(data),
        _beoordeel(Beoordelingsbesluit.goedgekeurd),
        "U heeft de lijst goedgekeurd.",
    ),
    "wijzigingen": Actie(
        lambda lijst, data: WijzigingenForm(data),
        _beoordeel(Beoordelingsbesluit.wijzigingen_gevraagd),
        "De lijst gaat terug naar de DIV-medewerker met uw vraag om wijzigingen.",
    ),
}


def _formulier(naam: str, lijst: Vernietigingslijst, data: Any = None) -> forms.BaseForm:
    form = ACTIES[naam].form(lijst, data)
    form.auto_id = f"id_{naam}_%s"  # several forms on one page: ids stay unique
    return form


@require_POST
@werkplek_view(capability=None)
def actie(request: HttpRequest, uuid: UUID, naam: str) -> HttpResponseBase:
    """One of ACTIES (the URL names it): validate its form, call its service once, and go back
    to the list, or show the list again with the errors."""
    lijst = _lijst(request, uuid)
    if not _wie(request, lijst, list(lijst.stappen.all())).mag_inzien:
        return _niet_inzien(request, lijst)
    form = _formulier(naam, lijst, request.POST)
    if form.is_valid():
        user, data = gebruiker(request), form.cleaned_data

        def run() -> str:
            ACTIES[naam].service(user, lijst, data)
            return _lijst_url(lijst, ACTIES[naam].anker)

        response = eenmalig(request, run, form=form, success=ACTIES[naam].gelukt)
        if response is not None:
            return response
    return _lijstpagina(request, lijst, {naam: form}, status=400)


@require_POST
@werkplek_view(capability=None)
def items_verwijderen(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    lijst = _lijst(request, uuid)
    if not _wie(request, lijst, list(lijst.stappen.all())).mag_inzien:
        return _niet_inzien(request, lijst)
    user = gebruiker(request)
    ids = [int(v) for v in request.POST.getlist("item") if v.isdigit()]
    if not ids:  # nothing chosen: nothing to do
        messages.error(request, "Kies de zaken die van de lijst af moeten.")
        return redirect(_lijst_url(lijst, "items"))

    def run() -> str:
        aantal = verwijder_items(gebruiker=user, lijst=lijst, item_ids=ids)
        return _lijst_url(lijst, "items") if aantal else _lijst_url(lijst)

    response = eenmalig(
        request,
        run,
        back=_lijst_url(lijst, "items"),
        success="De gekozen zaken zijn van de lijst gehaald; ze worden bewaard.",
    )
    return response or redirect(_lijst_url(lijst, "items"))  # without a form: a redirect


@require_http_methods(["GET", "POST"])
@werkplek_view(capability=None)
def uitzonderen(request: HttpRequest, uuid: UUID, item_id: int) -> HttpResponseBase:
    """Exclude one item (the current reviewer): a page of its own, with the item's snapshot."""
    lijst = _lijst(request, uuid)
    item = Lijstitem.objects.filter(pk=item_id, lijst=lijst).first()
    if item is None:
        raise Http404("Dit item staat niet op deze vernietigingslijst.")
    wie = _wie(request, lijst, list(lijst.stappen.all()))
    if not wie.mag_inzien:
        return _niet_inzien(request, lijst)
    form = UitzonderenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = gebruiker(request)

        def run() -> str:
            sluit_uit(
                gebruiker=user,
                lijst=lijst,
                item=item,
                reden=data["reden"],
                nieuwe_archiefactiedatum=data["archiefactiedatum"],
                nieuwe_archiefnominatie=data["archiefnominatie"] or None,
            )
            return _lijst_url(lijst, "items")

        response = eenmalig(
            request,
            run,
            form=form,
            success=f"Zaak {item.identificatie} is uitgezonderd; de reden staat bij de zaak.",
        )
        if response is not None:
            return response
    return render(
        request,
        "werkplek/archief/uitzonderen.html",
        {
            "nav": "archief",
            "lijst": lijst,
            "item": item,
            "form": form,
            "formtoken": new_token(),
            "aan_de_beurt": wie.stap is not None,
            "archief_te_beoordelen": wie.beoordelaar,
        },
        status=400 if request.method == "POST" else 200,
    )


# The renderings of a verklaring: the CSV with a BOM, so that Dutch Excel opens it directly.
WEERGAVEN: dict[str, tuple[Callable[[Verklaring], str | bytes], str]] = {
    "pdf": (verklaring_weergave.als_pdf, "application/pdf"),
    "csv": (lambda v: "\ufeff" + verklaring_weergave.als_csv(v), CSV),
    "json": (verklaring_weergave.als_json, "application/json"),
}


@werkplek_view(capability=None)
def verklaring(request: HttpRequest, uuid: UUID, formaat: str) -> HttpResponseBase:
    """The verklaring van vernietiging of an executed list, as PDF, CSV or JSON (the URL
    allows these three only)."""
    lijst = _lijst(request, uuid)
    if not _wie(request, lijst, list(lijst.stappen.all())).mag_inzien:
        return _niet_inzien(request, lijst)
    if lijst.status != Lijststatus.uitgevoerd or not hasattr(lijst, "verklaring"):
        raise Http404(f"Vernietigingslijst {lijst.nummer} is nog niet uitgevoerd.")
    maak, soort = WEERGAVEN[formaat]
    response = HttpResponse(maak(lijst.verklaring), content_type=soort)
    naam = verklaring_weergave.bestandsnaam(lijst.verklaring, formaat)
    response["Content-Disposition"] = content_disposition_header(True, naam)
    response["Cache-Control"] = "private, no-store"
    return response
