"""The Dagster code location: three multi-assets, their checks, the refresh job, the schedule and sensor.

Every job — ``refresh``, the UI's **Materialize all** and **Materialize selected**, the
sensor's runs — uses the in-process executor set here: a process per step costs
seconds, and the steps share the run's build database.
"""

from __future__ import annotations

import dagster as dg

from pipeline.assets import ALL_ASSETS
from pipeline.automation import build_automation
from pipeline.resources import BuildResource
from pipeline.settings import Settings

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Refresh everything: raw tables, checks, marts, warehouse, release, site.",
)

weekly_refresh, raw_files_changed = build_automation(refresh_job, ALL_ASSETS)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[refresh_job],
    schedules=[weekly_refresh],
    sensors=[raw_files_changed],
    resources={"build": BuildResource.from_settings(Settings.from_env())},
    executor=dg.in_process_executor,
)
