from django.urls import path

from iwerk.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.portfolio, name="overzicht"),
    path("importeren/", views.importeren, name="importeren"),
    path("pakketoverzicht.<str:formaat>", views.export, name="export"),
    path("kosten.<str:formaat>", views.kosten_export, name="kosten"),
    path("applicaties/<int:pk>/", views.applicatie, name="applicatie"),
    path(
        "applicaties/<int:pk>/migratie/<int:gebruik_pk>/",
        views.migratierapport,
        name="migratierapport",
    ),
    path(
        "applicaties/<int:pk>/migratie/<int:gebruik_pk>/rapport.json",
        views.migratierapport_json,
        name="migratierapport_json",
    ),
]
