"""Beheer of API clients: applicaties, their client ids, autorisaties and JWT secrets."""

from django.contrib import admin

from iwerk.autorisaties.models import (
    Applicatie,
    ApplicatieClient,
    Autorisatie,
    CatalogusAutorisatie,
    JWTSecret,
)


class ClientInline(admin.TabularInline):
    model = ApplicatieClient
    extra = 0


class AutorisatieInline(admin.TabularInline):
    model = Autorisatie
    extra = 0


class CatalogusAutorisatieInline(admin.TabularInline):
    model = CatalogusAutorisatie
    extra = 0
    verbose_name_plural = "catalogusautorisaties (alle typen van een catalogus, ook toekomstige)"


@admin.register(Applicatie)
class ApplicatieAdmin(admin.ModelAdmin):
    list_display = ["label", "heeft_alle_autorisaties", "client_ids"]
    search_fields = ["label", "clients__client_id"]
    filter_horizontal = ["gemeenten"]
    inlines = [ClientInline, AutorisatieInline, CatalogusAutorisatieInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("clients")

    @admin.display(description="client ids")
    def client_ids(self, obj: Applicatie) -> str:
        return ", ".join(c.client_id for c in obj.clients.all())


@admin.register(JWTSecret)
class JWTSecretAdmin(admin.ModelAdmin):
    list_display = ["client_id"]
    search_fields = ["client_id"]
