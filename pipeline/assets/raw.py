"""One asset per raw table, each with a blocking pandera check.

The asset records what the file holds (text cells by CSV line) and, where every
cell can be typed, the typed frame downstream assets use; the check runs the
model's rules lazily and reports every failure, with file, line, column, value
and rule, in its metadata. A failed check stops everything downstream.
"""

import dagster as dg
import pandas as pd

from pipeline.assets.common import column_schema, table_preview, with_params
from pipeline.ingest import Failure, RawFrame, read_csv_table
from pipeline.schemas.columns import columns_of, table_description
from pipeline.schemas.raw import RAW_TABLES
from pipeline.settings import Paths
from pipeline.validation import type_raw, validate_raw

PREVIEW_ROWS = 10


def asset_name(table: str) -> str:
    return f"raw_{table}"


def referenced_columns(table: str) -> list[str]:
    """The ``table.column`` ids that the table's columns reference (other tables only)."""
    refs = {c.references for c in columns_of(RAW_TABLES[table]) if c.references}
    return sorted(r for r in refs if r.split(".")[0] != table)


def referenced_tables(table: str) -> list[str]:
    return sorted({r.split(".")[0] for r in referenced_columns(table)})


def reference_keys(table: str, ref_frames: dict[str, RawFrame]) -> dict[str, set[str]]:
    """The ids each referenced column holds (as text), for resolving references."""
    out = {}
    for ref in referenced_columns(table):
        ref_table, key = ref.split(".")
        frame = ref_frames[ref_table].frame
        out[ref] = set(frame[key].dropna()) if key in frame.columns else set()
    return out


def failures_metadata(failures: list[Failure]) -> dict[str, object]:
    schema = dg.TableSchema(columns=[dg.TableColumn(n, "string") for n in ("file", "line", "column", "value", "rule")])
    records = [
        dg.TableRecord({"file": f.file, "line": str(f.line or ""), "column": f.column or "", "value": f.value or "", "rule": f.rule})
        for f in failures[:500]
    ]
    return {
        "failure_count": len(failures),
        "failures": dg.MetadataValue.table(records, schema=schema),
        "messages": dg.MetadataValue.text("\n".join(str(f) for f in failures)),
    }


def build_raw_asset(table: str) -> dg.AssetsDefinition:
    model = RAW_TABLES[table]

    @dg.asset(
        name=asset_name(table),
        group_name="raw",
        kinds={"csv", "pandas"},
        description=f"raw/{table}.csv — {table_description(model)}",
        metadata={"dagster/column_schema": column_schema(model), "path": f"raw/{table}.csv"},
    )
    def _raw(context: dg.AssetExecutionContext) -> dg.Output[RawFrame]:
        raw = read_csv_table(table, Paths.from_env().raw_file(table))
        raw.typed = type_raw(raw, model)
        context.log.info(f"{asset_name(table)}: read {len(raw.frame)} rows from {raw.file}")
        return dg.Output(
            raw,
            data_version=dg.DataVersion(raw.sha256),
            metadata={
                "dagster/row_count": len(raw.frame),
                "dagster/column_schema": column_schema(model),
                "sha256": raw.sha256,
                "preview": table_preview(raw.frame),
            },
        )

    return _raw


def build_raw_check(table: str, raw_asset: dg.AssetsDefinition) -> dg.AssetChecksDefinition:
    model = RAW_TABLES[table]
    refs = referenced_tables(table)

    def _check(context: dg.AssetCheckExecutionContext, **inputs: RawFrame) -> dg.AssetCheckResult:
        raw = inputs[asset_name(table)]
        result = validate_raw(raw, model, reference_keys(table, {r: inputs[r] for r in refs}))
        for failure in result.failures:
            context.log.error(str(failure))
        if result.passed:
            context.log.info(f"{asset_name(table)}: {len(result.typed)} rows pass schema")
        return dg.AssetCheckResult(passed=result.passed, metadata=failures_metadata(result.failures))

    with_params(asset_name(table), *refs)(_check)
    return dg.asset_check(
        asset=raw_asset,
        name="schema",
        blocking=True,
        description=f"Types raw/{table}.csv and checks every rule of its pandera model, lazily: every failure reported at once.",
        additional_ins={r: dg.AssetIn(asset_name(r)) for r in refs},
    )(_check)


RAW_ASSETS = {table: build_raw_asset(table) for table in RAW_TABLES}
RAW_CHECKS = [build_raw_check(table, asset) for table, asset in RAW_ASSETS.items()]


def typed(raw: RawFrame) -> pd.DataFrame:
    """The typed frame of a raw table whose blocking check passed."""
    if raw.typed is None:  # only reachable if the blocking check was bypassed
        raise ValueError(f"{raw.file} could not be typed; its schema check reports why")
    return raw.typed
