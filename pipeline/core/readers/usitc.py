"""Read a USITC DataWeb query workbook (.xlsx) cell by cell into one long table.

Workbook layout (found in the two 2026-07-10 downloads in raw/snapshots/usitc/dataweb_2026/;
the reader checks every point below and fails, naming the cell, when one does not hold):

* Sheet "Query Parameters": two columns, label in A and value in B. A1 "Download Date" with
  a datetime in B1; then one header row per query step ("Step 1: Trade Flow and
  Classification System" … "Step 8: Report Layout", value cell absent) followed by that
  step's "label | value" rows. Labels repeat across steps ("Select Type" is in steps 2–7),
  so :func:`read_query_parameters` nests them by step. Values are text, including lists
  ("1993, 1994, …", "Australia, Brazil, …") and "1" for Data Format; B29 is "".
* One data sheet per measure and period: "<Measure>" (full years) and "<Measure> YTD"
  (January–April of each year). Measures: "Customs Value" (imports) or "FAS Value"
  (exports), "First Unit of Quantity", "Second Unit of Quantity". Sheet order differs
  between the two files (exports put First Unit of Quantity first).
* Every data sheet: A1 "<Trade Flow>|Annual + Year-To-Date Data from Jan - Apr";
  A2 "Data Row Count" with the number of data rows in B2; row 3 the header
  "Data Type | Country | HTS Number | Description | Quantity Description | 1993 … 2026"
  (YTD sheets: "1993_Year_to_date" …). Quantity sheets carry a second block of 34 columns
  "1993_Suppressed" … "2026_Suppressed" (YTD: "1993_Year_to_date_Suppressed" …) after
  the 34 year columns (73 columns in all; value sheets have 39).
* Data rows from row 4: A repeats the measure name, B the partner as DataWeb prints it
  ("Myanmar (Burma)", "South Korea", …), C the HTS heading as 4-digit text, D its
  description (upper case, as printed, e.g. "NICKLE, UNWROUGHT"), E the quantity line:
  on quantity sheets the unit ("kilograms", "metric tons", "number", "component kilograms",
  "gold content grams", "no units collected", …), on value sheets "Value for: <unit>".
  One partner × heading can have several rows, one per unit of quantity its HTS-10 lines
  use (2603 in "kilograms" and in "component grams"); the value sheet has one row per such
  line, so the values of one partner × heading add up across its rows.
* Value sheets end with a "Total: " row whose year cells are text with thousands
  separators ("2,497,711,093"); it is the column sum of all rows (all partners, headings
  and units mixed). The reader checks it equals the sum and does not emit it. Quantity
  sheets have no total row.
* Every data cell is a number (no text markers, no empty cells). Zero is printed 0.
  A "_Suppressed" cell is a small count DataWeb gives next to a quantity; where it is not
  0 part or all of that quantity is suppressed (exports of 8505 in "number" in 1993–94:
  quantity 0, value > 0, suppressed 28 …). The workbook does not say what is counted
  (presumably records); the reader keeps it as its own measure with unit "count (for: …)".
* There is no World row and no footnote text; units are only in column E.

How a printed number becomes a row (``is_zero``, ``is_missing``, ``is_withheld`` are never
true together; ``value_as_printed`` always keeps the cell as printed):

* quantity cell whose paired "_Suppressed" cell is > 0: ``is_withheld``; ``value`` is None
  when the quantity is printed 0, else the printed (partial) quantity;
* quantity cell on a "no units collected" line (always printed 0): ``is_missing``;
* full-year cell of a year not over at the download date (2026, printed 0 on every row
  and in the total): ``is_missing``;
* any other 0: ``is_zero`` with value 0.0; any other number: its value.

Measures: customs_value | fas_value | first_unit_quantity | second_unit_quantity |
first_unit_quantity_suppressed | second_unit_quantity_suppressed. Units: on quantity rows
the unit as printed; on value rows "USD (value for: <unit>)"; on suppressed rows
"count (for: <unit>)" — so (source_id, partner, heading, year, period, measure, unit) is a key.

Problems are collected over the whole workbook and raised at once as :class:`ReaderError`.
Each :class:`~pipeline.core.ingest.Failure` has ``file`` the workbook, ``line`` the worksheet row,
``column`` the cell as "Sheet!F12" (None for a whole-sheet problem), ``value`` the cell
value as printed and ``rule`` what is wrong.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pycountry

from pipeline.core.ingest import Failure

ROOT = Path(__file__).resolve().parents[3]
PARTNER_NAMES = ROOT / "raw" / "country_names.csv"  # the rows whose publisher is USITC

COLUMNS = (
    "source_id", "flow", "partner_as_printed", "partner_code", "hts_heading", "heading_description",
    "year", "period", "measure", "unit", "value", "value_as_printed", "is_zero", "is_missing",
    "is_withheld", "file", "sheet", "locator",
)  # fmt: skip
FLOWS = {"Imports For Consumption": "imports_for_consumption", "Domestic Exports": "domestic_exports"}
MEASURES = {
    "Customs Value": "customs_value",
    "FAS Value": "fas_value",
    "First Unit of Quantity": "first_unit_quantity",
    "Second Unit of Quantity": "second_unit_quantity",
}
VALUE_MEASURES = {"customs_value", "fas_value"}
PERIODS = {("Jan", "Apr"): "jan_apr"}
ID_HEADER = ("Data Type", "Country", "HTS Number", "Description", "Quantity Description")
TITLE = re.compile(r"^(?P<flow>[^|]+)\|Annual \+ Year-To-Date Data from (?P<first>\w+) - (?P<last>\w+)$")
YEAR_HEADER = re.compile(r"^(?P<year>\d{4})(?P<ytd>_Year_to_date)?(?P<suppressed>_Suppressed)?$")
VALUE_FOR = "Value for: "
NO_UNITS = "no units collected"
TOTAL = "Total: "


class ReaderError(Exception):
    """A workbook that does not read as documented; ``failures`` lists every problem."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__(f"{len(failures)} problem(s):\n" + "\n".join(str(f) for f in failures))


def _open(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Workbook contains no default style"
        return openpyxl.load_workbook(path, read_only=True, data_only=True)


def _rows(ws):
    ws.reset_dimensions()  # the files declare a 1x1 dimension; read every row that is there
    return ws.iter_rows()


def _printed(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _display_name(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def read_query_parameters(path: Path | str) -> dict:
    """The "Query Parameters" sheet as {label: value} with each step's rows nested under the
    step's title; values as printed (text; the download date as ISO 8601)."""
    path = Path(path)
    name = _display_name(path)
    wb = _open(path)
    try:
        if "Query Parameters" not in wb.sheetnames:
            raise ReaderError([Failure(name, None, None, None, 'workbook has no "Query Parameters" sheet')])
        params: dict = {}
        section = params
        failures = []
        for row in _rows(wb["Query Parameters"]):
            cells = [c for c in row if c.value is not None]
            if not cells:
                continue
            label, value = row[0].value, row[1].value if len(row) > 1 else None
            where = f"Query Parameters!{row[0].coordinate}"
            if len(cells) > 2 or not isinstance(label, str):
                failures.append(Failure(name, row[0].row, where, str([c.value for c in cells]), "expected a label in A and its value in B"))
            elif label.startswith("Step ") and value is None:
                section = params.setdefault(label, {})
            elif label in section:
                failures.append(Failure(name, row[0].row, where, label, "label appears twice in the same step"))
            else:
                section[label] = _printed(value)
        if failures:
            raise ReaderError(failures)
        return params
    finally:
        wb.close()


def _param(params: dict, label: str):
    """The value of ``label`` wherever it is; it must appear exactly once."""
    found = [params[label]] if label in params else []
    found += [s[label] for s in params.values() if isinstance(s, dict) and label in s]
    if len(found) != 1:
        raise KeyError(f"query parameter {label!r} appears {len(found)} times")
    return found[0]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def load_partner_codes(csv_path: Path | str = PARTNER_NAMES) -> dict[str, str]:
    """{name as printed: ISO 3166-1 alpha-3}; every code must exist in pycountry."""
    csv_path = Path(csv_path)
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("publisher", "USITC") == "USITC"]
    failures = []
    for line, row in enumerate(rows, start=2):
        if pycountry.countries.get(alpha_3=row["country_code"] or "") is None:
            failures.append(Failure(csv_path.name, line, "country_code", row["country_code"], "not an ISO 3166-1 alpha-3 code"))
    if failures:
        raise ReaderError(failures)
    return {row["name_as_printed"]: row["country_code"] for row in rows}


@dataclass
class _Query:
    """What a data sheet is checked against, and where its problems go."""

    file: str
    source_id: str
    trade_flow: str
    download: dt.datetime
    years: list[str]
    countries: set[str]
    headings: set[str]
    partners: dict[str, str]
    failures: list[Failure] = field(default_factory=list)

    def fail(self, line: int | None, where: str | None, value, rule: str) -> None:
        self.failures.append(Failure(self.file, line, where, _printed(value), rule))


def read_dataweb(path: Path | str, source_id: str, partner_names: Path | str = PARTNER_NAMES) -> list[dict]:
    """Every data cell of every data sheet as one row with :data:`COLUMNS` (see module doc)."""
    path = Path(path)
    params = read_query_parameters(path)
    try:
        q = _Query(
            file=_display_name(path),
            source_id=source_id,
            trade_flow=_param(params, "Trade Flow"),
            download=dt.datetime.fromisoformat(_param(params, "Download Date")),
            years=_split(_param(params, "Years")),
            countries=set(_split(_param(params, "Country List"))),
            headings=set(_split(_param(params, "Commodity List"))),
            partners=load_partner_codes(partner_names),
        )
        reported = _split(_param(params, "Data To Report"))
    except (KeyError, ValueError, TypeError) as exc:
        raise ReaderError([Failure(_display_name(path), None, "Query Parameters", None, f"query parameters do not read: {exc}")]) from exc
    if q.trade_flow not in FLOWS:
        q.fail(None, "Query Parameters", q.trade_flow, f"unknown trade flow (known: {', '.join(FLOWS)})")
    out: list[dict] = []
    wb = _open(path)
    try:
        expected = {m + suffix for m in reported for suffix in ("", " YTD")}
        for missing in sorted(expected - set(wb.sheetnames)):
            q.fail(None, missing, None, "sheet named by the query's Data To Report is missing")
        for ws in wb.worksheets:
            if ws.title == "Query Parameters":
                continue
            if ws.title.removesuffix(" YTD") not in MEASURES:
                q.fail(None, ws.title, ws.title, f"unknown sheet (known: {', '.join(MEASURES)}, each also with ' YTD')")
                continue
            out += _read_sheet(ws, q)
    finally:
        wb.close()
    if q.failures:
        raise ReaderError(q.failures)
    return out


def _at(sheet: str, cell) -> str:
    return f"{sheet}!{cell.coordinate}"


def _read_sheet(ws, q: _Query) -> list[dict]:
    sheet = ws.title
    ytd = sheet.endswith(" YTD")
    base = sheet.removesuffix(" YTD")
    is_value = MEASURES[base] in VALUE_MEASURES
    rows = list(_rows(ws))
    if len(rows) < 3:
        q.fail(None, sheet, None, "sheet has fewer than 3 rows (title, row count, header)")
        return []

    title = TITLE.match(str(rows[0][0].value or ""))
    period = PERIODS.get((title["first"], title["last"])) if title else None
    if not title or title["flow"] != q.trade_flow or period is None:
        q.fail(1, _at(sheet, rows[0][0]), rows[0][0].value, f"expected '{q.trade_flow}|Annual + Year-To-Date Data from Jan - Apr'")
    row_count = rows[1][1].value if len(rows[1]) > 1 else None
    if rows[1][0].value != "Data Row Count" or not isinstance(row_count, (int, float)):
        q.fail(2, _at(sheet, rows[1][0]), rows[1][0].value, "expected 'Data Row Count' with a number in B2")

    header = rows[2]
    if tuple(c.value for c in header[:5]) != ID_HEADER:
        q.fail(3, _at(sheet, header[0]), [c.value for c in header[:5]], f"expected header {' | '.join(ID_HEADER)}")
        return []
    columns = {}  # column index -> (year, is a "_Suppressed" column)
    for cell in header[5:]:
        m = YEAR_HEADER.match(str(cell.value or ""))
        if not m or bool(m["ytd"]) != ytd or (m["suppressed"] and is_value):
            q.fail(
                3, _at(sheet, cell), cell.value, "year column header does not fit this sheet ('1993', '1993_Year_to_date', '…_Suppressed' on quantity sheets)"
            )
        else:
            columns[cell.column - 1] = (m["year"], bool(m["suppressed"]))
    if sorted({y for y, _ in columns.values()}) != sorted(q.years):
        q.fail(3, _at(sheet, header[0]), None, "the sheet's years differ from the query's Years")

    data = rows[3:]
    total = None
    if data and data[-1][0].value == TOTAL:
        total, data = data[-1], data[:-1]
    elif is_value:
        q.fail(None, sheet, None, "value sheet has no 'Total: ' row")
    if isinstance(row_count, (int, float)) and row_count != len(data):
        q.fail(2, _at(sheet, rows[1][1]), row_count, f"Data Row Count differs from the {len(data)} data rows")

    out: list[dict] = []
    seen: set = set()
    unmapped: set = set()
    for row in data:
        out += _read_row(row, sheet, base, ytd, period, columns, q, seen, unmapped)
    if total is not None:
        _check_total(total, sheet, columns, out, q)
    return out


def _read_row(row, sheet, base, ytd, period, columns, q: _Query, seen: set, unmapped: set) -> list[dict]:
    r = row[0].row
    measure = MEASURES[base]
    is_value = measure in VALUE_MEASURES
    cells = {c.column - 1: c.value for c in row}

    def where(i: int) -> str:
        return f"{sheet}!{openpyxl.utils.get_column_letter(i + 1)}{r}"

    data_type, partner, hts, description, qdesc = (cells.get(i) for i in range(5))
    if data_type != base:
        q.fail(r, where(0), data_type, f"Data Type should be {base!r}")
    code = q.partners.get(partner)
    if code is None and partner not in unmapped:  # once per sheet and name
        unmapped.add(partner)
        q.fail(r, where(1), partner, "partner name is not in raw/country_names.csv (publisher USITC)")
    elif code is not None and partner not in q.countries:
        q.fail(r, where(1), partner, "partner is not in the query's Country List")
    if not (isinstance(hts, str) and re.fullmatch(r"\d{4}", hts)) or hts not in q.headings:
        q.fail(r, where(2), hts, "HTS Number must be 4 digits as text and in the query's Commodity List")
    if not isinstance(description, str) or not description.strip():
        q.fail(r, where(3), description, "Description is empty")
    if not isinstance(qdesc, str) or not qdesc.strip() or (is_value and not qdesc.startswith(VALUE_FOR)):
        q.fail(r, where(4), qdesc, f"Quantity Description must be text{' starting with ' + repr(VALUE_FOR) if is_value else ''}")
        return []
    line_unit = qdesc.removeprefix(VALUE_FOR)
    if (partner, hts, line_unit) in seen:
        q.fail(r, where(1), f"{partner} {hts} {qdesc}", "partner, heading and quantity line appear twice")
    seen.add((partner, hts, line_unit))
    suppressed_col = {year: i for i, (year, suppressed) in columns.items() if suppressed}

    out = []
    for i, (year, suppressed) in columns.items():
        raw = cells.get(i)
        if raw is not None and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
            q.fail(r, where(i), raw, "data cell is not a number (this workbook prints no markers)")
            continue
        if raw is not None and raw < 0:
            q.fail(r, where(i), raw, "negative number")
            continue
        value = None if raw is None else float(raw)
        is_zero, is_missing, is_withheld = value == 0.0, raw is None, False
        if not ytd and int(year) >= q.download.year and value == 0.0:
            is_zero, is_missing, value = False, True, None  # full year not over at the download date
        if suppressed:
            row_measure, unit = f"{measure}_suppressed", f"count (for: {line_unit})"
        elif is_value:
            row_measure, unit = measure, f"USD (value for: {line_unit})"
        else:
            row_measure, unit = measure, line_unit
            count = cells.get(suppressed_col.get(year, -1))
            if qdesc == NO_UNITS and value not in (None, 0.0):
                q.fail(r, where(i), raw, "a 'no units collected' line has a quantity")
            elif qdesc == NO_UNITS:
                is_zero, is_missing, value = False, True, None
            elif isinstance(count, (int, float)) and count > 0:
                is_zero, is_missing, is_withheld = False, False, True
                value = None if value == 0.0 else value  # printed 0: all withheld; else the part not withheld
        out.append(
            {
                "source_id": q.source_id, "flow": FLOWS.get(q.trade_flow), "partner_as_printed": partner, "partner_code": code,
                "hts_heading": hts, "heading_description": description, "year": int(year), "period": period if ytd else "full_year",
                "measure": row_measure, "unit": unit, "value": value, "value_as_printed": _printed(raw),
                "is_zero": is_zero, "is_missing": is_missing, "is_withheld": is_withheld,
                "file": q.file, "sheet": sheet, "locator": where(i),
            }
        )  # fmt: skip
    return out


def _check_total(total, sheet: str, columns: dict, out: list[dict], q: _Query) -> None:
    """The 'Total: ' row must be the column sums of the printed numbers."""
    sums: dict[str, float] = collections.Counter()
    for row in out:
        if row["value_as_printed"] is not None:
            sums[row["locator"].rstrip("0123456789")] += float(row["value_as_printed"])
    for cell in total[5:]:
        if cell.column - 1 not in columns:
            continue
        try:
            printed = float(str(cell.value).replace(",", ""))
        except ValueError:
            q.fail(cell.row, _at(sheet, cell), cell.value, "total is not a number")
            continue
        expected = sums[f"{sheet}!{cell.column_letter}"]
        if printed != expected:
            q.fail(cell.row, _at(sheet, cell), cell.value, f"total differs from the sum of the column ({expected:,.0f})")
