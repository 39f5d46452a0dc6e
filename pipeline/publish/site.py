"""The static site: one page per mart, the claims, the dictionary, the sources, the changelog.

Tables are great-tables HTML (which escapes cell text, titles and notes); everything
else on a page is escaped here. Pages are self-contained: inline CSS and SVG, no
script, no external request. They are rendered into a temporary folder first and
moved into place only when every page rendered.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import sys
import tempfile
from html import escape
from pathlib import Path

import great_tables as gt
import pandas as pd

from pipeline.publish import charts
from pipeline.publish.labels import LABELS_ZH, PAGE_TITLES_ZH
from pipeline.publish.release import PUBLISHED, latest
from pipeline.schemas.columns import columns_of, table_description, table_title

MART_PAGES = [m for m in PUBLISHED if m not in ("claims", "sources")]
MAX_PAGE_ROWS = 2000  # a page shows at most this many rows; the release's Parquet has them all

CSS = """
body{font-family:"Noto Sans CJK TC","Noto Sans",sans-serif;margin:0;color:#222;line-height:1.5}
header{background:#1f3b57;color:#fff;padding:12px 24px}header a{color:#fff;margin-right:12px;font-size:14px}
main{padding:16px 24px;max-width:1400px}h1{font-size:24px}h2{font-size:19px;margin-top:28px}
.figures{display:flex;flex-wrap:wrap;gap:12px}.figure{border:1px solid #ccd;padding:10px 14px;min-width:200px}
.figure b{display:block;font-size:22px}pre{background:#f4f4f4;padding:10px;overflow:auto;white-space:pre-wrap}
table.downloads td{padding:2px 10px}.scroll{overflow-x:auto}
"""

# raw table of a claim's stated_ref -> (mart page, key column(s) of the ref, column to mark)
FOOTNOTE_TARGETS = {
    "reported_shares": ("country_shares", ["metric", "country_code"], "reported_share_pct"),
    "prices": ("price_multipliers", ["price_id"], "reported_multiplier"),
    "agreements": ("agreements", ["agreement_id"], "report_date"),
    "agreement_amounts": ("agreements", ["amount_id"], "amount_usd"),
    "export_control_dates": ("export_controls", ["measure_id"], "report_effective_date"),
    "capacities": ("capacities", ["capacity_id"], "capacity_high"),
    "investments": ("investments", ["investment_id"], "amount_usd"),
    "element_properties": ("elements", ["element_symbol"], "report_ordering_temperature_k"),
    "supply_demand": ("demand_projections", ["series_code", "year"], "quantity_t"),
}


def label(column: str) -> str:
    return f"{LABELS_ZH.get(column, column)} · {column.replace('_', ' ')}"


def page(name: str, title_en: str, body: str) -> str:
    nav = [("index", "首頁 Home")] + [(m, f"{PAGE_TITLES_ZH[m]}") for m in MART_PAGES] + [
        ("claims", "事實查核 Claims"), ("dictionary", "資料字典 Dictionary"), ("sources", "來源 Sources"), ("changelog", "變更 Changelog")]
    links = "".join(f'<a href="{n}.html">{escape(t)}</a>' for n, t in nav)
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hant">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(PAGE_TITLES_ZH.get(name, name))} · {escape(title_en)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<header><nav>{links}</nav></header>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def source_note(frame: pd.DataFrame, sources: pd.DataFrame) -> str:
    cols = [c for c in frame.columns if c == "source_id" or c.endswith("_source_id") or c == "element_source_ids"]
    ids = sorted({s for c in cols for v in frame[c].dropna() for s in str(v).split(";")})
    by_id = sources.set_index("source_id")
    parts = [f"{by_id.loc[i, 'title']} — {by_id.loc[i, 'publisher']} [{i}]" for i in ids if i in by_id.index]
    return "來源 Sources: " + "; ".join(parts) if parts else "來源 Sources: see the sources page."


def disagreeing_footnotes(name: str, frame: pd.DataFrame, claims: pd.DataFrame) -> list[tuple[str, str, list[int]]]:
    """(footnote text, column, row indices) for every disagreeing claim that points at a row of this mart."""
    notes = []
    for claim in claims[claims["status"] == "disagrees"].itertuples():
        table, _, key = claim.stated_ref.partition(":")
        target = FOOTNOTE_TARGETS.get(table)
        if not target or target[0] != name:
            continue
        _, key_cols, column = target
        values = key.split(":")[: len(key_cols)]
        mask = pd.Series(True, index=frame.index)
        for col, value in zip(key_cols, values):
            mask &= frame[col].astype(str) == value
        if name == "country_shares":
            mask &= frame["reported_source_id"].notna()
        if name == "demand_projections":
            mask &= frame["source_id"] == "seed_report"
        rows = [int(i) for i in frame.index[mask]]
        if rows:
            notes.append((f"查核不一致 Disagrees — {claim.claim_id}: {claim.explanation}", column, rows))
    return notes


def gt_table(name: str, frame: pd.DataFrame, model, title_en: str, subtitle: str, note: str, footnotes=()) -> str:
    if len(frame) > MAX_PAGE_ROWS:
        subtitle += f" — first {MAX_PAGE_ROWS:,} shown; the release's Parquet file has every row"
        footnotes = [(t, c, [r for r in rows if r < MAX_PAGE_ROWS]) for t, c, rows in footnotes if any(r < MAX_PAGE_ROWS for r in rows)]
    frame = frame.reset_index(drop=True).head(MAX_PAGE_ROWS).copy()
    cols = columns_of(model) if model is not None else []
    families = {c.name: c.family for c in cols}
    for c in frame.columns:  # dates and booleans as text; numbers stay numbers
        if families.get(c) in ("date", "bool") or frame[c].dtype == object:
            frame[c] = frame[c].map(lambda v: None if v is None or (not isinstance(v, (list, dict)) and pd.isna(v)) else str(v))
    table = gt.GT(frame, id=f"t_{name}").tab_header(title=f"{PAGE_TITLES_ZH.get(name, name)} · {title_en}", subtitle=subtitle)
    table = table.cols_label(**{c: label(c) for c in frame.columns})
    for c in frame.columns:
        fam = families.get(c)
        if fam == "float":
            decimals = 2 if c.endswith(("_pct", "_pp")) or "multiplier" in c or c in ("hhi", "stated_number", "recomputed_number", "difference") else 0
            if c in ("price_low", "price_high", "price_usd_per_t"):
                decimals = 2
            table = table.fmt_number(columns=c, decimals=decimals, use_seps=True)
        elif fam == "int" and ("year" not in c and c not in ("announcement_no",)):
            table = table.fmt_integer(columns=c, use_seps=True)
    table = table.sub_missing(missing_text="—").tab_source_note(note)
    for text, column, rows in footnotes:
        table = table.tab_footnote(footnote=text, locations=gt.loc.body(columns=column, rows=rows))
    return f'<div class="scroll">{table.as_raw_html()}</div>'


def mart_page(name: str, frame: pd.DataFrame, claims: pd.DataFrame, sources: pd.DataFrame, chart: str = "") -> str:
    model = PUBLISHED[name]
    notes = disagreeing_footnotes(name, frame.reset_index(drop=True), claims)
    body = (f"<h1>{escape(PAGE_TITLES_ZH[name])} · {escape(table_title(model))}</h1>\n<p>{escape(table_description(model))}</p>\n{chart}\n"
            + gt_table(name, frame, model, table_title(model), f"marts.{name} — {len(frame)} rows / 列", source_note(frame, sources), notes))
    return page(name, table_title(model), body)


def _charts(marts: dict[str, pd.DataFrame]) -> dict[str, str]:
    cs = marts["country_shares"]
    prod = cs[(cs.metric == "production") & (cs.data_year == 2024) & (cs.source_id == "usgs_mcs_2025") & cs.share_pct.notna()]
    prod = prod.sort_values(["share_pct", "country_code"], ascending=[False, True])
    shares = charts.bar_chart("2024 年各國稀土產量佔比 · Share of world mine production, 2024 (USGS MCS 2025)",
                              [(f"{r.country_name_zh} {r.country_name_en}", float(r.share_pct)) for r in prod.itertuples()], "%")
    pm = marts["price_multipliers"]
    ladder_rows = pm[(pm.source_id == "seed_report") & pm.price_usd_per_t.notna()].sort_values("stage_order")
    ladder = charts.bar_chart("價值鏈價格階梯 · Value-chain price ladder, 2025-10-17 (USD/t)",
                              [(r.product_name, float(r.price_usd_per_t)) for r in ladder_rows.itertuples()], "USD/t")
    dp = marts["demand_projections"]
    series = {}
    for code, lab in [("total_demand", "總需求 demand"), ("supply_total_derived", "供給 supply (primary + recycled)"),
                      ("cleantech_demand", "潔淨科技 clean tech"), ("other_demand", "其他 other")]:
        rows = dp[(dp.series_code == code) & (dp.scenario_code == "unspecified")]
        series[lab] = [(int(r.year), float(r.quantity_t)) for r in rows.itertuples()]
    demand = charts.line_chart("稀土供需 · Rare-earth demand against supply (t), as the report gives it", series, "t")
    return {"country_shares": shares, "price_multipliers": ladder, "demand_projections": demand}


def _release_section(releases_dir: Path) -> str:
    info = latest(releases_dir)
    if not info:
        return "<h2>下載 Downloads</h2><p>No release has been published yet.</p>"
    version = info["version"]
    rel = releases_dir / version
    rows = "".join(
        f'<tr><td><a href="releases/{escape(version)}/{escape(p.name)}">{escape(p.name)}</a></td><td>{p.stat().st_size:,} bytes</td></tr>'
        for p in sorted(rel.iterdir())
    )
    earlier = sorted((p.name for p in releases_dir.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name != version), reverse=True)
    earlier_html = "".join(f'<li><a href="releases/{escape(v)}/datapackage.json">{escape(v)}</a></li>' for v in earlier) or "<li>none</li>"
    cff = (rel / "CITATION.cff").read_text(encoding="utf-8")
    return (f"<h2>最新版本 Latest release: {escape(version)}</h2>\n<table class=\"downloads\">{rows}</table>\n"
            f"<h2>引用 How to cite</h2>\n<pre>{escape(cff)}</pre>\n<h2>較早版本 Earlier releases</h2>\n<ul>{earlier_html}</ul>")


def index_page(marts: dict[str, pd.DataFrame], releases_dir: Path, chart_html: str) -> str:
    cs, conc, pm, claims = marts["country_shares"], marts["concentration"], marts["price_multipliers"], marts["claims"]
    china = cs[(cs.metric == "production") & (cs.data_year == 2024) & (cs.source_id == "usgs_mcs_2025") & (cs.country_code == "CHN")]
    hhi = conc[(conc.metric == "production") & (conc.data_year == 2024) & (conc.source_id == "usgs_mcs_2025")]
    metal = pm[pm.price_id == "seed_nd_metal_2025_10_17"]
    counts = claims.status.value_counts()
    figures = [
        ("中國 2024 產量佔比 China's 2024 mine production share", f"{float(china.share_pct.iloc[0]):.1f} %" if len(china) else "—", "USGS MCS 2025"),
        ("產量集中度 HHI, production 2024", f"{float(hhi.hhi.iloc[0]):,.0f}" if len(hhi) else "—", "USGS MCS 2025"),
        ("金屬釹/精礦 Nd metal over concentrate", f"×{float(metal.multiplier.iloc[0]):.1f}" if len(metal) else "—", "report, 2025-10-17"),
        ("報告陳述:不一致 Report figures that disagree", f"{int(counts.get('disagrees', 0))} / {len(claims)}", "marts.claims"),
    ]
    fig_html = "".join(f'<div class="figure">{escape(t)}<b>{escape(v)}</b><small>{escape(s)}</small></div>' for t, v, s in figures)
    body = (
        "<h1>稀土供應鏈資料集 · Rare-earth supply-chain dataset</h1>\n"
        "<p>誰擁有儲量、誰開採與精煉、價值鏈各階段的價格、需求走向,以及各國政府與企業的行動。每個數值皆附來源、來源中的位置與讀取日期;"
        "來源之間或與推算值不一致之處一律公開,不作修正。</p>\n"
        "<p>Who holds the reserves, who mines and refines, what each step of the value chain is worth, where demand is heading, "
        "and which governments and companies are moving to change that. Every value carries its source, where in it, and when it was read; "
        "where sources disagree, the disagreement is published, not fixed.</p>\n"
        f'<h2>重點數字 Headline figures</h2>\n<div class="figures">{fig_html}</div>\n{chart_html}\n{_release_section(releases_dir)}'
    )
    return page("index", "Rare-earth supply-chain dataset", body)


def render(marts: dict[str, pd.DataFrame], sources: pd.DataFrame, dictionary: pd.DataFrame, releases_dir: Path) -> dict[str, str]:
    """Every page's HTML by file name. Pure: frames in, text out."""
    chart = _charts(marts)
    claims = marts["claims"]
    pages = {f"{m}.html": mart_page(m, marts[m], claims, sources, chart.get(m, "")) for m in MART_PAGES}
    pages["index.html"] = index_page(marts, releases_dir, chart["country_shares"])
    claim_notes = [(f"查核不一致 Disagrees: {r.explanation}", "status", [i]) for i, r in enumerate(claims.reset_index(drop=True).itertuples()) if r.status == "disagrees"]
    pages["claims.html"] = page("claims", "Fact-check ledger", f"<h1>報告事實查核 · Fact-check ledger</h1><p>{escape(table_description(PUBLISHED['claims']))}</p>"
                                + gt_table("claims", claims, PUBLISHED["claims"], "Fact-check ledger", f"{len(claims)} statements / 項陳述",
                                           "來源 Sources: the report (seed_report) and every source in the warehouse; see each claim's stated_ref.", claim_notes))
    pages["sources.html"] = page("sources", "Sources", "<h1>資料來源 · Sources</h1>" + gt_table("sources", sources, PUBLISHED["sources"], "Sources",
                                 f"{len(sources)} sources / 個來源", "raw/sources.csv"))
    pages["dictionary.html"] = page("dictionary", "Data dictionary", "<h1>資料字典 · Data dictionary</h1>" + gt_table(
        "dictionary", dictionary[["table_schema", "table_name", "column_name", "data_type", "unit", "description"]], None, "Data dictionary",
        f"{len(dictionary)} columns / 個欄位", "Derived from the pandera models in pipeline/schemas/."))
    info = latest(releases_dir)
    log = (releases_dir / info["version"] / "CHANGELOG.md").read_text(encoding="utf-8") if info else "No release yet."
    pages["changelog.html"] = page("changelog", "Changelog", f"<h1>版本變更 · Changelog</h1><pre>{escape(log)}</pre>")
    return pages


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the filesystem cannot exchange
            return False
        raise OSError(errno, os.strerror(errno), str(a))
    return True


def write_site(site_dir: Path, pages: dict[str, str]) -> list[Path]:
    """Swap in a whole new site: every page, plus the releases as they stand.

    The new site is staged beside the old one (release files hard-linked: they never
    change), then the two folders are exchanged in one atomic rename, so a reader or
    a crash sees either the old site or the new one, never a mix. Holding the release
    lock keeps a concurrent publish from landing in the old copy.
    """
    site_dir = site_dir.resolve()
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / "releases").mkdir(exist_ok=True)
    with open(site_dir / "releases" / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in site_dir.parent.glob(f".{site_dir.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.tmp-", dir=site_dir.parent))
        try:
            shutil.copytree(site_dir, staging, dirs_exist_ok=True, copy_function=os.link,
                            ignore=shutil.ignore_patterns(".tmp-*"))
            for name, html in pages.items():
                target = staging / name
                if target.exists():
                    target.unlink()  # a hard link to the live page: replace it, never write through it
                target.write_text(html, encoding="utf-8")
                os.chmod(target, 0o644)
            os.chmod(staging, 0o755)
            if not _exchange(staging, site_dir):
                for name in sorted(pages):  # fallback: each page replaced atomically
                    os.replace(staging / name, site_dir / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return [site_dir / name for name in sorted(pages)]
