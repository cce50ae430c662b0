"""The data of bench/kcc.py: 1,000,000 zaken, the Klantinteracties register at the size of
bench/klantinteracties.py, and regular callers of Deventer whose one screen is measured.

Built once in a database of the bench's own and found again by a rerun:
1. zaken: bench/zaken_load.py's SEED (bulk, the demo's zaaktypen, two statussen and an initiator
   rol with a BSN each), in a process of its own;
2. the register: bench/klantinteracties_data.py (500,000 partijen with their identificatoren and
   digitale adressen, 1,000,000 klantcontacten, 100,000 interne taken);
3. `vaste_klanten`: KLANTEN persons of Deventer, each made the initiator of ZAKEN_PER zaken the
   contact centre may see (with a behandelaar and their current status), with CONTACTEN_PER more
   klantcontacten (half of them about one of those zaken, each with a medewerker) and one open
   contactverzoek: with the register's own ~2 contacts each, about 10 zaken and 20 contacts.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

KLANTEN = 200
ZAKEN_PER = 10
CONTACTEN_PER = 18
MERK = "kcc-bench"  # the inhoud of the contacts made here: how a rerun knows they exist
MEDEWERKER = "kccbench"


def zaken(demo: Any, aantal: int) -> None:
    """Step 1, in a process of its own (the SEED is a script of bench/zaken_load.py)."""
    from zaken_load import SEED

    print("zaken:", demo.step("import json\n" + SEED.format(target=aantal)), flush=True)


def medewerker(gemeente: Any) -> Any:
    """A contact-centre account of the gemeente (up to zaakvertrouwelijk, as the demo's)."""
    from django.contrib.auth import get_user_model

    from iwerk.medewerkers import services
    from iwerk.medewerkers.roles import Rol

    user, _ = get_user_model().objects.get_or_create(
        username=MEDEWERKER, defaults={"first_name": "Kim", "last_name": "Bench"}
    )
    services.rol_toewijzen(user, gemeente, Rol.kcc_medewerker, maximum="zaakvertrouwelijk")
    return user


def vaste_klanten(context: Any) -> list[int]:
    """Step 3: the pks of the regular callers (made on the first run)."""
    from iwerk.klantinteracties.models import Betrokkene

    gemaakt = list(
        Betrokkene.objects.filter(
            tenant=context.gemeente, had_klantcontact__inhoud=MERK, was_partij__isnull=False
        )
        .values_list("was_partij_id", flat=True)
        .distinct()
        .order_by("was_partij_id")
    )
    if gemaakt:
        return gemaakt
    begonnen = time.perf_counter()
    klanten = _maken(context)
    print(
        f"vaste klanten: {len(klanten)}, {time.perf_counter() - begonnen:.0f} s",
        flush=True,
    )
    return klanten


def _maken(context: Any) -> list[int]:
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from iwerk.catalogi.models import RolType
    from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
    from iwerk.klantinteracties import models as ki
    from iwerk.zaken import selectors as zaken_selectors
    from iwerk.zaken.models import Rol
    from iwerk.zaken.services.rol import refresh_behandelaar
    from iwerk.zaken.services.status import refresh_huidige_status

    gemeente = context.gemeente
    personen = list(
        ki.PartijIdentificator.objects.filter(
            tenant=gemeente, code_soort_object_id="bsn", identificeerde_partij__isnull=False
        )
        .select_related("identificeerde_partij")
        .order_by("pk")[: KLANTEN * 50 : 50]
    )
    zaken = list(
        zaken_selectors.zaken(context.actor, columns=False)
        .filter(tenant=gemeente, identificatie__startswith="BENCH-")
        .order_by("pk")
        .values_list("pk", "uuid", "zaaktype_id", "vertrouwelijkheidaanduiding")[
            : len(personen) * ZAKEN_PER * 50 : 50
        ]
    )
    assert len(zaken) == len(personen) * ZAKEN_PER, "not enough visible zaken: seed them first"
    behandelaar = dict(
        RolType.objects.filter(omschrijving_generiek="behandelaar").values_list("zaaktype_id", "pk")
    )
    medewerkers = list(
        ki.Actor.objects.filter(tenant=gemeente, soort_actor="medewerker").order_by("pk")[:20]
    )
    team = ki.Actor.objects.filter(tenant=gemeente, soort_actor="organisatorische_eenheid").first()
    nu = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with transaction.atomic():
        rollen = []
        for i, pid in enumerate(personen):
            partij = pid.identificeerde_partij
            eigen = zaken[i * ZAKEN_PER : (i + 1) * ZAKEN_PER]
            Rol.objects.filter(
                zaak_id__in=[z[0] for z in eigen], roltype__omschrijving_generiek="initiator"
            ).update(
                bsn=pid.object_id,
                betrokkene_identificatie={
                    "inpBsn": pid.object_id,
                    "voornamen": partij.contactnaam_voornaam,
                    "geslachtsnaam": partij.contactnaam_achternaam,
                },
            )
            rollen += [
                Rol(
                    tenant=gemeente,
                    zaak_id=pk,
                    roltype_id=behandelaar[zaaktype_id],
                    betrokkene_type="medewerker",
                    medewerker_identificatie=f"mw{n % 9}",
                    betrokkene_identificatie={
                        "identificatie": f"mw{n % 9}",
                        "voorletters": "A.",
                        "achternaam": f"Behandelaar {n % 9}",
                    },
                )
                for n, (pk, _uuid, zaaktype_id, _v) in enumerate(eigen)
                if zaaktype_id in behandelaar
            ]
        Rol.objects.bulk_create(rollen, batch_size=2000)
        ids = [z[0] for z in zaken]
        refresh_behandelaar(ids)
        refresh_huidige_status(ids)

        contacten, over_zaak = [], []
        for i, _pid in enumerate(personen):
            for k in range(CONTACTEN_PER):
                _pk, zaak_uuid, _zt, aanduiding = zaken[i * ZAKEN_PER + k % ZAKEN_PER]
                over = k % 2 == 0
                over_zaak.append(str(zaak_uuid) if over else "")
                contacten.append(
                    ki.Klantcontact(
                        tenant=gemeente,
                        kanaal=("telefoon", "balie", "e-mail")[k % 3],
                        onderwerp=f"Vraag {k + 1}",
                        inhoud=MERK,
                        indicatie_contact_gelukt=True,
                        taal="nld",
                        plaatsgevonden_op=nu - timedelta(days=7 * k + i % 7),
                        vertrouwelijkheid_rang=VERTROUWELIJKHEID_ORDER[aanduiding] if over else 0,
                    )
                )
        ki.Klantcontact.objects.bulk_create(contacten, batch_size=2000)
        betrokkenen, onderwerpen, actoren, taken = [], [], [], []
        for n, contact in enumerate(contacten):
            partij = personen[n // CONTACTEN_PER].identificeerde_partij
            betrokkenen.append(
                ki.Betrokkene(
                    tenant=gemeente,
                    was_partij=partij,
                    had_klantcontact=contact,
                    rol="klant",
                    initiator=True,
                    contactnaam_achternaam=partij.contactnaam_achternaam,
                )
            )
            actoren.append(
                ki.ActorKlantcontact(
                    tenant=gemeente, actor=medewerkers[n % len(medewerkers)], klantcontact=contact
                )
            )
            if zaak := over_zaak[n]:
                onderwerpen.append(
                    ki.Onderwerpobject(
                        tenant=gemeente,
                        klantcontact=contact,
                        object_id=zaak,
                        zaak_uuid=zaak,
                        code_objecttype="zaak",
                        code_register="openzaak",
                        code_soort_object_id="uuid",
                    )
                )
            if n % CONTACTEN_PER == 0:
                taken.append(
                    ki.InterneTaak(
                        tenant=gemeente,
                        gevraagde_handeling="Terugbellen",
                        aanleidinggevend_klantcontact=contact,
                        toelichting="Beller wil weten wanneer er een besluit komt.",
                        uiterlijk_op=nu + timedelta(days=2),
                    )
                )
        ki.Betrokkene.objects.bulk_create(betrokkenen, batch_size=2000)
        ki.ActorKlantcontact.objects.bulk_create(actoren, batch_size=2000)
        ki.Onderwerpobject.objects.bulk_create(onderwerpen, batch_size=2000)
        ki.InterneTaak.objects.bulk_create(taken, batch_size=2000)
        if team is not None:
            through = ki.InterneTaak.actoren.through
            # klantinteracties_data COPYs this table with its own ids and resets the sequences
            # of the app's models only: set this one past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [through]):
                    cursor.execute(sql)
            through.objects.bulk_create(
                [through(internetaak_id=t.pk, actor_id=team.pk) for t in taken], batch_size=2000
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return sorted(p.identificeerde_partij_id for p in personen)  # type: ignore[misc]


def samenvatting() -> str:
    from iwerk.klantinteracties import models as ki
    from iwerk.zaken.models import Rol, Zaak

    return json.dumps(
        {
            "zaken": Zaak.objects.count(),
            "rollen": Rol.objects.count(),
            "partijen": ki.Partij.objects.count(),
            "digitale adressen": ki.DigitaalAdres.objects.count(),
            "klantcontacten": ki.Klantcontact.objects.count(),
            "interne taken": ki.InterneTaak.objects.count(),
        }
    )
