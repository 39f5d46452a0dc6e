"""The Dagster code location: assets by layer, their checks, the refresh job."""

from __future__ import annotations

import dagster as dg

from pipeline.assets.marts import MART_ASSETS, MART_CHECKS
from pipeline.assets.raw import RAW_ASSETS, RAW_CHECKS
from pipeline.assets.publish import release, site
from pipeline.assets.warehouse import warehouse
from pipeline.automation import build_automation

ALL_ASSETS = [*RAW_ASSETS.values(), *MART_ASSETS.values(), warehouse, release, site]
ALL_CHECKS = [*RAW_CHECKS, *MART_CHECKS]

# One process for the whole run: a process per step costs ~2.5 s here, and the
# steps are small. Only the warehouse step writes the DuckDB file.
refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Refresh everything: raw tables, checks, marts, warehouse, release, site.",
)

weekly_refresh, raw_files_changed = build_automation(refresh_job, ALL_ASSETS)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[refresh_job],
    schedules=[weekly_refresh],
    sensors=[raw_files_changed],
)
