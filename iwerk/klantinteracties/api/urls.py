from django.urls import path

from iwerk.core.api.docs import docs_urls
from iwerk.core.api.root import root_urls
from iwerk.klantinteracties.api.bron import API, routes
from iwerk.klantinteracties.api.bronnen import alle, extra_urls

# A module's own routes first (onderwerpobjecten: its DELETE reads ?cascade).
urlpatterns = extra_urls()
for _bron, _resource in alle():
    _collectie, _detail = routes(_bron)
    urlpatterns += [
        path(_bron.naam, _collectie),
        path(f"{_bron.naam}/<uuid:uuid>", _detail),
    ]
urlpatterns += docs_urls("iwerk.klantinteracties", "Klantinteracties API", "0.9.0")
# GET /klantinteracties/api/v1/: the links to the collections above (ADR 0043).
urlpatterns += root_urls(API, urlpatterns)
