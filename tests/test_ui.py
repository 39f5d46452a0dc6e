"""The refresh job launched the way the UI does: dagster dev (webserver + daemon), GraphQL."""

from __future__ import annotations

import dagster as dg

from pipeline.definitions import ALL_ASSETS
from pipeline.devserver import dagster_dev, launch_and_wait


def test_refresh_launched_through_the_ui_materializes_every_asset(tmp_path):
    home = tmp_path / "home"
    env = {"RE_WAREHOUSE_DIR": str(tmp_path / "warehouse"), "RE_SITE_DIR": str(tmp_path / "site")}
    with dagster_dev(home, env) as port:
        run_id, status = launch_and_wait(port)
        assert status == "SUCCESS"
    instance = dg.DagsterInstance.from_config(str(home))
    materialized = {e.asset_key for e in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
                    for e in [e.event_log_entry.dagster_event]}
    expected = {key for asset in ALL_ASSETS for key in asset.keys}
    assert materialized == expected
    assert (tmp_path / "warehouse" / "rare_earths.duckdb").exists() and (tmp_path / "site" / "index.html").exists()
    instance.dispose()
