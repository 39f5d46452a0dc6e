"""Run the README's example queries and print their results as Markdown tables.

``python -m pipeline.examples`` prints each example's result; the test suite
checks that the README shows exactly these results for a freshly built warehouse.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb

from pipeline.settings import PROJECT_ROOT, Settings

EXAMPLE = re.compile(r"```sql\n(?P<sql>.*?)```\n\n(?P<table>(?:\|[^\n]*\|\n)+)", re.S)


def markdown_table(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()

    def cell(value: object) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, float):
            return f"{value:,.4f}".rstrip("0").rstrip(".")
        return str(value)

    lines = ["| " + " | ".join(names) + " |", "|" + "|".join("---" for _ in names) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def readme_examples(readme: Path = PROJECT_ROOT / "README.md") -> list[tuple[str, str]]:
    return [(m["sql"], m["table"]) for m in EXAMPLE.finditer(readme.read_text(encoding="utf-8"))]


SQL_BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```\n\n(?P<table>(?:\|[^\n]*\|\n)*)", re.S)


def fill(readme: Path = PROJECT_ROOT / "README.md") -> None:
    """Write each example's result under its query in the README (after a build; the tests then check them)."""
    con = duckdb.connect(str(Settings.from_env().warehouse_file), read_only=True)
    text = readme.read_text(encoding="utf-8")

    def render(m: re.Match) -> str:  # a new example gets its table and the blank line after it
        return "```sql\n" + m["sql"] + "```\n\n" + markdown_table(con, m["sql"]) + ("" if m["table"] else "\n")

    readme.write_text(SQL_BLOCK.sub(render, text), encoding="utf-8")


def main() -> int:
    if sys.argv[1:] == ["--fill"]:
        fill()
        return 0
    con = duckdb.connect(str(Settings.from_env().warehouse_file), read_only=True)
    for sql, _ in readme_examples():
        print("```sql\n" + sql + "```\n\n" + markdown_table(con, sql))
    return 0


if __name__ == "__main__":
    sys.exit(main())
