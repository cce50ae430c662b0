"""Beheer of notifications: kanalen, abonnementen, and deliveries with their attempts (dead letters)."""

from __future__ import annotations

from django.contrib import admin, messages

from iwerk.core.weergave import aantal
from iwerk.notificaties.models import Abonnement, AbonnementKanaal, Kanaal, Levering, Poging
from iwerk.notificaties.services import delivery


@admin.register(Kanaal)
class KanaalAdmin(admin.ModelAdmin):
    list_display = ("naam", "filters", "documentatie_link")


class FilterGroepInline(admin.TabularInline):
    model = AbonnementKanaal
    extra = 0


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    list_display = ("callback_url", "client_id")
    exclude = ("auth",)  # a subscriber's secret is not shown in beheer
    inlines = [FilterGroepInline]


class PogingInline(admin.TabularInline):
    model = Poging
    extra = 0
    can_delete = False
    readonly_fields = ("tijdstip", "statuscode", "duur_ms", "fout")


@admin.register(Levering)
class LeveringAdmin(admin.ModelAdmin):
    list_display = (
        "notificatie",
        "ontvanger",
        "status",
        "pogingen",
        "volgende_poging",
        "laatste_fout",
    )
    list_filter = ("status",)
    search_fields = ("hoofd_object", "laatste_fout")
    readonly_fields = (
        "notificatie",
        "abonnement",
        "ontvanger",
        "hoofd_object",
        "status",
        "pogingen",
        "volgende_poging",
        "laatste_fout",
        "afgeleverd_op",
        "geclaimd_tot",
        "geclaimd_door",
    )
    inlines = [PogingInline]
    actions = ["opnieuw_aanbieden"]

    @admin.action(description="Opnieuw aanbieden (vanaf nu, pogingen op 0)")
    def opnieuw_aanbieden(self, request, queryset):
        count = delivery.retry(queryset.values_list("id", flat=True))
        self.message_user(
            request,
            f"{aantal(count, 'levering', 'leveringen')} opnieuw aangeboden.",
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False
