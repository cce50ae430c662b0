"""The informatieobjecttypen rows of a published zaaktype in beheer (issue 23 walk-through)."""

import re

import pytest

from iwerk.core.testing import catalogus as build
from iwerk.core.testing.beheer import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "beheerder", "b@example.nl", "een-lang-wachtwoord-2026"
    )
    return verified_client(client, user)


def _ziot_rows(page: str) -> list[str]:
    group = page[page.index('id="zaaktypeinformatieobjecttypen-group"') :]
    group = group[: group.index("</fieldset>")]
    return re.findall(r'<tr class="form-row[^"]*"[^>]*>(.*?)</tr>', group, re.S)


def test_published_ziot_rows_show_the_informatieobjecttype_and_a_readable_label(
    beheerder, catalogus
):
    zaaktype = build.gepubliceerd_zaaktype(
        catalogus, documenttypen=("Aanvraag parkeervergunning", "Besluit parkeervergunning")
    )
    page = beheerder.get(f"/admin/catalogi/zaaktype/{zaaktype.pk}/change/").content.decode()
    rows = _ziot_rows(page)
    assert len(rows) == 2
    for row, (omschrijving, volgnummer) in zip(
        rows,
        (("Aanvraag parkeervergunning", 1), ("Besluit parkeervergunning", 2)),
        strict=True,
    ):
        assert "None" not in row
        assert not re.search(r"\d+: ", row), row
        assert f"{omschrijving} (volgnummer {volgnummer})" in row
        cells = re.findall(r'<td class="field-informatieobjecttype[^"]*">(.*?)</td>', row, re.S)
        assert [re.sub(r"</?p>", "", cell).strip() for cell in cells] == [omschrijving]
