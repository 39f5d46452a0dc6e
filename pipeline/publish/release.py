"""Versioned, immutable Parquet releases under ``site/releases/<version>/``.

A release's identity is its data: the fingerprint is a hash of every published
table's rows (sorted by key, written as canonical CSV), not of the Parquet bytes.
A refresh whose fingerprint equals the latest release's publishes nothing; one
that differs publishes a new CalVer version. A published version is never rewritten.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa

from pipeline import duck
from pipeline.schemas.columns import columns_of, table_description, table_title, unique_key
from pipeline.schemas.marts import MARTS
from pipeline.schemas.raw import RAW_TABLES

VERSION_PATTERN = re.compile(r"^\d{4}\.\d{2}\.\d{2}(\.\d+)?$")
DATASET_NAME = "rare-earths-supply-chain"
DATASET_TITLE = "Rare-earth supply-chain dataset 稀土供應鏈資料集"
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (compilation); each value keeps its source's terms", "path": "https://creativecommons.org/licenses/by/4.0/"}

# published table name -> model; the marts plus the sources
PUBLISHED: dict[str, type[pa.DataFrameModel]] = {**MARTS, "sources": RAW_TABLES["sources"]}


class ReleaseError(Exception):
    """A release cannot be published as asked (bad version, existing version)."""


@dataclass(frozen=True)
class Release:
    version: str
    path: Path
    fingerprint: str
    files: dict[str, int]


def check_version(version: str) -> str:
    if not VERSION_PATTERN.match(version):
        raise ReleaseError(f"release version {version!r} is not CalVer YYYY.MM.DD or YYYY.MM.DD.N")
    return version


def canonical_rows(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> pd.DataFrame:
    key = unique_key(model) or [c.name for c in columns_of(model)]
    return frame.sort_values(key, na_position="first", kind="stable").reset_index(drop=True)


def table_fingerprint(frame: pd.DataFrame, model: type[pa.DataFrameModel]) -> str:
    text = canonical_rows(frame, model).to_csv(index=False, lineterminator="\n", na_rep="", float_format="%.10g")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def release_fingerprint(frames: dict[str, pd.DataFrame]) -> str:
    parts = [f"{name}:{table_fingerprint(frames[name], PUBLISHED[name])}" for name in sorted(PUBLISHED)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def latest(releases_dir: Path) -> dict | None:
    path = releases_dir / "latest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def next_version(releases_dir: Path, day: dt.date) -> str:
    base = day.strftime("%Y.%m.%d")
    taken = {p.name for p in releases_dir.iterdir()} if releases_dir.exists() else set()
    if base not in taken:
        return base
    n = 2
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


def source_ids_of(name: str, frame: pd.DataFrame, all_sources: list[str]) -> list[str]:
    cols = [c for c in frame.columns if c == "source_id" or c.endswith("_source_id") or c == "element_source_ids"]
    if name == "claims" or not cols:
        return all_sources
    ids: set[str] = set()
    for c in cols:
        for value in frame[c].dropna():
            ids.update(str(value).split(";"))
    return sorted(ids)


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path, metadata: dict[str, str]) -> None:
    key = unique_key(PUBLISHED[name]) or [c.name for c in columns_of(PUBLISHED[name])]
    order = ", ".join(f'"{k}" NULLS FIRST' for k in key)
    kv = ", ".join(f"{_sql_literal(k)}: {_sql_literal(v)}" for k, v in metadata.items())
    # COPY takes no bound parameters for its target or options: the path is ours, the metadata quoted.
    con.execute(f'COPY (SELECT * FROM "pub"."{name}" ORDER BY {order}) TO {_sql_literal(str(path))} (FORMAT parquet, KV_METADATA {{{kv}}})')


def _fmt(value: object) -> str:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return "∅"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def changelog(frames: dict[str, pd.DataFrame], previous: Path | None, version: str, previous_version: str | None) -> str:
    lines = [f"# Changes in {version}", ""]
    if previous is None:
        lines += ["First release.", ""]
        return "\n".join(lines)
    lines += [f"Against {previous_version}. Rows are identified by each table's key.", ""]
    total = 0
    for name in sorted(PUBLISHED):
        model = PUBLISHED[name]
        key = unique_key(model)
        new = canonical_rows(frames[name], model)
        old_path = previous / f"{name}.parquet"
        old = pd.read_parquet(old_path) if old_path.exists() else new.iloc[0:0]
        def keyed(f):
            return {tuple(_fmt(v) for v in row[key]): row for _, row in f.iterrows()}
        a, b = keyed(old), keyed(new)
        section = []
        for k in sorted(b.keys() - a.keys()):
            section.append(f"- added {dict(zip(key, k))}")
        for k in sorted(a.keys() - b.keys()):
            section.append(f"- removed {dict(zip(key, k))}")
        for k in sorted(a.keys() & b.keys()):
            changes = [f"{c}: {_fmt(a[k].get(c))} → {_fmt(b[k][c])}" for c in new.columns if c not in key and _fmt(a[k].get(c)) != _fmt(b[k][c])]
            if changes:
                section.append(f"- changed {dict(zip(key, k))}: " + "; ".join(changes))
        if section:
            total += len(section)
            lines += [f"## {name}", ""] + section + [""]
    if total == 0:
        lines += ["No value changed (the schema or metadata did).", ""]
    return "\n".join(lines)


def datapackage(version: str, day: dt.date, frames: dict[str, pd.DataFrame], sources: pd.DataFrame) -> dict:
    all_sources = sorted(sources["source_id"])
    by_id = {r["source_id"]: r for r in sources.to_dict("records")}

    def source_entry(sid: str) -> dict:
        r = by_id[sid]
        entry = {"title": f"{r['title']} — {r['publisher']}", "id": sid}
        if str(r["url_or_identifier"]).startswith("http"):
            entry["path"] = r["url_or_identifier"]
        return entry

    resources = []
    for name, model in PUBLISHED.items():
        fields = []
        for c in columns_of(model):
            field = {"name": c.name, "type": c.frictionless_type, "description": c.description}
            if c.unit:
                field["unit"] = c.unit
            fields.append(field)
        schema = {"fields": fields, "missingValues": ["", "nan", "NaN", "None"]}
        if unique_key(model):
            schema["primaryKey"] = unique_key(model)
        resources.append({
            "name": name, "path": f"{name}.parquet", "format": "parquet", "mediatype": "application/vnd.apache.parquet",
            "title": table_title(model), "description": table_description(model), "schema": schema,
            "sources": [source_entry(s) for s in source_ids_of(name, frames[name], all_sources)],
        })
    return {
        "profile": "data-package", "name": DATASET_NAME, "title": DATASET_TITLE, "version": version,
        "created": day.isoformat() + "T00:00:00Z", "licenses": [LICENCE],
        "sources": [source_entry(s) for s in all_sources], "resources": resources,
    }


def citation(version: str, day: dt.date) -> str:
    return (
        "cff-version: 1.2.0\n"
        'message: "If you use this dataset, please cite it as below."\n'
        "type: dataset\n"
        f'title: "{DATASET_TITLE}"\n'
        f'version: "{version}"\n'
        f"date-released: {day.isoformat()}\n"
        "authors:\n"
        '  - name: "Rare-earth supply-chain dataset contributors"\n'
        "license: CC-BY-4.0\n"
    )


def publish(frames: dict[str, pd.DataFrame], releases_dir: Path, day: dt.date, version: str | None = None) -> Release | None:
    """Publish a release if the data differs from the latest one; return None otherwise.

    Publishing is serialised by a lock file, so two builds running at once cannot
    both claim a version; the second sees the first's release and publishes nothing.
    """
    releases_dir.mkdir(parents=True, exist_ok=True)
    with open(releases_dir / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _publish_locked(frames, releases_dir, day, version)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _publish_locked(frames: dict[str, pd.DataFrame], releases_dir: Path, day: dt.date, version: str | None) -> Release | None:
    fingerprint = release_fingerprint(frames)
    prev = latest(releases_dir)
    if prev and prev["fingerprint"] == fingerprint:
        return None
    orphan = _orphaned_release(releases_dir, prev, fingerprint)
    if orphan is not None:  # a build was stopped after publishing but before updating latest.json
        _point_latest(releases_dir, orphan.name, fingerprint)
        return None
    version = check_version(version or next_version(releases_dir, day))
    final = releases_dir / version
    if final.exists():
        raise ReleaseError(f"release {version} is already published; a published release is never rewritten")
    releases_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=releases_dir))
    try:
        con = duck.connect_memory()
        try:
            duck.load(con, [duck.Table("pub", n, frames[n], PUBLISHED[n]) for n in PUBLISHED])
            all_sources = sorted(frames["sources"]["source_id"])
            for name, model in PUBLISHED.items():
                write_parquet(con, name, tmp / f"{name}.parquet", {
                    "version": version, "table": name, "description": table_description(model),
                    "source_ids": ";".join(source_ids_of(name, frames[name], all_sources)),
                })
        finally:
            con.close()
        (tmp / "datapackage.json").write_text(json.dumps(datapackage(version, day, frames, frames["sources"]), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (tmp / "CITATION.cff").write_text(citation(version, day), encoding="utf-8")
        previous = releases_dir / prev["version"] if prev else None
        (tmp / "CHANGELOG.md").write_text(changelog(frames, previous, version, prev["version"] if prev else None), encoding="utf-8")
        (tmp / "FINGERPRINT").write_text(fingerprint + "\n", encoding="utf-8")
        sums = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(tmp.iterdir()))
        (tmp / "SHA256SUMS").write_text(sums, encoding="utf-8")
        for p in tmp.iterdir():
            with open(p, "rb") as fh:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o755)
        os.rename(tmp, final)  # atomic; fails if the version appeared meanwhile
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _point_latest(releases_dir, version, fingerprint)
    files = {p.name: p.stat().st_size for p in sorted(final.iterdir())}
    return Release(version, final, fingerprint, files)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def _orphaned_release(releases_dir: Path, prev: dict | None, fingerprint: str) -> Path | None:
    """A complete release newer than latest.json that holds exactly this data, if any."""
    for path in sorted(releases_dir.iterdir(), key=lambda p: p.name):
        if not (path.is_dir() and VERSION_PATTERN.match(path.name)) or (prev and _version_key(path.name) <= _version_key(prev["version"])):
            continue
        marker = path / "FINGERPRINT"
        if marker.exists() and marker.read_text(encoding="utf-8").strip() == fingerprint and not verify_checksums(path):
            return path
    return None


def _point_latest(releases_dir: Path, version: str, fingerprint: str) -> None:
    pointer = {"version": version, "fingerprint": fingerprint, "path": f"{version}/"}
    tmp_pointer = releases_dir / ".latest.json.tmp"
    tmp_pointer.write_text(json.dumps(pointer, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp_pointer, releases_dir / "latest.json")


def verify_checksums(release: Path) -> list[str]:
    """Files of a release whose bytes do not match its SHA256SUMS (empty: all match)."""
    bad = []
    listed = set()
    for line in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed.add(name)
        path = release / name
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(name)
    bad += sorted(p.name for p in release.iterdir() if p.name not in listed and p.name != "SHA256SUMS")
    return bad
