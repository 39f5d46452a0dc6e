"""DuckDB helpers: typed frames in, SQL files run with bound parameters, atomic files out."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow

from pipeline.schemas.columns import arrow_schema, columns_of, table_description

SQL_DIR = Path(__file__).parent / "sql"


@dataclass(frozen=True)
class Table:
    """A typed frame with the model that declares it, to be loaded as ``schema.name``."""

    schema: str
    name: str
    frame: pd.DataFrame
    model: type[pa.DataFrameModel]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    def to_arrow(self) -> pa_arrow.Table:
        return pa_arrow.Table.from_pandas(self.frame, schema=arrow_schema(self.model), preserve_index=False)


def connect_memory() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"autoload_known_extensions": False, "autoinstall_known_extensions": False})
    return con


def load(con: duckdb.DuckDBPyConnection, tables: Sequence[Table], comments: bool = False) -> None:
    """Create each table from its typed frame, with the declared column types."""
    for table in tables:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{table.schema}"')
        cols = ", ".join(f'"{c.name}" {c.duckdb_type}' for c in columns_of(table.model))
        con.execute(f'CREATE TABLE "{table.schema}"."{table.name}" ({cols})')
        con.register("_incoming", table.to_arrow())
        try:
            con.execute(f'INSERT INTO "{table.schema}"."{table.name}" SELECT * FROM _incoming')
        finally:
            con.unregister("_incoming")
        if comments:
            comment_table(con, table)


def comment_table(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    # COMMENT ON takes no bound parameters: quote the literal the SQL way.
    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    con.execute(f'COMMENT ON TABLE "{table.schema}"."{table.name}" IS {literal(table_description(table.model))}')
    for col in columns_of(table.model):
        text = col.description + (f" [unit: {col.unit}]" if col.unit else "")
        con.execute(f'COMMENT ON COLUMN "{table.schema}"."{table.name}"."{col.name}" IS {literal(text)}')


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Run ``pipeline/sql/<name>.sql`` (a single SELECT) with bound parameters."""
    sql = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return con.execute(sql, dict(params or {})).df()


def write_database_atomically(
    path: Path, tables: Sequence[Table], extra_sql: Sequence[str] = (), frames: Mapping[str, pd.DataFrame] | None = None
) -> None:
    """Build the database in a temporary file beside ``path``, then swap it in whole.

    A reader never sees a half-built file, and a build that fails or is killed
    leaves the previous file exactly as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(".tmp-*.duckdb*"):  # left by a build killed over an hour ago
        if time.time() - stale.stat().st_mtime > 3600:
            stale.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".duckdb", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(str(tmp), config={"autoload_known_extensions": False, "autoinstall_known_extensions": False})
        try:
            load(con, tables, comments=True)
            for frame_name, frame in (frames or {}).items():
                con.register(frame_name, frame)
            for statement in extra_sql:
                con.execute(statement)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            if leftover.exists():
                leftover.unlink()
