"""Functional administration of the cost register (posts, amounts, keys, investments)."""

from django.contrib import admin

from iwerk.sturing.models import (
    Besparingsdoel,
    Investering,
    Kostenbedrag,
    Kostenpost,
    Sleutelwaarde,
    Verdeelgegevens,
)


class KostenbedragInline(admin.TabularInline):
    model = Kostenbedrag
    extra = 1


class SleutelwaardeInline(admin.TabularInline):
    model = Sleutelwaarde
    extra = 0
    verbose_name = "sleutelwaarde (percentage, gebruik of extra's)"
    verbose_name_plural = "sleutelwaarden (percentage, gebruik of extra's)"


@admin.register(Kostenpost)
class KostenpostAdmin(admin.ModelAdmin):
    list_display = ("naam", "verdeelsleutel", "basissleutel", "applicatie")
    list_filter = ("verdeelsleutel",)
    inlines = [KostenbedragInline, SleutelwaardeInline]


@admin.register(Verdeelgegevens)
class VerdeelgegevensAdmin(admin.ModelAdmin):
    list_display = ("gemeente", "jaar", "inwoners", "gebruikers")
    list_filter = ("jaar",)


@admin.register(Investering)
class InvesteringAdmin(admin.ModelAdmin):
    list_display = ("omschrijving", "gemeente", "soort", "van_jaar", "tot_en_met_jaar", "begroot")
    list_filter = ("gemeente", "soort")


@admin.register(Besparingsdoel)
class BesparingsdoelAdmin(admin.ModelAdmin):
    list_display = ("jaar", "doel", "gerealiseerd")
