from django.urls import path

from iwerk.besluiten.api import views as v
from iwerk.core.api.docs import docs_urls
from iwerk.core.api.root import root_urls

urlpatterns = [
    path("besluiten", v.besluit_collection),
    path("besluiten/<uuid:uuid>", v.besluit_detail),
    path("besluiten/<uuid:hoofd_uuid>/audittrail", v.audittrail_collection),
    path("besluiten/<uuid:hoofd_uuid>/audittrail/<uuid:uuid>", v.audittrail_detail),
    path("besluitinformatieobjecten", v.bio_collection),
    path("besluitinformatieobjecten/<uuid:uuid>", v.bio_detail),
    *docs_urls("iwerk.besluiten", "Besluiten API", "1.1.0"),
]
# GET /besluiten/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(v.API, urlpatterns)
