"""The fact-check ledger in both languages: every text a reader sees in marts.claims and
marts.headline_figures has a Traditional Chinese companion, with the same numbers, and the
Chinese pages show it (the English pages keep the English)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pytest

from pipeline.core.ledger import TRANSLATED, explain, explain_zh, rule_text, rule_text_zh, run_claims
from pipeline.core.marts import MARTS

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
PAIRS = (("rule", "rule_zh"), ("basis", "basis_zh"), ("review_note", "review_note_zh"), ("explanation", "explanation_zh"))


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def records(built: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    try:
        return con.execute(sql).df().to_dict("records")
    finally:
        con.close()


@pytest.fixture(scope="module")
def ledger(built) -> list[dict]:
    return records(built, "SELECT * FROM marts.claims ORDER BY claim_id")


@pytest.fixture(scope="module")
def headline(built) -> list[dict]:
    return records(built, "SELECT figure_id, basis, basis_zh FROM marts.headline_figures ORDER BY figure_order")


def text(value) -> str:
    return value if isinstance(value, str) else ""


# -- declarations ---------------------------------------------------------------------------------


def test_each_chinese_column_is_declared_next_to_its_english_one():
    for table, pairs in (("claims", PAIRS), ("headline_figures", (("basis", "basis_zh"),))):
        names = MARTS[table].column_names()
        for en, zh in pairs:
            assert names.index(zh) == names.index(en) + 1, (table, zh)
            column = MARTS[table].column(zh)
            assert column.description and column.description_zh and CJK.search(column.description_zh), (table, zh)


# -- (a) every row has its Chinese texts ----------------------------------------------------------


def test_every_claim_has_its_chinese_texts(ledger):
    assert len(ledger) > 100
    for row in ledger:
        for en, zh in PAIRS:
            if text(row[en]).strip():
                assert text(row[zh]).strip(), (row["claim_id"], zh)
                assert CJK.search(row[zh]), (row["claim_id"], zh, row[zh])
            else:
                assert not text(row[zh]).strip(), (row["claim_id"], zh)  # no Chinese text without the English one
        assert row["rule_zh"] and row["explanation_zh"] and row["basis_zh"], row["claim_id"]
    assert sum(bool(text(r["review_note_zh"])) for r in ledger) >= sum(r["status"] in ("disagrees", "not comparable") for r in ledger) > 0


def test_every_headline_basis_has_its_chinese_text(headline):
    assert len(headline) >= 4
    for row in headline:
        assert row["basis"] and CJK.search(row["basis_zh"]), row
        assert numbers(row["basis"]) <= numbers(row["basis_zh"]), row


# -- (c) the same numbers in both languages -------------------------------------------------------


def test_the_chinese_texts_state_the_same_figures(ledger):
    """Every number of an English text (stated and recomputed values, tolerances, years, tonnages) is in its Chinese one."""
    for row in ledger:
        for en, zh in PAIRS:
            missing = numbers(text(row[en])) - numbers(text(row[zh]))
            assert not missing, (row["claim_id"], en, sorted(missing), row[zh])
        for side in ("stated_value", "recomputed_value"):
            if row[side] is not None and row["status"] in ("agrees", "disagrees"):
                assert str(row[side]) in row["explanation_zh"], (row["claim_id"], side)


def test_rule_and_explanation_templates_keep_every_figure():
    rule = rule_text("approx", 0.0505, 0.1, "read from the printed '1 億'", 0.001)
    rule_zh = rule_text_zh("approx", 0.0505, 0.1, "讀自印出的「1 億」", 0.001)
    assert numbers(rule) == numbers(rule_zh) == {"0.0505", "0.1", "1", "0.001"}
    assert rule_text_zh("equal", 0, None) == "equal(相同):文字相同" and rule_text_zh("more_than", 0, None) == "more_than(超過):r > s"
    en = explain("disagrees", "3.3", "0.0762", "pct", "pct", rule, "USGS MCS 2025", None)
    zh = explain_zh("disagrees", "3.3", "0.0762", "pct", "pct", rule_zh, "USGS MCS 2025 版", None)
    assert numbers(en) <= numbers(zh) and "陳述值 3.3 %" in zh and "重算值 0.0762 %" in zh and "Stated 3.3 % vs recomputed 0.0762 %" in en
    assert explain_zh("not comparable", None, None, "", "", "", "b", "兩者不同。") == "無法比較:兩者不同。"
    assert explain_zh("cannot be checked", "1", None, "", "", "", "沒有來源", None) == "無從查核:沒有來源。"


# -- (b) an English text without its Chinese companion stops the build ---------------------------


def claim(sql: str, **kw) -> dict:
    return {"id": "zh_check", "topic": "t", "comparison": "approx", "unit": "pct", "basis": "b", "basis_zh": "乙", "sql": sql, **kw}


ROW = "select 'a' as key, 'q' as quote, 3.3 as stated, 0.08 as recomputed, 'r' as stated_ref, '3.30%' as printed"


def test_a_review_note_without_its_chinese_stops_the_ledger_naming_the_claim():
    con = duckdb.connect()
    with pytest.raises(ValueError, match=r"zh_check/a .*review_note without review_note_zh"):
        run_claims(con, [claim(f"{ROW}, 'both sides are Vietnam''s 2024 share' as review_note")])
    with pytest.raises(ValueError, match=r"zh_check/a .*review_note without review_note_zh"):  # an empty translation is none
        run_claims(con, [claim(f"{ROW}, 'both sides' as review_note, ' ' as review_note_zh")])
    out = run_claims(con, [claim(f"{ROW}, 'both sides' as review_note, '兩方' as review_note_zh")])
    assert out.loc[0, "status"] == "disagrees" and out.loc[0, "review_note_zh"] == "兩方"


@pytest.mark.parametrize("name", TRANSLATED)
def test_every_english_text_of_a_row_needs_its_chinese(name):
    con = duckdb.connect()
    note = ", 'both sides' as review_note, '兩方' as review_note_zh" if name != "review_note" else ""
    with pytest.raises(ValueError, match=rf"zh_check/a gives {name} without {name}_zh"):
        run_claims(con, [claim(f"{ROW}{note}, 'english words' as {name}")])
    with pytest.raises(ValueError, match=rf"zh_check/a gives {name}_zh without {name}"):
        run_claims(con, [claim(f"{ROW}{note}, '中文' as {name}_zh")])


def test_a_claim_without_a_chinese_basis_stops_the_ledger():
    con = duckdb.connect()
    with pytest.raises(ValueError, match="claim zh_check has basis without basis_zh"):
        run_claims(con, [claim("select 'a' as key, 'q' as quote, 1 as stated, 1 as recomputed, 'r' as stated_ref", basis_zh="")])


def test_the_chinese_texts_of_a_row_go_where_the_english_ones_go():
    con = duckdb.connect()
    out = run_claims(
        con,
        [
            claim(
                "select 'a' as key, 'q' as quote, 68.5 as stated, 68.5366 as recomputed, 'r' as stated_ref, '68.5%' as printed, "
                "'USGS MCS 2025, production 2024' as basis, 'USGS MCS 2025,產量 2024 年' as basis_zh, "
                "'sum of 13 rows' as note, '13 列加總' as note_zh"
            ),
            claim(
                "select 'b' as key, 'q' as quote, 53 as stated, 8.5 as recomputed, 'r' as stated_ref, "
                "'a total against a pipeline' as not_comparable, '總值對照計畫清單' as not_comparable_zh, "
                "'Stated: USD 53 B; other side: USD 8.5 B' as review_note, '陳述值:USD 53 B;另一方:USD 8.5 B' as review_note_zh"
            ),
            claim("select 'c' as key, 'q' as quote, 1 as stated, null as recomputed, 'r' as stated_ref"),
        ],
    ).set_index("claim_id")
    a, b, c = out.loc["zh_check/a"], out.loc["zh_check/b"], out.loc["zh_check/c"]
    assert a["basis_zh"] == "USGS MCS 2025,產量 2024 年" and a["review_note_zh"] is None
    assert a["explanation_zh"].startswith("陳述值 68.5 %,重算值 68.5366 %(USGS MCS 2025,產量 2024 年;approx(約等於):")
    assert a["explanation_zh"].endswith("附註:13 列加總。") and "讀自印出的「68.5%」" in a["rule_zh"]
    assert b["status"] == "not comparable" and b["explanation_zh"] == "無法比較:總值對照計畫清單。"
    assert c["status"] == "cannot be checked" and c["explanation_zh"] == "無從查核:乙。" and c["basis_zh"] == "乙"


# -- (d) the Chinese pages show the Chinese texts, the English pages the English -----------------


def page(path: Path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


def test_the_chinese_claims_page_shows_the_chinese_texts_and_searches_them(built, ledger):
    site = built / "site"
    zh, en = page(site / "claims.html"), page(site / "en" / "claims.html")
    search = {m.group(2): html.unescape(m.group(1)) for m in re.finditer(r'data-text="([^"]*)" id="([^"]*)"', (site / "claims.html").read_text("utf-8"))}
    assert len(search) == len(ledger)
    noted = [r for r in ledger if text(r["review_note"])]
    assert noted
    for row in noted:
        assert row["review_note_zh"] in zh and row["review_note"] not in zh, row["claim_id"]
        assert row["review_note"] in en and row["review_note_zh"] not in en, row["claim_id"]
        assert row["review_note_zh"].lower() in search[row["claim_id"]] and row["review_note"].lower() not in search[row["claim_id"]], row["claim_id"]
    for row in ledger:
        for _, zh_column in PAIRS:
            if text(row[zh_column]):
                assert row[zh_column] in zh, (row["claim_id"], zh_column)
        assert row["explanation"] not in zh and row["explanation"] in en, row["claim_id"]
    assert "Stated " not in zh and "Cannot be checked:" not in zh and "half of " not in zh


def test_the_chinese_front_page_shows_the_chinese_basis_lines(built, headline):
    site = built / "site"
    zh, en = page(site / "index.html"), page(site / "en" / "index.html")
    for row in headline:
        assert f"<small>{row['basis_zh']}</small>" in zh and f"<small>{row['basis']}</small>" not in zh, row["figure_id"]
        assert f"<small>{row['basis']}</small>" in en and row["basis_zh"] not in en, row["figure_id"]
    assert "statements checked" not in zh and "statements checked" in en


def test_disagreement_footnotes_on_chinese_table_pages_are_in_chinese(built, ledger):
    row = next(r for r in ledger if r["claim_id"] == "printed_share/production:VNM")
    zh, en = page(built / "site" / "country_shares.html"), page(built / "site" / "en" / "country_shares.html")
    assert row["explanation_zh"] in zh and row["explanation"] not in zh
    assert row["explanation"] in en and row["explanation_zh"] not in en


# -- units ---------------------------------------------------------------------------------------


def test_every_unit_a_page_shows_has_a_label_in_both_languages(built):
    from pipeline.core.fields import UNITS
    from pipeline.core.release import PUBLISHED

    used = {c.unit for t in PUBLISHED.values() for c in t.columns if c.unit}
    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    for sql in (
        "SELECT unit FROM marts.claims UNION SELECT recomputed_unit FROM marts.claims",
        "SELECT unit FROM marts.headline_figures UNION SELECT unit FROM marts.chart_series",
    ):
        used |= {u for (u,) in con.execute(sql).fetchall() if u}
    con.close()
    assert sorted(used - set(UNITS)) == []
    for code, (en, zh) in UNITS.items():
        assert en and zh, code
        if re.search(r"[a-z]{3,}", zh) and zh not in ("ppm",):  # an English word left on the Chinese side
            raise AssertionError(f"unit {code!r}: Chinese label {zh!r} is English")


def test_the_chinese_claims_page_shows_units_in_chinese(built, ledger):
    from pipeline.core.fields import UNITS

    zh, en = page(built / "site" / "claims.html"), page(built / "site" / "en" / "claims.html")
    worded = sorted({r["unit"] for r in ledger if r["unit"] and re.search(r"[a-z]{3,}", r["unit"]) and UNITS[r["unit"]][1] != r["unit"]})
    assert worded  # pct, count, years ...
    for unit in worded:
        assert f"{UNITS[unit][1]}</div>" in zh or f" {UNITS[unit][1]}<" in zh, unit
        assert f" {unit}</div>" not in zh, unit
    assert " t (no period printed)</div>" in en and "公噸(未印出期間)" in zh


# -- codes and the changelog's own sentences --------------------------------------------------------


def test_codes_found_raw_on_chinese_pages_are_words_now(built):
    """Codes an attack pass found printed raw on Chinese pages: denominator bases, metrics, demand series,
    the claims topic 'trade' and the disagreement footnote's label."""
    site = built / "site"

    def cells(name: str) -> str:  # what the table cells show (not the column descriptions, which name the codes on purpose)
        return " ".join(re.findall(r"<td[^>]*>([^<]*)</td>", page(site / name)))

    assert "printed_world_total" not in cells("country_shares.html") and "印出的全球總量" in cells("country_shares.html")
    assert "printed world total" in cells("en/country_shares.html")
    assert not re.search(r"\b(production|reserves)\b", cells("concentration.html"))
    assert "total_demand" not in cells("demand_projections.html") and "總需求" in cells("demand_projections.html")
    claims = page(site / "claims.html")
    assert ">trade<" not in claims and ">貿易<" in claims
    assert "Disagrees —" not in page(site / "country_shares.html") and "查核不一致 —" in page(site / "country_shares.html")
    assert "Disagrees —" in page(site / "en" / "country_shares.html")


def test_the_changelog_sentences_are_chinese_on_chinese_pages():
    from pipeline.core.release import changelog
    from pipeline.core.site import changelog_zh

    assert changelog_zh("Changes in 2030.01.02") == "2030.01.02 版的變更"
    assert changelog_zh("Against 2030.01.01. Rows are identified by each table's key.") == "與 2030.01.01 版比較;各表的列以該表的鍵識別。"
    assert changelog_zh("new columns: rule_zh, basis_zh") == "新增欄位:rule_zh, basis_zh"
    assert changelog_zh("a value as written") == "a value as written"
    first = changelog(None, None, "2030.01.01", None)  # every sentence the changelog writes on its own has a translation
    for line in first.splitlines():
        text = line.lstrip("#- ").strip()
        if text:
            assert CJK.search(changelog_zh(text)), text
