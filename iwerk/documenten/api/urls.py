from django.urls import path

from iwerk.core.api.docs import docs_urls
from iwerk.documenten.api import views as v

urlpatterns = [
    path("enkelvoudiginformatieobjecten", v.document_collection),
    path("enkelvoudiginformatieobjecten/_zoek", v.document_search),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>", v.document_detail),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>/download", v.document_download_view),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>/lock", v.document_lock_view),
    path("enkelvoudiginformatieobjecten/<uuid:uuid>/unlock", v.document_unlock_view),
    path("enkelvoudiginformatieobjecten/<uuid:hoofd_uuid>/audittrail", v.audittrail_collection),
    path(
        "enkelvoudiginformatieobjecten/<uuid:hoofd_uuid>/audittrail/<uuid:uuid>",
        v.audittrail_detail,
    ),
    path("bestandsdelen/<uuid:uuid>", v.bestandsdeel_detail),
    path("gebruiksrechten", v.gebruiksrecht_collection),
    path("gebruiksrechten/<uuid:uuid>", v.gebruiksrecht_detail),
    path("objectinformatieobjecten", v.oio_collection),
    path("objectinformatieobjecten/<uuid:uuid>", v.oio_detail),
    path("verzendingen", v.verzending_collection),
    path("verzendingen/<uuid:uuid>", v.verzending_detail),
    *docs_urls("iwerk.documenten", "Documenten API", "1.7.0"),
]
