"""Beheer of the migrations (ADR 0063): read-only views of the migraties, their runs with the
verification report, and what each source object became. A migration is run and resumed with
`iwerk migreer zgw`; beheer looks, it does not change the books."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html

from iwerk.core.admin import AlleenInzien
from iwerk.migratie.models import Bronobject, Migratie, Migratierun


@admin.register(Migratie)
class MigratieAdmin(AlleenInzien):
    list_display = ["naam", "gemeente", "zaken_api", "aangemaakt_op"]
    list_select_related = ["tenant"]
    exclude = ["tenant"]
    readonly_fields = ["gemeente"]
    search_fields = ["naam", "zaken_api"]

    @admin.display(description="gemeente", ordering="tenant__naam")
    def gemeente(self, obj: Migratie) -> str:
        return str(obj.tenant)


@admin.register(Migratierun)
class MigratierunAdmin(AlleenInzien):
    list_display = ["migratie", "gestart_op", "geeindigd_op", "toestand", "verzoeken", "schoon"]
    list_filter = ["toestand", "migratie"]
    list_select_related = ["migratie", "migratie__tenant"]
    exclude = ["rapport", "tellers"]
    readonly_fields = ["rapport_weergave", "tellers_weergave"]

    @admin.display(description="schoon", boolean=True)
    def schoon(self, obj: Migratierun) -> bool | None:
        return None if obj.rapport is None else bool(obj.rapport.get("schoon"))

    @admin.display(description="verificatierapport")
    def rapport_weergave(self, obj: Migratierun) -> str:
        if obj.rapport is None:
            return "-"
        from iwerk.migratie.zgw.rapport import tekst

        return format_html("<pre>{}</pre>", tekst(obj.rapport))

    @admin.display(description="tellers")
    def tellers_weergave(self, obj: Migratierun) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.tellers, indent=2, ensure_ascii=False))


@admin.register(Bronobject)
class BronobjectAdmin(AlleenInzien):
    list_display = ["soort", "uuid", "toestand", "reden", "waarschuwing", "bijgewerkt_op"]
    list_filter = ["toestand", "soort", "migratie"]
    list_select_related = ["migratie"]
    search_fields = ["bron_url"]  # holds the uuid
    show_full_result_count = False  # a migration has hundreds of thousands of rows
