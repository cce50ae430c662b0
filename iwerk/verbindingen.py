"""Who reacts to what: every domain event and its consumers, in one table (ADR 0037).

Services publish events inside their transaction (iwerk.core.gebeurtenissen.publiceer); the
consumers below run right there, in this order, unless they defer themselves to the commit
(the portaal mail). Loaded once at startup by CoreConfig.ready (setting IWERK_VERBINDINGEN).
This module sits above every app (it imports registers, governance apps and channels alike);
nothing imports it.

A migration write (ADR 0063) is silent: the consumers marked `ook_bij_migratie=False` below
(they tell someone or start work: the notificaties outbox, messages to the citizen, routing,
checklists, signals) do not hear the events published inside `core.migratie.migratie()`. What
keeps iwerk's own derived data right (the search text, the Sturing queue, the contacts following
the zaak's vertrouwelijkheid) hears every event.

Model signals remain only for cache invalidation, each documented in its module:
catalogi.signals and autorisaties.signals (generations), notificaties.signals (abonnementen
generation) and medewerkers.signals (staff contexts). iwerk/core/tests/test_gebeurtenissen.py
fails on any other model signal receiver.
"""

from __future__ import annotations

from iwerk.autorisaties.gebeurtenissen import ApplicatieGewijzigd
from iwerk.berichten.services import aanmaken as berichten
from iwerk.catalogi.gebeurtenissen import TypeGewijzigd
from iwerk.core.audit import Change
from iwerk.core.gebeurtenissen import verbind
from iwerk.klantinteracties.services import klantcontacten
from iwerk.notificaties.services import outbox
from iwerk.portaal.services import mail as portaal_mail
from iwerk.signaleringen.services import afleiden as signalen
from iwerk.sturing.services import wachtrij as sturing_wachtrij
from iwerk.werkverdeling.gebeurtenissen import (
    GoedkeuringBeslist,
    GoedkeuringGevraagd,
    TaakToegewezen,
)
from iwerk.werkverdeling.services import routering, taken
from iwerk.zaken.gebeurtenissen import (
    KlantcontactToegevoegd,
    ResultaatGewijzigd,
    RolGewijzigd,
    StatusGezet,
    ZaakAangemaakt,
    ZaakGesloten,
    ZaakGewijzigd,
    ZaakHeropend,
    ZaakTeamGewijzigd,
    ZaakVerwijderd,
)
from iwerk.zaken.services import zoektekst


def verbind_alles() -> None:
    # Every audited change of the Zaken, Documenten and Besluiten registers (core.audit.record,
    # audit.announce_destroy): a Notificatie with its Leveringen in the outbox (ADR 0017), and
    # the search text of the zaak it concerns.
    verbind(Change, outbox.on_change, ook_bij_migratie=False)
    verbind(Change, zoektekst.on_change)
    # The registers without an audit trail announce their changes themselves: catalogi types
    # (kanalen zaaktypen, informatieobjecttypen, besluittypen) and applicaties (autorisaties).
    verbind(TypeGewijzigd, outbox.type_gewijzigd, ook_bij_migratie=False)
    verbind(ApplicatieGewijzigd, outbox.applicatie_gewijzigd, ook_bij_migratie=False)

    # A zaak and the parts the management figures read: queue the zaak for the Sturing refresh
    # (a Bijwerking in the same transaction, ADR 0021).
    verbind(ZaakAangemaakt, sturing_wachtrij.zaak_veranderd)
    verbind(ZaakGewijzigd, sturing_wachtrij.zaak_veranderd)
    # … and the contacts about the zaak follow its vertrouwelijkheidaanduiding (ADR 0052).
    verbind(ZaakGewijzigd, klantcontacten.zaak_gewijzigd)
    verbind(ZaakVerwijderd, sturing_wachtrij.zaak_veranderd)
    verbind(ResultaatGewijzigd, sturing_wachtrij.zaak_veranderd)
    verbind(RolGewijzigd, sturing_wachtrij.zaak_veranderd)
    verbind(KlantcontactToegevoegd, sturing_wachtrij.zaak_veranderd)

    # A new status (zaken.services.status.set_status): the Sturing queue, and after the commit
    # the status mail to whoever sent the request through the portaal.
    for soort in (StatusGezet, ZaakGesloten, ZaakHeropend):
        verbind(soort, sturing_wachtrij.zaak_veranderd)
        verbind(soort, portaal_mail.status_gezet, ook_bij_migratie=False)

    # The initiator of every zaak (whichever channel made it) is told on their own channel:
    # a Bericht per channel in the event's transaction, sent by the worker (ADR 0053). The
    # registration when the initiator rol is added; a new status, a reopening and the closing;
    # a new besluit about the zaak (heard as the besluiten register's audited Change).
    verbind(RolGewijzigd, berichten.rol_gewijzigd, ook_bij_migratie=False)
    verbind(StatusGezet, berichten.status_gezet, ook_bij_migratie=False)
    verbind(ZaakGesloten, berichten.status_gezet, ook_bij_migratie=False)
    verbind(ZaakHeropend, berichten.status_gezet, ook_bij_migratie=False)
    verbind(Change, berichten.on_change, ook_bij_migratie=False)

    # Werk in goede banen (ADR 0056, ADR 0057). A new zaak, whatever its channel, goes to the
    # team queue its gemeente's routing rules name (else the intake); an eigenschap or object
    # added while it is still routed automatically may route it again. Reaching a status makes
    # the tasks of its checklist.
    verbind(ZaakAangemaakt, routering.zaak_aangemaakt, ook_bij_migratie=False)
    verbind(Change, routering.on_change, ook_bij_migratie=False)
    verbind(StatusGezet, taken.status_bereikt, ook_bij_migratie=False)
    verbind(ZaakHeropend, taken.status_bereikt, ook_bij_migratie=False)
    # Signals to staff, each once per event and person: what was assigned to them or their team,
    # a document added to their zaak, an approval that waits or was decided.
    verbind(RolGewijzigd, signalen.rol_gewijzigd, ook_bij_migratie=False)
    verbind(ZaakTeamGewijzigd, signalen.team_gewijzigd, ook_bij_migratie=False)
    verbind(TaakToegewezen, signalen.taak_toegewezen, ook_bij_migratie=False)
    verbind(GoedkeuringGevraagd, signalen.goedkeuring_gevraagd, ook_bij_migratie=False)
    verbind(GoedkeuringBeslist, signalen.goedkeuring_beslist, ook_bij_migratie=False)
    verbind(Change, signalen.on_change, ook_bij_migratie=False)
