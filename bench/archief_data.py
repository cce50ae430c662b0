"""Archive data on a seeded bench database (bench/verhouding.py, bench/zaken_load.py): dates that
rise with the id, and the oldest zaken of one gemeente closed with a resultaat and archive fields,
as years of real use leave them.

Usage: DATABASE_URL=postgres://…/verhouding1m python bench/archief_data.py [--gemeente deventer]
                                        [--gesloten 150000] [--te-vernietigen 100000]

First startdatum and registratiedatum of every zaak are set to rise with its id over 2020-2026
(the seeders draw them at random; in production they rise together, which decides query plans:
ADR 0048). Then the --gesloten lowest ids of the gemeente's zaken are closed (einddatum,
resultaat of the zaaktype's first resultaattype, archiefnominatie of that resultaattype; every
20th blijvend_bewaren). Of them the --te-vernietigen lowest get an archiefactiedatum from 2021 to
2025 (due), increasing with the id as in production, where old zaken are due first; the rest one in
2027 to 2030. Plain SQL, once: a second run changes nothing. PostgreSQL only (the figures in
docs/performance.md are at 1,000,000 zaken on PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import time

import psycopg

DATUMS = """
WITH grens AS (SELECT max(id) AS hoogste FROM zaken_zaak)
UPDATE zaken_zaak z
   SET startdatum = DATE '2020-01-01' + (z.id * 2500 / grens.hoogste)::int,
       registratiedatum = DATE '2020-01-01' + (z.id * 2500 / grens.hoogste)::int
  FROM grens
"""

SQL = """
WITH gekozen AS (
    SELECT z.id, z.tenant_id, z.startdatum,
           (SELECT rt.id FROM catalogi_resultaattype rt
             WHERE rt.zaaktype_id = z.zaaktype_id ORDER BY rt.id LIMIT 1) AS resultaattype_id,
           row_number() OVER (ORDER BY z.id) AS rang
      FROM zaken_zaak z JOIN core_gemeente g ON g.id = z.tenant_id
     WHERE g.slug = %(gemeente)s AND z.einddatum IS NULL
     ORDER BY z.id
     LIMIT %(gesloten)s
), resultaten AS (
    INSERT INTO zaken_resultaat (uuid, toelichting, resultaattype_id, tenant_id, zaak_id)
    SELECT gen_random_uuid(), '', g.resultaattype_id, g.tenant_id, g.id
      FROM gekozen g WHERE g.resultaattype_id IS NOT NULL
    RETURNING zaak_id, resultaattype_id
), rangen AS (
    SELECT r.zaak_id, r.resultaattype_id, g.rang
      FROM resultaten r JOIN gekozen g ON g.id = r.zaak_id
)
UPDATE zaken_zaak z
   SET einddatum = z.startdatum + 60,
       archiefnominatie = CASE WHEN z.id %% 20 = 0 THEN 'blijvend_bewaren' ELSE rt.archiefnominatie END,
       archiefactiedatum = CASE
           WHEN r.rang <= %(te_vernietigen)s
               THEN DATE '2021-01-01' + (r.rang * 1800 / %(te_vernietigen)s)::int
           ELSE DATE '2027-01-01' + ((r.rang - %(te_vernietigen)s) * 1400
                                     / GREATEST(%(gesloten)s - %(te_vernietigen)s, 1))::int
       END,
       startdatum_bewaartermijn = z.startdatum + 60
  FROM rangen r JOIN catalogi_resultaattype rt ON rt.id = r.resultaattype_id
 WHERE z.id = r.zaak_id
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gemeente", default="deventer")
    parser.add_argument("--gesloten", type=int, default=150_000)
    parser.add_argument("--te-vernietigen", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        done = conn.execute(
            "SELECT count(*) FROM zaken_zaak WHERE einddatum IS NOT NULL"
        ).fetchone()
        if done and done[0]:
            print(f"al gedaan: {done[0]} gesloten zaken")
            return
        conn.execute(DATUMS)
        conn.execute(
            SQL,
            {
                "gemeente": args.gemeente,
                "gesloten": args.gesloten,
                "te_vernietigen": args.te_vernietigen,
            },
        )
        conn.execute("ANALYZE zaken_zaak")
        conn.execute("ANALYZE zaken_resultaat")
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE archiefnominatie = 'vernietigen' AND archiefactiedatum"
            " <= CURRENT_DATE), count(*) FILTER (WHERE archiefnominatie = 'blijvend_bewaren'"
            " AND archiefactiedatum <= CURRENT_DATE) FROM zaken_zaak"
        ).fetchone()
        print(
            f"{args.gesloten} zaken van {args.gemeente} gesloten: {row[0]} te vernietigen en"
            f" {row[1]} over te brengen op {time.strftime('%Y-%m-%d')} ({time.perf_counter() - started:.1f} s)"
        )


if __name__ == "__main__":
    main()
