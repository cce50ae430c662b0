"""The incident register: report, triage, decide, the 72-hour clock, AP export, isolation."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from iwerk.core.testing import catalogus as build
from iwerk.core.testing import zaken as bouw
from iwerk.core.testing.medewerkers import sign_in as _sign_in
from iwerk.incidenten import services
from iwerk.incidenten.models import Besluit, Escalatie, Incident, IncidentGemeente
from iwerk.incidenten.selectors import klok
from iwerk.incidenten.services import escalaties
from iwerk.medewerkers.models import Roltoewijzing
from iwerk.medewerkers.roles import Rol

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
LIST_QUERIES = 10  # the incident list page, signed in as the FG, with 1 or with 6 incidents


def sign_in(username: str, gemeente: str = "deventer"):
    """Signed in, with a gemeente chosen for those who work for several."""
    from iwerk.core.models import Gemeente

    client = _sign_in(username)
    if client.get("/werkplek/").status_code == 302:
        client.post("/werkplek/gemeente/", {"gemeente": Gemeente.objects.get(slug=gemeente).pk})
    return client


def _moment(dt: datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _token(client, url: str) -> str:
    found = re.search(r'name="formtoken" value="([^"]+)"', client.get(url).content.decode())
    return found.group(1) if found else "t" * 32  # a page one may not see has no token


def _melden(client, **extra) -> Incident:
    data = {
        "titel": "Laptop met inwonergegevens verloren in de trein",
        "categorie": "verlies_apparaat",
        "beschrijving": "Laptop van een consulent, met een export van cliëntgegevens.",
        "ontdekt_op": _moment(timezone.now() - timedelta(hours=2)),
        "persoonsgegevens": "on",
        "getroffen_systemen": "Laptop, Zaaksysteem",
        "melden": "",
        **extra,
    }
    data["formtoken"] = _token(client, "/werkplek/incidenten/melden/")
    response = client.post("/werkplek/incidenten/melden/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Incident.objects.get(uuid=response["Location"].split("/")[3])


def _actie(client, incident, naam, data, gemeente=None):
    url = f"/werkplek/incidenten/{incident.uuid}/"
    post = {"formtoken": _token(client, url)}
    if gemeente is not None:
        post["gemeente_id"] = str(gemeente.pk)
        post.update({f"{naam}-{gemeente.pk}-{k}": v for k, v in data.items()})
        post[f"{naam}-{gemeente.pk}-gemeente"] = str(gemeente.pk)
    else:
        post.update(data)
    return client.post(f"{url}{naam}/", post)


def test_report_triage_decide_and_export_for_two_gemeenten(demo_staf):
    melder = sign_in("kvisser")  # behandelaar in Olst-Wijhe
    incident = _melden(melder)
    assert incident.nummer.startswith("INC-") and incident.status == "gemeld"
    assert list(incident.betrokken.values_list("gemeente__slug", flat=True)) == ["olst-wijhe"]

    fg = sign_in("fg")
    page = fg.get(f"/werkplek/incidenten/{incident.uuid}/").content.decode()
    assert "Nog 69 uur" in page or "Nog 70 uur" in page
    olst, raalte = demo_staf["olst-wijhe"], demo_staf["raalte"]
    response = _actie(
        fg, incident, "beoordelen",
        {"datalek": "ja", "gemeenten": [olst.pk, raalte.pk], "reden": "Onversleutelde export met BSN's."},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    incident.refresh_from_db()
    assert incident.datalek is True and incident.status == "in_behandeling"
    assert set(incident.betrokken.values_list("gemeente__slug", flat=True)) == {
        "olst-wijhe",
        "raalte",
    }

    assert (
        _actie(
            fg, incident, "risico", {"risico": "hoog", "onderbouwing": "BSN en zorggegevens."}
        ).status_code
        == 302
    )
    avg = {
        "aard": ["lezen", "diefstal"],
        "persoonsgegevens_soorten": ["naw", "bsn"],
        "bijzondere_persoonsgegevens": ["gezondheid"],
        "aantal_personen_min": "120",
        "aantal_personen_max": "150",
        "aantal_records": "150",
        "groepen": ["inwoners", "kwetsbaren"],
        "versleuteld": "nee",
        "impact_vertrouwelijkheid": "hoog",
        "impact_integriteit": "geen",
        "impact_beschikbaarheid": "laag",
        "gevolgen": ["identiteitsfraude"],
        "vervolgmaatregelen": "Laptop op afstand gewist; exports voortaan versleuteld.",
    }
    assert _actie(fg, incident, "avg", avg).status_code == 302
    for gemeente in (olst, raalte):
        response = _actie(
            fg, incident, "ap_besluit", {"melden": "ja", "reden": "Hoog risico."}, gemeente
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    assert set(
        IncidentGemeente.objects.filter(incident=incident).values_list("ap_melden", flat=True)
    ) == {True}

    export = fg.get(f"/werkplek/incidenten/{incident.uuid}/ap/raalte.json")
    data = json.loads(export.content)
    assert list(data) == [
        "0_over_deze_melding", "1_contactgegevens", "2_tijdlijn", "3_het_datalek",
        "4_persoonsgegevens", "5_betrokkenen", "6_maatregelen_vooraf", "7_gevolgen",
        "8_vervolgacties", "9_overig",
    ]  # fmt: skip
    assert data["1_contactgegevens"]["organisatie"] == "Gemeente Raalte"
    assert "Gemeente Olst-Wijhe" in data["1_contactgegevens"]["andere_organisaties"]
    assert data["4_persoonsgegevens"]["bsn"] is True
    assert data["4_persoonsgegevens"]["bijzondere_persoonsgegevens"] == ["Gezondheid"]
    assert data["5_betrokkenen"] == {
        "aantal_minimaal": 120,
        "aantal_maximaal": 150,
        "groepen": ["Inwoners", "Kwetsbare groepen"],
    }
    assert data["6_maatregelen_vooraf"]["versleuteld_of_onleesbaar"] is False
    assert data["2_tijdlijn"]["later_dan_72_uur"] is False
    pdf = fg.get(f"/werkplek/incidenten/{incident.uuid}/ap/raalte.pdf")
    body = b"".join(pdf.streaming_content)
    assert (
        pdf["Content-Type"] == "application/pdf" and body.startswith(b"%PDF") and len(body) > 2000
    )

    # Reported: the clock stops for Raalte, still runs for Olst-Wijhe.
    nu = timezone.now()
    response = _actie(
        fg, incident, "ap_gemeld", {"meldnummer": "AP-2026-12345", "gemeld_op": _moment(nu)}, raalte
    )
    assert response.status_code == 302
    betrokken = list(incident.betrokken.all())
    assert klok.stand(incident, betrokken).toestand == "loopt"
    vervolg = json.loads(
        fg.get(f"/werkplek/incidenten/{incident.uuid}/ap/raalte.json?soort=vervolg").content
    )
    assert vervolg["0_over_deze_melding"]["soort"] == "Vervolgmelding"
    assert vervolg["0_over_deze_melding"]["meldnummer_ap"] == "AP-2026-12345"
    _actie(
        fg, incident, "ap_gemeld", {"meldnummer": "AP-2026-12346", "gemeld_op": _moment(nu)}, olst
    )
    assert klok.stand(incident, list(incident.betrokken.all())).toestand == "gestopt"

    soorten = list(Besluit.objects.filter(incident=incident).values_list("soort", "door_naam"))
    assert [s for s, _ in soorten] == [
        "datalek",
        "risico",
        "ap_melden",
        "ap_melden",
        "ap_gemeld",
        "ap_gemeld",
    ]
    assert {n for _, n in soorten} == {"Bas Kramer"}
    log = " | ".join(incident.log.values_list("wat", flat=True))
    assert "Gemeld" in log and "AP-nieuw (PDF) gemaakt voor Raalte" in log


def test_a_late_report_needs_a_reason_and_impossible_times_are_refused(demo_staf, time_machine):
    fg = get_user_model().objects.get(username="fg")
    time_machine.move_to(T0, tick=False)
    incident = services.melden(
        user=fg, gemeente=demo_staf["deventer"],
        gegevens={"titel": "Mail naar verkeerde ontvanger", "categorie": "verkeerd_verstuurd",
                  "ontdekt_op": T0 - timedelta(hours=1), "persoonsgegevens": True},
    )  # fmt: skip
    time_machine.move_to(T0 + timedelta(hours=80), tick=False)
    with pytest.raises(ValidationError) as error:
        services.ap_gemeld(
            user=fg, incident=incident, gemeente=demo_staf["deventer"], meldnummer="AP-1",
            gemeld_op=timezone.now(),
        )  # fmt: skip
    assert "72 uur" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.ap_gemeld(
            user=fg, incident=incident, gemeente=demo_staf["deventer"], meldnummer="AP-1",
            gemeld_op=T0 - timedelta(hours=5), te_laat_reden="x",
        )  # fmt: skip
    assert "vóór de ontdekking" in str(error.value)
    services.ap_gemeld(
        user=fg, incident=incident, gemeente=demo_staf["deventer"], meldnummer="AP-1",
        gemeld_op=timezone.now(), te_laat_reden="Pas na het weekend bleek BSN betrokken.",
    )  # fmt: skip
    besluit = Besluit.objects.get(incident=incident, soort="ap_gemeld")
    assert "(te laat)" in besluit.uitkomst and "weekend" in besluit.reden

    # Impossible times, through the form: Dutch reasons next to the field, input kept.
    client = sign_in("jdevries")
    nu = timezone.now()
    url = "/werkplek/incidenten/melden/"
    for extra, reden in (
        ({"ontdekt_op": _moment(nu + timedelta(days=1))}, "in de toekomst"),
        ({"begonnen_op": _moment(nu - timedelta(hours=1)), "ontdekt_op": _moment(nu - timedelta(hours=3))}, "niet later begonnen"),
        ({"begonnen_op": _moment(nu - timedelta(hours=5)), "beeindigd_op": _moment(nu - timedelta(hours=6)), "ontdekt_op": _moment(nu - timedelta(hours=2))}, "vóór het begin"),
    ):  # fmt: skip
        data = {
            "titel": "Test",
            "categorie": "overig",
            "melden": "",
            "formtoken": _token(client, url),
            **extra,
        }
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 400 and reden in page, reden
        assert 'value="Test"' in page
    assert Incident.objects.count() == 1


def test_a_draft_needs_little_but_its_clock_runs_from_discovery(demo_staf, time_machine):
    time_machine.move_to(T0, tick=False)
    client = sign_in("jdevries")
    url = "/werkplek/incidenten/melden/"
    response = client.post(
        url,
        {"titel": "USB-stick kwijt", "ontdekt_op": _moment(T0 - timedelta(hours=30)),
         "persoonsgegevens": "on", "concept": "", "formtoken": _token(client, url)},
    )  # fmt: skip
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.status == "concept" and incident.categorie == "overig"
    assert klok.stand(incident, list(incident.betrokken.all())).tekst.startswith("Nog 42 uur")
    # The clock does not wait for the draft: the 24-hour escalation is already due.
    mail.outbox.clear()
    assert escalaties.escaleren() == 1
    (bericht,) = mail.outbox
    assert set(bericht.to) == {"fg@iwerk.example.nl", "ciso@iwerk.example.nl"}
    # The reporter completes and reports it.
    detail = f"/werkplek/incidenten/{incident.uuid}/"
    response = client.post(
        detail + "bijwerken/",
        {"titel": "USB-stick kwijt", "categorie": "verlies_apparaat", "ontdekt_op": _moment(incident.ontdekt_op),
         "persoonsgegevens": "on", "melden": "", "formtoken": _token(client, detail)},
    )  # fmt: skip
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "gemeld" and incident.categorie == "verlies_apparaat"


def test_escalations_fire_once_each_at_their_moment_per_gemeente(demo_staf, time_machine, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    fg = get_user_model().objects.get(username="fg")
    time_machine.move_to(T0, tick=False)
    incident = services.melden(
        user=fg, gemeente=demo_staf["olst-wijhe"],
        gegevens={"titel": "Laptop verloren", "categorie": "verlies_apparaat", "ontdekt_op": T0, "persoonsgegevens": True},
    )  # fmt: skip
    IncidentGemeente.objects.create(incident=incident, gemeente=demo_staf["raalte"])
    mail.outbox.clear()

    def op(uren: float) -> int:
        time_machine.move_to(T0 + timedelta(hours=uren), tick=False)
        return escalaties.escaleren()

    assert op(23.99) == 0
    assert op(24) == 2  # Olst-Wijhe and Raalte
    assert op(24.5) == 0 and op(47.9) == 0
    assert op(48) == 2
    services.ap_gemeld(
        user=fg,
        incident=incident,
        gemeente=demo_staf["raalte"],
        meldnummer="AP-9",
        gemeld_op=timezone.now(),
    )
    assert op(60) == 1  # only Olst-Wijhe: Raalte reported
    assert op(61) == 0 and op(100) == 0
    assert sorted(Escalatie.objects.values_list("gemeente__slug", "uur")) == [
        ("olst-wijhe", 24), ("olst-wijhe", 48), ("olst-wijhe", 60), ("raalte", 24), ("raalte", 48),
    ]  # fmt: skip
    assert len(mail.outbox) == 5 and "Meldtermijn datalek" in mail.outbox[0].subject
    # The werkplek signal shows the running clock to the FG, not to a behandelaar.
    time_machine.move_to(T0 + timedelta(hours=62), tick=False)
    assert "Nog 10 uur" in sign_in("fg").get("/werkplek/incidenten/").content.decode()
    page = sign_in("kvisser").get("/werkplek/").content.decode()
    assert "Meldtermijn datalekken" not in page


def test_the_worker_runs_the_escalations(demo_staf, time_machine):
    from iwerk.core import periodiek

    fg = get_user_model().objects.get(username="fg")
    time_machine.move_to(T0, tick=False)
    services.melden(
        user=fg, gemeente=demo_staf["deventer"],
        gegevens={"titel": "Phishing", "categorie": "phishing", "ontdekt_op": T0 - timedelta(hours=25), "persoonsgegevens": True},
    )  # fmt: skip
    # What `iwerk worker` does on every round (the command itself closes the test's connection).
    periodiek._LAST.clear()
    assert "incidenten-escaleren" in periodiek.run_due()
    assert Escalatie.objects.filter(uur=24).count() == 1


def test_an_fg_sees_only_incidents_of_their_gemeenten_unless_shared(demo_staf):
    user_model = get_user_model()
    fg_deventer = user_model.objects.create_user(
        "fgdeventer", email="fgd@example.nl", first_name="Dirk", last_name="FG"
    )
    Roltoewijzing.objects.create(
        gebruiker=fg_deventer, gemeente=demo_staf["deventer"], rol=Rol.privacy_officer
    )
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from iwerk.medewerkers.demo import DEMO_TOTP_KEY, DEMO_WACHTWOORD

    fg_deventer.set_password(DEMO_WACHTWOORD)
    fg_deventer.save()
    TOTPDevice.objects.create(user=fg_deventer, name="t", key=DEMO_TOTP_KEY.hex(), confirmed=True)

    raalte = _melden(sign_in("rmeijer"), titel="Raalte: verkeerd verstuurde brief")
    client = sign_in("fgdeventer")
    assert (
        "Raalte: verkeerd verstuurde brief"
        not in client.get("/werkplek/incidenten/?toon=alle").content.decode()
    )
    assert client.get(f"/werkplek/incidenten/{raalte.uuid}/").status_code == 404
    assert client.get(f"/werkplek/incidenten/{raalte.uuid}/ap/raalte.pdf").status_code == 404
    response = _actie(
        client,
        raalte,
        "beoordelen",
        {"datalek": "nee", "gemeenten": [demo_staf["deventer"].pk], "reden": "x"},
    )
    assert response.status_code == 404
    # A behandelaar of Raalte sees his own report only, not another's.
    other = sign_in("lsmit")
    assert other.get(f"/werkplek/incidenten/{raalte.uuid}/").status_code == 404
    # Shared by Raalte's FG (who also is FG of Deventer, as in the demo): now Deventer's FG sees it.
    fg = sign_in("fg")
    _actie(
        fg,
        raalte,
        "beoordelen",
        {
            "datalek": "ja",
            "gemeenten": [demo_staf["raalte"].pk, demo_staf["deventer"].pk],
            "reden": "Gedeelde applicatie.",
        },
    )
    assert client.get(f"/werkplek/incidenten/{raalte.uuid}/").status_code == 200
    # Deventer's FG cannot add or decide for Raalte.
    response = _actie(
        client, raalte, "ap_besluit", {"melden": "nee", "reden": "x"}, demo_staf["raalte"]
    )
    assert (
        response.status_code == 400
        and not IncidentGemeente.objects.filter(ap_melden=False).exists()
    )


def test_not_reporting_and_high_risk_without_informing_need_reasons(demo_staf):
    fg = sign_in("fg")
    incident = _melden(sign_in("jdevries"))
    deventer = demo_staf["deventer"]
    _actie(
        fg, incident, "beoordelen", {"datalek": "ja", "gemeenten": [deventer.pk], "reden": "BSN"}
    )
    response = _actie(fg, incident, "ap_besluit", {"melden": "nee", "reden": ""}, deventer)
    assert response.status_code == 400 and "Dit veld is verplicht" in response.content.decode()
    _actie(fg, incident, "risico", {"risico": "hoog", "onderbouwing": "Zorggegevens"})
    response = _actie(
        fg, incident, "betrokkenen", {"informeren": "nee", "reden": "Adressen onbekend"}, deventer
    )
    assert (
        response.status_code == 400 and "een openbare mededeling nodig" in response.content.decode()
    )
    response = _actie(
        fg, incident, "betrokkenen",
        {"informeren": "nee", "reden": "Adressen onbekend", "openbare_mededeling": "Bericht op de website."}, deventer,
    )  # fmt: skip
    assert response.status_code == 302
    response = _actie(fg, incident, "afsluiten", {"afhandeling": "Afgehandeld"})
    assert (
        response.status_code == 400
        and "Besluit eerst voor elke gemeente" in response.content.decode()
    )


def test_the_ensia_report_counts_per_gemeente_and_category(demo_staf, time_machine):
    fg = get_user_model().objects.get(username="fg")
    time_machine.move_to(T0, tick=False)
    gegevens = {"titel": "x", "categorie": "phishing", "ontdekt_op": T0 - timedelta(hours=1)}
    a = services.melden(user=fg, gemeente=demo_staf["deventer"], gegevens=dict(gegevens))
    services.melden(
        user=fg, gemeente=demo_staf["deventer"], gegevens={**gegevens, "categorie": "malware"}
    )
    services.melden(user=fg, gemeente=demo_staf["raalte"], gegevens=dict(gegevens))
    services.beoordelen(
        user=fg,
        incident=a,
        datalek=False,
        reden="Geen persoonsgegevens",
        gemeenten=[demo_staf["deventer"]],
    )
    time_machine.move_to(T0 + timedelta(hours=5), tick=False)
    services.afsluiten(user=fg, incident=a, afhandeling="Mail geblokkeerd", lessen="")
    page = sign_in("fg").get("/werkplek/incidenten/rapportage/?jaar=2026").content.decode()
    rij = re.search(r"<th scope=\"row\">Deventer</th>(.*?)</tr>", page).group(1)
    assert re.findall(r"<td>([^<]*)</td>", rij) == ["2", "1", "0", "0", "0", "5,0 uur"]
    csv = (
        sign_in("fg").get("/werkplek/incidenten/rapportage/?jaar=2026&formaat=csv").content.decode()
    )
    assert "Phishing;2" in csv and "Malware;1" in csv
    assert sign_in("jdevries").get("/werkplek/incidenten/rapportage/").status_code == 404


def test_the_list_does_not_grow_in_queries_with_incidents(demo_staf, django_assert_num_queries):
    fg = get_user_model().objects.get(username="fg")
    client = sign_in("fg")
    services.melden(
        user=fg,
        gemeente=demo_staf["deventer"],
        gegevens={"titel": "a", "ontdekt_op": timezone.now()},
    )
    assert client.get("/werkplek/incidenten/").status_code == 200  # warms the role caches
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/werkplek/incidenten/")
    assert response.status_code == 200 and "<td>a<br>" in response.content.decode()
    for i in range(5):
        services.melden(
            user=fg,
            gemeente=demo_staf["raalte"],
            gegevens={"titel": f"Incident b{i}", "ontdekt_op": timezone.now()},
        )
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/werkplek/incidenten/")
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f"Incident b{i}" in page for i in range(5)), page[:2000]


def test_the_demo_register_loads_once(demo_staf):
    from iwerk.incidenten.demo import load_incidenten

    assert load_incidenten(list(demo_staf.values())) == 3
    assert load_incidenten(list(demo_staf.values())) == 0
    laptop = Incident.objects.get(categorie="verlies_apparaat")
    assert klok.stand(laptop, list(laptop.betrokken.all())).toestand in ("loopt", "let_op")
    assert Incident.objects.filter(status="afgesloten").count() == 1


def test_zaken_and_documents_of_the_gemeenten_concerned_can_be_linked(demo_staf):
    zaak, raalte = (
        bouw.zaak(build.gepubliceerd_zaaktype(build.catalogus(demo_staf[slug])))
        for slug in ("deventer", "raalte")
    )
    assert zaak.identificatie == raalte.identificatie  # each gemeente has its own series
    fg = sign_in("fg")
    incident = _melden(sign_in("jdevries"))
    assert _actie(fg, incident, "koppelen", {"zaaknummer": zaak.identificatie}).status_code == 302
    response = _actie(fg, incident, "koppelen", {"zaaknummer": "ZAAK-1999-0000000001"})
    assert response.status_code == 400 and "Geen zaak met dit nummer" in response.content.decode()
    incident.refresh_from_db()
    # Only the zaak of Deventer (the gemeente concerned), never Raalte's with the same number.
    assert incident.zaak_uuids == [str(zaak.uuid)]
    assert (
        f'href="/werkplek/zaken/{zaak.uuid}/"'
        in fg.get(f"/werkplek/incidenten/{incident.uuid}/").content.decode()
    )


def test_handling_steps_are_logged_with_who_and_when(demo_staf):
    fg = sign_in("fg")
    incident = _melden(sign_in("jdevries"))
    assert _actie(fg, incident, "stap", {"stap": "Laptop op afstand gewist"}).status_code == 302
    assert _actie(fg, incident, "stap", {"stap": ""}).status_code == 400
    regel = incident.log.get(wat__startswith="Afhandelstap")
    assert regel.wat == "Afhandelstap: Laptop op afstand gewist" and regel.wie == "Bas Kramer"
    # A reporter who is no FG/CISO cannot add steps.
    assert _actie(sign_in("jdevries"), incident, "stap", {"stap": "x"}).status_code == 400
