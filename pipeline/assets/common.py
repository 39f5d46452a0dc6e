"""Small helpers shared by the asset modules."""

from __future__ import annotations

import inspect

import dagster as dg
import pandas as pd

from pipeline.schemas.columns import columns_of


def with_params(*names: str):
    """Give a ``**inputs`` function the explicit parameters Dagster reads its inputs from."""

    def decorate(fn):
        p = inspect.Parameter
        fn.__signature__ = inspect.Signature([p("context", p.POSITIONAL_OR_KEYWORD)] + [p(n, p.POSITIONAL_OR_KEYWORD) for n in names])
        return fn

    return decorate


def column_schema(model) -> dg.TableSchema:
    """The Dagster column schema of a table, from its pandera model."""
    return dg.TableSchema(columns=[
        dg.TableColumn(c.name, c.duckdb_type.lower(), description=c.description + (f" [unit: {c.unit}]" if c.unit else ""))
        for c in columns_of(model)
    ])


def table_preview(frame: pd.DataFrame, rows: int = 10) -> dg.MetadataValue:
    """The first rows of a frame as a Dagster table, every cell as text."""
    head = frame.head(rows)

    def text(value: object) -> str:
        return "" if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)) else str(value)

    records = [dg.TableRecord({c: text(v) for c, v in row.items()}) for _, row in head.iterrows()]
    return dg.MetadataValue.table(records, schema=dg.TableSchema(columns=[dg.TableColumn(c, "string") for c in head.columns]))
