from django.urls import path

from iwerk.autorisaties.api import views as v
from iwerk.core.api.docs import docs_urls
from iwerk.core.api.endpoint import route
from iwerk.core.api.root import root_urls

urlpatterns = [
    path("applicaties", route(v.API, get=v.applicatie_list, post=v.applicatie_create)),
    path("applicaties/consumer", route(v.API, get=v.applicatie_consumer)),
    path(
        "applicaties/<uuid:uuid>",
        route(
            v.API,
            get=v.applicatie_read,
            put=v.applicatie_update,
            patch=v.applicatie_update,
            delete=v.applicatie_delete,
        ),
    ),
    *docs_urls("iwerk.autorisaties", "Autorisaties API", "1.1.0"),
]
# GET /autorisaties/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(v.API, urlpatterns)
