"""``make bench``: wall time and peak memory of the pipeline, as ratios against a floor.

Measured in one run, each case in a fresh process:
  (a) floor     — the same transforms called directly, without Dagster;
  (b) in-process — the refresh job in one process (what `make build` runs);
  (c) UI-style  — the job launched through `dagster dev`'s GraphQL API (run time from
                  the run's own start and end; memory is the run process's, not reported);
then (a) and (b) on synthetic raw data scaled 10x, 100x and 1000x.
Writes bench/results.md. Reports figures; fails nothing.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def floor(raw: Path, out: Path) -> None:
    import datetime as dt

    from pipeline import duck
    from pipeline.assets.marts import MART_INPUTS, compute_mart, mart_schema_failures
    from pipeline.assets.raw import reference_keys, referenced_tables
    from pipeline.assets.warehouse import META_SQL, build_tables, data_dictionary
    from pipeline.ingest import read_csv_table
    from pipeline.publish import release
    from pipeline.publish.site import render, write_site
    from pipeline.schemas.marts import MARTS
    from pipeline.schemas.raw import RAW_TABLES
    from pipeline.validation import validate_raw

    frames = {t: read_csv_table(t, raw / f"{t}.csv") for t in RAW_TABLES}
    typed = {}
    for t, model in RAW_TABLES.items():
        result = validate_raw(frames[t], model, reference_keys(t, {r: frames[r] for r in referenced_tables(t)}))
        assert result.passed, result.failures[:3]
        typed[t] = frames[t].typed = result.typed
    marts = {}
    for name in MARTS:
        raw_names, mart_names = MART_INPUTS[name]
        marts[name] = compute_mart(name, {t: typed[t] for t in raw_names}, {m: marts[m] for m in mart_names})
        assert not mart_schema_failures(name, marts[name]), name
    duck.write_database_atomically(out / "warehouse" / "rare_earths.duckdb", build_tables(frames, marts), META_SQL, {"data_dictionary_frame": data_dictionary()})
    release.publish({**marts, "sources": typed["sources"]}, out / "site" / "releases", dt.date(2030, 1, 1))
    write_site(out / "site", render(marts, typed["sources"], data_dictionary(), out / "site" / "releases"))


def in_process(raw: Path, out: Path) -> None:
    import warnings

    import dagster as dg

    warnings.filterwarnings("ignore")
    os.environ.update({"RE_RAW_DIR": str(raw), "RE_WAREHOUSE_DIR": str(out / "warehouse"), "RE_SITE_DIR": str(out / "site")})
    from pipeline.definitions import defs

    (out / "home").mkdir(parents=True, exist_ok=True)
    instance = dg.DagsterInstance.local_temp(str(out / "home"), overrides={"telemetry": {"enabled": False}})
    result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=True,
                                                               run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}})
    assert result.success


def worker(mode: str, raw: str, out: str) -> None:
    """Run one case in this process and print its figures as JSON."""
    os.environ["RE_RELEASE_DATE"] = "2030-01-01"
    start = time.perf_counter()
    {"floor": floor, "in_process": in_process}[mode](Path(raw), Path(out))
    wall = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall_s": wall, "peak_mib": peak_mib}))


def measure(mode: str, raw: Path) -> dict:
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([sys.executable, __file__, "--worker", mode, str(raw), out], capture_output=True, text=True, cwd=ROOT)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-2000:])
        return json.loads(proc.stdout.strip().splitlines()[-1])


def _run_process_peak(stop, peaks: list[float]) -> None:
    """Poll /proc for the run worker (a process the code server spawns) and keep its peak RSS (VmHWM)."""
    while not stop.is_set():
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                cmdline = (status.parent / "cmdline").read_bytes()
                if b"execute_run" in cmdline or b"multiprocessing.spawn" in cmdline:
                    for line in status.read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        stop.wait(0.2)


def ui_style() -> dict:
    import threading

    import dagster as dg

    from pipeline.devserver import dagster_dev, launch_and_wait, prepare_home, wait_for_code_location

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        env = {"RE_WAREHOUSE_DIR": f"{tmp}/warehouse", "RE_SITE_DIR": f"{tmp}/site", "RE_RELEASE_DATE": "2030-01-01"}
        prepare_home(home)
        # the change sensor is on by default and would start its own refresh in this fresh instance
        subprocess.run([str(Path(sys.executable).parent / "dagster"), "sensor", "stop", "raw_files_changed", "-m", "pipeline.definitions"],
                       env={**os.environ, **env, "DAGSTER_HOME": str(home)}, cwd=ROOT, check=True, capture_output=True)
        with dagster_dev(home, env) as port:
            wait_for_code_location(port)
            peaks: list[float] = []
            stop = threading.Event()
            poller = threading.Thread(target=_run_process_peak, args=(stop, peaks), daemon=True)
            poller.start()
            start = time.perf_counter()
            run_id, status = launch_and_wait(port)
            wall = time.perf_counter() - start
            stop.set()
            poller.join()
        instance = dg.DagsterInstance.from_config(str(home))
        stats = instance.get_run_stats(run_id)
        instance.dispose()
    assert status == "SUCCESS", status
    return {"wall_s": wall, "run_s": stats.end_time - stats.start_time, "peak_mib": max(peaks) if peaks else None}


def main() -> int:
    from bench.synthetic import row_count, scaled_raw

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        raws = {k: scaled_raw(ROOT / "raw", Path(tmp) / f"raw_x{k}", k) for k in (1, 10, 100, 1000)}
        base_floor = measure("floor", raws[1])
        results.append(("(a) floor: transforms without Dagster", 1, row_count(raws[1]), base_floor))
        results.append(("(b) refresh job in one process", 1, row_count(raws[1]), measure("in_process", raws[1])))
        results.append(("(c) refresh launched like the UI (GraphQL)", 1, row_count(raws[1]), ui_style()))
        for k in (10, 100, 1000):
            results.append(("(a) floor", k, row_count(raws[k]), measure("floor", raws[k])))
            results.append(("(b) refresh job in one process", k, row_count(raws[k]), measure("in_process", raws[k])))
    lines = ["# Benchmark results", "", f"Machine: {os.cpu_count()} cores. Ratios are against the floor (a) at the same scale, measured in this run.", "",
             "| case | scale | raw rows | wall s | ratio to floor | peak MiB |", "|---|---|---|---|---|---|"]
    floors = {k: r for name, k, _, r in results if name.startswith("(a)")}
    for name, k, rows, r in results:
        wall = r.get("run_s", r["wall_s"])
        ratio = wall / floors[k]["wall_s"]
        peak = f"{r['peak_mib']:.0f}" if r["peak_mib"] else "n/a"
        lines.append(f"| {name} | {k}x | {rows:,} | {wall:.2f} | {ratio:.2f} | {peak} |")
    ui = next(r for name, _, _, r in results if name.startswith("(c)"))
    b1 = next(r for name, k, _, r in results if name.startswith("(b)") and k == 1)
    big = [(k, rows, r) for name, k, rows, r in results if name.startswith("(b)")]
    (k0, rows0, r0), (k1, rows1, r1) = big[0], big[-1]
    lines += ["",
              f"(c) is the run's own duration (start to end in the instance); from submission through the GraphQL API to SUCCESS it took {ui['wall_s']:.2f} s. "
              f"Its peak memory is the run worker's (the process the code server spawns for the run). The change sensor is stopped first, so no other run competes.",
              "",
              "Targets: (b) within 1.5x of (a); (c) within 2x of (b); time and memory growing no worse than linearly in rows.",
              "",
              f"- (c) / (b) at 1x: {ui['run_s'] / b1['wall_s']:.2f} (run duration) and {ui['wall_s'] / b1['wall_s']:.2f} (submission to success).",
              f"- Dagster's fixed cost at 1x: {b1['wall_s'] - floors[1]['wall_s']:.1f} s over the floor, mostly event-log writes to SQLite for ~75 steps; "
              f"it dominates small runs, so (b) / (a) is {b1['wall_s'] / floors[1]['wall_s']:.2f} at 1x and {r1['wall_s'] / floors[k1]['wall_s']:.2f} at {k1}x.",
              f"- From {k0}x to {k1}x the raw rows grow {rows1 / rows0:.0f}-fold; (b)'s time grows {r1['wall_s'] / r0['wall_s']:.1f}-fold and its peak memory {r1['peak_mib'] / r0['peak_mib']:.1f}-fold."]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(*sys.argv[2:5])
    else:
        sys.exit(main())
