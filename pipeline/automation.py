"""Refresh triggers: a weekly schedule and a sensor on the files in ``raw/``.

The sensor compares each raw file's SHA-256 with the ``sha256`` its asset's latest
materialization recorded, and requests a run of the changed raw assets and
everything downstream of them, once per change (the run key is the new hashes).
"""

from __future__ import annotations

import hashlib

import dagster as dg

from pipeline.assets.raw import asset_name
from pipeline.schemas.raw import RAW_TABLES
from pipeline.settings import Paths


def file_sha256(path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def changed_raw_assets(instance: dg.DagsterInstance) -> dict[str, str]:
    """Raw assets whose file differs from what their latest materialization read: {asset: new sha256}."""
    paths = Paths.from_env()
    changed = {}
    for table in RAW_TABLES:
        key = dg.AssetKey(asset_name(table))
        current = file_sha256(paths.raw_file(table))
        event = instance.get_latest_materialization_event(key)
        recorded = None
        if event is not None and event.asset_materialization is not None:
            value = event.asset_materialization.metadata.get("sha256")
            recorded = value.value if value is not None else None
        if current is not None and current != recorded:
            changed[asset_name(table)] = current
    return changed


def build_automation(job: dg.UnresolvedAssetJobDefinition, assets: list[dg.AssetsDefinition]):
    weekly = dg.ScheduleDefinition(
        name="weekly_refresh",
        job=job,
        cron_schedule="0 6 * * 1",
        execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.STOPPED,
        description="Refresh everything every Monday 06:00 UTC. Off by default: the data only changes when raw/ does, which the sensor covers.",
    )

    @dg.sensor(
        name="raw_files_changed",
        job=job,
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Requests a refresh of the changed raw tables and everything downstream when a file in raw/ changes; once per change.",
    )
    def raw_files_changed(context: dg.SensorEvaluationContext):
        changed = changed_raw_assets(context.instance)
        if not changed:
            return dg.SkipReason("no file in raw/ changed since its last materialization")
        run_key = hashlib.sha256(";".join(f"{k}={v}" for k, v in sorted(changed.items())).encode()).hexdigest()[:16]
        return dg.RunRequest(
            run_key=run_key,
            asset_selection=sorted(
                dg.AssetSelection.assets(*[dg.AssetKey(k) for k in changed]).downstream().resolve(assets),
                key=lambda k: k.to_user_string(),
            ),
            tags={"trigger": "raw_files_changed", "changed": ",".join(sorted(changed))},
        )

    return weekly, raw_files_changed
