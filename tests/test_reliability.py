"""Crash and concurrency safety, deterministic builds, offline builds."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT

from pipeline.core.release import LEGACY_DATABASE, verify_checksums

CLI = [sys.executable, "-m", "pipeline", "build"]


def env_for(tmp: Path, raw: Path | None = None, **extra) -> dict[str, str]:
    return {
        **os.environ,
        "RE_RAW_DIR": str(raw or ROOT / "raw"),
        "RE_WAREHOUSE_DIR": str(tmp / "warehouse"),
        "RE_SITE_DIR": str(tmp / "site"),
        "DAGSTER_HOME": str(tmp / "home"),
        "RE_RELEASE_DATE": "2030-01-01",
        **extra,
    }


def build(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(CLI, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")
    }


def assert_outputs_whole(tmp: Path) -> None:
    con = duckdb.connect(str(tmp / "warehouse" / "rare_earths.duckdb"), read_only=True)
    assert con.execute("select count(*) from marts.claims").fetchall()[0][0] > 0
    con.close()
    releases = tmp / "site" / "releases"
    for release in (p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")):
        assert verify_checksums(release) == [], release
    for page in (tmp / "site").glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page


def test_sigkill_at_several_points_leaves_previous_outputs_whole(tmp_path, raw_copy):
    env = env_for(tmp_path, raw_copy)
    assert build(env).returncode == 0
    before = digest_tree(tmp_path / "site") | {"warehouse": hashlib.sha256((tmp_path / "warehouse" / "rare_earths.duckdb").read_bytes()).hexdigest()}
    # change a fact so each killed build would publish something new
    path = raw_copy / "legislation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020,", "Energy Act of 2020 (amended),"), encoding="utf-8")
    for delay in (3.0, 6.0, 9.0, 12.0):
        proc = subprocess.Popen(CLI, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert_outputs_whole(tmp_path)
    result = build(env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert_outputs_whole(tmp_path)
    after = digest_tree(tmp_path / "site")
    for name, digest in before.items():  # the first release is never rewritten
        if name.startswith("releases/2030.01.01/"):
            assert after[name] == digest
    assert "2030.01.01.2" in {p.name for p in (tmp_path / "site" / "releases").iterdir()}


def test_a_reader_keeps_its_snapshot_while_a_build_replaces_the_warehouse(tmp_path, raw_copy):
    env = env_for(tmp_path, raw_copy)
    assert build(env).returncode == 0
    reader = duckdb.connect(str(tmp_path / "warehouse" / "rare_earths.duckdb"), read_only=True)
    old_name = reader.execute("select law_name_en from raw.legislation where law_id = 'energy_act_2020'").fetchall()[0][0]
    path = raw_copy / "legislation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020,", "Energy Act of 2020 (new),"), encoding="utf-8")
    result = build(env)  # the reader holds the file open the whole time
    assert result.returncode == 0, result.stderr[-2000:]
    assert reader.execute("select law_name_en from raw.legislation where law_id = 'energy_act_2020'").fetchall()[0][0] == old_name
    reader.close()
    fresh = duckdb.connect(str(tmp_path / "warehouse" / "rare_earths.duckdb"), read_only=True)
    assert fresh.execute("select law_name_en from raw.legislation where law_id = 'energy_act_2020'").fetchall()[0][0] == "Energy Act of 2020 (new)"
    fresh.close()


@pytest.mark.skipif(sys.platform != "linux", reason="network namespaces are Linux-only")
def test_an_offline_build_makes_no_request_and_matches_a_normal_build_byte_for_byte(tmp_path):
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
        pytest.fail("unshare --net is needed to cut the network (run as root)")
    normal, offline = tmp_path / "normal", tmp_path / "offline"
    result = build(env_for(normal))
    assert result.returncode == 0, result.stderr[-2000:]

    log = tmp_path / "connects.log"
    guard = (
        "import sys, runpy\n"
        f"log = open({str(log)!r}, 'a')\n"
        "def hook(event, args):\n"
        "    if event in ('socket.connect', 'socket.getaddrinfo', 'socket.gethostbyname'):\n"
        "        log.write(f'{event} {args!r}\\n'); log.flush()\n"
        "sys.addaudithook(hook)\n"
        "sys.argv = ['pipeline', 'build']\n"
        "runpy.run_module('pipeline', run_name='__main__')\n"
    )
    result = subprocess.run(["unshare", "--net", sys.executable, "-c", guard], cwd=ROOT, env=env_for(offline), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (log.read_text() if log.exists() else "") == ""
    con = duckdb.connect(str(offline / "warehouse" / "rare_earths.duckdb"), read_only=True)
    loaded = {
        n
        for (n,) in con.execute(
            "select extension_name from duckdb_extensions() where loaded and install_mode not in ('STATICALLY_LINKED', 'BUILT-IN')"
        ).fetchall()
    }
    assert loaded == set()
    con.close()

    # deterministic: the two builds wrote the same bytes, except the DuckDB 1.x file (same rows, not same bytes)
    tree_a, tree_b = reproducible_tree(normal / "site"), reproducible_tree(offline / "site")
    assert any(k.endswith(".parquet") for k in tree_a) and any(k.endswith(".html") for k in tree_a)
    assert any(k.endswith(f"/{LEGACY_DATABASE}") for k in digest_tree(normal / "site"))
    assert tree_a == tree_b
    assert legacy_rows(normal / "site") == legacy_rows(offline / "site")


def reproducible_tree(site: Path) -> dict[str, str]:
    """Every file's hash but the DuckDB 1.x file's; its line left out of SHA256SUMS."""
    tree = {k: v for k, v in digest_tree(site).items() if not k.endswith(f"/{LEGACY_DATABASE}")}
    for sums in site.rglob("SHA256SUMS"):
        kept = "".join(line for line in sums.read_text(encoding="utf-8").splitlines(keepends=True) if not line.endswith(f"  {LEGACY_DATABASE}\n"))
        tree[str(sums.relative_to(site))] = hashlib.sha256(kept.encode()).hexdigest()
    return tree


def legacy_rows(site: Path) -> dict[str, list]:
    """The rows of every table of each release's DuckDB 1.x file, in order."""
    out = {}
    for path in sorted(site.glob(f"releases/*/{LEGACY_DATABASE}")):
        con = duckdb.connect(str(path), read_only=True)
        tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() ORDER BY ALL").fetchall()
        assert tables
        for schema, table in tables:
            out[f"{path.parent.name}/{schema}.{table}"] = con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
        con.close()
    return out
