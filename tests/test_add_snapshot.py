"""Adding the next edition is one command: the CLI and the Dagster job both write a verified snapshot,
served here by a real HTTP server on 127.0.0.1, and the raw-change sensor sees it."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import dagster as dg
import pytest
from conftest import NO_TELEMETRY, ROOT, run_config, settings_for

from pipeline.automation import decide, input_state
from pipeline.core.build import published_inputs


@pytest.fixture()
def server(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "mcs2027-raree_world.csv").write_bytes(b"Source,Country\r\nMCS2027,United States\r\n")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(served))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    httpd.shutdown()
    httpd.server_close()


ARGS = [
    "--edition",
    "MCS 2027",
    "--edition-slug",
    "mcs2027",
    "--source-id",
    "usgs_mcs_2027_data",
    "--title",
    "MCS 2027 – Rare Earths",
    "--identifier",
    "doi:10.5066/EXAMPLE",
]


def test_the_command_downloads_hashes_and_never_overwrites(tmp_path, server, raw_copy):
    url, served = server
    env = {**os.environ, "RE_RAW_DIR": str(raw_copy)}
    before = input_state(settings_for(tmp_path, raw_copy))
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "add-snapshot", f"{url}/mcs2027-raree_world.csv", *ARGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    target = raw_copy / "snapshots" / "usgs" / "mcs2027" / "mcs2027-raree_world.csv"
    meta = json.loads(target.with_name(target.name + ".meta.json").read_text())
    assert target.read_bytes() == (served / "mcs2027-raree_world.csv").read_bytes()
    assert meta["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest() and meta["edition"] == "MCS 2027"
    again = subprocess.run(
        [sys.executable, "-m", "pipeline", "add-snapshot", f"{url}/mcs2027-raree_world.csv", *ARGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 1 and "snapshot not added" in again.stderr
    # the sensor sees a new state of the USGS snapshot folder and selects the observation table
    tables, _, _ = decide(input_state(settings_for(tmp_path, raw_copy)), before, None)
    assert tables == ["usgs_observations"]


def test_the_dagster_job_takes_the_same_config(tmp_path, server, raw_copy):
    from pipeline.definitions import defs

    url, _ = server
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"), overrides=NO_TELEMETRY)
    config = {
        "source": f"{url}/mcs2027-raree_world.csv",
        "edition": "MCS 2027",
        "edition_slug": "mcs2027",
        "source_id": "usgs_mcs_2027_data",
        "title": "MCS 2027 – Rare Earths",
        "identifier": "doi:10.5066/EXAMPLE",
    }
    result = defs.resolve_job_def("add_snapshot_job").execute_in_process(
        instance=instance, run_config={**run_config(settings_for(tmp_path, raw_copy)), "ops": {"add_snapshot_op": {"config": config}}}
    )
    assert result.success
    assert (raw_copy / "snapshots" / "usgs" / "mcs2027" / "mcs2027-raree_world.csv.meta.json").exists()
    assert published_inputs(settings_for(tmp_path, raw_copy)) == {}  # nothing was built by adding a snapshot
    instance.dispose()
