"""Validate a raw frame against its pandera model and say exactly what is wrong.

Two passes, so that one wrong cell does not hide the others:

1. each cell is typed by its column's declared type; a cell that cannot be typed
   is a failure and is left empty for the second pass;
2. the model's rules run lazily (pandera ``lazy=True``) on the typed frame, and
   the references to other raw tables are resolved.

Every failure names the file, the CSV line, the column, the value and the rule.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from pandera.errors import SchemaErrors

from pipeline.core.declare import Column, Table
from pipeline.core.ingest import Failure, RawFrame

# strict, ASCII only: no thousands separators, underscores, spaces, other scripts' digits, inf or nan
INT_FORM = re.compile(r"^[+-]?[0-9]+$")
FLOAT_FORM = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
DATE_FORM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# control characters (other than line breaks and tabs inside text) and bidirectional overrides
FORBIDDEN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INT64 = (-(2**63), 2**63 - 1)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ValidationResult:
    typed: pd.DataFrame | None
    failures: list[Failure]

    @property
    def passed(self) -> bool:
        return not self.failures


def _parse(cell: str, family: str) -> object:
    """Type one text cell; raise ValueError with the rule when it cannot be."""
    if family == "text":
        return cell
    if family == "int":
        if not INT_FORM.match(cell):
            raise ValueError("must be a whole number (ASCII digits only: no thousands separators, spaces or underscores)")
        number = int(cell)
        if not _INT64[0] <= number <= _INT64[1]:
            raise ValueError("must be a whole number within 64 bits (±9,223,372,036,854,775,807)")
        return number
    if family == "float":
        if not FLOAT_FORM.match(cell):
            raise ValueError("must be a number (ASCII digits and '.', no thousands separators, spaces, underscores or units)")
        number = float(cell)
        if not math.isfinite(number):
            raise ValueError("must be a finite number")
        return number
    if family == "bool":
        if cell not in ("true", "false"):
            raise ValueError("must be true or false")
        return cell == "true"
    if family == "date":
        if not DATE_FORM.match(cell):
            raise ValueError("must be a valid date written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(cell)
        except ValueError:
            raise ValueError("must be a valid date written YYYY-MM-DD") from None
    raise AssertionError(family)


def _is_number(cell: str) -> bool:
    return bool(FLOAT_FORM.match(cell))


_RULES = {
    "int": "must be a whole number (ASCII digits only: no thousands separators, spaces or underscores)",
    "float": "must be a number (ASCII digits and '.', no thousands separators, spaces, underscores or units)",
    "bool": "must be true or false",
    "date": "must be a valid date written YYYY-MM-DD",
}


def _type_column(cells: pd.Series, family: str) -> tuple[pd.Series, dict[object, str]]:
    """Type a column of non-empty text cells at once (vectorised); the cells that cannot be typed, with the rule."""
    bad: dict[object, str] = {}
    if family == "text":
        return cells, bad
    if family == "bool":
        ok = cells.isin(["true", "false"])
        bad.update(dict.fromkeys(cells.index[~ok], _RULES["bool"]))
        return (cells[ok] == "true").astype(object), bad
    pattern = {"int": INT_FORM, "float": FLOAT_FORM, "date": DATE_FORM}[family].pattern
    ok = cells.str.fullmatch(pattern).fillna(False).astype(bool)
    bad.update(dict.fromkeys(cells.index[~ok], _RULES[family]))
    good = cells[ok]
    if family == "int":
        long = good[good.str.lstrip("+-").str.len() > 18]  # only these can fall outside 64 bits
        for index, cell in long.items():
            if not _INT64[0] <= int(cell) <= _INT64[1]:
                bad[index] = "must be a whole number within 64 bits (±9,223,372,036,854,775,807)"
        good = good.drop(index=[i for i in long.index if i in bad])
        return good.map(int).astype(object), bad
    if family == "float":
        numbers = pd.to_numeric(good, errors="coerce")
        finite = numbers.map(math.isfinite)
        bad.update(dict.fromkeys(numbers.index[~finite], "must be a finite number"))
        return numbers[finite].astype(object), bad
    dates = pd.to_datetime(good, format="%Y-%m-%d", errors="coerce")
    bad.update(dict.fromkeys(dates.index[dates.isna()], _RULES["date"]))
    return dates[dates.notna()].dt.date.astype(object), bad


def _type_cells(raw: RawFrame, columns: list[Column]) -> tuple[pd.DataFrame, list[Failure], set[tuple[int, str]]]:
    """Type every cell as declared, column by column; every cell that cannot be typed is a failure (file, line, column, value, rule)."""
    failures: list[Failure] = []
    bad_cells: set[tuple[int, str]] = set()
    typed = {}
    for col in columns:
        if col.name not in raw.frame.columns:
            continue
        cells = raw.frame[col.name].dropna()
        undecodable = cells.str.contains("\ufffd", regex=False)
        bad_cells.update((line, col.name) for line in cells.index[undecodable])  # already reported as an encoding failure
        cells = cells[~undecodable]
        if col.type == "text":
            forbidden = cells.str.contains(FORBIDDEN_TEXT.pattern, regex=True)
            for line, cell in cells[forbidden].items():
                char = FORBIDDEN_TEXT.search(cell).group()
                failures.append(
                    Failure(
                        raw.file,
                        line,
                        col.name,
                        cell.encode("unicode_escape").decode("ascii")[:80],
                        f"text must not contain control or bidirectional-override characters (found U+{ord(char):04X})",
                    )
                )
                bad_cells.add((line, col.name))
            cells = cells[~forbidden]
            formula = cells.str.startswith(FORMULA_START) & ~cells.str.fullmatch(FLOAT_FORM.pattern).fillna(False).astype(bool)
            for line, cell in cells[formula].items():
                failures.append(Failure(raw.file, line, col.name, cell, "text must not start with =, +, -, @, tab or CR (spreadsheet formula injection)"))
        values, bad = _type_column(cells, col.type)
        for line, rule in bad.items():
            failures.append(Failure(raw.file, line, col.name, cells[line], rule))
            bad_cells.add((line, col.name))
        column = values.reindex(raw.frame.index).astype(object)
        typed[col.name] = column.where(column.notna(), None)
    return pd.DataFrame(typed, index=raw.frame.index), failures, bad_cells


def _rule_text(check: str) -> str:
    if check == "not_nullable":
        return "must not be empty"
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return "key must be unique: another row has the same key"
    return f"rule {check}"


def _schema_failures(raw: RawFrame, table: Table, typed: pd.DataFrame, bad_cells: set[tuple[int, str]]) -> list[Failure]:
    schema = table.pandera_schema()
    missing = [c for c in schema.columns if c not in typed.columns]
    if missing:
        schema = schema.remove_columns(missing)
        schema.checks = []  # table-level rules need every column
        if schema.unique and any(c in missing for c in schema.unique):
            schema.unique = None
    try:
        schema.validate(typed, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    failures = []
    key = list(table.key)
    table_rules = {r.name: r.description for r in table.rules}
    bad_lines = {line for line, _ in bad_cells}
    seen_rows: set[tuple[int, str]] = set()
    for case in cases.itertuples(index=False):
        line = None if pd.isna(case.index) else int(case.index)
        if case.schema_context == "DataFrameSchema" and str(case.check) in table_rules and line is not None:
            # a table rule fails a whole row: report it once, unless a bad cell caused it
            if line not in bad_lines and (line, case.check) not in seen_rows:
                seen_rows.add((line, case.check))
                failures.append(Failure(raw.file, line, None, None, f"row breaks the table rule '{case.check}': {table_rules[case.check]}"))
            continue
        column = None if pd.isna(case.column) or case.column == schema.name else str(case.column)
        check = str(case.check)
        if line is not None and column is not None and (line, column) in bad_cells:
            continue  # the cell's type failure is already reported
        if check.startswith("dtype(") or check.startswith("coerce_dtype("):
            continue  # cannot happen after the first pass; reported there if it did
        value = None if case.failure_case is None or (isinstance(case.failure_case, float) and math.isnan(case.failure_case)) else str(case.failure_case)
        rule = _rule_text(check)
        if check == "multiple_fields_uniqueness" and line is not None:
            column = ",".join(key)
            value = ",".join(str(typed.at[line, k]) for k in key)
            rule = "key must be unique: another row has the same key"
        elif column is None and line is not None:
            rule = f"row breaks the table rule: {check}"
        failures.append(Failure(raw.file, line, column, value, rule))
    return failures


def _reference_failures(raw: RawFrame, typed: pd.DataFrame, columns: list[Column], refs: Mapping[str, set[str]]) -> list[Failure]:
    failures = []
    for col in columns:
        if not col.references or col.name not in typed.columns:
            continue
        table, key = col.references.split(".")
        if col.references not in refs:
            continue
        known = refs[col.references]
        for line, value in typed[col.name].items():
            if value is None:
                continue
            parts = value.split(col.separator) if col.separator else [value]
            for part in parts:
                if part not in known:
                    failures.append(Failure(raw.file, line, col.name, part, f"must match a {key} in raw/{table}.csv"))
    return failures


def _header_failures(raw: RawFrame, columns: list[Column]) -> list[Failure]:
    failures = []
    declared = [c.name for c in columns]
    for name in declared:
        if name not in raw.header:
            failures.append(Failure(raw.file, 1, name, None, "missing column: the table declares it (pipeline/core/raw_tables.py)"))
    for name in raw.header:
        if name not in declared:
            failures.append(Failure(raw.file, 1, name, name, "unexpected column: not declared in pipeline/core/raw_tables.py"))
    return failures


def coerce(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Cast a frame of typed Python values to the declared column types (rules not checked)."""
    out = {}
    for col in table.columns:
        series = frame[col.name]
        if col.type == "text":
            out[col.name] = series.astype(object).where(series.notna(), None)
        elif col.type == "int":
            out[col.name] = series.astype("Int64")
        elif col.type == "float":
            out[col.name] = pd.to_numeric(series, errors="raise").astype("float64")
        elif col.type == "bool":
            out[col.name] = series.astype("boolean")
        else:
            dates = pd.to_datetime(series).dt.date
            out[col.name] = dates.astype(object).where(series.notna(), None)
    return pd.DataFrame(out, index=range(len(frame)))


def validate_raw(raw: RawFrame, table: Table, refs: Mapping[str, set[str]] | None = None) -> ValidationResult:
    """Every failure of a raw file at once; the typed frame when there is none."""
    failures = list(raw.problems)
    if not raw.header:
        return ValidationResult(None, failures)
    if len(set(raw.header)) != len(raw.header):
        return ValidationResult(None, failures)
    columns = list(table.columns)
    failures += _header_failures(raw, columns)
    if raw.frame.empty and not raw.problems:
        failures.append(Failure(raw.file, 2, None, None, "table has no data rows"))
        return ValidationResult(None, failures)

    typed, type_failures, bad_cells = _type_cells(raw, columns)
    failures += type_failures
    failures += _schema_failures(raw, table, typed, bad_cells)
    failures += _reference_failures(raw, typed, columns, refs or {})
    if failures:
        return ValidationResult(None, sorted(set(failures), key=lambda f: (f.line or 0, f.column or "", f.rule, f.value or "")))
    return ValidationResult(coerce(typed.reset_index(drop=True), table), [])


def _where(typed: pd.DataFrame, index: object, default: str) -> tuple[str, int | None]:
    """File and place of a reader's row: its own file and locator when it has them."""
    if index is None or pd.isna(index) or "file" not in typed.columns:
        return default, None
    row = typed.iloc[int(index)]
    return f"{default}/{row['file']} [{row['locator']}]", None


def schema_failures(name: str, table: Table, typed: pd.DataFrame) -> list[Failure]:
    """The declared rules (pandera, lazily) on a reader's typed rows; each failure names the file and cell."""
    try:
        table.pandera_schema().validate(typed, lazy=True)
    except SchemaErrors as exc:
        out = []
        for case in exc.failure_cases.itertuples(index=False):
            file, line = _where(typed, case.index, name)
            column = None if pd.isna(case.column) else str(case.column)
            value = None if case.failure_case is None else str(case.failure_case)
            out.append(Failure(file, line, column, value, _rule_text(str(case.check))))
        return out
    return []


def reference_failures(name: str, table: Table, typed: pd.DataFrame, refs: Mapping[str, set[str]]) -> list[Failure]:
    out = []
    for col in table.columns:
        if not col.references or col.references not in refs:
            continue
        ref_table, key = col.references.split(".")
        known = refs[col.references]
        for index, value in typed[col.name].items():
            if value is not None and not pd.isna(value) and value not in known:
                file, line = _where(typed, index, name)
                out.append(Failure(file, line, col.name, str(value), f"must match a {key} in raw/{ref_table}.csv"))
    return out
