"""Refresh triggers: a weekly schedule and a sensor on the files in ``raw/``.

The sensor hashes every declared raw file and compares the state with the last state
it saw (its cursor) and with the inputs the published warehouse was built from
(``meta.inputs``). Any change of state fires once — including a change back to an
earlier state, which a run key derived from content alone would never fire again
(Dagster never reuses a run key): the key carries a counter. The run selects the
files that differ and everything downstream of them.
"""

import hashlib
import json

import dagster as dg

from pipeline.assets import downstream_of
from pipeline.core.build import published_inputs
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.state import file_sha256, tree_sha256, with_dependents
from pipeline.resources import BuildResource
from pipeline.settings import Settings


def input_state(settings: Settings) -> dict[str, str | None]:
    """Every raw table's input (a curated CSV or a snapshot folder) and its hash."""
    return {
        f"raw/{t.input_path}": tree_sha256(settings.raw_dir / t.input_path) if t.snapshot else file_sha256(settings.raw_file(name))
        for name, t in RAW_TABLES.items()
    }


def input_table(key: str) -> str | None:
    path = key.removeprefix("raw/")
    return next((name for name, t in RAW_TABLES.items() if t.input_path == path), None)


def decide(current: dict[str, str | None], published: dict[str, str], cursor: str | None) -> tuple[list[str], str | None, str | None]:
    """(changed raw tables, run key, new cursor); no tables when nothing changed since the last tick."""
    seen = json.loads(cursor) if cursor else None
    last = seen["state"] if seen else published
    if current == last:
        return [], None, cursor
    changed = sorted({k for k, v in current.items() if v != last.get(k) or v != published.get(k)})
    n = (seen["n"] if seen else 0) + 1
    digest = hashlib.sha256(json.dumps(current, sort_keys=True).encode()).hexdigest()[:12]
    tables = with_dependents([t for t in (input_table(k) for k in changed) if t is not None])
    return tables, f"{n}:{digest}", json.dumps({"n": n, "state": current}, sort_keys=True)


def build_automation(job):
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
        description="Requests a refresh of the changed raw tables and everything downstream when a file in raw/ changes, "
        "including back to an earlier state; once per change.",
    )
    def raw_files_changed(context: dg.SensorEvaluationContext, build: BuildResource):
        settings = build.settings()  # settings only: the sensor never opens a build
        tables, run_key, cursor = decide(input_state(settings), published_inputs(settings), context.cursor)
        if not tables:
            return dg.SkipReason("no file in raw/ changed since the last state seen")
        context.update_cursor(cursor)
        return dg.RunRequest(
            run_key=run_key,
            asset_selection=downstream_of(tables),
            tags={"trigger": "raw_files_changed", "changed": ",".join(tables)},
        )

    return weekly, raw_files_changed
