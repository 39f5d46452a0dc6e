"""Shared fixtures: a copy of raw/ in tmp_path, and one real build per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
NO_TELEMETRY = {"telemetry": {"enabled": False}}


def run_refresh(tmp: Path, raw_dir: Path = RAW, instance: dg.DagsterInstance | None = None):
    """Run the refresh job in this process with every path under ``tmp``."""
    from pipeline.definitions import defs

    env = {"RE_RAW_DIR": str(raw_dir), "RE_WAREHOUSE_DIR": str(tmp / "warehouse"), "RE_SITE_DIR": str(tmp / "site")}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        own = instance is None
        if instance is None:
            (tmp / "dagster_home").mkdir(parents=True, exist_ok=True)
            instance = dg.DagsterInstance.local_temp(str(tmp / "dagster_home"), overrides=NO_TELEMETRY)
        result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False)
        if own:
            instance.dispose()
        return result
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A warehouse built once from the real raw files; returns its folder's parent."""
    tmp = tmp_path_factory.mktemp("built")
    result = run_refresh(tmp)
    assert result.success
    return tmp


@pytest.fixture()
def raw_copy(tmp_path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest
