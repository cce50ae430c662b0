"""Zaak events become Berichten, in the event's own transaction (wired in iwerk/verbindingen.py).

Every zaak counts, whichever channel made it (Zaken API, portaal, werkplek). For each event the
initiator is looked up (a person by BSN, a company by KvK-, vestigings- or RSIN-nummer), then
its partij in the gemeente's Klantinteracties register and the addresses it prefers; a Bericht
is stored for Mijn zaken and for each of e-mail and sms the partij can be reached on, unless
the gemeente switched that event off for that channel. The text is rendered now (what was true
at the event) and the row commits or rolls back with the event: nothing is lost, and the unique
`sleutel` (event, channel) keeps an event heard twice from becoming two messages. Sending is
the worker's (services/bezorging.py).

Registration: the Zaken API creates a zaak before its rollen, so "zaak geregistreerd" is told
when the initiator rol is added (RolGewijzigd), once per zaak.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from iwerk.berichten import selectors
from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal
from iwerk.berichten.services.sjablonen import render, standaard
from iwerk.besluiten.models import Besluit
from iwerk.core.audit import Change
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.zaken.gebeurtenissen import RolGewijzigd, StatusGezet, ZaakGesloten
from iwerk.zaken.models import Zaak


def rol_gewijzigd(gebeurtenis: RolGewijzigd) -> list[Bericht]:
    """A rol was added: when it is the initiator, tell them the zaak is registered (once)."""
    if gebeurtenis.actie != "create":
        return []
    initiator = selectors.get_nieuwe_initiator(gebeurtenis.zaak_id)
    if initiator is None:
        return []
    return _opslaan(
        gebeurtenis.zaak_id,
        Gebeurtenis.zaak_geregistreerd,
        f"zaak:{gebeurtenis.zaak_id}",
        initiator,
        {},
    )


def status_gezet(gebeurtenis: StatusGezet) -> list[Bericht]:
    """A new status (also a reopening); the eindstatus is `zaak_gesloten`."""
    soort = (
        Gebeurtenis.zaak_gesloten
        if isinstance(gebeurtenis, ZaakGesloten)
        else Gebeurtenis.status_gewijzigd
    )
    initiator = selectors.get_initiator(gebeurtenis.zaak_id)
    if initiator is None:
        return []
    waarden = {
        "status.omschrijving": gebeurtenis.statustype_omschrijving,
        "status.toelichting": gebeurtenis.statustoelichting,
    }
    return _opslaan(
        gebeurtenis.zaak_id, soort, f"status:{gebeurtenis.status_id}", initiator, waarden
    )


def on_change(change: Change) -> list[Bericht]:
    """Every audited change passes here; only a new besluit about a zaak is told (costs no
    query for any other change)."""
    if change.kanaal != "besluiten" or change.resource != "besluit" or change.actie != "create":
        return []
    besluit = change.hoofd
    if not isinstance(besluit, Besluit) or besluit.zaak_id is None:
        return []
    initiator = selectors.get_initiator(besluit.zaak_id)
    if initiator is None:
        return []
    waarden = {
        "besluit.identificatie": besluit.identificatie,
        "besluit.datum": besluit.datum,
        "besluit.ingangsdatum": besluit.ingangsdatum,
        "besluit.toelichting": besluit.toelichting,
    }
    return _opslaan(
        besluit.zaak_id, Gebeurtenis.besluit_genomen, f"besluit:{besluit.pk}", initiator, waarden
    )


def bericht_geschreven(zaak_id: int, notitie_id: int) -> list[Bericht]:
    """The handler wrote to the initiator in Mijn zaken (services/gesprek.py): tell them there
    is a message, on the channel they prefer. Mijn zaken itself shows the message, so a Bericht
    there only when neither e-mail nor sms reaches them (it then lists the new message on the
    Mijn zaken overview). The text never leaves iwerk: only a pointer to it."""
    initiator = selectors.get_initiator(zaak_id)
    if initiator is None:
        return []
    return _opslaan(
        zaak_id,
        Gebeurtenis.bericht,
        f"notitie:{notitie_id}",
        initiator,
        {},
        mijn_zaken_als_enige=True,
    )


def zaak_waarden(zaak: Zaak, initiator_naam: str) -> dict[str, Any]:
    """The merge values every event has (services/sjablonen.py: ALGEMEEN)."""
    return {
        "zaak.identificatie": zaak.identificatie,
        "zaak.omschrijving": zaak.omschrijving,
        "zaak.startdatum": zaak.startdatum,
        "zaak.einddatum_gepland": zaak.einddatum_gepland,
        "zaak.uiterlijke_einddatum_afdoening": zaak.uiterlijke_einddatum_afdoening,
        "zaak.einddatum": zaak.einddatum,
        "zaak.link": f"{settings.IWERK_BASE_URL}/{zaak.tenant.slug}/mijn-zaken/{zaak.uuid}/",
        "zaaktype.omschrijving": zaak.zaaktype.omschrijving,
        "zaaktype.identificatie": zaak.zaaktype.identificatie,
        "gemeente.naam": zaak.tenant.naam,
        "initiator.naam": initiator_naam or "heer/mevrouw",
    }


def _opslaan(
    zaak_id: int,
    gebeurtenis: str,
    sleutel: str,
    initiator: selectors.Initiator,
    extra: dict[str, Any],
    *,
    mijn_zaken_als_enige: bool = False,
) -> list[Bericht]:
    """Store a Bericht per channel; five queries after the initiator, whatever is found.
    mijn_zaken_als_enige: Mijn zaken only when no e-mail or sms message is stored."""
    zaak = selectors.get_zaak(zaak_id)
    bereik = selectors.get_bereikbaarheid(zaak.tenant_id, initiator)
    sjablonen = selectors.get_sjablonen(zaak.tenant_id, zaak.zaaktype.identificatie, gebeurtenis)
    naam = initiator.naam or (bereik.partij.volledige_naam if bereik.partij else "")
    waarden = {**zaak_waarden(zaak, naam), **extra}
    soort, nummer = initiator.identificatie
    nu = timezone.now()
    berichten: list[Bericht] = []
    for kanaal in (Kanaal.email, Kanaal.sms, Kanaal.mijn_zaken):
        adres = bereik.adressen.get(kanaal, "")
        if kanaal != Kanaal.mijn_zaken and not adres:
            continue
        if kanaal == Kanaal.mijn_zaken and mijn_zaken_als_enige and berichten:
            continue
        sjabloon = sjablonen.get(kanaal)
        if sjabloon is not None and not sjabloon.actief:
            continue
        tekst = standaard(gebeurtenis, kanaal) if sjabloon is None else sjabloon
        berichten.append(
            Bericht(
                tenant_id=zaak.tenant_id,
                sleutel=f"{sleutel}:{gebeurtenis}:{kanaal}",
                gebeurtenis=gebeurtenis,
                kanaal=kanaal,
                zaak_uuid=zaak.uuid,
                zaak_identificatie=zaak.identificatie,
                vertrouwelijkheid_rang=VERTROUWELIJKHEID_ORDER.get(
                    zaak.vertrouwelijkheidaanduiding, 0
                ),
                identificatie_soort=soort,
                identificatie=nummer,
                partij_uuid=bereik.partij.uuid if bereik.partij else None,
                adres=adres,
                onderwerp=render(tekst.onderwerp, waarden)[:200],
                tekst=render(tekst.tekst, waarden),
                volgende_poging=nu,
            )
        )
    # An event heard again (a retried request) finds its sleutel taken: nothing new is stored.
    return Bericht.objects.bulk_create(berichten, ignore_conflicts=True)
