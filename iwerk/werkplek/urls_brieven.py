"""Letters from templates (issue 29, ADR 0058): preview a template's letter for a zaak and save
it as a document of the zaak."""

from django.urls import path

from iwerk.werkplek.views import brieven

urlpatterns = [
    path("zaken/<uuid:uuid>/brieven/nieuw/", brieven.brief, name="brief"),
]
