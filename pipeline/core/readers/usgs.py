"""Format-faithful readers for the USGS rare-earth files in ``raw/snapshots/usgs``.

Every reader returns a list of observation dicts with exactly ``COLUMNS``; one
observation per data cell of the file. Flags are never folded into the number:
a marker gives ``value`` None and sets its flag. Anything a reader does not
recognise (a marker, a column, a country name, a unit) is collected as a
``Failure`` and, at the end of the file, raised together in a ``ReaderError``.

File layouts as found
=====================

MCS 2022-2024 world tables (``mcs20YY-raree_world.csv``; UTF-8 with BOM, CRLF)
    ``Source,Country,Type,Prod_t_2020,Prod_t_Est_2021`` (2022); 2023 and 2024 add
    ``Prod_notes,Reserves_t,Reserves_notes``. The estimate marker is in the column
    name with varying case (``Prod_t_Est_2021``, ``Prod_t_est_2022``); MCS 2024
    marks *both* years ``est``. ``Type`` is the measure ("Mine production, metric
    tons of rare-earth-oxide (REO) equivalent " with a trailing space in 2022).
    Prod_notes "Estimated in 2021 also." marks the earlier year as estimated too.
    Notes contain non-breaking spaces. ``NA`` in reserves. MCS 2024 has 36 trailing
    empty columns on every line and 23 empty lines after the data; it has no
    "Other countries" row; MCS 2022 has no reserves. Aggregates: "Other countries",
    "World total (rounded)". The reserves year is not printed: it is taken as the
    latest production year of the edition.
MCS 2022-2024 salient statistics (``mcs20YY-raree_salient.csv``; BOM, CRLF)
    ``DataSource,Commodity,Year`` then one column per series: US production
    (``USprod_Concentrate_t``, ``USprod_Compounds-Metals_t``), imports and exports
    by form, apparent consumption (``Consump_Compounds-Metals_t``), prices in
    dollars per kg (``Price_CeO2_dkg`` ...; purity is not printed), employment
    (``Employment_num``; ``Employment_m`` in 2024) and net import reliance
    (``NIR_*_pct`` in 2023 but ``NIR_*_t`` in 2022 and 2024, although percent).
    Markers: ``E`` net exporter, ``>90``/``>95`` lower bounds, ``XX`` (MCS: not
    applicable; read as not available with a note), thousands separators in quoted
    cells (``"7,900"`` in 2024). The country (United States) is implied; the file
    does not flag the latest year as estimated, so neither does the reader.
MCS 2026 data release (``MCS2026_Commodities_Data.csv``; cp1252, CRLF, long format)
    ``MCS chapter,Section,Commodity,Country,Statistics,Statistics_detail,Unit,
    Year,Value,Notes,Is critical mineral 2025,Other notes``; only the chapters
    RARE EARTHS, RARE EARTHS (Heavy), YTTRIUM and SCANDIUM are read. Sections have
    stray spaces ("World Mine Production and Reserves "); ``Year`` may be a period
    ("2021–24", import sources: year = last year, period kept in ``detail``).
    Values: thousands separators, ``NA``, ``E``, ``—`` (em dash, zero), ``>95``,
    ``>85,000,000``, ranges ``890–1,000`` and ``10,000 - 15,000`` (value None, the
    range is spelt out in ``note``). ``Notes`` is a " -- "-joined list of footnotes;
    "Estimated." / "Reported." set is_estimated / is_reported. The YTTRIUM world
    production row is shifted one column left (Notes = "Yes", critical = "Yttrium");
    it is read with empty notes and a note saying so. Units: metric tons (of REO,
    Y2O3 or Sc2O3 by chapter), dollars per kilogram, percent, number.
    This CSV is version 1.0: v1.3 values come from ``mcs2026_version_corrections``.
DS 140 (``ds140-rare-earths-2020.xlsx``, sheet "Rare earths")
    Title rows 1-4 ("[All quantities in metric tons (t) rare-earth oxide
    equivalent ...]"), header row 5 ``Year, Production, Imports, Exports, Apparent
    consumption, Unit value ($/t), Unit value (98$/t), World production``, data
    rows 6-126 (1900-2020) as numbers or ``NA``/``W`` text, then the legend
    "NA Not available. W Withheld ..." and footnotes. No per-cell footnote
    markers. Columns B-G are United States statistics, H is world production.
MYB 2022 advance tables (``myb1-2022-raree-adv.xlsx``, sheet "T8")
    Header row 6: "Country or locality2", years 2018-2022 in C, E, G, I, K; each
    value column is followed by a marker column (D, F, H, J, L) holding ``e``
    (estimated), ``r`` (revised) or a footnote number (6, as number or text).
    Country labels carry markers glued to the name: "Australiae" (e = all years
    estimated), "China3", "Indiae, 4", "Thailande, 5". ``--`` = zero. Row 19
    "Total" (world). Row 20 legend, rows 21-26 footnotes 1-6; footnote 1 says data
    are reported unless noted and totals, U.S. and estimated data are rounded,
    which sets is_reported / is_rounded.

Statistic vocabulary (``statistic``)
====================================
mine_production, production_compounds_metals (US compounds and metals),
production_primary (DS 140 "Production", United States), production (MCS 2026
scandium "global production" of oxide), world_production (DS 140), reserves,
capacity, imports, exports, apparent_consumption, price, employment,
net_import_reliance_pct, import_source_share_pct (share of US imports over the
period in ``detail``, year = last year of the period), unit_value_usd_per_t,
unit_value_1998_usd_per_t.

Units (``unit``): ``t REO``, ``t Y2O3``, ``t Sc2O3``, ``USD/kg``, ``USD/t``,
``USD(1998)/t``, ``pct``, ``count``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl

from pipeline.core.countries import CountryNameError, map_name
from pipeline.core.ingest import Failure

COLUMNS = [
    "source_id",
    "series",
    "edition",
    "version",
    "chapter",
    "table_name",
    "country_as_printed",
    "country_code",
    "statistic",
    "statistic_as_printed",
    "detail",
    "unit",
    "year",
    "value",
    "value_as_printed",
    "is_estimated",
    "is_reported",
    "is_rounded",
    "is_withheld",
    "is_not_available",
    "is_zero_marker",
    "is_lower_bound",
    "is_net_exporter",
    "note",
    "file",
    "locator",
]
FLAGS = [c for c in COLUMNS if c.startswith("is_")]
PUBLISHER = "USGS"
RE_CHAPTERS_2026 = {"RARE EARTHS": "t REO", "RARE EARTHS (Heavy)": "t REO", "YTTRIUM": "t Y2O3", "SCANDIUM": "t Sc2O3"}


class ReaderError(Exception):
    """All failures found in one file."""

    def __init__(self, failures: list[Failure]):
        self.failures = list(failures)
        super().__init__(f"{len(self.failures)} failure(s):\n" + "\n".join(map(str, self.failures)))


class _Bad(ValueError):
    """A cell that cannot be read; the message is the rule."""


def observation(**fields) -> dict:
    obs = dict.fromkeys(COLUMNS)
    obs.update({flag: False for flag in FLAGS})
    unknown = set(fields) - set(COLUMNS)
    if unknown:
        raise KeyError(f"not observation columns: {sorted(unknown)}")
    obs.update(fields)
    return obs


def to_table(observations: list[dict]):
    """The observations as a pyarrow Table with the columns in order."""
    import pyarrow as pa

    return pa.Table.from_pylist(
        observations,
        schema=pa.schema([(c, pa.bool_() if c in FLAGS else pa.float64() if c == "value" else pa.int64() if c == "year" else pa.string()) for c in COLUMNS]),
    )


# ---- cell values -------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_RANGE = re.compile(rf"({_NUMBER.pattern})\s*[–-]\s*({_NUMBER.pattern})")
MARKERS = {
    "NA": ("is_not_available", "NA: not available"),
    "W": ("is_withheld", "W: withheld to avoid disclosing company proprietary data"),
    "XX": ("is_not_available", "XX: not applicable"),
    "E": ("is_net_exporter", "E: net exporter"),
    "--": ("is_zero_marker", "--: zero"),
    "—": ("is_zero_marker", "—: zero"),
    "–": ("is_zero_marker", "–: zero"),
}


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def parse_value(raw) -> tuple[float | None, dict, str | None]:
    """(value, flags set, note) for one printed cell; raises _Bad for anything unknown."""
    if isinstance(raw, bool):
        raise _Bad("boolean cell")
    if isinstance(raw, (int, float)):
        return float(raw), {}, None
    if raw is None:
        raise _Bad("empty data cell")
    text = raw.replace("\xa0", " ").strip()
    if not text:
        raise _Bad("empty data cell")
    if text in MARKERS:
        flag, note = MARKERS[text]
        return None, {flag: True}, note
    if _NUMBER.fullmatch(text):
        return _num(text), {}, None
    if text.startswith(">") and _NUMBER.fullmatch(text[1:].strip()):
        return _num(text[1:].strip()), {"is_lower_bound": True}, None
    if m := _RANGE.fullmatch(text):
        return None, {}, f"printed as a range: {_num(m.group(1)):g} to {_num(m.group(2)):g}"
    raise _Bad(f"unknown marker or unparseable value {text!r}")


def _join(*notes) -> str | None:
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


def _decode(path: Path, encoding: str, failures: list[Failure]) -> str:
    data = path.read_bytes()
    if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        failures.append(Failure(path.name, line, None, repr(data[exc.start : exc.end]), f"not decodable as {encoding}"))
        return data.decode(encoding, errors="replace")


def _country(name: str, failures: list[Failure], file: str, line, column) -> str | None:
    try:
        return map_name(PUBLISHER, name, file=file, line=line, column=column)
    except CountryNameError as exc:
        failures.append(exc.failure)
        return None


def _finish(obs: list[dict], failures: list[Failure]) -> list[dict]:
    if failures:
        raise ReaderError(failures)
    return obs


def _csv_rows(text: str):
    """(line number, row) with header names and cells stripped of surrounding spaces."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    for row in reader:
        yield reader.line_num, row


def _edition_of(path: Path) -> tuple[str, str]:
    m = re.match(r"mcs(\d{4})-", path.name)
    if not m:
        raise ReaderError([Failure(path.name, None, None, path.name, "file name must start with mcsYYYY-")])
    return m.group(1), f"usgs_mcs_{m.group(1)}_data"


def _table_header(path: Path, rows, failures) -> tuple[int, list[str]]:
    line, header = next(rows)
    header = [h.replace("\xa0", " ").strip() for h in header]
    while header and header[-1] == "":
        header.pop()
    return line, header


# ---- MCS 2022-2024 per-commodity CSVs ----------------------------------------------------------------------------

_PROD_COL = re.compile(r"Prod_t(?:_(est))?_(\d{4})", re.IGNORECASE)


def read_mcs_world(path: Path) -> list[dict]:
    """MCS 2022-2024 ``*_world.csv``: mine production by country (and reserves)."""
    path = Path(path)
    failures: list[Failure] = []
    year_s, source_id = _edition_of(path)
    rows = _csv_rows(_decode(path, "utf-8", failures))
    _, header = _table_header(path, rows, failures)
    known = {"Source", "Country", "Type", "Prod_notes", "Reserves_t", "Reserves_notes"}
    prod_cols = {h: _PROD_COL.fullmatch(h) for h in header if _PROD_COL.fullmatch(h)}
    for h in header:
        if h not in known and h not in prod_cols:
            failures.append(Failure(path.name, 1, h, h, "unknown column"))
    latest = max((int(m.group(2)) for m in prod_cols.values()), default=None)
    obs: list[dict] = []
    for line, row in rows:
        cells = [c.replace("\xa0", " ").strip() for c in row]
        if not any(cells):
            continue
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            failures.append(Failure(path.name, line, None, extra[0], "value beyond the named columns"))
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        if rec.get("Source") != f"MCS{year_s}":
            failures.append(Failure(path.name, line, "Source", rec.get("Source"), f"expected MCS{year_s}"))
        measure = rec.get("Type", "")
        if "metric tons" not in measure or "rare-earth-oxide" not in measure:
            failures.append(Failure(path.name, line, "Type", measure, "unknown measure (expected metric tons of REO)"))
        code = _country(rec.get("Country", ""), failures, path.name, line, "Country")
        also_est = {int(y) for y in re.findall(r"Estimated in (\d{4}) also", rec.get("Prod_notes", ""))}
        targets = [(h, "mine_production", int(m.group(2)), bool(m.group(1)), rec.get("Prod_notes")) for h, m in prod_cols.items()]
        if "Reserves_t" in rec:
            targets.append(("Reserves_t", "reserves", latest, False, rec.get("Reserves_notes")))
        for col, statistic, year, est, note in targets:
            raw = rec[col]
            try:
                value, flags, marker_note = parse_value(raw)
            except _Bad as exc:
                failures.append(Failure(path.name, line, col, raw, str(exc)))
                continue
            obs.append(
                observation(
                    source_id=source_id,
                    series="MCS",
                    edition=f"MCS {year_s}",
                    version="1.0",
                    chapter="Rare Earths",
                    table_name="World mine production and reserves",
                    country_as_printed=rec.get("Country"),
                    country_code=code,
                    statistic=statistic,
                    statistic_as_printed=col,
                    detail=measure,
                    unit="t REO",
                    year=year,
                    value=value,
                    value_as_printed=raw,
                    note=_join(note or None, marker_note, "reserves year not printed: latest production year" if statistic == "reserves" else None),
                    file=path.name,
                    locator=f"line {line}, column {col}",
                    is_estimated=est or (statistic == "mine_production" and year in also_est),
                    is_rounded="(rounded)" in rec.get("Country", ""),
                    **flags,
                )
            )
    return _finish(obs, failures)


SALIENT = {
    "USprod_Concentrate_t": ("mine_production", "mineral concentrates", "t REO"),
    "USprod_Compounds-Metals_t": ("production_compounds_metals", "compounds and metals", "t REO"),
    "Imports_Compounds_t": ("imports", "compounds", "t REO"),
    "Imports_Alloys_t": ("imports", "alloys", "t REO"),
    "Imports_Metals_t": ("imports", "metals", "t REO"),
    "Exports_Ores-Compounds_t": ("exports", "ores and compounds", "t REO"),
    "Exports_Alloys_t": ("exports", "alloys", "t REO"),
    "Exports_Metals_t": ("exports", "metals", "t REO"),
    "Consump_Compounds-Metals_t": ("apparent_consumption", "compounds and metals", "t REO"),
    "Price_CeO2_dkg": ("price", "cerium oxide (CeO2)", "USD/kg"),
    "Price_Dy2O3_dkg": ("price", "dysprosium oxide (Dy2O3)", "USD/kg"),
    "Price_Eu2O3_dkg": ("price", "europium oxide (Eu2O3)", "USD/kg"),
    "Price_La2O3_dkg": ("price", "lanthanum oxide (La2O3)", "USD/kg"),
    "Price_Mischmetal_dkg": ("price", "mischmetal", "USD/kg"),
    "Price_Nd2O3_dkg": ("price", "neodymium oxide (Nd2O3)", "USD/kg"),
    "Price_TbO2_dkg": ("price", "terbium oxide (printed TbO2)", "USD/kg"),
    "Employment_num": ("employment", "mine and mill", "count"),
    "Employment_m": ("employment", "mine and mill (column printed Employment_m)", "count"),
}
_NIR = re.compile(r"NIR_(Compounds-Metals|Concentrate)_(t|pct)")


def _salient_column(name: str):
    if name in SALIENT:
        return SALIENT[name]
    if m := _NIR.fullmatch(name):
        detail = {"Compounds-Metals": "compounds and metals", "Concentrate": "mineral concentrates"}[m.group(1)]
        suffix = "" if m.group(2) == "pct" else " (column printed _t, values are percent)"
        return "net_import_reliance_pct", detail + suffix, "pct"
    return None


def read_mcs_salient(path: Path) -> list[dict]:
    """MCS 2022-2024 ``*_salient.csv``: U.S. salient statistics, one row per year."""
    path = Path(path)
    failures: list[Failure] = []
    year_s, source_id = _edition_of(path)
    rows = _csv_rows(_decode(path, "utf-8", failures))
    _, header = _table_header(path, rows, failures)
    data_cols = header[3:]
    if header[:3] != ["DataSource", "Commodity", "Year"]:
        failures.append(Failure(path.name, 1, None, ",".join(header[:3]), "expected DataSource,Commodity,Year first"))
    for h in data_cols:
        if _salient_column(h) is None:
            failures.append(Failure(path.name, 1, h, h, "unknown column"))
    us = _country("United States", failures, path.name, None, None)
    obs: list[dict] = []
    for line, row in rows:
        cells = [c.replace("\xa0", " ").strip() for c in row]
        if not any(cells):
            continue
        if any(cells[len(header) :]):
            failures.append(Failure(path.name, line, None, next(c for c in cells[len(header) :] if c), "value beyond the named columns"))
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        if rec["DataSource"] != f"MCS{year_s}" or rec["Commodity"] != "Rare Earths" or not rec["Year"].isdigit():
            failures.append(Failure(path.name, line, "Year", ",".join(cells[:3]), f"expected MCS{year_s},Rare Earths,<year>"))
            continue
        for col in data_cols:
            spec = _salient_column(col)
            if spec is None:
                continue
            raw = rec[col]
            try:
                value, flags, marker_note = parse_value(raw)
            except _Bad as exc:
                failures.append(Failure(path.name, line, col, raw, str(exc)))
                continue
            statistic, detail, unit = spec
            obs.append(
                observation(
                    source_id=source_id,
                    series="MCS",
                    edition=f"MCS {year_s}",
                    version="1.0",
                    chapter="Rare Earths",
                    table_name="Salient statistics—United States",
                    country_as_printed=None,
                    country_code=us,
                    statistic=statistic,
                    statistic_as_printed=col,
                    detail=detail,
                    unit=unit,
                    year=int(rec["Year"]),
                    value=value,
                    value_as_printed=raw,
                    note=_join(marker_note, "country implied: United States"),
                    file=path.name,
                    locator=f"line {line}, column {col}",
                    **flags,
                )
            )
    return _finish(obs, failures)


# ---- MCS 2026 long CSV --------------------------------------------------------------------------------------------

MCS2026_HEADER = [
    "MCS chapter",
    "Section",
    "Commodity",
    "Country",
    "Statistics",
    "Statistics_detail",
    "Unit",
    "Year",
    "Value",
    "Notes",
    "Is critical mineral 2025",
    "Other notes",
]
STATISTICS_2026 = {
    "Production": "mine_production",
    "Import": "imports",
    "Export": "exports",
    "Consumption": "apparent_consumption",
    "Price": "price",
    "Employment": "employment",
    "Net import reliance": "net_import_reliance_pct",
    "Import sources 2021-2024": "import_source_share_pct",
    "Reserves": "reserves",
    "Capacity": "capacity",
}
UNITS_2026 = {"dollars per kilogram": "USD/kg", "percent": "pct", "number": "count"}


def _statistic_2026(stat: str, detail: str) -> str | None:
    code = STATISTICS_2026.get(stat)
    if code == "mine_production":
        if "ompounds and metals" in detail:
            return "production_compounds_metals"
        if detail == "global production":
            return "production"
    return code


def read_mcs2026(path: Path) -> list[dict]:
    """MCS 2026 data release: the rows of the RARE EARTHS, RARE EARTHS (Heavy), YTTRIUM and SCANDIUM chapters."""
    path = Path(path)
    failures: list[Failure] = []
    rows = _csv_rows(_decode(path, "cp1252", failures))
    _, header = _table_header(path, rows, failures)
    if header != MCS2026_HEADER:
        return _finish([], [Failure(path.name, 1, None, ",".join(header), "unexpected header")])
    obs: list[dict] = []
    for line, row in rows:
        if not row or row[0].strip() not in RE_CHAPTERS_2026:
            continue
        cells = [c.replace("\xa0", " ").strip() for c in row]
        if len(cells) != len(header):
            failures.append(Failure(path.name, line, None, ",".join(cells[:4]), f"expected {len(header)} fields, got {len(cells)}"))
            continue
        rec = dict(zip(header, cells))
        shift_note = None
        if rec["Is critical mineral 2025"] not in ("Yes", "No") and rec["Notes"] in ("Yes", "No"):
            # this row is shifted one column left in the file: Notes holds the critical-mineral flag
            rec["Other notes"], rec["Is critical mineral 2025"], rec["Notes"] = "", rec["Notes"], ""
            shift_note = "columns Notes..Other notes shifted one left in the file; read as Notes empty"
        chapter = rec["MCS chapter"]
        statistic = _statistic_2026(rec["Statistics"], rec["Statistics_detail"])
        if statistic is None:
            failures.append(Failure(path.name, line, "Statistics", rec["Statistics"], "unknown statistic"))
        unit = RE_CHAPTERS_2026[chapter] if rec["Unit"] == "metric tons" else UNITS_2026.get(rec["Unit"])
        if unit is None:
            failures.append(Failure(path.name, line, "Unit", rec["Unit"], "unknown unit"))
        year_txt, detail = rec["Year"], rec["Statistics_detail"]
        if m := re.fullmatch(r"(\d{4})[–-](\d{2})", year_txt):
            year, detail = int(m.group(1)[:2] + m.group(2)), f"{detail}; period {year_txt}"
        elif year_txt.isdigit():
            year = int(year_txt)
        else:
            failures.append(Failure(path.name, line, "Year", year_txt, "unparseable year"))
            continue
        code = _country(rec["Country"], failures, path.name, line, "Country")
        try:
            value, flags, marker_note = parse_value(rec["Value"])
        except _Bad as exc:
            failures.append(Failure(path.name, line, "Value", rec["Value"], str(exc)))
            continue
        notes = [n.strip() for n in rec["Notes"].split(" -- ") if n.strip()]
        rounded = "rounded" in detail.lower() or any(re.search(r"\brounded to\b", n, re.IGNORECASE) for n in notes)
        obs.append(
            observation(
                source_id="usgs_mcs_2026_data",
                series="MCS",
                edition="MCS 2026",
                version="1.0",
                chapter=chapter,
                table_name=rec["Section"],
                country_as_printed=rec["Country"],
                country_code=code,
                statistic=statistic,
                statistic_as_printed=rec["Statistics"],
                detail=detail + ("" if rec["Commodity"].upper() == chapter.upper() else f" [commodity: {rec['Commodity']}]"),
                unit=unit,
                year=year,
                value=value,
                value_as_printed=rec["Value"],
                is_estimated=any(n.startswith("Estimated.") or n == "Estimated" for n in notes),
                is_reported=any(n.startswith("Reported.") for n in notes),
                is_rounded=rounded,
                note=_join(rec["Notes"], marker_note, shift_note),
                file=path.name,
                locator=f"line {line}",
                **flags,
            )
        )
    return _finish(obs, failures)


_REVISION = re.compile(r"Revised and reposted (\w+ \d{1,2}, \d{4}), as version (\d+\.\d+)")
_VALUE_CHANGE = re.compile(r'the value of (\w+) for ([A-Z][A-Za-z ,()]+?) was changed from "([^"]+)" to "([^"]+)"')
_TOTAL_CHANGE = re.compile(r'the total was revised (?:down|up) from "([^"]+)" to "([^"]+)"')


def mcs2026_version_corrections(history_path: Path, csv_path: Path | None = None, version: str = "1.3") -> list[dict]:
    """The values that revision ``version`` changed in the rare-earth chapters, as observations.

    Parsed from the revision history; each change is matched to the v1.0 CSV row
    that prints the old value (same statistic, country and printed value), so only
    rows of the rare-earth chapters can match. A change that matches no row, or
    whose old value differs, is a failure.
    """
    history_path = Path(history_path)
    csv_path = Path(csv_path) if csv_path else history_path.with_name("MCS2026_Commodities_Data.csv")
    failures: list[Failure] = []
    lines = history_path.read_text(encoding="utf-8").splitlines()
    start = date = None
    for number, text in enumerate(lines, start=1):
        if (m := _REVISION.search(text)) and m.group(2) == version:
            start, date = number, m.group(1)
        elif start and _REVISION.search(text):
            end = number
            break
    else:
        end = len(lines) + 1
    if start is None:
        raise ReaderError([Failure(history_path.name, None, None, version, "no such version in the revision history")])
    base = read_mcs2026(csv_path)
    out: list[dict] = []
    for number in range(start, end):
        text = lines[number - 1]
        changes = []
        last_stat = None
        for m in _VALUE_CHANGE.finditer(text):
            last_stat = m.group(1).lower()
            changes.append((last_stat, m.group(2).strip(), m.group(3), m.group(4)))
        for m in _TOTAL_CHANGE.finditer(text):
            if last_stat is None:
                failures.append(Failure(history_path.name, number, None, m.group(0), "total revised but statistic unknown"))
                continue
            changes.append((last_stat, "World total", m.group(1), m.group(2)))
        for statistic, country, old, new in changes:
            hits = [o for o in base if o["statistic"] == statistic and o["country_as_printed"] == country]
            same = [o for o in hits if o["value_as_printed"] == old]
            if len(same) != 1:
                failures.append(
                    Failure(
                        history_path.name,
                        number,
                        statistic,
                        f"{country}: {old} -> {new}",
                        f"old value matches {len(same)} rare-earth rows of the v1.0 CSV (expected 1)",
                    )
                )
                continue
            try:
                value, flags, marker_note = parse_value(new)
            except _Bad as exc:
                failures.append(Failure(history_path.name, number, statistic, new, str(exc)))
                continue
            markers = ("is_withheld", "is_not_available", "is_zero_marker", "is_lower_bound", "is_net_exporter")
            corrected = dict(same[0])
            corrected.update({f: False for f in markers})
            corrected.update(flags)
            corrected.update(
                version=version,
                value=value,
                value_as_printed=new,
                source_id="usgs_mcs_2026",
                file=history_path.name,
                locator=f"line {number}",
                note=_join(f"v{version} revision ({date}): changed from {old!r} to {new!r}; replaces {same[0]['file']} {same[0]['locator']}", marker_note),
            )
            out.append(corrected)
    if not out and not failures:
        failures.append(Failure(history_path.name, start, None, version, "no value change found in this revision"))
    return _finish(out, failures)


# ---- xlsx: DS 140 and MYB 2022 table 8 ---------------------------------------------------------------------------

DS140_COLUMNS = {
    "Production": ("production_primary", "USA", "t REO"),
    "Imports": ("imports", "USA", "t REO"),
    "Exports": ("exports", "USA", "t REO"),
    "Apparent consumption": ("apparent_consumption", "USA", "t REO"),
    "Unit value ($/t)": ("unit_value_usd_per_t", "USA", "USD/t"),
    "Unit value (98$/t)": ("unit_value_1998_usd_per_t", "USA", "USD(1998)/t"),
    "World production": ("world_production", "XWL", "t REO"),
}


def _printed(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _load_sheet(path: Path, sheet: str):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # openpyxl: print areas it cannot set
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if sheet not in wb.sheetnames:
        raise ReaderError([Failure(path.name, None, None, sheet, f"sheet missing (have {wb.sheetnames})")])
    return wb, wb[sheet]


def read_ds140(path: Path, sheet: str = "Rare earths") -> list[dict]:
    """DS 140 rare earths: every data cell of the year rows (1900-2020)."""
    path = Path(path)
    failures: list[Failure] = []
    wb, ws = _load_sheet(path, sheet)
    obs: list[dict] = []
    columns: dict[int, str] = {}
    codes = {code: _country(name, failures, path.name, None, None) for code, name in (("USA", "United States"), ("XWL", "World total"))}
    for row in ws.iter_rows():
        cells = [c for c in row if c.value is not None and getattr(c, "column", None)]
        if not cells:
            continue
        first = row[0].value
        if first == "Year":
            columns = {c.column: str(c.value).strip() for c in cells[1:]}
            for c in cells[1:]:
                if str(c.value).strip() not in DS140_COLUMNS:
                    failures.append(Failure(path.name, c.row, f"{sheet}!{c.coordinate}", str(c.value), "unknown column"))
            continue
        if not (columns and isinstance(first, int) and 1800 < first < 2100):
            continue
        seen = {c.column for c in cells}
        for col in columns:
            if col not in seen:
                failures.append(Failure(path.name, row[0].row, f"{sheet}!{row[col - 1].coordinate}", None, "empty data cell"))
        for c in cells[1:]:
            where = f"{sheet}!{c.coordinate}"
            if c.column not in columns:
                failures.append(Failure(path.name, c.row, where, _printed(c.value), "value outside the data columns"))
                continue
            try:
                value, flags, marker_note = parse_value(c.value)
            except _Bad as exc:
                failures.append(Failure(path.name, c.row, where, _printed(c.value), str(exc)))
                continue
            statistic, code, unit = DS140_COLUMNS.get(columns[c.column], (None, None, None))
            obs.append(
                observation(
                    source_id="usgs_ds140_2020",
                    series="DS140",
                    edition="DS 140",
                    version="2020",
                    chapter="Rare earths",
                    table_name=f"{sheet}: rare earths statistics",
                    country_as_printed=None,
                    country_code=codes.get(code),
                    statistic=statistic,
                    statistic_as_printed=columns[c.column],
                    detail=None,
                    unit=unit,
                    year=first,
                    value=value,
                    value_as_printed=_printed(c.value),
                    note=marker_note,
                    file=path.name,
                    locator=where,
                    **flags,
                )
            )
    wb.close()
    if not columns:
        failures.append(Failure(path.name, None, None, None, "no header row starting with 'Year'"))
    return _finish(obs, failures)


_LABEL_NOTES = re.compile(r"^(?P<name>.*?)(?P<notes>(?:,?\s*\d+)+)?$")


def _split_label(label: str) -> tuple[str, bool, list[str]]:
    """'Indiae, 4' -> ('India', True, ['4']); a trailing e counts only if the rest is a mapped name."""
    from pipeline.core.countries import lookup

    m = _LABEL_NOTES.match(label.strip())
    name, notes = m.group("name").strip().rstrip(","), re.findall(r"\d+", m.group("notes") or "")
    if lookup(PUBLISHER, name) is None and name.endswith("e") and lookup(PUBLISHER, name[:-1]) is not None:
        return name[:-1], True, notes
    return name, False, notes


def read_myb_table8(path: Path, sheet: str = "T8") -> list[dict]:
    """MYB 2022 advance table 8: world mine production by country, 2018-2022, markers kept."""
    path = Path(path)
    failures: list[Failure] = []
    wb, ws = _load_sheet(path, sheet)
    grid = [list(r) for r in ws.iter_rows()]
    wb.close()
    footnotes: dict[str, str] = {}
    header_at = None
    for i, row in enumerate(grid):
        first = row[0].value if row else None
        if isinstance(first, str) and first.startswith("Country or locality"):
            header_at = i
        elif isinstance(first, str) and (m := re.match(r"^(\d+)(\D.*)$", first)) and header_at is not None:
            footnotes[m.group(1)] = m.group(2).strip()
    if header_at is None:
        raise ReaderError([Failure(path.name, None, None, None, f"{sheet}: no 'Country or locality' header")])
    years = {c.column: c.value for c in grid[header_at] if isinstance(c.value, int)}
    meanings = {"e": "estimated", "r": "revised"}
    obs: list[dict] = []
    for row in grid[header_at + 1 :]:
        label = row[0].value if row else None
        if not isinstance(label, str) or label.startswith("e") and "Estimated" in label:
            break  # legend "eEstimated.  rRevised.  -- Zero." ends the body
        name, label_est, label_notes = _split_label(label)
        code = _country(name, failures, path.name, row[0].row, f"{sheet}!{row[0].coordinate}")
        for c in row[1:]:
            if c.value is None or c.column in years or (c.column - 1) in years:
                continue
            failures.append(Failure(path.name, c.row, f"{sheet}!{c.coordinate}", _printed(c.value), "value outside the data columns"))
        for col, year in years.items():
            cell = row[col - 1]
            marker_cell = row[col] if col < len(row) else None
            where = f"{sheet}!{cell.coordinate}"
            try:
                value, flags, marker_note = parse_value(cell.value)
            except _Bad as exc:
                failures.append(Failure(path.name, cell.row, where, None if cell.value is None else _printed(cell.value), str(exc)))
                continue
            markers = [] if marker_cell is None or marker_cell.value is None else [_printed(marker_cell.value).strip()]
            notes, estimated = [marker_note], label_est
            for mk in label_notes + markers:
                if mk == "e":
                    estimated = True
                elif mk in meanings:
                    notes.append(f"marker {mk}: {meanings[mk]}")
                elif mk in footnotes:
                    notes.append(f"footnote {mk}: {footnotes[mk]}")
                else:
                    failures.append(
                        Failure(path.name, cell.row, f"{sheet}!{marker_cell.coordinate}" if mk in markers else where, mk, "unknown footnote marker")
                    )
            if label_est:
                notes.append("label marker e: all years estimated")
            total_or_us = code in ("XWL", "USA")
            obs.append(
                observation(
                    source_id="usgs_myb_2022",
                    series="MYB",
                    edition="MYB 2022",
                    version="advance release",
                    chapter="Rare earths",
                    table_name="Table 8: world mine production, by country or locality",
                    country_as_printed=label,
                    country_code=code,
                    statistic="mine_production",
                    statistic_as_printed=str(grid[header_at][col - 1].value),
                    detail="rare-earth oxide equivalent",
                    unit="t REO",
                    year=year,
                    value=value,
                    value_as_printed=_printed(cell.value) + (f" {markers[0]}" if markers else ""),
                    is_estimated=estimated,
                    is_reported=not estimated and code != "XWL" and value is not None,
                    is_rounded=value is not None and (estimated or total_or_us),
                    note=_join(*notes),
                    file=path.name,
                    locator=where + (f" (marker {sheet}!{marker_cell.coordinate})" if markers else ""),
                    **flags,
                )
            )
    return _finish(obs, failures)


# ---- dispatch -----------------------------------------------------------------------------------------------------


def read_usgs_file(path: Path) -> list[dict]:
    """Pick the reader from the file name."""
    name = Path(path).name
    if re.fullmatch(r"mcs20\d\d-raree_world\.csv", name):
        return read_mcs_world(path)
    if re.fullmatch(r"mcs20\d\d-raree_salient\.csv", name):
        return read_mcs_salient(path)
    if re.fullmatch(r"MCS20\d\d_Commodities_Data\.csv", name):
        return read_mcs2026(path)
    if name.startswith("ds140-"):
        return read_ds140(path)
    if name.startswith("myb1-2022-raree"):
        return read_myb_table8(path)
    raise ValueError(f"no USGS reader for {name}")
