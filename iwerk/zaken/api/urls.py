from django.urls import path

from iwerk.core.api.docs import docs_urls
from iwerk.zaken.api import views as v

urlpatterns = [
    path("zaken", v.zaak_collection),
    path("zaken/_zoek", v.zaak_search),
    path("zaken/<uuid:uuid>", v.zaak_detail),
    path("zaken/<uuid:hoofd_uuid>/audittrail", v.audittrail_collection),
    path("zaken/<uuid:zaak_uuid>/zaakeigenschappen", v.zaakeigenschap_collection),
    path("zaken/<uuid:zaak_uuid>/zaakeigenschappen/<uuid:uuid>", v.zaakeigenschap_detail),
    path("zaaknummer_reserveren", v.reserveren),
    path("zaken/<uuid:zaak_uuid>/besluiten", v.zaakbesluit_collection),
    path("zaken/<uuid:zaak_uuid>/besluiten/<uuid:uuid>", v.zaakbesluit_detail),
    path("zaken/<uuid:hoofd_uuid>/audittrail/<uuid:uuid>", v.audittrail_detail),
    path("statussen", v.status_collection),
    path("statussen/<uuid:uuid>", v.status_detail),
    path("rollen", v.rol_collection),
    path("rollen/<uuid:uuid>", v.rol_detail),
    path("klantcontacten", v.klantcontact_collection),
    path("klantcontacten/<uuid:uuid>", v.klantcontact_detail),
    path("zaakcontactmomenten", v.zaakcontactmoment_collection),
    path("zaakcontactmomenten/<uuid:uuid>", v.zaakcontactmoment_detail),
    path("zaakverzoeken", v.zaakverzoek_collection),
    path("zaakverzoeken/<uuid:uuid>", v.zaakverzoek_detail),
    path("zaakobjecten", v.zaakobject_collection),
    path("zaakobjecten/<uuid:uuid>", v.zaakobject_detail),
    path("zaaknotities", v.notitie_collection),
    path("zaaknotities/<uuid:uuid>", v.notitie_detail),
    path("zaakinformatieobjecten", v.zio_collection),
    path("zaakinformatieobjecten/<uuid:uuid>", v.zio_detail),
    path("resultaten", v.resultaat_collection),
    path("resultaten/<uuid:uuid>", v.resultaat_detail),
    *docs_urls("iwerk.zaken", "Zaken API", "1.7.0"),
]
