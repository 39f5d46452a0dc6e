"""Start the Dagster UI (``dagster dev``: webserver and daemon) and launch runs through
its GraphQL API, the way the UI does. Used by the tests and the benchmark."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from pipeline.settings import PROJECT_ROOT, dagster_home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_home(home: Path) -> None:
    dagster_home({"DAGSTER_HOME": str(home)})


@contextmanager
def dagster_dev(home: Path, env: dict[str, str] | None = None, port: int | None = None, timeout: float = 180):
    """Run ``dagster dev`` on 127.0.0.1 until the block ends; yields the port."""
    prepare_home(home)
    port = port or free_port()
    full_env = {**os.environ, **(env or {}), "DAGSTER_HOME": str(home)}
    dagster = Path(sys.executable).parent / "dagster"
    log = open(home / "dagster_dev.log", "wb")
    proc = subprocess.Popen(
        [str(dagster), "dev", "-h", "127.0.0.1", "-p", str(port), "-m", "pipeline.definitions"],
        cwd=PROJECT_ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"dagster dev exited with {proc.returncode}; see {home / 'dagster_dev.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError("dagster dev did not answer in time") from None
                time.sleep(0.5)
        yield port
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def wait_for_code_location(port: int, timeout: float = 120) -> None:
    """Wait until the webserver has loaded the code location (the repository answers)."""
    import json

    query = "{ repositoriesOrError { ... on RepositoryConnection { nodes { name } } } }"
    deadline = time.monotonic() + timeout
    while True:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if json.load(response).get("data", {}).get("repositoriesOrError", {}).get("nodes"):
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the code location did not load in time")
        time.sleep(0.5)


def launch_and_wait(port: int, job: str = "refresh", timeout: float = 300) -> tuple[str, str]:
    """Launch ``job`` through the GraphQL API; return (run id, final status)."""
    from dagster_graphql import DagsterGraphQLClient

    wait_for_code_location(port)
    client = DagsterGraphQLClient("127.0.0.1", port_number=port)
    run_id = client.submit_job_execution(job)
    deadline = time.monotonic() + timeout
    while True:
        status = client.get_run_status(run_id).value
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            return run_id, status
        if time.monotonic() > deadline:
            raise TimeoutError(f"run {run_id} still {status}")
        time.sleep(0.5)
