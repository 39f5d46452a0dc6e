"""The verdict rules of the fact-check ledger (pipeline/core/ledger.py), each comparison kind on its edges."""

from __future__ import annotations

import math

import duckdb
import pytest

from pipeline.core.ledger import bound_from_words, judge, printed_precision, run_claims, tolerance_for


@pytest.mark.parametrize(
    "printed,expected",
    [
        ("11.7", (11.7, 0.1)),
        ("約 ×11.7", (11.7, 0.1)),
        ("68.54%", (68.54, 0.01)),
        ("42,520", (42520, 1)),
        ("6,000", (6000, 1)),  # trailing zeros count unless the words say 'about'
        ("約 6,000", (6000, 1000)),
        ("約 42,500", (42500, 100)),
        ("about 292 K", (292, 1)),
        ("30 億", (30, 1)),
        ("三大類", None),
    ],
)
def test_printed_precision(printed, expected):
    got = printed_precision(printed)
    assert got == (None if expected is None else (pytest.approx(expected[0]), pytest.approx(expected[1])))


def test_tolerance_follows_the_printed_digit_in_the_unit_of_each_row():
    assert tolerance_for(11.7, "約 ×11.7")[0] == pytest.approx(0.05)  # a ratio
    assert tolerance_for(68.54, "68.54%")[0] == pytest.approx(0.005)  # a share
    assert tolerance_for(6000, "約 6,000")[0] == pytest.approx(500)  # USD/t
    assert tolerance_for(3.0, "30 億")[0] == pytest.approx(0.05)  # 30 億 read as USD 3 bn: 1 億 = 0.1 bn
    assert tolerance_for(50.0, "5,000 萬")[0] == pytest.approx(0.005)  # 5,000 萬 read as USD 50 m
    assert tolerance_for(1, None, default_precision=1)[0] == 0.5  # printed in words (一年)
    assert tolerance_for(20, "20 °C", precision=1)[0] == 0.5  # the query's precision wins
    assert tolerance_for(293.15, None, precision=1, recomputed_precision=1)[0] == 1.0  # two rounded figures
    assert tolerance_for(5, None) == (0.0, None)


@pytest.mark.parametrize(
    "stated,recomputed,tolerance,expected",
    [
        (11.7, 11.701, 0.05, "agrees"),
        (11.7, 11.75, 0.05, "agrees"),  # rounds to 11.7 at the edge: |r − s| = half a unit
        (11.7, 11.7501, 0.05, "disagrees"),
        (11.7, 11.6499, 0.05, "disagrees"),
        (68.54, 68.5366, 0.005, "agrees"),
        (3.3, 0.0762, 0.005, "disagrees"),
        (17, 17, 0.5, "agrees"),
    ],
)
def test_approx_edges(stated, recomputed, tolerance, expected):
    assert judge(stated, recomputed, "approx", tolerance) == expected


@pytest.mark.parametrize(
    "comparison,stated,recomputed,expected",
    [
        ("more_than", 14, 14.64, "agrees"),
        ("more_than", 14, 14, "disagrees"),  # "more than 14 times" needs r > 14
        ("more_than", 4, 3.85, "disagrees"),  # no tolerance leak: 3.85 is not more than four
        ("at_least", 70000, 70000, "agrees"),
        ("at_least", 70000, 69999.99, "disagrees"),
        ("under", 0.01, 0.005, "agrees"),
        ("under", 0.01, 0.01, "disagrees"),  # "<0.01%" is strict
        ("at_most", 6, 6, "agrees"),
        ("at_most", 6, 6.01, "disagrees"),  # no leak upwards
        ("under", 43000, 43000, "disagrees"),
    ],
)
def test_bounds_are_strict_and_carry_no_tolerance(comparison, stated, recomputed, expected):
    assert judge(stated, recomputed, comparison, tolerance=100) == expected  # a tolerance is ignored for bounds


@pytest.mark.parametrize("recomputed,expected", [(1.923, "agrees"), (2.0, "agrees"), (2.01, "disagrees"), (1.5, "agrees"), (1.49, "disagrees")])
def test_almost(recomputed, expected):
    assert judge(2, recomputed, "almost", 0.5) == expected  # 幾乎倍增: just below 2, within its precision


def test_equal_and_missing_values():
    assert judge("2025-11-18", "2025-11-08", "equal") == "disagrees"
    assert judge("2025-10-09", "2025-10-09", "equal") == "agrees"
    assert judge(6, None, "approx", 0) == "cannot be checked"
    assert judge(math.nan, 1.0, "approx", 0) == "cannot be checked"


def test_not_comparable_and_not_independent():
    assert judge(53, 8.5, "approx", 0.05, not_comparable="a total value against a project pipeline") == "not comparable"
    assert judge(53, None, "approx", 0.05, not_comparable="no total value anywhere") == "not comparable"
    assert judge(3, 3, "approx", 0.5, not_independent="counted from the report's own headings") == "not independent"
    assert judge(3, None, "approx", 0.5, not_independent="x") == "cannot be checked"
    with pytest.raises(ValueError):
        judge(1, 1, "less_than")


@pytest.mark.parametrize(
    "printed,expected",
    [
        ("超過 14 倍", "more_than"),
        ("> 90%", "more_than"),
        ("70,000 美元以上", "at_least"),
        ("至少有九成以上", "at_least"),
        ("不到 1%", "under"),
        ("<0.01%", "under"),
        ("14 奈米及以下", "at_most"),
        ("六個月內", "at_most"),
        ("up to USD 100 M", "at_most"),
        ("68.5%", None),
    ],
)
def test_bound_from_words(printed, expected):
    assert bound_from_words(printed) == expected


def claim(sql: str, **kw) -> dict:
    return {"id": "c", "topic": "t", "comparison": "approx", "unit": "pct", "basis": "b", "basis_zh": "乙", "sql": sql, **kw}


def test_run_claims_reads_precision_units_and_words():
    con = duckdb.connect()
    out = run_claims(
        con,
        [
            claim("select 'a' as key, 'q' as quote, 68.5 as stated, 68.5366 as recomputed, 'r' as stated_ref, '68.5%' as printed"),
            claim("select 'b' as key, 'q' as quote, 14 as stated, 14.64 as recomputed, 'r' as stated_ref, '超過 14 倍' as printed, 'from_words' as comparison"),
            claim(
                "select 'c' as key, 'q' as quote, 3 as stated, 3 as recomputed, 'r' as stated_ref, 'same headings' as not_independent, '同一標題' as not_independent_zh"
            ),
            claim("select 'd' as key, 'q' as quote, 1 as stated, 1.01 as recomputed, 'r' as stated_ref, '一年' as printed", precision=1),
        ],
    ).set_index("claim_id")
    assert out.loc["c/a", "status"] == "agrees" and out.loc["c/a", "tolerance"] == pytest.approx(0.05)
    assert out.loc["c/b", "comparison"] == "more_than" and out.loc["c/b", "tolerance"] == 0 and out.loc["c/b", "status"] == "agrees"
    assert out.loc["c/c", "status"] == "not independent"
    assert out.loc["c/d", "tolerance"] == 0.5 and "printed in words" in out.loc["c/d", "rule"]


def test_a_disagreement_needs_a_review_note():
    con = duckdb.connect()
    with pytest.raises(ValueError, match="review_note"):
        run_claims(con, [claim("select 'a' as key, 'q' as quote, 3.3 as stated, 0.08 as recomputed, 'r' as stated_ref, '3.30%' as printed")])
    out = run_claims(
        con,
        [
            claim(
                "select 'a' as key, 'q' as quote, 3.3 as stated, 0.08 as recomputed, 'r' as stated_ref, '3.30%' as printed, 'both: Vietnam 2024 share' as review_note, "
                "'兩方:越南 2024 年佔比' as review_note_zh"
            )
        ],
    )
    assert out.loc[0, "status"] == "disagrees" and out.loc[0, "review_note"].startswith("both") and out.loc[0, "review_note_zh"].startswith("兩方")
