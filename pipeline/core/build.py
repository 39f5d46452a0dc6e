"""The build database: the spine of a run.

A run builds one DuckDB file, ``warehouse/.build-<run id>.duckdb``: each raw table is
read, validated and loaded into it once, typed as declared; the staging views and
the marts are created in it by SQL; the release's Parquet files are written from it
with ``COPY``; the site reads what it shows from it. Only when everything is ready is
it swapped in as the warehouse (``pipeline.core.publish``). A run of a subset starts
from a copy of the current warehouse and replaces only the tables it rebuilds.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from pandera.errors import SchemaErrors

from pipeline.core import sqlgraph
from pipeline.core.declare import Table, dictionary_rows, sql_literal
from pipeline.core.fast_ingest import NotClean, load_clean_csv, passes_by_sql
from pipeline.core.ingest import Failure, RawFrame, read_csv_table
from pipeline.core.ledger import run_claims
from pipeline.core.marts import MARTS
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.snapshot_tables import read_snapshot_table
from pipeline.core.state import RAW_FOLDERS, code_version, input_hash, recorded
from pipeline.core.validation import coerce, reference_failures, schema_failures, validate_raw
from pipeline.settings import Settings

DUCKDB_CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}


def connect(path: Path | str, read_only: bool = False, settings: Settings | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with extensions off, and memory and spill folder set explicitly."""
    con = duckdb.connect(str(path), read_only=read_only, config=DUCKDB_CONFIG)
    if settings is not None and not read_only:
        con.execute(f"SET memory_limit = {sql_literal(settings.memory_limit)}")
        spill = settings.warehouse_dir / ".spill"
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = {sql_literal(str(spill))}")
    return con


def referenced_columns(table: Table) -> list[str]:
    """``table.column`` ids that the table's columns reference in other raw tables."""
    return sorted({c.references for c in table.columns if c.references and c.references.split(".")[0] != table.name})


def referenced_tables(table: Table) -> list[str]:
    return sorted({r.split(".")[0] for r in referenced_columns(table)})


class _LazyFrames:
    """This run's curated CSVs read by the exact path (:func:`read_csv_table`) when first needed: to
    validate a file the fast path did not load, or to resolve references to such a file."""

    def __init__(self, settings: Settings, tables: list[str]) -> None:
        self.settings = settings
        self.tables = {t for t in tables if not RAW_TABLES[t].snapshot}
        self.fast_loaded: set[str] = set()
        self._read: dict[str, RawFrame] = {}

    def __getitem__(self, t: str) -> RawFrame:
        if t not in self._read:
            self._read[t] = read_csv_table(t, self.settings.raw_file(t), max_bytes=RAW_TABLES[t].max_bytes)
        return self._read[t]


@dataclass
class RawResult:
    table: str
    file: str
    sha256: str
    rows: int
    failures: list[Failure]
    unchanged: bool = False  # the input matched what the warehouse was built from: not read again

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass
class TableResult:
    name: str  # qualified
    rows: int
    failures: list[Failure]
    audits: dict[str, pd.DataFrame] = field(default_factory=dict)  # audit name -> offending rows
    unchanged: bool = False  # none of its inputs changed in this run: kept from the warehouse, not rebuilt

    @property
    def passed(self) -> bool:
        return not self.failures


class BuildError(RuntimeError):
    """The build database cannot be built as asked."""


class BuildDatabase:
    """One run's build database. Use :meth:`open`, the load/build methods, then publish or :meth:`discard`."""

    def __init__(self, settings: Settings, run_id: str):
        self.settings = settings
        self.run_id = run_id
        self.path = settings.warehouse_dir / f".build-{run_id}.duckdb"
        self.con: duckdb.DuckDBPyConnection | None = None
        self.loads = 0  # raw tables loaded into the database (the benchmark reports it)
        self.changed: set[str] = set()  # tables (qualified) rebuilt by this run

    @classmethod
    def in_memory(cls) -> BuildDatabase:
        db = cls.__new__(cls)
        db.settings, db.run_id, db.path, db.loads, db.changed = None, "memory", None, 0, set()
        db.con = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
        for schema in ("raw", "staging", "marts", "meta"):
            db.con.execute(f"CREATE SCHEMA {schema}")
        return db

    # -- lifecycle -------------------------------------------------------------
    def clean_stale(self) -> list[Path]:
        """Remove build files of runs that died (call while holding the build lock: no other run is alive)."""
        removed = []
        for stale in self.settings.warehouse_dir.glob(".build-*.duckdb*"):
            if stale != self.path and not stale.name.startswith(self.path.name):
                stale.unlink(missing_ok=True)
                removed.append(stale)
        return removed

    def open(self) -> BuildDatabase:
        self.settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
        for leftover in (self.path, Path(f"{self.path}.wal")):
            leftover.unlink(missing_ok=True)
        current = self.settings.warehouse_file
        if current.exists():
            shutil.copyfile(current, self.path)  # the file only: a stale .wal beside it is never carried over
            try:
                self.con = connect(self.path, settings=self.settings)
            except duckdb.Error:
                self.path.unlink(missing_ok=True)
                self.con = None
        if self.con is None:
            self.con = connect(self.path, settings=self.settings)
        for schema in ("raw", "staging", "marts", "meta"):
            self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        self.con.execute("CREATE TABLE IF NOT EXISTS meta.inputs (input VARCHAR PRIMARY KEY, file VARCHAR, sha256 VARCHAR, rows BIGINT)")
        return self

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    def discard(self) -> None:
        self.close()
        for leftover in (self.path, Path(f"{self.path}.wal")):
            leftover.unlink(missing_ok=True)

    def finish(self) -> Path:
        """Checkpoint and close, then check the file opens on its own: it is complete on disk."""
        con = self._con()
        con.execute("CHECKPOINT")
        self.close()
        check = connect(self.path, read_only=True)
        check.close()
        return self.path

    def _con(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            raise BuildError("the build database is not open")
        return self.con

    def unchanged(self, name: str) -> bool:
        """A mart none of whose inputs this run rebuilt, built by this code version, and present: kept as it is."""
        return self.inputs().get("code") == code_version() and self.has_table(name) and not (sqlgraph.resolved_reads(name) & self.changed)

    def has_table(self, qualified: str) -> bool:
        schema, name = qualified.split(".")
        return bool(self._con().execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?", [schema, name]).fetchall()[0][0])

    # -- raw -------------------------------------------------------------------
    def load_raw(self, tables: list[str]) -> dict[str, RawResult]:
        """Read, validate and load each raw table; every file's failures are reported.

        References resolve against the referenced file as read in this run (its key
        column as text, even if other cells of it are broken), or against the table
        already in the database when that file is not part of the run."""
        recorded = self.inputs()
        code_same = recorded.get("code") == code_version()
        current = {t: input_hash(self.settings.raw_dir, f"raw/{RAW_TABLES[t].input_path}") for t in tables}
        changed = {
            t
            for t in tables
            if not (code_same and current[t] is not None and recorded.get(f"raw/{RAW_TABLES[t].input_path}") == current[t] and self.has_table(f"raw.{t}"))
        }
        inventory = inventory_failures(self.settings.raw_dir) if "sources" in tables else []
        if inventory:
            changed.add("sources")
        while True:  # a table is checked again when a table it references changes in this run
            grown = {t for t in tables if t not in changed and set(referenced_tables(RAW_TABLES[t])) & changed}
            if not grown:
                break
            changed |= grown
        results = {}
        for t in tables:
            if t not in changed:
                rows = self._con().execute(f'SELECT count(*) FROM raw."{t}"').fetchall()[0][0]
                results[t] = RawResult(t, f"raw/{RAW_TABLES[t].input_path}", current[t], rows, [], unchanged=True)
        tables = [t for t in tables if t in changed]
        # a clean curated CSV is loaded by DuckDB (pipeline.core.fast_ingest); any other is read by the exact
        # path, which reports every failure. References resolve against this run's files either way.
        frames = _LazyFrames(self.settings, tables)
        loaded = {t for t in RAW_TABLES if t not in tables and self.has_table(f"raw.{t}")}  # unchanged tables in the database
        for t in tables:
            table = RAW_TABLES[t]
            if table.snapshot:
                results[t] = self._load_snapshot_table(table, frames, loaded)
                if results[t].passed:
                    loaded.add(t)
                continue
            if t != "sources":  # the register also judges the folder (inventory): always the exact path
                try:
                    fast = load_clean_csv(self._con(), table, self.settings.raw_file(t), loaded)
                except NotClean:
                    pass
                else:
                    self._loaded(table)
                    frames.fast_loaded.add(t)
                    file = f"raw/{self.settings.raw_file(t).name}"
                    self._record_input(f"raw/{t}.csv", file, fast.sha256, fast.rows)
                    results[t] = RawResult(t, file, fast.sha256, fast.rows, [])
                    loaded.add(t)
                    continue
            raw = frames[t]
            if t == "sources":
                raw.problems.extend(inventory)
            result = validate_raw(raw, table, self._reference_keys(table, frames))
            if result.passed:
                self._load(table, result.typed)
                self._record_input(f"raw/{t}.csv", raw.file, raw.sha256, len(result.typed))
                loaded.add(t)
            results[t] = RawResult(t, raw.file, raw.sha256, 0 if result.typed is None else len(result.typed), result.failures)
        return results

    def _load_snapshot_table(self, table: Table, frames: _LazyFrames, loaded: set[str]) -> RawResult:
        frame, failures, digest = read_snapshot_table(table, self.settings.raw_dir)
        name = f"raw/{table.input_path}"
        if frame is not None:
            typed = coerce(frame, table)
            if not self._load_if_clean(table, typed, loaded):  # pandera on the frame names every failure
                failures = schema_failures(name, table, typed) + reference_failures(name, table, typed, self._reference_keys(table, frames))
                if not failures:
                    self._load(table, typed)
            if not failures:
                self._record_input(name, name, digest, len(typed))
        return RawResult(table.name, name, digest or "", 0 if frame is None else len(frame), failures)

    def _record_input(self, key: str, file: str, sha256: str | None, rows: int) -> None:
        """What this build read for an input: its file, hash and rows (``meta.inputs``; the next build compares)."""
        self._con().execute("INSERT OR REPLACE INTO meta.inputs VALUES (?, ?, ?, ?)", [key, file, sha256, rows])

    def _load_if_clean(self, table: Table, typed: pd.DataFrame, loaded: set[str]) -> bool:
        """Load a reader's typed rows and check them in DuckDB (rules, key, references to tables holding this
        run's data), in one transaction: kept if clean, rolled back (False) otherwise."""
        if any(r.split(".")[0] not in loaded | {table.name} for r in referenced_columns(table)):
            return False
        con = self._con()
        con.execute("BEGIN TRANSACTION")
        try:
            self._load(table, typed, count=False)
            clean = passes_by_sql(con, table, references=True)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT" if clean else "ROLLBACK")
        if clean:
            self._loaded(table)
        return clean

    def _reference_keys(self, table: Table, frames: _LazyFrames) -> dict[str, set[str]]:
        out = {}
        for ref in referenced_columns(table):
            ref_table, key = ref.split(".")
            if ref_table in frames.tables and ref_table not in frames.fast_loaded:  # this run's file, as read (keys as text)
                frame = frames[ref_table].frame
                out[ref] = set(frame[key].dropna()) if key in frame.columns else set()
            elif self.has_table(f"raw.{ref_table}"):
                out[ref] = {v for (v,) in self._con().execute(f'SELECT DISTINCT "{key}" FROM raw."{ref_table}"').fetchall()}
        return out

    def _load(self, table: Table, frame: pd.DataFrame, count: bool = True) -> None:
        con = self._con()
        con.execute(f'DROP TABLE IF EXISTS "{table.layer}"."{table.name}" CASCADE')
        con.execute(table.ddl())
        import pyarrow as pa_arrow

        arrow = pa_arrow.Table.from_pandas(frame[table.column_names()], schema=table.arrow_schema(), preserve_index=False)
        con.register("_incoming", arrow)
        try:
            con.execute(f'INSERT INTO "{table.layer}"."{table.name}" SELECT * FROM _incoming')
        finally:
            con.unregister("_incoming")
        for statement in table.comment_statements():
            con.execute(statement)
        if count:
            self._loaded(table)

    def _loaded(self, table: Table) -> None:
        self.changed.add(table.qualified)
        if table.layer == "raw":
            self.loads += 1

    # -- staging views and marts -----------------------------------------------
    def build_marts(self, marts: list[str]) -> dict[str, TableResult]:
        """Create the staging views and the given marts in dependency order, and check each.

        A mart whose SQL fails, or whose blocking checks fail, is reported with the reason, and no
        mart that reads it is built (each is reported as not built): one failure never hides another."""
        con = self._con()
        wanted = [f"marts.{m}" for m in marts]
        results: dict[str, TableResult] = {}
        failed: set[str] = set()
        for name in sqlgraph.build_order(wanted):
            model = sqlgraph.models()[name]
            upstream_failed = sorted(sqlgraph.resolved_reads(name) & failed) if model.schema == "marts" else sorted(model.reads & failed)
            where = str(model.path.relative_to(sqlgraph.SQL_DIR.parent.parent))
            if upstream_failed:
                failed.add(name)
                if model.schema == "marts":
                    results[model.table] = TableResult(
                        name, 0, [Failure(where, None, None, None, f"not built: {', '.join(upstream_failed)} failed its checks")]
                    )
                continue
            missing = [d for d in model.reads if not d.startswith("staging.") and not self.has_table(d)]
            if missing:
                raise BuildError(f"{name} reads {', '.join(sorted(missing))}, which this run did not build and the warehouse does not hold; run the whole job")
            if model.schema == "marts" and self.settings is not None and self.unchanged(name):
                table = MARTS[model.table]
                audits = {a.name: con.execute(a.sql).df() for a in table.audits}
                rows = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
                results[model.table] = TableResult(name, rows, [], audits, unchanged=True)
                continue
            try:
                if model.schema == "staging":
                    con.execute(f"CREATE OR REPLACE VIEW {name} AS {model.sql}")
                    continue
                table = MARTS[model.table]
                if model.table == "claims":
                    self._load(table, run_claims(con))
                else:
                    con.execute(f"DROP TABLE IF EXISTS {name} CASCADE")
                    con.execute(table.ddl())
                    cols = ", ".join(f'"{c}"' for c in table.column_names())
                    con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM ({model.sql})")
                    for statement in table.comment_statements():
                        con.execute(statement)
                    self.changed.add(name)
            except (duckdb.Error, ValueError) as exc:
                failed.add(name)
                if model.schema == "marts":
                    results[model.table] = TableResult(name, 0, [Failure(where, None, None, None, f"the SQL failed: {str(exc).splitlines()[0]}")])
                continue
            result = self.check_mart(table)
            results[model.table] = result
            if not result.passed or any(not rows.empty for a, rows in result.audits.items() if next(x for x in table.audits if x.name == a).blocking):
                failed.add(name)
        return results

    def check_mart(self, table: Table) -> TableResult:
        """The mart's declared rules (pandera), finite numbers, and its audits."""
        con = self._con()
        rows = con.execute(f"SELECT count(*) FROM {table.qualified}").fetchall()[0][0]
        audits = {audit.name: con.execute(audit.sql).df() for audit in table.audits}
        if passes_by_sql(con, table):  # checked in DuckDB; the table is read into pandas only to name failures
            return TableResult(table.qualified, rows, [], audits)
        frame = con.table(table.qualified).df()
        failures: list[Failure] = []
        try:
            table.pandera_schema().validate(frame, lazy=True)
        except SchemaErrors as exc:
            for c in exc.failure_cases.itertuples(index=False):
                row = None if pd.isna(c.index) else int(c.index) + 1
                failures.append(
                    Failure(
                        table.qualified,
                        row,
                        None if pd.isna(c.column) else str(c.column),
                        None if c.failure_case is None else str(c.failure_case),
                        f"rule {c.check}",
                    )
                )
        for c in table.columns:
            if c.type == "float":
                bad = frame[c.name].dropna()
                bad = bad[~bad.map(math.isfinite)]
                for index, value in bad.items():
                    failures.append(Failure(table.qualified, int(index) + 1, c.name, str(value), "must be a finite number after arithmetic"))
        return TableResult(table.qualified, rows, failures, audits)

    # -- metadata --------------------------------------------------------------
    def write_meta(self) -> None:
        con = self._con()
        con.execute("CREATE OR REPLACE VIEW meta.sources AS SELECT * FROM raw.sources")
        con.execute("COMMENT ON VIEW meta.sources IS 'Every source the dataset cites (the same rows as raw.sources).'")
        dictionary = pd.DataFrame(dictionary_rows([*RAW_TABLES.values(), *MARTS.values()]))
        con.register("_dictionary", dictionary)
        try:
            con.execute("CREATE OR REPLACE TABLE meta.data_dictionary AS SELECT * FROM _dictionary")
        finally:
            con.unregister("_dictionary")
        con.execute("COMMENT ON TABLE meta.data_dictionary IS 'Every column of every raw table and mart: type, description, unit, labels, what it references.'")
        all_built = {f"raw.{t}" for t in RAW_TABLES} | {f"marts.{m}" for m in MARTS} <= self.changed
        if all_built or self.inputs().get("code") == code_version():
            con.execute("INSERT OR REPLACE INTO meta.inputs VALUES ('code', 'pipeline/', ?, NULL)", [code_version()])
        else:  # rebuilt in part by other code: the next build rebuilds everything
            con.execute("DELETE FROM meta.inputs WHERE input = 'code'")
        con.execute("COMMENT ON TABLE meta.inputs IS 'Each input file as last loaded: path, SHA-256 and rows. The raw-change sensor compares raw/ with it.'")

    def inputs(self) -> dict[str, str]:
        return {k: v for k, v in self._con().execute("SELECT input, sha256 FROM meta.inputs").fetchall()}


def inventory_failures(raw_dir: Path) -> list[Failure]:
    """Every entry of raw/ that is not a declared table's CSV, the documents folder or the snapshots folder,
    and any link or special file among the documents: files are judged before anything is read."""
    import stat

    allowed = {f"{name}.csv" for name, t in RAW_TABLES.items() if not t.snapshot} | set(RAW_FOLDERS)
    out = []
    for entry in sorted(raw_dir.iterdir()) if raw_dir.is_dir() else []:
        if entry.name not in allowed:
            out.append(
                Failure(f"raw/{entry.name}", None, None, None, "unknown file in raw/: declare its table in pipeline/core/raw_tables.py or move it out of raw/")
            )
        elif entry.name == "documents":
            for doc in sorted(entry.rglob("*")):
                mode = doc.lstat().st_mode
                if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                    out.append(Failure(f"raw/documents/{doc.relative_to(entry)}", None, None, None, "only regular files are kept in raw/documents/"))
        elif (entry.is_symlink() or not entry.is_dir()) if entry.name == "snapshots" else False:
            out.append(Failure("raw/snapshots", None, None, None, "raw/snapshots must be a folder, not a link or a file"))
    return out


def compute_mart(name: str, raw_frames: dict[str, pd.DataFrame], mart_frames: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One mart computed by its SQL in an in-memory database of the given typed frames (for tests on inline rows).

    Raw tables not given are created empty, so every model's SQL binds."""
    db = BuildDatabase.in_memory()
    for t, table in RAW_TABLES.items():
        if t in raw_frames:
            db._load(table, raw_frames[t])
        else:
            db._con().execute(table.ddl())
    for m, frame in (mart_frames or {}).items():
        db._load(MARTS[m], frame)
    db.build_marts([name])
    out = db._con().table(f"marts.{name}").df()
    db.close()
    return out


def published_inputs(settings: Settings) -> dict[str, str]:
    """The input hashes recorded in the published warehouse ({} if there is none or it cannot be read)."""
    return {k: sha for k, (_, sha) in recorded(settings).items()}
