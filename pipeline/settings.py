"""Every path the pipeline reads or writes, from one settings object (PUDL's PudlPaths).

Environment overrides, so tests can point the whole pipeline at ``tmp_path``:

- ``RE_ROOT``: the project root (default: the folder above this package);
- ``RE_RAW_DIR``, ``RE_WAREHOUSE_DIR``, ``RE_SITE_DIR``: each folder on its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WAREHOUSE_FILE_NAME = "rare_earths.duckdb"


@dataclass(frozen=True)
class Paths:
    root: Path
    raw_dir: Path
    warehouse_dir: Path
    site_dir: Path

    @classmethod
    def from_env(cls) -> "Paths":
        root = Path(os.environ.get("RE_ROOT", PROJECT_ROOT)).resolve()
        return cls(
            root=root,
            raw_dir=Path(os.environ.get("RE_RAW_DIR", root / "raw")).resolve(),
            warehouse_dir=Path(os.environ.get("RE_WAREHOUSE_DIR", root / "warehouse")).resolve(),
            site_dir=Path(os.environ.get("RE_SITE_DIR", root / "site")).resolve(),
        )

    @property
    def warehouse_file(self) -> Path:
        return self.warehouse_dir / WAREHOUSE_FILE_NAME

    @property
    def releases_dir(self) -> Path:
        return self.site_dir / "releases"

    def raw_file(self, table: str) -> Path:
        return self.raw_dir / f"{table}.csv"
