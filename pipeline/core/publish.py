"""All-or-nothing publishing of the warehouse, the release and the site.

Everything is staged first: the release is written into a hard-linked copy of the
site folder (whose ``releases/`` holds every release), the pages are rendered into
it, and the build database is checkpointed and reopened to prove it is whole. Only
then is anything replaced: the staged site is exchanged with the live one in one
atomic rename (the new release and ``latest.json`` appear with it), and the build
database is renamed over the warehouse. A failure while staging — a full disk, an
invalid release date, a damaged earlier release — replaces nothing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.core import atomic
from pipeline.core.build import BuildDatabase
from pipeline.core.release import (
    ReleaseError,
    fingerprint,
    latest,
    missing_files,
    orphaned_release,
    point_latest,
    verify_release,
    write_release,
)
from pipeline.core.site import render
from pipeline.core.state import code_version
from pipeline.settings import Settings


@dataclass
class Published:
    warehouse: Path
    new_release: str | None  # the version published by this run, if any
    latest_release: str | None
    fingerprint: str
    pages: list[str] = field(default_factory=list)
    unchanged: bool = False  # nothing this run rebuilt differs: warehouse, release and site left exactly as they were

    def summary(self) -> str:
        if self.unchanged:
            return f"nothing changed since release {self.latest_release}: the warehouse, releases and site were left as they were"
        release = f"published release {self.new_release}" if self.new_release else f"no new release (data unchanged since {self.latest_release})"
        return f"replaced the warehouse ({self.warehouse}); {release}; rendered {len(self.pages)} pages"


def _stage_site(site_dir: Path) -> Path:
    """A copy of the live site beside it, every file hard-linked (published files never change in place)."""
    staged = atomic.staging_dir(site_dir.parent, f".{site_dir.name}.tmp-")
    if site_dir.exists():
        shutil.copytree(
            site_dir, staged, dirs_exist_ok=True, copy_function=os.link, symlinks=False, ignore=shutil.ignore_patterns(".tmp-*", ".lock", ".latest.json.tmp")
        )
    (staged / "releases").mkdir(exist_ok=True)
    return staged


def _link_latest(release: Path, folder: Path) -> None:
    """``site/latest/``: the latest release's files under stable names (hard links; the versioned folder is the record). Rebuilt on every publication, outside ``releases/`` (whose folders
    are CalVer versions only)."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for path in sorted(release.iterdir()):
        if path.is_file() and not path.is_symlink():
            os.link(path, folder / path.name)


def _clean_stale(site_dir: Path) -> None:
    for stale in site_dir.parent.glob(f".{site_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed (builds run one at a time)


def publish(build: BuildDatabase, settings: Settings) -> Published:
    day = settings.release_day()  # validated before anything is written
    site_dir = settings.site_dir.resolve()
    _clean_stale(site_dir)
    con = build._con()
    build.write_meta()
    prev = latest(settings.releases_dir)
    if prev is not None:  # trust nothing read back: the release a changelog and a fingerprint compare with is verified first
        damaged = verify_release(con, settings.releases_dir / prev["version"])
        if damaged:
            raise ReleaseError(f"the latest release {prev['version']} is damaged ({'; '.join(damaged)}); nothing was published")
    recorded = dict(con.execute("SELECT input, file || ' ' || sha256 FROM meta.inputs WHERE input IN ('code', 'published')").fetchall())
    if (
        not build.changed
        and prev is not None
        and recorded.get("code", "").endswith(code_version())
        and recorded.get("published") == f"{prev['version']} {prev['fingerprint']}"
        and (site_dir / "index.html").is_file()
        and not missing_files(settings.releases_dir / prev["version"])
    ):
        build.discard()
        return Published(settings.warehouse_file, None, prev["version"], prev["fingerprint"], [], unchanged=True)
    fp = fingerprint(con)
    # the release carries meta.inputs: the row naming the previous publication (in a build that started
    # from a copy of the warehouse) would make it differ from a build from empty; it is written anew below
    con.execute("DELETE FROM meta.inputs WHERE input = 'published'")
    staged = _stage_site(site_dir)
    try:
        releases = staged / "releases"
        new_version = None
        latest_version = prev["version"] if prev else None
        if prev is None or prev["fingerprint"] != fp or missing_files(releases / prev["version"]):
            orphan = orphaned_release(releases, prev, fp)
            if orphan is not None:  # a crash between a release and its pointer: adopt it
                latest_version = orphan
            else:
                release = write_release(con, releases, day, fp)
                atomic.move_dir_into_place(release.path, releases / release.version)
                new_version = latest_version = release.version
            atomic.write_text(releases / "latest.json", point_latest(releases, latest_version, fp))
        if latest_version is not None:
            _link_latest(releases / latest_version, staged / "latest")
        con.execute("INSERT OR REPLACE INTO meta.inputs VALUES ('published', ?, ?, NULL)", [latest_version, fp])
        pages = render(con, releases)
        for name, html in pages.items():
            target = staged / name
            data = html.encode("utf-8")
            if target.is_file() and not target.is_symlink() and target.stat().st_size == len(data) and target.read_bytes() == data:
                continue  # unchanged: keep the hard link to the live page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # a hard link to the live page: replace it, never write through it
            target.write_bytes(data)
            os.chmod(target, 0o644)
        build.finish()
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    # commit: the site (with the release) in one exchange, then the warehouse in one rename
    atomic.swap_dir(staged, site_dir)
    warehouse = settings.warehouse_file
    stale_wal = Path(f"{warehouse}.wal")
    if stale_wal.exists():
        stale_wal.unlink()  # a killed writer's log of the old file would not match the new one
    atomic.replace_file(build.path, warehouse)
    return Published(warehouse, new_version, latest_version, fp, sorted(pages))
