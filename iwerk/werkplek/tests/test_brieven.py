"""Letters from templates in the werkplek: preview, edit when allowed, save as a document of the
zaak and open it; only for who handles the zaak, 404 for a zaak the user may not see."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import sign_in
from iwerk.medewerkers.actor import context_for
from iwerk.sjablonen.models import Brief
from iwerk.sjablonen.selectors.sjablonen import huidige_versie
from iwerk.sjablonen.services.sjablonen import sjabloon_opslaan
from iwerk.sjablonen.tests import wereld as briefwereld_bouw
from iwerk.sjablonen.tests.wereld import inhoud, maak_brief, pdf_tekst
from iwerk.werkplek.views import zaak_brieven
from iwerk.zaken.models import Zaak

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefwereld(gemeenten, werkplek_settings) -> briefwereld_bouw.Briefwereld:
    return briefwereld_bouw.maak(gemeenten)


def _zaak_url(wereld, zaak=None) -> str:
    return f"/werkplek/zaken/{(zaak or wereld.zaak).uuid}/"


def _brief_url(wereld, zaak=None) -> str:
    return _zaak_url(wereld, zaak) + "brieven/nieuw/"


def _formtoken(pagina: str) -> str:
    return re.search(r'name="formtoken" value="([^"]+)"', pagina).group(1)


def _in_gemeente(client: Client, gemeente) -> Client:
    client.post("/werkplek/gemeente/", {"gemeente": gemeente.pk})
    return client


def _opslaan(client: Client, wereld, sjabloon, **extra) -> tuple[str, object]:
    pagina = client.get(_brief_url(wereld), {"sjabloon": sjabloon.uuid}).content.decode()
    gegevens = {
        "formtoken": _formtoken(pagina),
        "sjabloon": str(sjabloon.uuid),
        "versie": str(huidige_versie(sjabloon).pk),
        **extra,
    }
    return pagina, client.post(_brief_url(wereld), gegevens)


def test_a_handler_makes_a_letter_with_an_edited_text_and_opens_it_from_the_zaak(briefwereld):
    client = sign_in("jdevries")
    zaakpagina = client.get(_zaak_url(briefwereld)).content.decode()
    assert 'id="brieven"' in zaakpagina and "Nog geen brieven uit sjablonen." in zaakpagina
    assert ">Besluitbrief kapvergunning (besluitbrief)<" in zaakpagina
    assert ">Uitnodiging gesprek (uitnodiging)<" in zaakpagina

    sjabloon = briefwereld.besluitbrief
    pagina = client.get(_brief_url(briefwereld), {"sjabloon": sjabloon.uuid}).content.decode()
    assert f"Besluit op uw aanvraag ({briefwereld.zaak.identificatie})" in pagina
    assert "Aan</dt><dd>Anna Jansen, Walstraat 3, 7411 GK  DEVENTER" in pagina
    assert f'<option value="{briefwereld.besluit.uuid}" selected>' in pagina
    assert "<textarea" in pagina and "Geachte heer/mevrouw Jansen," in pagina
    assert "{{" not in pagina

    response = client.post(
        _brief_url(briefwereld),
        {
            "formtoken": _formtoken(pagina),
            "sjabloon": str(sjabloon.uuid),
            "versie": str(huidige_versie(sjabloon).pk),
            "besluit": str(briefwereld.besluit.uuid),
            "tekst": "Geachte heer/mevrouw Jansen,\r\n\r\nUw vergunning is verleend.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _zaak_url(briefwereld) + "#brieven"
    brief = Brief.objects.get()
    assert brief.tekst_aangepast and brief.aangemaakt_door == "jdevries"

    zaakpagina = client.get(_zaak_url(briefwereld)).content.decode()
    assert "De brief is als document bij de zaak opgeslagen." in zaakpagina
    link = f"{_zaak_url(briefwereld)}documenten/{brief.informatieobject_uuid}/"
    assert f'href="{link}"' in zaakpagina  # in Brieven, and the document in Documenten
    assert f"{_zaak_url(briefwereld)}documenten/{brief.docx_uuid}/?download=1" in zaakpagina
    geopend = client.get(link)
    assert geopend.status_code == 200 and geopend["Content-Type"] == "application/pdf"
    tekst = pdf_tekst(b"".join(geopend.streaming_content))
    assert "Uw vergunning is verleend." in tekst and "Gemeente Deventer" in tekst


def test_the_text_of_a_template_that_is_not_editable_is_shown_read_only_and_not_taken(
    briefwereld,
):
    client = sign_in("jdevries")
    pagina, response = _opslaan(client, briefwereld, briefwereld.uitnodiging, tekst="Iets anders")
    assert "<textarea" not in pagina and "kan niet worden aangepast" in pagina
    assert "Graag nodigen wij u uit" in pagina
    assert response.status_code == 302
    brief = Brief.objects.get()
    assert not brief.tekst_aangepast
    assert "Graag nodigen wij u uit" in pdf_tekst(inhoud(brief.informatieobject_uuid))


def test_posting_the_same_form_twice_makes_one_letter(briefwereld):
    client = sign_in("jdevries")
    pagina = client.get(
        _brief_url(briefwereld), {"sjabloon": briefwereld.uitnodiging.uuid}
    ).content.decode()
    gegevens = {
        "formtoken": _formtoken(pagina),
        "sjabloon": str(briefwereld.uitnodiging.uuid),
        "versie": str(huidige_versie(briefwereld.uitnodiging).pk),
    }
    assert client.post(_brief_url(briefwereld), gegevens).status_code == 302
    assert client.post(_brief_url(briefwereld), gegevens).status_code == 302
    assert Brief.objects.count() == 1


def test_a_template_changed_since_the_preview_shows_the_new_letter_instead_of_saving(
    briefwereld,
):
    client = sign_in("jdevries")
    sjabloon = briefwereld.uitnodiging
    pagina = client.get(_brief_url(briefwereld), {"sjabloon": sjabloon.uuid}).content.decode()
    oud = huidige_versie(sjabloon).pk
    sjabloon_opslaan(sjabloon=sjabloon, onderwerp="Uitnodiging", tekst="Kom op 1 mei langs.")
    response = client.post(
        _brief_url(briefwereld),
        {"formtoken": _formtoken(pagina), "sjabloon": str(sjabloon.uuid), "versie": str(oud)},
    )
    assert response.status_code == 409
    assert "Het sjabloon is intussen gewijzigd" in response.content.decode()
    assert "Kom op 1 mei langs." in response.content.decode()
    assert not Brief.objects.exists()


def test_a_besluit_template_on_a_zaak_without_besluit_says_so_in_dutch(briefwereld):
    zonder = bouw.zaak(briefwereld.zaaktype, behandelaar=briefwereld.behandelaar)
    client = sign_in("jdevries")
    response = client.get(
        _brief_url(briefwereld, zonder), {"sjabloon": briefwereld.besluitbrief.uuid}
    )
    pagina = response.content.decode()
    assert response.status_code == 200
    assert "Deze zaak heeft nog geen besluit." in pagina
    assert "Deze brief gaat over een besluit" in pagina
    assert "Opslaan als document" not in pagina


def test_a_user_who_may_not_handle_the_zaak_cannot_make_a_letter(briefwereld):
    fg = _in_gemeente(sign_in("fg"), briefwereld.gemeenten["deventer"])
    zaakpagina = fg.get(_zaak_url(briefwereld))
    assert zaakpagina.status_code == 200  # the FG reads the zaak …
    assert "Brief voorbereiden" not in zaakpagina.content.decode()
    sjabloon = briefwereld.uitnodiging
    assert fg.get(_brief_url(briefwereld), {"sjabloon": sjabloon.uuid}).status_code == 403
    response = fg.post(
        _brief_url(briefwereld),
        {
            "formtoken": "x" * 32,
            "sjabloon": str(sjabloon.uuid),
            "versie": str(huidige_versie(sjabloon).pk),
        },
    )
    assert response.status_code == 403  # … but makes no letters
    assert not Brief.objects.exists()


def test_a_zaak_the_user_may_not_see_gives_404_and_so_does_another_gemeentes_template(
    briefwereld,
):
    raalte = sign_in("rmeijer")
    sjabloon = briefwereld.uitnodiging
    assert raalte.get(_brief_url(briefwereld), {"sjabloon": sjabloon.uuid}).status_code == 404
    response = raalte.post(
        _brief_url(briefwereld),
        {"formtoken": "x" * 32, "sjabloon": str(sjabloon.uuid), "versie": "1"},
    )
    assert response.status_code == 404
    # Raalte's own zaak with Deventer's template: the template is not found.
    assert (
        raalte.get(
            _zaak_url(briefwereld, briefwereld.raalte_zaak) + "brieven/nieuw/",
            {"sjabloon": sjabloon.uuid},
        ).status_code
        == 404
    )
    jan = sign_in("jdevries")
    assert jan.get(_brief_url(briefwereld), {"sjabloon": "geen-uuid"}).status_code == 404
    assert not Brief.objects.exists()


def test_the_letter_part_of_the_zaak_page_takes_a_fixed_number_of_queries(
    briefwereld, django_assert_num_queries
):
    request = RequestFactory().get(_zaak_url(briefwereld))
    request.werkplek = context_for(briefwereld.behandelaar, briefwereld.gemeenten["deventer"].pk)
    # As the zaak page loads it (get_zaak): with its zaaktype and catalogus.
    zaak = Zaak.objects.select_related("zaaktype__catalogus").get(pk=briefwereld.zaak.pk)
    with django_assert_num_queries(2):  # the letters, the templates
        leeg = zaak_brieven.paginacontext(request, zaak)
    assert leeg["brieven"] == [] and len(leeg["brief_sjablonen"]) == 2
    for _ in range(3):
        maak_brief(briefwereld, briefwereld.uitnodiging, besluit=None)
    with django_assert_num_queries(3):  # + which of their documents the user may read
        context = zaak_brieven.paginacontext(request, zaak)
    assert len(context["brieven"]) == 3
    assert all(not rij["docx"] for rij in context["brieven"])


def test_an_emptied_text_is_refused_with_a_field_error(briefwereld):
    client = sign_in("jdevries")
    _, response = _opslaan(
        client,
        briefwereld,
        briefwereld.besluitbrief,
        besluit=str(briefwereld.besluit.uuid),
        tekst="  ",
    )
    assert response.status_code == 400
    assert "De brief heeft geen tekst." in response.content.decode()
    assert not Brief.objects.exists()


def test_a_letter_above_the_users_level_is_not_listed(briefwereld):
    sjabloon = briefwereld.uitnodiging
    sjabloon.vertrouwelijkheidaanduiding = "vertrouwelijk"
    sjabloon.save(update_fields=["vertrouwelijkheidaanduiding"])
    geheim = maak_brief(briefwereld, sjabloon, door=bouw.ALLES, besluit=None)
    zichtbaar = maak_brief(briefwereld, briefwereld.besluitbrief)
    pagina = sign_in("jdevries").get(_zaak_url(briefwereld)).content.decode()
    assert str(zichtbaar.informatieobject_uuid) in pagina
    assert str(geheim.informatieobject_uuid) not in pagina
    assert "Uitnodiging gesprek <span" not in pagina
