"""The DuckDB path for clean CSVs (pipeline.core.fast_ingest) against the exact path (pipeline.core.validation).

Equal tables where both accept a file; and every file the exact path rejects is one the fast path gives
up on, so what is reported never depends on the path (the bad-input tests run through the pipeline,
whose loader tries the fast path first)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import RAW

from pipeline.core.fast_ingest import NotClean, load_clean_csv
from pipeline.core.ingest import read_csv_table
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.validation import validate_raw

CURATED = [t for t, table in RAW_TABLES.items() if not table.snapshot]


def _database() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for schema in ("raw", "marts", "meta"):
        con.execute(f"CREATE SCHEMA {schema}")
    return con


def _load_all(con, raw: Path) -> set[str]:
    loaded: set[str] = set()
    for t in CURATED:
        load_clean_csv(con, RAW_TABLES[t], raw / f"{t}.csv", loaded)
        loaded.add(t)
    return loaded


def _exact_keys(raw: Path) -> dict[str, set[str]]:
    keys = {}
    for t in CURATED:
        frame = read_csv_table(t, raw / f"{t}.csv", max_bytes=RAW_TABLES[t].max_bytes).frame
        for c in frame.columns:
            keys[f"{t}.{c}"] = set(frame[c].dropna())
    return keys


def test_every_curated_file_loads_the_same_rows_by_both_paths():
    con = _database()
    _load_all(con, RAW)
    keys = _exact_keys(RAW)
    for t in CURATED:
        table = RAW_TABLES[t]
        result = validate_raw(read_csv_table(t, RAW / f"{t}.csv", max_bytes=table.max_bytes), table, keys)
        assert result.passed, result.failures[:3]
        exact = [tuple(_plain(v) for v in row) for row in result.typed[table.column_names()].itertuples(index=False)]
        fast = con.execute(f'SELECT * FROM raw."{t}"').fetchall()
        assert fast == exact, t
        assert [r[1] for r in con.execute(f'DESCRIBE raw."{t}"').fetchall()] == [c.duckdb_type for c in table.columns]


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


# (file, what to do to it): each breaks one rule the exact path reports, or is a shape the fast path leaves to it
MUTATIONS = {
    "int_with_separator": ("country_tonnages", lambda s: s.replace(",2023,usgs_mcs_2025,MCS 2025,255000,", ',2023,usgs_mcs_2025,MCS 2025,"255,000",', 1)),
    "year_not_a_number": ("country_tonnages", lambda s: s.replace("production,USA,2023,", "production,USA,2O23,", 1)),
    "negative_tonnage": ("country_tonnages", lambda s: s.replace(",MCS 2025,41600,", ",MCS 2025,-41600,", 1)),
    "unknown_code": ("country_tonnages", lambda s: s.replace(",41600,exact,", ",41600,exactly,", 1)),
    "empty_required": ("country_tonnages", lambda s: s.replace("production,USA,2023,usgs_mcs_2025", "production,USA,,usgs_mcs_2025", 1)),
    "unknown_reference": ("country_tonnages", lambda s: s.replace("production,USA,2023,usgs_mcs_2025", "production,USA,2023,usgs_mcs_2099", 1)),
    "duplicate_key": ("legislation", lambda s: s + s.split("\n")[1] + "\n"),
    "table_rule": ("prices", lambda s: s.replace(",6012.52,6012.52,USD/t,", ",6012.52,12.52,USD/t,", 1)),
    "currency_rule": ("prices", lambda s: s.replace(",6012.52,6012.52,USD/t,USD,", ",6012.52,6012.52,USD/t,CNY,", 1)),
    "pattern": ("prices", lambda s: s.replace("seed_concentrate_2025_10_17,", "Seed Concentrate,", 1)),
    "bad_date": ("prices", lambda s: s.replace(",2025-10-17,2025,6012.52", ",2025-02-30,2025,6012.52", 1)),
    "float_with_unit": ("prices", lambda s: s.replace(",6012.52,6012.52,", ",6012.52 USD,6012.52,", 1)),
    "bool_word": (
        "prices",
        lambda s: s.replace(
            ",seed_report,價值鏈焦點 table (平均價格 (10/17) 單位:USD/mt),,true,", ",seed_report,價值鏈焦點 table (平均價格 (10/17) 單位:USD/mt),,yes,", 1
        ),
    ),
    "formula": ("prices", lambda s: s.replace(",Monazite Concentrate,", ",=HYPERLINK(1),", 1)),
    "control_character": ("prices", lambda s: s.replace(",Monazite Concentrate,", ",Monazite\x07Concentrate,", 1)),
    "bidi_override": ("prices", lambda s: s.replace(",Monazite Concentrate,", ",Monazite\u202eConcentrate,", 1)),
    "element_list": ("prices", lambda s: s.replace(",Neodymium Oxide Price,Nd,", ",Neodymium Oxide Price,Nd;Xx,", 1)),
    "extra_column": ("legislation", lambda s: s.replace("\n", ",extra\n", 1)),
    "columns_swapped": ("country_tonnages", lambda s: s.replace("metric,country_code,", "country_code,metric,", 1)),
    "short_row": ("legislation", lambda s: s.rstrip("\n").rsplit(",", 1)[0] + "\n"),
    "blank_line": ("legislation", lambda s: s.replace("\n", "\n\n", 2)),
    "crlf": ("legislation", lambda s: s.replace("\n", "\r\n")),
    "quoted_newline": ("prices", lambda s: s.replace(",Monazite Concentrate,", ',"Monazite\nConcentrate",', 1)),
    "not_utf8": ("legislation", lambda s: s.replace("\n", "\n\udcff", 1)),
    "header_only": ("legislation", lambda s: s.split("\n")[0] + "\n"),
    "stray_quote": ("legislation", lambda s: s.replace("\n", '\nx"y', 1)),
}


READ_BY_THE_EXACT_PATH = {"crlf", "quoted_newline", "blank_line"}  # not errors: shapes the fast path may leave to the exact path


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_a_file_the_exact_path_rejects_is_never_loaded_by_the_fast_path(tmp_path, case):
    table_name, mutate = MUTATIONS[case]
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw, ignore=shutil.ignore_patterns("snapshots"))
    path = raw / f"{table_name}.csv"
    text = path.read_text(encoding="utf-8")
    changed = mutate(text)
    assert changed != text, "the mutation must change the file"
    path.write_bytes(changed.encode("utf-8", errors="surrogateescape"))
    table = RAW_TABLES[table_name]
    exact = validate_raw(read_csv_table(table_name, path, max_bytes=table.max_bytes), table, _exact_keys(raw))
    con = _database()
    loaded = _load_all(con, RAW) - {table_name}  # every other table loaded from the real files
    before = con.execute(f'SELECT count(*) FROM raw."{table_name}"').fetchall()[0][0]
    assert exact.passed == (case in READ_BY_THE_EXACT_PATH), exact.failures[:3]
    if exact.passed:  # a shape the exact path reads (CRLF, a quoted line break): the fast path may leave it to it
        try:
            load_clean_csv(con, table, path, loaded)
        except NotClean:
            return
        rows = con.execute(f'SELECT * FROM raw."{table_name}"').fetchall()
        assert len(rows) == len(exact.typed)
        return
    with pytest.raises(NotClean):
        load_clean_csv(con, table, path, loaded)
    # nothing changed: the transaction was rolled back (or nothing was begun)
    assert con.execute(f'SELECT count(*) FROM raw."{table_name}"').fetchall()[0][0] == before


def test_marts_checked_in_duckdb_agree_with_pandera(built, tmp_path):
    """Every built mart passes both ways; a mart that breaks a rule fails the SQL check (pandera then names it)."""
    from pipeline.core.fast_ingest import passes_by_sql
    from pipeline.core.marts import MARTS

    shutil.copy(built / "warehouse" / "rare_earths.duckdb", tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for name, table in MARTS.items():
        assert passes_by_sql(con, table), name
        table.pandera_schema().validate(con.table(table.qualified).df(), lazy=True)
    shares = MARTS["country_shares"]
    required = next(c.name for c in shares.columns if not c.nullable and c.name not in shares.key)
    con.execute(f'UPDATE marts.country_shares SET "{required}" = NULL WHERE rowid = (SELECT min(rowid) FROM marts.country_shares)')
    assert not passes_by_sql(con, shares)
    con.close()
    shutil.copy(built / "warehouse" / "rare_earths.duckdb", tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("INSERT INTO marts.country_shares SELECT * FROM marts.country_shares LIMIT 1")  # a duplicate key
    assert not passes_by_sql(con, shares)
    con.close()
