"""The teamleider's workload view (issue 29, ADR 0060), added to iwerk/werkplek/urls.py."""

from django.urls import path

from iwerk.werkplek.views import werklast

_lid = "werklast/<str:username>/"

urlpatterns: list = [
    path("werklast/", werklast.overzicht, name="werklast"),
    path(_lid, werklast.medewerker, name="werklast-medewerker"),
    path(_lid + "afwezig/", werklast.afwezig, name="werklast-afwezig"),
    path(_lid + "terug/", werklast.terug, name="werklast-terug"),
    path(_lid + "zaken/", werklast.zaken_herverdelen, name="werklast-zaken"),
    path(_lid + "taken/", werklast.taken_herverdelen, name="werklast-taken"),
]
