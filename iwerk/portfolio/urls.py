from django.urls import path

from iwerk.portfolio import views

app_name = "portfolio"
urlpatterns = [path("", views.portfolio, name="overzicht")]
