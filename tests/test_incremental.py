"""Changing one raw file re-materializes only what depends on it, requested by the sensor once."""

from __future__ import annotations

import dagster as dg

from conftest import NO_TELEMETRY, run_refresh
from pipeline.definitions import defs


def test_sensor_requests_only_the_changed_table_and_its_downstream(tmp_path, raw_copy, monkeypatch):
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"), overrides=NO_TELEMETRY)
    assert run_refresh(tmp_path, raw_copy, instance).success
    for key, value in {"RE_RAW_DIR": raw_copy, "RE_WAREHOUSE_DIR": tmp_path / "warehouse", "RE_SITE_DIR": tmp_path / "site"}.items():
        monkeypatch.setenv(key, str(value))
    sensor = defs.resolve_sensor_def("raw_files_changed")

    skip = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs))
    assert skip.run_requests == [] and "no file" in skip.skip_message

    path = raw_copy / "legislation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020,能源法案", "Energy Act of 2020,2020 年能源法案"), encoding="utf-8")
    [request] = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs)).run_requests
    selection = {k.to_user_string() for k in request.asset_selection}
    assert selection == {"raw_legislation", "legislation", "claims", "warehouse", "release", "site"}

    before = {k: instance.get_latest_materialization_event(dg.AssetKey(k)).run_id for k in ("raw_prices", "price_multipliers", "raw_legislation")}
    result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, asset_selection=list(request.asset_selection))
    assert result.success
    materialized = sorted(e.asset_key.to_user_string() for e in result.get_asset_materialization_events())
    assert materialized == sorted(selection)
    assert instance.get_latest_materialization_event(dg.AssetKey("raw_prices")).run_id == before["raw_prices"]
    assert instance.get_latest_materialization_event(dg.AssetKey("raw_legislation")).run_id != before["raw_legislation"]

    # the same change is not requested twice
    again = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs))
    assert again.run_requests == []
    instance.dispose()
