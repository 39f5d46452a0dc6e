"""Versioned, immutable Parquet releases under ``site/releases/<version>/``.

Everything here reads the build database: Parquet is written from it with ``COPY``;
the fingerprint and the changelog are computed in DuckDB (the changelog against the
previous release's Parquet files). A release's identity is its data: the fingerprint
hashes every published table's rows, not the Parquet bytes. A refresh whose
fingerprint equals the latest release's publishes nothing; one that differs publishes
a new CalVer version; a published version is never rewritten.

What is read back from disk (``latest.json``, folder names) is validated as strictly
as raw input before anything relies on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core.declare import Table, sql_literal
from pipeline.core.legacy_warehouse import write_legacy_database
from pipeline.core.marts import MARTS
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.xlsx import EXCEL_MAX_DATA_ROWS, write_workbook, zip_entry

VERSION_PATTERN = re.compile(r"^\d{4}\.\d{2}\.\d{2}(\.[1-9]\d{0,3})?$")
FINGERPRINT_PATTERN = re.compile(r"^[0-9a-f]{64}$")
DATASET_NAME = "rare-earths-supply-chain"
DATASET_TITLE = "Rare-earth supply-chain dataset 稀土供應鏈資料集"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (compilation); each value keeps its source's terms",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# published table name -> declaration: every mart, and the sources
PUBLISHED: dict[str, Table] = {**MARTS, "sources": RAW_TABLES["sources"]}


class ReleaseError(Exception):
    """A release cannot be published as asked, or one on disk is not what it claims."""


@dataclass(frozen=True)
class StagedRelease:
    version: str
    path: Path  # the staged folder; renamed into place when the whole publication commits
    fingerprint: str
    previous: str | None


def check_version(version: str) -> str:
    if not isinstance(version, str) or not VERSION_PATTERN.match(version):
        raise ReleaseError(f"release version {version!r} is not CalVer YYYY.MM.DD or YYYY.MM.DD.N")
    try:
        dt.date(*map(int, version.split(".")[:3]))
    except ValueError:
        raise ReleaseError(f"release version {version!r} is not a real date") from None
    return version


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in check_version(version).split("."))


def version_day(version: str) -> dt.date:
    return dt.date(*version_key(version)[:3])


def qualified(name: str) -> str:
    return PUBLISHED[name].qualified


def latest(releases_dir: Path) -> dict | None:
    """``latest.json``, validated: a CalVer version naming an existing release folder, a hex fingerprint."""
    path = releases_dir / "latest.json"
    if not path.exists():
        return None
    if path.is_symlink() or not path.is_file() or path.stat().st_size > 4096:
        raise ReleaseError(f"{path} must be a small regular file")
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(info, dict):
        raise ReleaseError(f"{path} must hold an object")
    version = check_version(info.get("version"))
    if not FINGERPRINT_PATTERN.match(str(info.get("fingerprint", ""))):
        raise ReleaseError(f"{path}: fingerprint must be 64 hex digits")
    folder = releases_dir / version
    if folder.is_symlink() or not folder.is_dir():
        raise ReleaseError(f"{path} names release {version}, but {folder} is not a release folder")
    return {"version": version, "fingerprint": info["fingerprint"], "path": f"{version}/"}


def published_versions(releases_dir: Path) -> list[str]:
    if not releases_dir.exists():
        return []
    return sorted((p.name for p in releases_dir.iterdir() if p.is_dir() and not p.is_symlink() and VERSION_PATTERN.match(p.name)), key=version_key)


def next_version(releases_dir: Path, day: dt.date) -> str:
    base = day.strftime("%Y.%m.%d")
    taken = set(published_versions(releases_dir))
    if base not in taken:
        return base
    n = 2
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


def _fingerprint_of(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """Row count and two sums of per-row MD5s: independent of row order and bytes, streamed in DuckDB."""
    count, lo, hi = con.execute(
        f"SELECT count(*), sum(md5_number_lower(j))::VARCHAR, sum(md5_number_upper(j))::VARCHAR FROM (SELECT to_json(t)::VARCHAR AS j FROM {relation} t)"
    ).fetchall()[0]
    return f"{count}:{lo}:{hi}"


def workers() -> int:
    """Threads for independent writes: DuckDB queries, zlib and hashing release the GIL, so files are
    written side by side (one more thread than cores keeps both busy while one thread is in Python)."""
    return max(2, len(os.sched_getaffinity(0)) + 1) if hasattr(os, "sched_getaffinity") else max(2, (os.cpu_count() or 1) + 1)


def in_parallel(con: duckdb.DuckDBPyConnection, tasks: Iterable[Callable[[duckdb.DuckDBPyConnection], object]]) -> list[object]:
    """Run each task with its own cursor on ``con``'s database (a DuckDB connection is not shared between
    threads), in order of submission; wait for all of them, then raise the first error, if any."""

    def run(task: Callable[[duckdb.DuckDBPyConnection], object]) -> object:
        cur = con.cursor()
        try:
            return task(cur)
        finally:
            cur.close()

    with ThreadPoolExecutor(max_workers=workers(), thread_name_prefix="release") as pool:
        futures = [pool.submit(run, t) for t in tasks]
        errors = [f.exception() for f in futures]
    for error in errors:
        if error is not None:
            raise error
    return [f.result() for f in futures]


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    names = sorted(PUBLISHED)
    prints = in_parallel(con, [lambda cur, name=name: _fingerprint_of(cur, qualified(name)) for name in names])
    parts = [f"{name}:{','.join(PUBLISHED[name].column_names())}:{fp}" for name, fp in zip(names, prints)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def fingerprint_of_release(con: duckdb.DuckDBPyConnection, release: Path) -> str:
    """The fingerprint recomputed from a release's own Parquet files (the same rows give the same fingerprint)."""
    parts = []
    for name in sorted(PUBLISHED):
        relation = f"read_parquet({sql_literal(str(release / f'{name}.parquet'))})"
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
        parts.append(f"{name}:{','.join(columns)}:{_fingerprint_of(con, relation)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def verify_release(con: duckdb.DuckDBPyConnection, release: Path) -> list[str]:
    """What is wrong with a published release: files that do not match SHA256SUMS, or data that does not match FINGERPRINT."""
    bad = verify_checksums(release)
    if bad:
        return [f"{name} does not match SHA256SUMS" for name in bad]
    if any(not (release / f"{name}.parquet").is_file() for name in PUBLISHED):
        return []  # a release of an older schema: its checksums are all that can be checked
    recorded = (release / "FINGERPRINT").read_text(encoding="utf-8").strip() if (release / "FINGERPRINT").is_file() else ""
    actual = fingerprint_of_release(con, release)
    return [] if recorded == actual else [f"FINGERPRINT {recorded[:12]}… does not match the data ({actual[:12]}…)"]


def source_ids(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The sources a published table's rows name (every source, for tables that name none by column)."""
    cols = PUBLISHED[name].source_columns()
    if name == "sources" or not cols:
        return [s for (s,) in con.execute("SELECT source_id FROM raw.sources ORDER BY source_id").fetchall()]
    union = " UNION ".join(f"SELECT unnest(string_split(\"{c.name}\", ';')) AS s FROM {qualified(name)}" for c in cols)
    return [s for (s,) in con.execute(f"SELECT DISTINCT s FROM ({union}) WHERE s IS NOT NULL ORDER BY s").fetchall()]


def _ordered(con: duckdb.DuckDBPyConnection, name: str) -> str:
    order = ", ".join(f'"{k}" NULLS FIRST' for k in PUBLISHED[name].sort_key())
    return f"SELECT * FROM {qualified(name)} ORDER BY {order}"


PARQUET_ROW_GROUP = 262_144  # rows per row group: batches of this size are all that is held in memory


def declared_arrow_schema(con: duckdb.DuckDBPyConnection, name: str, found: pa.Schema, metadata: dict[str, str] | None = None) -> pa.Schema:
    """The declared Arrow schema of a published table: every field carries its description, unit and labels;
    columns the declaration does not (yet) list keep DuckDB's type. A declared non-nullable field that
    holds a NULL is written nullable (counted in DuckDB)."""
    table = PUBLISHED[name]
    declared = {f.name: f for f in table.arrow_schema()}
    nulls = {}
    if found.names:
        counts = ", ".join(f'count(*) - count("{n}")' for n in found.names)
        nulls = dict(zip(found.names, con.execute(f"SELECT {counts} FROM {qualified(name)}").fetchall()[0]))
    fields = []
    for f in found:
        d = declared.get(f.name)
        if d is None:
            fields.append(f.with_type(pa.string()) if pa.types.is_string_view(f.type) or pa.types.is_large_string(f.type) else f)
            continue
        fields.append(d.with_nullable(d.nullable or nulls.get(f.name, 0) > 0))
    return pa.schema(fields, metadata=metadata or None)


def write_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path, metadata: dict[str, str]) -> None:
    """Parquet with field-level metadata (description, unit, labels) in the stored Arrow schema and the
    table's metadata as key-value pairs. Rows sorted by key are streamed from DuckDB and written by pyarrow
    in row groups of exactly ``PARQUET_ROW_GROUP`` rows with fixed options, so the bytes are deterministic
    and memory does not grow with the table."""
    query = _ordered(con, name)
    found = con.sql(query).limit(0).to_arrow_table().schema
    schema = declared_arrow_schema(con, name, found, metadata)
    reader = con.sql(query).to_arrow_reader(PARQUET_ROW_GROUP)
    tmp = path.with_name(path.name + ".part")
    with pq.ParquetWriter(tmp, schema, compression="zstd", compression_level=3, use_dictionary=True, write_statistics=True) as writer:
        pending: list[pa.RecordBatch] = []
        held = 0
        wrote = False
        for batch in reader:
            pending.append(batch)
            held += batch.num_rows
            while held >= PARQUET_ROW_GROUP:
                block = pa.Table.from_batches(pending, reader.schema)
                writer.write_table(block.slice(0, PARQUET_ROW_GROUP).cast(schema), row_group_size=PARQUET_ROW_GROUP)
                wrote = True
                rest = block.slice(PARQUET_ROW_GROUP)
                pending, held = rest.to_batches(), rest.num_rows
        if held or not wrote:
            block = pa.Table.from_batches(pending, reader.schema) if pending else reader.schema.empty_table()
            writer.write_table(block.cast(schema), row_group_size=PARQUET_ROW_GROUP)
    tmp.replace(path)


def write_csv(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """CSV in UTF-8 with a byte-order mark (so Excel reads Chinese as Chinese), rows sorted by key."""
    tmp = path.with_name(path.name + ".part")
    con.execute(f"COPY ({_ordered(con, name)}) TO {sql_literal(str(tmp))} (FORMAT csv, HEADER true, DATEFORMAT '%Y-%m-%d')")
    with open(path, "wb") as out, open(tmp, "rb") as src:
        out.write(b"\xef\xbb\xbf")
        shutil.copyfileobj(src, out, 1 << 22)
    tmp.unlink()


_STORED = (".parquet", ".xlsx", ".zip")  # already compressed: stored as they are
_BIG_ENTRY = 16 * 1024 * 1024  # larger entries are deflated at level 1 (a quarter of level 6's time)


def _deterministic_zip(entries: list[tuple[str, bytes | Path]], path: Path, day: dt.date) -> None:
    """A zip whose bytes depend only on its entries and the release day (fixed times, order, modes and
    compression per entry). Files are streamed into it, not read whole."""
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            size = len(data) if isinstance(data, bytes) else data.stat().st_size
            info = zip_entry(name, day, level=1 if size > _BIG_ENTRY else 6, stored=name.endswith(_STORED))
            with zf.open(info, "w", force_zip64=size > (1 << 31) - (1 << 20)) as out:
                if isinstance(data, bytes):
                    out.write(data)
                else:
                    with open(data, "rb") as src:
                        shutil.copyfileobj(src, out, 1 << 22)


def write_xlsx(con: duckdb.DuckDBPyConnection, name: str, path: Path, version: str, day: dt.date, max_rows: int = EXCEL_MAX_DATA_ROWS) -> None:
    """An Excel workbook: the data on the first sheet (header = column names, rows sorted by key, at most
    Excel's row limit), the columns' labels, units and descriptions on the second. Built by SQL a batch of
    rows at a time (:mod:`pipeline.core.xlsx`); fixed properties and zip times: deterministic bytes."""
    table = PUBLISHED[name]
    order = ", ".join(f'"{k}" NULLS FIRST' for k in table.sort_key())
    total = con.execute(f"SELECT count(*) FROM {qualified(name)}").fetchall()[0][0]
    notes: list[list[object]] = [["column", "label_en", "label_zh", "unit", "description"]]
    notes += [[c.name, c.label_en, c.label_zh, c.unit or "", c.description] for c in table.columns]
    notes += [[], [f"{DATASET_TITLE}, release {version}. Licence: {LICENCE['name']} (compilation); each value keeps its source's terms."]]
    if total > max_rows:
        notes.append([f"The data sheet holds the first {max_rows:,} of {total:,} rows (Excel's limit); {name}.csv and {name}.parquet hold every row."])
    write_workbook(
        con,
        f"SELECT * FROM {qualified(name)}",
        order,
        path,
        sheet=name,
        notes_sheet="columns",
        notes=notes,
        title=f"{table.title_en} {table.title_zh} ({version})",
        creator="rare-earths-supply-chain",
        day=day,
        max_rows=max_rows,
    )


def warehouse_export(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """The warehouse's tables (raw, marts, meta) as DuckDB's EXPORT DATABASE layout — ``schema.sql``,
    ``load.sql`` with paths relative to the folder, one Parquet file per table — which any DuckDB from
    0.10 on (1.x and 2.x included) reads with ``IMPORT DATABASE``. Written table by table with COPY,
    so the bytes are deterministic (a native DuckDB file is not: its compression and block layout vary
    from one write to the next)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = con.execute(
        "SELECT schema_name, table_name, sql FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name IN ('raw', 'marts', 'meta') AND NOT temporary ORDER BY schema_name, table_name"
    ).fetchall()
    schema = ["CREATE SCHEMA IF NOT EXISTS raw;", "CREATE SCHEMA IF NOT EXISTS marts;", "CREATE SCHEMA IF NOT EXISTS meta;"]
    load, written = [], []
    for schema_name, table_name, ddl in tables:
        schema.append(ddl.rstrip(";") + ";")
        file = folder / f"{schema_name}_{table_name}.parquet"
        con.execute(f'COPY (SELECT * FROM "{schema_name}"."{table_name}") TO {sql_literal(str(file))} (FORMAT parquet, COMPRESSION zstd)')
        load.append(f'COPY "{schema_name}"."{table_name}" FROM {sql_literal(file.name)} (FORMAT parquet);')
        written.append(file)
    (folder / "schema.sql").write_text("\n".join(schema) + "\n", encoding="utf-8")
    (folder / "load.sql").write_text("\n".join(load) + "\n", encoding="utf-8")
    return [folder / "schema.sql", folder / "load.sql", *written]


def _fmt(value: object) -> str:
    if value is None:
        return "∅"
    if isinstance(value, float):
        return f"{value:.10g}"
    text = str(value)
    # a value can never start a line or a section of the changelog
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def _keyed(key: list[str], values: tuple) -> str:
    return "{" + ", ".join(f"{k!r}: {_fmt(v)!r}" for k, v in zip(key, values)) + "}"


MAX_CHANGELOG_LINES = 500  # per table; the files hold every row


def changelog(con: duckdb.DuckDBPyConnection, previous: Path | None, version: str, previous_version: str | None) -> str:
    lines = [f"# Changes in {version}", ""]
    if previous is None:
        return "\n".join(lines + ["First release.", ""])
    lines += [f"Against {previous_version}. Rows are identified by each table's key.", ""]
    total = 0
    for name in sorted(PUBLISHED):
        table = PUBLISHED[name]
        key = table.sort_key()
        new = qualified(name)
        old_path = previous / f"{name}.parquet"
        if not old_path.exists():  # a new table: one line, not every row (the table itself is in the release)
            count = con.execute(f"SELECT count(*) FROM {new}").fetchall()[0][0]
            lines += [f"## {name}", "", f"- new table: {count} rows", ""]
            total += 1
            continue
        old = f"read_parquet({sql_literal(str(old_path))})"
        old_cols = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {old}").fetchall()}
        if not set(key) <= old_cols:  # the key changed: the rows cannot be matched one by one
            count = con.execute(f"SELECT count(*) FROM {new}").fetchall()[0][0]
            lines += [f"## {name}", "", f"- new key ({', '.join(key)}): {count} rows, not matched row by row with the previous release", ""]
            total += 1
            continue
        k = ", ".join(f'"{c}"' for c in key)
        section = []
        added_cols = [c for c in table.column_names() if c not in old_cols]
        dropped_cols = sorted(old_cols - set(table.column_names()))
        if added_cols:
            section.append(f"- new columns: {', '.join(added_cols)}")
        if dropped_cols:
            section.append(f"- columns removed: {', '.join(dropped_cols)}")
        for verb, a, b in (("added", new, old), ("removed", old, new)):
            for row in con.execute(f"SELECT {k} FROM {a} EXCEPT SELECT {k} FROM {b} ORDER BY ALL").fetchall():
                section.append(f"- {verb} {_keyed(key, row)}")
        changed: dict[tuple, list[str]] = {}
        for c in table.column_names():
            if c in key or c not in old_cols:
                continue
            nk = ", ".join(f'n."{x}"' for x in key)
            rows = con.execute(
                f'SELECT {nk}, o."{c}", n."{c}" FROM {new} n JOIN {old} o USING ({k}) WHERE o."{c}"::VARCHAR IS DISTINCT FROM n."{c}"::VARCHAR'
            ).fetchall()
            for row in rows:
                old_v, new_v = row[-2], row[-1]
                if _fmt(old_v) != _fmt(new_v):
                    changed.setdefault(tuple(row[:-2]), []).append(f"{c}: {_fmt(old_v)} → {_fmt(new_v)}")
        for keys in sorted(changed, key=lambda t: tuple(_fmt(v) for v in t)):
            section.append(f"- changed {_keyed(key, keys)}: " + "; ".join(changed[keys]))
        if section:
            total += len(section)
            shown = section[:MAX_CHANGELOG_LINES]
            if len(section) > MAX_CHANGELOG_LINES:
                shown.append(f"- … and {len(section) - MAX_CHANGELOG_LINES} more changes to {name} (compare the two releases' files for all of them)")
            lines += [f"## {name}", ""] + shown + [""]
    if total == 0:
        lines += ["No value changed (the release's files, schema or metadata did).", ""]
    return "\n".join(lines)


def datapackage(con: duckdb.DuckDBPyConnection, version: str, day: dt.date) -> dict:
    sources = {r[0]: r for r in con.execute("SELECT source_id, title, publisher, url_or_identifier FROM raw.sources").fetchall()}

    def source_entry(sid: str) -> dict:
        _, title, publisher, url = sources[sid]
        entry = {"title": f"{title} — {publisher}", "id": sid}
        if str(url).startswith(("http://", "https://")):
            entry["path"] = url
        return entry

    resources = []
    for name, table in PUBLISHED.items():
        resources.append(
            {
                "name": name,
                "path": f"{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "title": table.title_en,
                "description": table.description,
                "schema": table.frictionless_schema(),
                "sources": [source_entry(s) for s in source_ids(con, name) if s in sources],
            }
        )
    return {
        "profile": "data-package",
        "name": DATASET_NAME,
        "title": DATASET_TITLE,
        "version": version,
        "created": day.isoformat() + "T00:00:00Z",
        "licenses": [LICENCE],
        "sources": [source_entry(s) for s in sorted(sources)],
        "resources": resources,
    }


ABSTRACT = (
    "Who holds the world's rare-earth reserves, who mines and refines them, what each step of the value chain "
    "is worth, where demand is heading and which governments and companies act on it: USGS production, reserves "
    "and prices since 1900, US trade by partner, curated agreements, investments, capacities, laws and export "
    "controls, and a fact-check ledger of a report's claims. Every value carries its source, where in it, and "
    "when it was read; disagreements between sources are published, not fixed."
)
REPOSITORY_URL: str | None = None  # not known yet: the citation omits repository-code rather than print a placeholder
ZIP_NAME = f"{DATASET_NAME}.zip"
LEGACY_DATABASE = "rare_earths.duckdb"  # the warehouse in DuckDB storage version v1.0.0 (pipeline.core.legacy_warehouse)


def citation(version: str, day: dt.date) -> str:
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this dataset, please cite it as below."',
        "type: dataset",
        f'title: "{DATASET_TITLE}"',
        f'version: "{version}"',
        f"date-released: {day.isoformat()}",
        f'abstract: "{ABSTRACT}"',
        "authors:",
        '  - name: "Rare-earth supply-chain dataset contributors"',
        "license: CC-BY-4.0",
        "keywords:",
        '  - "rare earths"',
        '  - "supply chain"',
        '  - "critical minerals"',
    ]
    if REPOSITORY_URL:
        lines.insert(7, f'repository-code: "{REPOSITORY_URL}"')
    return "\n".join(lines) + "\n"


def release_readme(con: duckdb.DuckDBPyConnection, version: str, day: dt.date) -> str:
    """What each table is, the licence of every source, how to cite, how to read the warehouse."""
    out = [
        f"# {DATASET_TITLE} — release {version}",
        "",
        ABSTRACT,
        "",
        f"Released {day.isoformat()}. Every table comes as Parquet (field descriptions and units in the Arrow schema), "
        "CSV (UTF-8 with a byte-order mark, so Excel shows Chinese) and Excel (`.xlsx`, a second sheet describes the columns). "
        "`datapackage.json` describes every field (type, unit, description, allowed values) and passes `frictionless validate`.",
        "",
        "## Tables",
        "",
        "| table | title | 標題 | rows | what it is |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(PUBLISHED):
        t = PUBLISHED[name]
        rows = con.execute(f"SELECT count(*) FROM {qualified(name)}").fetchall()[0][0]
        out.append(f"| `{name}` | {t.title_en} | {t.title_zh} | {rows:,} | {t.description.replace('|', '/')} |")
    out += [
        "",
        "## Licences",
        "",
        f"The compilation is licensed {LICENCE['name']} ({LICENCE['path']}); each value keeps its source's terms:",
        "",
        "| source_id | title | publisher | licence |",
        "|---|---|---|---|",
    ]
    for sid, title, publisher, licence in con.execute("SELECT source_id, title, publisher, licence FROM raw.sources ORDER BY source_id").fetchall():
        cells = [str(v or "—").replace("|", "/").replace("\n", " ") for v in (title, publisher, licence)]
        out.append(f"| `{sid}` | {cells[0]} | {cells[1]} | {cells[2]} |")
    out += [
        "",
        "## How to cite",
        "",
        "```",
        citation(version, day).rstrip(),
        "```",
        "",
        "## The warehouse",
        "",
        f"`{LEGACY_DATABASE}` (beside the zip, in the release folder) is the whole warehouse (`raw`, `marts`, `meta`) as a DuckDB "
        "database file in storage version v1.0.0: DuckDB 1.0.0 to 1.5.x and 2.x open it directly "
        "(`duckdb rare_earths.duckdb`, or `duckdb.connect('rare_earths.duckdb', read_only=True)`). It keeps column types, "
        "NOT NULL and comments, not primary keys (DuckDB 1.0 cannot open the key index 2.0 writes). Its content is "
        "reproducible, its bytes are not (DuckDB's block layout varies): compare it by its rows.",
        "",
        "`warehouse/` (in the zip) holds the same tables in DuckDB's export layout, which DuckDB 0.10, 1.x and 2.x import "
        "(the Parquet files alone are read by any Parquet reader):",
        "",
        "```sh",
        "cd warehouse && duckdb rare_earths.duckdb -c \"IMPORT DATABASE '.'\"",
        "```",
        "",
        "The build's own warehouse file uses DuckDB 2.0's storage format, which DuckDB 1.x cannot open.",
        "",
    ]
    return "\n".join(out)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_json(obj: object, path: Path) -> None:
    """JSON indented for readers, with every item of a long list (over 100 items: a resource's sources
    at scale) on one line of its own. ``json``'s indenting encoder is pure Python (6 s for a 30 MB
    datapackage.json); each long list's items go through its C encoder instead."""

    def dump(value: object, pad: str, compact: bool) -> str:
        if compact or not isinstance(value, (dict, list)) or not value:
            return json.dumps(value, ensure_ascii=False)
        inner = pad + "  "
        if isinstance(value, dict):
            items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dump(v, inner, False)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        return "[\n" + ",\n".join(inner + dump(v, inner, len(value) > 100) for v in value) + "\n" + pad + "]"

    path.write_text(dump(obj, "", False) + "\n", encoding="utf-8")


def write_release(con: duckdb.DuckDBPyConnection, releases_dir: Path, day: dt.date, fp: str) -> StagedRelease:
    """Write a new release into a staging folder inside ``releases_dir`` (not yet published).

    The files are independent of each other, so they are written side by side (:func:`in_parallel`,
    largest tables first); the bytes of each do not depend on the order (the tests compare releases
    written twice). The zip follows its entries; the DuckDB 1.x copy, which the zip does not hold,
    is written while the zip is."""
    prev = latest(releases_dir)
    if prev is not None and day < version_day(prev["version"]):
        raise ReleaseError(f"release date {day.isoformat()} is earlier than the latest release {prev['version']}; release dates never go backwards")
    version = check_version(next_version(releases_dir, day))
    staged = releases_dir / f".tmp-{version}"
    staged.mkdir(parents=True)
    previous = releases_dir / prev["version"] if prev else None
    sizes = dict(con.execute(" UNION ALL ".join(f"SELECT {sql_literal(n)}, count(*) FROM {qualified(n)}" for n in PUBLISHED)).fetchall())
    by_size = sorted(PUBLISHED, key=lambda n: (-sizes[n], n))
    data_files = sorted(f"{name}.{ext}" for name in PUBLISHED for ext in ("parquet", "csv", "xlsx"))
    export = releases_dir / f".tmp-{version}-warehouse"
    texts: dict[str, str] = {}

    def parquet(cur: duckdb.DuckDBPyConnection, name: str) -> None:
        meta = {"version": version, "table": name, "description": PUBLISHED[name].description, "source_ids": ";".join(source_ids(cur, name))}
        write_parquet(cur, name, staged / f"{name}.parquet", meta)

    def documents(cur: duckdb.DuckDBPyConnection) -> None:
        texts["CHANGELOG.md"] = changelog(cur, previous, version, prev["version"] if prev else None)
        texts["README.md"] = release_readme(cur, version, day)
        write_json(datapackage(cur, version, day), staged / "datapackage.json")

    tasks: list[Callable[[duckdb.DuckDBPyConnection], object]] = [documents, lambda cur: warehouse_export(cur, export)]
    for name in by_size:
        tasks += [
            lambda cur, name=name: write_xlsx(cur, name, staged / f"{name}.xlsx", version, day),
            lambda cur, name=name: write_csv(cur, name, staged / f"{name}.csv"),
            lambda cur, name=name: parquet(cur, name),
        ]
    try:
        warehouse = in_parallel(con, tasks)[1]
        for name, text in texts.items():
            (staged / name).write_text(text, encoding="utf-8")
        (staged / "CITATION.cff").write_text(citation(version, day), encoding="utf-8")
        (staged / "FINGERPRINT").write_text(fp + "\n", encoding="utf-8")
        if previous is not None:
            (staged / "PREVIOUS").write_text(f"{prev['version']} {sha256_file(previous / 'SHA256SUMS')}\n", encoding="utf-8")
        entries: list[tuple[str, bytes | Path]] = [
            (f"{DATASET_NAME}-{version}/{n}", staged / n) for n in ("README.md", "datapackage.json", "CITATION.cff", "CHANGELOG.md", *data_files)
        ]
        entries += [(f"{DATASET_NAME}-{version}/warehouse/{p.name}", p) for p in warehouse]
        in_parallel(
            con,
            [
                lambda cur: write_legacy_database(cur, staged / LEGACY_DATABASE),  # outside the zip: its bytes are not reproducible, its content is
                lambda cur: _deterministic_zip(entries, staged / ZIP_NAME, day),
            ],
        )
    finally:
        shutil.rmtree(export, ignore_errors=True)
    files = sorted(staged.iterdir())
    with ThreadPoolExecutor(max_workers=workers()) as pool:
        digests = list(pool.map(sha256_file, files))
    (staged / "SHA256SUMS").write_text("".join(f"{d}  {p.name}\n" for p, d in zip(files, digests)), encoding="utf-8")
    return StagedRelease(version, staged, fp, prev["version"] if prev else None)


def missing_files(release: Path) -> list[str]:
    """Files every release now holds that an older release lacks (it was published before they were
    added): a build with the same data publishes a new release that has them, never edits the old one."""
    return [name for name in (LEGACY_DATABASE,) if not (release / name).is_file()]


def point_latest(releases_dir: Path, version: str, fp: str) -> str:
    return json.dumps({"version": version, "fingerprint": fp, "path": f"{version}/"}, indent=2) + "\n"


def verify_checksums(release: Path) -> list[str]:
    """Files of a release whose bytes do not match its SHA256SUMS (empty: all match)."""
    bad = []
    listed = set()
    sums = release / "SHA256SUMS"
    if not sums.is_file():
        return ["SHA256SUMS"]
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if "/" in name or name.startswith("."):
            bad.append(name)
            continue
        listed.add(name)
        path = release / name
        if path.is_symlink() or not path.is_file() or sha256_file(path) != digest:
            bad.append(name)
    bad += sorted(p.name for p in release.iterdir() if p.name not in listed and p.name != "SHA256SUMS")
    return bad


def orphaned_release(releases_dir: Path, prev: dict | None, fp: str) -> str | None:
    """A complete release newer than latest.json that holds exactly this data (a crash between the two), if any."""
    for version in published_versions(releases_dir):
        if prev and version_key(version) <= version_key(prev["version"]):
            continue
        marker = releases_dir / version / "FINGERPRINT"
        if marker.is_file() and marker.read_text(encoding="utf-8").strip() == fp and not verify_checksums(releases_dir / version):
            return version
    return None


def verify_chain(releases_dir: Path) -> list[str]:
    """Walk the releases from the first to the latest: each must match its SHA256SUMS and, from the
    first release that records one, name its predecessor and that predecessor's SHA256SUMS hash
    (``PREVIOUS``) — so a missing, edited or re-hashed release breaks the chain."""
    problems = []
    versions = published_versions(releases_dir)
    chained = False
    for i, version in enumerate(versions):
        folder = releases_dir / version
        bad = verify_checksums(folder)
        if bad:
            problems.append(f"{version}: {', '.join(bad)} do not match SHA256SUMS")
        previous_file = folder / "PREVIOUS"
        if not previous_file.is_file():
            if chained:
                problems.append(f"{version}: PREVIOUS is missing after the chain began")
            continue
        chained = True
        named, _, digest = previous_file.read_text(encoding="utf-8").strip().partition(" ")
        expected = versions[i - 1] if i else None
        if named != expected:
            problems.append(f"{version}: PREVIOUS names {named}, but the release before it is {expected}")
        elif sha256_file(releases_dir / named / "SHA256SUMS") != digest:
            problems.append(f"{version}: {named}'s SHA256SUMS changed since {version} was published")
    info = latest(releases_dir) if (releases_dir / "latest.json").exists() else None
    if versions and (info is None or info["version"] != versions[-1]):
        problems.append(f"latest.json names {info and info['version']}, not the newest release {versions[-1]}")
    return problems
