from django.urls import path, re_path

from iwerk.werkplek import (
    urls_brieven,
    urls_routering,
    urls_signaleringen,
    urls_taken,
    urls_werklast,
)
from iwerk.werkplek.views import (
    archief,
    archief_overbrenging,
    audit,
    auth,
    basisregistraties,
    documenten,
    intake,
    kcc,
    werkvoorraad,
    zaak,
    zaak_berichten,
)

app_name = "werkplek"

_zaak = "zaken/<uuid:uuid>/"
_document = _zaak + "documenten/<uuid:document_uuid>/"
_lijst = "archief/lijsten/<uuid:uuid>/"
_overbrenging = "archief/overbrengingen/<uuid:uuid>/"

urlpatterns = [
    path("", werkvoorraad.werkvoorraad, name="werkvoorraad"),
    path("inloggen/", auth.inloggen, name="inloggen"),
    path("inloggen/code/", auth.code, name="code"),
    path("inloggen/koppelen/", auth.koppelen, name="koppelen"),
    path("uitloggen/", auth.uitloggen, name="uitloggen"),
    path("gemeente/", auth.kies_gemeente, name="gemeente"),
    path("toewijzen/", werkvoorraad.bulk_toewijzen, name="bulk-toewijzen"),
    path("filters/", werkvoorraad.filter_opslaan, name="filter-opslaan"),
    path(
        "filters/<int:pk>/verwijderen/", werkvoorraad.filter_verwijderen, name="filter-verwijderen"
    ),
    path("zoeken/", werkvoorraad.zoeken, name="zoeken"),
    path("audit/", audit.audit, name="audit"),
    path("kcc/", kcc.zoeken, name="kcc"),
    path("kcc/partijen/<uuid:uuid>/", kcc.partij, name="kcc-partij"),
    path("kcc/klanten/<str:sleutel>/", kcc.klant, name="kcc-klant"),
    path("kcc/verzoeken/", kcc.verzoeken, name="kcc-verzoeken"),
    path("kcc/verzoeken/<uuid:uuid>/", kcc.verzoek, name="kcc-verzoek"),
    path("zaken/nieuw/", intake.intake, name="intake"),
    path(_zaak, zaak.zaak_detail, name="zaak"),
    path(_zaak + "toewijzen/", zaak.toewijzen, name="toewijzen"),
    path(_zaak + "status/", zaak.status_zetten, name="status"),
    path(_zaak + "afsluiten/", zaak.afsluiten, name="afsluiten"),
    path(_zaak + "heropenen/", zaak.heropenen, name="heropenen"),
    path(_zaak + "opschorten/", zaak.opschorten, name="opschorten"),
    path(_zaak + "hervatten/", zaak.hervatten, name="hervatten"),
    path(_zaak + "verlengen/", zaak.verlengen, name="verlengen"),
    path(_zaak + "besluiten/", zaak.besluit_vastleggen, name="besluit"),
    path(_zaak + "notities/", zaak.notitie_toevoegen, name="notitie"),
    path(_zaak + "berichten/", zaak_berichten.beantwoorden, name="bericht-beantwoorden"),
    path(
        _zaak + "berichten/sjabloon/",
        zaak_berichten.tekst_uit_sjabloon,
        name="bericht-uit-sjabloon",
    ),
    path(_zaak + "actueel/", basisregistraties.actuele_gegevens, name="actuele-gegevens"),
    path(_zaak + "documenten/", documenten.toevoegen, name="document-toevoegen"),
    path(_document, documenten.inhoud, name="document-inhoud"),
    path(_document + "vergrendelen/", documenten.vergrendelen, name="document-vergrendelen"),
    path(_document + "versie/", documenten.nieuwe_versie, name="document-versie"),
    path(_document + "vrijgeven/", documenten.vrijgeven, name="document-vrijgeven"),
    path("archief/", archief.overzicht, name="archief"),
    path("archief/lijsten/nieuw/", archief.nieuwe_lijst, name="archief-nieuwe-lijst"),
    path(_lijst, archief.lijst_detail, name="archief-lijst"),
    path(_lijst + "items/verwijderen/", archief.items_verwijderen, name="archief-verwijderen"),
    path(
        _lijst + "items/<int:item_id>/uitzonderen/",
        archief.uitzonderen,
        name="archief-uitzonderen",
    ),
    path(_lijst + "indienen/", archief.actie, {"naam": "indienen"}, name="archief-indienen"),
    path(_lijst + "afbreken/", archief.actie, {"naam": "afbreken"}, name="archief-afbreken"),
    path(_lijst + "goedkeuren/", archief.actie, {"naam": "goedkeuren"}, name="archief-goedkeuren"),
    path(
        _lijst + "wijzigingen/", archief.actie, {"naam": "wijzigingen"}, name="archief-wijzigingen"
    ),
    re_path(
        r"^archief/lijsten/(?P<uuid>[0-9a-f-]{36})/verklaring\.(?P<formaat>pdf|csv|json)$",
        archief.verklaring,
        name="archief-verklaring",
    ),
    path(
        "archief/overbrengingen/",
        archief_overbrenging.overbrengingen,
        name="archief-overbrengingen",
    ),
    path(_overbrenging, archief_overbrenging.overbrenging_detail, name="archief-overbrenging"),
    path(_overbrenging + "pakket/", archief_overbrenging.pakket, name="archief-pakket"),
    path(
        _overbrenging + "bevestigen/",
        archief_overbrenging.bevestigen,
        name="archief-bevestigen",
    ),
    path(
        _overbrenging + "afbreken/",
        archief_overbrenging.afbreken,
        name="archief-overbrenging-afbreken",
    ),
]
# Werk in goede banen (issue 29): routing and team queues, tasks and vier-ogen approvals,
# signals, letters from templates, the teamleider's workload view.
urlpatterns += (
    urls_routering.urlpatterns
    + urls_taken.urlpatterns
    + urls_signaleringen.urlpatterns
    + urls_brieven.urlpatterns
    + urls_werklast.urlpatterns
)
