from django.urls import path

from iwerk.portaal import testidp
from iwerk.portaal.views import aanbod, aanvragen, inloggen, mijn_gegevens, mijn_zaken

app_name = "portaal"

# Mounted before the portaal pages: the OIDC return address is one for all gemeenten, and the
# test identity provider answers only in demo mode (404 otherwise).
vaste_urls = [
    path("portaal/oidc/terug/", inloggen.terug, name="oidc-terug"),
    path("testidp/.well-known/openid-configuration", testidp.configuratie),
    path("testidp/authorize", testidp.authorize, name="testidp-authorize"),
    path("testidp/token", testidp.token),
    path("testidp/jwks", testidp.jwks),
]

# Mounted last in iwerk/urls.py: /<gemeente-slug>/ answers only for an existing gemeente.
G = "<slug:gemeente_slug>/"
urlpatterns = [
    path(G, aanbod.start, name="start"),
    path(G + "producten/<slug:product_slug>/", aanbod.product, name="product"),
    path(G + "producten/<slug:product_slug>/aanvragen/", aanvragen.starten, name="aanvragen"),
    path(G + "aanvragen/<uuid:uuid>/voor-wie/", aanvragen.voor_wie, name="voor-wie"),
    path(G + "aanvragen/<uuid:uuid>/stap/<int:nummer>/", aanvragen.stap, name="stap"),
    path(G + "aanvragen/<uuid:uuid>/controleren/", aanvragen.controleren, name="controleren"),
    path(G + "aanvragen/<uuid:uuid>/verzonden/", aanvragen.verzonden, name="verzonden"),
    path(
        G + "aanvragen/<uuid:uuid>/ontvangstbewijs.pdf",
        aanvragen.ontvangstbewijs,
        name="ontvangstbewijs",
    ),
    path(G + "aanvragen/<uuid:uuid>/verwijderen/", aanvragen.verwijderen, name="verwijderen"),
    path(G + "inloggen/", inloggen.kiezen, name="inloggen"),
    path(G + "inloggen/<slug:middel>/", inloggen.starten, name="inloggen-starten"),
    path(G + "uitloggen/", inloggen.uitloggen, name="uitloggen"),
    path(G + "mijn-zaken/", mijn_zaken.overzicht, name="mijn-zaken"),
    path(G + "mijn-gegevens/", mijn_gegevens.mijn_gegevens, name="mijn-gegevens"),
    path(G + "mijn-zaken/<uuid:uuid>/", mijn_zaken.zaak, name="mijn-zaak"),
    path(
        G + "mijn-zaken/<uuid:uuid>/documenten/<uuid:document_uuid>/",
        mijn_zaken.document,
        name="mijn-document",
    ),
    path(
        G + "mijn-zaken/<uuid:uuid>/besluiten/<uuid:besluit_uuid>.pdf",
        mijn_zaken.besluit,
        name="mijn-besluit",
    ),
]
