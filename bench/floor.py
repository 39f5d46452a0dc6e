"""The DuckDB-only floor: the least work that produces the pipeline's outputs.

One process, no Dagster, no per-row Python, no validation beyond DuckDB's typed read:

1. every curated ``raw/<table>.csv`` read by ``read_csv`` with its declared column
   types and inserted into ``raw.<table>`` (created with the declared DDL);
2. the staging views and marts (``pipeline/sql/staging``, ``pipeline/sql/marts``) run
   in the pipeline's dependency order; the claims ledger's queries run and judged
   (``pipeline.core.ledger.run_claims``: a handful of result rows, no raw rows);
3. every published table (every mart and the sources) copied to Parquet with ``COPY``
   in its sort order, and the DuckDB file checkpointed.

The declarations (column types, DDL, SQL, build order, sort keys) are taken from the
pipeline by :func:`make_spec` in the parent process and passed as a JSON file, so the
timed process imports only ``duckdb`` (and pandas for the claims frame).

Raw tables kept as publisher files (``Table.snapshot``, read from ``raw/snapshots``)
have no CSV to hand to ``read_csv``: the floor calls the pipeline's reader for them
(a few hundred rows, constant across the synthetic scales) and types them on insert.
Not in the floor: snapshot verification, column comments, the changelog,
datapackage.json and the site.

Usage: ``python bench/floor.py SPEC.json RAW_DIR OUT_DIR`` (prints JSON with the row counts).
"""

from __future__ import annotations

import json
import sys
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
    return {"raw": raw, "models": models, "published": published, "memory_limit": Settings().memory_limit}


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


def run(spec: dict, raw_dir: Path, out: Path) -> dict:
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
    for p in spec["published"]:
        order = ", ".join(f'"{k}" NULLS FIRST' for k in p["sort_key"])
        con.execute(f"COPY (SELECT * FROM {p['qualified']} ORDER BY {order}) TO {_q(str(out / 'release' / (p['name'] + '.parquet')))} (FORMAT parquet)")
    con.execute("CHECKPOINT")
    con.close()
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for pipeline.core.ledger
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    counts = run(spec, Path(sys.argv[2]), Path(sys.argv[3]))
    print(json.dumps({"rows": counts, "raw_tables_loaded": sum(1 for k in counts if k.startswith("raw."))}))
