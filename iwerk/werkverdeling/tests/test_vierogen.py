"""Vier ogen: a besluit or the closing of a configured zaaktype waits for a second person with the
rule's role; not the requester, not someone without the role or of another gemeente. Approving
executes the action once, with the approver as actor; a failing action changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from iwerk.besluiten.models import Besluit
from iwerk.besluiten.services import BesluitGegevens
from iwerk.catalogi.models import BesluitType
from iwerk.core import gebeurtenissen
from iwerk.core.api.problems import PermissionDenied, ValidationFailed
from iwerk.core.models import AuditTrail
from iwerk.core.testing.medewerkers import medewerker
from iwerk.medewerkers.roles import Rol
from iwerk.werkverdeling.gebeurtenissen import GoedkeuringBeslist, GoedkeuringGevraagd
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus, VierOgenActie, VierOgenRegel
from iwerk.werkverdeling.services import afhandeling, taken, vierogen
from iwerk.werkverdeling.tests.taken_wereld import bouw_wereld, context, evenementzaak
from iwerk.zaken.models import Status, Zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]


@pytest.fixture
def wereld(gemeenten):
    return bouw_wereld(gemeenten)


@pytest.fixture
def gehoord():
    events: list = []
    gebeurtenissen.verbind(GoedkeuringGevraagd, events.append)
    gebeurtenissen.verbind(GoedkeuringBeslist, events.append)
    yield events
    gebeurtenissen.ontkoppel(GoedkeuringGevraagd, events.append)
    gebeurtenissen.ontkoppel(GoedkeuringBeslist, events.append)


def _ctx(wereld, username: str, slug: str = "deventer"):
    return context(getattr(wereld, username), wereld.gemeenten[slug])


def _besluit_vragen(wereld, zaak, door: str = "jdevries", **gegevens):
    besluittype = BesluitType.objects.get(omschrijving="Evenementenvergunning")
    return afhandeling.besluit_vastleggen(
        actor=_ctx(wereld, door).actor,
        zaak=zaak,
        besluittype=besluittype,
        gegevens=BesluitGegevens(
            verantwoordelijke_organisatie=zaak.tenant.rsin,
            datum=gegevens.get("datum", timezone.localdate()),
            ingangsdatum=gegevens.get("ingangsdatum", date(2027, 4, 27)),
            toelichting=gegevens.get("toelichting", "Onder voorwaarden verleend."),
        ),
    )


def _reden(exc) -> str:
    return " ".join(p.reason for p in exc.value.params)


def test_besluit_waits_for_approval_as_a_task_for_the_team(wereld, gehoord):
    zaak = evenementzaak(wereld)
    melding = _besluit_vragen(wereld, zaak)
    assert melding == "Het besluit wacht op goedkeuring door een teamleider."
    assert not Besluit.objects.filter(zaak=zaak).exists()
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    besluittype = BesluitType.objects.get(omschrijving="Evenementenvergunning")
    assert (taak.actie, taak.aangevraagd_door, taak.goedkeurder_rol, taak.team_id) == (
        VierOgenActie.besluit,
        "jdevries",
        "teamleider",
        wereld.vergunningen.pk,
    )
    assert taak.actie_gegevens["besluittype"] == besluittype.pk
    assert taak.actie_gegevens["ingangsdatum"] == "2027-04-27"
    assert taak.actie_gegevens["toelichting"] == "Onder voorwaarden verleend."
    assert taak.actie_gegevens["verantwoordelijke_organisatie"] == zaak.tenant.rsin
    assert gehoord == [GoedkeuringGevraagd(taak_id=taak.pk)]
    with pytest.raises(ValidationFailed) as exc:
        _besluit_vragen(wereld, zaak, door="mbakker")
    assert "wacht al een besluit" in _reden(exc)
    assert Taak.objects.filter(zaak=zaak, soort=Taaksoort.vier_ogen).count() == 1


def test_a_second_teamleader_approves_and_the_besluit_is_taken_in_their_name(wereld, gehoord):
    zaak = evenementzaak(wereld)
    _besluit_vragen(wereld, zaak)
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    vierogen.goedkeuren(context=_ctx(wereld, "pjansen"), taak=taak, toelichting="Akkoord")
    besluit = Besluit.objects.get(zaak=zaak)
    assert (besluit.ingangsdatum, besluit.toelichting) == (
        date(2027, 4, 27),
        "Onder voorwaarden verleend.",
    )
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat, taak.afgerond_door) == (
        Taakstatus.goedgekeurd,
        "Akkoord",
        "pjansen",
    )
    regel = AuditTrail.objects.filter(resource="besluit", actie="create").get()
    assert regel.gebruikers_id == "pjansen"
    assert "aangevraagd door Jdevries de Vries" in regel.toelichting
    assert gehoord[-1] == GoedkeuringBeslist(taak_id=taak.pk, goedgekeurd=True)
    # A second post (or a second approver) finds it decided and executes nothing.
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(context=_ctx(wereld, "hvos"), taak=taak)
    assert "al beslist" in _reden(exc)
    assert Besluit.objects.filter(zaak=zaak).count() == 1


def test_not_the_requester_not_without_the_role_not_another_gemeente(wereld):
    zaak = evenementzaak(wereld, behandelaar="pjansen")
    _besluit_vragen(wereld, zaak, door="pjansen")  # a teamleider asks: another must approve
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(context=_ctx(wereld, "pjansen"), taak=taak)
    assert _reden(exc) == "U kunt uw eigen besluit niet goedkeuren."
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(context=_ctx(wereld, "mbakker"), taak=taak)
    assert _reden(exc) == "Alleen een teamleider van Deventer kan over dit verzoek beslissen."
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(context=_ctx(wereld, "lsmit", "raalte"), taak=taak)
    assert "Alleen een teamleider van Raalte" in _reden(exc)
    with pytest.raises(ValidationFailed):
        vierogen.afwijzen(context=_ctx(wereld, "pjansen"), taak=taak, reden="Toch niet")
    assert not Besluit.objects.filter(zaak=zaak).exists()
    assert Taak.objects.get(pk=taak.pk).status == Taakstatus.open
    vierogen.goedkeuren(context=_ctx(wereld, "hvos"), taak=taak)
    assert Besluit.objects.filter(zaak=zaak).count() == 1


def test_a_teamleader_who_may_not_see_the_zaak_cannot_approve(wereld):
    # A third teamleider up to geheim: someone besides pjansen may decide (else no request).
    medewerker(wereld.gemeenten["deventer"], "kdekker", Rol.teamleider, maximum="geheim")
    zaak = evenementzaak(wereld, behandelaar="pjansen", vertrouwelijkheid="geheim")
    _besluit_vragen(wereld, zaak, door="pjansen")
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    with pytest.raises(ValidationFailed) as exc:  # hvos: up to zaakvertrouwelijk
        vierogen.goedkeuren(context=_ctx(wereld, "hvos"), taak=taak)
    assert "niet behandelen" in _reden(exc)
    assert not Besluit.objects.filter(zaak=zaak).exists()


def test_a_failing_besluit_changes_nothing_and_says_why(wereld, gehoord):
    zaak = evenementzaak(wereld)
    _besluit_vragen(wereld, zaak)
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    BesluitType.objects.filter(omschrijving="Evenementenvergunning").update(
        datum_einde_geldigheid=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(context=_ctx(wereld, "pjansen"), taak=taak)
    assert "is niet meer geldig" in _reden(exc)
    assert Taak.objects.get(pk=taak.pk).status == Taakstatus.open
    assert not Besluit.objects.exists()
    assert all(not isinstance(e, GoedkeuringBeslist) for e in gehoord)
    # The register's own rule, too: a date in the future is refused at the approval.
    BesluitType.objects.update(datum_einde_geldigheid=None)
    Taak.objects.filter(pk=taak.pk).update(
        actie_gegevens={
            **taak.actie_gegevens,
            "datum": (timezone.localdate() + timedelta(days=3)).isoformat(),
        }
    )
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(context=_ctx(wereld, "pjansen"), taak=taak)
    assert "toekomst" in _reden(exc)
    assert Taak.objects.get(pk=taak.pk).status == Taakstatus.open


def test_rejection_needs_a_reason_and_nothing_happens(wereld, gehoord):
    zaak = evenementzaak(wereld)
    _besluit_vragen(wereld, zaak)
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    with pytest.raises(ValidationFailed) as exc:
        vierogen.afwijzen(context=_ctx(wereld, "pjansen"), taak=taak, reden=" ")
    assert "reden" in {p.name for p in exc.value.params}
    vierogen.afwijzen(context=_ctx(wereld, "pjansen"), taak=taak, reden="Voorwaarden ontbreken")
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat) == (Taakstatus.afgewezen, "Voorwaarden ontbreken")
    assert not Besluit.objects.exists()
    assert gehoord[-1] == GoedkeuringBeslist(taak_id=taak.pk, goedgekeurd=False)
    # Rejected: the handler may ask again.
    assert _besluit_vragen(wereld, zaak).startswith("Het besluit wacht")


def test_closing_waits_for_approval_and_is_executed_by_the_approver(wereld):
    zaak = evenementzaak(wereld)
    ctx = _ctx(wereld, "jdevries")
    verleend = zaak.zaaktype.resultaattypen.get(omschrijving="Verleend")
    melding = afhandeling.afsluiten(
        actor=ctx.actor, zaak=zaak, resultaattype=verleend, toelichting="Alles rond"
    )
    assert melding.startswith("Het afsluiten wacht op goedkeuring door een teamleider")
    assert Zaak.objects.get(pk=zaak.pk).einddatum is None
    taak = Taak.objects.get(zaak=zaak, actie=VierOgenActie.afsluiten)
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(context=ctx, taak=taak)
    assert "niet goedkeuren" in _reden(exc)
    vierogen.goedkeuren(context=_ctx(wereld, "pjansen"), taak=taak)
    zaak.refresh_from_db()
    assert zaak.einddatum == timezone.localdate()
    status = zaak.zaaktype.statustypen.order_by("volgnummer").last()
    assert zaak.huidige_statustype_id == status.pk
    laatste = Status.objects.filter(zaak=zaak).order_by("-datum_status_gezet", "-pk").first()
    assert laatste.statustoelichting == (
        "Alles rond; goedgekeurd, aangevraagd door Jdevries de Vries"
    )


def test_closing_request_is_refused_while_mandatory_tasks_or_a_besluit_are_open(wereld):
    zaak = evenementzaak(wereld)
    ctx = _ctx(wereld, "jdevries")
    verleend = zaak.zaaktype.resultaattypen.get(omschrijving="Verleend")
    _besluit_vragen(wereld, zaak)
    with pytest.raises(ValidationFailed) as exc:
        afhandeling.afsluiten(actor=ctx.actor, zaak=zaak, resultaattype=verleend, toelichting="")
    assert _reden(exc) == (
        "De zaak kan niet worden afgesloten: het besluit ‘Evenementenvergunning’ wacht nog op "
        "goedkeuring."
    )
    taak = taken.taak_aanmaken(
        context=ctx, zaak=zaak, titel="Advies brandweer", medewerker="jdevries", verplicht=True
    )
    vierogen.goedkeuren(
        context=_ctx(wereld, "pjansen"), taak=Taak.objects.get(zaak=zaak, actie="besluit")
    )
    with pytest.raises(ValidationFailed) as exc:
        afhandeling.afsluiten(actor=ctx.actor, zaak=zaak, resultaattype=verleend, toelichting="")
    assert _reden(exc) == (
        "De zaak kan niet verder: de verplichte taak ‘Advies brandweer’ is nog open."
    )
    assert not Taak.objects.filter(zaak=zaak, actie=VierOgenActie.afsluiten).exists()
    # A task added after the request keeps the approval from closing the zaak.
    taken.afronden(context=ctx, taak=taak, resultaat="Positief")
    afhandeling.afsluiten(actor=ctx.actor, zaak=zaak, resultaattype=verleend, toelichting="")
    taken.taak_aanmaken(
        context=ctx, zaak=zaak, titel="Nazorg", medewerker="jdevries", verplicht=True
    )
    with pytest.raises(ValidationFailed) as exc:
        vierogen.goedkeuren(
            context=_ctx(wereld, "pjansen"),
            taak=Taak.objects.get(zaak=zaak, actie=VierOgenActie.afsluiten),
        )
    assert "‘Nazorg’" in _reden(exc)
    assert Zaak.objects.get(pk=zaak.pk).einddatum is None


def test_without_a_rule_the_besluit_takes_effect_at_once(wereld):
    VierOgenRegel.objects.all().delete()
    zaak = evenementzaak(wereld)
    assert _besluit_vragen(wereld, zaak) is None
    assert Besluit.objects.filter(zaak=zaak).count() == 1
    assert not Taak.objects.filter(zaak=zaak).exists()


def test_a_requester_without_besluiten_scope_cannot_ask(wereld):
    zaak = evenementzaak(wereld)
    with pytest.raises(PermissionDenied):
        _besluit_vragen(wereld, zaak, door="fhendriks")
    assert not Taak.objects.filter(zaak=zaak).exists()
