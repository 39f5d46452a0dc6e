"""Command line: ``python -m pipeline build`` runs the refresh job and reports; ``ui`` starts the Dagster UI.

``build`` runs in a real Dagster instance (``DAGSTER_HOME``, default ``.dagster_home``
in the repository), so the run appears in the UI's history. A failed check prints
every failure (file:line: column, value, rule), the command exits 1 and says exactly
which outputs changed (none, when a check failed).
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

from pipeline.settings import PROJECT_ROOT, Settings, SettingsError, dagster_home


def mark_dead_runs(instance) -> list[str]:
    """Runs this command started whose process has died (killed, crashed) are marked failed, so the
    UI's one-run-at-a-time queue never waits on them. Only runs tagged with this host and a pid are judged."""
    import socket

    import dagster as dg

    dead = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING])):
        pid, host = run.tags.get("pipeline/pid"), run.tags.get("pipeline/host")
        if not pid or host != socket.gethostname() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            instance.report_run_failed(run, f"the process that ran it (pid {pid}) is gone: killed or crashed; marked failed by the next command-line build")
            dead.append(run.run_id)
        except PermissionError:
            continue
    return dead


def build() -> int:
    settings = Settings.from_env()
    try:
        settings.release_day()
    except SettingsError as exc:
        print(f"build not started: {exc}; nothing was read or written.", file=sys.stderr)
        return 2
    from pipeline.core.state import nothing_changed

    unchanged = nothing_changed(settings)  # before Dagster is even imported: a no-change build costs about a second
    if unchanged:
        print(f"build skipped: {unchanged}")
        return 0
    from pipeline.core.atomic import LockTimeout, exclusive_lock

    try:  # one build at a time: wait here, before the run writes anything to the instance
        with exclusive_lock(settings.warehouse_dir / ".build.lock", 1800, "the build lock"):
            return _build_locked(settings)
    except LockTimeout as exc:
        print(f"build not started: {exc}; nothing was read or written.", file=sys.stderr)
        return 1


def _build_locked(settings: Settings) -> int:
    import socket

    import dagster as dg

    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    dagster_home()
    from pipeline.core.state import changed_raw_tables
    from pipeline.definitions import defs
    from pipeline.resources import run_config

    instance = dg.DagsterInstance.get()
    for run_id in mark_dead_runs(instance):
        print(f"marked run {run_id} failed: its process had died", file=sys.stderr)
    selection, tags = None, {}
    changed = changed_raw_tables(settings)
    if changed:  # as the sensor does: the changed tables and what reads them, the rest kept from the warehouse
        from pipeline.assets import downstream_of

        selection = downstream_of(changed)
        tags = {"changed": ",".join(changed)}
    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=instance,
        raise_on_error=False,
        asset_selection=selection,
        tags={**tags, "pipeline/pid": str(os.getpid()), "pipeline/host": socket.gethostname()},
        run_config={**run_config(settings), "loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    for evaluation in (e for e in failed if e.severity.value == "WARN"):
        count = evaluation.metadata.get("row_count")
        print(f"warning: {evaluation.asset_key.to_user_string()} check {evaluation.check_name}: {count.value if count else '?'} rows", file=sys.stderr)
    for evaluation in (e for e in failed if e.severity.value == "ERROR"):
        messages = evaluation.metadata.get("messages")
        print(f"FAILED {evaluation.asset_key.to_user_string()} check {evaluation.check_name}:", file=sys.stderr)
        if messages:
            for line in messages.value.splitlines():
                print(f"  {line}", file=sys.stderr)
    published = [e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == "release"]
    if not result.success:
        for event in (e for e in result.all_events if e.event_type_value == "STEP_FAILURE"):
            error = event.event_specific_data.error
            if "blocking asset check" not in error.message:
                print(f"FAILED step {event.step_key}: {error.message.strip()}", file=sys.stderr)
        if published:
            print("build failed after publishing; see the messages above.", file=sys.stderr)
        else:
            print("build failed: nothing was published — the warehouse, releases and site are unchanged.", file=sys.stderr)
        return 1
    loads = (
        next(e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == "warehouse")
        .materialization.metadata["raw_tables_loaded"]
        .value
    )
    meta = published[0].materialization.metadata
    release = meta["version"].value
    changed = f"release {release} published" if meta["published"].value else f"no new release (data unchanged since {release})"
    print(
        f"build succeeded (run {result.run_id}): {loads} raw tables loaded; warehouse {settings.warehouse_file} replaced; {changed}; site {settings.site_dir} re-rendered"
    )
    return 0


def add_snapshot_command(args: argparse.Namespace) -> int:
    from pipeline.core.snapshots import SnapshotError, add_snapshot

    settings = Settings.from_env()
    try:
        path = add_snapshot(
            args.source,
            settings.snapshots_dir,
            publisher=args.publisher,
            series=args.series,
            edition=args.edition,
            source_id=args.source_id,
            title=args.title,
            identifier=args.identifier,
            version=args.version,
            publication_date=args.publication_date,
            note=args.note,
            publisher_slug=args.publisher_slug,
            edition_slug=args.edition_slug,
        )
    except SnapshotError as exc:
        print(f"snapshot not added: {exc}", file=sys.stderr)
        return 1
    print(
        f"snapshot written: {path} and its .meta.json; register {args.source_id!r} in raw/sources.csv, then `make build` "
        "(or let the raw-change sensor pick it up)"
    )
    return 0


def ui(port: int) -> int:
    home = dagster_home()
    dagster = os.path.join(os.path.dirname(sys.executable), "dagster")
    os.chdir(PROJECT_ROOT)
    print(f"Dagster UI on http://127.0.0.1:{port} (instance {home})")
    os.execv(dagster, [dagster, "dev", "-h", "127.0.0.1", "-p", str(port), "-m", "pipeline.definitions"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Rare-earth supply-chain dataset")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="run the whole pipeline (the refresh job) in this process")
    ui_parser = sub.add_parser("ui", help="start the Dagster UI and daemon on 127.0.0.1")
    ui_parser.add_argument("--port", type=int, default=3000)
    snap = sub.add_parser("add-snapshot", help="download or copy the next edition of a source into raw/snapshots/ (never overwrites)")
    snap.add_argument("source", help="http(s) URL or local file")
    snap.add_argument("--edition", required=True, help="e.g. 'MCS 2027'")
    snap.add_argument("--edition-slug", required=True, help="folder name, e.g. mcs2027")
    snap.add_argument("--source-id", required=True, help="snake_case id to register in raw/sources.csv")
    snap.add_argument("--title", required=True)
    snap.add_argument("--identifier", required=True, help="DOI or URL")
    snap.add_argument("--publisher", default="U.S. Geological Survey")
    snap.add_argument("--publisher-slug", default="usgs")
    snap.add_argument("--series", default="MCS")
    snap.add_argument("--version", default="1.0")
    snap.add_argument("--publication-date")
    snap.add_argument("--note")
    args = parser.parse_args(argv)
    if args.command == "add-snapshot":
        return add_snapshot_command(args)
    if args.command == "build":
        return build()
    if args.command == "ui":
        return ui(args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
