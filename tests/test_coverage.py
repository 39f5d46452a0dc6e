"""Every number the report prints appears as a value in a curated raw table."""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "raw" / "documents" / "seed_report.txt"  # the report as curated (sources.csv: seed_report)
TEXT_COLUMNS = {"source_locator", "quote_zh", "note", "description_zh", "summary_zh", "summary_en", "title", "scope_en"}


def curated_values() -> set[float]:
    """Every number in a value column of any raw table (quotes and locators do not count)."""
    values = set()
    for path in (ROOT / "raw").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for column, cell in row.items():
                    if column not in TEXT_COLUMNS:
                        values.update(round(float(tok), 6) for tok in re.findall(r"\d+(?:\.\d+)?", cell or ""))
    return values


def report_numbers() -> list[tuple[str, set[float]]]:
    """(as printed, acceptable values) for each number in the report; 億 = 1e8, 萬 = 1e4."""
    out = []
    for match in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*(億|萬)?", REPORT.read_text(encoding="utf-8")):
        number = float(match.group(1).replace(",", ""))
        scale = {"億": 1e8, "萬": 1e4}.get(match.group(2), 1)
        values = {round(number, 6), round(number * scale, 6)}
        out.append((match.group(0).strip(), values))
    return out


def test_the_archived_report_is_the_seed_report():
    assert REPORT.read_text(encoding="utf-8").startswith("稀土是什麼?")


def test_every_number_in_the_report_is_curated():
    values = curated_values()
    numbers = report_numbers()
    assert len(numbers) > 200
    missing = [printed for printed, candidates in numbers if not candidates & values]
    assert missing == []


FACTS = ROOT / "raw" / "documents" / "reference_facts.md"  # the reference figures as curated
# numbers in the reference file that are not facts to curate, with why
NOT_FACTS = {
    "376,090": "sum of the 2023 country rows: recomputed as marts.country_shares.world_t_reo (tested there)",
    "393,950": "sum of the 2024 country rows: recomputed as marts.country_shares.world_t_reo (tested there)",
    "14270,000": "an example of a broken PDF conversion, not a figure",
    "19": "'about 19–20 °C', a restatement of 292 K in a note",
}


def test_every_number_in_the_reference_file_is_curated():
    values = curated_values()
    missing = []
    for match in re.finditer(r"(\d[\d,]*(?:\.\d+)?)\s*(B|M|kt)?", FACTS.read_text(encoding="utf-8")):
        number = float(match.group(1).replace(",", ""))
        scale = {"B": 1e9, "M": 1e6, "kt": 1e3}.get(match.group(2), 1)
        if not {round(number, 6), round(number * scale, 6)} & values and match.group(1) not in NOT_FACTS:
            missing.append(match.group(0).strip())
    assert missing == []


# -- dates, and claims ------------------------------------------------------------------------------------------------

DATE_PATTERNS = (
    # (regex, what it gives): full dates, month/day without a year, year-month, month-end and half-year phrases
    (r"(?P<y>20\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})", "ymd"),
    (r"(?<![\d/])(?P<m>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d)(?![\d/])", "md"),
    (r"(?P<m>1[0-2]|[1-9])\s*月\s*(?P<d>[0-3]?\d)\s*日", "md"),
    (r"(?P<y>20\d\d)\s*年\s*(?P<m>1[0-2]|[1-9])\s*月", "ym"),
    (r"(?P<m>1[0-2]|[1-9])\s*月底", "m"),
    (r"(?P<y>20\d\d)\s*年下半年", "y"),
)


def report_dates() -> list[tuple[str, str, dict]]:
    """(as printed, kind, parts) for every date the report prints; '4 月與 10 月' style months are counted with their year."""
    text = REPORT.read_text(encoding="utf-8")
    out = []
    for pattern, kind in DATE_PATTERNS:
        for m in re.finditer(pattern, text):
            out.append((m.group(0), kind, {k: int(v) for k, v in m.groupdict().items() if v}))
    return out


def curated_dates() -> set[str]:
    """Every ISO date in any raw table (YYYY-MM-DD)."""
    dates = set()
    for path in (ROOT / "raw").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for column, cell in row.items():
                    if column not in TEXT_COLUMNS:
                        dates.update(re.findall(r"\d{4}-\d{2}-\d{2}", cell or ""))
    return dates


def date_found(kind: str, parts: dict, dates: set[str], stated: set[str]) -> bool:
    pool = dates | {s for s in stated if re.fullmatch(r"\d{4}(-\d{2}){0,2}", s)}
    if kind == "ymd":
        return f"{parts['y']:04d}-{parts['m']:02d}-{parts['d']:02d}" in pool
    if kind == "md":
        return any(d[5:] == f"{parts['m']:02d}-{parts['d']:02d}" for d in pool)
    if kind == "ym":
        return any(d.startswith(f"{parts['y']:04d}-{parts['m']:02d}") for d in pool)
    if kind == "m":
        return str(float(parts["m"])) in stated or str(parts["m"]) in stated
    return str(parts["y"]) in stated or any(d.startswith(f"{parts['y']:04d}") for d in pool)


def test_the_report_dates_are_found():
    printed = {p for p, _, _ in report_dates()}
    assert {"2025/10/20", "10/17", "11/18", "10 月 9 日", "12 月 1 日", "10 月 30 日", "2025 年 4 月", "10 月底", "2025 年下半年"} <= printed


def test_every_date_in_the_report_is_curated():
    dates = curated_dates()
    missing = [p for p, kind, parts in report_dates() if not date_found(kind, parts, dates, set())]
    # month-end and half-year phrases are statements (raw.statements), checked as claims below
    assert [p for p in missing if "月底" not in p and "下半年" not in p] == []


def test_every_number_and_date_in_the_report_is_a_curated_value_or_a_claim(built):
    """The full list: each number and date the report prints is a curated value or a claim's stated value."""
    import duckdb

    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    try:
        rows = con.execute("select stated_value, stated_number from marts.claims").fetchall()
    finally:
        con.close()
    stated_text = {s for s, _ in rows if s is not None}
    stated_numbers = {round(n, 6) for _, n in rows if n is not None}
    values, dates = curated_values(), curated_dates()
    missing = [printed for printed, candidates in report_numbers() if not candidates & (values | stated_numbers)]
    missing += [p for p, kind, parts in report_dates() if not date_found(kind, parts, dates, stated_text | {str(n) for n in stated_numbers})]
    assert missing == []
    # and the report's own figures are not only curated but checked: every seed statement is the stated side of a claim
    claimed = {n for n in stated_numbers}
    seed_statements = []
    with open(ROOT / "raw" / "statements.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["source_id"] == "seed_report":
                seed_statements.append((row["statement_id"], round(float(row["value"]), 6)))
    assert [sid for sid, value in seed_statements if value not in claimed] == []
