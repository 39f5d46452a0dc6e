"""Load a clean curated CSV straight into the build database: DuckDB reads, types and checks it.

The rules are the ones declared once in ``pipeline.core.declare`` (types, pandera checks,
allowed values, key, references, table rules). Here they run where the data is:

1. one streaming pass over the bytes (never the whole file in memory) computes the SHA-256,
   checks the UTF-8 and counts the lines; the header is read with Python's csv module;
2. DuckDB reads the file (``read_csv``, every cell as text, the declared header, strict
   quoting) once to check every cell in SQL — the same strict number, date and boolean
   forms as :mod:`pipeline.core.validation`, control and bidirectional characters,
   formula-like text, empty cells in required columns, and the columns' pandera checks
   (``ge``, ``le``, ``gt``, ``lt``, ``isin``, ``str_matches``, ``str_length``) translated to
   SQL from the check objects themselves — and once more to insert the typed rows;
3. the key's uniqueness and the references are checked in SQL on the loaded table, and the
   table rules (pandera checks over a frame) run through pandera on batches of rows read
   back from DuckDB, so memory holds one batch, not the table.

This is the fast path for a file with no problem. Anything it does not recognise as clean —
a broken line, a blank line, a cell that breaks a rule, a check it cannot translate, a
reference to a table that is not loaded — makes it give up (the transaction is rolled back)
and the caller reads the file with :func:`pipeline.core.ingest.read_csv_table` and
:func:`pipeline.core.validation.validate_raw`, which report every failure with file, line,
column, value and rule. So an error message never depends on which path found it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandera.pandas as pa

from pipeline.core.declare import Column, Table, sql_literal
from pipeline.core.ingest import MAX_COLUMNS, judge_file
from pipeline.core.validation import DATE_FORM, FLOAT_FORM, FORBIDDEN_TEXT, FORMULA_START, INT_FORM

_CHUNK = 1 << 22
_RULE_BATCH = 200_000  # rows per batch for the table rules (pandera on a frame)


@dataclass
class FastLoad:
    rows: int
    sha256: str


class NotClean(Exception):
    """The fast path cannot vouch for the file; the exact path must read it."""


def _scan(path: Path, max_bytes: int) -> tuple[str, int, bytes]:
    """SHA-256, number of line breaks and the first chunk; NotClean for bytes the fast path does not handle."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    newlines = 0
    first = b""
    previous_end = b""
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise NotClean("grew beyond its limit")
            digest.update(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                raise NotClean("not UTF-8") from None
            if b"\n\n" in previous_end + chunk:
                raise NotClean("blank line")
            if b"\r" in chunk or b"\x00" in chunk:
                raise NotClean("carriage return or NUL")  # CRLF files and cells with CR: the exact path reads them
            newlines += chunk.count(b"\n")
            previous_end = chunk[-1:]
            if not first:
                first = chunk
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise NotClean("not UTF-8") from None
    if not first:
        raise NotClean("empty")
    lines = newlines + (0 if previous_end.endswith(b"\n") else 1)
    return digest.hexdigest(), lines, first


def _header(first: bytes, table: Table) -> list[str]:
    text = first.decode("utf-8", errors="ignore")
    if text.startswith("\ufeff"):
        text = text[1:]
    line = text.split("\n", 1)[0].rstrip("\r")
    if '"' in line:
        raise NotClean("quoted header")
    header = next(csv.reader(io.StringIO(line)))
    if header != table.column_names() or len(header) > MAX_COLUMNS:
        raise NotClean("header differs from the declaration")  # order too: the exact path names what differs
    return header


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _re2(pattern: re.Pattern[str]) -> str:
    """A Python pattern as an RE2 SQL literal, characters outside printable ASCII written as \\x{...}."""
    text = "".join(ch if 32 <= ord(ch) < 127 else f"\\x{{{ord(ch):04X}}}" for ch in pattern.pattern)
    return sql_literal(text)


def _typed(col: Column, cell: str) -> str:
    duck = col.duckdb_type
    return f"TRY_CAST({cell} AS {duck})"


def _check_sql(check: pa.Check, value: str) -> str:
    """A pandera built-in check as a SQL condition that is true where the check FAILS (NULLs pass: ignore_na)."""
    stats = check.statistics or {}
    name = check.name
    if not check.ignore_na:
        raise NotClean(f"check {name} does not ignore empty cells")

    def lit(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return sql_literal(v)
        raise NotClean(f"check {name}: value {v!r}")

    if name == "greater_than_or_equal_to":
        return f"NOT ({value} >= {lit(stats['min_value'])})"
    if name == "less_than_or_equal_to":
        return f"NOT ({value} <= {lit(stats['max_value'])})"
    if name == "greater_than":
        return f"NOT ({value} > {lit(stats['min_value'])})"
    if name == "less_than":
        return f"NOT ({value} < {lit(stats['max_value'])})"
    if name == "isin":
        allowed = list(stats["allowed_values"])
        return f"NOT ({value} IN ({', '.join(lit(v) for v in allowed)}))" if allowed else "true"
    if name == "str_matches":
        pattern = stats["pattern"]
        pattern = pattern.pattern if isinstance(pattern, re.Pattern) else str(pattern)
        if any(token in pattern for token in ("(?=", "(?!", "(?<", "\\Z", "\\A")):
            raise NotClean("pattern outside RE2")
        return f"NOT regexp_matches({value}, {sql_literal('^(?:' + pattern + ')')})"  # re.match: anchored at the start
    if name == "str_length":
        parts = []
        if stats.get("exact_value") is not None:
            parts.append(f"length({value}) <> {int(stats['exact_value'])}")
        if stats.get("min_value") is not None:
            parts.append(f"length({value}) < {int(stats['min_value'])}")
        if stats.get("max_value") is not None:
            parts.append(f"length({value}) > {int(stats['max_value'])}")
        return " OR ".join(parts) or "false"
    raise NotClean(f"no SQL form for check {name}")


def _cell_failures(col: Column) -> str:
    """SQL true where a cell of ``col`` (text, empty as NULL) breaks a rule the exact path would report."""
    cell = f"NULLIF({_q(col.name)}, '')"
    bad = []
    if not col.nullable:
        bad.append(f"{cell} IS NULL")
    bad.append(f"contains(coalesce({cell}, ''), '\ufffd')")  # the exact path's marker of undecodable bytes
    if col.type == "text":
        bad.append(f"regexp_matches({cell}, {_re2(FORBIDDEN_TEXT)})")
        starts = " OR ".join(f"starts_with({cell}, {sql_literal(s)})" for s in FORMULA_START)
        bad.append(f"(({starts}) AND NOT regexp_full_match({cell}, {_re2(FLOAT_FORM)}))")
        value = cell
    elif col.type == "int":
        bad.append(f"NOT regexp_full_match({cell}, {_re2(INT_FORM)})")
        bad.append(f"{_typed(col, cell)} IS NULL AND {cell} IS NOT NULL")
        value = _typed(col, cell)
    elif col.type == "float":
        bad.append(f"NOT regexp_full_match({cell}, {_re2(FLOAT_FORM)})")
        bad.append(f"NOT isfinite({_typed(col, cell)})")
        value = _typed(col, cell)
    elif col.type == "bool":
        bad.append(f"{cell} NOT IN ('true', 'false')")
        value = _typed(col, cell)
    else:  # date
        bad.append(f"NOT regexp_full_match({cell}, {_re2(DATE_FORM)})")
        bad.append(f"{_typed(col, cell)} IS NULL AND {cell} IS NOT NULL")
        bad.append(f"{cell} < '0001'")  # Python dates start at year 1
        value = _typed(col, cell)
    for check in col.pandera_checks():
        bad.append(_check_sql(check, value))
    return " OR ".join(f"coalesce({b}, false)" for b in bad)


def _read_csv(path: Path, header: list[str]) -> str:
    columns = "{" + ", ".join(f"{sql_literal(c)}: 'VARCHAR'" for c in header) + "}"
    return (
        f"read_csv({sql_literal(str(path))}, header = true, auto_detect = false, columns = {columns}, delim = ',', quote = '\"', "
        "escape = '\"', strict_mode = true, null_padding = false, ignore_errors = false, encoding = 'utf-8', "
        "all_varchar = true, parallel = true)"
    )


def load_clean_csv(con: duckdb.DuckDBPyConnection, table: Table, path: Path, loaded_refs: set[str]) -> FastLoad:
    """Load ``path`` into ``raw.<table>`` if it is clean by every declared rule, inside a transaction;
    raise :class:`NotClean` (nothing changed) otherwise. ``loaded_refs``: raw tables whose content in the
    database is this run's (references to any other table make it give up)."""
    if judge_file(path, path.name, table.max_bytes) is not None:
        raise NotClean("file judged before reading")
    for c in table.columns:
        if c.references and c.references.split(".")[0] not in loaded_refs | {table.name}:
            raise NotClean(f"{c.references} is not loaded")
    digest, lines, first = _scan(path, table.max_bytes)
    header = _header(first, table)
    source = _read_csv(path, header)
    checks = ", ".join(f"count_if({_cell_failures(c)})" for c in table.columns)
    try:
        counts = con.execute(f"SELECT count(*), {checks} FROM {source}").fetchall()[0]
    except duckdb.Error as exc:
        raise NotClean(f"DuckDB could not read it: {exc}") from None
    rows, failures = counts[0], counts[1:]
    if rows != lines - 1 or rows == 0 or any(failures):
        raise NotClean("a cell breaks a rule, or rows and lines differ")
    target = f"{_q(table.layer)}.{_q(table.name)}"
    casts = ", ".join(f"CAST(NULLIF({_q(c.name)}, '') AS {c.duckdb_type})" if c.type != "text" else f"NULLIF({_q(c.name)}, '')" for c in table.columns)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DROP TABLE IF EXISTS {target} CASCADE")
        con.execute(table.ddl())
        con.execute(f"INSERT INTO {target} SELECT {casts} FROM {source}")
        _check_loaded(con, table, target)
        for statement in table.comment_statements():
            con.execute(statement)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return FastLoad(rows, digest)


def _check_loaded(con: duckdb.DuckDBPyConnection, table: Table, target: str, references: bool = True) -> None:
    if table.key:
        key = ", ".join(_q(k) for k in table.key)
        if con.execute(f"SELECT count(*) FROM (SELECT {key} FROM {target} GROUP BY ALL HAVING count(*) > 1)").fetchall()[0][0]:
            raise NotClean("key not unique")
    for c in table.columns:
        if not c.references or not references:
            continue
        ref_table, ref_key = c.references.split(".")
        values = f"unnest(string_split({_q(c.name)}, {sql_literal(c.separator)}))" if c.separator else _q(c.name)
        missing = con.execute(
            f"SELECT count(*) FROM (SELECT {values} AS v FROM {target}) WHERE v IS NOT NULL "
            f"AND v NOT IN (SELECT {_q(ref_key)} FROM raw.{_q(ref_table)} WHERE {_q(ref_key)} IS NOT NULL)"
        ).fetchall()[0][0]
        if missing:
            raise NotClean(f"{c.name} names values missing from {c.references}")
    if table.rules:
        import pandas as pd
        import pyarrow as pa_arrow

        rules = pa.DataFrameSchema(checks=[r.pandera_check() for r in table.rules])
        mapper = {pa_arrow.int64(): pd.Int64Dtype(), pa_arrow.bool_(): pd.BooleanDtype()}.get
        for batch in con.sql(f"SELECT * FROM {target}").to_arrow_reader(_RULE_BATCH):
            frame = batch.to_pandas(types_mapper=mapper)
            try:
                rules.validate(frame, lazy=True)
            except pa.errors.SchemaErrors:
                raise NotClean("a row breaks a table rule") from None


def passes_by_sql(con: duckdb.DuckDBPyConnection, table: Table, references: bool = False) -> bool:
    """Whether a built table (a mart) passes its declared rules, checked where it is: required columns,
    finite numbers and the columns' pandera checks in SQL, the key's uniqueness by GROUP BY, the table
    rules through pandera on batches. False when anything fails or cannot be checked this way — the
    caller then runs pandera on the whole table, which names every failure."""
    target = f"{_q(table.layer)}.{_q(table.name)}"
    try:
        conditions = []
        for c in table.columns:
            value = _q(c.name)
            parts = [f"{value} IS NULL"] if not c.nullable else []
            if c.type == "float":
                parts.append(f"NOT isfinite({value})")
            parts += [_check_sql(check, value) for check in c.pandera_checks()]
            if parts:
                conditions.append(" OR ".join(f"coalesce({p}, false)" for p in parts))
        if conditions:
            counts = con.execute(f"SELECT {', '.join(f'count_if({x})' for x in conditions)} FROM {target}").fetchall()[0]
            if any(counts):
                return False
        _check_loaded(con, table, target, references=references)  # a mart's references are not among its rules
    except (NotClean, duckdb.Error):
        return False
    return True
