"""Every path and setting the pipeline uses, from one settings object (PUDL's PudlPaths).

This is the only module that reads the environment. Overrides, so tests and the
benchmark can point the whole pipeline at a temporary folder:

- ``RE_ROOT``: the project root (default: the folder above this package);
- ``RE_RAW_DIR``, ``RE_WAREHOUSE_DIR``, ``RE_SITE_DIR``: each folder on its own;
- ``RE_RELEASE_DATE``: the release date, ``YYYY-MM-DD`` (default: today in UTC);
- ``DAGSTER_HOME``: the Dagster instance (default: ``.dagster_home`` in the root).

Dagster receives these as the ``settings`` resource (see ``pipeline.definitions``),
so a run launched from the UI can override any of them in the launchpad.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WAREHOUSE_FILE_NAME = "rare_earths.duckdb"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SettingsError(ValueError):
    """A setting is invalid; raised before anything is read or written."""


@dataclass(frozen=True)
class Settings:
    root: Path = PROJECT_ROOT
    raw_dir: Path = PROJECT_ROOT / "raw"
    warehouse_dir: Path = PROJECT_ROOT / "warehouse"
    site_dir: Path = PROJECT_ROOT / "site"
    release_date: str = ""  # YYYY-MM-DD; empty: today in UTC
    memory_limit: str = "2GB"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        root = Path(env.get("RE_ROOT", PROJECT_ROOT)).resolve()
        return cls(
            root=root,
            raw_dir=Path(env.get("RE_RAW_DIR", root / "raw")).resolve(),
            warehouse_dir=Path(env.get("RE_WAREHOUSE_DIR", root / "warehouse")).resolve(),
            site_dir=Path(env.get("RE_SITE_DIR", root / "site")).resolve(),
            release_date=env.get("RE_RELEASE_DATE", ""),
        )

    @property
    def warehouse_file(self) -> Path:
        return self.warehouse_dir / WAREHOUSE_FILE_NAME

    @property
    def releases_dir(self) -> Path:
        return self.site_dir / "releases"

    @property
    def snapshots_dir(self) -> Path:
        return self.raw_dir / "snapshots"

    def raw_file(self, table: str) -> Path:
        return self.raw_dir / f"{table}.csv"

    def release_day(self) -> dt.date:
        """The release date, validated: ``YYYY-MM-DD`` and a real date."""
        if not self.release_date:
            return dt.datetime.now(dt.UTC).date()
        if not DATE.match(self.release_date):
            raise SettingsError(f"release date {self.release_date!r} must be written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(self.release_date)
        except ValueError:
            raise SettingsError(f"release date {self.release_date!r} is not a real date") from None

    def as_config(self) -> dict[str, str]:
        return {
            "root": str(self.root),
            "raw_dir": str(self.raw_dir),
            "warehouse_dir": str(self.warehouse_dir),
            "site_dir": str(self.site_dir),
            "release_date": self.release_date,
        }


def dagster_home(env: dict[str, str] | None = None) -> Path:
    """The Dagster instance folder, created with the project's ``dagster.yaml`` if new.

    The one place ``DAGSTER_HOME`` is bootstrapped: the CLI, ``make ui`` (through
    ``python -m pipeline ui``), the tests and the benchmark all call it."""
    env = os.environ if env is None else env
    home = Path(env.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(Path(__file__).with_name("dagster.yaml"), home / "dagster.yaml")
    if env is os.environ:
        os.environ["DAGSTER_HOME"] = str(home)
    return home
