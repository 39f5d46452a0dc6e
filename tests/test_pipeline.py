"""The whole job, run for real: a good build, and a broken raw file that stops it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
from conftest import NO_TELEMETRY, ROOT, run_refresh

from pipeline.core.marts import MARTS
from pipeline.core.raw_tables import RAW_TABLES


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_writes_every_table_with_comments(built):
    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    tables = {(s, t) for s, t in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()}
    assert tables >= {("raw", t) for t in RAW_TABLES} | {("marts", m) for m in MARTS} | {("meta", "data_dictionary")}
    uncommented = con.execute(
        "select schema_name, table_name, column_name from duckdb_columns() where schema_name in ('raw', 'marts') and (comment is null or comment = '')"
    ).fetchall()
    assert uncommented == []
    assert con.execute("select count(*) from duckdb_tables() where schema_name in ('raw', 'marts') and (comment is null or comment = '')").fetchall()[0][0] == 0
    assert con.execute("select count(*) from meta.sources").fetchall()[0][0] == con.execute("select count(*) from raw.sources").fetchall()[0][0]
    assert con.execute("select unit from meta.data_dictionary where table_name = 'country_tonnages' and column_name = 'quantity_t_reo'").fetchall()[0] == (
        "t REO",
    )


def test_not_available_stays_null_not_zero(built):
    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    rows = con.execute(
        "select country_code, quantity_t_reo from raw.country_tonnages where metric = 'reserves' and value_qualifier = 'not_available' order by 1"
    ).fetchall()
    assert rows == [("MDG", None), ("MMR", None), ("MYS", None), ("NGA", None)]


def test_broken_input_stops_the_build_and_keeps_the_previous_warehouse(tmp_path, raw_copy):
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"), overrides=NO_TELEMETRY)
    assert run_refresh(tmp_path, raw_copy, instance).success
    warehouse = tmp_path / "warehouse" / "rare_earths.duckdb"
    before = _sha(warehouse)

    # two files broken in different ways: both must be reported by the same run
    shares = raw_copy / "reported_shares.csv"
    shares.write_text(shares.read_text(encoding="utf-8").replace("production,CHN,2024,68.54", "production,CHN,2024,168.54"), encoding="utf-8")
    prices = raw_copy / "prices.csv"
    prices.write_text(prices.read_text(encoding="utf-8").replace("2025-10-16,2025,513000", "2025-10-36,2025,513000"), encoding="utf-8")

    result = run_refresh(tmp_path, raw_copy, instance)
    assert not result.success
    failed = {
        (e.asset_key.to_user_string(), e.check_name): e
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR
    }
    assert set(failed) == {("raw_reported_shares", "schema"), ("raw_prices", "schema")}
    messages = failed[("raw_reported_shares", "schema")].metadata["messages"].value
    assert "raw/reported_shares.csv:" in messages and "column 'share_pct' value '168.54'" in messages
    assert "column 'price_date' value '2025-10-36'" in failed[("raw_prices", "schema")].metadata["messages"].value

    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "warehouse" not in materialized and "price_multipliers" not in materialized and "country_shares" not in materialized
    assert _sha(warehouse) == before
    instance.dispose()


def test_command_line_reports_every_failure(tmp_path, raw_copy):
    shares = raw_copy / "reported_shares.csv"
    shares.write_text(shares.read_text(encoding="utf-8").replace("reserves,GRL,", "reserves,GRN,"), encoding="utf-8")
    env = {
        **os.environ,
        "RE_RAW_DIR": str(raw_copy),
        "RE_WAREHOUSE_DIR": str(tmp_path / "wh"),
        "RE_SITE_DIR": str(tmp_path / "site"),
        "DAGSTER_HOME": str(tmp_path / "home"),
    }
    proc = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 1
    assert "raw/reported_shares.csv:9: column 'country_code' value 'GRN': must match a country_code in raw/countries.csv" in proc.stderr
    assert not (tmp_path / "wh" / "rare_earths.duckdb").exists()
