from django.urls import path

from iwerk.portaal import views

app_name = "portaal"

# Mounted last in iwerk/urls.py: /<gemeente-slug>/ answers only for an existing gemeente.
urlpatterns = [
    path("<slug:gemeente_slug>/", views.start, name="start"),
    path("<slug:gemeente_slug>/producten/<slug:product_slug>/", views.product, name="product"),
]
