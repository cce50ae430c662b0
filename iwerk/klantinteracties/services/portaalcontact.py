"""What the portaal and the conversation in Mijn zaken write in the Klantinteracties register
(ADR 0055): a message between the initiator of a zaak and its handler as a klantcontact, the
citizen's partij when it is not there yet, and the addresses and preferred channel the citizen
keeps in Mijn gegevens.

Every write goes through the register's own services (numbering, rules, audit trail and
notifications), with a `Toegangen` of the one who acts: the citizen (the portaal's actor for
them, `toegangen_voor_inwoner`) or the staff member (`selectors.toegang.voor_medewerker`).

Rules:
- a message is a klantcontact on kanaal "mijn zaken" (the word berichten' terugmelding uses),
  onderwerp "Bericht over zaak <identificatie>", the text as inhoud (cut at the field's 1000
  characters with "…"), the citizen's partij as betrokkene (initiator when they wrote it), the
  zaak as onderwerpobject, so its vertrouwelijkheid is the contact's (ADR 0052 §5); the handler's
  answer also names the handler as actor (soort medewerker);
- a citizen without a partij gets one: a persoon with their BSN, or an organisatie with its
  KvK-nummer, named as the zaak names them;
- an e-mail address a citizen adds is neither standaard nor voorkeur until it is verified (the
  berichten service only uses those, ADR 0053 §3); verified, it becomes the standaard e-mail
  address with its verificatieDatum; a phone number is standaard at once;
- the voorkeur is one of the partij's own addresses, or none ("Mijn zaken only").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from iwerk.core import audit
from iwerk.core.api.actor import Actor as ApiActor
from iwerk.core.choices import VERTROUWELIJKHEID_ORDER
from iwerk.klantinteracties.models import (
    Actor,
    ActorKlantcontact,
    DigitaalAdres,
    Klantcontact,
    Partij,
    PartijIdentificator,
    Rol,
    Scope,
    SoortDigitaalAdres,
    SoortPartij,
)
from iwerk.klantinteracties.normaliseren import zoekwaarde
from iwerk.klantinteracties.selectors.toegang import Recht, Toegangen
from iwerk.klantinteracties.services.common import fout, vastleggen
from iwerk.klantinteracties.services.digitaleadressen import (
    DigitaalAdresGegevens,
    digitaal_adres_aanmaken,
    digitaal_adres_bijwerken,
    digitaal_adres_verwijderen,
)
from iwerk.klantinteracties.services.klantcontactdelen import BetrokkeneGegevens
from iwerk.klantinteracties.services.klantcontacten import KlantcontactGegevens
from iwerk.klantinteracties.services.maakklantcontact import maak_klantcontact
from iwerk.klantinteracties.services.onderwerpobjecten import OnderwerpobjectGegevens
from iwerk.klantinteracties.services.partij_identificatoren import Identificator
from iwerk.klantinteracties.services.partijen import PartijGegevens, partij_aanmaken
from iwerk.zaken.models import Zaak

MIJN_ZAKEN = "mijn zaken"  # Klantcontact.kanaal; berichten' terugmelding.KANALEN["mijn_zaken"]
INHOUD_MAX = 1000  # Klantcontact.inhoud
OMSCHRIJVING = "Opgegeven in Mijn gegevens"
MAX_ADRESSEN = 10  # what one partij may keep through the portaal: enough, and no flood
_OPMAAK = re.compile(r"[\s\-./()]")
# (codeObjecttype, codeRegister, soortPartij) of the number a citizen or company signs in with.
_IDENTIFICATOR = {
    "bsn": ("natuurlijk_persoon", "brp", SoortPartij.persoon),
    "kvk_nummer": ("niet_natuurlijk_persoon", "hr", SoortPartij.organisatie),
}


@dataclass(frozen=True)
class Inwoner:
    """A citizen (soort "bsn") or company ("kvk_nummer") as the portaal knows them, with the
    name a new partij gets (from the zaak's rol, else the sign-in)."""

    soort: str
    nummer: str
    voornaam: str = ""
    voorvoegsel: str = ""
    achternaam: str = ""
    organisatienaam: str = ""


def toegangen_voor_inwoner(actor: ApiActor, gemeente_id: int) -> Toegangen:
    """The register as the portaal may write it for one signed-in citizen: in their gemeente
    only. What they may touch is narrowed further by every function below (their own partij)."""
    return Toegangen(
        actor=actor,
        rechten=(
            Recht(
                gemeente_id=gemeente_id,
                scopes=frozenset({Scope.lezen, Scope.bijwerken}),
                max_rang=VERTROUWELIJKHEID_ORDER["geheim"],
            ),
        ),
    )


def partij_van(gemeente_id: int, soort: str, nummer: str) -> Partij | None:
    """The gemeente's partij known by this number (one indexed query)."""
    gevonden = (
        PartijIdentificator.objects.filter(
            tenant_id=gemeente_id,
            code_soort_object_id=soort,
            object_id=nummer,
            identificeerde_partij__isnull=False,
        )
        .select_related("identificeerde_partij")
        .order_by("pk")
        .first()
    )
    return gevonden.identificeerde_partij if gevonden is not None else None


def partij_voor(wie: Toegangen, gemeente_id: int, inwoner: Inwoner) -> Partij:
    """The citizen's partij in the gemeente, made now when there is none. Two requests at once
    make one (the identificator is unique per gemeente; the loser reads the winner's).
    Raises ValidationFailed for a number the register refuses (no elfproef)."""
    bestaand = partij_van(gemeente_id, inwoner.soort, inwoner.nummer)
    if bestaand is not None:
        return bestaand
    objecttype, register, soort_partij = _IDENTIFICATOR[inwoner.soort]
    gegevens = PartijGegevens(
        soort_partij=soort_partij,
        naam=inwoner.organisatienaam[:200] if soort_partij == SoortPartij.organisatie else "",
        contactnaam={
            "voornaam": inwoner.voornaam[:200],
            "voorvoegsel_achternaam": inwoner.voorvoegsel[:10],
            "achternaam": inwoner.achternaam[:200],
        }
        if soort_partij == SoortPartij.persoon
        else None,
        partij_identificatoren=[Identificator(objecttype, inwoner.soort, inwoner.nummer, register)],
    )
    try:
        with transaction.atomic():
            return partij_aanmaken(wie, gegevens)
    except IntegrityError:
        gevonden = partij_van(gemeente_id, inwoner.soort, inwoner.nummer)
        if gevonden is None:
            raise
        return gevonden


def _inhoud(tekst: str) -> str:
    tekst = tekst.strip()
    return tekst if len(tekst) <= INHOUD_MAX else tekst[: INHOUD_MAX - 1] + "…"


def _contactnaam(partij: Partij | None) -> dict[str, str]:
    if partij is None:
        return {}
    return {
        "voorletters": partij.contactnaam_voorletters,
        "voornaam": partij.contactnaam_voornaam,
        "voorvoegsel_achternaam": partij.contactnaam_voorvoegsel_achternaam,
        "achternaam": partij.contactnaam_achternaam,
    }


@transaction.atomic
def bericht_vastleggen(
    wie: Toegangen,
    *,
    zaak: Zaak,
    tekst: str,
    partij: Partij | None,
    van_aanvrager: bool,
    namens: bool = False,
    medewerker: Actor | None = None,
) -> Klantcontact:
    """One message of the conversation in Mijn zaken as a klantcontact with its betrokkene (the
    partij; initiator when they wrote it; rol vertegenwoordiger for a gemachtigde) and the zaak
    as onderwerpobject; the handler who answered as actor. All or nothing. Raises
    ValidationFailed (a zaak of another gemeente, a partij the caller cannot see)."""
    gemaakt = maak_klantcontact(
        wie,
        KlantcontactGegevens(
            kanaal=MIJN_ZAKEN,
            onderwerp=f"Bericht over zaak {zaak.identificatie}"[:200],
            inhoud=_inhoud(tekst),
            taal="nld",
            vertrouwelijk=False,
            indicatie_contact_gelukt=True,
            plaatsgevonden_op=timezone.now(),
        ),
        BetrokkeneGegevens(
            had_klantcontact=None,
            rol=Rol.vertegenwoordiger if namens else Rol.klant,
            initiator=van_aanvrager,
            was_partij={"uuid": str(partij.uuid)} if partij is not None else None,
            organisatienaam=partij.naam if partij is not None else "",
            contactnaam=_contactnaam(partij),
        ),
        OnderwerpobjectGegevens(
            object_id=str(zaak.uuid),
            code_objecttype="zaak",
            code_register="iwerk",
            code_soort_object_id="uuid",
        ),
    )
    klantcontact = gemaakt.klantcontact
    if medewerker is not None:
        koppeling = ActorKlantcontact.objects.create(
            tenant_id=klantcontact.tenant_id, actor=medewerker, klantcontact=klantcontact
        )
        vastleggen(wie, "create", koppeling)
    return klantcontact


# --- Mijn gegevens: the citizen's own addresses and preferred channel ---------------------------


def _eigen(partij: Partij, adres: DigitaalAdres) -> None:
    if adres.verstrekt_door_partij_id != partij.pk or adres.tenant_id != partij.tenant_id:
        raise fout("adres", "does_not_exist", "Dit adres hoort niet bij u.")


def normaal(soort: str, adres: str) -> str:
    """How a typed address is stored: an e-mail address trimmed, a phone number without the
    spaces, dashes, dots and brackets people type in it (the register wants digits)."""
    if soort == SoortDigitaalAdres.telefoonnummer:
        return _OPMAAK.sub("", adres.strip())
    return adres.strip()


@transaction.atomic
def adres_toevoegen(wie: Toegangen, partij: Partij, soort: str, adres: str) -> DigitaalAdres:
    """Add an e-mail address or phone number of the citizen's partij (rules in the module
    docstring). Raises ValidationFailed on "adres": invalid, already theirs, or too many."""
    if soort not in (SoortDigitaalAdres.email, SoortDigitaalAdres.telefoonnummer):
        raise fout("soort", "invalid", "Kies e-mailadres of telefoonnummer.")
    waarde = normaal(soort, adres)
    eigen = list(
        DigitaalAdres.objects.filter(verstrekt_door_partij=partij).values_list(
            "soort_digitaal_adres", "adres"
        )
    )
    if len(eigen) >= MAX_ADRESSEN:
        raise fout(
            "adres", "max", f"U kunt hier hoogstens {MAX_ADRESSEN} adressen en nummers bewaren."
        )
    zoek = zoekwaarde(soort, waarde)
    if any(s == soort and zoekwaarde(s, a) == zoek for s, a in eigen):
        raise fout("adres", "unique", "Dit adres staat al bij uw gegevens.")
    return digitaal_adres_aanmaken(
        wie,
        DigitaalAdresGegevens(
            adres=waarde,
            soort_digitaal_adres=soort,
            verstrekt_door_partij=partij.uuid,
            # Phone numbers need no code (ADR 0055); an e-mail address waits for its code.
            is_standaard_adres=soort == SoortDigitaalAdres.telefoonnummer,
            omschrijving=OMSCHRIJVING,
        ),
    )


@transaction.atomic
def adres_geverifieerd(
    wie: Toegangen, partij: Partij, adres: DigitaalAdres, op: date | None = None
) -> DigitaalAdres:
    """The citizen proved the e-mail address is theirs: its verificatieDatum, and it becomes
    the partij's standaard e-mail address (berichten uses it from now on)."""
    _eigen(partij, adres)
    return digitaal_adres_bijwerken(
        wie,
        adres,
        DigitaalAdresGegevens(
            adres=adres.adres,
            soort_digitaal_adres=adres.soort_digitaal_adres,
            verstrekt_door_partij=partij.uuid,
            verstrekt_door_betrokkene=adres.verstrekt_door_betrokkene.uuid
            if adres.verstrekt_door_betrokkene is not None
            else None,
            is_standaard_adres=True,
            omschrijving=adres.omschrijving,
            referentie=adres.referentie,
            verificatie_datum=op or timezone.localdate(),
        ),
    )


# "Only in Mijn zaken" is a choice the register must hold, or berichten would fall back on the
# standaard addresses (ADR 0055): a digitaal adres of soort "overig" with this referentie, made
# the voorkeur. An explicit voorkeur that is no e-mail address or phone number means: neither.
ALLEEN_MIJN_ZAKEN = "mijn-zaken"


def mijn_zaken_adres(wie: Toegangen, partij: Partij) -> DigitaalAdres:
    """The partij's "Mijn zaken" address, made once."""
    bestaand = DigitaalAdres.objects.filter(
        tenant_id=partij.tenant_id,
        verstrekt_door_partij=partij,
        soort_digitaal_adres=SoortDigitaalAdres.overig,
        referentie=ALLEEN_MIJN_ZAKEN,
    ).first()
    if bestaand is not None:
        return bestaand
    return digitaal_adres_aanmaken(
        wie,
        DigitaalAdresGegevens(
            adres="Mijn zaken",
            soort_digitaal_adres=SoortDigitaalAdres.overig,
            verstrekt_door_partij=partij.uuid,
            omschrijving="Berichten alleen in Mijn zaken",
            referentie=ALLEEN_MIJN_ZAKEN,
        ),
    )


@transaction.atomic
def voorkeur_kiezen(wie: Toegangen, partij: Partij, adres: DigitaalAdres | None) -> Partij:
    """Make adres (one of the partij's own) its voorkeursDigitaalAdres; None: the citizen is
    told in Mijn zaken only (its "Mijn zaken" address becomes the voorkeur, so no e-mail or sms
    goes to a standaard address either). Recorded as a change of the partij."""
    if adres is not None:
        _eigen(partij, adres)
    else:
        adres = mijn_zaken_adres(wie, partij)
    partij = Partij.objects.select_for_update().get(pk=partij.pk)
    nieuw = adres.pk if adres is not None else None
    if partij.voorkeurs_digitaal_adres_id == nieuw:
        return partij
    oud = audit.snapshot(partij)
    partij.voorkeurs_digitaal_adres = adres
    partij.save(update_fields=["voorkeurs_digitaal_adres"])
    vastleggen(wie, "update", partij, oud)
    return partij


@transaction.atomic
def adres_verwijderen(wie: Toegangen, partij: Partij, adres: DigitaalAdres) -> None:
    """Remove one of the partij's addresses; when it was the voorkeur, the partij has none
    afterwards (recorded first, as its own change)."""
    _eigen(partij, adres)
    if partij.voorkeurs_digitaal_adres_id == adres.pk:
        voorkeur_kiezen(wie, partij, None)
        partij.refresh_from_db(fields=["voorkeurs_digitaal_adres"])
    digitaal_adres_verwijderen(wie, adres)
