"""The raw-change sensor: one run per change of state, selecting the changed table and its downstream —
including a change back to an earlier state (edit, then revert)."""

from __future__ import annotations

import dagster as dg
import duckdb
from conftest import NO_TELEMETRY, run_config, run_refresh, settings_for

from pipeline.automation import decide
from pipeline.definitions import defs
from pipeline.resources import BuildResource


def downstream_in_sql(table: str) -> set[str]:
    """Assets downstream of a raw table, worked out from the marts' SQL alone (not from Dagster's graph)."""
    from pipeline.core import sqlgraph

    reached = {f"raw.{table}"}
    while True:
        more = {m for m, reads in sqlgraph.mart_dependencies().items() if reads & reached} - reached
        if not more:
            break
        reached |= more
    return {f"raw_{table}", "warehouse", "release", "site"} | {m.split(".")[1] for m in reached if m.startswith("marts.")}


DOWNSTREAM_OF_LEGISLATION = downstream_in_sql("legislation")


def law_name(tmp_path) -> str:
    con = duckdb.connect(str(tmp_path / "warehouse" / "rare_earths.duckdb"), read_only=True)
    try:
        return con.execute("select law_name_zh from marts.legislation where law_id = 'energy_act_2020'").fetchall()[0][0]
    finally:
        con.close()


def test_sensor_fires_once_per_change_and_again_after_a_revert(tmp_path, raw_copy):
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"), overrides=NO_TELEMETRY)
    assert run_refresh(tmp_path, raw_copy, instance).success
    settings = settings_for(tmp_path, raw_copy)
    sensor = defs.resolve_sensor_def("raw_files_changed")
    cursor = None

    def tick():
        nonlocal cursor
        with dg.build_sensor_context(instance=instance, definitions=defs, cursor=cursor, resources={"build": BuildResource.from_settings(settings)}) as context:
            result = sensor.evaluate_tick(context)
        cursor = result.cursor or cursor
        return result

    def run(request):
        result = defs.resolve_job_def("refresh").execute_in_process(
            instance=instance, asset_selection=list(request.asset_selection), run_config=run_config(settings)
        )
        assert result.success
        return sorted(e.asset_key.to_user_string() for e in result.get_asset_materialization_events())

    skip = tick()
    assert skip.run_requests == [] and "no file" in skip.skip_message

    path = raw_copy / "legislation.csv"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("Energy Act of 2020,能源法案", "Energy Act of 2020,2020 年能源法案"), encoding="utf-8")
    [first] = tick().run_requests
    assert {k.to_user_string() for k in first.asset_selection} == DOWNSTREAM_OF_LEGISLATION
    before = instance.get_latest_materialization_event(dg.AssetKey("raw_prices")).run_id
    assert run(first) == sorted(DOWNSTREAM_OF_LEGISLATION)
    assert instance.get_latest_materialization_event(dg.AssetKey("raw_prices")).run_id == before  # not rebuilt
    assert law_name(tmp_path) == "2020 年能源法案"
    assert tick().run_requests == []  # the same change is not requested twice

    path.write_text(original, encoding="utf-8")  # back to a state seen before
    [second] = tick().run_requests
    assert second.run_key != first.run_key
    assert {k.to_user_string() for k in second.asset_selection} == DOWNSTREAM_OF_LEGISLATION
    run(second)
    assert law_name(tmp_path) == "能源法案"
    assert tick().run_requests == []
    instance.dispose()


def test_decide_fires_on_every_change_of_state_and_never_twice():
    a, b = {"raw/legislation.csv": "1", "raw/prices.csv": "2"}, {"raw/legislation.csv": "9", "raw/prices.csv": "2"}
    tables, key1, cursor = decide(b, a, None)
    assert tables == ["legislation"]
    assert decide(b, a, cursor)[0] == []  # nothing new
    tables, key2, cursor = decide(a, a, cursor)  # reverted before the first run published
    assert tables == ["legislation"] and key2 != key1
    assert decide(a, a, cursor)[0] == []


def test_a_build_with_nothing_changed_does_nothing_and_one_changed_file_reloads_one_table(tmp_path, raw_copy):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {
        **os.environ,
        "RE_RAW_DIR": str(raw_copy),
        "RE_WAREHOUSE_DIR": str(tmp_path / "warehouse"),
        "RE_SITE_DIR": str(tmp_path / "site"),
        "DAGSTER_HOME": str(tmp_path / "home"),
        "RE_RELEASE_DATE": "2030-01-01",
    }

    def build(ok: bool = True) -> str:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert (proc.returncode == 0) == ok, proc.stderr[-2000:]
        return proc.stdout if ok else proc.stderr

    assert "24 raw tables loaded" in build()
    warehouse = tmp_path / "warehouse" / "rare_earths.duckdb"
    before = (warehouse.stat().st_ino, warehouse.stat().st_mtime_ns)
    out = build()
    assert out.startswith("build skipped: nothing changed since release 2030.01.01")
    assert (warehouse.stat().st_ino, warehouse.stat().st_mtime_ns) == before  # not even replaced

    stray = raw_copy / "notes.txt"  # any unknown entry in raw/ is refused, as a full build refuses it
    stray.write_text("hello", encoding="utf-8")
    assert "raw/notes.txt:: unknown file in raw/" in build(ok=False)
    stray.unlink()

    path = raw_copy / "legislation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020,", "Energy Act of 2020 (x),"), encoding="utf-8")
    out = build()
    assert "1 raw tables loaded" in out and "release 2030.01.01.2 published" in out
    con = duckdb.connect(str(warehouse), read_only=True)
    rebuilt = {t for (t,) in con.execute("select input from meta.inputs").fetchall()}
    assert {"code", "published", "raw/legislation.csv"} <= rebuilt
    assert con.execute("select law_name_en from marts.legislation where law_id = 'energy_act_2020'").fetchall() == [("Energy Act of 2020 (x)",)]
    con.close()

    # the command line runs what the sensor would: the changed table and what reads it, nothing else
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"), overrides=NO_TELEMETRY)
    latest = instance.get_runs(limit=1)[0]
    assert latest.tags.get("changed") == "legislation"
    records = instance.get_records_for_run(latest.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    assert sorted(r.event_log_entry.dagster_event.asset_key.to_user_string() for r in records) == sorted(DOWNSTREAM_OF_LEGISLATION)
    # the release of an incremental build holds what one from empty holds: no row naming the previous publication
    legacy = duckdb.connect(str(tmp_path / "site" / "releases" / "2030.01.01.2" / "rare_earths.duckdb"), read_only=True)
    assert legacy.execute("select count(*) from meta.inputs where input = 'published'").fetchall() == [(0,)]
    legacy.close()

    # deleting a source that another table names fails that table, as a full build does (not only sources.csv is re-checked)
    sources = raw_copy / "sources.csv"
    sources.write_text(
        "".join(line for line in sources.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("ucore_dod_2025,")), encoding="utf-8"
    )
    err = build(ok=False)
    assert "raw/investments.csv:" in err and "ucore_dod_2025" in err and "must match a source_id" in err


def test_a_change_selects_every_table_whose_checks_read_it():
    from pipeline.core.raw_tables import RAW_TABLES
    from pipeline.core.state import code_files, with_dependents

    naming_sources = {n for n, t in RAW_TABLES.items() if any(c.references == "sources.source_id" for c in t.columns)}
    assert len(naming_sources) > 10 and naming_sources <= set(with_dependents(["sources"]))
    assert {"usgs_observations", "usitc_trade"} <= set(with_dependents(["country_names"]))  # the readers map names through it
    assert with_dependents(["legislation"]) == ["legislation"]
    assert {p.name for p in code_files()} >= {"README.md", "methodology.zh-Hant.md"}  # the methodology pages render them
