"""Migration operations that run online on PostgreSQL: no statement holds a lock that stops reads or
writes of a large table for longer than a catalogue update (ADR 0022).

On PostgreSQL:
- `AddFieldOnline` adds the column (NULL or with a constant default: a catalogue change since
  PostgreSQL 11), then its CHECK and foreign key as NOT VALID, each followed by VALIDATE
  CONSTRAINT (which reads the table without blocking writes), then its index CONCURRENTLY;
  each step first looks whether it was done, so a run interrupted halfway can simply be repeated;
- `AddIndexOnline` builds an index CONCURRENTLY (an invalid leftover of an interrupted build is
  dropped first, so re-running the migration works); `RemoveIndexOnline` drops one CONCURRENTLY;
- `backfill` updates a large table in key ranges sized to take ~0.1 s, each its own transaction.

Migrations using them set `atomic = False` (CONCURRENTLY cannot run in a transaction). Other
engines (SQLite, the embedded default) get Django's ordinary operations: there, a migration runs
while the single node is stopped anyway.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, TypeGuard

from django.db import OperationalError, migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState

if TYPE_CHECKING:
    from django.db.backends.postgresql.schema import DatabaseSchemaEditor as PostgresSchemaEditor

BATCH = 10_000
MIN_RANGE = 100
MAX_CANCELLED = 10  # consecutive cancellations of the smallest range before giving up
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled by its timeout


def _postgres(schema_editor: BaseDatabaseSchemaEditor) -> TypeGuard[PostgresSchemaEditor]:
    return schema_editor.connection.vendor == "postgresql"


class AddFieldOnline(migrations.AddField):
    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if not _postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        field = model._meta.get_field(self.name)
        # The _create_*_sql methods are Django's private API, not in django-stubs.
        if (
            field.db_index and schema_editor._create_like_index_sql(model, field) is not None  # type: ignore[attr-defined]
        ):
            # Django adds a second (pattern) index to an indexed text column; not built here.
            raise NotImplementedError(
                f"{field.name}: index text columns with AddIndexOnline (and its opclasses)."
            )
        # Every step checks for its own result first: a non-atomic migration interrupted halfway
        # (a deploy's time limit, a lock_timeout) is simply run again.
        table = schema_editor.quote_name(model._meta.db_table)
        column = schema_editor.quote_name(field.column)
        definition, params = schema_editor.column_sql(model, field, include_default=True)
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {definition}", params
        )
        if schema_editor.effective_default(field) is not None and not field.has_db_default():
            # As Django does: the default was only for the rows that exist; code sets it after.
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP DEFAULT")
        check = field.db_parameters(connection=schema_editor.connection)["check"]
        if check:
            # A column CHECK would be verified against every row under the ADD COLUMN lock; as a
            # separate NOT VALID constraint, validated afterwards, it is not. The name is the one
            # PostgreSQL gives an inline column check.
            name = f"{model._meta.db_table}_{field.column}_check"
            _add_constraint(schema_editor, table, name, f"CHECK ({check})")
        if field.remote_field and field.db_constraint:
            fk = schema_editor._create_fk_sql(  # type: ignore[attr-defined]
                model, field, "_fk_%(to_table)s_%(to_column)s"
            )
            name = str(fk.parts["name"]).strip('"')
            if _validated(schema_editor, table, name) is None:
                schema_editor.execute(f"{fk} NOT VALID")
            _add_constraint(schema_editor, table, name, None)
        if field.db_index and not field.unique:
            index = schema_editor._create_index_sql(  # type: ignore[attr-defined]
                model, fields=[field], concurrently=True
            )

            name = str(index.parts["name"]).strip('"')
            _drop_invalid(schema_editor, name)
            if not _exists(schema_editor, name):
                schema_editor.execute(index)
        return None


class AddIndexOnline(migrations.AddIndex):
    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if not _postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            _drop_invalid(schema_editor, self.index.name)
            schema_editor.add_index(model, self.index, concurrently=True)
        return None

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            if _postgres(schema_editor):
                schema_editor.remove_index(model, self.index, concurrently=True)
            else:
                schema_editor.remove_index(model, self.index)


class RemoveIndexOnline(migrations.RemoveIndex):
    """DROP INDEX CONCURRENTLY on PostgreSQL (no lock that stops reads or writes of the table),
    and only when it is there: a run interrupted after the drop is simply repeated. Pair it with
    an AddIndexOnline of the replacement first, so queries always have an index."""

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if not _postgres(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.execute(
                f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.name)}"
            )
        return None


def _add_constraint(
    schema_editor: BaseDatabaseSchemaEditor, table: str, name: str, definition: str | None
) -> None:
    """Add (unless there) the constraint NOT VALID, then validate it (unless it is)."""
    validated = _validated(schema_editor, table, name)
    quoted = schema_editor.quote_name(name)
    if validated is None and definition is not None:
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition} NOT VALID")
    if not validated:
        schema_editor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {quoted}")


def _validated(schema_editor: BaseDatabaseSchemaEditor, table: str, name: str) -> bool | None:
    """Whether table's constraint name is validated; None when it does not exist."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT convalidated FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s",
            [table, name[:63]],  # PostgreSQL truncates identifiers to 63 bytes
        )
        row = cursor.fetchone()
    return None if row is None else row[0]


def _exists(schema_editor: BaseDatabaseSchemaEditor, name: str) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [schema_editor.quote_name(name)])
        return cursor.fetchone()[0]


def _drop_invalid(schema_editor: BaseDatabaseSchemaEditor, name: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND NOT i.indisvalid",
            [name],
        )
        if cursor.fetchone():
            schema_editor.execute(f"DROP INDEX CONCURRENTLY {schema_editor.quote_name(name)}")


def backfill(
    schema_editor: BaseDatabaseSchemaEditor,
    table: str,
    sql: str,
    seconds: float = 0.1,
    limit: float = 0.5,
) -> None:
    """Run sql (an UPDATE with two placeholders: the first and last id of a range) over table in
    id ranges, each committed on its own in a non-atomic migration: row locks are held for one
    range at a time, never for the whole table. Ranges are sized to take about `seconds` each.

    On PostgreSQL no range may hold its locks longer than `limit`: a statement timeout cancels
    one that does (it rolls back and releases them) and the range is tried again at a quarter
    of the size. Sizing alone cannot promise that: at 10,000,000 zaken one range took 1.04 s
    against a target of 0.1 s, its neighbours under 0.34 s.
    """
    # Inside a transaction a cancelled statement would abort it: no retry possible there.
    guarded = _postgres(schema_editor) and not schema_editor.connection.in_atomic_block
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {schema_editor.quote_name(table)}")  # noqa: S608
        low, high = cursor.fetchone()
        if guarded and low is not None:
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, false)", [f"{int(limit * 1000)}ms"]
            )
    if low is None:
        return
    start, size, cancelled = low, BATCH // 10, 0
    try:
        while start <= high:
            began = time.perf_counter()
            try:
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute(sql, [start, start + size - 1])
            except OperationalError as exc:
                if not guarded or getattr(exc.__cause__, "sqlstate", None) != QUERY_CANCELED:
                    raise
                cancelled += 1
                if size == MIN_RANGE and cancelled > MAX_CANCELLED:
                    raise  # not the range's size: something holds these rows (see lock_timeout)
                size = max(size // 4, MIN_RANGE)
                continue
            cancelled = 0
            start += size
            took = max(time.perf_counter() - began, 0.001)
            # Grow slowly, shrink at once: a range that hits cold pages or a checkpoint may take
            # several times as long as the last one (at 10,000,000 zaken one took 1.35 s against a
            # target of 0.2 s while ranges grew up to fivefold per step).
            size = int(min(max(size * min(seconds / took, 1.5), MIN_RANGE), BATCH * 5))
    finally:
        if guarded:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
