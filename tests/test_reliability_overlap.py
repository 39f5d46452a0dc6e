"""Reliability, round two: overlapping builds, crashed processes, damaged releases, all-or-nothing publishing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from conftest import ROOT

from pipeline.core.release import verify_chain

CLI = [sys.executable, "-m", "pipeline", "build"]


def env_for(tmp: Path, raw: Path, **extra) -> dict[str, str]:
    return {
        **os.environ,
        "RE_RAW_DIR": str(raw),
        "RE_WAREHOUSE_DIR": str(tmp / "warehouse"),
        "RE_SITE_DIR": str(tmp / "site"),
        "DAGSTER_HOME": str(tmp / "home"),
        "RE_RELEASE_DATE": "2030-01-01",
        **extra,
    }


def copy_raw(tmp: Path, name: str, edit: tuple[str, str] | None = None) -> Path:
    dest = tmp / name
    shutil.copytree(ROOT / "raw", dest)
    if edit:
        path = dest / "legislation.csv"
        text = path.read_text(encoding="utf-8")
        assert edit[0] in text
        path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    return dest


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")
    }


def outputs_digest(tmp: Path) -> dict[str, str]:
    return {**tree_digest(tmp / "site"), "warehouse": hashlib.sha256((tmp / "warehouse" / "rare_earths.duckdb").read_bytes()).hexdigest()}


def law_names(release: Path) -> set[str]:
    con = duckdb.connect()
    try:
        return {r[0] for r in con.execute("select law_name_en from read_parquet(?)", [str(release / "legislation.parquet")]).fetchall()}
    finally:
        con.close()


def test_three_overlapping_builds_never_mix_and_the_invalid_one_contributes_nothing(tmp_path):
    a = copy_raw(tmp_path, "raw_a", ("Energy Act of 2020,", "Energy Act of 2020 (edit A),"))
    b = copy_raw(tmp_path, "raw_b", ("Energy Act of 2020,", "Energy Act of 2020 (edit B),"))
    c = copy_raw(tmp_path, "raw_c", ("Energy Act of 2020,", "Energy Act of 2020 (edit C),"))
    bad = c / "legislation.csv"  # C's edit comes with a row that fails its check
    bad.write_text(bad.read_text(encoding="utf-8").replace(",seed_report,美國立法政策 table\n", ",not_a_source,美國立法政策 table\n", 1), encoding="utf-8")
    procs = {
        name: subprocess.Popen(CLI, cwd=ROOT, env=env_for(tmp_path, raw), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, raw in (("a", a), ("b", b), ("c", c))
    }
    out = {name: (p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for name, p in procs.items()}
    assert out["a"][0] == 0 and out["b"][0] == 0, out
    assert out["c"][0] == 1 and "not_a_source" in out["c"][2] and "nothing was published" in out["c"][2]
    releases = tmp_path / "site" / "releases"
    versions = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert len(versions) == 2
    for version in versions:  # each release is exactly one build's data
        names = law_names(releases / version)
        assert sum(n in names for n in ("Energy Act of 2020 (edit A)", "Energy Act of 2020 (edit B)")) == 1
        assert "Energy Act of 2020 (edit C)" not in names
    latest = json.loads((releases / "latest.json").read_text())["version"]
    con = duckdb.connect(str(tmp_path / "warehouse" / "rare_earths.duckdb"), read_only=True)
    warehouse_names = {r[0] for r in con.execute("select law_name_en from marts.legislation").fetchall()}
    assert con.execute("select count(*) from raw.legislation where source_id = 'not_a_source'").fetchall() == [(0,)]
    con.close()
    assert warehouse_names == law_names(releases / latest)  # the warehouse is the latest release's build
    assert latest in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert verify_chain(releases) == []
    assert not list((tmp_path / "warehouse").glob(".build-*"))


def test_a_stale_wal_never_makes_the_published_warehouse_unreadable(tmp_path):
    raw = copy_raw(tmp_path, "raw")
    env = env_for(tmp_path, raw)
    assert subprocess.run(CLI, cwd=ROOT, env=env, capture_output=True, timeout=300).returncode == 0
    warehouse = tmp_path / "warehouse" / "rare_earths.duckdb"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import duckdb, sys, time\n"
                f"con = duckdb.connect({str(warehouse)!r})\n"
                "con.execute('create table main.scratch as select * from range(100000)')\n"
                "print('written', flush=True)\n"
                "time.sleep(60)\n"
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout.readline().strip() == "written"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert Path(f"{warehouse}.wal").exists()  # what a killed reader-writer leaves behind
    path = raw / "legislation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020,", "Energy Act of 2020 (after the crash),"), encoding="utf-8")
    result = subprocess.run(CLI, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select law_name_en from marts.legislation where law_id = 'energy_act_2020'").fetchall() == [("Energy Act of 2020 (after the crash)",)]
    con.close()


def test_a_killed_command_line_run_is_marked_failed_and_does_not_stall_the_queue(tmp_path):
    raw = copy_raw(tmp_path, "raw")
    env = env_for(tmp_path, raw)
    proc = subprocess.Popen(CLI, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    home = tmp_path / "home"
    deadline = time.monotonic() + 120
    killed = None
    while killed is None and time.monotonic() < deadline:
        time.sleep(0.5)
        if (home / "dagster.yaml").exists():
            instance = dg.DagsterInstance.from_config(str(home))
            runs = instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED]))
            killed = runs[0].run_id if runs else None
            instance.dispose()
    assert killed, "the build never started"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    result = subprocess.run(CLI, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"marked run {killed} failed" in result.stderr
    instance = dg.DagsterInstance.from_config(str(home))
    assert instance.get_run_by_id(killed).status == dg.DagsterRunStatus.FAILURE
    assert instance.get_runs(filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])) == []
    instance.dispose()


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("published")
    raw = copy_raw(tmp, "raw")
    assert subprocess.run(CLI, cwd=ROOT, env=env_for(tmp, raw), capture_output=True, timeout=300).returncode == 0
    return tmp


def fresh_copy(published: Path, tmp_path: Path) -> Path:
    shutil.copytree(published, tmp_path / "out", symlinks=True)
    return tmp_path / "out"


def edited_raw(out: Path) -> Path:
    path = out / "raw" / "legislation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020,", "Energy Act of 2020 (v2),"), encoding="utf-8")
    return out / "raw"


@pytest.mark.parametrize(
    "date,code,message",
    [
        ("2030-02-30", 2, "is not a real date"),
        ("30/01/2030", 2, "must be written YYYY-MM-DD"),
        ("2029-12-31", 1, "release dates never go backwards"),
    ],
)
def test_an_invalid_or_earlier_release_date_changes_nothing(published, tmp_path, date, code, message):
    out = fresh_copy(published, tmp_path)
    before = outputs_digest(out)
    result = subprocess.run(CLI, cwd=ROOT, env=env_for(out, edited_raw(out), RE_RELEASE_DATE=date), capture_output=True, text=True, timeout=300)
    assert result.returncode == code and message in result.stderr, result.stderr[-2000:]
    assert outputs_digest(out) == before


def test_a_full_disk_under_the_site_folder_changes_nothing(published, tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200m", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        pytest.fail("mounting a small tmpfs needs root (CI runs as root)")
    try:
        out = fresh_copy(published, tmp_path)
        shutil.copytree(out / "site", mount / "site")
        env = env_for(out, edited_raw(out), RE_SITE_DIR=str(mount / "site"))
        filler = mount / "filler"
        free = shutil.disk_usage(mount).free
        with open(filler, "wb") as fh:  # leave about 200 KiB: too little for the new release
            fh.write(b"\0" * max(free - 200 * 1024, 0))
        before = {**tree_digest(mount / "site"), "warehouse": hashlib.sha256((out / "warehouse" / "rare_earths.duckdb").read_bytes()).hexdigest()}
        result = subprocess.run(CLI, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 1 and "nothing was published" in result.stderr, result.stderr[-2000:]
        after = {**tree_digest(mount / "site"), "warehouse": hashlib.sha256((out / "warehouse" / "rare_earths.duckdb").read_bytes()).hexdigest()}
        assert after == before
        assert not [p for p in mount.iterdir() if p.name.startswith(".site.tmp-")]
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_latest_json_that_points_outside_the_releases_is_rejected(published, tmp_path):
    out = fresh_copy(published, tmp_path)
    pointer = out / "site" / "releases" / "latest.json"
    info = json.loads(pointer.read_text())
    info["version"] = "../../etc"
    pointer.write_text(json.dumps(info))
    before = outputs_digest(out)
    result = subprocess.run(CLI, cwd=ROOT, env=env_for(out, edited_raw(out)), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "is not CalVer" in result.stderr
    assert outputs_digest(out) == before


def test_a_release_edited_together_with_its_checksums_is_caught(published, tmp_path):
    out = fresh_copy(published, tmp_path)
    releases = out / "site" / "releases"
    version = json.loads((releases / "latest.json").read_text())["version"]
    release = releases / version
    con = duckdb.connect()
    con.execute(
        "copy (select * replace (law_name_en || ' (tampered)' as law_name_en) from read_parquet(?)) to ? (format parquet)",
        [str(release / "legislation.parquet"), str(tmp_path / "x.parquet")],
    )
    con.close()
    os.replace(tmp_path / "x.parquet", release / "legislation.parquet")
    sums = (release / "SHA256SUMS").read_text().splitlines()
    digest = hashlib.sha256((release / "legislation.parquet").read_bytes()).hexdigest()
    (release / "SHA256SUMS").write_text("".join((f"{digest}  legislation.parquet" if line.endswith("  legislation.parquet") else line) + "\n" for line in sums))
    before = outputs_digest(out)
    result = subprocess.run(CLI, cwd=ROOT, env=env_for(out, edited_raw(out)), capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "FINGERPRINT" in result.stderr and "does not match the data" in result.stderr
    assert outputs_digest(out) == before


def test_the_release_chain_is_walked_from_the_first_release_to_the_latest(published, tmp_path):
    assert verify_chain(ROOT / "site" / "releases") == []  # the committed releases
    out = fresh_copy(published, tmp_path)
    releases = out / "site" / "releases"
    for i in (2, 3):
        path = out / "raw" / "legislation.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020", f"Energy Act of 2020 ({i})", 1), encoding="utf-8")
        assert subprocess.run(CLI, cwd=ROOT, env=env_for(out, out / "raw"), capture_output=True, timeout=300).returncode == 0
    assert [p.name for p in sorted(releases.iterdir()) if p.is_dir()] == ["2030.01.01", "2030.01.01.2", "2030.01.01.3"]
    assert verify_chain(releases) == []

    middle = releases / "2030.01.01.2"
    rehashed = tmp_path / "rehashed"
    shutil.copytree(releases, rehashed)
    (rehashed / "2030.01.01.2" / "CITATION.cff").write_text("tampered\n")
    sums = rehashed / "2030.01.01.2" / "SHA256SUMS"
    digest = hashlib.sha256(b"tampered\n").hexdigest()
    sums.write_text("".join((f"{digest}  CITATION.cff" if line.endswith("  CITATION.cff") else line) + "\n" for line in sums.read_text().splitlines()))
    assert any("2030.01.01.2's SHA256SUMS changed" in p for p in verify_chain(rehashed))

    missing = tmp_path / "missing"
    shutil.copytree(releases, missing)
    shutil.rmtree(missing / middle.name)
    assert any("PREVIOUS names 2030.01.01.2" in p for p in verify_chain(missing))

    edited = tmp_path / "edited"
    shutil.copytree(releases, edited)
    (edited / "2030.01.01" / "CHANGELOG.md").write_text("edited\n")
    assert any("2030.01.01: CHANGELOG.md" in p for p in verify_chain(edited))
