"""Every migration after release 0.1.0's schema runs online on PostgreSQL (ADR 0022): the checks a
reviewer would otherwise have to remember. The timing of the locks on a large table is measured
for real by ops/online_migration.py (CI: 300,000 zaken; docs/performance.md: 10,000,000)."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import OperationalError, connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ModelState, ProjectState

from iwerk.core import online

# The last migration of each app in the 0.1.0 schema, which is only ever applied to an empty
# database. zaken 0016 and 0017 came after the rule and were made online (ADR 0022).
BASELINE = {
    "core": "0006",
    "catalogi": "0001",
    "autorisaties": "0001",
    "zaken": "0015",
    "documenten": "0003",
    "besluiten": "0003",
    "notificaties": "0004",
    "werkplek": "0002",
    "medewerkers": "0000",  # a later app: every migration of it runs online
    "portaal": "0003",
    "incidenten": "0002",
    "portfolio": "0001",
    "sturing": "0001",
    "archief": "0000",  # a later app: every migration of it runs online
    "basisregistraties": "0000",
    "klantinteracties": "0000",
    "berichten": "0000",
}

# Operations that rewrite or lock a whole existing table on PostgreSQL, with what to use instead.
REFUSED = {
    migrations.AddIndex: "AddIndexOnline",
    migrations.AddField: "AddFieldOnline",
    migrations.AlterField: "a new column, a batched backfill and a later switch",
    migrations.RenameField: "a new column (renames break the running old version)",
    migrations.RenameModel: "a new table (renames break the running old version)",
    migrations.AddConstraint: "an index built CONCURRENTLY and a NOT VALID constraint",
    migrations.AlterUniqueTogether: "a UniqueConstraint on an index built CONCURRENTLY",
}


def _later_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app in BASELINE and name[:4] > BASELINE[app]:
            yield f"{app}.{name}", migration, loader.project_state((app, name), at_end=False)


def _only_labels(state: ProjectState, app: str, op: migrations.AlterField) -> bool:
    """An AlterField that changes only what the database never sees (verbose_name, help_text,
    choices, validators…): Django's schema editor issues no SQL for it."""
    try:
        old = state.models[app, op.model_name.lower()].fields[op.name]
    except KeyError:
        return False

    def schema(field):
        path, args, kwargs = field.deconstruct()[1:]
        ignored = set(field.non_db_attrs) - {"db_column"}
        return path, args, {k: v for k, v in kwargs.items() if k not in ignored}

    return schema(old) == schema(op.field)


def _problems(label: str, migration, state: ProjectState | None = None) -> list[str]:
    created = {
        op.name.lower() for op in migration.operations if isinstance(op, migrations.CreateModel)
    }
    found = []
    for op in migration.operations:
        model = getattr(op, "model_name", "") or ""
        if model.lower() in created:
            continue  # a table made in this very migration is empty
        labels_only = isinstance(op, migrations.AlterField) and state is not None
        if labels_only and _only_labels(state, label.split(".")[0], op):
            continue
        for kind, instead in REFUSED.items():
            if type(op) is kind:
                found.append(f"{label}: {kind.__name__} on {model}; use {instead}")
        online_op = isinstance(op, online.AddFieldOnline | online.AddIndexOnline)
        if (online_op or isinstance(op, migrations.RunPython)) and migration.atomic:
            found.append(
                f"{label}: {type(op).__name__} needs `atomic = False` (short transactions)"
            )
    return found


def test_migrations_after_the_baseline_run_online():
    checked = list(_later_migrations())
    assert {label for label, _, _ in checked} >= {
        "zaken.0016_huidige_statustype",
        "zaken.0017_zaak_opgeschorte_dagen",
    }
    assert [p for label, m, state in checked for p in _problems(label, m, state)] == []


def test_the_rules_catch_a_locking_migration():
    class Locking(migrations.Migration):
        operations = [
            migrations.AddIndex(
                model_name="zaak", index=models.Index(fields=["omschrijving"], name="z")
            ),
            migrations.AlterField(model_name="zaak", name="omschrijving", field=models.TextField()),
            migrations.RunPython(migrations.RunPython.noop),
        ]

    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    problems = _problems("zaken.9999_locking", Locking("9999_locking", "zaken"), state)
    assert len(problems) == 3
    assert "use AddIndexOnline" in problems[0] and "atomic = False" in problems[2]


def test_a_new_label_alone_needs_no_online_steps():
    omschrijving = models.CharField("korte omschrijving", max_length=80, blank=True)

    class Labels(migrations.Migration):
        operations = [
            migrations.AlterField(model_name="zaak", name="omschrijving", field=omschrijving),
        ]

    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    assert state.models["zaken", "zaak"].fields["omschrijving"].max_length == 80
    assert _problems("zaken.9999_labels", Labels("9999_labels", "zaken"), state) == []


BACKFILL_TABLE = "iwerk_backfill_test"
# Ranges of 400 ids or more sleep past the limit, as a range hitting cold pages would.
SLOW_WHEN_LARGE = f"""
WITH r AS (SELECT %s::bigint AS lo, %s::bigint AS hi),
     s AS (SELECT pg_sleep(CASE WHEN hi - lo >= 399 THEN 0.5 ELSE 0 END) FROM r)
UPDATE {BACKFILL_TABLE} SET n = n + 1 FROM r, s WHERE id BETWEEN r.lo AND r.hi
"""


@pytest.fixture
def backfill_table(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("statement timeouts per range: PostgreSQL (CI runs the suite on it)")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {BACKFILL_TABLE} (id bigint PRIMARY KEY, n int NOT NULL)")
        cursor.execute(
            f"INSERT INTO {BACKFILL_TABLE} SELECT g, 0 FROM generate_series(1, 3000) g"  # noqa: S608
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {BACKFILL_TABLE}")


def _counts() -> dict[int, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n, count(*) FROM {BACKFILL_TABLE} GROUP BY n")  # noqa: S608
        return dict(cursor.fetchall())


def test_a_range_over_the_limit_is_cancelled_and_done_again_smaller(backfill_table):
    timed: list[float] = []

    def timing(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if "UPDATE" in sql:
                timed.append(time.perf_counter() - began)

    with connection.execute_wrapper(timing), connection.schema_editor(atomic=False) as editor:
        online.backfill(editor, BACKFILL_TABLE, SLOW_WHEN_LARGE, seconds=0.05, limit=0.2)
    assert _counts() == {1: 3000}  # every row exactly once: no range lost or applied twice
    cancelled = [t for t in timed if t >= 0.15]
    assert cancelled, timed  # the first range (1,000 ids) was over the limit
    assert max(timed) < 0.45, timed  # none ran to its 0.5 s sleep
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"  # the session is left as it was


def test_a_row_held_by_another_transaction_fails_the_backfill_instead_of_waiting(backfill_table):
    connection.ensure_connection()
    holder = psycopg.connect(connection.connection.info.dsn, autocommit=False)
    try:
        holder.execute(f"SELECT 1 FROM {BACKFILL_TABLE} WHERE id = 1 FOR UPDATE")  # noqa: S608
        with (
            pytest.raises(OperationalError),
            connection.schema_editor(atomic=False) as editor,
        ):
            online.backfill(
                editor,
                BACKFILL_TABLE,
                f"UPDATE {BACKFILL_TABLE} SET n = n + 1 WHERE id BETWEEN %s AND %s",  # noqa: S608
                limit=0.05,
            )
    finally:
        holder.rollback()
        holder.close()
    assert _counts() == {0: 3000}


# AddFieldOnline interrupted at every one of its statements, then run again: the result must be
# the one of a single run (a deploy's time limit or a lock_timeout may stop it anywhere).
SOORT = ModelState("online_test", "Soort", [("id", models.BigAutoField(primary_key=True))])
DING = ModelState("online_test", "Ding", [("id", models.BigAutoField(primary_key=True))])
ADD_FIELDS = [
    online.AddFieldOnline(
        "ding", "stap", models.PositiveSmallIntegerField(null=True, db_index=True)
    ),
    online.AddFieldOnline(
        "ding",
        "soort",
        models.ForeignKey("online_test.Soort", null=True, on_delete=models.PROTECT),
    ),
]


class Interrupted(Exception):
    pass


@pytest.fixture
def ding_table(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("the online path of AddFieldOnline: PostgreSQL (CI runs the suite on it)")
    state = ProjectState()
    state.add_model(SOORT.clone())
    state.add_model(DING.clone())
    with connection.schema_editor() as editor:
        for name in ("Soort", "Ding"):
            editor.create_model(state.apps.get_model("online_test", name))
    yield state
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE online_test_ding, online_test_soort")


def _add_fields(state: ProjectState, stop_at: int | None = None) -> int:
    """Apply ADD_FIELDS to the table; raise Interrupted instead of the stop_at-th statement."""
    statements = 0

    def interrupting(execute, sql, params, many, context):
        nonlocal statements
        if not sql.lstrip().upper().startswith("SELECT"):  # the operation's own lookups
            statements += 1
            if statements == stop_at:
                raise Interrupted(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(interrupting):
        for operation in ADD_FIELDS:
            to_state = state.clone()
            operation.state_forwards("online_test", to_state)
            with connection.schema_editor(atomic=False) as editor:
                operation.database_forwards("online_test", editor, state, to_state)
            state = to_state
    return statements


def _schema() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute "
            "WHERE attrelid = 'online_test_ding'::regclass AND attnum > 0 AND NOT attisdropped"
        )
        columns = sorted(cursor.fetchall())
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = 'online_test_ding'::regclass"
        )
        constraints = sorted(cursor.fetchall())
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'online_test_ding'::regclass"
        )
        indexes = sorted(cursor.fetchall())
    return {"columns": columns, "constraints": constraints, "indexes": indexes}


def _drop_added() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE online_test_ding DROP COLUMN IF EXISTS stap")
        cursor.execute("ALTER TABLE online_test_ding DROP COLUMN IF EXISTS soort_id")


def test_add_field_online_runs_again_after_an_interruption_at_any_statement(ding_table):
    total = _add_fields(ding_table)
    once = _schema()
    assert len(once["constraints"]) == 3 and all(valid for *_, valid in once["constraints"])
    assert len(once["indexes"]) == 3 and all(valid for *_, valid in once["indexes"])
    assert total >= 8  # per field: column, constraint NOT VALID, VALIDATE, index
    for stop_at in range(1, total + 1):
        _drop_added()
        with pytest.raises(Interrupted):
            _add_fields(ding_table, stop_at)
        assert _schema() != once  # interrupted before its end
        _add_fields(ding_table)
        assert _schema() == once, f"interrupted before statement {stop_at}"


def test_add_field_online_drops_an_index_build_left_invalid_and_builds_it_again(ding_table):
    _add_fields(ding_table)
    once = _schema()
    _drop_added()
    connection.ensure_connection()
    writer = psycopg.connect(connection.connection.info.dsn, autocommit=False)

    def cancelled_index_build(execute, sql, params, many, context):
        if "CREATE INDEX CONCURRENTLY" in sql and writer.info.transaction_status == 0:
            # A transaction writing the table: the build waits for it, and the timeout cancels
            # the build after its catalogue entry exists, which leaves the index invalid.
            writer.execute("UPDATE online_test_ding SET id = id WHERE false")
            with connection.connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = '300ms'")
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(cancelled_index_build), pytest.raises(OperationalError):
            _add_fields(ding_table)
    finally:
        writer.rollback()
        writer.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
    assert any(not valid for *_, valid in _schema()["indexes"])
    _add_fields(ding_table)
    assert _schema() == once
