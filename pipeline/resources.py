"""The Dagster resource of a run (wiring only; the work is in ``pipeline.core``).

``build`` holds the run's paths and release date — defaults from ``pipeline.settings``, the
one place the environment is read; overridable per run in the launchpad's run config — and
the run's build database, opened when a step first needs it and discarded when the run
ends unless published. Runs are one at a time, from the command line and the UI alike: the
database is opened under an exclusive lock on ``warehouse/.build.lock`` held until the run
ends (released by the operating system if the process dies). The sensor reads only the
settings, so it never takes the lock.
"""

from contextlib import ExitStack
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from pipeline.core.atomic import exclusive_lock
from pipeline.core.build import BuildDatabase
from pipeline.settings import Settings


class BuildResource(dg.ConfigurableResource):
    root: str
    raw_dir: str
    warehouse_dir: str
    site_dir: str
    release_date: str = ""
    lock_timeout_s: float = 1800.0

    _stack: ExitStack | None = PrivateAttr(default=None)
    _db: BuildDatabase | None = PrivateAttr(default=None)
    _run_id: str = PrivateAttr(default="adhoc")

    @classmethod
    def from_settings(cls, settings: Settings) -> "BuildResource":
        return cls(**settings.as_config())

    def settings(self) -> Settings:
        return Settings(
            root=Path(self.root),
            raw_dir=Path(self.raw_dir),
            warehouse_dir=Path(self.warehouse_dir),
            site_dir=Path(self.site_dir),
            release_date=self.release_date,
        )

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self.settings().release_day()  # an invalid release date stops the run before anything is read or written
        self._run_id = context.run.run_id if context.run else "adhoc"

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._db is not None:
            self._db.discard()  # after a publish the file has been renamed away: nothing left to remove
            self._db = None
        if self._stack is not None:
            self._stack.close()
            self._stack = None

    @property
    def db(self) -> BuildDatabase:
        if self._db is None:
            settings = self.settings()
            self._stack = ExitStack()
            self._stack.enter_context(exclusive_lock(settings.warehouse_dir / ".build.lock", self.lock_timeout_s, "the build lock"))
            self._db = BuildDatabase(settings, self._run_id)
            self._db.clean_stale()  # the lock is ours: any other build file belongs to a run that died
            self._db.open()
        return self._db


def run_config(settings: Settings) -> dict:
    """Run config that points a run at ``settings`` (the command line and the tests use it)."""
    return {"resources": {"build": {"config": settings.as_config()}}}
