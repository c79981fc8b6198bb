"""Fast multi-row inserts for the bulk services of every app (synthetic data, imports).

``QuerySet.bulk_create`` compiles every value through the ORM and on SQLite sends at most 999
parameters per statement; at synthetic-data scale that compile step costs more than the insert.
Here each field's database conversion is chosen once per call and the rows go to the database
with ``executemany`` (``COPY`` on PostgreSQL).

Primary keys are reserved before inserting, so children can point at parents without reading ids
back: on PostgreSQL with ``nextval`` of the table's sequence (safe with concurrent writers); on
SQLite as the range above both the table's highest id and its ``sqlite_sequence`` entry. That is
safe because it runs inside the caller's transaction: SQLite transactions are serialisable (the
project opens them with ``BEGIN IMMEDIATE``, so no other connection can write between the read
and the inserts; in a deferred transaction a concurrent write would make our first write fail
with "database is locked"/``SQLITE_BUSY_SNAPSHOT`` rather than reuse an id). Other back-ends
fall back to ``bulk_create``.

All rows are materialised before a ``COPY`` opens: while it is open nothing else may run on the
connection, so no lazy generator (which might query) is consumed inside it.

Inside ``pipelined()`` (SQLite only; the synthetic-data generator uses it for each batch) the
inserts go to a writer thread as multi-row statements and run beside the caller's Python work,
in order, on the same connection and transaction: see ``_Pipeline``.
"""
from __future__ import annotations

import json
import sqlite3
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone

Converter = Callable[[Any], Any]
ROWS_PER_STATEMENT = 5000
PIPELINED_ROWS_PER_STATEMENT = 4000
EMPTY: dict[str, Any] = {}  # shared (never mutated) empty JSON value, encoded once per insert


def fast_path() -> bool:
    return connection.vendor in {"sqlite", "postgresql"}


def _converter(field: models.Field) -> Converter | None:
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateField":
        # On SQLite ``str``: what BaseDatabaseOperations.adapt_datefield_value returns, without a
        # Python frame per value (a national run converts about 8 million dates).
        return date_converter()
    if kind == "DateTimeField":
        last: list[Any] = [None, None]

        def convert(value: Any) -> Any:
            # The rows of one call share their timestamp: convert it once.
            if value is not last[0]:
                last[0], last[1] = value, ops.adapt_datetimefield_value(value)
            return last[1]

        return convert
    if kind == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if kind == "JSONField":
        last_json: list[Any] = [None, None]

        def convert_json(value: Any) -> Any:
            # A value shared by every row (``EMPTY``: the "before" of a creation entry, the params
            # of most events) is encoded once. Identity, not equality: only the same object is reused.
            if value is not last_json[0]:
                last_json[0], last_json[1] = value, ops.adapt_json_value(value, field.encoder)
            return last_json[1]

        return convert_json
    return None


def _adapts_dates_as_text(ops: Any) -> bool:
    """Whether the back-end sends dates as ``str(value)`` (the base implementation: SQLite)."""
    return getattr(type(ops).adapt_datefield_value, "__func__", type(ops).adapt_datefield_value) is \
        BaseDatabaseOperations.adapt_datefield_value


def date_converter() -> Converter:
    """The conversion ``insert_tuples`` applies to a (non-null) ``DateField`` value."""
    ops = connection.ops
    return str if _adapts_dates_as_text(ops) else ops.adapt_datefield_value


def db_value(model: type[models.Model], field_name: str, value: Any) -> Any:
    """``value`` of ``model.field_name`` as ``insert_tuples`` would send it to the database: for
    callers that convert a value shared by many rows once and pass ``converted=True``."""
    if value is None:
        return None
    convert = _converter(model._meta.get_field(field_name))
    return value if convert is None else convert(value)


def json_text(model: type[models.Model], field_name: str) -> Callable[[Any], str]:
    """An encoder giving the JSON text ``insert_tuples`` would store for ``model.field_name``
    (the field's own encoder, the same ``json.dumps`` call Django's back-ends make). The text is
    accepted by both back-ends (SQLite stores text; PostgreSQL's ``COPY`` parses it as ``jsonb``)."""
    field = model._meta.get_field(field_name)
    if field.get_internal_type() != "JSONField":
        raise TypeError(f"{model._meta.label}.{field_name} is not a JSONField.")
    encoder = field.encoder
    if encoder is not None:
        return lambda value: json.dumps(value, cls=encoder)
    if c_make_encoder is None:
        return json.dumps
    # ``json.dumps(value)`` with its default settings builds this C encoder on every call; build
    # it once (same separators, ASCII escaping, NaN handling and error for unknown types).
    iterencode = c_make_encoder(
        None, json.JSONEncoder().default, encode_basestring_ascii, None, ": ", ", ", False, False, True,
    )
    return lambda value: "".join(iterencode(value, 0))


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``; must run inside the inserting transaction."""
    if count == 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids must run inside the transaction that inserts the rows.")
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    pipe = _pipeline()
    if pipe is not None and table in pipe.next_ids:
        # Ids this pipeline reserved before: the table's highest id is the last one it handed out
        # (any other write through Django in between clears this cache).
        start = pipe.next_ids[table]
        pipe.next_ids[table] = start + count
        return list(range(start, start + count))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")  # noqa: S608 - model names
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    if pipe is not None:
        pipe.next_ids[table] = highest + 1 + count
        _primed[table] = column
    return list(range(highest + 1, highest + 1 + count))


def insert_tuples(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]], *, converted: bool = False,
) -> int:
    """Insert plain rows (the Python values of ``fields``, in that order); returns how many.

    With ``converted=True`` the rows already hold the database values (``db_value``,
    ``json_text``) and are sent as they are. The rows are put into a list first: on PostgreSQL
    nothing else may run on the connection while ``COPY`` is open, so no lazy generator (which
    might query) is consumed inside it.
    """
    concrete = [model._meta.get_field(name) for name in fields]
    prepared: list[Sequence[Any]] = rows if isinstance(rows, list) else list(rows)
    if not converted:
        converters = [(i, c) for i, c in enumerate(_converter(f) for f in concrete) if c is not None]
        if converters and prepared:
            # Column by column: one comprehension per converted field instead of a loop per row.
            columns: list[Sequence[Any]] = list(zip(*prepared))
            for index, convert in converters:
                # ``str`` (dates on SQLite) is called from C here, not through a Python frame per value.
                columns[index] = [None if value is None else convert(value) for value in columns[index]]
            prepared = list(zip(*columns))
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in concrete)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The raw psycopg cursor: wrap its errors so callers catch Django's IntegrityError.
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(concrete))})"  # noqa: S608
            pipe = _pipeline()
            if pipe is not None:
                pipe.insert(model._meta.db_table, table, columns, len(concrete), prepared)
                return len(prepared)
            for start in range(0, len(prepared), ROWS_PER_STATEMENT):
                cursor.executemany(sql, prepared[start:start + ROWS_PER_STATEMENT])
    return len(prepared)


def insert_dicts(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert rows given as ``{attname: value}`` (missing fields take their defaults, auto_now
    fields the time now) and store each new primary key in its dict. Cheaper than building model
    instances when the caller does not need them (a person's identifiers)."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    for field in fields:
        attname = field.attname
        for row in rows:
            if attname in stamped:
                row[attname] = now
            elif attname not in row:
                row[attname] = field.get_default()
    pk_attname = model._meta.pk.attname
    if not fast_path():
        objs = model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
        for row, obj in zip(rows, objs):
            row[pk_attname] = obj.pk
        return
    for row, pk in zip(rows, reserve_ids(model, len(rows))):
        row[pk_attname] = pk
    attnames = [pk_attname] + [f.attname for f in fields]
    insert_tuples(model, [model._meta.pk.name] + [f.name for f in fields],
                  [[row[name] for name in attnames] for row in rows])


def insert_instances(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert unsaved instances and give each its primary key. Foreign keys set as related
    objects (saved, or inserted just before) are resolved to ids; auto_now fields get the time now."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    relations = [(f.name, f.attname) for f in fields if f.is_relation]
    stamp = {f.attname: now for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    # One pass per relation and one dict update per row for the timestamps: at synthetic-data
    # scale (millions of rows) the per-row loop over every relation was a visible cost.
    dicts = [obj.__dict__ for obj in objs]
    for name, attname in relations:
        for obj, values in zip(objs, dicts):
            if values.get(attname) is None:
                related = obj._state.fields_cache.get(name)
                if related is not None:
                    values[attname] = related.pk  # not setattr: that would drop the cached object
    if stamp:
        for values in dicts:
            values.update(stamp)
    if not fast_path():
        model.objects.bulk_create(objs, batch_size=1000)
        return
    pk_attname = model._meta.pk.attname
    for values, pk in zip(dicts, reserve_ids(model, len(objs))):
        values[pk_attname] = pk
    values_of = itemgetter(pk_attname, *(f.attname for f in fields))
    insert_tuples(model, [model._meta.pk.name] + [f.name for f in fields], list(map(values_of, dicts)))
    alias = connection.alias  # read once: each read goes through the connection handler's thread-local
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


# -- Pipelined inserts (SQLite) ----------------------------------------------------------------

class _Pipeline:
    """A writer thread that runs this connection's bulk inserts while the caller goes on.

    Rows are sent as multi-row statements (``INSERT INTO t (...) VALUES (...), (...), ...``, up
    to SQLite's limit of bound parameters): binding the values (with the same adapters as
    ``executemany``) is the only part that needs the GIL, once per statement; SQLite inserts and
    updates the indexes with the GIL released, on the other core. (``executemany`` in a thread
    would take the GIL back for every row, and wait for it each time.) The statements run in the
    order they were sent, on the caller's connection and in its transaction, so the database ends
    up exactly as with ``executemany``.

    Every other statement the caller runs through Django waits first: a ``SELECT`` for the
    inserts into the tables it names (so it reads what the caller wrote before it), anything else
    for all of them. Savepoints are queued in order with the inserts. An error in the writer is
    raised in the caller at the next of these waits, or at the end of the pipeline.
    """

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.owner = threading.get_ident()
        self.next_ids: dict[str, int] = {}
        self.jobs: deque[tuple[int, str | None, str, list[Any] | None]] = deque()
        self.max_params = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.pending: dict[str, int] = {}  # table -> sequence number of its last queued insert
        self.sent = 0
        self.done = 0
        self.error: BaseException | None = None
        self.closing = False
        self.cancelled = False  # the caller failed: the transaction will be rolled back
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="bulkinsert-writer", daemon=True)
        self.thread.start()

    # -- caller side
    def _submit(self, table: str | None, sql: str, params: list[Any] | None) -> None:
        with self.cond:
            self.sent += 1
            self.jobs.append((self.sent, table, sql, params))
            if table is not None:
                self.pending[table] = self.sent
            self.cond.notify_all()

    def wait(self, upto: int | None = None) -> None:
        """Wait until the jobs up to ``upto`` (all by default) have run; raise a writer error."""
        with self.cond:
            target = self.sent if upto is None else upto
            while self.done < target and self.error is None:
                self.cond.wait()
            error = self.error
        if error is not None:
            self.drain_after_error()
            with connection.wrap_database_errors:
                raise error

    def drain_after_error(self) -> None:
        with self.cond:
            while self.done < self.sent:
                self.cond.wait()

    def wait_for_tables(self, sql: str) -> None:
        upto = 0
        with self.cond:
            for table, seq in self.pending.items():
                if seq > self.done and f'"{table}"' in sql:
                    upto = max(upto, seq)
        if upto or self.error is not None:
            self.wait(upto)

    def insert(self, table: str, quoted_table: str, columns: str, width: int, rows: list[Sequence[Any]]) -> None:
        per = max(1, min(PIPELINED_ROWS_PER_STATEMENT, self.max_params // width))
        one = f"({', '.join(['?'] * width)})"
        full = ""
        for start in range(0, len(rows), per):
            chunk = rows[start:start + per]
            if len(chunk) == per and full:
                sql = full
            else:
                sql = f"INSERT INTO {quoted_table} ({columns}) VALUES {', '.join([one] * len(chunk))}"  # noqa: S608
                if len(chunk) == per:
                    full = sql
            self._submit(table, sql, list(chain.from_iterable(chunk)))

    def control(self, sql: str) -> None:
        """A statement without results (savepoints) run in order with the inserts."""
        self._submit(None, sql, None)

    def close(self, failed: bool) -> None:
        with self.cond:
            self.closing = True
            self.cancelled = failed
            self.cond.notify_all()
        self.thread.join()
        if not failed and self.error is not None:
            with connection.wrap_database_errors:
                raise self.error

    # -- writer side
    def _run(self) -> None:
        cursor = self.raw.cursor()
        try:
            while True:
                with self.cond:
                    while not self.jobs and not self.closing:
                        self.cond.wait()
                    if not self.jobs:
                        return
                    seq, table, sql, params = self.jobs.popleft()
                    skip = (self.error is not None or self.cancelled) and table is not None
                if not skip:
                    try:
                        cursor.execute(sql, params) if params is not None else cursor.execute(sql)
                    except BaseException as exc:  # noqa: BLE001 - raised in the caller
                        with self.cond:
                            if self.error is None:
                                self.error = exc
                with self.cond:
                    self.done = seq
                    self.cond.notify_all()
        finally:
            cursor.close()

    def execute_wrapper(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if threading.get_ident() != self.owner:
            return execute(sql, params, many, context)
        head = sql.lstrip()[:16].upper()
        if head.startswith(("SAVEPOINT", "RELEASE")) and not params:
            self.control(sql)
            return None
        if head.startswith("SELECT"):
            self.wait_for_tables(sql)
        else:
            self.wait()
            self.next_ids.clear()  # a write through Django (or a rollback): read the highest ids again
        return execute(sql, params, many, context)


_active: _Pipeline | None = None
_primed: dict[str, str] = {}  # tables earlier pipelines reserved ids for: read before the writer starts


def _prime(pipe: _Pipeline) -> None:
    """Read the highest ids of the tables earlier pipelines inserted into, while the writer is
    still idle (later, a query waits for the writer's current statement)."""
    if not _primed:
        return
    tables = sorted(_primed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        sequences: dict[str, int] = {}
        if cursor.fetchone():
            cursor.execute(f"SELECT name, seq FROM sqlite_sequence WHERE name IN ({', '.join(['%s'] * len(tables))})",
                           tables)
            sequences = dict(cursor.fetchall())
        quote = connection.ops.quote_name
        for table in tables:
            cursor.execute(f"SELECT MAX({quote(_primed[table])}) FROM {quote(table)}")  # noqa: S608 - model tables
            highest = cursor.fetchone()[0] or 0
            pipe.next_ids[table] = max(highest, sequences.get(table, 0)) + 1


def _pipeline() -> _Pipeline | None:
    pipe = _active
    if pipe is None or pipe.owner != threading.get_ident() or connection.vendor != "sqlite":
        return None
    return pipe if connection.connection is pipe.raw else None


@contextmanager
def pipelined() -> Iterator[None]:
    """Run the bulk inserts of the block on a second core (SQLite; elsewhere nothing changes).

    Must be entered inside the transaction that writes (``transaction.atomic``): the inserts
    may still be running when the block's other code runs, and are all done when the block
    exits, before the transaction commits. See ``_Pipeline`` for why the result is the same.
    """
    global _active
    if connection.vendor != "sqlite" or _active is not None:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("pipelined() must run inside the transaction that inserts the rows.")
    connection.ensure_connection()
    pipe = _Pipeline(connection.connection)
    _active = pipe
    failed = True
    switch = sys.getswitchinterval()
    # The writer needs the GIL once per statement; by default it may wait 5 ms for it.
    sys.setswitchinterval(min(switch, 0.0005))
    try:
        _prime(pipe)
        with connection.execute_wrapper(pipe.execute_wrapper):
            yield
            pipe.wait()
        failed = False
    finally:
        _active = None
        sys.setswitchinterval(switch)
        pipe.close(failed)


def sync() -> None:
    """Wait for the pipelined inserts sent so far (raising their error, if any); no-op otherwise."""
    pipe = _pipeline()
    if pipe is not None:
        pipe.wait()
