"""Synthetic raw data for the benchmark: the curated files with the long series scaled.

``scaled_raw(src, dest, editions)`` copies ``raw/`` (snapshots included) and adds
``editions - 1`` synthetic source editions. Each is a new row of ``sources.csv`` (a
copy of ``usgs_mcs_2025`` under a new ``source_id``), a copy of every
``usgs_mcs_2025`` row of ``country_tonnages.csv`` and of every ``seed_report`` /
``smm_weekly_2025_10_16`` row of ``prices.csv`` under that source (price ids
suffixed). Keys stay unique and every reference resolves, so the whole pipeline
runs on it error-free. The rows are written by DuckDB (``COPY``), text cells kept
byte for byte (read ``all_varchar``), so generating millions of rows takes seconds.

``editions_for_rows(n)`` is the number of editions that gives at least ``n`` raw rows.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb

BASE_SOURCE = "usgs_mcs_2025"
PRICE_SOURCES = ("seed_report", "smm_weekly_2025_10_16")


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _rows(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def row_count(raw: Path) -> int:
    """Data rows of every curated CSV in ``raw`` (snapshot files not counted)."""
    return sum(_rows(p) for p in raw.glob("*.csv"))


def _per_edition(src: Path) -> int:
    con = duckdb.connect()
    t = con.execute(f"SELECT count(*) FROM read_csv({_q(str(src / 'country_tonnages.csv'))}, all_varchar=true) WHERE source_id = {_q(BASE_SOURCE)}").fetchone()[
        0
    ]
    p = con.execute(f"SELECT count(*) FROM read_csv({_q(str(src / 'prices.csv'))}, all_varchar=true) WHERE source_id IN {PRICE_SOURCES}").fetchone()[0]
    con.close()
    return t + p + 1


def editions_for_rows(src: Path, rows: int) -> int:
    base = row_count(src)
    per = _per_edition(src)
    return max(1, -(-(rows - base) // per) + 1)


def _append(con: duckdb.DuckDBPyConnection, path: Path, select: str) -> None:
    """Append the rows of ``select`` to the CSV at ``path`` (no header, same quoting rules)."""
    part = path.with_suffix(".part")
    con.execute(f"COPY ({select}) TO {_q(str(part))} (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"')")
    data = path.read_bytes()
    with open(path, "ab") as out, open(part, "rb") as extra:
        if data and not data.endswith(b"\n"):
            out.write(b"\n")
        shutil.copyfileobj(extra, out, 1 << 22)
    part.unlink()


def scaled_raw(src: Path, dest: Path, editions: int) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    if editions <= 1:
        return dest
    con = duckdb.connect(config={"threads": 2})
    n = editions - 1

    def read(name: str) -> str:
        return f"read_csv({_q(str(src / name))}, all_varchar=true, header=true)"

    def cols(name: str) -> list[str]:
        return [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {read(name)}").fetchall()]

    sid = "'synthetic_' || lpad(i::VARCHAR, 6, '0')"
    # sources: copies of the base source under new ids
    s_cols = cols("sources.csv")
    # published "in 2000", so every check of the report keeps comparing with the real latest edition
    repl = {"source_id": sid, "title": "'Synthetic edition ' || i::VARCHAR", "note": "'benchmark data'", "published_year": "'2000'", "published_date": "''"}
    sel = ", ".join(repl.get(c, f'"{c}"') for c in s_cols)
    _append(con, dest / "sources.csv", f"SELECT {sel} FROM {read('sources.csv')}, range(1, {n + 1}) r(i) WHERE source_id = {_q(BASE_SOURCE)} ORDER BY i")
    # country tonnages: the base source's rows under each new source
    t_cols = cols("country_tonnages.csv")
    repl = {"source_id": sid, "source_edition": "'synthetic ' || i::VARCHAR"}
    sel = ", ".join(repl.get(c, f'"{c}"') for c in t_cols)
    _append(
        con,
        dest / "country_tonnages.csv",
        f"SELECT {sel} FROM {read('country_tonnages.csv')}, range(1, {n + 1}) r(i) WHERE source_id = {_q(BASE_SOURCE)} ORDER BY i",
    )
    # prices: the seed report's and SMM's rows under each new source, ids suffixed
    p_cols = cols("prices.csv")
    repl = {"source_id": sid, "price_id": "price_id || '_s' || lpad(i::VARCHAR, 6, '0')"}
    sel = ", ".join(repl.get(c, f'"{c}"') for c in p_cols)
    _append(con, dest / "prices.csv", f"SELECT {sel} FROM {read('prices.csv')}, range(1, {n + 1}) r(i) WHERE source_id IN {PRICE_SOURCES} ORDER BY i")
    con.close()
    return dest


def edit_one_file(raw: Path) -> str:
    """Change one text cell of ``legislation.csv`` (its first row's English name); returns what changed."""
    path = raw / "legislation.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("law_name_en")
    rows[1][col] = rows[1][col] + " (edited)"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return f"raw/legislation.csv line 2 law_name_en -> {rows[1][col]!r}"


if __name__ == "__main__":
    import sys
    import time

    t0 = time.perf_counter()
    out = scaled_raw(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
    print(row_count(out), "rows in", round(time.perf_counter() - t0, 2), "s")
