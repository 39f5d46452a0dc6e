"""Versioned, immutable Parquet releases under ``site/releases/<version>/``.

Everything here reads the build database: Parquet is written from it with ``COPY``;
the fingerprint and the changelog are computed in DuckDB (the changelog against the
previous release's Parquet files). A release's identity is its data: the fingerprint
hashes every published table's rows, not the Parquet bytes. A refresh whose
fingerprint equals the latest release's publishes nothing; one that differs publishes
a new CalVer version; a published version is never rewritten.

What is read back from disk (``latest.json``, folder names) is validated as strictly
as raw input before anything relies on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.declare import Table, sql_literal
from pipeline.core.marts import MARTS
from pipeline.core.raw_tables import RAW_TABLES

VERSION_PATTERN = re.compile(r"^\d{4}\.\d{2}\.\d{2}(\.[1-9]\d{0,3})?$")
FINGERPRINT_PATTERN = re.compile(r"^[0-9a-f]{64}$")
DATASET_NAME = "rare-earths-supply-chain"
DATASET_TITLE = "Rare-earth supply-chain dataset 稀土供應鏈資料集"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (compilation); each value keeps its source's terms",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# published table name -> declaration: every mart, and the sources
PUBLISHED: dict[str, Table] = {**MARTS, "sources": RAW_TABLES["sources"]}


class ReleaseError(Exception):
    """A release cannot be published as asked, or one on disk is not what it claims."""


@dataclass(frozen=True)
class StagedRelease:
    version: str
    path: Path  # the staged folder; renamed into place when the whole publication commits
    fingerprint: str
    previous: str | None


def check_version(version: str) -> str:
    if not isinstance(version, str) or not VERSION_PATTERN.match(version):
        raise ReleaseError(f"release version {version!r} is not CalVer YYYY.MM.DD or YYYY.MM.DD.N")
    try:
        dt.date(*map(int, version.split(".")[:3]))
    except ValueError:
        raise ReleaseError(f"release version {version!r} is not a real date") from None
    return version


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in check_version(version).split("."))


def version_day(version: str) -> dt.date:
    return dt.date(*version_key(version)[:3])


def qualified(name: str) -> str:
    return PUBLISHED[name].qualified


def latest(releases_dir: Path) -> dict | None:
    """``latest.json``, validated: a CalVer version naming an existing release folder, a hex fingerprint."""
    path = releases_dir / "latest.json"
    if not path.exists():
        return None
    if path.is_symlink() or not path.is_file() or path.stat().st_size > 4096:
        raise ReleaseError(f"{path} must be a small regular file")
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(info, dict):
        raise ReleaseError(f"{path} must hold an object")
    version = check_version(info.get("version"))
    if not FINGERPRINT_PATTERN.match(str(info.get("fingerprint", ""))):
        raise ReleaseError(f"{path}: fingerprint must be 64 hex digits")
    folder = releases_dir / version
    if folder.is_symlink() or not folder.is_dir():
        raise ReleaseError(f"{path} names release {version}, but {folder} is not a release folder")
    return {"version": version, "fingerprint": info["fingerprint"], "path": f"{version}/"}


def published_versions(releases_dir: Path) -> list[str]:
    if not releases_dir.exists():
        return []
    return sorted((p.name for p in releases_dir.iterdir() if p.is_dir() and not p.is_symlink() and VERSION_PATTERN.match(p.name)), key=version_key)


def next_version(releases_dir: Path, day: dt.date) -> str:
    base = day.strftime("%Y.%m.%d")
    taken = set(published_versions(releases_dir))
    if base not in taken:
        return base
    n = 2
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


def _fingerprint_of(con: duckdb.DuckDBPyConnection, relation: str) -> str:
    """Row count and two sums of per-row MD5s: independent of row order and bytes, streamed in DuckDB."""
    count, lo, hi = con.execute(
        "SELECT count(*), sum(md5_number_lower(j))::VARCHAR, sum(md5_number_upper(j))::VARCHAR "
        f"FROM (SELECT to_json(t)::VARCHAR AS j FROM {relation} t)"
    ).fetchall()[0]
    return f"{count}:{lo}:{hi}"


def fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    parts = [f"{name}:{','.join(PUBLISHED[name].column_names())}:{_fingerprint_of(con, qualified(name))}" for name in sorted(PUBLISHED)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def fingerprint_of_release(con: duckdb.DuckDBPyConnection, release: Path) -> str:
    """The fingerprint recomputed from a release's own Parquet files (the same rows give the same fingerprint)."""
    parts = []
    for name in sorted(PUBLISHED):
        relation = f"read_parquet({sql_literal(str(release / f'{name}.parquet'))})"
        columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
        parts.append(f"{name}:{','.join(columns)}:{_fingerprint_of(con, relation)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def verify_release(con: duckdb.DuckDBPyConnection, release: Path) -> list[str]:
    """What is wrong with a published release: files that do not match SHA256SUMS, or data that does not match FINGERPRINT."""
    bad = verify_checksums(release)
    if bad:
        return [f"{name} does not match SHA256SUMS" for name in bad]
    if any(not (release / f"{name}.parquet").is_file() for name in PUBLISHED):
        return []  # a release of an older schema: its checksums are all that can be checked
    recorded = (release / "FINGERPRINT").read_text(encoding="utf-8").strip() if (release / "FINGERPRINT").is_file() else ""
    actual = fingerprint_of_release(con, release)
    return [] if recorded == actual else [f"FINGERPRINT {recorded[:12]}… does not match the data ({actual[:12]}…)"]


def source_ids(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The sources a published table's rows name (every source, for tables that name none by column)."""
    cols = PUBLISHED[name].source_columns()
    if name == "sources" or not cols:
        return [s for (s,) in con.execute("SELECT source_id FROM raw.sources ORDER BY source_id").fetchall()]
    union = " UNION ".join(f"SELECT unnest(string_split(\"{c.name}\", ';')) AS s FROM {qualified(name)}" for c in cols)
    return [s for (s,) in con.execute(f"SELECT DISTINCT s FROM ({union}) WHERE s IS NOT NULL ORDER BY s").fetchall()]


def write_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path, metadata: dict[str, str]) -> None:
    table = PUBLISHED[name]
    order = ", ".join(f'"{k}" NULLS FIRST' for k in table.sort_key())
    kv = ", ".join(f"{sql_literal(k)}: {sql_literal(v)}" for k, v in metadata.items())
    # COPY takes no bound parameters for its target or options: the path is ours, the metadata quoted.
    con.execute(f"COPY (SELECT * FROM {qualified(name)} ORDER BY {order}) TO {sql_literal(str(path))} (FORMAT parquet, KV_METADATA {{{kv}}})")


def _fmt(value: object) -> str:
    if value is None:
        return "∅"
    if isinstance(value, float):
        return f"{value:.10g}"
    text = str(value)
    # a value can never start a line or a section of the changelog
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def _keyed(key: list[str], values: tuple) -> str:
    return "{" + ", ".join(f"{k!r}: {_fmt(v)!r}" for k, v in zip(key, values)) + "}"


def changelog(con: duckdb.DuckDBPyConnection, previous: Path | None, version: str, previous_version: str | None) -> str:
    lines = [f"# Changes in {version}", ""]
    if previous is None:
        return "\n".join(lines + ["First release.", ""])
    lines += [f"Against {previous_version}. Rows are identified by each table's key.", ""]
    total = 0
    for name in sorted(PUBLISHED):
        table = PUBLISHED[name]
        key = table.sort_key()
        new = qualified(name)
        old_path = previous / f"{name}.parquet"
        if not old_path.exists():
            old = f"(SELECT * FROM {new} LIMIT 0)"
        else:
            old = f"read_parquet({sql_literal(str(old_path))})"
        old_cols = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {old}").fetchall()}
        if not set(key) <= old_cols:
            old = f"(SELECT * FROM {new} LIMIT 0)"
            old_cols = set(table.column_names())
        k = ", ".join(f'"{c}"' for c in key)
        section = []
        for verb, a, b in (("added", new, old), ("removed", old, new)):
            for row in con.execute(f"SELECT {k} FROM {a} EXCEPT SELECT {k} FROM {b} ORDER BY ALL").fetchall():
                section.append(f"- {verb} {_keyed(key, row)}")
        changed: dict[tuple, list[str]] = {}
        for c in table.column_names():
            if c in key or c not in old_cols:
                continue
            nk = ", ".join(f'n."{x}"' for x in key)
            rows = con.execute(
                f'SELECT {nk}, o."{c}", n."{c}" FROM {new} n JOIN {old} o USING ({k}) WHERE o."{c}"::VARCHAR IS DISTINCT FROM n."{c}"::VARCHAR'
            ).fetchall()
            for row in rows:
                old_v, new_v = row[-2], row[-1]
                if _fmt(old_v) != _fmt(new_v):
                    changed.setdefault(tuple(row[:-2]), []).append(f"{c}: {_fmt(old_v)} → {_fmt(new_v)}")
        for keys in sorted(changed, key=lambda t: tuple(_fmt(v) for v in t)):
            section.append(f"- changed {_keyed(key, keys)}: " + "; ".join(changed[keys]))
        if section:
            total += len(section)
            lines += [f"## {name}", ""] + section + [""]
    if total == 0:
        lines += ["No value changed (the schema or metadata did).", ""]
    return "\n".join(lines)


def datapackage(con: duckdb.DuckDBPyConnection, version: str, day: dt.date) -> dict:
    sources = {r[0]: r for r in con.execute("SELECT source_id, title, publisher, url_or_identifier FROM raw.sources").fetchall()}

    def source_entry(sid: str) -> dict:
        _, title, publisher, url = sources[sid]
        entry = {"title": f"{title} — {publisher}", "id": sid}
        if str(url).startswith(("http://", "https://")):
            entry["path"] = url
        return entry

    resources = []
    for name, table in PUBLISHED.items():
        resources.append(
            {
                "name": name,
                "path": f"{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "title": table.title_en,
                "description": table.description,
                "schema": table.frictionless_schema(),
                "sources": [source_entry(s) for s in source_ids(con, name) if s in sources],
            }
        )
    return {
        "profile": "data-package",
        "name": DATASET_NAME,
        "title": DATASET_TITLE,
        "version": version,
        "created": day.isoformat() + "T00:00:00Z",
        "licenses": [LICENCE],
        "sources": [source_entry(s) for s in sorted(sources)],
        "resources": resources,
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


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_release(con: duckdb.DuckDBPyConnection, releases_dir: Path, day: dt.date, fp: str) -> StagedRelease:
    """Write a new release into a staging folder inside ``releases_dir`` (not yet published)."""
    prev = latest(releases_dir)
    if prev is not None and day < version_day(prev["version"]):
        raise ReleaseError(f"release date {day.isoformat()} is earlier than the latest release {prev['version']}; release dates never go backwards")
    version = check_version(next_version(releases_dir, day))
    staged = releases_dir / f".tmp-{version}"
    staged.mkdir(parents=True)
    for name, table in PUBLISHED.items():
        write_parquet(
            con,
            name,
            staged / f"{name}.parquet",
            {
                "version": version,
                "table": name,
                "description": table.description,
                "source_ids": ";".join(source_ids(con, name)),
            },
        )
    (staged / "datapackage.json").write_text(json.dumps(datapackage(con, version, day), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (staged / "CITATION.cff").write_text(citation(version, day), encoding="utf-8")
    previous = releases_dir / prev["version"] if prev else None
    (staged / "CHANGELOG.md").write_text(changelog(con, previous, version, prev["version"] if prev else None), encoding="utf-8")
    (staged / "FINGERPRINT").write_text(fp + "\n", encoding="utf-8")
    if previous is not None:
        (staged / "PREVIOUS").write_text(f"{prev['version']} {sha256_file(previous / 'SHA256SUMS')}\n", encoding="utf-8")
    sums = "".join(f"{sha256_file(p)}  {p.name}\n" for p in sorted(staged.iterdir()))
    (staged / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return StagedRelease(version, staged, fp, prev["version"] if prev else None)


def point_latest(releases_dir: Path, version: str, fp: str) -> str:
    return json.dumps({"version": version, "fingerprint": fp, "path": f"{version}/"}, indent=2) + "\n"


def verify_checksums(release: Path) -> list[str]:
    """Files of a release whose bytes do not match its SHA256SUMS (empty: all match)."""
    bad = []
    listed = set()
    sums = release / "SHA256SUMS"
    if not sums.is_file():
        return ["SHA256SUMS"]
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if "/" in name or name.startswith("."):
            bad.append(name)
            continue
        listed.add(name)
        path = release / name
        if path.is_symlink() or not path.is_file() or sha256_file(path) != digest:
            bad.append(name)
    bad += sorted(p.name for p in release.iterdir() if p.name not in listed and p.name != "SHA256SUMS")
    return bad


def orphaned_release(releases_dir: Path, prev: dict | None, fp: str) -> str | None:
    """A complete release newer than latest.json that holds exactly this data (a crash between the two), if any."""
    for version in published_versions(releases_dir):
        if prev and version_key(version) <= version_key(prev["version"]):
            continue
        marker = releases_dir / version / "FINGERPRINT"
        if marker.is_file() and marker.read_text(encoding="utf-8").strip() == fp and not verify_checksums(releases_dir / version):
            return version
    return None


def verify_chain(releases_dir: Path) -> list[str]:
    """Walk the releases from the first to the latest: each must match its SHA256SUMS and, from the
    first release that records one, name its predecessor and that predecessor's SHA256SUMS hash
    (``PREVIOUS``) — so a missing, edited or re-hashed release breaks the chain."""
    problems = []
    versions = published_versions(releases_dir)
    chained = False
    for i, version in enumerate(versions):
        folder = releases_dir / version
        bad = verify_checksums(folder)
        if bad:
            problems.append(f"{version}: {', '.join(bad)} do not match SHA256SUMS")
        previous_file = folder / "PREVIOUS"
        if not previous_file.is_file():
            if chained:
                problems.append(f"{version}: PREVIOUS is missing after the chain began")
            continue
        chained = True
        named, _, digest = previous_file.read_text(encoding="utf-8").strip().partition(" ")
        expected = versions[i - 1] if i else None
        if named != expected:
            problems.append(f"{version}: PREVIOUS names {named}, but the release before it is {expected}")
        elif sha256_file(releases_dir / named / "SHA256SUMS") != digest:
            problems.append(f"{version}: {named}'s SHA256SUMS changed since {version} was published")
    info = latest(releases_dir) if (releases_dir / "latest.json").exists() else None
    if versions and (info is None or info["version"] != versions[-1]):
        problems.append(f"latest.json names {info and info['version']}, not the newest release {versions[-1]}")
    return problems
