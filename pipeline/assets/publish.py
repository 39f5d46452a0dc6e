"""Release and site assets: downstream of the marts and the warehouse."""

import datetime as dt
import os

import dagster as dg
import pandas as pd

from pipeline.assets.common import with_params
from pipeline.assets.raw import asset_name, typed
from pipeline.assets.warehouse import data_dictionary
from pipeline.publish import release as rel
from pipeline.publish.site import render, write_site
from pipeline.schemas.marts import MARTS
from pipeline.settings import Paths

_INS = {**{f"mart_{m}": dg.AssetIn(m) for m in MARTS}, "raw_sources": dg.AssetIn(asset_name("sources"))}


def release_day() -> dt.date:
    """The release date: RE_RELEASE_DATE (YYYY-MM-DD) if set, else today in UTC."""
    value = os.environ.get("RE_RELEASE_DATE")
    return dt.date.fromisoformat(value) if value else dt.datetime.now(dt.timezone.utc).date()


def published_frames(inputs: dict) -> dict[str, pd.DataFrame]:
    frames = {m: inputs[f"mart_{m}"] for m in MARTS}
    frames["sources"] = typed(inputs["raw_sources"])
    return frames


@dg.asset(name="release", group_name="publish", kinds={"parquet"}, ins=_INS, deps=["warehouse"],
          description="site/releases/<version>/: every mart and the sources as Parquet, datapackage.json, SHA256SUMS, CITATION.cff, CHANGELOG.md. Published only when the data differs from the latest release; never rewritten.")
@with_params(*_INS)
def release(context: dg.AssetExecutionContext, **inputs) -> dg.MaterializeResult:
    releases_dir = Paths.from_env().releases_dir
    published = rel.publish(published_frames(inputs), releases_dir, release_day())
    if published is None:
        current = rel.latest(releases_dir)
        context.log.info(f"release: data unchanged since {current['version']}; nothing published")
        return dg.MaterializeResult(metadata={"version": current["version"], "published": False})
    context.log.info(f"release: published {published.version}")
    return dg.MaterializeResult(metadata={
        "version": published.version, "published": True, "path": str(published.path),
        "files": dg.MetadataValue.json(published.files),
    })


@dg.asset(name="site", group_name="publish", kinds={"html"}, ins=_INS, deps=["release"],
          description="site/*.html: static bilingual pages built with great-tables, self-contained and readable offline.")
@with_params(*_INS)
def site(context: dg.AssetExecutionContext, **inputs) -> dg.MaterializeResult:
    paths = Paths.from_env()
    frames = published_frames(inputs)
    pages = render({m: frames[m] for m in MARTS}, frames["sources"], data_dictionary(), paths.releases_dir)
    written = write_site(paths.site_dir, pages)
    context.log.info(f"site: wrote {len(written)} pages to {paths.site_dir}")
    return dg.MaterializeResult(metadata={
        "index": dg.MetadataValue.path(str(paths.site_dir / "index.html")),
        "pages": dg.MetadataValue.json({p.name: p.stat().st_size for p in written}),
    })
