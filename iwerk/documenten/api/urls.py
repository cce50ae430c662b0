from django.urls import path

from iwerk.core.api.docs import docs_urls
from iwerk.core.api.root import root_urls
from iwerk.documenten.api.views import (
    bestandsdelen,
    gebruiksrechten,
    objectinformatieobjecten,
    verzendingen,
)
from iwerk.documenten.api.views import enkelvoudiginformatieobjecten as eio
from iwerk.documenten.api.views.common import API

urlpatterns = [
    path("enkelvoudiginformatieobjecten", eio.document_collection),
    path("enkelvoudiginformatieobjecten/_zoek", eio.document_search),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>", eio.document_detail),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>/download", eio.document_download_view),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>/lock", eio.document_lock_view),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>/unlock", eio.document_unlock_view),
    path("enkelvoudiginformatieobjecten/<uuid:hoofd_uuid>/audittrail", eio.audittrail_collection),
    path(
        "enkelvoudiginformatieobjecten/<uuid:hoofd_uuid>/audittrail/<uuid:uuid>",
        eio.audittrail_detail,
    ),
    path("bestandsdelen/<uuid:uuid>", bestandsdelen.bestandsdeel_detail),
    path("gebruiksrechten", gebruiksrechten.gebruiksrecht_collection),
    path("gebruiksrechten/<uuid:uuid>", gebruiksrechten.gebruiksrecht_detail),
    path("objectinformatieobjecten", objectinformatieobjecten.oio_collection),
    path("objectinformatieobjecten/<uuid:uuid>", objectinformatieobjecten.oio_detail),
    path("verzendingen", verzendingen.verzending_collection),
    path("verzendingen/<uuid:uuid>", verzendingen.verzending_detail),
    *docs_urls("iwerk.documenten", "Documenten API", "1.7.0"),
]
# GET /documenten/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(API, urlpatterns)
