"""The message to the aanvrager from a template on the zaak page (ADR 0062): "Tekst uit sjabloon"
lists the message templates (and "Brief maken" does not), "Tekst invullen" shows the message form
with the filled-in text, sending checks it against the template version and goes through
berichten.services.gesprek; another gemeente's template is not found."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from iwerk.berichten.models import Bericht, Gebeurtenis
from iwerk.berichten.selectors import AAN_AANVRAGER
from iwerk.core.testing.medewerkers import sign_in
from iwerk.klantinteracties.models import Klantcontact
from iwerk.medewerkers.actor import context_for
from iwerk.sjablonen.selectors.sjablonen import huidige_versie
from iwerk.sjablonen.selectors.waarden import zaakwaarden
from iwerk.sjablonen.services import berichttekst
from iwerk.sjablonen.services.sjablonen import maak_sjabloon
from iwerk.sjablonen.tests import wereld as briefwereld_bouw
from iwerk.werkplek.views import zaak_brieven
from iwerk.zaken.models import Zaak, ZaakNotitie

pytestmark = pytest.mark.django_db


@pytest.fixture
def wereld(gemeenten, werkplek_settings):
    briefwereld = briefwereld_bouw.maak(gemeenten)
    alles, vast = briefwereld_bouw.maak_berichtsjablonen(briefwereld)
    return briefwereld, alles, vast


def _zaak_url(zaak) -> str:
    return f"/werkplek/zaken/{zaak.uuid}/"


def _invullen(client: Client, zaak, sjabloon):
    return client.get(_zaak_url(zaak) + "berichten/sjabloon/", {"sjabloon": str(sjabloon.uuid)})


def _select(pagina: str, naam: str) -> list[str]:
    """The option texts of the select with that id."""
    blok = re.search(rf'<select id="{naam}"[^>]*>(.*?)</select>', pagina, re.S)
    assert blok, naam
    return [t.strip() for t in re.findall(r"<option[^>]*>(.*?)</option>", blok.group(1))]


def _textarea(pagina: str) -> str:
    """The text of the page's textarea, as the browser posts it back."""
    return html.unescape(re.search(r"<textarea[^>]*>\n?(.*?)</textarea>", pagina, re.S).group(1))


def _versturen(client: Client, zaak, pagina: str, **gegevens):
    token = re.search(r'name="formtoken" value="([^"]+)"', pagina).group(1)
    return client.post(_zaak_url(zaak) + "berichten/", {"formtoken": token, **gegevens})


def _niets_verstuurd() -> bool:
    return (
        not ZaakNotitie.objects.filter(notitie_type="extern").exists()
        and not Klantcontact.objects.exists()
        and not Bericht.objects.filter(gebeurtenis=Gebeurtenis.bericht).exists()
    )


def test_the_message_form_lists_the_message_templates_and_brief_maken_does_not(wereld):
    briefwereld, _, _ = wereld
    pagina = sign_in("jdevries").get(_zaak_url(briefwereld.zaak)).content.decode()
    assert _select(pagina, "bericht-sjabloon") == ["Aanvraag compleet", "Bericht met alle velden"]
    assert _select(pagina, "brief-sjabloon") == [
        "Besluitbrief kapvergunning (besluitbrief)",
        "Uitnodiging gesprek (uitnodiging)",
    ]
    assert ">Tekst invullen</button>" in pagina


def test_a_message_template_is_no_letter_on_the_letter_page(wereld):
    briefwereld, _, vast = wereld
    client = sign_in("jdevries")
    response = client.get(
        _zaak_url(briefwereld.zaak) + "brieven/nieuw/", {"sjabloon": str(vast.uuid)}
    )
    assert response.status_code == 404
    # … nor a letter template on the message page.
    assert _invullen(client, briefwereld.zaak, briefwereld.uitnodiging).status_code == 404


def test_filling_in_renders_every_field_and_sending_makes_the_extern_notitie_and_bericht(wereld):
    briefwereld, alles, _ = wereld
    zaak = briefwereld.zaak
    client = sign_in("jdevries")
    response = _invullen(client, zaak, alles)
    pagina = response.content.decode()
    assert response.status_code == 200
    tekst = _textarea(pagina)
    assert tekst.startswith("Geachte heer/mevrouw Jansen,")
    for waarde in (
        zaak.identificatie,
        briefwereld.besluit.identificatie,
        "25 november 2031",
        "Walstraat 3",
        "7411 GK  DEVENTER",
        "Jan de Vries",
        "https://www.deventer.example.nl",
    ):
        assert waarde in tekst, waarde
    assert "{{" not in pagina and "readonly" not in pagina
    versie = huidige_versie(alles)
    assert f'name="versie" value="{versie.pk}"' in pagina

    eigen = tekst + "\n\nTot ziens."
    response = _versturen(client, zaak, pagina, versie=str(versie.pk), tekst=eigen)

    assert response.status_code == 302 and response["Location"].endswith("#berichten")
    notitie = ZaakNotitie.objects.get(gerelateerd_aan=zaak, notitie_type="extern")
    assert notitie.onderwerp == AAN_AANVRAGER
    assert notitie.tekst.startswith("Geachte heer/mevrouw Jansen,")
    assert notitie.tekst.endswith("Tot ziens.")
    assert Klantcontact.objects.get().inhoud == notitie.tekst
    (bericht,) = Bericht.objects.filter(gebeurtenis=Gebeurtenis.bericht)
    assert "Tot ziens" not in bericht.tekst  # a pointer to Mijn zaken, never the text


def test_a_changed_text_of_a_fixed_template_is_refused_and_its_own_text_is_sent(wereld):
    briefwereld, _, vast = wereld
    zaak = briefwereld.zaak
    client = sign_in("jdevries")
    pagina = _invullen(client, zaak, vast).content.decode()
    assert "readonly" in pagina and "kan niet worden aangepast" in pagina
    tekst = _textarea(pagina)
    versie = str(huidige_versie(vast).pk)

    response = _versturen(client, zaak, pagina, versie=versie, tekst=tekst + " Of niet.")
    assert response.status_code == 400
    assert "De tekst uit sjabloon ‘Aanvraag compleet’ mag niet worden aangepast." in (
        response.content.decode()
    )
    assert _niets_verstuurd()

    response = _versturen(client, zaak, pagina, versie=versie, tekst=tekst.replace("\n", "\r\n"))
    assert response.status_code == 302
    notitie = ZaakNotitie.objects.get(gerelateerd_aan=zaak, notitie_type="extern")
    assert notitie.tekst == tekst
    assert Bericht.objects.filter(gebeurtenis=Gebeurtenis.bericht).count() == 1


def test_a_template_of_another_gemeente_is_not_found_and_not_accepted(wereld):
    briefwereld, _, _ = wereld
    raalte = maak_sjabloon(
        gemeente=briefwereld.gemeenten["raalte"],
        naam="Raalte",
        soort="email",
        bewerkbaar=False,
        onderwerp="O",
        tekst="{{ aanvrager.aanhef }},",
    )
    client = sign_in("jdevries")
    assert _invullen(client, briefwereld.zaak, raalte).status_code == 404
    pagina = client.get(_zaak_url(briefwereld.zaak)).content.decode()
    response = _versturen(
        client,
        briefwereld.zaak,
        pagina,
        versie=str(huidige_versie(raalte).pk),
        tekst="Geachte heer/mevrouw Jansen,",
    )
    assert response.status_code == 400
    assert "Dit sjabloon is niet (meer) beschikbaar." in response.content.decode()
    assert _niets_verstuurd()
    # Raalte's handler on Raalte's own zaak: Deventer's templates are not found either.
    _, _, vast = wereld
    assert _invullen(sign_in("rmeijer"), briefwereld.raalte_zaak, vast).status_code == 404


def test_who_may_not_handle_the_zaak_cannot_fill_in(wereld):
    briefwereld, _, vast = wereld
    fg = sign_in("fg")
    fg.post("/werkplek/gemeente/", {"gemeente": briefwereld.gemeenten["deventer"].pk})
    assert _invullen(fg, briefwereld.zaak, vast).status_code == 403
    assert _invullen(sign_in("rmeijer"), briefwereld.zaak, vast).status_code == 404
    assert _invullen(sign_in("jdevries"), briefwereld.zaak, vast).status_code == 200


def test_a_text_that_cannot_be_filled_in_is_a_dutch_message(wereld, monkeypatch):
    briefwereld, _, vast = wereld

    def zonder_einddatum(*args, **kwargs):
        waarden = zaakwaarden(*args, **kwargs)
        del waarden["zaak"]["uiterlijke_einddatum"]
        return waarden

    monkeypatch.setattr(berichttekst, "zaakwaarden", zonder_einddatum)
    response = _invullen(sign_in("jdevries"), briefwereld.zaak, vast)
    pagina = response.content.decode()
    assert response.status_code == 200
    assert "kon niet met de gegevens van deze zaak worden gevuld" in pagina
    assert "<textarea" not in pagina


def test_the_template_lists_cost_no_extra_query_on_the_zaak_page(wereld, django_assert_num_queries):
    briefwereld, _, _ = wereld
    request = RequestFactory().get(_zaak_url(briefwereld.zaak))
    request.werkplek = context_for(briefwereld.behandelaar, briefwereld.gemeenten["deventer"].pk)
    zaak = Zaak.objects.select_related("zaaktype__catalogus").get(pk=briefwereld.zaak.pk)
    with django_assert_num_queries(2):  # the letters, the templates (both kinds in one)
        context = zaak_brieven.paginacontext(request, zaak)
    assert [s.naam for s in context["brief_sjablonen"]] == [
        "Besluitbrief kapvergunning",
        "Uitnodiging gesprek",
    ]
    assert [s.naam for s in context["bericht_sjablonen"]] == [
        "Aanvraag compleet",
        "Bericht met alle velden",
    ]


def _berichtformulier(pagina: str) -> str:
    """The zaak page's form that sends the message."""
    return re.search(r'<form method="post" action="[^"]*/berichten/".*?</form>', pagina, re.S)[0]


def test_the_text_of_a_template_has_room_and_a_fixed_one_looks_and_says_read_only(wereld):
    briefwereld, alles, vast = wereld
    zaak = briefwereld.zaak
    client = sign_in("jdevries")
    textarea = re.compile(r"<textarea[^>]*>")

    (veld,) = textarea.findall(_invullen(client, zaak, alles).content.decode())
    assert 'rows="15"' in veld and "readonly" not in veld and "aria-describedby" not in veld

    pagina = _invullen(client, zaak, vast).content.decode()
    (veld,) = textarea.findall(pagina)
    assert 'rows="15"' in veld and "readonly" in veld
    assert 'aria-describedby="bericht-vast"' in veld
    assert re.search(r'id="bericht-vast"[^>]*>De tekst van dit sjabloon kan niet', pagina)
    css = (Path(__file__).parents[1] / "static" / "werkplek" / "werkplek.css").read_text()
    assert re.search(r"textarea\[readonly\] \{[^}]*background", css)

    # Refused (changed): the zaak page shows the form again, the text still read-only.
    versie = str(huidige_versie(vast).pk)
    response = _versturen(client, zaak, pagina, versie=versie, tekst=_textarea(pagina) + " X")
    assert response.status_code == 400
    (veld,) = textarea.findall(_berichtformulier(response.content.decode()))
    assert "readonly" in veld
    # A bewerkbaar template's text stays editable after a refusal (here: too long).
    versie = str(huidige_versie(alles).pk)
    response = _versturen(client, zaak, pagina, versie=versie, tekst="x" * 4001)
    assert response.status_code == 400
    (veld,) = textarea.findall(_berichtformulier(response.content.decode()))
    assert "readonly" not in veld
