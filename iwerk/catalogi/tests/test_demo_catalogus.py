"""The demo catalogue's document types: each states its own level, one level per name."""

import dataclasses

import pytest

from iwerk.catalogi.demo import DOCUMENTTYPEN, ZAAKTYPEN, _documenttypen


def test_a_document_name_given_two_levels_is_refused():
    """The first zaaktype loaded would silently decide for all (issue 23.1)."""
    parkeren = next(z for z in ZAAKTYPEN if z.identificatie == "PARKEERVERGUNNING")
    wmo_formulier = dataclasses.replace(
        parkeren, documenten=(("Aanvraagformulier", "Aanvraag", "inkomend", "zaakvertrouwelijk"),)
    )
    with pytest.raises(ValueError, match="Aanvraagformulier"):
        _documenttypen((*ZAAKTYPEN, wmo_formulier))


def test_permit_requests_have_their_own_zaakvertrouwelijk_application_form():
    for zaaktype in ZAAKTYPEN:
        if zaaktype.identificatie in ("PARKEERVERGUNNING", "EVENEMENT"):
            aanvraag = zaaktype.documenten[0][0]
            assert aanvraag != "Aanvraagformulier"
            assert DOCUMENTTYPEN[aanvraag] == ("Aanvraag", "zaakvertrouwelijk")
