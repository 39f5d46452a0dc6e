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
