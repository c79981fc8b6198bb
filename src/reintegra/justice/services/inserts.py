"""Fast multi-row inserts for the bulk loader.

``QuerySet.bulk_create`` compiles every value through the ORM and, on SQLite, sends at most 999
parameters per statement (about 60 rows of a justice table); at a million rows that compile step
dominates. Here each field's database conversion is chosen once per batch and rows go to the
database with ``executemany`` (``COPY`` on PostgreSQL). Primary keys are reserved up front (``nextval`` on PostgreSQL,
above the table's highest id and ``sqlite_sequence`` inside SQLite's write lock), so children can
point at parents without reading ids back. Other databases fall back to ``bulk_create``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

Converter = Callable[[Any], Any] | None
ROWS_PER_STATEMENT = 5000


def fast_path() -> bool:
    return connection.vendor in {"sqlite", "postgresql"}


def _converter(field: models.Field) -> Converter:
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        # Rows of one batch share their timestamp: convert it once.
        last: list[Any] = [None, None]

        def convert(value: Any) -> Any:
            if value is not last[0]:
                last[0], last[1] = value, ops.adapt_datetimefield_value(value)
            return last[1]

        return convert
    if kind == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if kind == "JSONField":
        last_json: list[Any] = [None, None]

        def convert_json(value: Any) -> Any:
            # A value shared by every row (the empty "before" of a history entry) is encoded once.
            if value is not last_json[0]:
                last_json[0], last_json[1] = value, ops.adapt_json_value(value, field.encoder)
            return last_json[1]

        return convert_json
    return None


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model`` (call inside the loader's transaction)."""
    if count == 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return list(range(highest + 1, highest + 1 + count))


def _statement(model: type[models.Model], columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"


def insert_tuples(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert plain rows (values in ``fields`` order, already the Python values of those fields):
    ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""
    concrete = [model._meta.get_field(name) for name in fields]
    converters = [(i, c) for i, c in enumerate(_converter(f) for f in concrete) if c is not None]

    def prepared() -> Iterator[list[Any]]:
        for row in rows:
            values = list(row)
            for index, convert in converters:
                if values[index] is not None:
                    values[index] = convert(values[index])
            yield values

    if connection.vendor == "postgresql":
        return _copy(model, [f.column for f in concrete], prepared())
    sql = _statement(model, [f.column for f in concrete])
    total = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for values in prepared():
            batch.append(values)
            if len(batch) >= ROWS_PER_STATEMENT:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _copy(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    total = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:  # the psycopg cursor under Django's wrapper
            for values in rows:
                copy.write_row(values)
                total += 1
    return total


def insert_instances(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert unsaved instances and give each its primary key. Foreign keys given as (saved or
    just inserted) related objects are resolved to ids first; auto_now fields get the time now."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    relations = [(f.name, f.attname) for f in fields if f.is_relation]
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objs:
        values = obj.__dict__
        cache = obj._state.fields_cache
        for name, attname in relations:
            if values.get(attname) is None:
                related = cache.get(name)
                if related is not None:
                    # Straight into __dict__: setattr would drop the cached related object,
                    # and the timeline reads it afterwards.
                    values[attname] = related.pk
        for attname in stamped:
            values[attname] = now
    if not fast_path():
        model.objects.bulk_create(objs, batch_size=1000)
        return
    ids = reserve_ids(model, len(objs))
    pk_attname = model._meta.pk.attname
    for obj, pk in zip(objs, ids):
        obj.__dict__[pk_attname] = pk
    attnames = [pk_attname] + [f.attname for f in fields]
    insert_tuples(model, [model._meta.pk.name] + [f.name for f in fields],
                  ([obj.__dict__[name] for name in attnames] for obj in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
