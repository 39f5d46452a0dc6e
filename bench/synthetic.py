"""Synthetic raw data: the curated files with the long series scaled k times.

Each extra copy is a new (synthetic) source edition: its own row in sources.csv,
a copy of every tonnage row and every price row under it. Keys stay unique and
every reference resolves, so the whole pipeline runs on it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def scaled_raw(src: Path, dest: Path, factor: int) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    if factor == 1:
        return dest
    s_head, sources = _rows(src / "sources.csv")
    t_head, tonnages = _rows(src / "country_tonnages.csv")
    p_head, prices = _rows(src / "prices.csv")
    base_tonnages = [r for r in tonnages if r["source_id"] == "usgs_mcs_2025"]
    base_prices = [r for r in prices if r["source_id"] in ("seed_report", "smm_weekly_2025_10_16")]
    for i in range(1, factor):
        sid = f"synthetic_{i:05d}"
        sources.append({**sources[1], "source_id": sid, "title": f"Synthetic edition {i}", "note": "benchmark data"})
        tonnages += [{**r, "source_id": sid, "source_edition": f"synthetic {i}"} for r in base_tonnages]
        prices += [{**r, "price_id": f"{r['price_id']}_s{i:05d}", "source_id": sid} for r in base_prices]
    _write(dest / "sources.csv", s_head, sources)
    _write(dest / "country_tonnages.csv", t_head, tonnages)
    _write(dest / "prices.csv", p_head, prices)
    return dest


def row_count(raw: Path) -> int:
    return sum(len(_rows(p)[1]) for p in raw.glob("*.csv"))
