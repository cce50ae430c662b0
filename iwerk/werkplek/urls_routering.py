"""Werkplek URLs of the team queues (issue 29, ADR 0059), added to iwerk/werkplek/urls.py: a
zaak to a team or the intake, one at a time from its page or in bulk from the werkvoorraad."""

from django.urls import path

from iwerk.werkplek.views import routering

urlpatterns: list = [
    path("zaken/<uuid:uuid>/team/", routering.team_kiezen, name="team-kiezen"),
    path("team/", routering.bulk_team, name="bulk-team"),
]
