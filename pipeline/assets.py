"""Dagster assets: thin wiring of ``pipeline.core`` into three steps.

- ``raw``: one asset per curated file, each with its blocking ``schema`` check (pandera);
- ``marts``: one asset per mart, its dependencies read from its SQL, each with a
  blocking ``schema`` check and the audits its declaration lists;
- ``publish``: ``warehouse``, ``release`` and ``site``, published all or nothing.

All three work in the run's build database (``pipeline.resources.BuildResource``):
nothing is pickled between steps. Each multi-asset can be subset, so the sensor's run
of the changed tables and their downstream rebuilds only those.
"""

import dagster as dg

from pipeline.core import sqlgraph
from pipeline.core.declare import Table
from pipeline.core.ingest import Failure
from pipeline.core.marts import MARTS
from pipeline.core.publish import publish
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.resources import BuildResource

MAX_LOGGED_FAILURES = 20  # per file; the check's metadata holds every failure


def raw_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(f"raw_{table}")


def asset_key_of(qualified: str) -> dg.AssetKey:
    """raw.x -> raw_x; marts.y -> y."""
    schema, name = qualified.split(".")
    return raw_key(name) if schema == "raw" else dg.AssetKey(name)


def column_schema(table: Table) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[dg.TableColumn(c.name, c.duckdb_type.lower(), description=c.description + (f" [unit: {c.unit}]" if c.unit else "")) for c in table.columns]
    )


def column_lineage(table: Table) -> dg.TableColumnLineage:
    deps = {}
    for c in table.columns:
        refs = []
        for ref in c.lineage:
            parts = ref.split(".")
            key = dg.AssetKey(parts[1]) if parts[0] == "marts" else raw_key(parts[0])
            refs.append(dg.TableColumnDep(key, parts[-1]))
        if refs:
            deps[c.name] = refs
    return dg.TableColumnLineage(deps)


def failures_metadata(failures: list[Failure]) -> dict[str, object]:
    schema = dg.TableSchema(columns=[dg.TableColumn(n, "string") for n in ("file", "line", "column", "value", "rule")])
    records = [
        dg.TableRecord({"file": f.file, "line": str(f.line or ""), "column": f.column or "", "value": f.value or "", "rule": f.rule}) for f in failures[:500]
    ]
    return {
        "failure_count": len(failures),
        "failures": dg.MetadataValue.table(records, schema=schema),
        "messages": dg.MetadataValue.text("\n".join(str(f) for f in failures)),
    }


def _log_failures(context: dg.AssetExecutionContext, failures: list[Failure]) -> None:
    for f in failures[:MAX_LOGGED_FAILURES]:
        context.log.error(str(f))
    if len(failures) > MAX_LOGGED_FAILURES:
        context.log.error(f"... and {len(failures) - MAX_LOGGED_FAILURES} more failures in {failures[0].file} (see the check's metadata)")


# -- raw ---------------------------------------------------------------------
@dg.multi_asset(
    name="raw",
    specs=[
        dg.AssetSpec(
            raw_key(t),
            group_name="raw",
            kinds={"csv", "duckdb"},
            description=f"raw/{t}.csv → raw.{t} — {table.description}",
            metadata={"dagster/column_schema": column_schema(table), "path": f"raw/{t}.csv"},
        )
        for t, table in RAW_TABLES.items()
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "schema",
            asset=raw_key(t),
            blocking=True,
            description=f"Types raw/{t}.csv and checks every rule of its declaration (pandera), lazily: every failure reported at once.",
        )
        for t in RAW_TABLES
    ],
    can_subset=True,
)
def raw(context: dg.AssetExecutionContext, build: BuildResource):
    selected = [t for t in RAW_TABLES if raw_key(t) in context.selected_asset_keys]
    results = build.db.load_raw(selected)
    for t in selected:
        r = results[t]
        _log_failures(context, r.failures)
        yield dg.MaterializeResult(asset_key=raw_key(t), data_version=dg.DataVersion(r.sha256), metadata={"dagster/row_count": r.rows, "sha256": r.sha256})
        yield dg.AssetCheckResult(asset_key=raw_key(t), check_name="schema", passed=r.passed, metadata=failures_metadata(r.failures))
    context.log.info(f"raw: {len(selected)} tables read; {build.db.loads} loaded into the build database")


# -- marts -------------------------------------------------------------------
MART_DEPS = {name.split(".")[1]: deps for name, deps in sqlgraph.mart_dependencies().items()}


def _mart_checks() -> list[dg.AssetCheckSpec]:
    specs = []
    for name, table in MARTS.items():
        specs.append(
            dg.AssetCheckSpec(
                "schema",
                asset=name,
                blocking=True,
                description=f"Keys unique, types, allowed values and ranges of marts.{name} as declared; every number finite.",
            )
        )
        specs += [dg.AssetCheckSpec(a.name, asset=name, blocking=a.blocking, description=a.description) for a in table.audits]
    return specs


@dg.multi_asset(
    name="marts",
    specs=[
        dg.AssetSpec(
            name,
            group_name="marts",
            kinds={"duckdb", "sql"},
            deps=sorted({asset_key_of(d) for d in MART_DEPS[name]}, key=str),
            description=f"marts.{name} — {table.description}",
            metadata={
                "dagster/column_schema": column_schema(table),
                "dagster/column_lineage": column_lineage(table),
                "sql": str(sqlgraph.models()[f"marts.{name}"].path.relative_to(sqlgraph.SQL_DIR.parent.parent)),
            },
        )
        for name, table in MARTS.items()
    ],
    check_specs=_mart_checks(),
    can_subset=True,
)
def marts(context: dg.AssetExecutionContext, build: BuildResource):
    selected = [m for m in MARTS if dg.AssetKey(m) in context.selected_asset_keys]
    results = build.db.build_marts(selected)
    for name, r in results.items():
        _log_failures(context, r.failures)
        yield dg.MaterializeResult(asset_key=name, metadata={"dagster/row_count": r.rows})
        yield dg.AssetCheckResult(asset_key=name, check_name="schema", passed=r.passed, metadata=failures_metadata(r.failures))
        for audit in MARTS[name].audits:
            if audit.name not in r.audits:  # the mart was not built: its audits did not run
                yield dg.AssetCheckResult(
                    asset_key=name,
                    check_name=audit.name,
                    passed=False,
                    metadata={"not_run": "the mart was not built"},
                    severity=dg.AssetCheckSeverity.ERROR if audit.blocking else dg.AssetCheckSeverity.WARN,
                )
                continue
            rows = r.audits[audit.name]
            yield dg.AssetCheckResult(
                asset_key=name,
                check_name=audit.name,
                passed=rows.empty,
                severity=dg.AssetCheckSeverity.ERROR if audit.blocking else dg.AssetCheckSeverity.WARN,
                metadata={"row_count": len(rows), "rows": dg.MetadataValue.md(rows.head(50).to_markdown(index=False)) if len(rows) else ""},
            )


# -- publish -----------------------------------------------------------------
@dg.multi_asset(
    name="publish",
    specs=[
        dg.AssetSpec(
            "warehouse",
            group_name="publish",
            kinds={"duckdb"},
            deps=[raw_key(t) for t in RAW_TABLES] + [dg.AssetKey(m) for m in MARTS],
            description="warehouse/rare_earths.duckdb: schemas raw, marts and meta, every table and column commented. The run's build database, swapped in whole.",
        ),
        dg.AssetSpec(
            "release",
            group_name="publish",
            kinds={"parquet"},
            deps=["warehouse"],
            description="site/releases/<version>/: every mart and the sources as Parquet (COPY from the build database), datapackage.json, SHA256SUMS, CITATION.cff, CHANGELOG.md. Published only when the data differs from the latest release; never rewritten.",
        ),
        dg.AssetSpec(
            "site",
            group_name="publish",
            kinds={"html"},
            deps=["release"],
            description="site/*.html: static bilingual pages rendered from the marts, self-contained and readable offline.",
        ),
    ],
    can_subset=False,
)
def publish_outputs(context: dg.AssetExecutionContext, build: BuildResource):
    result = publish(build.db, build.settings())
    context.log.info(result.summary())
    yield dg.MaterializeResult(
        asset_key="warehouse", metadata={"path": str(result.warehouse), "size_bytes": result.warehouse.stat().st_size, "raw_tables_loaded": build.db.loads}
    )
    yield dg.MaterializeResult(
        asset_key="release", metadata={"version": result.latest_release or "", "published": result.new_release is not None, "fingerprint": result.fingerprint}
    )
    yield dg.MaterializeResult(asset_key="site", metadata={"pages": dg.MetadataValue.json(result.pages)})


ALL_ASSETS = [raw, marts, publish_outputs]


def downstream_of(tables: list[str]) -> list[dg.AssetKey]:
    """The raw tables' assets and everything downstream: what the sensor and the command line run
    when only those tables' inputs changed."""
    return sorted(dg.AssetSelection.assets(*[raw_key(t) for t in tables]).downstream().resolve(ALL_ASSETS), key=lambda k: k.to_user_string())
