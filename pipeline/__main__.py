"""Command line: ``python -m pipeline build`` runs the refresh job and reports.

It runs in a real Dagster instance (``DAGSTER_HOME``, default ``.dagster_home``
in the repository), so the run appears in the UI's history. Progress is printed
per asset; a failed check prints every failure (file:line: column, value, rule)
and the command exits 1 with the previous warehouse untouched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from pipeline.settings import PROJECT_ROOT


def _instance():
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(Path(__file__).with_name("dagster.yaml"), home / "dagster.yaml")
    import dagster as dg

    return dg.DagsterInstance.get()


def build() -> int:
    import warnings

    import dagster as dg

    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    from pipeline.definitions import defs

    instance = _instance()
    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=instance,
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
    )
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    errors = [e for e in failed if e.severity.value == "ERROR"]
    warned = [e for e in failed if e.severity.value == "WARN"]
    for evaluation in warned:
        count = evaluation.metadata.get("row_count")
        print(f"warning: {evaluation.asset_key.to_user_string()} check {evaluation.check_name}: {count.value if count else '?'} rows", file=sys.stderr)
    for evaluation in errors:
        messages = evaluation.metadata.get("messages")
        print(f"FAILED {evaluation.asset_key.to_user_string()} check {evaluation.check_name}:", file=sys.stderr)
        if messages:
            for line in messages.value.splitlines():
                print(f"  {line}", file=sys.stderr)
    if not result.success:
        step_failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
        for event in step_failures:
            print(f"FAILED step {event.step_key}: {event.event_specific_data.error.message.strip()}", file=sys.stderr)
        print("build failed: nothing downstream of a failure was built or published; "
              "the previous warehouse, releases and site are unchanged.", file=sys.stderr)
        return 1
    print(f"build succeeded (run {result.run_id})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description="Rare-earth supply-chain dataset")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="run the whole pipeline (the refresh job) in this process")
    args = parser.parse_args(argv)
    if args.command == "build":
        return build()
    return 2


if __name__ == "__main__":
    sys.exit(main())
