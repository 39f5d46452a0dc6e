"""One declaration per column, and everything derived from it.

A :class:`Column` carries its type, rules (pandera checks), allowed values with their
labels, what it references, its description, unit, English and Traditional Chinese
labels and its display format. A :class:`Table` lists its columns, key and table rules.
The pandera schema, DuckDB types and comments, the Arrow schema (with field metadata),
the Frictionless fields, the data dictionary, Dagster's column schema and the site's
labels and number formats are all derived from these declarations — nothing else
holds a label, a unit or a rule.

A mart column that carries a raw column through is declared with :func:`carry`, so it
inherits the whole declaration: rules, allowed values, references, labels and format.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandera.pandas as pa
import pyarrow as pa_arrow

# type -> (DuckDB type, Arrow type, Frictionless type, pandas dtype for pandera)
TYPES: dict[str, tuple[str, pa_arrow.DataType, str, object]] = {
    "text": ("VARCHAR", pa_arrow.string(), "string", str),
    "int": ("BIGINT", pa_arrow.int64(), "integer", "Int64"),
    "float": ("DOUBLE", pa_arrow.float64(), "number", "float64"),
    "bool": ("BOOLEAN", pa_arrow.bool_(), "boolean", "boolean"),
    "date": ("DATE", pa_arrow.date32(), "date", pa.Date),
}

# display formats: how the site prints a value of the column
FORMATS = ("text", "code", "integer", "year", "number0", "number1", "number2", "number4", "date", "bool")


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values of a code column, each with an English and a Chinese label."""

    labels: Mapping[str, tuple[str, str]]

    @property
    def codes(self) -> list[str]:
        return list(self.labels)

    def label(self, code: str, lang: str) -> str:
        en, zh = self.labels.get(code, (code, code))
        return zh if lang == "zh" else en


def vocab(**codes: str | tuple[str, str]) -> Vocabulary:
    """``vocab(exact=("exact", "精確值"), ...)``; a bare string is used for both languages."""
    return Vocabulary({k: (v, v) if isinstance(v, str) else v for k, v in codes.items()})


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    label_en: str
    label_zh: str
    unit: str | None = None
    nullable: bool = False
    checks: tuple[pa.Check, ...] = ()
    values: Vocabulary | None = None
    references: str | None = None  # "table.column" in the raw layer
    separator: str | None = None  # a list of references in one cell, e.g. ';'
    format: str = "text"
    lineage: tuple[str, ...] = ()  # "table.column" (raw) or "marts.table.column" this column is computed from
    is_source_ref: bool = False  # holds source ids (resolves in raw.sources)
    description_zh: str | None = None  # the description in Traditional Chinese, for the Chinese pages

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")
        if self.format not in FORMATS:
            raise ValueError(f"column {self.name}: unknown format {self.format!r}")

    @property
    def duckdb_type(self) -> str:
        return TYPES[self.type][0]

    @property
    def arrow_type(self) -> pa_arrow.DataType:
        return TYPES[self.type][1]

    @property
    def frictionless_type(self) -> str:
        return TYPES[self.type][2]

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def describe(self, lang: str) -> str:
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def pandera_checks(self) -> list[pa.Check]:
        checks = list(self.checks)
        if self.values is not None:
            checks.append(pa.Check.isin(self.values.codes))
        return checks

    def with_(self, **changes) -> Column:
        if "description" in changes:  # a new description: the inherited translation no longer fits it
            changes.setdefault("description_zh", None)
        return dataclasses.replace(self, **changes)


def col(name: str, type: str, description: str, en: str, zh: str, **kw) -> Column:
    """Declare a column. Checks may be given as pandera keywords: ge, le, gt, str_matches, str_length."""
    checks = list(kw.pop("checks", ()))
    for key in ("ge", "le", "gt", "lt"):
        if key in kw:
            value = kw.pop(key)
            checks.append({"ge": pa.Check.ge, "le": pa.Check.le, "gt": pa.Check.gt, "lt": pa.Check.lt}[key](value))
    if "str_matches" in kw:
        checks.append(pa.Check.str_matches(kw.pop("str_matches")))
    if "str_length" in kw:
        lo, hi = kw.pop("str_length")
        checks.append(pa.Check.str_length(lo, hi))
    if "format" not in kw:
        kw["format"] = {"text": "text", "int": "integer", "float": "number2", "bool": "bool", "date": "date"}[type]
    return Column(name, type, description, en, zh, checks=tuple(checks), **kw)


@dataclass(frozen=True)
class RowRule:
    """A rule on a whole row: a pandera check over the frame, with the words a curator reads."""

    name: str
    description: str
    fn: Callable

    def pandera_check(self) -> pa.Check:
        return pa.Check(self.fn, name=self.name, description=self.description)


@dataclass(frozen=True)
class Audit:
    """A check on a built table, as SQL that returns the offending rows (none: it passes)."""

    name: str
    description: str
    sql: str
    blocking: bool = True


@dataclass(frozen=True)
class Compact:
    """The short, readable view of a table its page shows first: a query over the marts and, to pivot it,
    which column becomes the columns (e.g. countries × the last years). The query names the row label
    ``name_en`` and ``name_zh`` when it pivots; the renderer only lays the result out."""

    sql: str
    label_en: str
    label_zh: str
    pivot_on: str | None = None  # a column whose last ``keep`` values become columns
    values: str | None = None
    keep: int = 6
    limit: int | None = None


@dataclass(frozen=True)
class ClaimMark:
    """Where a mart shows a raw row the claims ledger checks: the site footnotes that cell
    when the claim disagrees. ``stated_ref`` is ``<raw_table>:<key values joined by ':'>``."""

    raw_table: str
    key_columns: tuple[str, ...]
    column: str
    only_where_present: str | None = None  # mark only rows where this column has a value
    only_report_rows: bool = False  # mark only rows whose source_id is the report under review


@dataclass(frozen=True)
class Table:
    name: str
    layer: str  # "raw" or "marts"
    title_en: str
    title_zh: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    rules: tuple[RowRule, ...] = ()
    audits: tuple[Audit, ...] = ()
    claim_marks: tuple[ClaimMark, ...] = ()
    has_page: bool = True  # the site shows the table on its own page
    compact: Compact | None = None  # the readable view its page opens with (default: the table's readable columns)
    on_front_page: bool = False  # its page's first chart is also shown on the front page
    snapshot: str | None = None  # raw tables read from raw/snapshots/<snapshot>/ by a publisher-format reader, not from raw/<name>.csv
    max_bytes: int = 32 * 1024 * 1024  # the largest input file accepted, judged from its metadata before reading (a limit per kind of input)
    question_en: str | None = None
    question_zh: str | None = None
    description_zh: str | None = None  # the description in Traditional Chinese, for the Chinese pages
    extra: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name}: a column is declared twice")
        missing = [k for k in self.key if k not in names]
        if missing:
            raise ValueError(f"table {self.name}: key columns {missing} are not declared")

    @property
    def input_path(self) -> str:
        """Where the table is read from, relative to raw/: a curated CSV or a snapshot folder."""
        return f"snapshots/{self.snapshot}" if self.snapshot else f"{self.name}.csv"

    @property
    def qualified(self) -> str:
        return f"{self.layer}.{self.name}"

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.qualified} has no column {name!r}")

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def describe(self, lang: str) -> str:
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def source_columns(self) -> list[Column]:
        return [c for c in self.columns if c.is_source_ref]

    def sort_key(self) -> list[str]:
        return list(self.key) or self.column_names()

    # -- derived -------------------------------------------------------------
    def pandera_schema(self) -> pa.DataFrameSchema:
        return pa.DataFrameSchema(
            {
                c.name: pa.Column(
                    TYPES[c.type][3],
                    checks=c.pandera_checks(),
                    nullable=c.nullable,
                    coerce=True,
                    description=c.description,
                    title=c.label_en,
                    metadata={"unit": c.unit, "references": c.references},
                )
                for c in self.columns
            },
            checks=[r.pandera_check() for r in self.rules],
            unique=list(self.key) or None,
            strict=True,
            name=self.qualified,
            title=self.title_en,
            description=self.description,
        )

    def arrow_schema(self) -> pa_arrow.Schema:
        def meta(c: Column) -> dict[str, str]:
            out = {"description": c.description, "label_en": c.label_en, "label_zh": c.label_zh}
            if c.unit:
                out["unit"] = c.unit
            return out

        return pa_arrow.schema([pa_arrow.field(c.name, c.arrow_type, nullable=c.nullable, metadata=meta(c)) for c in self.columns])

    def ddl(self) -> str:
        cols = ", ".join(f'"{c.name}" {c.duckdb_type}' for c in self.columns)
        return f'CREATE TABLE "{self.layer}"."{self.name}" ({cols})'

    def comment_statements(self) -> list[str]:
        out = [f'COMMENT ON TABLE "{self.layer}"."{self.name}" IS {sql_literal(self.description)}']
        for c in self.columns:
            text = c.description + (f" [unit: {c.unit}]" if c.unit else "")
            out.append(f'COMMENT ON COLUMN "{self.layer}"."{self.name}"."{c.name}" IS {sql_literal(text)}')
        return out

    def frictionless_schema(self) -> dict:
        fields = []
        for c in self.columns:
            f: dict[str, object] = {"name": c.name, "title": c.label_en, "type": c.frictionless_type, "description": c.description}
            if c.unit:
                f["unit"] = c.unit
            if c.values is not None:
                f["constraints"] = {"enum": c.values.codes}
            fields.append(f)
        schema: dict[str, object] = {"fields": fields, "missingValues": ["", "nan", "NaN", "None"]}  # frictionless reads Parquet through pandas
        if self.key:
            schema["primaryKey"] = list(self.key)
        return schema


def carry(table: Table, column: str, **changes) -> Column:
    """The column ``table.column`` carried through: the whole declaration, inherited.

    ``changes`` may rename it or relax it (``nullable=True`` after an outer join)."""
    base = table.column(column)
    lineage = (f"{table.name}.{column}",) if table.layer == "raw" else (f"marts.{table.name}.{column}",)
    return base.with_(lineage=lineage, **changes)


def sql_literal(text: str) -> str:
    """A SQL string literal, for the few statements that take no bound parameters (COMMENT, COPY)."""
    return "'" + text.replace("'", "''") + "'"


def dictionary_rows(tables: Sequence[Table]) -> list[dict]:
    rows = []
    for t in tables:
        for position, c in enumerate(t.columns, start=1):
            rows.append(
                {
                    "table_schema": t.layer,
                    "table_name": t.name,
                    "table_title": t.title_en,
                    "table_description": t.description,
                    "column_position": position,
                    "column_name": c.name,
                    "label_en": c.label_en,
                    "label_zh": c.label_zh,
                    "data_type": c.duckdb_type,
                    "description": c.description,
                    "unit": c.unit,
                    "is_nullable": c.nullable,
                    "references": c.references,
                    "allowed_values": ";".join(c.values.codes) if c.values else None,
                }
            )
    return rows


SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
