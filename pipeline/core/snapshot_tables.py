"""Raw tables read from ``raw/snapshots/<publisher>/`` by publisher-format readers.

The snapshot folder is verified first (every file against its ``.meta.json``: size and
SHA-256); a changed, truncated or unknown file stops the table with the file and the
expected and actual hashes, and nothing downstream is built. Then every data file is
read by the reader for its layout; every failure of every file is reported at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.core.declare import Table
from pipeline.core.ingest import Failure
from pipeline.core.readers import usgs, usitc
from pipeline.core.snapshots import verify_snapshots
from pipeline.core.state import tree_sha256

USGS_DOCUMENTS = (".xml", ".pdf", ".txt")  # kept as snapshots, not read as data


def _read_usgs(root: Path) -> tuple[list[dict], list[Failure]]:
    rows: list[dict] = []
    failures: list[Failure] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".meta.json")):
        if path.suffix.lower() in USGS_DOCUMENTS:
            continue
        try:
            rows += usgs.read_usgs_file(path)
        except usgs.ReaderError as exc:
            failures += exc.failures
        except ValueError as exc:
            failures.append(Failure(f"raw/snapshots/usgs/{path.relative_to(root).as_posix()}", None, None, None, str(exc)))
    for history in sorted(root.rglob("MCS*_version_history.txt")):
        data = history.with_name(history.name.replace("_version_history.txt", "_Commodities_Data.csv"))
        try:
            corrections = usgs.mcs2026_version_corrections(history, data if data.exists() else None)
        except usgs.ReaderError as exc:
            failures += exc.failures
            continue
        edition_sources = {r["edition"]: r["source_id"] for r in rows if r["file"] == data.name}
        for r in corrections:  # a later version of the same edition: the edition's data-release source
            r["source_id"] = edition_sources.get(r["edition"], r["source_id"])
        rows += corrections
    return rows, failures


def _read_usitc(root: Path) -> tuple[list[dict], list[Failure]]:
    rows: list[dict] = []
    failures: list[Failure] = []
    for path in sorted(p for p in root.rglob("*.xlsx") if p.is_file()):
        meta = json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))
        try:
            rows += usitc.read_dataweb(path, meta["source_id"])
        except usitc.ReaderError as exc:
            failures += exc.failures
    return rows, failures


READERS = {"usgs": _read_usgs, "usitc": _read_usitc}


def read_snapshot_table(table: Table, raw_dir: Path) -> tuple[pd.DataFrame | None, list[Failure], str | None]:
    """(rows as a frame, failures, folder hash) for a snapshot-backed raw table."""
    root = raw_dir / "snapshots" / table.snapshot
    digest = tree_sha256(root)
    if digest is None:
        return None, [Failure(f"raw/{table.input_path}", None, None, None, "snapshot folder is missing")], None
    failures = verify_snapshots(root)
    if failures:
        return None, failures, digest
    rows, failures = READERS[table.snapshot](root)
    if failures:
        return None, failures, digest
    frame = pd.DataFrame(rows, columns=table.column_names())
    return frame, [], digest
