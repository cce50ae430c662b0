from django.contrib import admin

from iwerk.core.models import Gemeente


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "rsin", "gemeentecode", "inwoners"]
    prepopulated_fields = {"slug": ["naam"]}
    search_fields = ["naam", "rsin"]


admin.site.site_header = "iwerk beheer"
admin.site.site_title = "iwerk beheer"
admin.site.index_title = "Beheer van catalogi, autorisaties en gemeenten"
