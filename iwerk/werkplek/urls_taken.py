"""Werkplek URLs of tasks and vier-ogen approvals (issue 29, ADR 0056), added to
iwerk/werkplek/urls.py."""

from django.urls import path

from iwerk.werkplek.views import taken

_taak = "zaken/<uuid:uuid>/taken/<uuid:taak_uuid>/"

urlpatterns: list = [
    path("taken/", taken.overzicht, name="taken"),
    path("zaken/<uuid:uuid>/taken/", taken.toevoegen, name="taak-toevoegen"),
    path(_taak + "afronden/", taken.afronden, name="taak-afronden"),
    path(_taak + "toewijzen/", taken.toewijzen, name="taak-toewijzen"),
    path(_taak + "goedkeuren/", taken.goedkeuren, name="taak-goedkeuren"),
    path(_taak + "afwijzen/", taken.afwijzen, name="taak-afwijzen"),
    path(_taak + "intrekken/", taken.intrekken, name="taak-intrekken"),
]
