"""The warehouse as a DuckDB database file that DuckDB 1.x opens.

DuckDB 2.0 writes its own files in storage format v2.0.0, which no DuckDB before 2.0 can
read. ``write_legacy_database`` copies the published schemas (``raw``, ``marts``, ``meta``;
not the ``staging`` views) into a file attached with ``STORAGE_VERSION 'v1.0.0'`` (storage
version number 64, the oldest DuckDB 2.0 writes: asking it for 'v0.9.0' or 'v0.10.0' gives the same
'v1.0.0+' file).

Who reads it, checked by opening a file written here with each release's own Python package
(``tests/test_legacy_warehouse.py`` does so on every run with 1.0.0 and 1.5.6): DuckDB 1.0.0,
1.1.0, 1.1.3, 1.2.2, 1.3.2, 1.4.5 and 1.5.6 each read back every table of the real warehouse
(51 tables) equal to the source, as does DuckDB 2.0. DuckDB 0.10.3 also read it; 0.10.0 did not
(a serialization error), so 0.10 is not promised.

What is carried over: every table with its rows in their stored order, its column names
and types, NOT NULL, and the table and column comments. What is not: PRIMARY KEY and UNIQUE
constraints (DuckDB 2.0 writes their index in a form DuckDB 1.0.0 refuses to open, "Failed to
deserialize: expected end of object, but found field id: 103", even in the old storage version;
1.1.0 and later read it), CHECK constraints and column defaults. All of them were enforced when the
build wrote the tables; the file is a read-only copy of data that already passed them.

Column types are limited to ``LEGACY_TYPES``, each one checked by the test: DuckDB 2.0 does
not refuse every type the old format cannot hold (it writes BIGNUM and TIME_NS columns that
DuckDB 1.0 then fails to read), so an unlisted type stops the write rather than shipping a
file that some 1.x cannot open. Add a type only with a test row of it.

The file's content is reproducible (the same build gives the same tables, rows, types and
comments), but its bytes are not: DuckDB's block layout and compression choices vary from one
write to the next. Compare or fingerprint it by its rows, never by a hash of the file.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import duckdb

from pipeline.core.atomic import replace_file
from pipeline.core.declare import sql_literal

STORAGE_VERSION = "v1.0.0"
PUBLISHED_SCHEMAS = ("raw", "marts", "meta")
LEGACY_TYPES = frozenset({"VARCHAR", "BIGINT", "INTEGER", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP"})


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_legacy_database(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Write the tables of ``raw``, ``marts`` and ``meta`` of ``con``'s current database to
    ``path`` as a DuckDB file in storage version v1.0.0 (see the module docstring for who reads
    it). ``con`` may be read-only: the new file is attached READ_WRITE. Written under a temporary
    name in the same folder, detached (which checkpoints it, so no ``.wal`` is left), then moved
    over ``path`` in one rename; on an error the temporary file is removed and ``path`` is untouched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = con.execute("SELECT current_database()").fetchone()[0]
    schemas = ", ".join(sql_literal(s) for s in PUBLISHED_SCHEMAS)
    tables = con.execute(
        f"SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = ? AND schema_name IN ({schemas}) "
        "AND NOT temporary ORDER BY schema_name, table_name",
        [source],
    ).fetchall()
    columns = con.execute(
        f"SELECT schema_name, table_name, column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        f"WHERE database_name = ? AND schema_name IN ({schemas}) ORDER BY schema_name, table_name, column_index",
        [source],
    ).fetchall()
    unsupported = sorted({f"{s}.{t}.{c} {data_type}" for s, t, c, data_type, _, _ in columns if data_type not in LEGACY_TYPES})
    if unsupported:
        raise ValueError(f"column types not checked against DuckDB 1.x, so not written to {path.name}: {', '.join(unsupported)}")

    staged = path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:12]}"
    alias = f"legacy_{uuid.uuid4().hex[:12]}"
    src, dst = quote_ident(source), quote_ident(alias)
    attached = False
    try:
        con.execute(f"ATTACH {sql_literal(str(staged))} AS {dst} (STORAGE_VERSION {sql_literal(STORAGE_VERSION)}, READ_WRITE)")
        attached = True
        tag = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = ?", [alias]).fetchone()[0]
        if tag != "v1.0.0+":
            raise RuntimeError(f"{staged.name} was attached with storage version {tag!r}, not v1.0.0+")
        # one transaction, each table created with its columns' types and NOT NULL: a statement per
        # table and comment, not an ALTER per column (each statement alone is a commit of its own)
        by_table: dict[tuple[str, str], list[str]] = {}
        for schema, table, column, data_type, nullable, _ in columns:
            by_table.setdefault((schema, table), []).append(f"{quote_ident(column)} {data_type}" + ("" if nullable else " NOT NULL"))
        con.execute("BEGIN TRANSACTION")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"CREATE SCHEMA {dst}.{quote_ident(schema)}")
        for schema, table, comment in tables:
            name = f"{quote_ident(schema)}.{quote_ident(table)}"
            con.execute(f"CREATE TABLE {dst}.{name} ({', '.join(by_table[(schema, table)])})")
            con.execute(f"INSERT INTO {dst}.{name} SELECT * FROM {src}.{name}")
            if comment is not None:
                con.execute(f"COMMENT ON TABLE {dst}.{name} IS {sql_literal(comment)}")
        for schema, table, column, _, _, comment in columns:
            if comment is not None:
                con.execute(f"COMMENT ON COLUMN {dst}.{quote_ident(schema)}.{quote_ident(table)}.{quote_ident(column)} IS {sql_literal(comment)}")
        con.execute("COMMIT")
        con.execute(f"DETACH {dst}")
        attached = False
        wal = staged.with_name(staged.name + ".wal")
        if wal.exists():
            raise RuntimeError(f"{wal.name} is left after DETACH: the file was not checkpointed")
        replace_file(staged, path)
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        if attached:
            with contextlib.suppress(duckdb.Error):
                con.execute(f"DETACH {dst}")
        for leftover in (staged, staged.with_name(staged.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
        raise
