"""The demo's archive: every gemeente has zaken due for destruction (over several zaaktypen,
with documents and besluiten) and for transfer, a records manager and an archivaris, process
owners and its archive settings — and the same figures on any load date."""

from __future__ import annotations

from datetime import date

import pytest

from iwerk.archief.models import Archiefinstelling, Procesverantwoordelijke
from iwerk.archief.selectors.signalering import archiefstand, zaken_met_archiefactie
from iwerk.besluiten.demo import load_dossiers
from iwerk.besluiten.models import Besluit
from iwerk.catalogi.demo import load_catalogus
from iwerk.core.models import Gemeente
from iwerk.demo.archief import ARCHIEF_TOELICHTING, load_archiefbeheer, load_archiefzaken
from iwerk.demo.gemeenten import load_gemeenten
from iwerk.medewerkers.demo import behandelaars, load_medewerkers
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Rol as Zaakrol
from iwerk.zaken.models import Zaak, ZaakInformatieObject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("werkplek_settings")]

VANDAAG = date(2026, 9, 14)
ACCOUNTS = {
    "deventer": {"ivermeulen": Rol.div_medewerker, "rbrinkman": Rol.archivaris},
    "olst-wijhe": {"mschouten": Rol.div_medewerker, "hwolters": Rol.archivaris},
    "raalte": {"ikuipers": Rol.div_medewerker, "jhermsen": Rol.archivaris},
}


def _archief(vandaag: date) -> dict[str, Gemeente]:
    """The archive of every gemeente as the demo loads it (without the case load: its zaken
    are recent, none is due), on the given load date."""
    gemeenten = load_gemeenten()
    for gemeente in gemeenten:
        load_catalogus(gemeente, "http://testserver")
        load_archiefzaken(gemeente, today=vandaag, medewerkers=behandelaars(gemeente.slug))
        load_dossiers(gemeente)
    load_medewerkers(gemeenten)
    load_archiefbeheer(gemeenten)
    return {g.slug: g for g in gemeenten}


def test_every_gemeente_has_zaken_due_for_destruction_and_transfer_and_its_two_accounts() -> None:
    gemeenten = _archief(VANDAAG)
    for slug, gemeente in gemeenten.items():
        stand = archiefstand(gemeente, vandaag=VANDAAG)
        te_vernietigen = [z for z in stand.zaaktypen if z.vernietigen.nu]
        assert stand.vernietigen.nu >= 6 and len(te_vernietigen) >= 2, slug
        assert stand.overbrengen.nu >= 3, slug
        assert stand.vernietigen.achterstallig >= 1 and stand.vernietigen.binnenkort >= 1, slug
        assert stand.overbrengen.binnenkort >= 1, slug

        due = zaken_met_archiefactie([gemeente.pk], tot_en_met=VANDAAG)
        for zaak in due:  # closed years ago, with what a dossier holds
            assert zaak.einddatum and zaak.einddatum.year <= VANDAAG.year - 4, zaak.identificatie
            assert zaak.toelichting.startswith(ARCHIEF_TOELICHTING)
            assert ZaakInformatieObject.objects.filter(zaak=zaak).exists(), zaak.identificatie
            assert Zaakrol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="initiator")
        vernietigen = due.filter(archiefnominatie="vernietigen")
        assert Besluit.objects.filter(zaak__in=vernietigen).exists(), slug
        assert due.filter(archiefnominatie="blijvend_bewaren").count() >= 3

        rollen = dict(
            Roltoewijzing.objects.filter(
                gemeente=gemeente, rol__in=[*ACCOUNTS[slug].values()]
            ).values_list("gebruiker__username", "rol")
        )
        assert rollen == ACCOUNTS[slug]
        # Every zaaktype with zaken to destroy has a process owner with a role there.
        eigenaren = {
            p.zaaktype_identificatie: p.gebruiker_id
            for p in Procesverantwoordelijke.objects.filter(gemeente=gemeente)
        }
        assert {z.identificatie for z in te_vernietigen} <= set(eigenaren), slug
        assert Roltoewijzing.objects.filter(
            gemeente=gemeente, gebruiker_id__in=eigenaren.values()
        ).exists()
    korte = dict(Archiefinstelling.objects.values_list("gemeente__slug", "korte_procedure"))
    assert korte == {"deventer": False, "olst-wijhe": True, "raalte": False}


def test_the_archive_gives_the_same_figures_on_any_load_date_and_loads_once() -> None:
    gemeenten = load_gemeenten()
    for gemeente in gemeenten:
        load_catalogus(gemeente, "http://testserver")
        load_archiefzaken(gemeente, today=VANDAAG)
    eerst = {g.slug: archiefstand(g, vandaag=VANDAAG) for g in gemeenten}
    assert load_archiefzaken(gemeenten[0], today=VANDAAG) == 0  # idempotent
    load_medewerkers(gemeenten)
    load_archiefbeheer(gemeenten)
    load_archiefbeheer(gemeenten)
    assert Procesverantwoordelijke.objects.count() == 3 * 8  # every demo zaaktype, once
    assert Archiefinstelling.objects.count() == 3

    Zaak.objects.all().delete()
    later = date(2027, 3, 3)  # another season, another weekday
    for gemeente in gemeenten:
        load_archiefzaken(gemeente, today=later)
    for gemeente in gemeenten:
        stand = archiefstand(gemeente, vandaag=later)
        assert stand.zaaktypen == eerst[gemeente.slug].zaaktypen, gemeente.slug
