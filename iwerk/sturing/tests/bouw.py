"""Constructed datasets for the Sturing tests: zaken with known dates, written as rows (the
refresh job must pick them up like any change) or through the services where rules matter."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from iwerk.core import gebeurtenissen
from iwerk.core.testing import catalogus as build
from iwerk.medewerkers.models import Roltoewijzing, Team
from iwerk.medewerkers.roles import Rol
from iwerk.referentielijsten.selectors import communicatiekanaal_url
from iwerk.zaken.gebeurtenissen import ResultaatGewijzigd, ZaakGewijzigd, ZaakVerwijderd
from iwerk.zaken.models import Resultaat, Zaak

_nummer = iter(range(1, 10**6))


def gemeente_met_zaaktypen(naam="Deventer", slug="deventer", rsin="001902763"):
    gemeente = build.gemeente(naam, slug, rsin)
    cat = build.catalogus(gemeente)
    wmo = build.complete_zaaktype(
        cat,
        identificatie="WMO",
        omschrijving="Wmo maatwerkvoorziening",
        servicenorm="P6W",
        opschorting_en_aanhouding_mogelijk=True,
        verlenging_mogelijk=True,
        verlengingstermijn="P4W",
        vertrouwelijkheid="vertrouwelijk",
    )
    wmo.concept = False
    wmo.save()
    kap = build.complete_zaaktype(cat, identificatie="KAP", omschrijving="Kapvergunning")
    kap.concept = False  # no servicenorm: left out of that share, flagged
    kap.save()
    return gemeente, wmo, kap


def medewerker(gemeente, username: str, team: str | None, rol=Rol.behandelaar):
    user = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": username.title(), "last_name": "Test"}
    )[0]
    Roltoewijzing.objects.create(
        gebruiker=user,
        gemeente=gemeente,
        rol=rol,
        team=Team.objects.get_or_create(gemeente=gemeente, naam=team)[0] if team else None,
    )
    return user


def zaak(
    zaaktype,
    start: date,
    *,
    eind: date | None = None,
    norm: date | None = None,
    wettelijk: date | None = None,
    behandelaar: str = "",
    kanaal: str = "Internet",
    resultaat: bool = True,
    opgeschort_sinds: date | None = None,
    opgeschorte_dagen: int = 0,
    vertrouwelijkheid: str | None = None,
) -> Zaak:
    from datetime import timedelta

    gemeente = zaaktype.tenant
    z = Zaak.objects.create(
        tenant=gemeente,
        zaaktype=zaaktype,
        identificatie=f"ZAAK-T-{next(_nummer):06d}",
        bronorganisatie=gemeente.rsin,
        verantwoordelijke_organisatie=gemeente.rsin,
        registratiedatum=start,
        startdatum=start,
        einddatum=eind,
        einddatum_gepland=norm
        if norm
        else (start + timedelta(days=42) if zaaktype.servicenorm else None),
        uiterlijke_einddatum_afdoening=wettelijk or start + timedelta(days=56),
        behandelaar=behandelaar,
        communicatiekanaal=communicatiekanaal_url(kanaal) if kanaal else "",
        vertrouwelijkheidaanduiding=vertrouwelijkheid or zaaktype.vertrouwelijkheidaanduiding,
        opschorting_indicatie=opgeschort_sinds is not None,
        opgeschort_sinds=opgeschort_sinds,
        opgeschorte_dagen=opgeschorte_dagen,
        archiefnominatie="vernietigen" if eind else "",
    )
    if eind and resultaat:
        Resultaat.objects.create(
            tenant=gemeente, zaak=z, resultaattype=zaaktype.resultaattypen.first()
        )
    return z


def opslaan(z: Zaak) -> None:
    """Save a zaak changed as a row (imported data) and say so, as every Zaken service does
    (iwerk/verbindingen.py: the Sturing queue hears ZaakGewijzigd)."""
    z.save()
    gebeurtenissen.publiceer(ZaakGewijzigd(z.pk))


def verwijderen(obj: Zaak | Resultaat) -> None:
    """Delete a zaak or resultaat as a row and say so, as the Zaken services do."""
    zaak_id = obj.pk if isinstance(obj, Zaak) else obj.zaak_id
    obj.delete()
    if isinstance(obj, Zaak):
        gebeurtenissen.publiceer(ZaakVerwijderd(zaak_id))
    else:
        gebeurtenissen.publiceer(ResultaatGewijzigd(zaak_id, "destroy"))
