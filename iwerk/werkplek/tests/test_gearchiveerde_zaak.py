"""A zaak transferred to the archive repository (or archived) is not reopened in the werkplek: the
page says where the file is and offers no Heropenen, and the service refuses it."""

from __future__ import annotations

import pytest

from iwerk.core.api.problems import Conflict
from iwerk.core.testing import catalogus as build
from iwerk.core.testing.archief import afgesloten_zaak, zaaktype_met_besluit
from iwerk.core.testing.medewerkers import medewerker, sign_in
from iwerk.core.testing.zaken import ALLES
from iwerk.medewerkers.roles import Rol
from iwerk.zaken.models import Zaak
from iwerk.zaken.services.afhandeling import reopen_zaak

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("document_storage")]


def test_a_transferred_zaak_is_not_reopened(gemeenten):
    deventer = gemeenten["deventer"]
    kap = zaaktype_met_besluit(build.catalogus(deventer), "KAP")
    medewerker(deventer, "leider", Rol.teamleider, maximum="geheim")
    open_te_maken = afgesloten_zaak(kap, documenten=0, archiefnominatie="blijvend_bewaren")
    overgedragen = afgesloten_zaak(kap, documenten=0, archiefnominatie="blijvend_bewaren")
    Zaak.objects.filter(pk=overgedragen.pk).update(archiefstatus="overgedragen")
    overgedragen.refresh_from_db()
    client = sign_in("leider")

    page = client.get(f"/werkplek/zaken/{overgedragen.uuid}/").content.decode()
    assert "Overgedragen aan de archiefbewaarplaats; blijvend te bewaren" in page
    assert "<summary>Heropenen</summary>" not in page
    assert (
        "<summary>Heropenen</summary>"
        in client.get(f"/werkplek/zaken/{open_te_maken.uuid}/").content.decode()
    )

    with pytest.raises(Conflict, match="overgedragen aan de archiefbewaarplaats"):
        reopen_zaak(actor=ALLES, zaak=overgedragen, reden="Vergissing")
    overgedragen.refresh_from_db()
    assert overgedragen.einddatum is not None and overgedragen.archiefstatus == "overgedragen"
    reopen_zaak(actor=ALLES, zaak=open_te_maken, reden="Nieuwe feiten")
    open_te_maken.refresh_from_db()
    assert open_te_maken.einddatum is None
