"""A believable case load for the demo: thousands of zaken in every stage, loaded in bulk.

Bulk inserts, not the services: the demo must load in seconds. The data obeys the same rules
the services enforce (published zaaktypen, statussen in order, a resultaat and archiving on
every closed zaak); the audit trail starts empty, as after a migration from an older system.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from iwerk.catalogi.models import ZaakType
from iwerk.core import durations
from iwerk.core.models import Gemeente
from iwerk.core.validators import is_valid_rsin
from iwerk.referentielijsten.selectors import communicatiekanaal_url
from iwerk.zaken import zoeken
from iwerk.zaken.models import Resultaat, Rol, Status, Zaak, ZaakIdentificatieReeks
from iwerk.zaken.services.archiving import BrondatumGegevens, derive_archiving
from iwerk.zaken.services.rol import refresh_behandelaar
from iwerk.zaken.services.status import refresh_huidige_status

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
VOORNAMEN = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Eva",
    "Fatima",
    "Gerrit",
    "Hanna",
    "Ibrahim",
    "Jeroen",
    "Kim",
    "Lotte",
    "Mohammed",
    "Noor",
    "Oscar",
    "Petra",
    "Ruben",
    "Sanne",
    "Tom",
    "Yara",
]
ACHTERNAMEN = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kok",
    "Brouwer",
    "Yilmaz",
    "El Amrani",
    "Dekker",
    "Haverkamp",
]
STRATEN = {
    "deventer": ["Brink", "Lange Bisschopstraat", "Keizerstraat", "Colmschaterstraatweg"],
    "olst-wijhe": ["Hoofdstraat", "Stationsstraat", "Langstraat"],
    "raalte": ["Kerkstraat", "Stationsstraat", "Domineesweg"],
}
# (identificatie, voorletters, achternaam) of behandelaars when the caller names none.
MEDEWERKERS = [("jdevries", "J.", "de Vries"), ("mbakker", "M.", "Bakker")]
# Share of open zaken left without behandelaar: the "niet toegewezen" werkvoorraad.
NIET_TOEGEWEZEN = 0.15
# Share of zaken that were (or are) opgeschort, where the zaaktype allows it.
OPGESCHORT = 0.08
KANALEN = ("Internet", "E-mail", "Telefoon", "Balie", "Post")


def _bsn(rng: random.Random) -> str:
    """A random nine-digit number that passes the elfproef (demo data, no real persons)."""
    while True:
        candidate = f"9{rng.randint(0, 99_999_999):08d}"
        if is_valid_rsin(candidate):
            return candidate


@transaction.atomic
def load_zaken(
    gemeente: Gemeente,
    *,
    per_zaaktype: int = 150,
    today: date | None = None,
    seed: int = 2026,
    medewerkers: list[tuple[str, str, str]] | None = None,
) -> int:
    """Create per_zaaktype zaken for every published zaaktype of the gemeente; idempotent per gemeente."""
    if Zaak.objects.filter(tenant=gemeente).exists():
        return 0
    rng = random.Random(f"{seed}-{gemeente.slug}")
    # Channels and opschortingen draw from their own sequence: the rest of the demo stays as is.
    extra = random.Random(f"{seed}-{gemeente.slug}-sturing")
    today = today or date.today()
    zaaktypen = list(
        # In creation order on every database: the draws below follow this order, and
        # PostgreSQL returns an unordered query in another order than SQLite (other figures).
        ZaakType.objects.filter(tenant=gemeente, concept=False)
        .order_by("pk")
        .prefetch_related("statustypen", "resultaattypen", "roltypen")
    )
    counters: dict[int, int] = {}
    plans = []
    for zaaktype in zaaktypen:
        statustypen = sorted(zaaktype.statustypen.all(), key=lambda s: s.volgnummer)
        for _ in range(per_zaaktype):
            start = today - timedelta(days=rng.randint(0, 700))
            closed = rng.random() < 0.6 and start < today - timedelta(days=3)
            reached = len(statustypen) if closed else rng.randint(1, len(statustypen) - 1)
            counters[start.year] = counters.get(start.year, 0) + 1
            plans.append((zaaktype, statustypen, start, closed, reached, counters[start.year]))
    kanalen = {naam: communicatiekanaal_url(naam) for naam in KANALEN}
    offsets = dict(
        ZaakIdentificatieReeks.objects.filter(bronorganisatie=gemeente.rsin).values_list(
            "jaar", "laatste"
        )
    )
    zaken = []
    for zaaktype, _, start, _, _, number in plans:
        nummer = offsets.get(start.year, 0) + number
        # More and more requests come in online: from about 35% two years ago to 65% now.
        internet = 0.65 - 0.3 * (today - start).days / 700
        kanaal = "Internet" if extra.random() < internet else extra.choice(KANALEN[1:])
        zaken.append(
            Zaak(
                tenant=gemeente,
                zaaktype=zaaktype,
                identificatie=f"ZAAK-{start.year}-{nummer:010d}",
                bronorganisatie=gemeente.rsin,
                verantwoordelijke_organisatie=gemeente.rsin,
                omschrijving=f"{zaaktype.omschrijving} — {rng.choice(ACHTERNAMEN)}",
                registratiedatum=start,
                startdatum=start,
                vertrouwelijkheidaanduiding=zaaktype.vertrouwelijkheidaanduiding,
                einddatum_gepland=durations.add(start, zaaktype.servicenorm)
                if zaaktype.servicenorm
                else None,
                uiterlijke_einddatum_afdoening=durations.add(start, zaaktype.doorlooptijd),
                communicatiekanaal=kanalen[kanaal],
            )
        )
    Zaak.objects.bulk_create(zaken, batch_size=1000)
    for year in counters:
        ZaakIdentificatieReeks.objects.update_or_create(
            bronorganisatie=gemeente.rsin,
            jaar=year,
            defaults={"laatste": offsets.get(year, 0) + counters[year]},
        )
    zaken = list(
        Zaak.objects.filter(tenant=gemeente).order_by("pk")
    )  # with primary keys on every database

    statussen, resultaten, rollen, closing, opgeschort = [], [], [], [], []
    for zaak, (zaaktype, statustypen, start, closed, reached, _) in zip(zaken, plans, strict=True):
        moment = datetime.combine(start, time(9, rng.randint(0, 59)), AMSTERDAM)
        for statustype in statustypen[:reached]:
            statussen.append(
                Status(
                    tenant=gemeente,
                    zaak=zaak,
                    statustype=statustype,
                    datum_status_gezet=moment,
                    statustoelichting="",
                )
            )
            moment = min(
                moment + timedelta(days=rng.randint(1, 20)),
                datetime.combine(today, time(17), AMSTERDAM),
            )
        roltypen = {r.omschrijving_generiek: r for r in zaaktype.roltypen.all()}
        if "initiator" in roltypen:
            naam = rng.choice(ACHTERNAMEN)
            rollen.append(
                Rol(
                    tenant=gemeente,
                    zaak=zaak,
                    roltype=roltypen["initiator"],
                    betrokkene_type="natuurlijk_persoon",
                    roltoelichting="Aanvrager",
                    bsn=(bsn := _bsn(rng)),
                    betrokkene_identificatie={
                        "inpBsn": bsn,
                        "geslachtsnaam": naam,
                        "voornamen": rng.choice(VOORNAMEN),
                        "voorletters": "",
                        "verblijfsadres": {
                            "aoaIdentificatie": f"0{rng.randint(100000000000000, 999999999999999)}",
                            "wplWoonplaatsNaam": gemeente.naam,
                            "aoaHuisnummer": rng.randint(1, 250),
                            "gorOpenbareRuimteNaam": rng.choice(
                                STRATEN.get(gemeente.slug, ["Dorpsstraat"])
                            ),
                            "aoaPostcode": "",
                            "aoaHuisletter": "",
                            "aoaHuisnummertoevoeging": "",
                            "inpLocatiebeschrijving": "",
                        },
                    },
                )
            )
        unassigned = not closed and rng.random() < NIET_TOEGEWEZEN
        if "behandelaar" in roltypen and not unassigned:
            medewerker, voorletters, achternaam = rng.choice(medewerkers or MEDEWERKERS)
            rollen.append(
                Rol(
                    tenant=gemeente,
                    zaak=zaak,
                    roltype=roltypen["behandelaar"],
                    betrokkene_type="medewerker",
                    roltoelichting="Behandelaar",
                    medewerker_identificatie=medewerker,
                    betrokkene_identificatie={
                        "identificatie": medewerker,
                        "achternaam": achternaam,
                        "voorletters": voorletters,
                        "voorvoegselAchternaam": "",
                    },
                )
            )
        if zaaktype.opschorting_en_aanhouding_mogelijk and extra.random() < OPGESCHORT:
            # Waiting for the applicant: the term stood still, the deadlines moved on.
            dagen = extra.randint(7, 28)
            if closed or extra.random() < 0.5:
                zaak.opgeschorte_dagen = dagen
                zaak.opschorting_eerdere_opschorting = True
                zaak.einddatum_gepland = (
                    zaak.einddatum_gepland and zaak.einddatum_gepland + timedelta(days=dagen)
                )
                zaak.uiterlijke_einddatum_afdoening += timedelta(days=dagen)
            else:
                zaak.opschorting_indicatie = True
                zaak.opgeschort_sinds = max(start, today - timedelta(days=dagen))
                zaak.opschorting_reden = "Wacht op aanvullende gegevens van de aanvrager"
            opgeschort.append(zaak)
        if closed:
            resultaattype = rng.choice(sorted(zaaktype.resultaattypen.all(), key=lambda r: r.pk))
            resultaten.append(Resultaat(tenant=gemeente, zaak=zaak, resultaattype=resultaattype))
            zaak.einddatum = moment.astimezone(AMSTERDAM).date()
            zaak.archiefnominatie, zaak.archiefactiedatum, zaak.startdatum_bewaartermijn = (
                derive_archiving(
                    resultaattype,
                    BrondatumGegevens(einddatum=zaak.einddatum),
                    archiefnominatie="",
                    archiefactiedatum=None,
                )
            )
            closing.append(zaak)
    Status.objects.bulk_create(statussen, batch_size=2000)
    Resultaat.objects.bulk_create(resultaten, batch_size=2000)
    Rol.objects.bulk_create(rollen, batch_size=2000)
    Zaak.objects.bulk_update(
        closing,
        ["einddatum", "archiefnominatie", "archiefactiedatum", "startdatum_bewaartermijn"],
        batch_size=1000,
    )
    Zaak.objects.bulk_update(
        opgeschort,
        [
            "opgeschorte_dagen",
            "opschorting_eerdere_opschorting",
            "einddatum_gepland",
            "uiterlijke_einddatum_afdoening",
            "opschorting_indicatie",
            "opgeschort_sinds",
            "opschorting_reden",
        ],
        batch_size=1000,
    )
    refresh_behandelaar([z.pk for z in zaken])
    refresh_huidige_status([z.pk for z in zaken])
    zoeken.reindex(z.pk for z in zaken)
    return len(zaken)
