"""The Dagster code location: three multi-assets, their checks, the refresh job, the schedule and sensor.

Every job — ``refresh``, the UI's **Materialize all** and **Materialize selected**, the
sensor's runs — uses the in-process executor set here: a process per step costs
seconds, and the steps share the run's build database.
"""

import dagster as dg

from pipeline.assets import ALL_ASSETS
from pipeline.automation import build_automation
from pipeline.core.snapshots import add_snapshot
from pipeline.resources import BuildResource
from pipeline.settings import Settings

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Refresh everything: raw tables, checks, marts, warehouse, release, site.",
)

weekly_refresh, raw_files_changed = build_automation(refresh_job)


class AddSnapshotConfig(dg.Config):
    """What to snapshot: a URL (http/https) or a local file, and the metadata written beside it."""

    source: str
    publisher: str = "U.S. Geological Survey"
    publisher_slug: str = "usgs"
    series: str = "MCS"
    edition: str
    edition_slug: str
    source_id: str
    title: str
    identifier: str
    version: str = "1.0"
    publication_date: str | None = None
    note: str | None = None


@dg.op(description="Download or copy one file into raw/snapshots/<publisher>/<edition>/ with its metadata and SHA-256; never overwrites.")
def add_snapshot_op(context: dg.OpExecutionContext, config: AddSnapshotConfig, build: BuildResource) -> None:
    path = add_snapshot(
        config.source,
        build.settings().snapshots_dir,
        publisher=config.publisher,
        series=config.series,
        edition=config.edition,
        source_id=config.source_id,
        title=config.title,
        identifier=config.identifier,
        version=config.version,
        publication_date=config.publication_date,
        note=config.note,
        publisher_slug=config.publisher_slug,
        edition_slug=config.edition_slug,
    )
    context.log.info(f"snapshot written: {path} (the raw-change sensor will pick it up)")


@dg.job(description="Add the next edition of a source: one file into raw/snapshots/ with its metadata (launch with config).")
def add_snapshot_job():
    add_snapshot_op()


defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[refresh_job, add_snapshot_job],
    schedules=[weekly_refresh],
    sensors=[raw_files_changed],
    resources={"build": BuildResource.from_settings(Settings.from_env())},
    executor=dg.in_process_executor,
)
