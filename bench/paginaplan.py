"""The page query of a Zaken list with and without the small-result order, at scale (issue 25
item 8, issue 26 item 5): EXPLAIN ANALYZE of page 1 as `paginated_response` sends it, walking the
primary key (`ORDER BY id DESC`) or sorting the result (`ORDER BY id + 0 DESC`), for the filters an
integrator and an archive tool send.

Usage: DATABASE_URL=postgres://…/verhouding1m DJANGO_SETTINGS_MODULE=iwerk.settings \
       python bench/paginaplan.py [--client-id iwerk-demo-deventer] [--repeat 5]

Run bench/verhouding.py (seeds 1,000,000 zaken) and bench/archief_data.py first; the startdatum of
the seeded zaken should rise with their id, as in production (docs/performance.md says how the
figures were made). Prints per filter: rows matching, and the median execution time of both
orders over --repeat runs (warm cache).
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--client-id", default="iwerk-demo-deventer")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django.setup()
    from django.db import connection
    from django.db.models import BigIntegerField, ExpressionWrapper, F

    from iwerk.autorisaties.selectors import resolve_actor
    from iwerk.catalogi.models import ZaakType
    from iwerk.zaken import selectors

    resolved = resolve_actor(args.client_id)
    assert resolved is not None, f"onbekende client {args.client_id}"
    actor = resolved[1]
    visible = selectors.zaken(actor, columns=False)
    types = list(
        ZaakType.objects.filter(
            pk__in=visible.order_by().values("zaaktype_id").distinct()[:3]
        ).values_list("uuid", flat=True)
    )
    year = date.today().year - 3
    today = date.today().isoformat()
    filters = {
        f"_zoek zaaktype__in ({len(types)}) + startdatum in {year} + open": {
            "zaaktype__uuid__in": types,
            "startdatum__gte": f"{year}-01-01",
            "startdatum__lte": f"{year}-12-31",
            "einddatum__isnull": True,
        },
        "archive tool: vernietigen, archiefactiedatum__lt today, nog_te_archiveren": {
            "archiefnominatie": "vernietigen",
            "archiefactiedatum__lt": today,
            "archiefstatus": "nog_te_archiveren",
        },
        "archive tool: blijvend_bewaren, archiefactiedatum__lt today": {
            "archiefnominatie": "blijvend_bewaren",
            "archiefactiedatum__lt": today,
        },
        "registratiedatum__lt 2021-01-01": {"registratiedatum__lt": "2021-01-01"},
        "startdatum__gte 90 days ago (open towards today: walked)": {
            "startdatum__gte": date.fromordinal(date.today().toordinal() - 90).isoformat()
        },
    }
    plus0 = ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField()).desc()
    print("| filter | rows | walk ms (ORDER BY id DESC) | sort ms (ORDER BY id + 0 DESC) |")
    print("| --- | ---: | ---: | ---: |")
    for name, lookup in filters.items():
        qs = visible.filter(**lookup)
        times = {}
        for label, ordered in (("walk", qs.order_by("-pk")), ("sort", qs.order_by(plus0))):
            sql, params = ordered[:100].query.sql_with_params()
            runs = []
            for _ in range(args.repeat):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
                    last = [r[0] for r in cursor.fetchall() if r[0].startswith("Execution Time")]
                runs.append(float(last[0].split(":")[1].split()[0]))
            times[label] = statistics.median(runs)
        print(f"| {name} | {qs.count()} | {times['walk']:.1f} | {times['sort']:.1f} |")


if __name__ == "__main__":
    main()
