"""What a build's outputs were made from, and whether anything changed since.

The warehouse records, in ``meta.inputs``, the SHA-256 of every input it was built from (each
curated CSV, each snapshot folder), the code version (a hash of the pipeline's own files and
``pyproject.toml``) and the release it was published as. A build whose inputs, code and published
release all match finishes without recomputing; one changed input rebuilds only what reads it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import duckdb

from pipeline.settings import PROJECT_ROOT, Settings

CODE_SUFFIXES = (".py", ".sql", ".toml", ".html", ".yaml")
RAW_FOLDERS = ("documents", "snapshots")  # the folders raw/ may hold besides the curated CSVs (documents: read by tests, not builds)


def code_files() -> list[Path]:
    """What the code version hashes: the pipeline's own files, ``pyproject.toml``, and README.md and
    the methodology translation (the methodology pages render them)."""
    files = sorted(p for p in (PROJECT_ROOT / "pipeline").rglob("*") if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts)
    extra = [PROJECT_ROOT / "pyproject.toml", PROJECT_ROOT / "README.md", PROJECT_ROOT / "docs" / "methodology.zh-Hant.md"]
    return files + [p for p in extra if p.is_file()]


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(f"{path.relative_to(PROJECT_ROOT)}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def file_sha256(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tree_sha256(root: Path) -> str | None:
    """One hash of a snapshot folder: every regular file's path and SHA-256 (symlinks are never followed)."""
    if root.is_symlink() or not root.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        digest.update(f"{path.relative_to(root).as_posix()}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()


def input_hash(raw_dir: Path, key: str) -> str | None:
    """Hash of a recorded input: ``raw/<name>.csv`` or ``raw/snapshots/<publisher>``."""
    path = raw_dir / key.removeprefix("raw/")
    return tree_sha256(path) if key.startswith("raw/snapshots/") else file_sha256(path)


def recorded(settings: Settings) -> dict[str, tuple[str, str]]:
    """meta.inputs of the published warehouse: {input: (file, sha256)}; {} if there is none or it cannot be read."""
    if not settings.warehouse_file.is_file():
        return {}
    try:
        con = duckdb.connect(str(settings.warehouse_file), read_only=True, config={"autoload_known_extensions": False, "autoinstall_known_extensions": False})
    except duckdb.Error:
        return {}
    try:
        return {k: (f, h) for k, f, h in con.execute("SELECT input, file, sha256 FROM meta.inputs").fetchall()}
    except duckdb.Error:
        return {}
    finally:
        con.close()


def _published_state(settings: Settings) -> tuple[dict[str, tuple[str, str]], set[str]] | None:
    """(meta.inputs of the published warehouse, the raw inputs whose hash differs from it), or None when
    the published outputs cannot be trusted as a base: no warehouse, other code, or a release or site
    that does not match what the warehouse records."""
    import json

    rec = recorded(settings)
    if not rec or rec.get("code", ("", ""))[1] != code_version() or "published" not in rec:
        return None
    version, fingerprint = rec["published"]
    try:
        latest = json.loads((settings.releases_dir / "latest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(latest, dict)
        or latest.get("version") != version
        or latest.get("fingerprint") != fingerprint
        or not (settings.site_dir / "index.html").is_file()
    ):
        return None
    inputs = {k for k in rec if k.startswith("raw/")}
    on_disk = {f"raw/{p.name}" for p in settings.raw_dir.iterdir() if p.name not in RAW_FOLDERS} if settings.raw_dir.is_dir() else set()
    on_disk |= {f"raw/snapshots/{p.name}" for p in (settings.raw_dir / "snapshots").glob("*")}
    changed = {k for k in inputs if input_hash(settings.raw_dir, k) != rec[k][1]} | (on_disk - inputs)
    return rec, changed


def nothing_changed(settings: Settings) -> str | None:
    """A sentence saying nothing changed since the published build, or None if anything did (or cannot be told)."""
    state = _published_state(settings)
    if state is None or state[1]:
        return None
    version = state[0]["published"][0]
    return f"nothing changed since release {version}: inputs, code and published outputs match; the warehouse, releases and site are unchanged"


# what the snapshot readers read besides their folder: the curated name mapping and the country list
# (pipeline/core/countries.py, readers/usitc.py)
SNAPSHOT_READS = frozenset({"country_names", "countries"})


def with_dependents(tables: list[str]) -> list[str]:
    """The changed raw tables and every raw table whose checks read them — its declared references
    (a row deleted from ``sources.csv`` must fail the tables that name it, as in a full build) and,
    for the snapshot tables, the country mapping their readers use — to a fixed point."""
    from pipeline.core.build import referenced_tables
    from pipeline.core.raw_tables import RAW_TABLES

    reads = {name: set(referenced_tables(t)) | (set(SNAPSHOT_READS) if t.snapshot else set()) for name, t in RAW_TABLES.items()}
    selected = set(tables)
    while True:
        more = {name for name, r in reads.items() if r & selected} - selected
        if not more:
            return sorted(selected)
        selected |= more


def changed_raw_tables(settings: Settings) -> list[str] | None:
    """The raw tables whose input differs from what the published warehouse was built from, when only
    those (and what reads them) need rebuilding; None when everything must be built (no published
    warehouse, other code, outputs that do not match it, or a changed file that no table reads)."""
    from pipeline.core.raw_tables import RAW_TABLES

    state = _published_state(settings)
    if state is None:
        return None
    by_input = {f"raw/{t.input_path}": name for name, t in RAW_TABLES.items()}
    if any(k not in by_input for k in state[1]):
        return None
    return with_dependents([by_input[k] for k in state[1]])
