from django.urls import path

from iwerk.core.api.docs import docs_urls
from iwerk.core.api.root import root_urls
from iwerk.zaken.api.views import (
    klantcontacten,
    resultaten,
    rollen,
    statussen,
    zaakbesluiten,
    zaakeigenschappen,
    zaakinformatieobjecten,
    zaaknotities,
    zaakobjecten,
    zaken,
)
from iwerk.zaken.api.views.common import API

urlpatterns = [
    path("zaken", zaken.zaak_collection),
    path("zaken/_zoek", zaken.zaak_search),
    path("zaken/<uuid:uuid>", zaken.zaak_detail),
    path("zaken/<uuid:hoofd_uuid>/audittrail", zaken.audittrail_collection),
    path("zaken/<uuid:zaak_uuid>/zaakeigenschappen", zaakeigenschappen.zaakeigenschap_collection),
    path(
        "zaken/<uuid:zaak_uuid>/zaakeigenschappen/<uuid:uuid>",
        zaakeigenschappen.zaakeigenschap_detail,
    ),
    path("zaaknummer_reserveren", zaken.reserveren),
    path("zaken/<uuid:zaak_uuid>/besluiten", zaakbesluiten.zaakbesluit_collection),
    path("zaken/<uuid:zaak_uuid>/besluiten/<uuid:uuid>", zaakbesluiten.zaakbesluit_detail),
    path("zaken/<uuid:hoofd_uuid>/audittrail/<uuid:uuid>", zaken.audittrail_detail),
    path("statussen", statussen.status_collection),
    path("statussen/<uuid:uuid>", statussen.status_detail),
    path("rollen", rollen.rol_collection),
    path("rollen/<uuid:uuid>", rollen.rol_detail),
    path("klantcontacten", klantcontacten.klantcontact_collection),
    path("klantcontacten/<uuid:uuid>", klantcontacten.klantcontact_detail),
    path("zaakcontactmomenten", klantcontacten.zaakcontactmoment_collection),
    path("zaakcontactmomenten/<uuid:uuid>", klantcontacten.zaakcontactmoment_detail),
    path("zaakverzoeken", klantcontacten.zaakverzoek_collection),
    path("zaakverzoeken/<uuid:uuid>", klantcontacten.zaakverzoek_detail),
    path("zaakobjecten", zaakobjecten.zaakobject_collection),
    path("zaakobjecten/<uuid:uuid>", zaakobjecten.zaakobject_detail),
    path("zaaknotities", zaaknotities.notitie_collection),
    path("zaaknotities/<uuid:uuid>", zaaknotities.notitie_detail),
    path("zaakinformatieobjecten", zaakinformatieobjecten.zio_collection),
    path("zaakinformatieobjecten/<uuid:uuid>", zaakinformatieobjecten.zio_detail),
    path("resultaten", resultaten.resultaat_collection),
    path("resultaten/<uuid:uuid>", resultaten.resultaat_detail),
    *docs_urls("iwerk.zaken", "Zaken API", "1.7.0"),
]
# GET /zaken/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(API, urlpatterns)
