"""The raw layer: every curated file passes, and each way of breaking one is reported precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.build import referenced_columns
from pipeline.core.ingest import read_csv_table
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.validation import validate_raw

RAW = Path(__file__).resolve().parent.parent / "raw"


def validate_file(table: str, raw_dir: Path):
    """Validate one file as a build does: references resolve against the referenced files' key columns."""
    refs = {}
    for ref in referenced_columns(RAW_TABLES[table]):
        ref_table, key = ref.split(".")
        frame = read_csv_table(ref_table, raw_dir / f"{ref_table}.csv").frame
        refs[ref] = set(frame[key].dropna()) if key in frame.columns else set()
    return validate_raw(read_csv_table(table, raw_dir / f"{table}.csv"), RAW_TABLES[table], refs)


CURATED = sorted(t for t, table in RAW_TABLES.items() if not table.snapshot)  # snapshot tables: tests/test_usgs_*.py


@pytest.mark.parametrize("table", CURATED)
def test_curated_file_passes(table):
    result = validate_file(table, RAW)
    assert result.failures == []
    assert len(result.typed) > 0


def test_every_raw_file_is_declared():
    assert {p.stem for p in RAW.glob("*.csv")} == set(CURATED)


def test_every_row_names_a_source_and_a_place_in_it():
    for table in CURATED:
        typed = validate_file(table, RAW).typed
        if table in ("sources", "country_names"):  # the register itself; a lookup whose publisher column says whose spelling it is
            continue
        assert typed["source_id"].notna().all(), table
        assert typed["source_locator"].notna().all(), table


def _edit(raw_dir: Path, table: str, old: str, new: str, count: int = 1) -> None:
    path = raw_dir / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {table}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(raw_dir: Path, table: str, needle: str) -> int:
    for number, line in enumerate((raw_dir / f"{table}.csv").read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_wrong_type(raw_copy):
    _edit(raw_copy, "country_tonnages", "CHN,2024,usgs_mcs_2025,MCS 2025,270000", "CHN,2024,usgs_mcs_2025,MCS 2025,270 000")
    line = _line_of(raw_copy, "country_tonnages", "270 000")
    [failure] = validate_file("country_tonnages", raw_copy).failures
    assert (failure.file, failure.line, failure.column, failure.value) == ("raw/country_tonnages.csv", line, "quantity_t_reo", "270 000")
    assert "must be a number" in failure.rule


def test_share_out_of_range(raw_copy):
    _edit(raw_copy, "reported_shares", "production,CHN,2024,68.54", "production,CHN,2024,168.54")
    [failure] = validate_file("reported_shares", raw_copy).failures
    assert failure.line == _line_of(raw_copy, "reported_shares", "168.54")
    assert (failure.column, failure.value) == ("share_pct", "168.54")
    assert "less_than_or_equal_to(100)" in failure.rule


def test_duplicate_key(raw_copy):
    path = raw_copy / "prices.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    failures = validate_file("prices", raw_copy).failures
    assert {(f.line, f.column, f.value) for f in failures} == {(2, "price_id", lines[1].split(",")[0]), (len(lines) + 1, "price_id", lines[1].split(",")[0])}
    assert all("unique" in f.rule for f in failures)


def test_unknown_source_id(raw_copy):
    _edit(raw_copy, "market", "grand_view_2024_quoted,market size 2024", "grand_view_2025,market size 2024")
    [failure] = validate_file("market", raw_copy).failures
    assert (failure.column, failure.value) == ("source_id", "grand_view_2025")
    assert failure.rule == "must match a source_id in raw/sources.csv"
    assert failure.line == _line_of(raw_copy, "market", "grand_view_2025")


def test_unknown_country_code(raw_copy):
    _edit(raw_copy, "reported_shares", "reserves,GRL,", "reserves,GRN,")
    [failure] = validate_file("reported_shares", raw_copy).failures
    assert (failure.column, failure.value, failure.line) == ("country_code", "GRN", _line_of(raw_copy, "reported_shares", "GRN"))
    assert "raw/countries.csv" in failure.rule


def test_missing_column(raw_copy):
    path = raw_copy / "legislation.csv"
    rows = [line.split(",", 1)[1] for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    failures = validate_file("legislation", raw_copy).failures
    assert any(f.line == 1 and f.column == "law_id" and "missing column" in f.rule for f in failures)


def test_bad_date(raw_copy):
    _edit(raw_copy, "agreements", "2025-10-20,,framework", "2025-10-32,,framework")
    [failure] = validate_file("agreements", raw_copy).failures
    assert (failure.column, failure.value) == ("agreement_date", "2025-10-32")
    assert "valid date" in failure.rule


def test_not_utf8(raw_copy):
    path = raw_copy / "countries.csv"
    path.write_bytes(path.read_bytes().replace("巴西".encode(), "巴西".encode("big5")))
    failures = validate_file("countries", raw_copy).failures
    assert [(f.line, f.rule) for f in failures] == [(_line_of(RAW, "countries", "巴西"), "file must be UTF-8 encoded (save it as UTF-8)")]


def test_all_failures_in_a_file_are_reported_together(raw_copy):
    _edit(raw_copy, "reported_shares", "production,CHN,2024,68.54", "production,CHN,2024,168.54")
    _edit(raw_copy, "reported_shares", "reserves,GRL,", "reserves,GRN,")
    _edit(raw_copy, "reported_shares", "production,USA,2024,11.42", "production,USA,2024,eleven")
    failures = validate_file("reported_shares", raw_copy).failures
    assert {f.column for f in failures} == {"share_pct", "country_code"}
    assert {f.value for f in failures} == {"168.54", "GRN", "eleven"}


def test_not_available_is_not_zero(raw_copy):
    _edit(raw_copy, "country_tonnages", "reserves,MMR,2024,usgs_mcs_2025,MCS 2025,,not_available", "reserves,MMR,2024,usgs_mcs_2025,MCS 2025,0,not_available")
    [failure] = validate_file("country_tonnages", raw_copy).failures
    assert "not_available_is_not_zero" in failure.rule and "empty exactly when" in failure.rule
    assert failure.column is None
    assert failure.line == _line_of(raw_copy, "country_tonnages", "MMR,2024,usgs_mcs_2025,MCS 2025,0,")


def test_a_broken_sources_file_does_not_hide_the_failures_of_files_that_reference_it(raw_copy):
    _edit(raw_copy, "sources", "2026-11-26,unknown,secondary", "2026-13-26,unknown,secondary")  # a bad date in the register
    _edit(raw_copy, "legislation", "Energy Act of 2020,能源法案,,2020,", "Energy Act of 2020,能源法案,,1800,")
    sources = validate_file("sources", raw_copy).failures
    legislation = validate_file("legislation", raw_copy).failures
    assert [f.column for f in sources] == ["accessed_date"]
    assert [(f.column, f.value) for f in legislation] == [("law_year", "1800")]  # its own failure; its source ids still resolve
