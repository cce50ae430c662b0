"""The `<component>.migreren` scopes (ADR 0063): accepted like every scope, granted only on
purpose (never as part of "all scopes"), and beheer warns that such an applicatie writes
silently. Their effect on writes is tested in iwerk/migratie/tests/test_api_migreren.py."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from iwerk.autorisaties.models import Applicatie, Autorisatie, CatalogusAutorisatie
from iwerk.autorisaties.scopes import MIGREREN, SCOPES, migration_mixed_with_writes
from iwerk.core.testing import catalogus as build

pytestmark = pytest.mark.django_db
AC = "http://testserver/autorisaties/api/v1"
SECRET = "een-geheim-van-minstens-32-bytes-lang"


def _scopes(client_id: str) -> dict[str, set[str]]:
    applicatie = Applicatie.objects.get(clients__client_id=client_id)
    rows = [*Autorisatie.objects.filter(applicatie=applicatie)]
    rows += [*CatalogusAutorisatie.objects.filter(applicatie=applicatie)]
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.component, set()).update(row.scopes)
    return found


def test_every_component_checks_its_migreren_scope():
    for component, scope in MIGREREN.items():
        assert scope in SCOPES[component]


def test_create_applicatie_grants_migreren_only_when_asked(catalogus):
    gemeente = catalogus.tenant.slug
    call_command("create-applicatie", "--client-id", "gewoon", "--gemeente", gemeente,
                 "--secret", SECRET)  # fmt: skip
    gewoon = _scopes("gewoon")
    assert "zaken.aanmaken" in gewoon["zrc"]
    assert not any(s.endswith(".migreren") for scopes in gewoon.values() for s in scopes)

    call_command("create-applicatie", "--client-id", "tool", "--gemeente", gemeente,
                 "--secret", SECRET, "--migreren")  # fmt: skip
    tool = _scopes("tool")
    assert {component: MIGREREN[component] in tool[component] for component in MIGREREN} == {
        "zrc": True,
        "drc": True,
        "brc": True,
        "ztc": True,
    }
    assert "migreren" not in " ".join(tool["nrc"])


def test_migreren_goes_with_a_gemeente_not_with_everything(db):
    with pytest.raises(CommandError, match="--migreren"):
        call_command("create-applicatie", "--client-id", "x", "--alle-autorisaties",
                     "--migreren", "--secret", SECRET)  # fmt: skip


@pytest.mark.parametrize(("component", "scope"), sorted(MIGREREN.items()))
def test_the_autorisaties_api_stores_a_migreren_scope(superuser_client, component, scope):
    autorisatie = {"component": component, "scopes": [scope]}
    if component != "ztc":
        field = {"zrc": "zaaktype", "drc": "informatieobjecttype", "brc": "besluittype"}[component]
        autorisatie[field] = f"http://testserver/catalogi/api/v1/{field}n/x"
    if component in ("zrc", "drc"):
        autorisatie["maxVertrouwelijkheidaanduiding"] = "openbaar"
    response = superuser_client.post(
        f"{AC}/applicaties", {"clientIds": ["m"], "label": "m", "autorisaties": [autorisatie]}
    )
    assert response.status_code == 201, response.content
    assert response.json()["autorisaties"][0]["scopes"] == [scope]


def test_mixed_with_writes_names_the_write_scopes_next_to_migreren():
    assert migration_mixed_with_writes("zrc", ["zaken.lezen", "zaken.aanmaken"]) == []
    assert migration_mixed_with_writes("zrc", ["zaken.lezen", "zaken.migreren"]) == []
    assert migration_mixed_with_writes(
        "zrc", ["zaken.lezen", "audittrails.lezen", "zaken.migreren", "zaken.aanmaken"]
    ) == ["zaken.aanmaken"]
    assert migration_mixed_with_writes("ac", ["autorisaties.bijwerken"]) == []


def test_beheer_warns_that_a_migreren_applicatie_writes_silently(client, django_user_model):
    from iwerk.core.testing.beheer import verified_client

    gemeente = build.gemeente()
    catalogus = build.catalogus(gemeente)
    user = django_user_model.objects.create_superuser("b", "b@example.nl", "een-lang-wachtwoord-26")
    beheerder = verified_client(client, user)

    def opslaan(label: str, scopes: str) -> str:
        data = {"label": label, "clients-TOTAL_FORMS": "1", "clients-INITIAL_FORMS": "0"}
        data |= {"clients-0-client_id": label.lower(), "gemeenten": [gemeente.pk]}
        data |= {"autorisaties-TOTAL_FORMS": "0", "autorisaties-INITIAL_FORMS": "0"}
        data |= {"catalogus_autorisaties-TOTAL_FORMS": "1"}
        data |= {"catalogus_autorisaties-INITIAL_FORMS": "0"}
        data |= {
            "catalogus_autorisaties-0-catalogus": catalogus.pk,
            "catalogus_autorisaties-0-component": "zrc",
            "catalogus_autorisaties-0-scopes": scopes,
            "catalogus_autorisaties-0-max_vertrouwelijkheidaanduiding": "geheim",
        }
        response = beheerder.post("/admin/autorisaties/applicatie/add/", data, follow=True)
        page = response.content.decode()
        assert Applicatie.objects.filter(label=label).exists(), page[:3000]
        return page

    page = opslaan("Migratietool", '["zaken.lezen", "zaken.aanmaken", "zaken.migreren"]')
    assert "zaken.migreren naast zaken.aanmaken" in page
    assert "er gaan geen notificaties, berichten, routering, taken of signaleringen uit" in page
    assert "niet gecontroleerd" not in page  # a scope the Zaken API checks
    assert "migreren" not in opslaan("Zaaksysteem", '["zaken.lezen", "zaken.aanmaken"]')
