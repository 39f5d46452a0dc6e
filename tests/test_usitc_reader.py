"""The USITC DataWeb reader: every data cell of both snapshot workbooks, with its locator."""

from __future__ import annotations

import collections
import csv
import hashlib
import json
import shutil
import warnings
from pathlib import Path

import openpyxl
import pycountry
import pytest

from pipeline.core.readers.usitc import COLUMNS, PARTNER_NAMES, ReaderError, read_dataweb, read_query_parameters

ROOT = Path(__file__).resolve().parent.parent
SNAP = ROOT / "raw" / "snapshots" / "usitc" / "dataweb_2026"
IMPORTS = SNAP / "us_imports_for_consumption_hts4_1993-2026.xlsx"
EXPORTS = SNAP / "us_domestic_exports_hts4_1993-2026.xlsx"
SOURCES = {IMPORTS: "usitc_dataweb_imports_2026", EXPORTS: "usitc_dataweb_exports_2026"}


def load(path: Path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path, **kw)


@pytest.fixture(scope="module")
def tables() -> dict[Path, list[dict]]:
    return {path: read_dataweb(path, sid) for path, sid in SOURCES.items()}


@pytest.fixture(scope="module")
def by_locator(tables) -> dict[tuple[str, str], dict]:
    return {(p.name, r["locator"]): r for p, rows in tables.items() for r in rows}


def scan(path: Path) -> dict[str, dict[str, object]]:
    """Independent scan (full load, not read-only): {sheet: {cell address: value}} of every
    non-empty cell right of column E below the header, except the 'Total: ' row."""
    wb = load(path, data_only=True)
    found = {}
    for ws in wb.worksheets:
        if ws.title == "Query Parameters":
            continue
        cells = {}
        for row in ws.iter_rows(min_row=4, min_col=1):
            if row[0].value == "Total: ":
                continue
            for cell in row[5:]:
                if cell.value is not None:
                    cells[cell.coordinate] = cell.value
        found[ws.title] = cells
    return found


@pytest.mark.parametrize("path", list(SOURCES), ids=lambda p: p.name)
def test_every_data_cell_is_a_row_with_its_locator(tables, path):
    rows = tables[path]
    expected = scan(path)
    got = collections.defaultdict(dict)
    for r in rows:
        assert r["locator"].startswith(r["sheet"] + "!")
        got[r["sheet"]][r["locator"].split("!", 1)[1]] = r["value_as_printed"]
    assert {s: len(c) for s, c in got.items()} == {s: len(c) for s, c in expected.items()}
    for sheet, cells in expected.items():
        assert set(got[sheet]) == set(cells), sheet
        for address, value in cells.items():
            assert float(got[sheet][address]) == float(value), f"{sheet}!{address}"
    assert len(rows) == len({r["locator"] for r in rows})


def test_counts_per_sheet(tables):
    counts = {(p.name, s): n for p, rows in tables.items() for s, n in collections.Counter(r["sheet"] for r in rows).items()}
    assert counts == {
        (IMPORTS.name, "Customs Value"): 398 * 34,
        (IMPORTS.name, "Customs Value YTD"): 401 * 34,
        (IMPORTS.name, "First Unit of Quantity"): 398 * 68,
        (IMPORTS.name, "First Unit of Quantity YTD"): 401 * 68,
        (IMPORTS.name, "Second Unit of Quantity"): 138 * 68,
        (IMPORTS.name, "Second Unit of Quantity YTD"): 138 * 68,
        (EXPORTS.name, "FAS Value"): 474 * 34,
        (EXPORTS.name, "FAS Value YTD"): 474 * 34,
        (EXPORTS.name, "First Unit of Quantity"): 474 * 68,
        (EXPORTS.name, "First Unit of Quantity YTD"): 474 * 68,
        (EXPORTS.name, "Second Unit of Quantity"): 33 * 68,
        (EXPORTS.name, "Second Unit of Quantity YTD"): 33 * 68,
    }


def test_columns_and_vocabularies(tables):
    for path, rows in tables.items():
        flow = {IMPORTS: "imports_for_consumption", EXPORTS: "domestic_exports"}[path]
        for r in rows:
            assert tuple(r) == COLUMNS
            assert r["source_id"] == SOURCES[path] and r["flow"] == flow
            assert r["period"] in ("full_year", "jan_apr") and 1993 <= r["year"] <= 2026
            assert len(r["hts_heading"]) == 4 and r["hts_heading"].isdigit()
            assert r["file"] == f"raw/snapshots/usitc/dataweb_2026/{path.name}"
            assert r["period"] == ("jan_apr" if r["sheet"].endswith(" YTD") else "full_year")
        measures = {r["measure"] for r in rows}
        value = "customs_value" if path == IMPORTS else "fas_value"
        assert measures == {value, "first_unit_quantity", "second_unit_quantity", "first_unit_quantity_suppressed", "second_unit_quantity_suppressed"}
        key = collections.Counter((r["partner_code"], r["hts_heading"], r["year"], r["period"], r["measure"], r["unit"]) for r in rows)
        assert max(key.values()) == 1


def test_flags_are_exclusive_and_agree_with_value(tables):
    for rows in tables.values():
        for r in rows:
            assert r["is_zero"] + r["is_missing"] + r["is_withheld"] <= 1, r["locator"]
            assert (r["value"] == 0.0) == r["is_zero"], r["locator"]
            if r["is_missing"]:
                assert r["value"] is None
            if r["value"] is None:
                assert r["is_missing"] or (r["is_withheld"] and r["value_as_printed"] == "0"), r["locator"]


def test_zero_missing_withheld_on_real_cells(by_locator):
    imp, exp = IMPORTS.name, EXPORTS.name
    # a printed 0 is a zero: Australia, 8110, 1993 customs value
    zero = by_locator[(imp, "Customs Value!F4")]
    assert (zero["partner_code"], zero["hts_heading"], zero["year"]) == ("AUS", "8110", 1993)
    assert zero["is_zero"] and zero["value"] == 0.0 and zero["unit"] == "USD (value for: kilograms)"
    # a real number
    value = by_locator[(imp, "Customs Value!F5")]
    assert value["value"] == 19269344.0 and not (value["is_zero"] or value["is_missing"] or value["is_withheld"])
    # full year 2026 (column AM) is printed 0 but the year was not over at download: missing
    y2026 = by_locator[(imp, "Customs Value!AM5")]
    assert y2026["year"] == 2026 and y2026["period"] == "full_year"
    assert y2026["is_missing"] and y2026["value"] is None and y2026["value_as_printed"] == "0"
    assert by_locator[(imp, "Customs Value YTD!AM8")]["value"] == 17360.0  # while Jan–Apr 2026 has data (tin)
    # 'no units collected' quantity line: missing, its value is not
    no_units = by_locator[(imp, "First Unit of Quantity YTD!F400")]
    assert no_units["unit"] == "no units collected" and no_units["is_missing"] and no_units["value"] is None
    # exports of magnets to Australia in 1993 in 'number': quantity 0 with 28 suppressed, value > 0: withheld
    withheld = by_locator[(exp, "First Unit of Quantity!F13")]
    assert (withheld["partner_code"], withheld["hts_heading"], withheld["unit"]) == ("AUS", "8505", "number")
    assert withheld["is_withheld"] and withheld["value"] is None and withheld["value_as_printed"] == "0"
    count = by_locator[(exp, "First Unit of Quantity!AN13")]
    assert count["measure"] == "first_unit_quantity_suppressed" and count["value"] == 28.0 and count["unit"] == "count (for: number)"
    # partly suppressed (imports 2825 from Australia, 1996): withheld, printed quantity kept
    partial = by_locator[(imp, "First Unit of Quantity!I12")]
    assert partial["is_withheld"] and partial["value"] == 1017895.0
    # the other quantity rows of that line are not withheld
    assert not by_locator[(imp, "First Unit of Quantity!H12")]["is_withheld"]


def test_query_parameters():
    imports, exports = read_query_parameters(IMPORTS), read_query_parameters(EXPORTS)
    assert imports["Download Date"].startswith("2026-07-10") and exports["Download Date"].startswith("2026-07-10")
    assert imports["Step 1: Trade Flow and Classification System"]["Trade Flow"] == "Imports For Consumption"
    assert exports["Step 1: Trade Flow and Classification System"]["Trade Flow"] == "Domestic Exports"
    for params in (imports, exports):
        step2 = params["Step 2: Data and Years"]
        assert step2["Years"].split(", ") == [str(y) for y in range(1993, 2027)]
        assert step2["Timeframe Aggregation"] == "Year-to-Date"
        assert len(params["Step 3: Countries"]["Country List"].split(", ")) == 18
        assert {"2805", "2846", "8505"} <= set(params["Step 4: Commodities"]["Commodity List"].split(", "))
        assert len(params) == 9  # download date + 8 steps
    for path, source_id in SOURCES.items():
        meta = json.loads((path.parent / (path.name + ".meta.json")).read_text(encoding="utf-8"))
        assert meta["query_parameters"] == read_query_parameters(path)
        assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() and meta["size_bytes"] == path.stat().st_size
        assert meta["source_id"] == source_id and meta["retrieved_date"] == "2026-07-10"


def test_partner_mapping_complete(tables):
    with PARTNER_NAMES.open(encoding="utf-8", newline="") as fh:
        mapping = {row["name_as_printed"]: row["country_code"] for row in csv.DictReader(fh) if row["publisher"] == "USITC"}
    assert all(pycountry.countries.get(alpha_3=code) for code in mapping.values())
    listed = set(read_query_parameters(IMPORTS)["Step 3: Countries"]["Country List"].split(", "))
    assert set(mapping) == listed
    for rows in tables.values():
        assert {(r["partner_as_printed"], r["partner_code"]) for r in rows} <= set(mapping.items())
    assert mapping["Myanmar (Burma)"] == "MMR" and mapping["South Korea"] == "KOR" and mapping["Russia"] == "RUS"


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The imports workbook with a text cell, a second bad cell, a renamed partner and a wrong total."""
    path = tmp_path_factory.mktemp("usitc") / IMPORTS.name
    wb = load(IMPORTS)
    wb["Customs Value"]["G5"] = "n/a"
    wb["Second Unit of Quantity YTD"]["H7"] = "W"
    wb["First Unit of Quantity"]["B6"] = "Atlantis"
    wb["Customs Value YTD"]["F405"] = "1,000"
    wb.save(path)
    return path


def test_unparseable_cells_fail_all_at_once(broken):
    with pytest.raises(ReaderError) as info:
        read_dataweb(broken, "usitc_dataweb_imports_2026")
    found = {(f.column, f.value) for f in info.value.failures}
    assert ("Customs Value!G5", "n/a") in found
    assert ("Second Unit of Quantity YTD!H7", "W") in found
    assert ("First Unit of Quantity!B6", "Atlantis") in found
    assert ("Customs Value YTD!F405", "1,000") in found
    assert all(f.line is not None for f in info.value.failures if f.column and "!" in f.column)
    message = str(info.value)
    assert "Customs Value!G5" in message and "'n/a'" in message and "Atlantis" in message


def test_unmapped_partner_name_fails_naming_it(tmp_path):
    with PARTNER_NAMES.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("USITC,Vietnam,")]
    partial = tmp_path / "partner_names.csv"
    partial.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ReaderError) as info:
        read_dataweb(EXPORTS, "usitc_dataweb_exports_2026", partner_names=partial)
    assert {f.value for f in info.value.failures} == {"Vietnam"}
    assert len(info.value.failures) == 6  # once per data sheet


def test_bad_country_code_in_mapping_fails(tmp_path):
    bad = tmp_path / "partner_names.csv"
    bad.write_text(PARTNER_NAMES.read_text(encoding="utf-8").replace("Russia,RUS", "Russia,RUX"), encoding="utf-8")
    with pytest.raises(ReaderError) as info:
        read_dataweb(IMPORTS, "usitc_dataweb_imports_2026", partner_names=bad)
    assert [f.value for f in info.value.failures] == ["RUX"]


def test_snapshot_copies_are_byte_exact(tmp_path):
    manifest = {
        IMPORTS: "fb453f549a3a9923b474a7b1fc4833b98319eef110e00920d79fb63b558d9b45",
        EXPORTS: "204dbe2f51cf3d0f5eaf554359dac50a27c45c3572b17d268b12629fea59f19c",
    }
    for path, digest in manifest.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    copy = tmp_path / EXPORTS.name
    shutil.copyfile(EXPORTS, copy)  # the reader does not depend on the file's location
    assert len(read_dataweb(copy, "x")) == 101184
