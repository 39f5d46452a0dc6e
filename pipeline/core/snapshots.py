"""Byte-exact snapshots of upstream files, each with a ``<file>.meta.json`` beside it.

Layout: ``<root>/<publisher_slug>/<edition_slug>/<basename>`` plus
``<basename>.meta.json`` holding publisher, title, identifier, series, edition,
version, publication_date, retrieved_date, licence, obtained_from, sha256,
size_bytes, source_id and note.

``verify_snapshots`` checks a tree and returns failures (it never raises);
``add_snapshot`` adds one file (local path or http(s) URL) and never overwrites.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from pipeline.core.ingest import Failure

META_SUFFIX = ".meta.json"
CHUNK = 1 << 20
DOWNLOAD_TIMEOUT_S = 60
MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024
PUBLIC_DOMAIN = "public domain (US federal government work)"
META_KEYS = (
    "publisher",
    "title",
    "identifier",
    "series",
    "edition",
    "version",
    "publication_date",
    "retrieved_date",
    "licence",
    "obtained_from",
    "sha256",
    "size_bytes",
    "source_id",
    "note",
)


class SnapshotError(Exception):
    """A snapshot cannot be added (bad name, existing file, failed download)."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _load_meta(meta_path: Path, name: str) -> tuple[dict | None, Failure | None]:
    try:
        st = meta_path.lstat()
    except FileNotFoundError:
        return None, Failure(name, None, None, None, f"no metadata file {meta_path.name}: unknown file in the snapshot tree")
    if not stat.S_ISREG(st.st_mode):
        return None, Failure(name, None, None, None, f"metadata {meta_path.name} is not a regular file")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, Failure(name, None, META_SUFFIX, None, f"metadata is not valid JSON: {exc}")
    if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str) or not isinstance(meta.get("size_bytes"), int):
        return None, Failure(name, None, META_SUFFIX, None, "metadata lacks sha256 (string) or size_bytes (integer)")
    return meta, None


def verify_snapshots(root: Path) -> list[Failure]:
    """Check every file under ``root`` against its ``.meta.json``; return all failures."""
    root = Path(root)
    failures: list[Failure] = []
    if not root.is_dir():
        return [Failure(str(root), None, None, None, "snapshot root is not a directory")]
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        for d in sorted(dirnames):
            if (base / d).is_symlink():
                failures.append(Failure(_rel(base / d, root), None, None, None, "symbolic link in the snapshot tree"))
        for fname in sorted(filenames):
            path = base / fname
            name = _rel(path, root)
            st = path.lstat()
            if not stat.S_ISREG(st.st_mode):
                kind = "symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
                failures.append(Failure(name, None, None, None, f"{kind} in the snapshot tree"))
                continue
            if fname.endswith(META_SUFFIX):
                data_file = path.with_name(fname[: -len(META_SUFFIX)])
                if not data_file.exists() and not data_file.is_symlink():
                    failures.append(Failure(name, None, None, None, "metadata without its data file"))
                continue
            meta, problem = _load_meta(path.with_name(fname + META_SUFFIX), name)
            if problem:
                failures.append(problem)
                continue
            if st.st_size != meta["size_bytes"]:
                failures.append(
                    Failure(
                        name,
                        None,
                        "size_bytes",
                        f"expected {meta['size_bytes']}, actual {st.st_size}",
                        f"size differs from metadata (expected sha256 {meta['sha256']}, actual sha256 {sha256_file(path)})",
                    )
                )
                continue
            actual = sha256_file(path)
            if actual != meta["sha256"]:
                failures.append(
                    Failure(
                        name,
                        None,
                        "sha256",
                        f"expected {meta['sha256']}, actual {actual}",
                        f"sha256 differs from metadata (expected {meta['sha256']}, actual {actual})",
                    )
                )
    return failures


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _check_component(value: str, what: str) -> str:
    if not value or value in (".", "..") or ".." in value or "/" in value or "\\" in value or _CONTROL.search(value):
        raise SnapshotError(f"invalid {what} {value!r}: no '..', '/', '\\' or control characters allowed")
    return value


def slug(text: str) -> str:
    """'MCS 2024' -> 'mcs2024' (lower case; anything but a-z, 0-9, '_' and '-' dropped)."""
    return _check_component(re.sub(r"[^a-z0-9_-]", "", text.lower()), "slug")


def _fetch_to(source: str, tmp: Path) -> None:
    parts = urllib.parse.urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SnapshotError(f"only http(s) URLs are accepted, not {source!r}")
    request = urllib.request.Request(source, headers={"User-Agent": "rare-earths-dataset snapshot"})
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_S) as resp, open(tmp, "wb") as out:
        final = urllib.parse.urlsplit(resp.geturl())
        if final.scheme not in ("http", "https"):
            raise SnapshotError(f"redirected to a non-http(s) URL {resp.geturl()!r}")
        total = 0
        while chunk := resp.read(CHUNK):
            total += len(chunk)
            if total > MAX_DOWNLOAD_BYTES:
                raise SnapshotError(f"download larger than {MAX_DOWNLOAD_BYTES} bytes: {source}")
            out.write(chunk)


def add_snapshot(
    source: str,
    dest_root: Path,
    publisher: str,
    series: str,
    edition: str,
    source_id: str,
    title: str,
    identifier: str,
    version: str = "1.0",
    licence: str = PUBLIC_DOMAIN,
    retrieved_date: str | None = None,
    publication_date: str | None = None,
    note: str | None = None,
    obtained_from: str | None = None,
    publisher_slug: str | None = None,
    edition_slug: str | None = None,
) -> Path:
    """Copy or download ``source`` into the snapshot tree with its metadata; return the file's path."""
    is_url = "://" in source
    if is_url:
        basename = urllib.parse.unquote(Path(urllib.parse.urlsplit(source).path).name)
        if urllib.parse.urlsplit(source).scheme not in ("http", "https"):
            raise SnapshotError(f"only http(s) URLs are accepted, not {source!r}")
    else:
        src = Path(source)
        if not src.is_file():
            raise SnapshotError(f"source file not found or not a regular file: {source}")
        basename = src.name
    _check_component(basename, "file name")
    if basename.endswith(META_SUFFIX):
        raise SnapshotError(f"a snapshot cannot be named *{META_SUFFIX}: {basename}")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", source_id):
        raise SnapshotError(f"source_id must be snake_case: {source_id!r}")
    for given in (publisher_slug, edition_slug):
        if given is not None and not re.fullmatch(r"[a-z0-9_-]+", _check_component(given, "slug")):
            raise SnapshotError(f"invalid slug {given!r}: use a-z, 0-9, '_' and '-' only")
    folder = Path(dest_root) / (publisher_slug or slug(publisher)) / (edition_slug or slug(edition))
    target = folder / basename
    meta_path = folder / (basename + META_SUFFIX)
    if target.exists() or target.is_symlink() or meta_path.exists():
        raise SnapshotError(f"snapshot already exists, refusing to overwrite: {target}")
    folder.mkdir(parents=True, exist_ok=True)

    fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if is_url:
            try:
                _fetch_to(source, tmp)
            except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts
                raise SnapshotError(f"download failed: {source}: {exc}") from exc
        else:
            shutil.copyfile(src, tmp)
        meta = {
            "file": basename,
            "publisher": publisher,
            "title": title,
            "identifier": identifier,
            "series": series,
            "edition": edition,
            "version": version,
            "publication_date": publication_date,
            "retrieved_date": retrieved_date or dt.date.today().isoformat(),
            "licence": licence,
            "obtained_from": obtained_from or source,
            "sha256": sha256_file(tmp),
            "size_bytes": tmp.stat().st_size,
            "source_id": source_id,
            "note": note,
        }
        tmp_meta = tmp.with_name(tmp.name + ".meta")
        tmp_meta.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        # os.link fails if the target appeared meanwhile: no silent overwrite
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise SnapshotError(f"snapshot already exists, refusing to overwrite: {target}") from None
        try:
            os.link(tmp_meta, meta_path)
        except FileExistsError:
            target.unlink()
            raise SnapshotError(f"metadata already exists, refusing to overwrite: {meta_path}") from None
        finally:
            tmp_meta.unlink(missing_ok=True)
    finally:
        tmp.unlink(missing_ok=True)
    return target
