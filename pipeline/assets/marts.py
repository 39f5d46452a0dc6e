"""Mart assets: each runs ``pipeline/sql/<name>.sql`` on the typed tables it needs.

Each mart is computed in an in-memory DuckDB of its inputs, so no step ever
holds the warehouse file's lock; the warehouse asset writes the file once, whole.
"""

import dagster as dg
import pandas as pd
from pandera.errors import SchemaErrors

from pipeline import duck
from pipeline.assets.common import column_schema, table_preview, with_params
from pipeline.assets.raw import asset_name, failures_metadata, typed
from pipeline.claims import run_claims
from pipeline.ingest import Failure
from pipeline.schemas.columns import coerce, columns_of, table_description
from pipeline.schemas.marts import MARTS
from pipeline.schemas.raw import RAW_TABLES

# mart -> (raw tables, marts) it reads
MART_INPUTS: dict[str, tuple[list[str], list[str]]] = {
    "country_shares": (["country_tonnages", "countries", "reported_shares"], []),
    "concentration": (["country_groups"], ["country_shares"]),
    "price_multipliers": (["prices"], []),
    "demand_projections": (["supply_demand"], []),
    "agreements": (["agreements", "agreement_amounts", "countries"], []),
    "investments": (["investments", "sources"], []),
    "capacities": (["capacities"], []),
    "legislation": (["legislation", "statements"], []),
    "export_controls": (["export_controls", "export_control_dates", "export_control_elements", "elements"], []),
    "elements": (["elements", "element_properties", "export_control_elements", "export_control_dates"], ["export_controls"]),
    "claims": (list(RAW_TABLES), [m for m in MARTS if m != "claims"]),
}


def compute_mart(name: str, raw_tables: dict[str, pd.DataFrame], marts: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Pure: typed input frames in, the mart's typed frame out."""
    con = duck.connect_memory()
    try:
        duck.load(con, [duck.Table("raw", t, f, RAW_TABLES[t]) for t, f in raw_tables.items()])
        duck.load(con, [duck.Table("marts", m, f, MARTS[m]) for m, f in marts.items()])
        result = run_claims(con) if name == "claims" else duck.run_sql(con, name)
    finally:
        con.close()
    return coerce(result, MARTS[name])


def mart_schema_failures(name: str, frame: pd.DataFrame) -> list[Failure]:
    try:
        MARTS[name].validate(frame, lazy=True)
    except SchemaErrors as exc:
        return [
            Failure(f"marts.{name}", None if pd.isna(c.index) else int(c.index) + 1, None if pd.isna(c.column) else str(c.column),
                    None if c.failure_case is None else str(c.failure_case), f"rule {c.check}")
            for c in exc.failure_cases.itertuples(index=False)
        ]
    return []


def _lineage(name: str) -> dg.TableColumnLineage:
    """Column lineage: declared on derived columns, and by name for columns carried through."""
    raw_names, _ = MART_INPUTS[name]
    deps = {}
    for col in columns_of(MARTS[name]):
        if col.lineage:
            deps[col.name] = [
                dg.TableColumnDep(dg.AssetKey(ref.split(".")[1]) if ref.startswith("marts.") else dg.AssetKey(asset_name(ref.split(".")[0])), ref.split(".")[-1])
                for ref in col.lineage
            ]
        elif name != "claims":
            carried = [t for t in raw_names if col.name in {c.name for c in columns_of(RAW_TABLES[t])}]
            if carried:
                deps[col.name] = [dg.TableColumnDep(dg.AssetKey(asset_name(carried[0])), col.name)]
    return dg.TableColumnLineage(deps)


def build_mart_asset(name: str) -> dg.AssetsDefinition:
    raw_names, mart_names = MART_INPUTS[name]
    ins = {f"raw_{t}": dg.AssetIn(asset_name(t)) for t in raw_names}
    ins.update({f"mart_{m}": dg.AssetIn(m) for m in mart_names})

    @dg.asset(
        name=name,
        group_name="marts",
        kinds={"duckdb", "sql"},
        ins=ins,
        description=f"marts.{name} — {table_description(MARTS[name])}",
        metadata={"dagster/column_schema": column_schema(MARTS[name]), "sql": f"pipeline/sql/{name}.sql" if name != "claims" else "pipeline/claims.toml"},
    )
    @with_params(*ins)
    def _mart(context: dg.AssetExecutionContext, **inputs) -> dg.Output[pd.DataFrame]:
        raw_tables = {t: typed(inputs[f"raw_{t}"]) for t in raw_names}
        marts = {m: inputs[f"mart_{m}"] for m in mart_names}
        frame = compute_mart(name, raw_tables, marts)
        context.log.info(f"{name}: {len(frame)} rows")
        return dg.Output(frame, metadata={
            "dagster/row_count": len(frame),
            "dagster/column_schema": column_schema(MARTS[name]),
            "dagster/column_lineage": _lineage(name),
            "preview": table_preview(frame),
        })

    return _mart


MART_ASSETS = {name: build_mart_asset(name) for name in MARTS}


def _schema_check(name: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=MART_ASSETS[name], name="schema", blocking=True,
                    description=f"Keys unique, types and allowed values of marts.{name} as declared.")
    @with_params(name)
    def _check(context: dg.AssetCheckExecutionContext, **inputs) -> dg.AssetCheckResult:
        failures = mart_schema_failures(name, inputs[name])
        for f in failures:
            context.log.error(str(f))
        return dg.AssetCheckResult(passed=not failures, metadata=failures_metadata(failures))

    return _check


def _rows_check(asset: str, check_name: str, description: str, blocking: bool, find_rows) -> dg.AssetChecksDefinition:
    """A check that passes when ``find_rows(frame)`` returns no rows; the rows go in its metadata."""

    @dg.asset_check(asset=MART_ASSETS[asset], name=check_name, blocking=blocking, description=description)
    @with_params(asset)
    def _check(context: dg.AssetCheckExecutionContext, **inputs) -> dg.AssetCheckResult:
        rows = find_rows(inputs[asset])
        return dg.AssetCheckResult(
            passed=rows.empty,
            severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
            metadata={"row_count": len(rows), "rows": table_preview(rows, 50)},
        )

    return _check


def _printed_shares_off(frame: pd.DataFrame) -> pd.DataFrame:
    sums = frame.dropna(subset=["reported_share_pct"]).groupby("metric", as_index=False)["reported_share_pct"].sum()
    return sums[(sums["reported_share_pct"] - 100).abs() > 0.1]


def _sources_conflict(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["status"] == "disagrees"][["claim_id", "stated_value", "recomputed_value", "explanation"]]


def _multiplier_without_base(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["multiplier"].notna() & frame["base_price_id"].isna()) | (frame["reported_multiplier"].notna() & frame["multiplier"].isna())]


MART_CHECKS = [_schema_check(name) for name in MARTS] + [
    _rows_check("country_shares", "printed_shares_add_up", "Warns where a printed share table does not add up to 100 % (±0.1).", False, _printed_shares_off),
    _rows_check("claims", "sources_agree", "Warns with every claim whose stated value disagrees with the recomputed one.", False, _sources_conflict),
    _rows_check("agreements", "dates_agree", "Warns where the report's agreement date differs from the other source's.", False,
                lambda f: f[f["has_date_conflict"]].drop_duplicates("agreement_id")[["agreement_id", "agreement_date", "report_date", "date_note"]]),
    _rows_check("price_multipliers", "multiplier_has_base", "Every multiplier has its base concentrate price; every printed multiplier is recomputed.", True, _multiplier_without_base),
    _rows_check("elements", "seventeen_elements", "The elements mart holds exactly the 17 rare-earth elements.", True,
                lambda f: f if len(f) != 17 else f.iloc[0:0]),
    _rows_check("export_controls", "elements_known", "Every element under export control is one of the 17 in marts.elements' source.", True,
                lambda f: f[f["element_symbol"].notna() & f["element_name_en"].isna()]),
]
