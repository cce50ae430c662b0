"""The handler answers the initiator from the zaak page (ADR 0055): an extern notitie, a
klantcontact with the handler as actor, and one Bericht on the initiator's own channel; only for
who may change the zaak, never for another gemeente's zaak; unanswered messages are signalled."""

from __future__ import annotations

import re

import pytest

from iwerk.berichten import selectors as berichten_selectors
from iwerk.berichten.models import Bericht, Gebeurtenis, Kanaal
from iwerk.berichten.services import gesprek
from iwerk.berichten.services.terugmelding import KANALEN
from iwerk.core.api.actor import Actor
from iwerk.core.testing.medewerkers import sign_in
from iwerk.klantinteracties.models import (
    ActorKlantcontact,
    Betrokkene,
    Klantcontact,
    Onderwerpobject,
    Partij,
)
from iwerk.klantinteracties.selectors.toegang import Recht, Toegangen
from iwerk.klantinteracties.services.digitaleadressen import (
    DigitaalAdresGegevens,
    digitaal_adres_aanmaken,
)
from iwerk.klantinteracties.services.portaalcontact import Inwoner
from iwerk.klantinteracties.services.portaalcontact import partij_voor as partij_maken
from iwerk.zaken.models import Rol, Zaak, ZaakNotitie

pytestmark = pytest.mark.django_db

ALLES = Actor("test", None, "test", heeft_alle_autorisaties=True, catalogi_tenant_ids=None)


def _bsn(zaak: Zaak) -> str:
    return Rol.objects.get(zaak=zaak, roltype__omschrijving_generiek="initiator").bsn


def _met_email(zaak: Zaak, email: str = "anna@example.nl") -> Partij:
    """The initiator as a partij of the register with a standaard e-mail address."""
    wie = Toegangen(
        actor=ALLES,
        rechten=(Recht(zaak.tenant_id, frozenset({"klantinteracties.lezen",
                                                   "klantinteracties.bijwerken"}), 5),),
    )  # fmt: skip
    partij = partij_maken(wie, zaak.tenant_id, Inwoner("bsn", _bsn(zaak), achternaam="Jansen"))
    digitaal_adres_aanmaken(
        wie,
        DigitaalAdresGegevens(
            adres=email,
            soort_digitaal_adres="email",
            verstrekt_door_partij=partij.uuid,
            is_standaard_adres=True,
        ),
    )
    return partij


def _zaak(werkvoorraad) -> Zaak:
    # The first zaak of the Kapvergunning, handled by jdevries, with an aanvrager.
    return Zaak.objects.select_related("zaaktype").get(pk=werkvoorraad.zaken[0].pk)


def _berichten():
    return Bericht.objects.filter(gebeurtenis=Gebeurtenis.bericht)


def _pagina(client, zaak) -> str:
    return client.get(f"/werkplek/zaken/{zaak.uuid}/").content.decode()


def _beantwoorden(client, zaak, tekst: str):
    token = re.search(r'name="formtoken" value="([^"]+)"', _pagina(client, zaak)).group(1)
    return client.post(
        f"/werkplek/zaken/{zaak.uuid}/berichten/", {"formtoken": token, "tekst": tekst}
    )


def test_a_reply_is_a_notitie_a_klantcontact_and_one_bericht(werkvoorraad):
    zaak = _zaak(werkvoorraad)
    partij = _met_email(zaak)
    client = sign_in("jdevries")
    assert "Bericht aan de aanvrager" in _pagina(client, zaak)

    response = _beantwoorden(client, zaak, "U kunt de vergunning volgende week verwachten.")

    assert response.status_code == 302 and response["Location"].endswith("#berichten")
    notitie = ZaakNotitie.objects.get(gerelateerd_aan=zaak, notitie_type="extern")
    assert notitie.onderwerp == berichten_selectors.AAN_AANVRAGER
    assert notitie.tekst == "U kunt de vergunning volgende week verwachten."
    klantcontact = Klantcontact.objects.get(tenant=zaak.tenant)
    assert klantcontact.kanaal == KANALEN["mijn_zaken"] == "mijn zaken"
    assert klantcontact.onderwerp == f"Bericht over zaak {zaak.identificatie}"
    assert klantcontact.inhoud == "U kunt de vergunning volgende week verwachten."
    betrokkene = Betrokkene.objects.get(had_klantcontact=klantcontact)
    assert betrokkene.was_partij == partij and betrokkene.initiator is False
    onderwerp = Onderwerpobject.objects.get(klantcontact=klantcontact)
    assert (onderwerp.code_objecttype, onderwerp.object_id) == ("zaak", str(zaak.uuid))
    actor = ActorKlantcontact.objects.select_related("actor").get(klantcontact=klantcontact).actor
    assert (actor.soort_actor, actor.actoridentificator_object_id) == ("medewerker", "jdevries")
    # One message to the initiator, on their e-mail address, a pointer and not the text.
    (bericht,) = Bericht.objects.filter(gebeurtenis=Gebeurtenis.bericht)
    assert (bericht.kanaal, bericht.adres) == (Kanaal.email, "anna@example.nl")
    assert "nieuw bericht over uw zaak" in bericht.tekst
    assert "volgende week" not in bericht.tekst
    assert f"/mijn-zaken/{zaak.uuid}/" in bericht.tekst


def test_the_same_form_sent_twice_stores_one_reply(werkvoorraad):
    zaak = _zaak(werkvoorraad)
    client = sign_in("jdevries")
    token = re.search(r'name="formtoken" value="([^"]+)"', _pagina(client, zaak)).group(1)
    for _ in range(2):
        client.post(f"/werkplek/zaken/{zaak.uuid}/berichten/", {"formtoken": token, "tekst": "Ja"})
    assert ZaakNotitie.objects.filter(gerelateerd_aan=zaak).count() == 1
    assert Klantcontact.objects.count() == 1 and _berichten().count() == 1


def test_without_an_address_the_initiator_gets_a_partij_and_the_pointer_in_mijn_zaken(
    werkvoorraad,
):
    zaak = _zaak(werkvoorraad)
    client = sign_in("jdevries")

    assert _beantwoorden(client, zaak, "Wij bellen u morgen.").status_code == 302

    partij = Partij.objects.get(identificatoren__object_id=_bsn(zaak))
    assert Betrokkene.objects.get().was_partij == partij
    (bericht,) = _berichten()
    assert bericht.kanaal == Kanaal.mijn_zaken and bericht.partij_uuid == partij.uuid


def test_an_empty_reply_is_refused_in_dutch_and_nothing_is_stored(werkvoorraad):
    zaak = _zaak(werkvoorraad)
    response = _beantwoorden(sign_in("jdevries"), zaak, "")
    assert response.status_code == 400
    assert "Schrijf het bericht aan de aanvrager." in response.content.decode()
    assert not ZaakNotitie.objects.exists() and not Klantcontact.objects.exists()
    assert not _berichten().exists()


def test_who_may_not_change_the_zaak_cannot_reply(werkvoorraad):
    zaak = _zaak(werkvoorraad)
    fg = sign_in("fg")
    fg.post("/werkplek/gemeente/", {"gemeente": zaak.tenant_id})
    pagina = _pagina(fg, zaak)
    assert zaak.identificatie in pagina and "Bericht versturen" not in pagina

    response = fg.post(
        f"/werkplek/zaken/{zaak.uuid}/berichten/",
        {"formtoken": "t" * 24, "tekst": "Ik mag dit niet."},
    )

    assert response.status_code == 403
    assert not ZaakNotitie.objects.exists() and not Klantcontact.objects.exists()
    assert not _berichten().exists()


def test_a_zaak_of_another_gemeente_is_not_found(werkvoorraad):
    client = sign_in("jdevries")
    token = re.search(
        r'name="formtoken" value="([^"]+)"', _pagina(client, _zaak(werkvoorraad))
    ).group(1)
    response = client.post(
        f"/werkplek/zaken/{werkvoorraad.raalte.uuid}/berichten/",
        {"formtoken": token, "tekst": "Hallo Raalte"},
    )
    assert response.status_code == 404
    assert not ZaakNotitie.objects.exists() and not _berichten().exists()


def test_a_zaak_without_an_aanvrager_has_no_reply_form(werkvoorraad):
    zaak = _zaak(werkvoorraad)
    Rol.objects.filter(zaak=zaak, roltype__omschrijving_generiek="initiator").delete()
    client = sign_in("jdevries")
    assert "Bericht aan de aanvrager" not in _pagina(client, zaak)
    response = _beantwoorden(client, zaak, "Aan niemand")
    assert response.status_code == 400
    assert gesprek.GEEN_AANVRAGER in response.content.decode()
    assert not ZaakNotitie.objects.exists() and not _berichten().exists()


def test_unanswered_messages_of_the_initiator_are_signalled_until_answered(werkvoorraad):
    zaak = _zaak(werkvoorraad)
    for tekst in ("Is er al nieuws?", "Hallo?"):
        gesprek.bericht_van_aanvrager(
            actor=ALLES,
            zaak=zaak,
            tekst=tekst,
            aangemaakt_door="Anna Jansen (via het portaal)",
            inwoner=Inwoner("bsn", _bsn(zaak), voornaam="Anna", achternaam="Jansen"),
        )
    client = sign_in("jdevries")
    pagina = _pagina(client, zaak)
    assert "2 onbeantwoorde berichten van de aanvrager" in pagina
    assert "Is er al nieuws?" in pagina

    _beantwoorden(client, zaak, "Ja: de vergunning is verleend.")

    pagina = _pagina(client, zaak)
    assert "onbeantwoord" not in pagina and "de vergunning is verleend" in pagina


def test_the_conversation_costs_one_query_on_the_zaak_page(werkvoorraad, django_assert_num_queries):
    zaak = _zaak(werkvoorraad)
    rollen = list(Rol.objects.filter(zaak=zaak).select_related("roltype"))
    with django_assert_num_queries(1):
        gesprek_ = berichten_selectors.get_gesprek(zaak.pk, rollen)
    assert gesprek_.aanvrager is not None and gesprek_.onbeantwoord == 0


def test_the_built_in_texts_of_the_new_event_use_only_known_merge_fields():
    from iwerk.berichten.services.sjablonen import controleer_sjabloon, standaard

    for kanaal in Kanaal:
        tekst = standaard(Gebeurtenis.bericht, kanaal)
        controleer_sjabloon(Gebeurtenis.bericht, onderwerp=tekst.onderwerp, tekst=tekst.tekst)
