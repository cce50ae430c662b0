from django.urls import path

from iwerk.catalogi.api.children import VIEWS
from iwerk.catalogi.api.views import catalogussen as c
from iwerk.catalogi.api.views import types as t
from iwerk.catalogi.api.views import zaaktypen as z
from iwerk.catalogi.api.views.common import API
from iwerk.core.api.docs import docs_urls
from iwerk.core.api.endpoint import route
from iwerk.core.api.root import root_urls

urlpatterns = [
    path("catalogussen", route(API, get=c.catalogus_list, post=c.catalogus_create)),
    path(
        "catalogussen/<uuid:uuid>",
        route(API, get=c.catalogus_read, put=c.catalogus_update, patch=c.catalogus_update),
    ),
    path("zaaktypen", route(API, get=z.zaaktype_list, post=z.zaaktype_create)),
    path(
        "zaaktypen/<uuid:uuid>",
        route(
            API,
            get=z.zaaktype_read,
            put=z.zaaktype_update,
            patch=z.zaaktype_update,
            delete=z.zaaktype_delete,
        ),
    ),
    path("zaaktypen/<uuid:uuid>/publish", route(API, post=z.zaaktype_publish)),
    path("informatieobjecttypen", route(API, get=t.iot_list, post=t.iot_create)),
    path(
        "informatieobjecttypen/<uuid:uuid>",
        route(API, get=t.iot_read, put=t.iot_update, patch=t.iot_update, delete=t.iot_delete),
    ),
    path("informatieobjecttypen/<uuid:uuid>/publish", route(API, post=t.iot_publish)),
    path("besluittypen", route(API, get=t.besluittype_list, post=t.besluittype_create)),
    path(
        "besluittypen/<uuid:uuid>",
        route(
            API,
            get=t.besluittype_read,
            put=t.besluittype_update,
            patch=t.besluittype_update,
            delete=t.besluittype_delete,
        ),
    ),
    path("besluittypen/<uuid:uuid>/publish", route(API, post=t.besluittype_publish)),
    *[
        item
        for name, (collection, detail) in VIEWS.items()
        for item in (path(name, collection), path(f"{name}/<uuid:uuid>", detail))
    ],
    *docs_urls("iwerk.catalogi", "Catalogi API", "1.3.3"),
]
# GET /catalogi/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(API, urlpatterns)
