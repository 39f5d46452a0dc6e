"""The README's example queries return exactly the results it prints."""

from __future__ import annotations

import duckdb

from pipeline.examples import markdown_table, readme_examples


def test_readme_examples_run_as_printed(built):
    examples = readme_examples()
    assert len(examples) >= 5
    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    for sql, printed in examples:
        assert markdown_table(con, sql) == printed, sql
