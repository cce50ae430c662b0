from django.urls import path

from iwerk.catalogi.api import views as v
from iwerk.catalogi.api.children import VIEWS
from iwerk.core.api.docs import docs_urls
from iwerk.core.api.endpoint import route

API = v.API

urlpatterns = [
    path("catalogussen", route(API, get=v.catalogus_list, post=v.catalogus_create)),
    path(
        "catalogussen/<uuid:uuid>",
        route(API, get=v.catalogus_read, put=v.catalogus_update, patch=v.catalogus_update),
    ),
    path("zaaktypen", route(API, get=v.zaaktype_list, post=v.zaaktype_create)),
    path(
        "zaaktypen/<uuid:uuid>",
        route(
            API,
            get=v.zaaktype_read,
            put=v.zaaktype_update,
            patch=v.zaaktype_update,
            delete=v.zaaktype_delete,
        ),
    ),
    path("zaaktypen/<uuid:uuid>/publish", route(API, post=v.zaaktype_publish)),
    path("informatieobjecttypen", route(API, get=v.iot_list, post=v.iot_create)),
    path(
        "informatieobjecttypen/<uuid:uuid>",
        route(API, get=v.iot_read, put=v.iot_update, patch=v.iot_update, delete=v.iot_delete),
    ),
    path("informatieobjecttypen/<uuid:uuid>/publish", route(API, post=v.iot_publish)),
    path("besluittypen", route(API, get=v.besluittype_list, post=v.besluittype_create)),
    path(
        "besluittypen/<uuid:uuid>",
        route(
            API,
            get=v.besluittype_read,
            put=v.besluittype_update,
            patch=v.besluittype_update,
            delete=v.besluittype_delete,
        ),
    ),
    path("besluittypen/<uuid:uuid>/publish", route(API, post=v.besluittype_publish)),
    *[
        item
        for name, (collection, detail) in VIEWS.items()
        for item in (path(name, collection), path(f"{name}/<uuid:uuid>", detail))
    ],
    *docs_urls("iwerk.catalogi", "Catalogi API", "1.3.3"),
]
