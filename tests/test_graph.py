"""A snapshot of the asset graph: a change to it shows up as a readable diff here."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipeline.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.txt"


def describe_graph() -> str:
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        deps = ", ".join(sorted(p.to_user_string() for p in node.parent_keys))
        checks = ", ".join(sorted(c.name for c in node.check_keys))
        lines.append(f"{key.to_user_string()} [{node.group_name}] <- {deps or '-'} | checks: {checks or '-'}")
    specs = [graph.get_check_spec(k) for k in graph.asset_check_keys]
    blocking = sorted(f"{s.asset_key.to_user_string()}:{s.name}" for s in specs if s.blocking)
    return "\n".join(lines + ["", "blocking checks:"] + blocking) + "\n"


def test_asset_graph_matches_snapshot():
    text = describe_graph()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_every_mart_is_downstream_of_a_blocking_raw_check():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        if graph.get(key).group_name == "raw":
            assert any(graph.get_check_spec(c).blocking for c in graph.get(key).check_keys), key


def test_schedule_and_sensor_are_declared_with_their_default_state():
    import dagster as dg

    schedule = defs.resolve_schedule_def("weekly_refresh")
    sensor = defs.resolve_sensor_def("raw_files_changed")
    assert schedule.cron_schedule == "0 6 * * 1" and schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert schedule.job_name == sensor.job_name == "refresh"


def test_mart_dependencies_in_the_graph_are_the_tables_its_sql_reads():
    from pipeline.assets import asset_key_of
    from pipeline.core import sqlgraph
    from pipeline.core.marts import MARTS

    graph = defs.resolve_asset_graph()
    for name in MARTS:
        from_sql = {asset_key_of(d) for d in sqlgraph.resolved_reads(f"marts.{name}")}
        assert set(graph.get(dg.AssetKey(name)).parent_keys) == from_sql, name
    assert sqlgraph.resolved_reads("marts.concentration") == {"marts.country_shares", "raw.country_groups"}


def test_column_lineage_points_at_each_marts_own_inputs_and_existing_columns():
    from pipeline.assets import asset_key_of, column_lineage
    from pipeline.core import sqlgraph
    from pipeline.core.marts import MARTS
    from pipeline.core.raw_tables import RAW_TABLES

    columns = {f"raw_{t}": set(m.column_names()) for t, m in RAW_TABLES.items()}
    columns.update({m: set(t.column_names()) for m, t in MARTS.items()})
    for mart, table in MARTS.items():
        inputs = {asset_key_of(d).to_user_string() for d in sqlgraph.resolved_reads(f"marts.{mart}")}
        for column, deps in column_lineage(table).deps_by_column.items():
            for dep in deps:
                upstream = dep.asset_key.to_user_string()
                assert upstream in inputs and dep.column_name in columns[upstream], (mart, column, upstream, dep.column_name)
    assert [d.column_name for d in column_lineage(MARTS["country_shares"]).deps_by_column["share_pct"]] == ["quantity_t_reo"]


def test_the_core_does_not_import_dagster():
    import ast
    from pathlib import Path

    core = Path(__file__).resolve().parent.parent / "pipeline" / "core"
    offenders = []
    for path in sorted(core.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("dagster", "dagster_graphql", "dagster_webserver")]
    assert offenders == []


def test_every_job_the_ui_can_launch_runs_in_process():
    assert defs.resolve_job_def("refresh").executor_def.name == "in_process"
    assert defs.resolve_implicit_global_asset_job_def().executor_def.name == "in_process"
