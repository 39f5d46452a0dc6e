"""Table declarations: one pandera model per table, each column declared once.

Validation, DuckDB ``COMMENT ON``, the data dictionary, the Parquet metadata and
``datapackage.json`` are all derived from these models (see ``pipeline.schemas.columns``).
"""

from pipeline.schemas.raw import RAW_TABLES  # noqa: F401
