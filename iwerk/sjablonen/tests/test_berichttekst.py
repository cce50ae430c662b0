"""Message templates (soort email, ADR 0062): saved without a documenttype, listed apart from the
letters, filled in with every merge field, and checked when sent (a template that is not
bewerkbaar sends its own text; another gemeente's template or one out of reach is refused)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from iwerk.core.api.problems import ValidationFailed
from iwerk.core.testing import zaken as bouw
from iwerk.sjablonen.models import Sjabloon
from iwerk.sjablonen.selectors.sjablonen import (
    brieven_en_berichten,
    huidige_versie,
    sjablonen_voor_zaak,
    sjabloon_voor_zaak,
)
from iwerk.sjablonen.selectors.waarden import zaakwaarden
from iwerk.sjablonen.services import berichttekst, brieven
from iwerk.sjablonen.services.controle import controleer
from iwerk.sjablonen.services.sjablonen import maak_sjabloon, sjabloon_opslaan
from iwerk.sjablonen.tests.wereld import (
    BERICHT,
    JAN,
    VAST_BERICHT,
    actor,
    maak_berichtsjablonen,
)
from iwerk.sjablonen.velden import VELDEN

pytestmark = pytest.mark.django_db


def _redenen(fout) -> dict[str, str]:
    return {p.name: p.reason for p in fout.value.params}


def _vul(wereld, sjabloon, **extra):
    return berichttekst.berichttekst(
        actor=actor(wereld), zaak=wereld.zaak, sjabloon=sjabloon, behandelaar=JAN, **extra
    )


def _versturen(wereld, sjabloon, tekst: str, *, versie=None, door=None) -> str:
    return berichttekst.te_versturen(
        actor=door or actor(wereld),
        zaak=wereld.zaak,
        versie_id=(versie or huidige_versie(sjabloon)).pk,
        tekst=tekst,
        behandelaar=JAN,
    )


def test_a_message_template_is_saved_without_a_documenttype_and_a_given_one_is_cleared(
    briefwereld,
):
    deventer = briefwereld.gemeenten["deventer"]
    zonder = maak_sjabloon(
        gemeente=deventer, naam="Zonder", soort="email", onderwerp="O", tekst="Beste,"
    )
    met = maak_sjabloon(
        gemeente=deventer,
        naam="Met",
        soort="email",
        informatieobjecttype_omschrijving="Bestaat niet",  # ignored: no document
        onderwerp="O",
        tekst="Beste,",
    )
    assert Sjabloon.objects.get(pk=zonder.pk).informatieobjecttype_omschrijving == ""
    assert Sjabloon.objects.get(pk=met.pk).informatieobjecttype_omschrijving == ""
    assert zonder.get_soort_display() == "Bericht aan aanvrager"


def test_a_message_template_as_word_file_is_refused_in_dutch(briefwereld):
    with pytest.raises(ValidationFailed) as fout:
        maak_sjabloon(
            gemeente=briefwereld.gemeenten["deventer"],
            naam="Word",
            soort="email",
            ook_docx=True,
            onderwerp="O",
            tekst="Beste,",
        )
    assert _redenen(fout) == {
        "ook_docx": "Een bericht aan de aanvrager wordt geen document; zet ‘ook als "
        "Word-bestand’ uit."
    }
    assert not Sjabloon.objects.filter(naam="Word").exists()


def test_a_letter_template_still_needs_a_documenttype(briefwereld):
    with pytest.raises(ValidationFailed) as fout:
        maak_sjabloon(
            gemeente=briefwereld.gemeenten["deventer"],
            naam="Brief zonder type",
            soort="overig",
            onderwerp="O",
            tekst="Beste,",
        )
    assert _redenen(fout) == {
        "informatieobjecttype_omschrijving": "Kies het documenttype van de brief."
    }


def test_letters_and_messages_are_listed_apart_and_found_only_as_their_own_kind(briefwereld):
    alles, vast = maak_berichtsjablonen(briefwereld)
    zaak = briefwereld.zaak
    brieven_, berichten = brieven_en_berichten(sjablonen_voor_zaak(zaak))
    assert [s.naam for s in brieven_] == ["Besluitbrief kapvergunning", "Uitnodiging gesprek"]
    assert [s.naam for s in berichten] == ["Aanvraag compleet", "Bericht met alle velden"]
    assert sjabloon_voor_zaak(zaak, str(vast.uuid), bericht=True) == vast
    assert sjabloon_voor_zaak(zaak, str(vast.uuid)) is None  # not as a letter
    uitnodiging = str(briefwereld.uitnodiging.uuid)
    assert sjabloon_voor_zaak(zaak, uitnodiging, bericht=True) is None
    assert sjabloon_voor_zaak(zaak, uitnodiging) == briefwereld.uitnodiging


def test_filling_in_a_message_fills_every_merge_field(briefwereld):
    alles, _ = maak_berichtsjablonen(briefwereld)
    assert controleer(onderwerp="O", tekst=BERICHT).velden == {v.naam for v in VELDEN}

    gevuld = _vul(briefwereld, alles)

    waarden = zaakwaarden(
        briefwereld.zaak, behandelaar=JAN, besluit=briefwereld.besluit, vandaag=timezone.localdate()
    )
    verwacht = {
        v.naam: (
            waarden[v.naam]
            if "." not in v.naam
            else waarden[v.naam.split(".")[0]][v.naam.split(".")[1]]
        )
        for v in VELDEN
    }
    assert all(verwacht.values()), {k: v for k, v in verwacht.items() if not v}
    plat = " ".join(gevuld.tekst.split())
    assert not [naam for naam, waarde in verwacht.items() if " ".join(waarde.split()) not in plat]
    assert "{{" not in gevuld.tekst
    assert gevuld.tekst.startswith("Geachte heer/mevrouw Jansen,\n\nOver uw aanvraag")
    assert gevuld.versie == huidige_versie(alles)


def test_a_bewerkbaar_template_sends_the_handlers_text(briefwereld):
    alles, _ = maak_berichtsjablonen(briefwereld)
    assert _versturen(briefwereld, alles, "Mijn eigen tekst.") == "Mijn eigen tekst."


def test_a_template_that_is_not_bewerkbaar_sends_its_own_text_and_refuses_a_changed_one(
    briefwereld,
):
    _, vast = maak_berichtsjablonen(briefwereld)
    eigen = _vul(briefwereld, vast).tekst
    assert "Wij beslissen uiterlijk op" in eigen
    # As a browser posts it: Windows line ends, a trailing newline.
    assert _versturen(briefwereld, vast, eigen.replace("\n", "\r\n") + "\r\n") == eigen

    with pytest.raises(ValidationFailed) as fout:
        _versturen(briefwereld, vast, eigen + "\n\nEn nog iets.")
    assert _redenen(fout) == {
        "tekst": "De tekst uit sjabloon ‘Aanvraag compleet’ mag niet worden aangepast. Kies het "
        "sjabloon opnieuw en klik op ‘Tekst invullen’, of schrijf het bericht zelf."
    }


def test_a_fixed_text_from_an_older_version_is_refused(briefwereld):
    _, vast = maak_berichtsjablonen(briefwereld)
    oud = huidige_versie(vast)
    eigen = _vul(briefwereld, vast).tekst
    sjabloon_opslaan(sjabloon=vast, onderwerp="Aanvraag compleet", tekst=VAST_BERICHT + "\n\nDag.")
    with pytest.raises(ValidationFailed) as fout:
        _versturen(briefwereld, vast, eigen, versie=oud)
    assert _redenen(fout)["sjabloon"].startswith(
        "Sjabloon ‘Aanvraag compleet’ is intussen gewijzigd"
    )


def test_a_template_of_another_gemeente_is_refused(briefwereld):
    raalte = maak_sjabloon(
        gemeente=briefwereld.gemeenten["raalte"],
        naam="Raalte",
        soort="email",
        onderwerp="O",
        tekst="Beste {{ aanvrager.naam }},",
    )
    assert sjabloon_voor_zaak(briefwereld.zaak, str(raalte.uuid), bericht=True) is None
    with pytest.raises(ValidationFailed) as fout:
        _vul(briefwereld, raalte)
    assert _redenen(fout) == {"sjabloon": "Dit sjabloon is niet (meer) beschikbaar."}
    with pytest.raises(ValidationFailed) as fout:
        _versturen(briefwereld, raalte, "Beste,")
    assert _redenen(fout) == {"sjabloon": "Dit sjabloon is niet (meer) beschikbaar."}


def test_a_letter_template_is_no_message_and_a_message_template_no_letter(briefwereld):
    _, vast = maak_berichtsjablonen(briefwereld)
    with pytest.raises(ValidationFailed) as fout:
        _versturen(briefwereld, briefwereld.uitnodiging, "Beste,")
    assert "niet voor een bericht aan de aanvrager" in _redenen(fout)["sjabloon"]
    with pytest.raises(ValidationFailed) as fout:
        brieven.voorbeeld(zaak=briefwereld.zaak, sjabloon=vast, behandelaar=JAN)
    assert "niet voor een brief" in _redenen(fout)["sjabloon"]


def test_who_may_not_change_the_zaak_gets_no_text(briefwereld):
    _, vast = maak_berichtsjablonen(briefwereld)
    fg = actor(briefwereld, "fg")
    assert brieven.buiten_bereik(fg, briefwereld.zaak, vast).endswith(
        "u mag deze zaak niet bijwerken."
    )
    assert brieven.buiten_bereik(actor(briefwereld), briefwereld.zaak, vast) == ""
    with pytest.raises(ValidationFailed) as fout:
        berichttekst.berichttekst(actor=fg, zaak=briefwereld.zaak, sjabloon=vast, behandelaar=JAN)
    assert "u mag deze zaak niet bijwerken" in _redenen(fout)["sjabloon"]
    with pytest.raises(ValidationFailed):
        _versturen(briefwereld, vast, "Beste,", door=fg)


def test_a_message_naming_a_besluit_on_a_zaak_without_one_says_so_in_dutch(briefwereld):
    alles, _ = maak_berichtsjablonen(briefwereld)
    zonder = bouw.zaak(briefwereld.zaaktype, behandelaar=briefwereld.behandelaar)
    with pytest.raises(ValidationFailed) as fout:
        berichttekst.berichttekst(
            actor=actor(briefwereld), zaak=zonder, sjabloon=alles, behandelaar=JAN
        )
    assert _redenen(fout) == {
        "sjabloon": "De tekst uit sjabloon ‘Bericht met alle velden’ noemt het besluit, maar deze "
        "zaak heeft nog geen besluit. Leg het besluit eerst vast, of schrijf het bericht zelf."
    }


def test_a_field_without_a_value_is_a_dutch_error_not_a_server_error(briefwereld, monkeypatch):
    _, vast = maak_berichtsjablonen(briefwereld)

    def zonder_status(*args, **kwargs):
        waarden = zaakwaarden(*args, **kwargs)
        del waarden["zaak"]["uiterlijke_einddatum"]
        return waarden

    monkeypatch.setattr(berichttekst, "zaakwaarden", zonder_status)
    with pytest.raises(ValidationFailed) as fout:
        _vul(briefwereld, vast)
    assert _redenen(fout)["sjabloon"].startswith(
        "De tekst uit sjabloon ‘Aanvraag compleet’ kon niet met de gegevens van deze zaak worden "
        "gevuld."
    )
