"""Functioneel beheer of the portaal: which zaaktypen are offered online, with which form."""

from django.contrib import admin

from iwerk.portaal.models import Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = (
        "naam",
        "tenant",
        "zaaktype_identificatie",
        "betrouwbaarheidsniveau",
        "online_aanvraagbaar",
    )
    list_filter = ("tenant", "online_aanvraagbaar", "doelgroep", "betrouwbaarheidsniveau")
    list_editable = ("online_aanvraagbaar",)
    search_fields = ("naam", "zaaktype_identificatie")
    prepopulated_fields = {"slug": ("naam",)}
