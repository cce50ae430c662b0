"""Functional beheer of staff: who holds which role in which gemeente, and the teams."""

from django.contrib import admin

from iwerk.medewerkers.models import Roltoewijzing, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("naam", "gemeente")
    list_filter = ("gemeente",)
    search_fields = ("naam",)


@admin.register(Roltoewijzing)
class RoltoewijzingAdmin(admin.ModelAdmin):
    list_display = ("gebruiker", "gemeente", "rol", "team", "max_vertrouwelijkheidaanduiding")
    list_filter = ("gemeente", "rol", "max_vertrouwelijkheidaanduiding")
    search_fields = ("gebruiker__username", "gebruiker__first_name", "gebruiker__last_name")
    autocomplete_fields = ("gebruiker",)
    list_select_related = ("gebruiker", "gemeente", "team")
