"""Every mart built from the real raw files, checked against the sources' own numbers."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(built):
    c = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    yield c
    c.close()


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()[0]


def test_china_2024_production_share_from_usgs(con):
    # USGS MCS 2025: China 270,000 of country rows adding up to 393,950 t REO
    (share,) = one(
        con, "select share_pct from marts.country_shares where metric='production' and country_code='CHN' and data_year=2024 and source_id='usgs_mcs_2025'"
    )
    assert share == pytest.approx(100 * 270_000 / 393_950, abs=1e-4)


def test_world_denominators_match_the_usgs_sums(con):
    rows = dict(
        con.execute(
            "select data_year, max(world_t_reo) from marts.country_shares where metric='production' and source_id='usgs_mcs_2025' group by 1"
        ).fetchall()
    )
    assert rows == {2023: 376_090, 2024: 393_950}
    (reserves,) = one(con, "select max(world_t_reo) from marts.country_shares where metric='reserves'")
    assert reserves == 44_000_000 + 21_000_000 + 6_900_000 + 5_700_000 + 3_800_000 + 3_500_000 + 1_900_000 + 1_500_000 + 890_000 + 860_000 + 830_000 + 4_500


def test_revised_editions_sit_side_by_side(con):
    rows = dict(
        con.execute(
            "select source_edition, quantity_t_reo from marts.country_shares where metric='production' and country_code='CHN' and data_year=2023"
        ).fetchall()
    )
    assert rows == {"MCS 2025": 255_000, "MCS 2024": 240_000}


def test_concentration_2024(con):
    shares = [270_000, 45_000, 31_000, 13_000, 13_000, 13_000, 2_900, 2_500, 2_000, 300, 130, 20]
    total = sum(shares) + 1_100
    hhi, top3 = one(con, "select hhi, top3_share_pct from marts.concentration where metric='production' and data_year=2024 and source_id='usgs_mcs_2025'")
    assert hhi == pytest.approx(sum((100 * s / total) ** 2 for s in shares), abs=0.1)
    assert top3 == pytest.approx(100 * (270_000 + 45_000 + 31_000) / total, abs=1e-3)


def test_neodymium_metal_multiplier(con):
    multiplier, reported = one(con, "select multiplier, reported_multiplier from marts.price_multipliers where price_id='seed_nd_metal_2025_10_17'")
    assert multiplier == pytest.approx(88_018.29 / 6_012.52, abs=1e-4) and reported == 14.6


def test_demand_growth_2021_2040(con):
    (cagr,) = one(con, "select cagr_pct from marts.demand_projections where series_code='total_demand' and scenario_code='unspecified' and year=2040")
    assert cagr == pytest.approx(100 * ((150_000 / 78_000) ** (1 / 19) - 1), abs=1e-3)


def test_export_controls_and_element_status(con):
    (n,) = one(con, "select count(distinct element_symbol) from marts.export_controls where measure_id in ('mofcom_2025_18', 'mofcom_2025_57')")
    assert n == 12
    status = dict(con.execute("select element_symbol, export_control_status from marts.elements").fetchall())
    assert len(status) == 17
    assert status["Dy"] == "controlled" and status["Ho"] == "suspended" and status["La"] == "not_controlled"
    (as_of,) = one(con, "select distinct status_as_of_date from marts.elements")
    assert str(as_of) == "2025-11-08"  # No. 56/57 effective date, the latest date in the MOFCOM rows


def test_known_disagreements_are_published(con):
    status = dict(con.execute("select claim_id, status from marts.claims").fetchall())
    assert status["printed_share/production:VNM"] == "disagrees"  # 3.30 % printed, 300 t of 393,950 t
    assert status["group_share/southeast_asia_production_share"] == "disagrees"
    assert status["export_control_date/mofcom_2025_57:effective"] == "disagrees"  # 11-18 vs 11-08
    assert status["agreement_amount/seed_total_value"] == "not comparable"  # a total value against a project pipeline
    assert status["printed_share/production:CHN"] == "agrees"
    assert status["price_multiplier/seed_nd_metal_2025_10_17"] == "agrees"


def test_every_report_figure_is_in_the_claims_ledger(con):
    """Every row the seed report contributes with a figure is the stated side of some claim."""
    refs = {r for (r,) in con.execute("select distinct stated_ref from marts.claims").fetchall()}
    seed_rows = con.execute("""
        select 'statements:' || statement_id from raw.statements where source_id = 'seed_report'
        union all select 'reported_shares:' || metric || ':' || country_code from raw.reported_shares
        union all select 'prices:' || price_id from raw.prices where source_id = 'seed_report' and reported_multiplier is not null
        union all select 'agreement_amounts:' || amount_id from raw.agreement_amounts where source_id = 'seed_report'
        union all select 'investments:' || investment_id from raw.investments where source_id = 'seed_report' and instrument_type <> 'total'
        union all select 'capacities:' || capacity_id from raw.capacities where source_id = 'seed_report'
        union all select 'agreements:' || agreement_id from raw.agreements where source_id = 'seed_report'
        union all select 'export_control_dates:' || measure_id || ':' || date_type from raw.export_control_dates where source_id = 'seed_report'
        union all select 'supply_demand:' || series_code || ':' || year from raw.supply_demand where source_id = 'seed_report'
    """).fetchall()
    missing = sorted({r for (r,) in seed_rows} - refs)
    assert missing == []


def test_each_report_figure_is_checked_by_exactly_one_claim(con):
    dupes = con.execute("""select stated_ref, count(distinct split_part(claim_id, '/', 1)) from marts.claims
                           where stated_ref like 'statements:%' group by 1 having count(distinct split_part(claim_id, '/', 1)) > 1""").fetchall()
    assert dupes == []
