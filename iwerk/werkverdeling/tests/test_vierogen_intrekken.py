"""Vier ogen never deadlocks: a request nobody else may decide on is refused before it exists
(the only teamleider asks, or the only other one may not see the zaak), and the requester can
withdraw their own open request (the other teamleider left meanwhile)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from iwerk.besluiten.models import Besluit
from iwerk.core import gebeurtenissen
from iwerk.core.api.problems import ValidationFailed
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.werkverdeling.gebeurtenissen import GoedkeuringBeslist, GoedkeuringGevraagd
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus, VierOgenActie
from iwerk.werkverdeling.services import afhandeling, taken, vierogen
from iwerk.werkverdeling.tests.taken_wereld import bouw_wereld, evenementzaak
from iwerk.werkverdeling.tests.test_vierogen import _besluit_vragen, _ctx, _reden

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

NIEMAND = (
    "Er is geen andere teamleider die deze zaak mag zien; niemand kan dit goedkeuren. Vraag "
    "functioneel beheer om een tweede teamleider of pas de vier-ogenregel aan."
)


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


def _afsluiten_vragen(wereld, zaak, door: str):
    verleend = zaak.zaaktype.resultaattypen.get(omschrijving="Verleend")
    return afhandeling.afsluiten(
        actor=_ctx(wereld, door).actor, zaak=zaak, resultaattype=verleend, toelichting=""
    )


def test_the_only_teamleader_cannot_ask_what_nobody_could_approve(wereld, gehoord):
    Roltoewijzing.objects.filter(gebruiker=wereld.hvos).delete()  # pjansen: the only one left
    zaak = evenementzaak(wereld, behandelaar="pjansen")
    with pytest.raises(ValidationFailed) as exc:
        _besluit_vragen(wereld, zaak, door="pjansen")
    assert _reden(exc) == NIEMAND
    with pytest.raises(ValidationFailed) as exc:
        _afsluiten_vragen(wereld, zaak, door="pjansen")
    assert _reden(exc) == NIEMAND
    assert not Taak.objects.filter(zaak=zaak).exists() and gehoord == []
    # A behandelaar's request still can be decided: pjansen is another teamleider for it.
    assert _besluit_vragen(wereld, zaak, door="jdevries").startswith("Het besluit wacht")


def test_another_teamleader_who_may_not_see_the_zaak_or_is_disabled_does_not_count(wereld):
    zaak = evenementzaak(wereld, behandelaar="pjansen", vertrouwelijkheid="geheim")
    with pytest.raises(ValidationFailed) as exc:  # hvos: up to zaakvertrouwelijk
        _besluit_vragen(wereld, zaak, door="pjansen")
    assert _reden(exc) == NIEMAND
    gewoon = evenementzaak(wereld, behandelaar="pjansen")
    User.objects.filter(pk=wereld.hvos.pk).update(is_active=False)
    with pytest.raises(ValidationFailed) as exc:
        _besluit_vragen(wereld, gewoon, door="pjansen")
    assert _reden(exc) == NIEMAND
    User.objects.filter(pk=wereld.hvos.pk).update(is_active=True)
    assert _besluit_vragen(wereld, gewoon, door="pjansen").startswith("Het besluit wacht")


def test_the_requester_withdraws_a_request_nobody_can_decide_any_more(wereld, gehoord):
    zaak = evenementzaak(wereld, behandelaar="pjansen")
    _besluit_vragen(wereld, zaak, door="pjansen")
    taak = Taak.objects.get(zaak=zaak, soort=Taaksoort.vier_ogen)
    Roltoewijzing.objects.filter(gebruiker=wereld.hvos).delete()  # the other teamleider leaves
    with pytest.raises(ValidationFailed):
        vierogen.goedkeuren(context=_ctx(wereld, "pjansen"), taak=taak)
    # Nobody else may withdraw it: not the handler, not a teamleider of the zaak.
    for wie in ("jdevries", "mbakker"):
        with pytest.raises(ValidationFailed) as exc:
            vierogen.intrekken(context=_ctx(wereld, wie), taak=taak)
        assert _reden(exc) == "Alleen wie het verzoek deed, kan het intrekken."
    gehoord.clear()
    vierogen.intrekken(context=_ctx(wereld, "pjansen"), taak=taak)
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat, taak.afgerond_door) == (
        Taakstatus.vervallen,
        "Ingetrokken door Pjansen Jansen.",
        "pjansen",
    )
    assert taak.afgerond_op is not None
    assert gehoord == []  # nobody needs telling (ADR 0056)
    assert not Besluit.objects.filter(zaak=zaak).exists()
    # The zaak is free again: it may close, nothing waits for approval.
    assert taken.blokkades(zaak, None, veld="resultaattype") == []
    with pytest.raises(ValidationFailed) as exc:  # withdrawn once
        vierogen.intrekken(context=_ctx(wereld, "pjansen"), taak=taak)
    assert "al beslist (vervallen)" in _reden(exc)


def test_a_withdrawn_request_can_be_asked_again_and_a_decided_one_not_withdrawn(wereld):
    zaak = evenementzaak(wereld)
    _afsluiten_vragen(wereld, zaak, door="jdevries")
    taak = Taak.objects.get(zaak=zaak, actie=VierOgenActie.afsluiten)
    vierogen.intrekken(context=_ctx(wereld, "jdevries"), taak=taak)
    assert _afsluiten_vragen(wereld, zaak, door="jdevries").startswith("Het afsluiten wacht")
    opnieuw = Taak.objects.get(zaak=zaak, actie=VierOgenActie.afsluiten, status=Taakstatus.open)
    vierogen.afwijzen(context=_ctx(wereld, "pjansen"), taak=opnieuw, reden="Nog niet")
    with pytest.raises(ValidationFailed) as exc:
        vierogen.intrekken(context=_ctx(wereld, "jdevries"), taak=opnieuw)
    assert "al beslist (afgewezen)" in _reden(exc)
    assert Taak.objects.get(pk=opnieuw.pk).resultaat == "Nog niet"
    gewoon = taken.taak_aanmaken(
        context=_ctx(wereld, "jdevries"), zaak=zaak, titel="Bellen", medewerker="jdevries"
    )
    with pytest.raises(ValidationFailed) as exc:
        vierogen.intrekken(context=_ctx(wereld, "jdevries"), taak=gewoon)
    assert _reden(exc) == "Dit is geen verzoek om goedkeuring."
