from django.urls import path

from iwerk.core.api.docs import docs_urls
from iwerk.core.api.root import root_urls
from iwerk.notificaties.api import views as v

urlpatterns = [
    path("kanaal", v.kanaal_collection),
    path("kanaal/<uuid:uuid>", v.kanaal_detail),
    path("abonnement", v.abonnement_collection),
    path("abonnement/<uuid:uuid>", v.abonnement_detail),
    path("notificaties", v.notificaties),
    *docs_urls("iwerk.notificaties", "Notificaties API", "1.0.1"),
]
# GET /notificaties/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(v.API, urlpatterns)
