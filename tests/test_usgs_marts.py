"""The USGS observation table and its marts, built from the real snapshots."""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest
from conftest import ROOT, run_refresh

from pipeline.core.readers.usgs import read_usgs_file


@pytest.fixture(scope="module")
def con(built):
    c = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    yield c
    c.close()


def test_every_value_of_every_usgs_file_is_in_the_observation_table_once(con):
    expected = Counter()
    for path in sorted((ROOT / "raw" / "snapshots" / "usgs").rglob("*")):
        if path.suffix in (".csv", ".xlsx"):
            expected[path.name] += len(read_usgs_file(path))
    got = Counter(dict(con.execute("select file, count(*) from raw.usgs_observations where version <> '1.3' group by file").fetchall()))
    assert got == expected
    assert con.execute("select count(*) from raw.usgs_observations where file = 'MCS2026_version_history.txt' and version = '1.3'").fetchall()[0][0] == 2


def test_revisions_show_real_edition_to_edition_changes(con):
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select country_code, old_edition, old_quantity_t, new_edition, new_quantity_t from marts.usgs_revisions "
            "where statistic = 'mine_production' and year = 2024 and chapter = 'RARE EARTHS'"
        ).fetchall()
    }
    assert rows["AUS"] == ("MCS 2025", 13_000, "MCS 2026", 29_000)
    assert rows["NGA"] == ("MCS 2025", 13_000, "MCS 2026", 1_500)
    # version 1.3 of MCS 2026 revised Brazil's reserves
    (old, new) = con.execute(
        "select old_quantity_t, new_quantity_t from marts.usgs_revisions where statistic = 'reserves' "
        "and country_code = 'BRA' and new_edition = 'MCS 2026' and new_version = '1.3'"
    ).fetchall()[0]
    assert (old, new) == (21_000_000, 11_000_000)


def test_latest_view_takes_the_most_recent_edition_and_version(con):
    (edition, version, qty) = con.execute(
        "select edition, version, quantity_t from marts.usgs_mine_production_latest where chapter = 'RARE EARTHS' and country_code = 'AUS' and year = 2024"
    ).fetchall()[0]
    assert (edition, version, qty) == ("MCS 2026", "1.0", 29_000)
    dupes = con.execute(
        "select count(*) from (select chapter, country_code, year from marts.usgs_mine_production_latest group by all having count(*) > 1)"
    ).fetchall()
    assert dupes == [(0,)]


def test_world_production_runs_from_1900_and_keeps_both_sources_where_they_overlap(con):
    years = con.execute("select min(year), max(year) from marts.world_production").fetchall()[0]
    assert years == (1900, 2025)
    both = {r[0] for r in con.execute("select series from marts.world_production where year = 2020").fetchall()}
    assert {"DS140", "MCS"} <= both
    assert con.execute("select count(*) from marts.world_production where year = 2020 and is_latest").fetchall() == [(1,)]


def test_reserves_keep_bounds_and_not_available(con):
    (bound, value) = con.execute(
        "select is_lower_bound, quantity_t from marts.usgs_reserves where country_code = 'XWL' and edition = 'MCS 2026' and version = '1.3'"
    ).fetchall()[0]
    assert bound is True and value == 75_000_000
    na = con.execute("select count(*) from marts.usgs_reserves where is_not_available and quantity_t is not null").fetchall()
    assert na == [(0,)]


def test_concentration_flags_a_year_whose_country_list_does_not_add_up():
    import pandas as pd

    from pipeline.core.build import compute_mart
    from pipeline.core.raw_tables import RAW_TABLES
    from pipeline.core.validation import coerce

    def obs(country, year, value):
        return {
            "source_id": "s",
            "series": "MCS",
            "edition": "MCS 2030",
            "version": "1.0",
            "chapter": "RARE EARTHS",
            "table_name": "World mine production and reserves",
            "country_as_printed": country,
            "country_code": country,
            "statistic": "mine_production",
            "statistic_as_printed": "x",
            "detail": None,
            "unit": "t REO",
            "year": year,
            "value": value,
            "value_as_printed": str(value),
            "is_estimated": False,
            "is_reported": False,
            "is_rounded": False,
            "is_withheld": False,
            "is_not_available": False,
            "is_zero_marker": False,
            "is_lower_bound": False,
            "is_net_exporter": False,
            "note": None,
            "file": "f",
            "locator": f"{country}{year}",
        }

    rows = [
        obs("CHN", 2029, 60),
        obs("USA", 2029, 40),
        obs("XWL", 2029, 100),  # complete
        obs("CHN", 2030, 60),
        obs("XWL", 2030, 200),
    ]  # only China listed: incomplete
    countries = pd.DataFrame(
        [
            {"country_code": c, "country_name_en": c, "country_name_zh": c, "is_aggregate": c.startswith("X"), "source_id": "s", "source_locator": "x"}
            for c in ("CHN", "USA", "XWL", "XOT")
        ]
    )
    sources = pd.DataFrame(
        [
            {
                "source_id": "s",
                "title": "t",
                "publisher": "U.S. Geological Survey",
                "url_or_identifier": "u",
                "published_date": None,
                "published_year": 2030,
                "accessed_date": pd.Timestamp("2030-01-01").date(),
                "licence": "pd",
                "source_type": "primary",
                "role": "reference",
                "gathered_in": "g",
                "note": None,
            }
        ]
    )
    frames = {
        "usgs_observations": coerce(pd.DataFrame(rows), RAW_TABLES["usgs_observations"]),
        "countries": coerce(countries, RAW_TABLES["countries"]),
        "sources": coerce(sources, RAW_TABLES["sources"]),
    }
    latest = compute_mart("usgs_mine_production_latest", frames, {"usgs_mine_production": compute_mart("usgs_mine_production", frames)})
    out = compute_mart("usgs_concentration", frames, {"usgs_mine_production_latest": latest}).set_index("year")
    assert bool(out.loc[2029, "is_country_list_complete"]) and out.loc[2029, "hhi"] == 60**2 + 40**2
    assert not bool(out.loc[2030, "is_country_list_complete"])


def test_a_snapshot_with_one_byte_changed_stops_the_build_and_publishes_nothing(tmp_path, raw_copy):
    target = raw_copy / "snapshots" / "usgs" / "mcs2024" / "mcs2024-raree_world.csv"
    data = bytearray(target.read_bytes())
    data[200] ^= 0x01
    target.write_bytes(bytes(data))
    result = run_refresh(tmp_path, raw_copy)
    assert not result.success
    [failed] = [e for e in result.get_asset_check_evaluations() if not e.passed and e.severity.value == "ERROR"]
    assert failed.asset_key.to_user_string() == "raw_usgs_observations"
    message = failed.metadata["messages"].value
    assert "mcs2024-raree_world.csv" in message and "fa89237afc855b28f609815a872fdba79eb0404b7cdb2f2df6e110fa425d596b" in message
    assert not (tmp_path / "warehouse" / "rare_earths.duckdb").exists() and not (tmp_path / "site").exists()
