"""The SQL models and their dependencies, read from the SQL itself.

``pipeline/sql/staging/<name>.sql`` defines the view ``staging.<name>``;
``pipeline/sql/marts/<name>.sql`` defines the table ``marts.<name>``; the claims
ledger's queries live in ``pipeline/sql/claims.toml``. What each reads is taken
from its SQL (DuckDB's own parser, ``duckdb.get_table_names``), never listed by
hand; views are resolved to the tables they read.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
CLAIMS_FILE = SQL_DIR / "claims.toml"


@dataclass(frozen=True)
class Model:
    name: str  # qualified: staging.x or marts.x
    path: Path
    sql: str
    reads: frozenset[str]  # qualified names the SQL references

    @property
    def schema(self) -> str:
        return self.name.split(".")[0]

    @property
    def table(self) -> str:
        return self.name.split(".")[1]


def tables_read(sql: str) -> frozenset[str]:
    """Qualified tables and views a statement reads, from DuckDB's parse tree.

    Every model names its inputs with their schema (``raw.x``, ``marts.y``,
    ``staging.z``); an unqualified name is a CTE of the statement itself."""
    tree = json.loads(duckdb.execute("SELECT json_serialize_sql(?::VARCHAR)", [sql]).fetchall()[0][0])
    if tree.get("error"):
        raise ValueError(f"SQL does not parse: {tree.get('error_message')}")
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE" and node.get("schema_name"):
                found.add(f"{node['schema_name']}.{node['table_name']}")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return frozenset(found)


def load_claims(path: Path = CLAIMS_FILE) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["claim"]


@cache
def models() -> dict[str, Model]:
    out: dict[str, Model] = {}
    for schema in ("staging", "marts"):
        for path in sorted((SQL_DIR / schema).glob("*.sql")):
            sql = path.read_text(encoding="utf-8")
            out[f"{schema}.{path.stem}"] = Model(f"{schema}.{path.stem}", path, sql, tables_read(sql))
    claims_reads = frozenset().union(*(tables_read(c["sql"]) for c in load_claims()))
    out["marts.claims"] = Model("marts.claims", CLAIMS_FILE, "", claims_reads)
    return out


def resolved_reads(name: str) -> frozenset[str]:
    """What a model reads, with staging views replaced by what they read."""
    out: set[str] = set()
    for dep in models()[name].reads:
        if dep.startswith("staging."):
            out |= resolved_reads(dep)
        else:
            out.add(dep)
    return frozenset(out)


def mart_dependencies() -> dict[str, frozenset[str]]:
    """marts.<name> -> the raw.* and marts.* tables it reads (through views)."""
    return {m.name: resolved_reads(m.name) for m in models().values() if m.schema == "marts"}


def build_order(names: list[str] | None = None) -> list[str]:
    """Staging views and marts in dependency order (all of them, or ``names`` and the views they need)."""
    graph = {n: {d for d in m.reads if d in models()} for n, m in models().items()}
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str, path: tuple[str, ...] = ()) -> None:
        if node in path:
            raise ValueError(f"the SQL models form a cycle: {' -> '.join(path + (node,))}")
        if node in seen:
            return
        for dep in sorted(graph[node]):
            visit(dep, path + (node,))
        seen.add(node)
        order.append(node)

    for node in sorted(graph):
        visit(node)
    if names is None:
        return order
    wanted = set(names)
    for n in list(wanted):
        wanted |= {d for d in _upstream(n, graph) if d.startswith("staging.")}
    return [n for n in order if n in wanted]


def _upstream(node: str, graph: dict[str, set[str]]) -> set[str]:
    out: set[str] = set()
    for dep in graph[node]:
        out |= {dep} | _upstream(dep, graph)
    return out
