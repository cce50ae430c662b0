from django.urls import path

from iwerk.sturing.views import dashboard, kosten

app_name = "sturing"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("zaken/", dashboard.zaken, name="zaken"),
    path("export/<slug:naam>.<str:formaat>", dashboard.export_tabel, name="export"),
    path("rapport/<str:maand>.pdf", dashboard.maandrapport, name="rapport"),
    path("kosten/", kosten.overzicht, name="kosten"),
    path("kosten/export/<slug:naam>.<str:formaat>", kosten.export_tabel, name="kosten-export"),
]
