"""Derive everything else from a pandera model: column docs, DuckDB and Arrow types.

This is the one place that maps a declared dtype to the warehouse and file types.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandera.pandas as pa
import pyarrow as pa_arrow

# dtype family -> (DuckDB type, Arrow type, frictionless type)
_FAMILIES = {
    "str": ("VARCHAR", pa_arrow.string(), "string"),
    "int": ("BIGINT", pa_arrow.int64(), "integer"),
    "float": ("DOUBLE", pa_arrow.float64(), "number"),
    "bool": ("BOOLEAN", pa_arrow.bool_(), "boolean"),
    "date": ("DATE", pa_arrow.date32(), "date"),
}


def dtype_family(dtype: object) -> str:
    name = str(dtype).lower()
    if name in ("str", "string", "object"):
        return "str"
    if name.startswith("int"):
        return "int"
    if name.startswith("float"):
        return "float"
    if name in ("bool", "boolean"):
        return "bool"
    if name == "date":
        return "date"
    raise ValueError(f"no type mapping for dtype {dtype!r}")


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    family: str
    description: str
    unit: str | None
    nullable: bool
    references: str | None
    separator: str | None
    lineage: tuple[str, ...] = ()

    @property
    def duckdb_type(self) -> str:
        return _FAMILIES[self.family][0]

    @property
    def arrow_type(self) -> pa_arrow.DataType:
        return _FAMILIES[self.family][1]

    @property
    def frictionless_type(self) -> str:
        return _FAMILIES[self.family][2]


def columns_of(model: type[pa.DataFrameModel]) -> list[ColumnDoc]:
    schema = model.to_schema()
    out = []
    for name, col in schema.columns.items():
        meta = col.metadata or {}
        out.append(
            ColumnDoc(
                name=name,
                family=dtype_family(col.dtype),
                description=col.description or "",
                unit=meta.get("unit"),
                nullable=bool(col.nullable),
                references=meta.get("references"),
                separator=meta.get("separator"),
                lineage=tuple(meta.get("lineage") or ()),
            )
        )
    return out


def table_description(model: type[pa.DataFrameModel]) -> str:
    return model.to_schema().description or ""


def table_title(model: type[pa.DataFrameModel]) -> str:
    return model.to_schema().title or model.__name__


def unique_key(model: type[pa.DataFrameModel]) -> list[str]:
    unique = model.to_schema().unique
    return list(unique) if unique else []


def arrow_schema(model: type[pa.DataFrameModel]) -> pa_arrow.Schema:
    return pa_arrow.schema(
        [pa_arrow.field(c.name, c.arrow_type, nullable=c.nullable, metadata={"description": c.description}) for c in columns_of(model)]
    )


def coerce(frame, model: type[pa.DataFrameModel]):
    """Cast a frame to the model's column types without checking its rules.

    Missing values become None (text, dates) or the nullable dtype's NA; the rules
    themselves are checked by the blocking asset checks.
    """
    import pandas as pd

    out = {}
    for col in columns_of(model):
        series = frame[col.name]
        if col.family == "str":
            out[col.name] = series.astype(object).where(series.notna(), None)
        elif col.family == "int":
            out[col.name] = series.astype("Int64")
        elif col.family == "float":
            out[col.name] = pd.to_numeric(series, errors="raise").astype("float64")
        elif col.family == "bool":
            out[col.name] = series.astype("boolean")
        else:
            dates = pd.to_datetime(series).dt.date
            out[col.name] = dates.astype(object).where(series.notna(), None)
    return pd.DataFrame(out, index=range(len(frame)))
