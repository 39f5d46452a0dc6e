"""The refresh job launched the way the UI does: dagster dev (webserver + daemon), GraphQL."""

from __future__ import annotations

import dagster as dg

from pipeline.assets import ALL_ASSETS
from pipeline.devserver import dagster_dev, launch_and_wait


def _listeners() -> set[tuple[str, int]]:
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            if state == "0A":  # LISTEN
                address, port = local.split(":")
                out.add((address, int(port, 16)))
    return out


def wildcard_listeners() -> set[tuple[str, int]]:
    return {(a, p) for a, p in _listeners() if set(a) == {"0"}}


def loopback_listeners() -> set[tuple[str, int]]:
    return {("127.0.0.1" if a == "0100007F" else a, p) for a, p in _listeners()}


def automation_states(port: int) -> dict[str, str]:
    """Schedules and sensors as the UI lists them, with their state, from the GraphQL API."""
    import json
    import urllib.request

    query = """{ repositoriesOrError { ... on RepositoryConnection { nodes {
        schedules { name scheduleState { status } } sensors { name sensorState { status } } } } } }"""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        nodes = json.load(response)["data"]["repositoriesOrError"]["nodes"]
    states = {}
    for node in nodes:
        states.update({s["name"]: s["scheduleState"]["status"] for s in node["schedules"]})
        states.update({s["name"]: s["sensorState"]["status"] for s in node["sensors"]})
    return states


def test_refresh_launched_through_the_ui_materializes_every_asset(tmp_path):
    home = tmp_path / "home"
    env = {"RE_WAREHOUSE_DIR": str(tmp_path / "warehouse"), "RE_SITE_DIR": str(tmp_path / "site")}
    wildcard_before = wildcard_listeners()
    with dagster_dev(home, env) as port:
        assert ("127.0.0.1", port) in loopback_listeners()
        assert automation_states(port) == {"weekly_refresh": "STOPPED", "raw_files_changed": "RUNNING"}
        run_id, status = launch_and_wait(port)
        assert status == "SUCCESS"
        assert wildcard_listeners() <= wildcard_before  # nothing new listens beyond loopback
    instance = dg.DagsterInstance.from_config(str(home))
    materialized = {
        e.asset_key
        for e in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
        for e in [e.event_log_entry.dagster_event]
    }
    expected = {key for asset in ALL_ASSETS for key in asset.keys}
    assert materialized == expected
    assert (tmp_path / "warehouse" / "rare_earths.duckdb").exists() and (tmp_path / "site" / "index.html").exists()
    instance.dispose()
