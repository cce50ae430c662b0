"""Fill the Klantinteracties register of the demo's gemeenten for bench/klantinteracties.py.

COPY, not the API nor bulk_create: 4–5 million rows in a few minutes on two busy cores. Every
column of a table is written (its model's default where the row names none), ids are given here
and the sequences set after, and rows of one partij, klantcontact or taak are all of one
gemeente. The data is drawn from a seeded random generator, so two runs fill the same register.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from array import array
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

VOORNAMEN = ["Jan", "Anna", "Mohammed", "Sanne", "Pieter", "Fatima", "Daan", "Emma", "Lucas"]
ACHTERNAMEN = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz", "Mulder"]
KANALEN = ["telefoon", "telefoon", "telefoon", "e-mail", "balie", "webformulier"]
ONDERWERPEN = ["Afvalinzameling", "Parkeervergunning", "Wmo-aanvraag", "Paspoort", "Belasting"]
VASTE_BELLERS = 100  # partijen that get 1% of all klantcontacten (~100 each)
ZAKEN_PER_KLANTCONTACT = 0.5  # a pool of zaak uuids of half as many as contacts about one
NUMMER = 100_000  # the filled rows are numbered from here on (below: the demo's own)


def bsns(aantal: int, start: int = 10_000_000) -> list[str]:
    """Valid BSNs (the 11-proef: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11), ascending."""
    gevonden: list[str] = []
    prefix = start
    while len(gevonden) < aantal:
        cijfers = f"{prefix:08d}"
        som = sum((9 - i) * int(c) for i, c in enumerate(cijfers))
        laatste = som % 11
        if laatste < 10:
            gevonden.append(cijfers + str(laatste))
        prefix += 1
    return gevonden


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _standaard(veld: Any) -> Any:
    if veld.has_default():
        waarde = veld.get_default()
        return json.dumps(waarde) if isinstance(waarde, dict | list) else waarde
    return None if veld.null else ""


def _kopieer(model: Any, rijen: Iterable[dict[str, Any]]) -> int:
    """COPY rows (attname -> value) into model's table; every other column its default."""
    from django.db import connection

    velden = list(model._meta.concrete_fields)
    standaard = {v.attname: _standaard(v) for v in velden}
    kolommen = ", ".join(connection.ops.quote_name(v.column) for v in velden)
    aantal = 0
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({kolommen}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for rij in rijen:
                copy.write_row([rij.get(v.attname, standaard[v.attname]) for v in velden])
                aantal += 1
    return aantal


def _begin(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _sequenties() -> None:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    modellen = list(apps.get_app_config("klantinteracties").get_models())
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), modellen):
            cursor.execute(sql)


def vullen(partijen: int, klantcontacten: int, taken: int) -> None:
    """The register at the given size, unless it is there already."""
    from django.db import connection, transaction

    from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
    from iwerk.core.models import Gemeente
    from iwerk.klantinteracties import models as ki
    from iwerk.klantinteracties.normaliseren import zoekwaarde

    if ki.Klantcontact.objects.count() >= klantcontacten:
        return
    gemeenten = list(Gemeente.objects.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(28)
    begonnen = time.perf_counter()
    _zaken(gemeenten)

    def tijd(wat: str, n: int) -> None:
        print(f"  {wat}: {n:,} rows, {time.perf_counter() - begonnen:.0f} s", flush=True)

    # --- partijen, their identificatoren and digitale adressen ------------------------------
    p0, pid0, da0 = _begin(ki.Partij), _begin(ki.PartijIdentificator), _begin(ki.DigitaalAdres)
    nummers = bsns(partijen)

    def gemeente_van(p: int) -> int:
        return gemeenten[p % len(gemeenten)]

    def organisatie(p: int) -> bool:
        return p % 20 == 0

    def naam(p: int) -> tuple[str, str]:
        return VOORNAMEN[p % len(VOORNAMEN)], ACHTERNAMEN[(p // 7) % len(ACHTERNAMEN)]

    def email(p: int) -> str:
        voornaam, achternaam = naam(p)
        lokaal = f"{voornaam[0]}.{achternaam.replace(' ', '')}{p}".lower()
        return f"{lokaal}@{'bedrijf' if organisatie(p) else 'voorbeeld'}.nl"

    def telefoon_id(p: int) -> int | None:  # every second partij gave a phone number too
        return da0 + partijen + p // 2 if p % 2 == 0 else None

    def partij_rijen() -> Iterator[dict[str, Any]]:
        for p in range(partijen):
            voornaam, achternaam = naam(p)
            rij = {
                "id": p0 + p,
                "tenant_id": gemeente_van(p),
                "uuid": _uuid(rng),
                "nummer": f"{NUMMER + p // len(gemeenten) + 1:010d}",
                "voorkeurstaal": "nld",
                "indicatie_actief": True,
                "voorkeurs_digitaal_adres_id": da0 + p,
                "bezoekadres_straatnaam": "Brink",
                "bezoekadres_huisnummer": 1 + p % 200,
                "bezoekadres_postcode": f"74{p % 100:02d} AB",
                "bezoekadres_stad": "Deventer",
                "bezoekadres_land": "NL",
            }
            if organisatie(p):
                rij.update(soort_partij="organisatie", naam=f"{achternaam} B.V. {p}")
            else:
                rij.update(
                    soort_partij="persoon",
                    contactnaam_voorletters=voornaam[0] + ".",
                    contactnaam_voornaam=voornaam,
                    contactnaam_achternaam=achternaam,
                    indicatie_geheimhouding=False,
                )
            yield rij

    def identificator_rijen() -> Iterator[dict[str, Any]]:
        for p in range(partijen):
            rij = {
                "id": pid0 + p,
                "tenant_id": gemeente_van(p),
                "uuid": _uuid(rng),
                "identificeerde_partij_id": p0 + p,
            }
            if organisatie(p):
                rij.update(
                    code_objecttype="niet_natuurlijk_persoon",
                    code_soort_object_id="kvk_nummer",
                    object_id=f"{60_000_000 + p:08d}",
                    code_register="hr",
                )
            else:
                rij.update(
                    code_objecttype="natuurlijk_persoon",
                    code_soort_object_id="bsn",
                    object_id=nummers[p],
                    code_register="brp",
                )
            yield rij

    def adres_rijen() -> Iterator[dict[str, Any]]:
        for p in range(partijen):
            yield {
                "id": da0 + p,
                "tenant_id": gemeente_van(p),
                "uuid": _uuid(rng),
                "verstrekt_door_partij_id": p0 + p,
                "adres": email(p),
                "soort_digitaal_adres": "email",
                "is_standaard_adres": True,
                "zoekwaarde": zoekwaarde("email", email(p)),
            }
        for p in range(0, partijen, 2):
            yield {
                "id": telefoon_id(p),
                "tenant_id": gemeente_van(p),
                "uuid": _uuid(rng),
                "verstrekt_door_partij_id": p0 + p,
                "adres": f"06{p:08d}",
                "soort_digitaal_adres": "telefoonnummer",
                "zoekwaarde": zoekwaarde("telefoonnummer", f"06{p:08d}"),
            }

    with transaction.atomic():  # partij and its voorkeursDigitaalAdres point at each other
        tijd("partijen", _kopieer(ki.Partij, partij_rijen()))
        tijd("digitale adressen", _kopieer(ki.DigitaalAdres, adres_rijen()))
    with transaction.atomic():
        tijd("partij-identificatoren", _kopieer(ki.PartijIdentificator, identificator_rijen()))

    # --- klantcontacten with a betrokkene each, an onderwerpobject for every second ----------
    kc0, b0, o0 = _begin(ki.Klantcontact), _begin(ki.Betrokkene), _begin(ki.Onderwerpobject)
    # Persons (p % 20 != 0), spread over the gemeenten.
    vaste = [(i * max(1, partijen // VASTE_BELLERS) + 1) % partijen for i in range(VASTE_BELLERS)]
    partij_van = array(
        "i",
        (
            rng.choice(vaste) if rng.random() < 0.01 else rng.randrange(partijen)
            for _ in range(klantcontacten)
        ),
    )
    per_gemeente: dict[int, int] = dict.fromkeys(gemeenten, 0)
    kc_nummer = array("i", bytes(4 * klantcontacten))
    for k in range(klantcontacten):
        g = gemeente_van(partij_van[k])
        per_gemeente[g] += 1
        kc_nummer[k] = per_gemeente[g]
    begin_op = datetime(2021, 1, 1, 8, tzinfo=UTC)
    stap = timedelta(days=5 * 365) / klantcontacten
    vertrouwelijk = VERTROUWELIJKHEID_ORDER["vertrouwelijk"]
    zaken = max(len(gemeenten), int(klantcontacten * ZAKEN_PER_KLANTCONTACT / 2))
    zaak_uuids = [_uuid(rng) for _ in range(zaken)]

    def klantcontact_rijen() -> Iterator[dict[str, Any]]:
        for k in range(klantcontacten):
            geheim = rng.random() < 0.05
            yield {
                "id": kc0 + k,
                "tenant_id": gemeente_van(partij_van[k]),
                "uuid": _uuid(rng),
                "nummer": f"{NUMMER + kc_nummer[k]:010d}",
                "kanaal": KANALEN[k % len(KANALEN)],
                "onderwerp": ONDERWERPEN[k % len(ONDERWERPEN)],
                "inhoud": "Beller had een vraag; uitgelegd hoe het werkt.",
                "indicatie_contact_gelukt": True,
                "taal": "nld",
                "vertrouwelijk": geheim,
                "vertrouwelijkheid_rang": vertrouwelijk if geheim else 0,
                "plaatsgevonden_op": begin_op + stap * k,
            }

    def betrokkene_rijen() -> Iterator[dict[str, Any]]:
        for k in range(klantcontacten):
            p = partij_van[k]
            voornaam, achternaam = naam(p)
            yield {
                "id": b0 + k,
                "tenant_id": gemeente_van(p),
                "uuid": _uuid(rng),
                "was_partij_id": p0 + p,
                "had_klantcontact_id": kc0 + k,
                "rol": "klant",
                "initiator": True,
                "contactnaam_voornaam": "" if organisatie(p) else voornaam,
                "contactnaam_achternaam": "" if organisatie(p) else achternaam,
            }

    def onderwerp_rijen() -> Iterator[dict[str, Any]]:
        n = len(gemeenten)
        for k in range(0, klantcontacten, 2):
            g = partij_van[k] % n  # a zaak of the contact's own gemeente
            zaak = zaak_uuids[(rng.randrange(zaken // n) * n + g) % zaken]
            yield {
                "id": o0 + k // 2,
                "tenant_id": gemeenten[g],
                "uuid": _uuid(rng),
                "klantcontact_id": kc0 + k,
                "object_id": str(zaak),
                "zaak_uuid": zaak,  # as services.onderwerpobjecten derives it
                "code_objecttype": "zaak",
                "code_register": "openzaak",
                "code_soort_object_id": "uuid",
            }

    with transaction.atomic():
        tijd("klantcontacten", _kopieer(ki.Klantcontact, klantcontact_rijen()))
    with transaction.atomic():
        tijd("betrokkenen", _kopieer(ki.Betrokkene, betrokkene_rijen()))
    with transaction.atomic():
        tijd("onderwerpobjecten", _kopieer(ki.Onderwerpobject, onderwerp_rijen()))

    # --- actoren (per gemeente 90 medewerkers, 10 teams) and interne taken -------------------
    a0, t0 = _begin(ki.Actor), _begin(ki.InterneTaak)
    actoren: dict[int, tuple[list[int], list[int]]] = {g: ([], []) for g in gemeenten}

    def actor_rijen() -> Iterator[dict[str, Any]]:
        i = 0
        for g in gemeenten:
            for n in range(100):
                team = n >= 90
                actoren[g][1 if team else 0].append(a0 + i)
                yield {
                    "id": a0 + i,
                    "tenant_id": g,
                    "uuid": _uuid(rng),
                    "naam": f"Team {n - 89}" if team else f"Medewerker {n + 1}",
                    "soort_actor": "organisatorische_eenheid" if team else "medewerker",
                    "indicatie_actief": True,
                    "actoridentificator_object_id": f"mw{g}-{n}",
                }
                i += 1

    taak_actor: list[int] = []
    taak_nummers: dict[int, int] = dict.fromkeys(gemeenten, 0)

    def taak_rijen() -> Iterator[dict[str, Any]]:
        for t in range(taken):
            k = rng.randrange(klantcontacten)
            g = gemeente_van(partij_van[k])
            medewerkers, teams = actoren[g]
            taak_actor.append(rng.choice(teams if rng.random() < 0.3 else medewerkers))
            taak_nummers[g] += 1
            open_ = rng.random() < 0.25
            moment = begin_op + stap * k
            yield {
                "id": t0 + t,
                "tenant_id": g,
                "uuid": _uuid(rng),
                "nummer": f"{NUMMER + taak_nummers[g]:010d}",
                "gevraagde_handeling": "Terugbellen",
                "aanleidinggevend_klantcontact_id": kc0 + k,
                "toelichting": "Graag terugbellen over de vraag.",
                "status": "te_verwerken" if open_ else "verwerkt",
                "toegewezen_op": moment,
                "afgehandeld_op": None if open_ else moment + timedelta(days=2),
                "uiterlijk_op": moment + timedelta(days=3),
            }

    def koppel_rijen() -> Iterator[dict[str, Any]]:
        for t, actor in enumerate(taak_actor):
            yield {"id": t0 + t, "internetaak_id": t0 + t, "actor_id": actor}

    with transaction.atomic():
        tijd("actoren", _kopieer(ki.Actor, actor_rijen()))
        tijd("interne taken", _kopieer(ki.InterneTaak, taak_rijen()))
        tijd("taak-actoren", _kopieer(ki.InterneTaak.actoren.through, koppel_rijen()))
        totaal = dict(per_gemeente)
        for g in gemeenten:  # the API numbers on from here
            for soort, laatste in (
                ("partij", NUMMER + partijen // len(gemeenten) + 1),
                ("klantcontact", NUMMER + totaal[g]),
                ("internetaak", NUMMER + taak_nummers[g]),
            ):
                ki.Nummerreeks.objects.update_or_create(
                    tenant_id=g, soort=soort, defaults={"laatste": laatste}
                )
    _sequenties()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as an operator does after a bulk import
    tijd("vacuum analyze", klantcontacten)


def _zaken(gemeenten: list[int]) -> None:
    """One real zaak per gemeente: what POST maak-klantcontact's onderwerpobject names."""
    from iwerk.catalogi.models import ZaakType
    from iwerk.zaken.models import Zaak

    for g in gemeenten:
        if Zaak.objects.filter(tenant_id=g).exists():
            continue
        zt = ZaakType.objects.filter(tenant_id=g, concept=False).select_related("tenant").first()
        assert zt is not None, "the demo catalogue has zaaktypen"
        start = date(2026, 1, 5)
        Zaak.objects.create(
            tenant_id=g,
            zaaktype=zt,
            identificatie=f"BENCH-KI-{g}",
            bronorganisatie=zt.tenant.rsin,
            verantwoordelijke_organisatie=zt.tenant.rsin,
            registratiedatum=start,
            startdatum=start,
            vertrouwelijkheidaanduiding=zt.vertrouwelijkheidaanduiding,
            uiterlijke_einddatum_afdoening=start + timedelta(days=56),
        )
