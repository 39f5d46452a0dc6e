"""US trade from the USITC DataWeb snapshots: every cell in the long table, shares named for what they are."""

from __future__ import annotations

import re
from collections import Counter

import duckdb
import pytest
from conftest import ROOT

from pipeline.core.trade_marts import TRADE_MARTS

SNAPSHOTS = ROOT / "raw" / "snapshots" / "usitc" / "dataweb_2026"


@pytest.fixture(scope="module")
def con(built):
    c = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    yield c
    c.close()


def test_every_cell_of_every_data_sheet_is_in_the_long_table(con):
    from test_usitc_reader import scan  # the reader test's independent scan of the workbook: cell address -> value

    for path in sorted(SNAPSHOTS.glob("*.xlsx")):
        expected = Counter({sheet: len(cells) for sheet, cells in scan(path).items()})
        got = Counter(dict(con.execute("select sheet, count(*) from raw.usitc_trade where file like ? group by sheet", [f"%/{path.name}"]).fetchall()))
        assert got == expected, path.name


def test_china_share_is_a_share_of_the_selected_partners_recomputed_from_the_cells(con):
    (share,) = con.execute(
        "select china_share_of_selected_partners_pct from marts.us_trade_concentration "
        "where flow = 'imports_for_consumption' and hts_heading = '2846' and year = 2024 and period = 'full_year'"
    ).fetchall()[0]
    china, total = con.execute(
        "select sum(value) filter (where partner_code = 'CHN'), sum(value) from raw.usitc_trade where flow = 'imports_for_consumption' "
        "and hts_heading = '2846' and year = 2024 and period = 'full_year' and measure = 'customs_value'"
    ).fetchall()[0]
    assert share == pytest.approx(100 * china / total, abs=1e-4)


def test_no_share_of_the_18_partners_is_called_a_share_of_all_imports():
    for table in TRADE_MARTS.values():
        assert "18 selected partners" in table.description and "no World row" in table.description
        for c in table.columns:
            text = f"{c.name} {c.label_en} {c.description}".lower()
            if "share" in c.name:
                assert "selected_partners" in c.name and "18 selected partners" in text, (table.name, c.name)
            assert not re.search(r"share of (all )?(us )?(imports|exports|trade)(?! computed)", text), (table.name, c.name)


def test_ytd_compares_january_april_with_a_year_earlier(con):
    rows = con.execute("select year, previous_year from marts.us_trade_ytd group by all").fetchall()
    assert rows == [(2026, 2025)]


def test_the_ledger_checks_us_import_dependence_against_the_trade_tables_and_says_what_it_cannot_show(con):
    rows = {r[0]: r[1:] for r in con.execute("select claim_id, status, review_note, explanation from marts.claims where topic = 'trade'").fetchall()}
    status, note, explanation = rows["us_import_dependence/china_share_of_imports_2021_24"]
    assert status == "not comparable" and "18" in note and "2805" in explanation
    status, note, _ = rows["us_import_dependence/net_import_reliance_2024"]
    assert status == "disagrees" and "MCS 2026 revised 2024" in note
