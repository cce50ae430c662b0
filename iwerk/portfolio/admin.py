from django.contrib import admin

from iwerk.portfolio.models import Applicatie, Gebruik, Koppeling, Referentiecomponent


class GebruikInline(admin.TabularInline):
    model = Gebruik
    extra = 0
    # Linked in the werkplek, where services.gebruik checks the gemeente and the verdict (ADR 0065).
    readonly_fields = ("migratie",)


@admin.register(Applicatie)
class ApplicatieAdmin(admin.ModelAdmin):
    list_display = ("naam", "leverancier", "hosting", "kosten_per_jaar", "persoonsgegevens")
    list_filter = ("hosting", "persoonsgegevens", "beschermingsniveau")
    search_fields = ("naam", "leverancier", "pakket")
    filter_horizontal = ("componenten",)
    inlines = [GebruikInline]


@admin.register(Referentiecomponent)
class ReferentiecomponentAdmin(admin.ModelAdmin):
    list_display = ("naam", "gemma_id", "status")
    search_fields = ("naam", "gemma_id")


admin.site.register(Koppeling)
