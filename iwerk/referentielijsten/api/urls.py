from django.urls import path

from iwerk.core.api.docs import docs_urls
from iwerk.core.api.root import root_urls
from iwerk.referentielijsten.api import views

urlpatterns = [
    path("procestypen", views.procestype_collection),
    path("procestypen/<uuid:uuid>", views.procestype_detail),
    path("resultaten", views.resultaat_collection),
    path("resultaten/<uuid:uuid>", views.resultaat_detail),
    path("resultaattypeomschrijvingen", views.omschrijving_collection),
    path("resultaattypeomschrijvingen/<uuid:uuid>", views.omschrijving_detail),
    path("communicatiekanalen", views.kanaal_collection),
    path("communicatiekanalen/<uuid:uuid>", views.kanaal_detail),
    *docs_urls("iwerk.referentielijsten", "Referentielijsten API", "0.6.0"),
]
# GET /referentielijsten/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(views.API, urlpatterns)
