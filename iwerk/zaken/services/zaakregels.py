"""The rules a zaak obeys after every create and update: check_zaak, shared by register_zaak and
update_zaak (zrc-001, zrc-010 … zrc-015, zrc-022; docs/adr/0027)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from iwerk.catalogi.models import ZaakType
from iwerk.core import external
from iwerk.core.api.actor import Actor
from iwerk.core.api.problems import InvalidParam, ValidationFailed
from iwerk.referentielijsten import selectors as referentielijsten
from iwerk.zaken import selectors
from iwerk.zaken.models import Zaak
from iwerk.zaken.services.informatieobject import documents_not_archived

ZAAK_PATH = re.compile(r"/zaken/api/v1/zaken/([0-9a-fA-F-]{36})/?$")


def _zaak_exists(actor: Actor, url: str, scope: str) -> bool:
    """A relevante andere zaak is a zaak of this register that the client may see (zrc-011; one
    it may not see is answered like one that does not exist, so its existence is not revealed —
    ADR 0027), or — when external registers are allowed — one the API layer has fetched from
    another; hosts are checked there."""
    match = ZAAK_PATH.search(urlsplit(url).path)
    if match:
        zaak = Zaak.objects.select_related("zaaktype").filter(uuid=match.group(1)).first()
        if zaak is not None:
            return selectors.zaak_visible(actor, zaak, ("zaken.lezen", scope))
    return external.allowed()


# The zaak fields the shared rules read (ZaakGegevens names = Zaak model field names).
CHECKED = (
    "startdatum",
    "einddatum_gepland",
    "communicatiekanaal",
    "producten_of_diensten",
    "betalingsindicatie",
    "laatste_betaaldatum",
    "relevante_andere_zaken",
    "archiefnominatie",
    "archiefstatus",
    "archiefactiedatum",
)


def default_own_hosts() -> set[str]:
    """Hosts whose URLs name this installation when no request says so (portaal, werkplek)."""
    return {urlsplit(settings.IWERK_BASE_URL).netloc, *settings.IWERK_API_HOSTS}


def _is_kanaal(data: object) -> bool:
    """The shape of a Referentielijsten communicatiekanaal: {url, naam, omschrijving}."""
    return isinstance(data, dict) and all(
        isinstance(data.get(key), str) for key in ("naam", "omschrijving")
    )


def _own_referentielijsten(url: str, own_hosts: set[str]) -> bool:
    """Whether url lies in the Referentielijsten API that answers for this installation.

    The public deployments (KNOWN_PUBLIC_BASES) share the Selectielijst data but not iwerk's
    communicatiekanalen: theirs are other registers, fetched like any other.
    """
    configured = settings.IWERK_REFERENTIELIJSTEN_URL.rstrip("/")
    if configured:
        return url.startswith(configured + "/")
    parts = urlsplit(url)
    return parts.netloc in own_hosts and parts.path.startswith(referentielijsten.LOCAL_PREFIX + "/")


def _check_communicatiekanaal(url: str, own_hosts: set[str]) -> InvalidParam | None:
    """zrc-010: the URL answers with a communicatiekanaal (docs/adr/0027).

    A communicatiekanaal of the Referentielijsten this installation uses (its own API, or the
    one configured in IWERK_REFERENTIELIJSTEN_URL) is looked up there; any other URL is fetched
    when external registers are allowed, and refused (bad-url) when they are not. A resource
    that does not look like {url, naam, omschrijving} is invalid-resource.
    """
    name = "communicatiekanaal"
    try:
        found = referentielijsten.lookup(url, "communicatiekanalen", own_hosts=own_hosts)
    except referentielijsten.ReferentieNotFound:
        found = None
    if found is not None:
        if isinstance(found, dict) and not _is_kanaal(found):
            return InvalidParam(
                name, "invalid-resource", "De URL levert geen communicatiekanaal op."
            )
        return None
    if _own_referentielijsten(url, own_hosts):
        path = urlsplit(url).path.rstrip("/")
        if "/communicatiekanalen/" not in path and re.search(r"/[a-z]+/[0-9a-fA-F-]{36}$", path):
            return InvalidParam(
                name, "invalid-resource", "De URL verwijst naar een ander soort resource."
            )
        return InvalidParam(
            name, "bad-url", "Dit communicatiekanaal bestaat niet in de Referentielijsten."
        )
    if not external.allowed():
        return InvalidParam(
            name,
            "bad-url",
            "De URL verwijst niet naar een communicatiekanaal van de Referentielijsten en "
            "externe registers zijn niet toegestaan.",
        )
    try:
        data = external.fetch_json(url, name)
    except ValidationFailed as exc:
        return exc.params[0]
    if not _is_kanaal(data):
        return InvalidParam(name, "invalid-resource", "De URL levert geen communicatiekanaal op.")
    return None


def _check_hoofdzaak(
    actor: Actor, zaaktype: ZaakType, hoofdzaak: Zaak, zaak: Zaak | None, scope: str
) -> list[InvalidParam]:
    """zrc-013 and tenancy: a visible zaak of the same gemeente that is not a deelzaak itself."""
    if not selectors.zaak_visible(actor, hoofdzaak, ("zaken.lezen", scope)):
        # Answered as for a zaak that does not exist: its existence is not revealed.
        return [
            InvalidParam("hoofdzaak", "bad-url", "De URL verwijst niet naar een bestaande zaak.")
        ]
    if zaak is not None and hoofdzaak.pk == zaak.pk:
        return [
            InvalidParam(
                "hoofdzaak", "self-forbidden", "Een zaak kan niet zijn eigen hoofdzaak zijn."
            )
        ]
    errors = []
    if hoofdzaak.hoofdzaak_id is not None:
        errors.append(
            InvalidParam(
                "hoofdzaak", "deelzaak-als-hoofdzaak", "Een deelzaak kan geen hoofdzaak zijn."
            )
        )
    if hoofdzaak.tenant_id != zaaktype.tenant_id:
        errors.append(
            InvalidParam(
                "hoofdzaak", "invalid-resource", "De hoofdzaak hoort bij een andere gemeente."
            )
        )
    if zaak is not None and Zaak.objects.filter(hoofdzaak=zaak).exists():
        # zrc-013: deelzaken of deelzaken are not allowed, so a hoofdzaak stays one.
        errors.append(
            InvalidParam(
                "hoofdzaak",
                "deelzaak-als-hoofdzaak",
                "Deze zaak heeft zelf deelzaken en kan geen deelzaak worden.",
            )
        )
    return errors


def check_zaak(
    *,
    actor: Actor,
    zaaktype: ZaakType,
    values: dict,
    zaak: Zaak | None,
    scope: str,
    own_hosts: set[str],
) -> list[InvalidParam]:
    """The rules a zaak obeys after every create and update (register_zaak, update_zaak).

    values holds the zaak as it will be (every name of CHECKED, and `hoofdzaak` when it is
    set or changed); zaak is the stored zaak on update, None on create. What is checked by
    looking elsewhere (the communicatiekanaal, the hoofdzaak, relevante andere zaken) is
    checked when it is new or changed: what the register holds was checked when stored.
    """

    def changed(name: str) -> bool:
        return zaak is None or values[name] != getattr(zaak, name)

    errors: list[InvalidParam] = []
    # zrc-001: a published zaaktype, valid on the startdatum (the zaaktype itself is fixed).
    if zaaktype.concept:
        errors.append(
            InvalidParam("zaaktype", "not-published", "Het zaaktype is nog niet gepubliceerd.")
        )
    elif changed("startdatum") and not zaaktype.is_valid_on(values["startdatum"]):
        errors.append(
            InvalidParam(
                "zaaktype",
                "zaaktype-niet-geldig",
                "Het zaaktype is niet geldig op de startdatum van de zaak.",
            )
        )
    # zrc-014: no betaaldatum without a betaling (on update an unchanged one is cleared), and
    # none in the future.
    if (
        values["betalingsindicatie"] == "nvt"
        and values["laatste_betaaldatum"]
        and changed("laatste_betaaldatum")
    ):
        errors.append(
            InvalidParam(
                "laatsteBetaaldatum",
                "betaling-nvt",
                "Er is geen betaling als de betalingsindicatie 'nvt' is.",
            )
        )
    betaaldatum = values["laatste_betaaldatum"]
    if betaaldatum and timezone.is_naive(betaaldatum):
        betaaldatum = timezone.make_aware(betaaldatum)  # local time, as offset-less API input
    if betaaldatum and betaaldatum > timezone.now():
        errors.append(
            InvalidParam(
                "laatsteBetaaldatum", "date-in-future", "De betaaldatum ligt in de toekomst."
            )
        )
    # zrc-015: the zaak's producten of diensten are the zaaktype's.
    if any(p not in zaaktype.producten_of_diensten for p in values["producten_of_diensten"]):
        errors.append(
            InvalidParam(
                "productenOfDiensten",
                "invalid-products-services",
                "Niet alle producten of diensten horen bij het zaaktype.",
            )
        )
    # zrc-010: the communicatiekanaal resolves to one.
    if values["communicatiekanaal"] and changed("communicatiekanaal"):
        problem = _check_communicatiekanaal(values["communicatiekanaal"], own_hosts)
        if problem is not None:
            errors.append(problem)
    # zrc-013: the hoofdzaak.
    hoofdzaak = values.get("hoofdzaak")
    if hoofdzaak is not None and (zaak is None or hoofdzaak.pk != zaak.hoofdzaak_id):
        errors.extend(_check_hoofdzaak(actor, zaaktype, hoofdzaak, zaak, scope))
    # zrc-011: relevante andere zaken exist.
    if changed("relevante_andere_zaken"):
        for index, relatie in enumerate(values["relevante_andere_zaken"]):
            if not _zaak_exists(actor, relatie.get("url", ""), scope):
                errors.append(
                    InvalidParam(
                        f"relevanteAndereZaken.{index}.url",
                        "bad-url",
                        "De URL verwijst niet naar een zaak in dit register.",
                    )
                )
    if (
        values["einddatum_gepland"]
        and values["startdatum"]
        and values["einddatum_gepland"] < values["startdatum"]
    ):
        errors.append(
            InvalidParam(
                "einddatumGepland",
                "date-mismatch",
                "De geplande einddatum ligt voor de startdatum.",
            )
        )
    # zrc-022: a zaak that is archived carries its archiving data, and so do its documents.
    if values["archiefstatus"] != "nog_te_archiveren":
        if not values["archiefnominatie"]:
            errors.append(
                InvalidParam(
                    "archiefnominatie",
                    "archiefnominatie-not-set",
                    "Zet de archiefnominatie als de zaak gearchiveerd is.",
                )
            )
        if not values["archiefactiedatum"]:
            errors.append(
                InvalidParam(
                    "archiefactiedatum",
                    "archiefactiedatum-not-set",
                    "Zet de archiefactiedatum als de zaak gearchiveerd is.",
                )
            )
        if zaak is not None and documents_not_archived(zaak):
            errors.append(
                InvalidParam(
                    "nonFieldErrors",
                    "documents-not-archived",
                    "Alle documenten van de zaak moeten de status 'gearchiveerd' hebben.",
                )
            )
    return errors
