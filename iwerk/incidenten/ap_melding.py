"""The notification to the Autoriteit Persoonsgegevens, arranged as the sections of its form.

The AP takes notifications only through its online form; this export gives the FG every answer
in the form's order (JSON to copy or process, PDF to print and file), one per gemeente — each
gemeente is a controller of its own. A follow-up (vervolgmelding) and a withdrawal (intrekking)
refer to the AP's meldnummer.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from iwerk.core import pdf, weergave
from iwerk.incidenten.models import MELDTERMIJN, Besluit, Incident, IncidentGemeente

PERSOONSGEGEVENS = {
    "naw": "Namen, adressen en woonplaatsen",
    "telefoon": "Telefoonnummers",
    "email": "E-mailadressen of andere adressen voor elektronische communicatie",
    "inlog": "Toegangs- of identificatiegegevens (inlognamen, wachtwoorden)",
    "financieel": "Financiële gegevens (rekeningnummers, inkomen)",
    "bsn": "Burgerservicenummer (BSN) of ander nationaal identificatienummer",
    "id_kopie": "Kopieën van identiteitsbewijzen",
    "geslacht_leeftijd": "Geslacht, geboortedatum en/of leeftijd",
}
BIJZONDERE = {
    "gezondheid": "Gezondheid",
    "ras": "Ras of etnische afkomst",
    "politiek": "Politieke opvattingen",
    "religie": "Religie of levensovertuiging",
    "vakbond": "Lidmaatschap van een vakbond",
    "seksueel": "Seksuele leven of seksuele gerichtheid",
    "strafrechtelijk": "Strafrechtelijke gegevens",
    "genetisch": "Genetische of biometrische gegevens",
}
AARD = {
    "lezen": "Lezen (vertrouwelijkheid)",
    "kopieren": "Kopiëren",
    "wijzigen": "Veranderen (integriteit)",
    "verwijderen": "Verwijderen of vernietigen (beschikbaarheid)",
    "diefstal": "Diefstal",
}
GROEPEN = {
    "inwoners": "Inwoners",
    "medewerkers": "Medewerkers",
    "klanten": "Klanten of cliënten",
    "kinderen": "Kinderen",
    "kwetsbaren": "Kwetsbare groepen",
}
GEVOLGEN = {
    "stigmatisering": "Stigmatisering of uitsluiting",
    "identiteitsfraude": "(Identiteits)fraude",
    "schade_gezondheid": "Schade aan de gezondheid",
    "financieel": "Financiële schade",
    "reputatie": "Reputatieschade",
    "onbekend": "Nog niet bekend",
}
SOORTEN = {"nieuw": "Nieuwe melding", "vervolg": "Vervolgmelding", "intrekking": "Intrekking"}


def _namen(keys: list[str], tabel: dict[str, str]) -> list[str]:
    return [tabel.get(k, k) for k in keys]


def melding(incident: Incident, betrokken: IncidentGemeente, soort: str = "nieuw") -> dict:
    """The AP form's sections 0–9 for one gemeente, in the form's words (JSON: ISO times)."""
    return _json(_secties(incident, betrokken, soort))


def _json(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    return value


def _secties(incident: Incident, betrokken: IncidentGemeente, soort: str) -> dict:
    """The sections with their values as Python values (moments stay datetimes)."""
    gemeente = betrokken.gemeente
    fg = (
        Besluit.objects.filter(
            incident=incident, gemeente=gemeente, soort__in=["ap_melden", "ap_gemeld"]
        )
        .select_related("door")
        .order_by("-op")
        .first()
    )
    contact = fg.door if fg else incident.gemeld_door
    te_laat = (betrokken.ap_gemeld_op or timezone.now()) > incident.ontdekt_op + MELDTERMIJN
    return {
        "0_over_deze_melding": {
            "grondslag": "AVG (Algemene verordening gegevensbescherming)",
            "soort": SOORTEN[soort],
            "meldnummer_ap": betrokken.ap_meldnummer or None,
            "intrekking_reden": _intrekking(incident, gemeente) if soort == "intrekking" else None,
        },
        "1_contactgegevens": {
            "organisatie": f"Gemeente {gemeente.naam}",
            "rsin": gemeente.rsin,
            "melder": {"naam": contact.get_full_name() or contact.username, "email": contact.email},
            "contactpersoon_ap": {
                "naam": contact.get_full_name() or contact.username,
                "email": contact.email,
                "telefoon": gemeente.contact_telefoon,
            },
            "andere_organisaties": ["i-werkorganisatie Deventer, Olst-Wijhe en Raalte (verwerker)"]
            + [
                f"Gemeente {b.gemeente.naam}"
                for b in incident.betrokken.exclude(pk=betrokken.pk).select_related("gemeente")
            ],
        },
        "2_tijdlijn": {
            "begonnen": incident.begonnen_op,
            "beeindigd": incident.beeindigd_op,
            "nog_gaande": incident.beeindigd_op is None,
            "ontdekt": incident.ontdekt_op,
            "gemeld_bij_ap": betrokken.ap_gemeld_op,
            "later_dan_72_uur": te_laat,
            "reden_vertraging": betrokken.te_laat_reden or None,
        },
        "3_het_datalek": {
            "samenvatting": incident.titel,
            "omschrijving": incident.beschrijving,
            "aard": _namen(incident.aard, AARD),
            "oorzaak": incident.get_categorie_display(),
        },
        "4_persoonsgegevens": {
            "soorten": _namen(incident.persoonsgegevens_soorten, PERSOONSGEGEVENS),
            "bsn": "bsn" in incident.persoonsgegevens_soorten,
            "bijzondere_persoonsgegevens": _namen(incident.bijzondere_persoonsgegevens, BIJZONDERE),
            "aantal_records": incident.aantal_records,
        },
        "5_betrokkenen": {
            "aantal_minimaal": incident.aantal_personen_min,
            "aantal_maximaal": incident.aantal_personen_max,
            "groepen": _namen(incident.groepen, GROEPEN),
        },
        "6_maatregelen_vooraf": {
            "versleuteld_of_onleesbaar": incident.versleuteld,
            "toelichting": incident.maatregelen_vooraf,
        },
        "7_gevolgen": {
            "vertrouwelijkheid": incident.get_impact_vertrouwelijkheid_display(),
            "integriteit": incident.get_impact_integriteit_display(),
            "beschikbaarheid": incident.get_impact_beschikbaarheid_display(),
            "mogelijke_gevolgen": _namen(incident.gevolgen, GEVOLGEN),
            "toelichting": incident.gevolgen_toelichting,
            "risico": incident.get_risico_display() if incident.risico else None,
            "onderbouwing_risico": incident.risico_onderbouwing,
        },
        "8_vervolgacties": {
            "betrokkenen_geinformeerd": betrokken.betrokkenen_informeren,
            "reden": _reden(incident, gemeente, Besluit.Soort.betrokkenen),
            "openbare_mededeling": betrokken.openbare_mededeling or None,
            "maatregelen": incident.vervolgmaatregelen,
            "internationaal": incident.internationaal,
            "internationaal_toelichting": incident.internationaal_toelichting or None,
        },
        "9_overig": {
            "incidentnummer": incident.nummer,
            "gegenereerd_op": timezone.now(),
        },
    }


def _reden(incident, gemeente, soort) -> str | None:
    besluit = (
        Besluit.objects.filter(incident=incident, gemeente=gemeente, soort=soort)
        .order_by("-op")
        .first()
    )
    return besluit.reden if besluit else None


def _intrekking(incident, gemeente) -> str | None:
    return _reden(incident, gemeente, Besluit.Soort.ap_intrekken)


KOPPEN = {
    "0_over_deze_melding": "0. Over deze melding",
    "1_contactgegevens": "1. Contactgegevens en algemene informatie",
    "2_tijdlijn": "2. Tijdlijn",
    "3_het_datalek": "3. Gegevens over het datalek",
    "4_persoonsgegevens": "4. Soort persoonsgegevens",
    "5_betrokkenen": "5. Betrokkenen",
    "6_maatregelen_vooraf": "6. Technische beschermingsmaatregelen",
    "7_gevolgen": "7. Gevolgen",
    "8_vervolgacties": "8. Vervolgacties",
    "9_overig": "9. Overig",
}


# What the AP form calls each answer; a key missing here is a bug that the tests catch.
LABELS = {
    "grondslag": "Grondslag",
    "soort": "Soort melding",
    "meldnummer_ap": "Meldnummer AP",
    "intrekking_reden": "Reden van de intrekking",
    "organisatie": "Naam organisatie",
    "rsin": "RSIN",
    "melder": "Gegevens van de melder",
    "contactpersoon_ap": "Contactpersoon voor de AP",
    "naam": "Naam",
    "email": "E-mailadres",
    "telefoon": "Telefoonnummer",
    "andere_organisaties": "Andere betrokken organisaties",
    "begonnen": "Begonnen op",
    "beeindigd": "Beëindigd op",
    "nog_gaande": "Is het datalek nog gaande?",
    "ontdekt": "Ontdekt op",
    "gemeld_bij_ap": "Gemeld bij de AP op",
    "later_dan_72_uur": "Later gemeld dan 72 uur na ontdekking?",
    "reden_vertraging": "Reden van de vertraging",
    "samenvatting": "Samenvatting",
    "omschrijving": "Omschrijving",
    "aard": "Aard van het datalek",
    "oorzaak": "Oorzaak",
    "soorten": "Soorten persoonsgegevens",
    "bsn": "Gaat het ook om burgerservicenummers (BSN)?",
    "bijzondere_persoonsgegevens": "Bijzondere persoonsgegevens",
    "aantal_records": "Aantal records",
    "aantal_minimaal": "Aantal betrokkenen (minimaal)",
    "aantal_maximaal": "Aantal betrokkenen (maximaal)",
    "groepen": "Groepen betrokkenen",
    "versleuteld_of_onleesbaar": "Waren de gegevens versleuteld of onleesbaar?",
    "toelichting": "Toelichting",
    "vertrouwelijkheid": "Gevolgen voor de vertrouwelijkheid",
    "integriteit": "Gevolgen voor de integriteit",
    "beschikbaarheid": "Gevolgen voor de beschikbaarheid",
    "mogelijke_gevolgen": "Mogelijke gevolgen voor betrokkenen",
    "risico": "Risico voor betrokkenen",
    "onderbouwing_risico": "Onderbouwing van het risico",
    "betrokkenen_geinformeerd": "Zijn de betrokkenen geïnformeerd?",
    "reden": "Reden",
    "openbare_mededeling": "Openbare mededeling",
    "maatregelen": "Vervolgmaatregelen",
    "internationaal": "Betreft het ook betrokkenen in andere EU-landen?",
    "internationaal_toelichting": "Toelichting internationaal",
    "incidentnummer": "Incidentnummer",
    "gegenereerd_op": "Overzicht gemaakt op",
}


def _waarde(value) -> str:
    """An answer as a person reads it: Dutch dates, Ja/Nee, lists as bullets, "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return weergave.ja_nee(value)
    if isinstance(value, datetime):
        return weergave.moment(value)
    if isinstance(value, list):
        return "\n".join(f"• {v}" for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{_label(k)}: {_waarde(v)}" for k, v in value.items())
    return str(value)


def _label(key: str) -> str:
    return LABELS[key]


def regels(
    incident: Incident, betrokken: IncidentGemeente, soort: str = "nieuw"
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The notification as the PDF prints it: per section its heading and (label, answer) rows."""
    return [
        (KOPPEN[key], [(_label(k), _waarde(v)) for k, v in sectie.items()])
        for key, sectie in _secties(incident, betrokken, soort).items()
    ]


def als_pdf(incident: Incident, betrokken: IncidentGemeente, soort: str = "nieuw") -> bytes:
    inhoud = [
        pdf.p(
            "Overzicht voor het meldformulier datalekken van de Autoriteit Persoonsgegevens "
            "(alleen online te melden). De volgorde volgt de vragen van het formulier."
        )
    ]
    for kop, rijen in regels(incident, betrokken, soort):
        inhoud += [pdf.p(kop, "Heading2"), pdf.tabel(rijen)]
    gemeente = betrokken.gemeente
    return pdf.document(
        afzender=f"Gemeente {gemeente.naam}",
        huiskleur=gemeente.primaire_kleur,
        titel=f"{SOORTEN[soort]} datalek {incident.nummer}",
        onderwerp=incident.titel,
        inhoud=inhoud,
    )
