"""Templates in beheer: checked, saved, and versioned (a changed text is a new version; an old
version never changes, letters name the version they were made from)."""

from __future__ import annotations

from django.db import transaction

from iwerk.berichten.services.gesprek import MAX_BERICHT
from iwerk.catalogi.models import InformatieObjectType, ZaakType, ZaakTypeInformatieObjectType
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.core.choices import Vertrouwelijkheidaanduiding
from iwerk.core.models import Gemeente
from iwerk.sjablonen.models import Sjabloon, Sjabloonsoort, SjabloonVersie
from iwerk.sjablonen.services.controle import Gebruik, controleer


def schoon(tekst: str) -> str:
    """A text as stored: Unix line ends, no leading or trailing blank lines."""
    return tekst.replace("\r\n", "\n").replace("\r", "\n").strip()


def _documenttype_fouten(sjabloon: Sjabloon) -> list[InvalidParam]:
    gemeente = sjabloon.gemeente
    omschrijving = sjabloon.informatieobjecttype_omschrijving.strip()
    identificatie = sjabloon.zaaktype_identificatie.strip()
    fouten = []
    if (
        identificatie
        and not ZaakType.objects.filter(tenant=gemeente, identificatie=identificatie).exists()
    ):
        fouten.append(
            InvalidParam(
                "zaaktype_identificatie",
                "onbekend-zaaktype",
                f"Zaaktype {identificatie} staat niet in een catalogus van {gemeente.naam}.",
            )
        )
    if sjabloon.is_bericht:
        # A message to the aanvrager is no document: no documenttype, no Word file (ADR 0062).
        if sjabloon.ook_docx:
            fouten.append(
                InvalidParam(
                    "ook_docx",
                    "bericht-zonder-document",
                    "Een bericht aan de aanvrager wordt geen document; zet ‘ook als "
                    "Word-bestand’ uit.",
                )
            )
        return fouten
    if not omschrijving:
        fouten.append(
            InvalidParam(
                "informatieobjecttype_omschrijving",
                "required",
                "Kies het documenttype van de brief.",
            )
        )
        return fouten
    if not InformatieObjectType.objects.filter(
        tenant=gemeente, omschrijving=omschrijving, concept=False
    ).exists():
        fouten.append(
            InvalidParam(
                "informatieobjecttype_omschrijving",
                "onbekend-documenttype",
                f"Documenttype ‘{omschrijving}’ staat niet gepubliceerd in een catalogus van "
                f"{gemeente.naam}.",
            )
        )
    elif identificatie and not fouten:
        toegestaan = list(
            ZaakTypeInformatieObjectType.objects.filter(
                zaaktype__tenant=gemeente,
                zaaktype__identificatie=identificatie,
                zaaktype__concept=False,
            )
            .order_by("informatieobjecttype_omschrijving")
            .values_list("informatieobjecttype_omschrijving", flat=True)
            .distinct()
        )
        if omschrijving not in toegestaan:
            keuze = ", ".join(toegestaan) if toegestaan else "(geen documenttypen)"
            fouten.append(
                InvalidParam(
                    "informatieobjecttype_omschrijving",
                    "documenttype-niet-bij-zaaktype",
                    f"Zaaktype {identificatie} kent documenttype ‘{omschrijving}’ niet; kies uit "
                    f"{keuze}.",
                )
            )
    return fouten


def controleer_sjabloon(sjabloon: Sjabloon, *, onderwerp: str, tekst: str) -> Gebruik:
    """Check a template and its text before saving; returns the fields the text uses.

    Rules: a name unique within the gemeente; a known soort and vertrouwelijkheidaanduiding; a
    template stays with its gemeente; the zaaktype (when given) is in the gemeente's catalogi;
    the documenttype of a letter is published there and, with a zaaktype, one the zaaktype
    allows (ZaakTypeInformatieObjectType); a message to the aanvrager (soort email) has no
    documenttype and no Word file and its text is at most MAX_BERICHT (what the werkplek's message
    form sends); subject and text pass services.controle. Raises
    ValidationFailed naming the model's fields (and "onderwerp", "tekst") with every error.
    """
    fouten: list[InvalidParam] = []
    naam = sjabloon.naam.strip()
    if not naam:
        fouten.append(InvalidParam("naam", "required", "Geef het sjabloon een naam."))
    elif (
        Sjabloon.objects.filter(gemeente_id=sjabloon.gemeente_id, naam=naam)
        .exclude(pk=sjabloon.pk)
        .exists()
    ):
        fouten.append(
            InvalidParam(
                "naam", "unique", f"{sjabloon.gemeente.naam} heeft al een sjabloon ‘{naam}’."
            )
        )
    if sjabloon.soort not in Sjabloonsoort.values:
        fouten.append(InvalidParam("soort", "invalid_choice", "Kies een soort sjabloon."))
    if sjabloon.vertrouwelijkheidaanduiding not in Vertrouwelijkheidaanduiding.values:
        fouten.append(
            InvalidParam(
                "vertrouwelijkheidaanduiding",
                "invalid_choice",
                "Kies een vertrouwelijkheidaanduiding.",
            )
        )
    if sjabloon.pk:
        oud = Sjabloon.objects.filter(pk=sjabloon.pk).values_list("gemeente_id", flat=True).first()
        if oud is not None and oud != sjabloon.gemeente_id:
            fouten.append(
                InvalidParam(
                    "gemeente",
                    "gemeente-vast",
                    "Een sjabloon blijft bij zijn gemeente; maak voor een andere gemeente een "
                    "nieuw sjabloon.",
                )
            )
    fouten += _documenttype_fouten(sjabloon)
    gebruik = Gebruik()
    try:
        if sjabloon.is_bericht:
            # A message's text must fit the werkplek's message form, or it can never be sent.
            gebruik = controleer(
                onderwerp=schoon(onderwerp),
                tekst=schoon(tekst),
                max_tekst=MAX_BERICHT,
                waarom_max="langer kan de behandelaar een bericht aan de aanvrager niet versturen",
            )
        else:
            gebruik = controleer(onderwerp=schoon(onderwerp), tekst=schoon(tekst))
    except ValidationFailed as fout:
        fouten += fout.params
    if fouten:
        raise ValidationFailed(fouten)
    return gebruik


@transaction.atomic
def sjabloon_opslaan(
    *, sjabloon: Sjabloon, onderwerp: str, tekst: str, door: str = ""
) -> SjabloonVersie:
    """Save the template's settings and, when subject or text changed, a new version (versie + 1)
    beside the old ones; returns the current version. A message template's documenttype is
    cleared (it makes no document). Raises ValidationFailed (controleer_sjabloon)."""
    onderwerp, tekst = schoon(onderwerp), schoon(tekst)
    sjabloon.naam = sjabloon.naam.strip()
    sjabloon.zaaktype_identificatie = sjabloon.zaaktype_identificatie.strip()
    sjabloon.informatieobjecttype_omschrijving = (
        "" if sjabloon.is_bericht else sjabloon.informatieobjecttype_omschrijving.strip()
    )
    controleer_sjabloon(sjabloon, onderwerp=onderwerp, tekst=tekst)
    if sjabloon.pk:
        # One writer at a time per template: version numbers follow each other.
        Sjabloon.objects.select_for_update().filter(pk=sjabloon.pk).first()
    sjabloon.save()
    huidige = SjabloonVersie.objects.filter(sjabloon=sjabloon).order_by("-versie").first()
    if huidige is not None and (huidige.onderwerp, huidige.tekst) == (onderwerp, tekst):
        return huidige
    return SjabloonVersie.objects.create(
        sjabloon=sjabloon,
        versie=huidige.versie + 1 if huidige else 1,
        onderwerp=onderwerp,
        tekst=tekst,
        aangemaakt_door=door,
    )


def maak_sjabloon(
    *,
    gemeente: Gemeente,
    naam: str,
    soort: str,
    onderwerp: str,
    tekst: str,
    informatieobjecttype_omschrijving: str = "",
    zaaktype_identificatie: str = "",
    vertrouwelijkheidaanduiding: str = Vertrouwelijkheidaanduiding.zaakvertrouwelijk,
    ook_docx: bool = False,
    bewerkbaar: bool = True,
    actief: bool = True,
    door: str = "",
) -> Sjabloon:
    """A new template with its first version (the demo and tests; beheer uses sjabloon_opslaan).
    Raises ValidationFailed (controleer_sjabloon)."""
    sjabloon = Sjabloon(
        gemeente=gemeente,
        naam=naam,
        soort=soort,
        zaaktype_identificatie=zaaktype_identificatie,
        informatieobjecttype_omschrijving=informatieobjecttype_omschrijving,
        vertrouwelijkheidaanduiding=vertrouwelijkheidaanduiding,
        ook_docx=ook_docx,
        bewerkbaar=bewerkbaar,
        actief=actief,
    )
    sjabloon_opslaan(sjabloon=sjabloon, onderwerp=onderwerp, tekst=tekst, door=door)
    return sjabloon
