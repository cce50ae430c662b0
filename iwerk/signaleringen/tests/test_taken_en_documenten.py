"""Signals of tasks, vier-ogen approvals, documents and the initiator's messages (ADR 0057). The
events are published here as the werkverdeling services publish them, with rows made here."""

from __future__ import annotations

import pytest
from django.utils import timezone

from iwerk.berichten.services import gesprek
from iwerk.core.audit import Change
from iwerk.core.gebeurtenissen import publiceer
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import medewerker
from iwerk.klantinteracties.services.portaalcontact import Inwoner
from iwerk.medewerkers.models import Afwezigheid
from iwerk.medewerkers.roles import Rol
from iwerk.signaleringen.models import Signalering, Soort
from iwerk.signaleringen.services import afleiden
from iwerk.signaleringen.tests.hulp import ontvangers
from iwerk.werkverdeling.gebeurtenissen import (
    GoedkeuringBeslist,
    GoedkeuringGevraagd,
    TaakToegewezen,
)
from iwerk.werkverdeling.models import Taak, Taaksoort, Taakstatus
from iwerk.zaken.models import Rol as ZaakRol
from iwerk.zaken.services import save_notitie

pytestmark = pytest.mark.django_db


def _taak(zaak, **kwargs) -> Taak:
    return Taak.objects.create(
        tenant_id=zaak.tenant_id, zaak=zaak, titel="Advies brandweer", **kwargs
    )


def test_a_task_for_a_person_signals_them_once_naming_no_title(wereld):
    zaak = wereld.zaak()
    taak = _taak(
        zaak, medewerker="mbakker", deadline=timezone.localdate(), aangemaakt_door="pjansen"
    )
    publiceer(TaakToegewezen(taak.pk))
    publiceer(TaakToegewezen(taak.pk))

    assert ontvangers() == {"mbakker": [""]}
    signaal = Signalering.objects.get()
    assert (signaal.soort, signaal.taak_id, signaal.zaak_id) == (
        Soort.taak_toegewezen,
        taak.pk,
        zaak.pk,
    )
    assert signaal.tekst.startswith(
        f"Er is een taak bij zaak {zaak.identificatie} aan u toegewezen"
    )
    assert "brandweer" not in signaal.tekst  # the page shows the title, a mail does not


def test_a_task_moved_to_another_person_signals_the_new_one(wereld):
    taak = _taak(wereld.zaak(), medewerker="mbakker")
    publiceer(TaakToegewezen(taak.pk))
    Taak.objects.filter(pk=taak.pk).update(medewerker="jdevries")
    publiceer(TaakToegewezen(taak.pk))
    assert ontvangers() == {"mbakker": [""], "jdevries": [""]}


def test_a_task_for_a_team_signals_its_members(wereld):
    taak = _taak(wereld.zaak(), team=wereld.team)
    publiceer(TaakToegewezen(taak.pk))
    assert ontvangers() == {"jdevries": [""], "mbakker": [""], "pjansen": [""]}
    assert "voor team Vergunningen" in Signalering.objects.first().tekst


def test_a_task_you_made_for_yourself_or_a_closed_one_signals_nobody(wereld):
    zaak = wereld.zaak()
    publiceer(TaakToegewezen(_taak(zaak, medewerker="mbakker", aangemaakt_door="mbakker").pk))
    publiceer(TaakToegewezen(_taak(zaak, medewerker="jdevries", status=Taakstatus.afgerond).pk))
    assert not Signalering.objects.exists()


def _vier_ogen(zaak, **kwargs) -> Taak:
    return _taak(
        zaak,
        soort=Taaksoort.vier_ogen,
        actie="afsluiten",
        goedkeurder_rol=Rol.teamleider,
        aangevraagd_door="jdevries",
        **kwargs,
    )


def test_an_approval_waits_with_every_teamleider_who_may_see_the_zaak(wereld):
    # A second teamleider up to zaakvertrouwelijk, one who is away, one of Raalte.
    medewerker(wereld.deventer, "tvrij", Rol.teamleider, team="Burgerzaken")
    weg = medewerker(wereld.deventer, "tweg", Rol.teamleider, team="Burgerzaken")
    Afwezigheid.objects.create(gebruiker=weg, afwezig_tot=timezone.localdate())
    medewerker(wereld.raalte, "traalte", Rol.teamleider)
    # The requester holds the role too: never asked to approve their own request.
    medewerker(wereld.deventer, "jdevries", Rol.teamleider)

    taak = _vier_ogen(wereld.zaak())
    publiceer(GoedkeuringGevraagd(taak.pk))
    publiceer(TaakToegewezen(taak.pk))  # a vier-ogen task is signalled as an approval only
    assert ontvangers() == {"pjansen": [""], "tvrij": [""]}
    assert Signalering.objects.first().tekst.endswith("wacht op goedkeuring: zaak afsluiten.")

    Signalering.objects.all().delete()
    publiceer(GoedkeuringGevraagd(_vier_ogen(wereld.zaak(vertrouwelijkheid="vertrouwelijk")).pk))
    assert ontvangers() == {"pjansen": [""]}


def test_the_decision_is_signalled_to_the_requester(wereld):
    taak = _vier_ogen(wereld.zaak(), status=Taakstatus.afgewezen, afgerond_door="pjansen")
    publiceer(GoedkeuringBeslist(taak.pk, goedgekeurd=False))
    publiceer(GoedkeuringBeslist(taak.pk, goedgekeurd=False))
    assert ontvangers(Soort.goedkeuring_beslist) == {"jdevries": [""]}
    assert Signalering.objects.get().tekst.endswith("is afgewezen.")


def test_a_document_added_to_a_zaak_signals_its_behandelaar(wereld, document_storage):
    zaak = wereld.zaak(behandelaar=wereld.users["jdevries"])
    Signalering.objects.all().delete()
    zio = bouw.zaakdocument(zaak, titel="Medisch advies Jansen")

    assert ontvangers() == {"jdevries": [""]}
    signaal = Signalering.objects.get()
    assert signaal.soort == Soort.document_toegevoegd and signaal.sleutel == f"document:{zio.uuid}"
    assert "Medisch" not in signaal.tekst  # no content of the document

    bouw.zaakdocument(wereld.zaak())  # no behandelaar: nobody
    assert Signalering.objects.count() == 1


def test_a_message_of_the_initiator_signals_the_behandelaar(wereld):
    zaak = wereld.zaak(behandelaar=wereld.users["mbakker"])
    Signalering.objects.all().delete()
    bsn = ZaakRol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator").bsn
    gesprek.bericht_van_aanvrager(
        actor=bouw.ALLES,
        zaak=zaak,
        tekst="Mijn buurman heeft bezwaar",
        aangemaakt_door="Suzanne Moulin (via het portaal)",
        inwoner=Inwoner("bsn", bsn, achternaam="Moulin"),
    )
    # An internal note is no message of the initiator.
    save_notitie(actor=bouw.ALLES, zaak=zaak, fields={"onderwerp": "Belnotitie", "tekst": "x"})

    signaal = Signalering.objects.get()
    assert (signaal.gebruiker.username, signaal.soort) == ("mbakker", Soort.bericht_ontvangen)
    assert "buurman" not in signaal.tekst


def test_every_other_change_returns_without_a_query(django_assert_num_queries):
    change = Change(
        kanaal="zaken",
        hoofd_object="/zaken/api/v1/zaken/0b3e8f6e-4a53-4a0e-9d0b-000000000000",
        resource="status",
        resource_url="/zaken/api/v1/statussen/0b3e8f6e-4a53-4a0e-9d0b-000000000001",
        actie="create",
        kenmerken={},
        tenant_id=None,
    )
    with django_assert_num_queries(0):
        afleiden.on_change(change)
