from django.urls import path

from iwerk.incidenten import views

app_name = "incidenten"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("melden/", views.melden, name="melden"),
    path("rapportage/", views.rapportage, name="rapportage"),
    path("<uuid:uuid>/", views.detail, name="incident"),
    path(
        "<uuid:uuid>/ap/<slug:gemeente_slug>.<str:formaat>",
        views.ap_export,
        name="ap-export",
    ),
    path("<uuid:uuid>/<str:naam>/", views.actie, name="actie"),
]
