"""Each mart's SQL on a few inline rows, including its edge cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline.core.build import compute_mart
from pipeline.core.ledger import judge
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.validation import coerce


def frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows for a raw table: unnamed columns are filled with a placeholder or empty."""
    cols = RAW_TABLES[table].columns
    full = [
        {c.name: row.get(c.name, None if c.nullable else ("x" if c.type == "text" else (False if c.type == "bool" else None))) for c in cols} for row in rows
    ]
    return coerce(pd.DataFrame(full, columns=[c.name for c in cols]), RAW_TABLES[table])


COUNTRIES = frame(
    "countries",
    [
        {"country_code": c, "country_name_en": c, "country_name_zh": c, "is_aggregate": c.startswith("X")}
        for c in ["CHN", "USA", "AUS", "MMR", "THA", "XOT", "XWL"]
    ],
)


def tonnage(metric, code, year, qty, qualifier="exact", source="s1"):
    return {
        "metric": metric,
        "country_code": code,
        "data_year": year,
        "source_id": source,
        "source_edition": source,
        "quantity_t_reo": qty,
        "value_qualifier": qualifier,
    }


def shares(tonnages, reported=()):
    return compute_mart(
        "country_shares",
        {
            "country_tonnages": frame("country_tonnages", tonnages),
            "countries": COUNTRIES,
            "reported_shares": frame("reported_shares", list(reported)),
        },
        {},
    )


def test_shares_use_the_sum_of_rows_when_the_edition_is_complete_and_tie_ranks():
    out = shares(
        [
            tonnage("production", "CHN", 2024, 60),
            tonnage("production", "USA", 2024, 15),
            tonnage("production", "AUS", 2024, 15),
            tonnage("production", "XOT", 2024, 10),
            tonnage("production", "XWL", 2024, 120, "rounded"),
        ],
        [
            {
                "metric": "production",
                "country_code": "CHN",
                "data_year": 2024,
                "share_pct": 61.0,
                "share_as_printed": "61%",
                "value_qualifier": "exact",
                "source_id": "seed",
            }
        ],
    )
    by = out.set_index("country_code")
    assert by.loc["CHN", "world_t_reo"] == 100  # not the printed 120
    assert by.loc["CHN", "share_pct"] == 60
    assert by.loc["USA", "share_rank"] == by.loc["AUS", "share_rank"] == 2
    assert pd.isna(by.loc["XOT", "share_rank"])
    assert by.loc["CHN", "share_difference_pp"] == pytest.approx(1.0)
    assert "XWL" not in by.index


def test_not_available_has_no_share_and_a_lower_bound_world_uses_the_rows():
    out = shares(
        [
            tonnage("reserves", "CHN", 2024, 40),
            tonnage("reserves", "AUS", 2024, 10),
            tonnage("reserves", "MMR", 2024, None, "not_available"),
            tonnage("reserves", "XWL", 2024, 45, "lower_bound"),
        ]
    )
    by = out.set_index("country_code")
    assert by.loc["CHN", "share_pct"] == 80
    assert pd.isna(by.loc["MMR", "share_pct"]) and pd.isna(by.loc["MMR", "share_rank"])
    assert by.loc["CHN", "denominator_basis"] == "sum_of_country_rows"


def test_an_incomplete_edition_divides_by_its_printed_world_total():
    out = shares([tonnage("production", "CHN", 2022, 70), tonnage("production", "XWL", 2022, 100, "rounded")])
    assert out.loc[0, "share_pct"] == 70 and out.loc[0, "denominator_basis"] == "printed_world_total"


def test_concentration_hhi_top_shares_and_groups():
    cs = shares(
        [
            tonnage("production", "CHN", 2024, 50),
            tonnage("production", "USA", 2024, 30),
            tonnage("production", "MMR", 2024, 10),
            tonnage("production", "THA", 2024, 10),
            tonnage("production", "XOT", 2024, 0),
        ]
    )
    groups = frame(
        "country_groups",
        [
            {"group_code": "china", "country_code": "CHN"},
            {"group_code": "southeast_asia", "country_code": "MMR"},
            {"group_code": "southeast_asia", "country_code": "THA"},
            {"group_code": "us_australia_southeast_asia", "country_code": "USA"},
            {"group_code": "us_australia_southeast_asia", "country_code": "MMR"},
            {"group_code": "us_australia_southeast_asia", "country_code": "THA"},
        ],
    )
    out = compute_mart("concentration", {"country_groups": groups}, {"country_shares": cs}).iloc[0]
    assert out["hhi"] == 50**2 + 30**2 + 10**2 + 10**2
    assert out["top1_share_pct"] == 50 and out["top3_share_pct"] == 90
    assert out["southeast_asia_share_pct"] == 20 and out["us_australia_southeast_asia_share_pct"] == 50
    assert out["rest_of_world_share_pct"] == 0


def price(pid, stage, low, high=None, unit="USD/t", source="s1", date="2025-10-17", reported=None):
    return {
        "price_id": pid,
        "price_stage": stage,
        "product_name": pid,
        "price_date": pd.Timestamp(date).date() if date else None,
        "price_year": 2025,
        "price_low": low,
        "price_high": high if high is not None else low,
        "unit": unit,
        "currency": unit.split("/")[0],
        "price_basis": "average",
        "reported_multiplier": reported,
        "value_qualifier": "exact",
        "source_id": source,
    }


def test_multipliers_divide_by_the_same_sources_concentrate_only():
    out = compute_mart(
        "price_multipliers",
        {
            "prices": frame(
                "prices",
                [
                    price("conc", "concentrate", 100),
                    price("oxide", "oxide", 1150, reported=11.7),
                    price("cny_conc", "concentrate", 10, 12, unit="CNY/t", source="s2"),
                    price("cny_oxide", "oxide", 100, 120, unit="CNY/t", source="s2"),
                    price("kg", "oxide", 56, unit="USD/kg", source="s3", date=None),
                ],
            )
        },
        {},
    ).set_index("price_id")
    assert out.loc["oxide", "multiplier"] == 11.5 and out.loc["oxide", "multiplier_difference"] == pytest.approx(0.2)
    assert out.loc["cny_oxide", "multiplier"] == 10 and pd.isna(out.loc["cny_oxide", "price_usd_per_t"])
    assert out.loc["kg", "price_usd_per_t"] == 56000 and pd.isna(out.loc["kg", "multiplier"])  # no base price: no multiplier


def sd(series, year, qty, scenario="unspecified"):
    return {
        "series_code": series,
        "scenario_code": scenario,
        "year": year,
        "quantity_t": qty,
        "value_qualifier": "exact",
        "attributed_to": "IEA",
        "is_attribution_verified": False,
        "source_id": "s1",
    }


def test_demand_projection_growth_and_gap():
    out = compute_mart(
        "demand_projections",
        {
            "supply_demand": frame(
                "supply_demand",
                [
                    sd("total_demand", 2021, 100),
                    sd("total_demand", 2041, 200),
                    sd("primary_supply", 2041, 150),
                    sd("recycled_supply", 2041, 30),
                    sd("total_demand", 2041, 250, "APS"),
                ],
            )
        },
        {},
    ).set_index(["series_code", "scenario_code", "year"])
    assert out.loc[("total_demand", "unspecified", 2041), "cagr_pct"] == pytest.approx(100 * (2 ** (1 / 20) - 1), abs=1e-4)
    assert out.loc[("supply_demand_gap", "unspecified", 2041), "quantity_t"] == 20
    assert ("supply_demand_gap", "APS", 2041) not in out.index  # no supply given for APS
    assert pd.isna(out.loc[("total_demand", "APS", 2041), "cagr_pct"])


@pytest.mark.parametrize(
    "stated,recomputed,comparison,tolerance,expected",
    [
        (68.5, 68.54, "approx", 0.05, "agrees"),
        (14.5, 11.28, "approx", 0.05, "disagrees"),
        (14, 14.64, "more_than", 0, "agrees"),
        (4, 3.85, "more_than", 0.15, "disagrees"),  # no tolerance leak on a bound
        (0.01, 0.005, "under", 0, "agrees"),
        (43000, 43000, "more_than", 0, "disagrees"),
        ("2025-11-18", "2025-11-08", "equal", 0, "disagrees"),
        (6, None, "approx", 0, "cannot be checked"),
        (math.nan, 1.0, "approx", 0, "cannot be checked"),
    ],
)
def test_claim_status(stated, recomputed, comparison, tolerance, expected):
    assert judge(stated, recomputed, comparison, tolerance) == expected
