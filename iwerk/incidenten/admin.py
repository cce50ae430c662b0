from django.contrib import admin

from iwerk.incidenten.models import Besluit, Escalatie, Incident, IncidentGemeente, Logregel


class BetrokkenInline(admin.TabularInline):
    model = IncidentGemeente
    extra = 0
    readonly_fields = ("ap_gemeld_op", "ap_meldnummer", "ap_ingetrokken_op")


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-mostly: the register is kept in the werkplek, where every change is logged."""

    list_display = ("nummer", "titel", "categorie", "status", "datalek", "ontdekt_op")
    list_filter = ("status", "categorie", "datalek")
    search_fields = ("nummer", "titel")
    inlines = [BetrokkenInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (Besluit, Logregel, Escalatie):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (admin.ModelAdmin,),
            {
                "has_change_permission": lambda self, request, obj=None: False,
                "has_delete_permission": lambda self, request, obj=None: False,
                "has_add_permission": lambda self, request: False,
            },
        ),
    )
