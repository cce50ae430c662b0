"""The staff member's signals (issue 29, ADR 0057), added to iwerk/werkplek/urls.py."""

from django.urls import path

from iwerk.werkplek.views import signaleringen

urlpatterns = [
    path("signaleringen/", signaleringen.lijst, name="signaleringen"),
    path("signaleringen/gelezen/", signaleringen.alles_gelezen, name="signaleringen-alles-gelezen"),
    path("signaleringen/<int:pk>/gelezen/", signaleringen.gelezen, name="signalering-gelezen"),
    path(
        "signaleringen/instellingen/",
        signaleringen.instellingen,
        name="signaleringen-instellingen",
    ),
]
