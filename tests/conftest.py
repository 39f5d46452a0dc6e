"""Shared fixtures: a copy of raw/ in tmp_path, and one real build per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipeline.resources import run_config
from pipeline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
NO_TELEMETRY = {"telemetry": {"enabled": False}}


def settings_for(tmp: Path, raw_dir: Path = RAW, release_date: str = "") -> Settings:
    return Settings(root=ROOT, raw_dir=raw_dir, warehouse_dir=tmp / "warehouse", site_dir=tmp / "site", release_date=release_date)


def run_refresh(tmp: Path, raw_dir: Path = RAW, instance: dg.DagsterInstance | None = None, release_date: str = "", asset_selection=None):
    """Run the refresh job in this process with every path under ``tmp`` (given to Dagster as run config)."""
    from pipeline.definitions import defs

    own = instance is None
    if instance is None:
        (tmp / "dagster_home").mkdir(parents=True, exist_ok=True)
        instance = dg.DagsterInstance.local_temp(str(tmp / "dagster_home"), overrides=NO_TELEMETRY)
    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=instance, raise_on_error=False, run_config=run_config(settings_for(tmp, raw_dir, release_date)), asset_selection=asset_selection
    )
    if own:
        instance.dispose()
    return result


def downstream_of(*tables: str) -> list[dg.AssetKey]:
    """What the sensor and the command line select when only these tables' files changed."""
    from pipeline.assets import downstream_of as selection

    return selection(list(tables))


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A warehouse, release and site built once from the real raw files; returns their folder's parent."""
    tmp = tmp_path_factory.mktemp("built")
    result = run_refresh(tmp)
    assert result.success
    return tmp


@pytest.fixture()
def raw_copy(tmp_path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


@pytest.fixture(scope="session", autouse=True)
def repository_outputs_untouched():
    """No test writes the repository's own warehouse, releases or site (every run is pointed at tmp_path)."""

    def listing() -> dict[str, int]:
        return {str(p): p.stat().st_mtime_ns for d in (ROOT / "site", ROOT / "warehouse") for p in d.rglob("*") if p.exists()}

    before = listing()
    yield
    assert listing() == before, "a test wrote into the repository's site/ or warehouse/"
