"""Domain events (core.gebeurtenissen) and the rule that model signals are for caches only."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from iwerk.core import gebeurtenissen
from iwerk.core.migratie import migratie

IWERK = Path(__file__).resolve().parents[2]
MODEL_SIGNALS = {
    "pre_init",
    "post_init",
    "pre_save",
    "post_save",
    "pre_delete",
    "post_delete",
    "m2m_changed",
}
# The documented cache-invalidation hooks (ADR 0037): each module says so in its first words.
CACHE_INVALIDATION = {
    "autorisaties/signals.py",
    "catalogi/signals.py",
    "klantinteracties/signals.py",
    "medewerkers/signals.py",
    "notificaties/signals.py",
}
# Connects no receiver: refuses to insert a row of a model that has one (core.fastsql).
CHECKS_FOR_RECEIVERS = {"core/fastsql.py"}


def _modules_using_model_signals() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(IWERK.rglob("*.py")):
        relative = path.relative_to(IWERK).as_posix()
        if "/tests/" in f"/{relative}" or "/migrations/" in relative:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # `from django.db.models.signals import post_save`, and `signals.post_save` (any
        # module object called signals, e.g. `from django.db.models import signals`).
        names = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "django.db.models.signals"
            for alias in node.names
        } | {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and (
                (isinstance(node.value, ast.Name) and node.value.id == "signals")
                or (isinstance(node.value, ast.Attribute) and node.value.attr == "signals")
            )
        }
        if used := names & MODEL_SIGNALS:
            found[relative] = used
    return found


def test_model_signals_only_invalidate_caches():
    """A consequence of a change (a notification, a mail, a queue row) is an event a service
    publishes, wired in iwerk/verbindingen.py; a model signal receiver may only keep a cache."""
    found = _modules_using_model_signals()
    allowed = CACHE_INVALIDATION | CHECKS_FOR_RECEIVERS
    assert set(found) <= allowed, {
        module: sorted(used) for module, used in found.items() if module not in allowed
    }
    for module in set(found) - CHECKS_FOR_RECEIVERS:
        docstring = ast.get_docstring(ast.parse((IWERK / module).read_text(encoding="utf-8")))
        assert (docstring or "").startswith("Cache invalidation"), module


def test_the_scan_sees_a_receiver_hidden_in_any_module(tmp_path, monkeypatch):
    (tmp_path / "zaken").mkdir()
    (tmp_path / "zaken" / "hooks.py").write_text(
        "from django.db.models.signals import post_save\n"
        "from django.dispatch import receiver\n"
        "@receiver(post_save)\ndef queue(**kwargs): ...\n"
    )
    (tmp_path / "zaken" / "other.py").write_text(
        "from django.db.models import signals\nsignals.post_delete.connect(print)\n"
    )
    monkeypatch.setattr(f"{__name__}.IWERK", tmp_path)
    assert _modules_using_model_signals() == {
        "zaken/hooks.py": {"post_save"},
        "zaken/other.py": {"post_delete"},
    }


@dataclass(frozen=True)
class Iets(gebeurtenissen.Gebeurtenis):
    n: int


@dataclass(frozen=True)
class IetsAnders(Iets):
    pass


def test_publiceer_calls_the_consumers_of_exactly_that_event_in_order():
    gehoord: list[tuple[str, int]] = []

    def eerste(g: Iets) -> None:
        gehoord.append(("eerste", g.n))

    def tweede(g: Iets) -> None:
        gehoord.append(("tweede", g.n))

    gebeurtenissen.verbind(Iets, eerste, tweede)
    gebeurtenissen.verbind(Iets, eerste)  # once is enough
    try:
        assert gebeurtenissen.consumenten(Iets) == [eerste, tweede]
        gebeurtenissen.publiceer(Iets(1))
        gebeurtenissen.publiceer(IetsAnders(2))  # a subclass is its own event
        assert gehoord == [("eerste", 1), ("tweede", 1)]
    finally:
        gebeurtenissen.ontkoppel(Iets, eerste)
        gebeurtenissen.ontkoppel(Iets, tweede)
    assert gebeurtenissen.consumenten(Iets) == []


def test_a_migration_write_reaches_only_the_consumers_that_keep_derived_data_right():
    """ADR 0063 point 3: inside migratie() a consumer connected ook_bij_migratie=False is
    skipped; the others hear the event as always, and outside migratie() everyone does."""
    gehoord: list[tuple[str, int]] = []

    def zoektekst(g: Iets) -> None:
        gehoord.append(("zoektekst", g.n))

    def notificatie(g: Iets) -> None:
        gehoord.append(("notificatie", g.n))

    gebeurtenissen.verbind(Iets, notificatie, ook_bij_migratie=False)
    gebeurtenissen.verbind(Iets, zoektekst)
    try:
        assert gebeurtenissen.consumenten(Iets) == [notificatie, zoektekst]
        assert gebeurtenissen.stil_bij_migratie(Iets) == [notificatie]
        with migratie():
            gebeurtenissen.publiceer(Iets(1))
            with migratie():  # nested: still a migration write
                gebeurtenissen.publiceer(Iets(2))
            gebeurtenissen.publiceer(Iets(3))
        gebeurtenissen.publiceer(Iets(4))
        assert gehoord == [
            ("zoektekst", 1),
            ("zoektekst", 2),
            ("zoektekst", 3),
            ("notificatie", 4),
            ("zoektekst", 4),
        ]
    finally:
        gebeurtenissen.ontkoppel(Iets, notificatie)
        gebeurtenissen.ontkoppel(Iets, zoektekst)


def test_connecting_again_keeps_the_place_and_takes_the_new_flag():
    def eerste(g: Iets) -> None: ...

    def tweede(g: Iets) -> None: ...

    gebeurtenissen.verbind(Iets, eerste, tweede)
    gebeurtenissen.verbind(Iets, eerste, ook_bij_migratie=False)
    try:
        assert gebeurtenissen.consumenten(Iets) == [eerste, tweede]
        assert gebeurtenissen.stil_bij_migratie(Iets) == [eerste]
    finally:
        gebeurtenissen.ontkoppel(Iets, eerste)
        gebeurtenissen.ontkoppel(Iets, tweede)


def test_the_wiring_silences_exactly_what_tells_or_starts_work():
    """iwerk/verbindingen.py as ADR 0063 point 3 says: the outbox, messages to the citizen,
    routing, checklists and signals are silent in a migration write; the search text, the
    Sturing queue and the contacts following the zaak are not."""
    from iwerk.autorisaties.gebeurtenissen import ApplicatieGewijzigd
    from iwerk.berichten.services import aanmaken as berichten
    from iwerk.catalogi.gebeurtenissen import TypeGewijzigd
    from iwerk.core.audit import Change
    from iwerk.klantinteracties.services import klantcontacten
    from iwerk.notificaties.services import outbox
    from iwerk.portaal.services import mail as portaal_mail
    from iwerk.signaleringen.services import afleiden as signalen
    from iwerk.sturing.services import wachtrij
    from iwerk.werkverdeling.services import routering, taken
    from iwerk.zaken.gebeurtenissen import (
        RolGewijzigd,
        StatusGezet,
        ZaakAangemaakt,
        ZaakGesloten,
        ZaakGewijzigd,
    )
    from iwerk.zaken.services import zoektekst

    assert gebeurtenissen.stil_bij_migratie(Change) == [
        outbox.on_change,
        berichten.on_change,
        routering.on_change,
        signalen.on_change,
    ]
    assert zoektekst.on_change in gebeurtenissen.consumenten(Change)
    assert gebeurtenissen.stil_bij_migratie(TypeGewijzigd) == [outbox.type_gewijzigd]
    assert gebeurtenissen.stil_bij_migratie(ApplicatieGewijzigd) == [outbox.applicatie_gewijzigd]
    assert gebeurtenissen.stil_bij_migratie(StatusGezet) == [
        portaal_mail.status_gezet,
        berichten.status_gezet,
        taken.status_bereikt,
    ]
    assert gebeurtenissen.stil_bij_migratie(ZaakGesloten) == [
        portaal_mail.status_gezet,
        berichten.status_gezet,
    ]
    assert gebeurtenissen.stil_bij_migratie(ZaakAangemaakt) == [routering.zaak_aangemaakt]
    assert gebeurtenissen.stil_bij_migratie(RolGewijzigd) == [
        berichten.rol_gewijzigd,
        signalen.rol_gewijzigd,
    ]
    assert gebeurtenissen.stil_bij_migratie(ZaakGewijzigd) == []
    assert gebeurtenissen.consumenten(ZaakGewijzigd) == [
        wachtrij.zaak_veranderd,
        klantcontacten.zaak_gewijzigd,
    ]
