"""Releases: Parquet equal to the marts, valid data package, checksums, idempotence, changelog."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import NO_TELEMETRY, ROOT, downstream_of, run_refresh

from pipeline.core.release import LEGACY_DATABASE, PUBLISHED, ReleaseError, check_version, missing_files, verify_chain, verify_checksums

COMMITTED = ROOT / "site" / "releases"


def latest_release(site: Path) -> Path:
    info = json.loads((site / "releases" / "latest.json").read_text(encoding="utf-8"))
    return site / "releases" / info["version"]


def test_every_committed_release_matches_its_checksums():
    releases = [p for p in COMMITTED.iterdir() if p.is_dir()]
    assert releases, "the repository holds at least one published release"
    for release in releases:
        assert verify_checksums(release) == [], release.name


def test_checksum_verification_catches_a_changed_byte(tmp_path, built):
    import shutil

    copy = tmp_path / "rel"
    shutil.copytree(latest_release(built / "site"), copy)
    target = copy / "elements.parquet"
    data = bytearray(target.read_bytes())
    data[100] ^= 0xFF
    target.write_bytes(bytes(data))
    assert verify_checksums(copy) == ["elements.parquet"]


def test_parquet_read_back_equals_the_marts(built):
    release = latest_release(built / "site")
    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    for name in PUBLISHED:
        schema = "raw" if name == "sources" else "marts"
        table = pq.read_table(release / f"{name}.parquet")
        meta = table.schema.metadata
        assert meta[b"version"].decode() == release.name and meta[b"table"].decode() == name
        assert meta[b"description"] and meta[b"source_ids"]
        ordered = [c for c in table.column_names]
        expected = con.sql(f'SELECT {", ".join(ordered)} FROM {schema}."{name}"').to_arrow_table()
        got_arrow = sorted(map(str, table.to_pylist()))
        assert got_arrow == sorted(map(str, expected.to_pylist())), name
        via_duckdb = con.execute("SELECT count(*) FROM read_parquet(?)", [str(release / f"{name}.parquet")]).fetchall()[0][0]
        assert via_duckdb == expected.num_rows


def test_data_package_validates_with_frictionless(built):
    release = latest_release(built / "site")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json"], cwd=release, capture_output=True, text=True, timeout=240
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "country_shares" for f in r["schema"]["fields"]}
    assert fields["share_pct"]["unit"] == "pct" and "Denominator" in fields["world_t_reo"]["description"]
    assert package["licenses"] and package["sources"]


@pytest.mark.parametrize("version", ["../2026.01.01", "2026.01.01/x", "latest", "2026.1.1", ".."])
def test_release_versions_cannot_escape_the_releases_folder(version):
    with pytest.raises(ReleaseError):
        check_version(version)


def test_unchanged_data_publishes_nothing_and_one_changed_fact_publishes_exactly_that(tmp_path, raw_copy):
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"), overrides=NO_TELEMETRY)
    releases = tmp_path / "site" / "releases"
    assert run_refresh(tmp_path, raw_copy, instance, release_date="2030-01-02").success
    assert sorted(p.name for p in releases.iterdir() if not p.name.startswith(".")) == ["2030.01.02", "latest.json"]
    first = {p.name: p.read_bytes() for p in (releases / "2030.01.02").iterdir()}

    assert run_refresh(tmp_path, raw_copy, instance, release_date="2030-01-02").success  # same data: nothing new
    assert sorted(p.name for p in releases.iterdir() if not p.name.startswith(".")) == ["2030.01.02", "latest.json"]

    legislation = raw_copy / "legislation.csv"
    text = legislation.read_text(encoding="utf-8")
    legislation.write_text(
        text.replace("REEShore Act of 2022,", "REEShore Act of 2022 (Restoring Essential Energy and Security Holdings Onshore),"), encoding="utf-8"
    )
    assert run_refresh(tmp_path, raw_copy, instance, release_date="2030-01-02", asset_selection=downstream_of("legislation")).success
    assert sorted(p.name for p in releases.iterdir() if not p.name.startswith(".")) == ["2030.01.02", "2030.01.02.2", "latest.json"]
    assert json.loads((releases / "latest.json").read_text())["version"] == "2030.01.02.2"
    assert verify_chain(releases) == []
    latest_folder = tmp_path / "site" / "latest"  # the stable path follows the latest release
    assert (latest_folder / "legislation.csv").read_bytes() == (releases / "2030.01.02.2" / "legislation.csv").read_bytes()
    log = (releases / "2030.01.02.2" / "CHANGELOG.md").read_text(encoding="utf-8")
    changes = [line for line in log.splitlines() if line.startswith("- ")]
    assert changes == [
        "- changed {'law_id': 'reeshore_act_2022'}: law_name_en: REEShore Act of 2022 → "
        "REEShore Act of 2022 (Restoring Essential Energy and Security Holdings Onshore)"
    ]
    assert "## legislation" in log
    # the earlier release is untouched
    assert {p.name: p.read_bytes() for p in (releases / "2030.01.02").iterdir()} == first
    instance.dispose()


def test_a_release_orphaned_by_a_crash_is_adopted_not_duplicated(tmp_path, raw_copy):
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"), overrides=NO_TELEMETRY)
    releases = tmp_path / "site" / "releases"
    assert run_refresh(tmp_path, raw_copy, instance, release_date="2030-01-01").success
    first = json.loads((releases / "latest.json").read_text())
    legislation = raw_copy / "legislation.csv"
    legislation.write_text(legislation.read_text(encoding="utf-8").replace("Energy Act of 2020,", "Energy Act of 2020 (changed),"), encoding="utf-8")
    changed = downstream_of("legislation")  # what `make build` and the sensor run after this edit
    assert run_refresh(tmp_path, raw_copy, instance, release_date="2030-01-01", asset_selection=changed).success
    # a crash that left the new release without its pointer
    (releases / "latest.json").write_text(json.dumps(first))
    assert run_refresh(tmp_path, raw_copy, instance, release_date="2030-01-01", asset_selection=changed).success
    assert json.loads((releases / "latest.json").read_text())["version"] == "2030.01.01.2"
    assert sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")) == ["2030.01.01", "2030.01.01.2"]
    instance.dispose()


def test_a_release_of_an_older_format_is_followed_by_a_new_one_not_edited(tmp_path, built):
    """The same data with a release missing a file today's releases hold (here the DuckDB 1.x file):
    the next build publishes a new release that has it and leaves the old one as it was."""
    import shutil

    shutil.copytree(built / "site", tmp_path / "site")
    shutil.copytree(built / "warehouse", tmp_path / "warehouse")
    releases = tmp_path / "site" / "releases"
    old = json.loads((releases / "latest.json").read_text())["version"]
    folder = releases / old
    (folder / LEGACY_DATABASE).unlink()  # as published before the file was added: its checksums agree
    sums = folder / "SHA256SUMS"
    sums.write_text("".join(line for line in sums.read_text().splitlines(keepends=True) if not line.endswith(f"  {LEGACY_DATABASE}\n")))
    assert verify_checksums(folder) == [] and missing_files(folder) == [LEGACY_DATABASE]
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert run_refresh(tmp_path, release_date=old[:10].replace(".", "-")).success
    new = json.loads((releases / "latest.json").read_text())["version"]
    assert new == f"{old[:10]}.2"
    assert (releases / new / LEGACY_DATABASE).is_file() and missing_files(releases / new) == []
    assert (releases / new / "FINGERPRINT").read_text() == (folder / "FINGERPRINT").read_text()  # the same data
    assert "No value changed" in (releases / new / "CHANGELOG.md").read_text()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert verify_chain(releases) == []


def test_the_changelog_names_columns_added_and_removed(tmp_path, built):
    """A release whose tables gained or lost columns says which, table by table (the site lists them)."""
    from pipeline.core.release import changelog
    from pipeline.core.site import parse_changelog

    con = duckdb.connect(str(built / "warehouse" / "rare_earths.duckdb"), read_only=True)
    previous = tmp_path / "previous"
    previous.mkdir()
    for name, table in PUBLISHED.items():
        columns = ", ".join(f'"{c}"' for c in table.column_names() if not (name == "claims" and c == "rule_zh"))
        extra = ", 1 AS old_column" if name == "claims" else ""
        con.execute(f"COPY (SELECT {columns}{extra} FROM {table.qualified}) TO '{previous / (name + '.parquet')}' (FORMAT parquet)")
    text = changelog(con, previous, "2030.01.01.2", "2030.01.01")
    con.close()
    section = text.split("## claims\n", 1)[1].split("\n## ", 1)[0]
    assert "- new columns: rule_zh" in section and "- columns removed: old_column" in section
    assert "No value changed" not in text and "## agreements" not in text  # the other tables are as they were
    claims = next(t for t in parse_changelog(text)["tables"] if t["name"] == "claims")
    assert claims["notes"] == ["new columns: rule_zh", "columns removed: old_column"] and not claims["removed"]
