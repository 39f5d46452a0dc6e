"""The DuckDB-only floor: the least work that produces the pipeline's outputs.

One process, no Dagster, no per-row Python, no validation beyond DuckDB's typed read:

1. every curated ``raw/<table>.csv`` read by ``read_csv`` with its declared column
   types and inserted into ``raw.<table>`` (created with the declared DDL);
2. the staging views and marts (``pipeline/sql/staging``, ``pipeline/sql/marts``) run
   in the pipeline's dependency order; the claims ledger's queries run and judged
   (``pipeline.core.ledger.run_claims``: a handful of result rows, no raw rows);
3. every published table (every mart and the sources) copied to Parquet with ``COPY``
   in its sort order, and the DuckDB file checkpointed (timed apart: ``parquet_s``, the
   floor as the issue first defined it, DuckDB file + Parquet);
4. the other files a release holds, each the least-work way plain DuckDB offers, side by
   side in as many threads as the pipeline uses: CSV by ``COPY`` (plus the byte-order
   mark), XLSX with the sheet XML made by DuckDB and deflated (``pipeline.core.xlsx``:
   no spreadsheet writer is bundled with DuckDB, and its ``excel`` extension is not
   available offline), the warehouse by ``EXPORT DATABASE (FORMAT parquet)``, the DuckDB
   1.x file by ``ATTACH ... (STORAGE_VERSION 'v1.0.0')`` and ``CREATE TABLE AS``, and the
   zip of the data files and the export (the pipeline's compression rule: stored
   Parquet/XLSX, deflate level 1 above 16 MiB, 6 below).

The declarations (column types, DDL, SQL, build order, sort keys) are taken from the
pipeline by :func:`make_spec` in the parent process and passed as a JSON file, so the
timed process imports only ``duckdb`` (and pandas for the claims frame).

Raw tables kept as publisher files (``Table.snapshot``, read from ``raw/snapshots``)
have no CSV to hand to ``read_csv``: the floor calls the pipeline's reader for them
(a few hundred rows, constant across the synthetic scales) and types them on insert.
Not in the floor: validation, snapshot verification, column comments, the changelog,
datapackage.json, the release README and the site.

Usage: ``python bench/floor.py SPEC.json RAW_DIR OUT_DIR`` (prints JSON with the row counts).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def make_spec() -> dict:
    """The declarations the floor needs, read from the pipeline (imports pipeline.core, not Dagster)."""
    from pipeline.core import sqlgraph
    from pipeline.core.marts import MARTS
    from pipeline.core.raw_tables import RAW_TABLES
    from pipeline.core.release import PUBLISHED
    from pipeline.settings import Settings

    raw = []
    for name, table in RAW_TABLES.items():
        raw.append(
            {
                "name": name,
                "file": f"{name}.csv",
                "snapshot": getattr(table, "snapshot", None),
                "ddl": table.ddl(),
                "types": {c.name: c.duckdb_type for c in table.columns},
            }
        )
    models = []
    for qualified in sqlgraph.build_order([f"marts.{m}" for m in MARTS]):  # what the pipeline's marts step builds
        model = sqlgraph.models()[qualified]
        entry = {"name": qualified, "schema": model.schema, "sql": model.sql}
        if model.schema == "marts":
            table = MARTS[model.table]
            entry.update(ddl=table.ddl(), columns=table.column_names())
        models.append(entry)
    published = [{"name": n, "qualified": t.qualified, "sort_key": t.sort_key()} for n, t in PUBLISHED.items()]
    from pipeline.core.release import workers

    return {"raw": raw, "models": models, "published": published, "memory_limit": Settings().memory_limit, "workers": workers()}


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _load_snapshot(con, t: dict, raw_dir: Path) -> None:
    """A raw table kept as publisher files (raw/snapshots/<publisher>/): the pipeline's reader (Python; a
    few hundred rows that do not grow with the synthetic scale), typed by DuckDB on insert."""
    import pandas as pd

    from pipeline.core.snapshot_tables import READERS

    records, failures = READERS[t["snapshot"]](raw_dir / "snapshots" / t["snapshot"])
    if failures:
        raise RuntimeError(f"{t['name']}: {failures[:3]}")
    frame = pd.DataFrame(records, columns=list(t["types"]))
    con.register("_snapshot", frame)
    casts = ", ".join(f'CAST("{c}" AS {ty})' for c, ty in t["types"].items())
    con.execute(f'INSERT INTO raw."{t["name"]}" SELECT {casts} FROM _snapshot')
    con.unregister("_snapshot")


def run(spec: dict, raw_dir: Path, out: Path) -> tuple[dict, dict]:
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    (out / "release").mkdir(exist_ok=True)
    con = duckdb.connect(str(out / "floor.duckdb"), config={"autoload_known_extensions": False, "autoinstall_known_extensions": False})
    con.execute(f"SET memory_limit = {_q(spec['memory_limit'])}")  # the pipeline's DuckDB setting
    con.execute(f"SET temp_directory = {_q(str(out / '.spill'))}")
    for schema in ("raw", "staging", "marts", "meta"):
        con.execute(f"CREATE SCHEMA {schema}")
    rows = {}
    for t in spec["raw"]:
        con.execute(t["ddl"])
        if t["snapshot"]:
            _load_snapshot(con, t, raw_dir)
            rows[f"raw.{t['name']}"] = con.execute(f'SELECT count(*) FROM raw."{t["name"]}"').fetchone()[0]
            continue
        types = "{" + ", ".join(f"{_q(c)}: {_q(ty)}" for c, ty in t["types"].items()) + "}"
        con.execute(
            f'INSERT INTO raw."{t["name"]}" BY NAME SELECT * FROM read_csv({_q(str(raw_dir / t["file"]))}, '
            f"header = true, delim = ',', quote = '\"', escape = '\"', types = {types})"
        )
        rows[f"raw.{t['name']}"] = con.execute(f'SELECT count(*) FROM raw."{t["name"]}"').fetchone()[0]
    for m in spec["models"]:
        if m["schema"] == "staging":
            con.execute(f"CREATE OR REPLACE VIEW {m['name']} AS {m['sql']}")
            continue
        con.execute(m["ddl"])
        cols = ", ".join(f'"{c}"' for c in m["columns"])
        if m["name"] == "marts.claims":
            from pipeline.core.ledger import run_claims  # pandas + duckdb only

            claims = run_claims(con)
            con.register("_claims", claims)
            con.execute(f"INSERT INTO marts.claims ({cols}) SELECT {cols} FROM _claims")
            con.unregister("_claims")
        else:
            con.execute(f"INSERT INTO {m['name']} ({cols}) SELECT {cols} FROM ({m['sql']})")
        rows[m["name"]] = con.execute(f"SELECT count(*) FROM {m['name']}").fetchone()[0]
    order_of = {p["name"]: ", ".join(f'"{k}" NULLS FIRST' for k in p["sort_key"]) for p in spec["published"]}
    release = out / "release"
    for p in spec["published"]:
        con.execute(f"COPY (SELECT * FROM {p['qualified']} ORDER BY {order_of[p['name']]}) TO {_q(str(release / (p['name'] + '.parquet')))} (FORMAT parquet)")
    con.execute("CHECKPOINT")
    timings = {"parquet_s": time.perf_counter() - T0}
    _other_files(con, spec, release, order_of)
    con.close()
    timings["total_s"] = time.perf_counter() - T0
    return rows, timings


def _other_files(con, spec: dict, release: Path, order_of: dict[str, str]) -> None:
    """CSV, XLSX, the warehouse export, the DuckDB 1.x file and the zip (see the module docstring)."""
    import datetime as dt
    import shutil
    import zipfile
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.core.xlsx import write_workbook, zip_entry  # DuckDB SQL and zlib: no per-row Python

    day = dt.date(2030, 1, 1)

    def csv(cur, p: dict) -> None:
        tmp = release / f"{p['name']}.csv.part"
        cur.execute(f"COPY (SELECT * FROM {p['qualified']} ORDER BY {order_of[p['name']]}) TO {_q(str(tmp))} (FORMAT csv, HEADER true)")
        with open(release / f"{p['name']}.csv", "wb") as dst, open(tmp, "rb") as src:
            dst.write(b"\xef\xbb\xbf")
            shutil.copyfileobj(src, dst, 1 << 22)
        tmp.unlink()

    def xlsx(cur, p: dict) -> None:
        write_workbook(
            cur,
            f"SELECT * FROM {p['qualified']}",
            order_of[p["name"]],
            release / f"{p['name']}.xlsx",
            sheet=p["name"],
            notes_sheet="columns",
            notes=[["column"]],
            title=p["name"],
            creator="floor",
            day=day,
        )

    def export(cur) -> None:
        cur.execute(f"EXPORT DATABASE {_q(str(release / 'warehouse'))} (FORMAT parquet)")

    def legacy(cur) -> None:
        db = cur.execute("SELECT current_database()").fetchone()[0]
        cur.execute(f"ATTACH {_q(str(release / 'legacy.duckdb'))} AS legacy (STORAGE_VERSION 'v1.0.0')")
        for schema in ("raw", "marts", "meta"):
            cur.execute(f"CREATE SCHEMA legacy.{schema}")
        for schema, table in cur.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name IN ('raw', 'marts', 'meta')", [db]
        ).fetchall():
            cur.execute(f'CREATE TABLE legacy.{schema}."{table}" AS SELECT * FROM "{db}".{schema}."{table}"')
        cur.execute("DETACH legacy")

    def run(task, *args) -> None:
        cur = con.cursor()
        try:
            task(cur, *args)
        finally:
            cur.close()

    tasks = [(export,), (legacy,)] + [(f, p) for p in spec["published"] for f in (xlsx, csv)]
    with ThreadPoolExecutor(max_workers=spec["workers"]) as pool:
        for f in [pool.submit(run, *t) for t in tasks]:
            f.result()
    files = sorted(p for p in release.rglob("*") if p.is_file() and p.name != "legacy.duckdb")
    with zipfile.ZipFile(release / "data.zip", "w") as zf:
        for path in files:
            size = path.stat().st_size
            info = zip_entry(str(path.relative_to(release)), day, level=1 if size > 16 * 1024 * 1024 else 6, stored=path.suffix in (".parquet", ".xlsx"))
            with zf.open(info, "w", force_zip64=size > (1 << 31) - (1 << 20)) as dst, open(path, "rb") as src:
                shutil.copyfileobj(src, dst, 1 << 22)


T0 = time.perf_counter()  # the process's start, near enough: the phases are timed from here

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for pipeline.core.ledger
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    counts, timings = run(spec, Path(sys.argv[2]), Path(sys.argv[3]))
    print(json.dumps({"rows": counts, "raw_tables_loaded": sum(1 for k in counts if k.startswith("raw.")), **timings}))
