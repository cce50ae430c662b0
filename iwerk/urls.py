from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from iwerk.core import metrics
from iwerk.core import views as core_views
from iwerk.core.admin import BeheerSite
from iwerk.portaal.urls import vaste_urls as portaal_vaste_urls
from iwerk.werkplek.sso import urlpatterns as sso_urls

# The admin (functioneel beheer) asks for the TOTP code as well, like the werkplek, on the same
# page as the password (django-otp's OTPAdminSite with a one-step sign-in; ADR 0018).
admin.site.__class__ = BeheerSite

# Not found: in the look of the portaal, werkplek or API the address belongs to (issue 23).
handler404 = core_views.niet_gevonden

urlpatterns = [
    path("", core_views.start, name="start"),
    path("health", core_views.health, name="health"),
    path("ready", core_views.ready, name="ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", core_views.favicon),
    # Roles and teams moved from the werkplek to medewerkers (issue 24): old bookmarks follow.
    re_path(
        r"^admin/werkplek/(?P<rest>(?:roltoewijzing|team)/.*)$",
        RedirectView.as_view(url="/admin/medewerkers/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("werkplek/incidenten/", include("iwerk.incidenten.urls")),
    path("werkplek/portfolio/", include("iwerk.portfolio.urls")),
    path("werkplek/sturing/", include("iwerk.sturing.urls")),
    path("werkplek/", include("iwerk.werkplek.urls")),
    path("catalogi/api/v1/", include("iwerk.catalogi.api.urls")),
    path("autorisaties/api/v1/", include("iwerk.autorisaties.api.urls")),
    path("zaken/api/v1/", include("iwerk.zaken.api.urls")),
    path("documenten/api/v1/", include("iwerk.documenten.api.urls")),
    path("besluiten/api/v1/", include("iwerk.besluiten.api.urls")),
    path("notificaties/api/v1/", include("iwerk.notificaties.api.urls")),
    path("referentielijsten/api/v1/", include("iwerk.referentielijsten.api.urls")),
    path("klantinteracties/api/v1/", include("iwerk.klantinteracties.api.urls")),
]
urlpatterns += sso_urls
urlpatterns += portaal_vaste_urls
# Last: /<gemeente-slug>/ is each gemeente's portaal (only existing slugs answer).
urlpatterns.append(path("", include("iwerk.portaal.urls")))
