"""The warehouse asset: every raw table and mart in one DuckDB file, swapped in whole."""

import dagster as dg
import pandas as pd

from pipeline import duck
from pipeline.assets.common import with_params
from pipeline.assets.raw import asset_name, typed
from pipeline.ingest import RawFrame
from pipeline.schemas.columns import columns_of, table_description, table_title
from pipeline.schemas.marts import MARTS
from pipeline.schemas.raw import RAW_TABLES
from pipeline.settings import Paths

META_SQL = [
    "CREATE SCHEMA IF NOT EXISTS meta",
    "CREATE VIEW meta.sources AS SELECT * FROM raw.sources",
    "COMMENT ON VIEW meta.sources IS 'Every source the dataset cites (the same rows as raw.sources).'",
    "CREATE TABLE meta.data_dictionary AS SELECT * FROM data_dictionary_frame",
    "COMMENT ON TABLE meta.data_dictionary IS 'Every column of every raw table and mart: type, description, unit, what it references.'",
]


def data_dictionary() -> pd.DataFrame:
    rows = []
    for schema, models in (("raw", RAW_TABLES), ("marts", MARTS)):
        for table, model in models.items():
            for position, col in enumerate(columns_of(model), start=1):
                rows.append({
                    "table_schema": schema, "table_name": table, "table_title": table_title(model),
                    "table_description": table_description(model), "column_position": position,
                    "column_name": col.name, "data_type": col.duckdb_type, "description": col.description,
                    "unit": col.unit, "is_nullable": col.nullable, "references": col.references,
                })
    return pd.DataFrame(rows)


def build_tables(raw_frames: dict[str, RawFrame], marts: dict[str, pd.DataFrame]) -> list[duck.Table]:
    return [duck.Table("raw", t, typed(raw_frames[t]), RAW_TABLES[t]) for t in RAW_TABLES] + [
        duck.Table("marts", m, marts[m], MARTS[m]) for m in MARTS
    ]


_INS = {**{f"raw_{t}": dg.AssetIn(asset_name(t)) for t in RAW_TABLES}, **{f"mart_{m}": dg.AssetIn(m) for m in MARTS}}


@dg.asset(
    name="warehouse",
    group_name="publish",
    kinds={"duckdb"},
    ins=_INS,
    description="warehouse/rare_earths.duckdb: schemas raw, marts and meta, every table and column commented. Built in a temporary file and swapped in whole.",
)
@with_params(*_INS)
def warehouse(context: dg.AssetExecutionContext, **inputs) -> dg.MaterializeResult:
    paths = Paths.from_env()
    tables = build_tables({t: inputs[f"raw_{t}"] for t in RAW_TABLES}, {m: inputs[f"mart_{m}"] for m in MARTS})
    duck.write_database_atomically(paths.warehouse_file, tables, extra_sql=META_SQL, frames={"data_dictionary_frame": data_dictionary()})
    context.log.info(f"warehouse: wrote {paths.warehouse_file} ({len(tables)} tables)")
    return dg.MaterializeResult(metadata={
        "path": str(paths.warehouse_file),
        "size_bytes": paths.warehouse_file.stat().st_size,
        "tables": dg.MetadataValue.text("\n".join(t.qualified for t in tables)),
    })
