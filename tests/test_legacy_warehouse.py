"""The legacy warehouse file is opened by a real DuckDB 1.x, in a subprocess, and holds the source's tables.

Each DuckDB 1.x is installed once with ``pip install --target`` under ``.venv/duckdb-<version>/``
(next to, never into, the project's DuckDB 2.0) and put first on the subprocess's PYTHONPATH.
If pip cannot fetch it, the test fails: the promise in the README rests on this check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pytest

from pipeline.core.legacy_warehouse import write_legacy_database

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".venv"
OLDEST, NEWEST = "1.0.0", "1.5.6"  # the oldest and the newest DuckDB 1.x release

SOURCE = """
CREATE SCHEMA raw; CREATE SCHEMA marts; CREATE SCHEMA meta; CREATE SCHEMA staging;
CREATE TABLE raw.sources(source_id VARCHAR NOT NULL, title VARCHAR, published DATE, pages INTEGER, retrieved TIMESTAMP);
INSERT INTO raw.sources VALUES
    ('usgs-2024', 'Mineral Commodity Summaries 2024', DATE '2024-01-31', 212, TIMESTAMP '2024-02-01 08:30:00'),
    ('mofcom-2023', '商务部 海关总署公告2023年第39号 关于对镓、锗相关物项实施出口管制的公告', DATE '2023-07-03', NULL, NULL),
    ('quote''s "id"', NULL, NULL, NULL, NULL);
CREATE TABLE marts.production(country_code VARCHAR, country_name_zh VARCHAR, year BIGINT, tonnes DOUBLE, is_estimate BOOLEAN);
INSERT INTO marts.production VALUES
    ('CN', '中国', 2023, 240000.0, TRUE), ('US', '美國', 2023, 43000.5, FALSE), ('MM', '緬甸', 2023, NULL, NULL),
    ('AU', '澳大利亞', 2022, 0.1, FALSE), (NULL, NULL, NULL, -1.5e-300, NULL);
INSERT INTO marts.production SELECT 'X' || i, '稀土' || i, 1900 + i % 120, i / 7, i % 2 = 0 FROM range(5000) t(i);
COMMENT ON TABLE marts.production IS 'Mine production 礦產量, by country and year';
COMMENT ON COLUMN marts.production.tonnes IS 'Rare-earth oxide equivalent (REO), tonnes; ''t'' in the source';
COMMENT ON COLUMN marts.production.country_name_zh IS '國名';
CREATE TABLE marts.empty(id BIGINT, note VARCHAR);
CREATE TABLE meta.inputs(input VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, rows BIGINT CHECK (rows >= 0));
INSERT INTO meta.inputs VALUES ('raw/usgs.csv', 'ab12', 10), ('raw/海关.csv', 'cd34', 0);
CREATE VIEW staging.v_production AS SELECT * FROM marts.production;
"""

# Run by DuckDB 1.x: what the file holds, as one JSON document on stdout.
READER = r"""
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SET enable_progress_bar = false")
out = {"version": duckdb.__version__, "module": duckdb.__file__, "tables": {}}
tables = con.execute("SELECT schema_name, table_name, comment FROM duckdb_tables() ORDER BY ALL").fetchall()
views = con.execute("SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal").fetchall()
out["views"] = [".".join(v) for v in views]
for schema, table, comment in tables:
    columns = con.execute(
        "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
        [schema, table],
    ).fetchall()
    rows = con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
    out["tables"][f"{schema}.{table}"] = {"comment": comment, "columns": [list(c) for c in columns], "rows": repr(rows)}
print(json.dumps(out, ensure_ascii=False))
"""


def describe(con: duckdb.DuckDBPyConnection) -> dict:
    """The same description as READER, from the DuckDB 2.0 source."""
    tables = {}
    for schema, table, comment in con.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name IN ('raw', 'marts', 'meta') ORDER BY ALL"
    ).fetchall():
        columns = con.execute(
            "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = ? AND table_name = ? ORDER BY column_index",
            [schema, table],
        ).fetchall()
        rows = con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
        tables[f"{schema}.{table}"] = {"comment": comment, "columns": [list(c) for c in columns], "rows": repr(rows)}
    return tables


def duckdb_1x(version: str) -> Path:
    """A folder holding DuckDB ``version``'s Python package, installed once under .venv/ and reused."""
    target = CACHE / f"duckdb-{version}"
    if (target / f"duckdb-{version}.dist-info").is_dir():
        return target
    CACHE.mkdir(exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".duckdb-{version}.tmp-", dir=CACHE))
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-warn-conflicts", "--only-binary=:all:"]
    result = subprocess.run([*command, "--target", str(staged), f"duckdb=={version}"], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        shutil.rmtree(staged, ignore_errors=True)
        pytest.fail(
            f"could not install DuckDB {version} with pip (needed to check that DuckDB 1.x opens the legacy warehouse file; "
            f"nothing was skipped):\n{result.stderr[-2000:]}",
            pytrace=False,
        )
    try:
        os.rename(staged, target)
    except OSError:  # another worker installed it meanwhile
        shutil.rmtree(staged, ignore_errors=True)
    return target


def read_with(version: str, database: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONPATH=str(duckdb_1x(version)), PYTHONNOUSERSITE="1")
    return subprocess.run([sys.executable, "-c", READER, str(database)], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("legacy")
    con = duckdb.connect(str(folder / "build.duckdb"))
    con.execute(SOURCE)
    out = folder / "release" / "rare_earths.duckdb"
    out.parent.mkdir()
    out.write_bytes(b"an older release's file, to be replaced")
    write_legacy_database(con, out)
    expected = describe(con)
    con.close()
    return out, expected


def test_written_atomically_in_the_old_format(written):
    out, expected = written
    assert sorted(p.name for p in out.parent.iterdir()) == ["rare_earths.duckdb"]  # no .wal, no temporary file
    con = duckdb.connect()
    con.execute(f"ATTACH '{out}' AS legacy (READ_ONLY)")
    assert con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'legacy'").fetchone()[0] == "v1.0.0+"
    con.close()
    assert set(expected) == {"raw.sources", "marts.production", "marts.empty", "meta.inputs"}


@pytest.mark.parametrize("version", [OLDEST, NEWEST])
def test_duckdb_1x_reads_every_table(written, version):
    out, expected = written
    result = read_with(version, out)
    assert result.returncode == 0, f"DuckDB {version} could not read {out.name}:\n{result.stderr[-3000:]}"
    seen = json.loads(result.stdout)
    assert seen["version"] == version and seen["version"].startswith("1."), seen["version"]
    assert Path(seen["module"]).is_relative_to(CACHE / f"duckdb-{version}"), seen["module"]
    assert seen["views"] == []
    assert sorted(seen["tables"]) == sorted(expected)
    for name, table in expected.items():
        got = seen["tables"][name]
        assert got["rows"] == table["rows"], name
        assert got["comment"] == table["comment"], name
        # names, types, comments as in the source; NOT NULL kept, PRIMARY KEY dropped (its column stays NOT NULL)
        assert got["columns"] == table["columns"], name
    assert seen["tables"]["marts.production"]["comment"] == "Mine production 礦產量, by country and year"
    assert "中国" in seen["tables"]["marts.production"]["rows"]


def test_the_check_would_catch_a_2_0_file(tmp_path):
    """The same subprocess refuses a file in DuckDB 2.0's own format: it really is DuckDB 1.x reading."""
    native = tmp_path / "native.duckdb"
    con = duckdb.connect(str(native))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    result = read_with(OLDEST, native)
    assert result.returncode != 0
    assert "Trying to read a database file with version number" in result.stderr, result.stderr[-2000:]


def test_a_type_1x_was_not_checked_with_stops_the_write(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE SCHEMA marts; CREATE TABLE marts.t(x TIME_NS)")
    out = tmp_path / "legacy.duckdb"
    with pytest.raises(ValueError, match="TIME_NS"):
        write_legacy_database(con, out)
    assert list(tmp_path.iterdir()) == []


def test_written_from_a_read_only_connection(written, tmp_path):
    out, expected = written
    con = duckdb.connect(str(out.parent.parent / "build.duckdb"), read_only=True)
    again = tmp_path / "again.duckdb"
    write_legacy_database(con, again)
    con.close()
    legacy = duckdb.connect(str(again), read_only=True)
    assert describe(legacy) == expected  # same content, though not the same bytes
    legacy.close()
