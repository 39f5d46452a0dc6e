"""Country and aggregate names as publishers print them -> ISO 3166-1 alpha-3 codes.

The curated mapping is ``raw/country_names.csv`` (``publisher,name_as_printed,
country_code,note``). Names are matched exactly after stripping surrounding
whitespace. Codes starting with ``X`` are declared aggregates (user-assigned
range of ISO 3166-1): ``XOT`` other countries, ``XWL`` world total. Every other
code must exist in ``pycountry.countries`` (alpha_3). Every mapped code must also
have a row in ``raw/countries.csv``.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pycountry

from pipeline.core.ingest import Failure

RAW = Path(__file__).resolve().parents[2] / "raw"
MAPPING_FILE = RAW / "country_names.csv"
COUNTRIES_FILE = RAW / "countries.csv"
AGGREGATES = {"XOT": "other countries", "XWL": "world total"}
COLUMNS = ["publisher", "name_as_printed", "country_code", "note"]


class CountryNameError(ValueError):
    """A name has no entry in the mapping; ``failure`` names it."""

    def __init__(self, failure: Failure):
        super().__init__(str(failure))
        self.failure = failure


def check_mapping(path: Path = MAPPING_FILE, countries_path: Path = COUNTRIES_FILE) -> list[Failure]:
    """All problems of the mapping file: header, duplicates, unknown codes."""
    name = f"raw/{path.name}"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    if not rows or rows[0] != COLUMNS:
        return [Failure(name, 1, None, ",".join(rows[0]) if rows else None, f"header must be {','.join(COLUMNS)}")]
    with open(countries_path, encoding="utf-8", newline="") as fh:
        known = {row["country_code"] for row in csv.DictReader(fh)}
    failures, seen = [], set()
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            failures.append(Failure(name, line, None, ",".join(row), f"expected {len(COLUMNS)} fields"))
            continue
        publisher, printed, code, _ = (cell.strip() for cell in row)
        if (publisher, printed) in seen:
            failures.append(Failure(name, line, "name_as_printed", printed, "duplicate name for this publisher"))
        seen.add((publisher, printed))
        if code.startswith("X"):
            if code not in AGGREGATES:
                failures.append(Failure(name, line, "country_code", code, f"undeclared aggregate code (declared: {sorted(AGGREGATES)})"))
        elif pycountry.countries.get(alpha_3=code) is None:
            failures.append(Failure(name, line, "country_code", code, "not an ISO 3166-1 alpha-3 code in pycountry"))
        if code not in known:
            failures.append(Failure(name, line, "country_code", code, f"code has no row in raw/{countries_path.name}"))
    return failures


@functools.lru_cache(maxsize=4)
def load_mapping(path: Path = MAPPING_FILE) -> dict[tuple[str, str], str]:
    """(publisher, name as printed) -> code; raises ValueError if the mapping is broken."""
    failures = check_mapping(path)
    if failures:
        raise ValueError("broken country mapping:\n" + "\n".join(map(str, failures)))
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["publisher"].strip(), r["name_as_printed"].strip()): r["country_code"].strip() for r in csv.DictReader(fh)}


def lookup(publisher: str, name: str, path: Path = MAPPING_FILE) -> str | None:
    return load_mapping(path).get((publisher, name.strip()))


def map_name(publisher: str, name: str, *, file: str | None = None, line: int | None = None, column: str | None = None, path: Path = MAPPING_FILE) -> str:
    """The code for ``name``; raises CountryNameError (carrying a Failure) if unmapped."""
    code = lookup(publisher, name, path)
    if code is None:
        raise CountryNameError(
            Failure(file or f"raw/{path.name}", line, column, name, f"country name {name.strip()!r} ({publisher}) is not in raw/{path.name}")
        )
    return code
