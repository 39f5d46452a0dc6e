"""The static site, rendered from the build database and the release folder.

The renderer renders: every figure, chart point and table row it shows is read from
a mart (``marts.headline_figures`` and ``marts.chart_series`` hold the front page's
figures and every chart's data). Every page exists twice: in Traditional Chinese at
``<page>.html`` and in English at ``en/<page>.html``, with a switch between the two.
Page markup comes from Jinja2 templates with autoescaping; compact tables are
great-tables HTML, full tables a plain escaped HTML table (great-tables is too slow
for thousands of rows in two languages); charts are SVG with every text escaped.
Pages are self-contained: inline CSS and SVG, no external request; the claims page
carries a small inline filter script, and is complete without it.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import great_tables as gt
import polars as pl
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from pipeline.core import charts
from pipeline.core.declare import Column, Table
from pipeline.core.fields import unit_label
from pipeline.core.marts import MARTS
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.release import ABSTRACT, DATASET_TITLE, LEGACY_DATABASE, LICENCE, PUBLISHED, ZIP_NAME, latest, published_versions

MAX_PAGE_ROWS = 200  # a page shows at most this many rows; the release's files have them all
COMPACT_ROWS = 25
MAX_CLAIMS_SHOWN = 1000  # the claims page lists at most this many (disagreements first); claims.csv has them all
TEMPLATES = Path(__file__).with_name("templates")
README = Path(__file__).resolve().parents[2] / "README.md"
# README's "Methodology" section in Traditional Chinese; its first line records the sha256 of the English text it translates
METHODOLOGY_ZH = Path(__file__).resolve().parents[2] / "docs" / "methodology.zh-Hant.md"
TRANSLATION_HEADER = re.compile(r'<!-- translation of README\.md "## Methodology", sha256 ([0-9a-f]{64}) -->\n')
LANGS = ("zh", "en")
FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("parquet", "Parquet"))

CSS = """
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK TC","Noto Sans TC","Noto Sans CJK JP","Noto Sans",sans-serif;margin:0;color:#222;line-height:1.55;overflow-wrap:break-word}
header{background:#1f3b57;color:#fff;padding:10px 16px}header a{color:#fff}
.bar{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px}.brand{font-weight:bold;margin-right:8px}
.bar a{font-size:14px}.switch{margin-left:auto;border:1px solid #fff;padding:0 6px;border-radius:3px}
details.topics summary{cursor:pointer;font-size:14px;margin-top:4px}details.topics ul{columns:2 220px;margin:6px 0;padding-left:18px;font-size:14px}
main{padding:12px 16px;max-width:1100px}h1{font-size:24px;margin:8px 0}h2{font-size:19px;margin-top:28px}h3{font-size:16px}
.question{font-size:20px;color:#1f3b57;font-weight:bold;margin:4px 0 12px}
.figures{display:flex;flex-wrap:wrap;gap:10px}.figure{border:1px solid #ccd;padding:8px 12px;flex:1 1 180px;min-width:0}
.figure b{display:block;font-size:22px}
figure{margin:18px 0;border-top:1px solid #ddd;padding-top:8px}figcaption b{display:block;font-size:16px}
figure svg{display:block;width:100%;height:auto;max-width:900px}
.meta{font-size:13px;color:#555}
pre{background:#f4f4f4;padding:10px;white-space:pre-wrap;overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%;border:1px solid #e3e3e3;margin:8px 0}
.scroll.tall{max-height:70vh;overflow-y:auto}
table.data{border-collapse:collapse;font-size:13px}table.data th,table.data td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
table.data th{background:#f3f5f8;position:sticky;top:0}table.data td.n{text-align:right;white-space:nowrap}
table.data th small{display:block;font-weight:normal;color:#666}
ul.downloads{padding-left:18px}ul.downloads li{margin:2px 0}
.claims-filter{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}.claims-filter label{font-size:14px}
.claim{border:1px solid #ddd;border-left:5px solid #999;padding:8px 12px;margin:10px 0}
.claim.disagrees{border-left-color:#c0392b}.claim.not-comparable{border-left-color:#d08c2c}
.status{font-size:12px;padding:1px 6px;border-radius:3px;background:#eee;white-space:nowrap}
.status.disagrees{background:#f6d5d1}.status.not-comparable{background:#f7e6c8}.status.agrees{background:#d9eed9}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:6px 16px}
footer{border-top:1px solid #ccc;margin-top:40px;padding:12px 16px;font-size:13px;color:#444;max-width:1100px}
a{color:#1f5c99}
"""

# every piece of prose the pages print, in both languages
UI = {
    "site": ("稀土供應鏈資料集", "Rare-earth supply-chain dataset"),
    "home": ("首頁", "Home"),
    "claims": ("事實查核", "Fact checks"),
    "methodology": ("方法", "Methodology"),
    "dictionary": ("資料字典", "Data dictionary"),
    "sources": ("資料來源", "Sources"),
    "changelog": ("版本變更", "Changelog"),
    "topics": ("所有主題", "All topics"),
    "switch": ("English", "中文"),
    "downloads": ("下載此表", "Download this table"),
    "all_rows": ("全部 {n:,} 列", "all {n:,} rows"),
    "chart_data": ("下載此圖資料(CSV)", "Download this chart's data (CSV)"),
    "source": ("來源", "Source"),
    "cite": ("引用", "Cite as"),
    "compact": ("重點摘要", "At a glance"),
    "full": ("完整資料表", "The full table"),
    "first_claims": (
        "顯示 {total:,} 項查核中的 {n:,} 項(不一致與無法比較者優先);下載檔含全部。",
        "{n:,} of {total:,} checks shown (disagreements and not comparable first); the downloads have every one.",
    ),
    "first_rows": ("顯示前 {n:,} 列;下載檔含全部資料。", "The first {n:,} rows; the downloads have every row."),
    "rows": ("{n:,} 列", "{n:,} rows"),
    "about": ("說明", "About this table"),
    "licence": (
        "資料彙編以 CC BY 4.0 授權;每個數值保留其來源之授權條款。程式碼以 MIT 授權。",
        "The compilation is licensed CC BY 4.0; each value keeps its source's terms. Code: MIT.",
    ),
    "latest_release": ("最新版本", "Latest release"),
    "all_files": ("此版本所有檔案", "Every file of this release"),
    "zip": ("整包下載(zip:所有資料表、說明、datapackage.json、倉儲匯出)", "Everything in one zip (every table, README, datapackage.json, warehouse export)"),
    "duckdb": (
        "DuckDB 資料庫檔(整個倉儲;DuckDB 1.0 以上與 2.x 可直接開啟)",
        "DuckDB database file (the whole warehouse; opens in DuckDB 1.0 and later, 2.x included)",
    ),
    "earlier": ("較早版本", "Earlier releases"),
    "none": ("無", "none"),
    "no_release": ("尚未發布任何版本。", "No release has been published yet."),
    "figures": ("重點數字", "Headline figures"),
    "how_to_cite": ("如何引用", "How to cite"),
    "stable": ("固定網址(永遠指向最新版本)", "Stable path (always the latest release)"),
    "filter_status": ("狀態", "Status"),
    "filter_topic": ("主題", "Topic"),
    "search": ("搜尋", "Search"),
    "all": ("全部", "all"),
    "shown": ("顯示", "shown"),
    "attention": ("不一致與無法比較", "Disagreements and not comparable"),
    "others": ("其他查核", "All other checks"),
    "stated": ("報告所述", "Stated"),
    "recomputed": ("資料重算", "Recomputed"),
    "rule": ("規則", "Rule"),
    "basis": ("依據", "Basis"),
    "review_note": ("審查說明", "Review note"),
    "tolerance": ("容許誤差", "Tolerance"),
    "explanation": ("說明", "Explanation"),
    "added": ("新增", "Added"),
    "removed": ("刪除", "Removed"),
    "changed": ("變更", "Changed"),
    "column": ("欄位", "Column"),
    "old": ("舊值", "Old"),
    "new": ("新值", "New"),
    "key": ("鍵", "Key"),
    "bytes": ("位元組", "bytes"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
}

STATUS = {
    "disagrees": ("不一致", "disagrees"),
    "not comparable": ("無法比較", "not comparable"),
    "cannot be checked": ("無從查核", "cannot be checked"),
    "not independent": ("非獨立來源", "not independent"),
    "agrees": ("一致", "agrees"),
}
TOPICS = {
    "shares": ("產量與儲量佔比", "Production and reserve shares"),
    "prices": ("價格", "Prices"),
    "market": ("市場規模", "Market size"),
    "demand": ("需求", "Demand"),
    "agreements": ("國際協議", "Agreements"),
    "investments": ("投資", "Investments"),
    "export_controls": ("出口管制", "Export controls"),
    "elements": ("元素", "Elements"),
    "statements": ("其他陳述", "Other statements"),
    "trade": ("貿易", "Trade"),
}

_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def t(key: str, lang: str, **kw) -> str:
    zh, en = UI[key]
    text = zh if lang == "zh" else en
    return text.format(**kw) if kw else text


def pair(value: tuple[str, str] | None, code: str, lang: str) -> str:
    return (value[0] if lang == "zh" else value[1]) if value else code


@dataclass(frozen=True)
class Page:
    name: str
    title_en: str
    title_zh: str

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


def topic_pages() -> list[Page]:
    return [Page(n, t_.title_en, t_.title_zh) for n, t_ in PUBLISHED.items() if t_.has_page and t_.layer == "marts" and n != "claims"]


def _pages() -> list[Page]:
    return [
        Page("index", "Home", "首頁"),
        *topic_pages(),
        Page("claims", "Fact checks", "事實查核"),
        Page("methodology", "Methodology", "方法"),
        Page("dictionary", "Data dictionary", "資料字典"),
        Page("sources", "Sources", "資料來源"),
        Page("changelog", "Changelog", "版本變更"),
    ]


def path_of(name: str, lang: str) -> str:
    """A page's path from the site root."""
    return f"{name}.html" if lang == "zh" else f"en/{name}.html"


def _render(template: str, page: Page, lang: str, release: dict | None, **context) -> str:
    root = "" if lang == "zh" else "../"
    own = "" if lang == "zh" else ""

    def href(name: str) -> str:
        return f"{own}{name}.html"

    nav = [{"href": href(n), "label": t(n if n != "index" else "home", lang)} for n in ("index", "claims", "methodology", "dictionary", "sources", "changelog")]
    topics = [{"href": href(p.name), "label": p.title(lang), "current": p.name == page.name} for p in topic_pages()]
    other = "en" if lang == "zh" else "zh"
    switch = ("en/" if lang == "zh" else "../") + f"{page.name}.html"
    footer_cite = None
    if release:
        footer_cite = f"Rare-earth supply-chain dataset contributors. {DATASET_TITLE}, version {release['version']}. {LICENCE['name']}."
    return _ENV.get_template(template).render(
        css=CSS,
        lang=lang,
        html_lang="zh-Hant" if lang == "zh" else "en",
        other_lang="en" if other == "en" else "zh-Hant",
        nav=nav,
        topics=topics,
        switch=switch,
        root=root,
        page=page,
        title=page.title(lang),
        site=t("site", lang),
        ui={k: t(k, lang) for k in UI if "{" not in UI[k][0]},
        release=release,
        footer_cite=footer_cite,
        **context,
    )


def query_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pl.DataFrame:
    """A query's result as a Polars frame, through Arrow (no pandas)."""
    return pl.from_arrow(con.execute(sql, params or []).to_arrow_table()) if params else pl.from_arrow(con.sql(sql).to_arrow_table())


def _display(value: object, fmt: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if fmt == "integer":
        return f"{int(value):,}"
    if fmt == "year":
        return str(int(value))
    if fmt.startswith("number"):
        return f"{float(value):,.{int(fmt[-1])}f}"
    return str(value)


def as_written(value: float | None) -> str:
    """A number as written, with no digit lost or added: 0.006 stays 0.006, 500.0 prints 500."""
    if value is None:
        return "—"
    text = repr(float(value))
    if "e" in text:
        text = f"{value:f}".rstrip("0").rstrip(".")
    return text[:-2] if text.endswith(".0") else text


def cell_text(value: object, column: Column | None, lang: str) -> str:
    """A value as words in the page's language: vocabulary labels, yes/no, formatted numbers."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if column is None:
        return str(value)
    if column.values is not None and isinstance(value, str):
        return column.values.label(value, lang)
    return _display(value, column.format)


def label(table: Table | None, column: str, lang: str = "zh") -> str:
    if table is None:
        return column
    try:
        return table.column(column).label(lang)
    except KeyError:
        return column.replace("_", " ")


def _column(table: Table | None, name: str) -> Column | None:
    if table is None:
        return None
    try:
        return table.column(name)
    except KeyError:
        return None


def html_table(frame: pl.DataFrame, table: Table | None, lang: str, caption: str = "", notes: dict[tuple[int, str], list[int]] | None = None) -> Markup:
    """A plain, escaped HTML table (fast for thousands of rows); ``notes`` puts footnote marks on cells."""
    cols = [(c, _column(table, c)) for c in frame.columns]
    out = ['<table class="data">']
    if caption:
        out.append(f"<caption>{escape(caption)}</caption>")
    out.append("<thead><tr>")
    for name, column in cols:
        unit = (
            f"<small>{escape(unit_label(column.unit, lang))}</small>"
            if column is not None and column.unit and column.unit not in ("see unit", "ordinal")
            else ""
        )
        desc = f' title="{escape(column.describe(lang))}"' if column is not None else ""
        out.append(f"<th scope=col{desc}>{escape(label(table, name, lang) if column else name)}{unit}</th>")
    out.append("</tr></thead><tbody>")
    notes = notes or {}
    for i, row in enumerate(frame.iter_rows()):
        out.append("<tr>")
        for (name, column), value in zip(cols, row):
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            marks = "".join(f"<sup>{n}</sup>" for n in notes.get((i, name), []))
            out.append(f"<td{' class=n' if numeric else ''}>{escape(cell_text(value, column, lang))}{marks}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


def gt_table(frame: pl.DataFrame, table: Table | None, lang: str, title: str, note: str, table_id: str = "compact") -> Markup:
    """A compact great-tables table: values already turned into words, numbers formatted by declaration."""
    display = frame.with_columns([pl.Series(c, [cell_text(v, _column(table, c), lang) for v in frame[c].to_list()], dtype=pl.Utf8) for c in frame.columns])
    out = (
        gt.GT(display, id=table_id)
        .tab_header(  # a fixed id: great-tables draws a random one otherwise
            title=title
        )
        .tab_source_note(note)
    )
    out = out.cols_label(**{c: label(table, c, lang) if _column(table, c) else c for c in frame.columns})
    numeric = [c for c in frame.columns if frame.schema[c].is_numeric()]
    if numeric:
        out = out.cols_align(align="right", columns=numeric)
    return Markup(f'<div class="scroll">{out.as_raw_html(inline_css=False)}</div>')


def source_note(con: duckdb.DuckDBPyConnection, table: Table, frame: pl.DataFrame, lang: str) -> str:
    ids = sorted({s for c in table.source_columns() if c.name in frame.columns for v in frame[c.name].drop_nulls().to_list() for s in str(v).split(";")})
    head = t("source", lang)
    if not ids:
        return f"{head}: " + ("見資料來源頁。" if lang == "zh" else "see the sources page.")
    rows = con.execute(
        "SELECT source_id, title, publisher FROM raw.sources WHERE source_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY source_id", [ids]
    ).fetchall()
    return f"{head}: " + "; ".join(f"{title} — {publisher} [{sid}]" for sid, title, publisher in rows)


def _localized(con: duckdb.DuckDBPyConnection, table: str, column: str, lang: str) -> str:
    """The column to read for ``lang``: ``<column>_zh`` on Chinese pages where the table has it (a warehouse built before
    the Chinese texts has not), else ``column``; as SQL, named ``column``."""
    if lang == "zh":
        schema, name = table.split(".")
        have = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?", [schema, name]).fetchall()}
        if f"{column}_zh" in have:
            return f'coalesce("{column}_zh", "{column}") AS "{column}"'
    return f'"{column}"'


def claim_footnotes(con: duckdb.DuckDBPyConnection, table: Table, frame: pl.DataFrame, lang: str = "en") -> list[tuple[str, str, list[int]]]:
    """(footnote, column, row positions) for every disagreeing claim about a raw row this mart shows; its explanation in the page's language."""
    if not table.claim_marks:
        return []
    report = [s for (s,) in con.execute("SELECT source_id FROM raw.sources WHERE role = 'report'").fetchall()]
    explanation = _localized(con, "marts.claims", "explanation", lang)
    claims = con.execute(f"SELECT claim_id, {explanation}, stated_ref FROM marts.claims WHERE status = 'disagrees' ORDER BY claim_id").fetchall()
    indexed = frame.with_row_index("_row")
    notes = []
    for claim_id, explanation, stated_ref in claims:
        raw_table, _, key = stated_ref.partition(":")
        for mark in table.claim_marks:
            if mark.raw_table != raw_table:
                continue
            values = key.split(":")[: len(mark.key_columns)]
            condition = pl.lit(True)
            for column, value in zip(mark.key_columns, values):
                condition &= pl.col(column).cast(pl.Utf8) == value
            if mark.only_where_present:
                condition &= pl.col(mark.only_where_present).is_not_null()
            if mark.only_report_rows:
                condition &= pl.col("source_id").is_in(report)
            rows = indexed.filter(condition)["_row"].to_list()
            if rows:
                notes.append((f"{'查核不一致' if lang == 'zh' else 'Disagrees'} — {claim_id}: {explanation}", mark.column, rows))
    return notes


# -- charts -------------------------------------------------------------------


def chart_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    rows = con.execute(
        "SELECT chart_id, page, chart_kind, title_en, title_zh, unit, series_id, series_en, series_zh, category_en, category_zh, x, y, point_order, source_id "
        "FROM marts.chart_series ORDER BY chart_id, series_id, point_order"
    ).fetchall()
    out: dict[str, list[tuple]] = {}
    for r in rows:
        out.setdefault(r[0], []).append(r)
    return out


def chart_csv(points: list[tuple]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "chart_id",
            "page",
            "chart_kind",
            "title_en",
            "title_zh",
            "unit",
            "series_id",
            "series_en",
            "series_zh",
            "category_en",
            "category_zh",
            "x",
            "y",
            "point_order",
            "source_id",
        ]
    )
    for p in points:
        writer.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in p])
    return "\ufeff" + buf.getvalue()


def chart_figure(con: duckdb.DuckDBPyConnection, points: list[tuple], lang: str, sources: dict[str, tuple[str, str]], cite: str) -> dict:
    chart_id, _, kind, title_en, title_zh, unit = points[0][:6]
    title = title_zh if lang == "zh" else title_en
    if kind == "bar":
        svg = charts.bar_chart(title, [((p[10] if lang == "zh" else p[9]) or "", float(p[12])) for p in points], unit_label(unit, lang))
    else:
        series: dict[str, list[tuple[int, float]]] = {}
        for p in points:
            series.setdefault(p[8] if lang == "zh" else p[7], []).append((int(p[11]), float(p[12])))
        svg = charts.line_chart(title, series, unit_label(unit, lang))
    ids = sorted({p[14] for p in points if p[14]})
    source_line = "; ".join(f"{sources[s][0]} — {sources[s][1]}" for s in ids if s in sources)
    xs = [p[11] for p in points if p[11] is not None]
    n_series = len({p[6] for p in points})
    if xs:
        subtitle = f"{min(xs)}–{max(xs)} · " + (
            f"{n_series} 條序列 · 單位 {unit_label(unit, lang)}" if lang == "zh" else f"{n_series} series · unit {unit_label(unit, lang)}"
        )
    else:
        subtitle = (f"{len(points)} 項 · 單位 {unit_label(unit, lang)}") if lang == "zh" else f"{len(points)} items · unit {unit_label(unit, lang)}"
    return {"id": chart_id, "title": title, "subtitle": subtitle, "svg": Markup(svg), "source": source_line, "csv": f"charts/{chart_id}.csv", "cite": cite}


# -- compact tables -------------------------------------------------------------


def _pivot(frame: pl.DataFrame, index: str, columns: str, values: str, keep: int = 8) -> pl.DataFrame:
    if frame.is_empty():
        return frame
    years = sorted(frame[columns].unique().to_list())[-keep:]
    frame = frame.filter(pl.col(columns).is_in(years))
    wide = frame.pivot(on=columns, index=index, values=values, aggregate_function="first")
    order = [index] + [str(y) for y in years if str(y) in wide.columns]
    return wide.select(order).sort(order[-1], descending=True, nulls_last=True)


def compact_frame(con: duckdb.DuckDBPyConnection, name: str, lang: str) -> pl.DataFrame | None:
    """A short, readable view of a topic: countries × years, or the columns a reader needs first."""
    compact = PUBLISHED[name].compact
    if compact is None:
        return None
    frame = query_frame(con, compact.sql)
    if compact.pivot_on is not None:
        frame = _pivot(frame, f"name_{lang}", compact.pivot_on, compact.values, keep=compact.keep).rename(
            {f"name_{lang}": compact.label_zh if lang == "zh" else compact.label_en}
        )
    return frame.head(compact.limit) if compact.limit else frame


def generic_compact(frame: pl.DataFrame, table: Table, lang: str) -> pl.DataFrame:
    """The readable columns of a table: no ids, locators, notes or the other language's names."""
    other = "_en" if lang == "zh" else "_zh"
    keep = []
    for c in table.columns:
        if c.name not in frame.columns or c.name.endswith(other) or c.is_source_ref:
            continue
        if any(w in c.name for w in ("locator", "note", "file", "_id", "as_printed", "quote", "explanation")):
            continue
        if c.format == "code" and c.values is None:
            continue
        keep.append(c.name)
    return frame.select(keep[:7]).head(COMPACT_ROWS)


# -- pages ----------------------------------------------------------------------


def release_info(releases_dir: Path) -> dict | None:
    info = latest(releases_dir)
    if not info:
        return None
    version = info["version"]
    folder = releases_dir / version
    return {
        "version": version,
        "folder": folder,
        # the DuckDB 1.x file's size varies from one write to the next (its content does not): not printed, so pages stay reproducible
        "files": [{"name": p.name, "size": None if p.name == LEGACY_DATABASE else p.stat().st_size} for p in sorted(folder.iterdir())],
        "names": {p.name for p in folder.iterdir()},
        "citation": (folder / "CITATION.cff").read_text(encoding="utf-8") if (folder / "CITATION.cff").is_file() else "",
        "earlier": [v for v in reversed(published_versions(releases_dir)) if v != version],
        "zip": ZIP_NAME if (folder / ZIP_NAME).is_file() else None,
        "duckdb": LEGACY_DATABASE if (folder / LEGACY_DATABASE).is_file() else None,
    }


def downloads(name: str, release: dict | None, lang: str) -> list[dict]:
    if not release:
        return []
    root = "" if lang == "zh" else "../"
    out = []
    for ext, title in FORMATS:
        file = f"{name}.{ext}"
        if file in release["names"]:
            size = next(f["size"] for f in release["files"] if f["name"] == file)
            out.append({"href": f"{root}releases/{release['version']}/{file}", "label": f"{title} ({size / 1024:,.0f} KB)", "file": file})
    return out


def table_page(con, name: str, lang: str, release: dict | None, figures: list[dict]) -> str:
    table = PUBLISHED[name]
    frame = query_frame(con, f"SELECT * FROM {table.qualified} LIMIT {MAX_PAGE_ROWS + 1}")
    total = con.execute(f"SELECT count(*) FROM {table.qualified}").fetchall()[0][0]
    shown = frame.head(MAX_PAGE_ROWS)
    footnotes = claim_footnotes(con, table, shown, lang)
    notes: dict[tuple[int, str], list[int]] = {}
    for i, (_, column, rows) in enumerate(footnotes, start=1):
        for r in rows:
            notes.setdefault((r, column), []).append(i)
    compact = compact_frame(con, name, lang)
    compact_table = None
    note = source_note(con, table, shown, lang)
    if compact is None:
        compact = generic_compact(shown, table, lang)
    if compact is not None and compact.width and not compact.is_empty():
        compact_table = gt_table(compact, table, lang, t("compact", lang), note, table_id=f"compact_{name}")
    return _render(
        "table_page.html",
        Page(name, table.title_en, table.title_zh),
        lang,
        release,
        question=table.question_zh if lang == "zh" else table.question_en,
        description=table.describe(lang),
        charts=figures,
        compact=compact_table,
        downloads=downloads(name, release, lang),
        total=t("rows", lang, n=total),
        truncated=t("first_rows", lang, n=MAX_PAGE_ROWS) if total > MAX_PAGE_ROWS else "",
        full=html_table(shown, table, lang, notes=notes),
        footnotes=[text for text, _, _ in footnotes],
        source=note,
        qualified=table.qualified,
    )


def index_page(con, lang: str, release: dict | None, figures: list[dict]) -> str:
    basis = _localized(con, "marts.headline_figures", "basis", lang)
    rows = con.execute(f"SELECT label_en, label_zh, value, unit, display_format, {basis} FROM marts.headline_figures ORDER BY figure_order").fetchall()
    headline = [{"label": r[1] if lang == "zh" else r[0], "display": _display_figure(r[2], r[3], r[4]), "basis": r[5]} for r in rows]
    tables = [
        {
            "name": n,
            "title": PUBLISHED[n].title(lang),
            "href": f"{n}.html" if PUBLISHED[n].has_page or n == "claims" else None,
            "files": downloads(n, release, lang),
        }
        for n in PUBLISHED
    ]
    return _render(
        "index.html", Page("index", "Rare-earth supply-chain dataset", "稀土供應鏈資料集"), lang, release, figures=headline, charts=figures, tables=tables
    )


def _display_figure(value: float | None, unit: str, fmt: str) -> str:
    text = _display(value, fmt)
    return {"pct": f"{text} %", "ratio": f"×{text}"}.get(unit, text)


def claims_page(con, lang: str, release: dict | None) -> str:
    table = PUBLISHED["claims"]
    have = [r[0] for r in con.execute("DESCRIBE marts.claims").fetchall()]
    wanted = [
        "claim_id",
        "topic",
        "quote",
        "stated_value",
        "recomputed_value",
        "unit",
        "recomputed_unit",
        "comparison",
        "tolerance",
        "status",
        "rule",
        "basis",
        "review_note",
        "explanation",
    ]
    translated = ("rule", "basis", "review_note", "explanation")  # each with its Traditional Chinese companion <name>_zh

    def selected(c: str) -> str:
        if c not in have:
            return f'NULL AS "{c}"'
        return _localized(con, "marts.claims", c, lang) if c in translated else f'"{c}"'

    select = ", ".join(selected(c) for c in wanted)
    rows = con.execute(f"SELECT {select} FROM marts.claims ORDER BY claim_id").fetchall()
    order = {s: i for i, s in enumerate(STATUS)}
    topic_order = {s: i for i, s in enumerate(TOPICS)}
    status_col = _column(table, "status")
    comparison_col = _column(table, "comparison")

    def status_label(code: str) -> str:
        if code in STATUS:
            return pair(STATUS[code], code, lang)
        return status_col.values.label(code, lang) if status_col is not None and status_col.values else code

    claims = []
    for r in rows:
        c = dict(zip(wanted, r))
        c["status_label"] = status_label(c["status"])
        c["status_class"] = re.sub(r"[^a-z]+", "-", str(c["status"]))
        c["topic_label"] = pair(TOPICS.get(c["topic"]), c["topic"], lang)
        c["tolerance_text"] = f"±{as_written(c['tolerance'])}" if c["tolerance"] is not None else "—"
        c["comparison_label"] = cell_text(c["comparison"], comparison_col, lang) if c["comparison"] else "—"
        c["unit_label"], c["recomputed_unit_label"] = unit_label(c["unit"], lang), unit_label(c["recomputed_unit"], lang)
        # the search reads what the page shows: the texts in the page's language, with the labels
        shown = [*r, c["status_label"], c["topic_label"], c["comparison_label"]]
        c["search"] = " ".join(str(v) for v in shown if v is not None).lower()
        claims.append(c)
    claims.sort(key=lambda c: (topic_order.get(c["topic"], 99), c["topic"], order.get(c["status"], 9), c["claim_id"]))
    attention = [c for c in claims if c["status"] in ("disagrees", "not comparable")]
    others = [c for c in claims if c["status"] not in ("disagrees", "not comparable")]

    def grouped(items: list[dict]) -> list[dict]:
        groups: dict[str, dict] = {}
        for c in items:
            groups.setdefault(c["topic"], {"topic": c["topic"], "label": c["topic_label"], "claims": []})["claims"].append(c)
        return list(groups.values())

    statuses = [
        {"code": s, "label": status_label(s), "n": sum(c["status"] == s for c in claims)}
        for s in sorted({c["status"] for c in claims}, key=lambda s: order.get(s, 9))
    ]
    topics = [{"code": g["topic"], "label": g["label"]} for g in grouped(claims)]
    return _render(
        "claims.html",
        Page("claims", table.title_en, table.title_zh),
        lang,
        release,
        question=table.question_zh if lang == "zh" else table.question_en,
        description=table.describe(lang),
        attention=grouped(attention[:MAX_CLAIMS_SHOWN]),
        others=grouped(others[: max(0, MAX_CLAIMS_SHOWN - len(attention))]),
        truncated=t("first_claims", lang, n=MAX_CLAIMS_SHOWN, total=len(claims)) if len(claims) > MAX_CLAIMS_SHOWN else "",
        statuses=statuses,
        topic_options=topics,
        total=len(claims),
        downloads=downloads("claims", release, lang),
        has_rule="rule" in have,
        has_note="review_note" in have,
    )


def source_link(url: str | None) -> Markup | str:
    """http/https identifiers as links; anything else (a DOI, an announcement number, javascript:) as text."""
    if url and re.match(r"^https?://[^\s<>\"']+$", url):
        return Markup(f'<a href="{escape(url)}" rel="noopener">{escape(url)}</a>')
    return url or "—"


def sources_page(con, lang: str, release: dict | None) -> str:
    table = PUBLISHED["sources"]
    frame = query_frame(con, "SELECT * FROM raw.sources ORDER BY source_id")
    rows = []
    for r in frame.iter_rows(named=True):
        rows.append(
            {
                "id": r["source_id"],
                "title": r["title"],
                "publisher": r["publisher"],
                "url": source_link(r["url_or_identifier"]),
                "published": cell_text(r.get("published_date") or r.get("published_year"), None, lang),
                "accessed": cell_text(r.get("accessed_date"), None, lang),
                "licence": r.get("licence") or "—",
                "type": cell_text(r.get("source_type"), _column(table, "source_type"), lang),
                "role": cell_text(r.get("role"), _column(table, "role"), lang),
                "note": r.get("note") or "",
            }
        )
    return _render(
        "sources.html", Page("sources", table.title_en, table.title_zh), lang, release, rows=rows, downloads=downloads("sources", release, lang), table=table
    )


# the data dictionary's headers, in both languages
DICTIONARY_HEADERS = {
    "table_schema": ("層級", "Schema"),
    "table_name": ("資料表", "Table"),
    "column_name": ("欄位", "Column"),
    "label_zh": ("中文標籤", "Chinese label"),
    "label_en": ("英文標籤", "English label"),
    "data_type": ("資料型別", "Type"),
    "unit": ("單位", "Unit"),
    "description": ("說明", "Description"),
}


def dictionary_page(con, lang: str, release: dict | None) -> str:
    frame = query_frame(
        con, "SELECT table_schema, table_name, column_name, label_zh, label_en, data_type, unit, description FROM meta.data_dictionary ORDER BY ALL"
    )
    # meta.data_dictionary holds the English descriptions; the Chinese pages read each column's own declaration
    declared = {(t.layer, t.name, c.name): c.describe(lang) for t in (*RAW_TABLES.values(), *MARTS.values()) for c in t.columns}
    keys = frame.select("table_schema", "table_name", "column_name").iter_rows()
    frame = frame.with_columns(pl.Series("description", [declared.get(k, d) for k, d in zip(keys, frame["description"])], dtype=pl.Utf8))
    frame = frame.rename({c: pair(DICTIONARY_HEADERS.get(c), c, lang) for c in frame.columns})
    return _render(
        "dictionary.html",
        Page("dictionary", "Data dictionary", "資料字典"),
        lang,
        release,
        table_html=html_table(frame, None, lang),
        total=t("rows", lang, n=frame.height),
    )


def _split_dict(text: str) -> tuple[dict, str]:
    """The leading Python dict literal of a changelog line, and what follows it."""
    end = text.find("}")
    while end != -1:
        try:
            value = ast.literal_eval(text[: end + 1])
            if isinstance(value, dict):
                return value, text[end + 1 :]
        except (ValueError, SyntaxError):
            pass
        end = text.find("}", end + 1)
    return {}, text


def parse_changelog(text: str) -> dict:
    """A release's CHANGELOG.md as {title, intro, tables: [{name, added, removed, changed}]}."""
    out: dict = {"title": "", "intro": [], "tables": []}
    current = None
    for line in text.splitlines():
        if line.startswith("# "):
            out["title"] = line[2:]
        elif line.startswith("## "):
            current = {"name": line[3:].strip(), "added": [], "removed": [], "changed": [], "notes": []}
            out["tables"].append(current)
        elif line.startswith("- ") and current is not None:
            verb, _, rest = line[2:].partition(" ")
            if verb not in ("added", "removed", "changed"):  # "new table: N rows", "… and N more changes"
                current["notes"].append(line[2:])
                continue
            key, tail = _split_dict(rest)
            key_text = ", ".join(f"{k} = {v}" for k, v in key.items()) or rest
            if verb in ("added", "removed"):
                current[verb].append(key_text)
            elif verb == "changed":
                for part in tail.lstrip(":").strip().split("; "):
                    column, _, change = part.partition(": ")
                    old, _, new = change.partition(" → ")
                    current["changed"].append({"key": key_text, "column": column, "old": old, "new": new})
        elif line.strip() and current is None and not line.startswith("#"):
            out["intro"].append(line)
    return out


# the changelog's own sentences (release.changelog) in Chinese; table keys, columns and values stay as written
_CHANGELOG_ZH = (
    (re.compile(r"^Changes in (\S+)$"), r"\1 版的變更"),
    (re.compile(r"^Against (\S+)\. Rows are identified by each table's key\.$"), r"與 \1 版比較;各表的列以該表的鍵識別。"),
    (re.compile(r"^First release\.$"), "第一版。"),
    (re.compile(r"^No value changed \(the release's files, schema or metadata did\)\.$"), "沒有數值變更(變的是版本的檔案、結構或中繼資料)。"),
    (re.compile(r"^new table: (\d+) rows$"), r"新增的表:\1 列"),
    (re.compile(r"^new columns: (.+)$"), r"新增欄位:\1"),
    (re.compile(r"^columns removed: (.+)$"), r"移除的欄位:\1"),
    (re.compile(r"^new key \((.+)\): (\d+) rows, not matched row by row with the previous release$"), r"新的鍵(\1):\2 列,未與前一版逐列比對"),
    (
        re.compile(r"^… and (\d+) more changes to (\S+) \(compare the two releases' files for all of them\)$"),
        r"……另有 \2 的 \1 項變更(完整內容請比對兩版的檔案)",
    ),
)


def changelog_zh(text: str) -> str:
    """One sentence of a changelog in Chinese, if it is one the changelog writes; else as written."""
    for pattern, replacement in _CHANGELOG_ZH:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return text


def changelog_page(lang: str, release: dict | None) -> str:
    log = None
    if release and (release["folder"] / "CHANGELOG.md").is_file():
        log = parse_changelog((release["folder"] / "CHANGELOG.md").read_text(encoding="utf-8"))
        if lang == "zh":
            log["title"] = changelog_zh(log["title"])
            log["intro"] = [changelog_zh(line) for line in log["intro"]]
            for table in log["tables"]:
                table["notes"] = [changelog_zh(line) for line in table["notes"]]
    return _render("changelog.html", Page("changelog", "Changelog", "版本變更"), lang, release, log=log)


def methodology_section() -> str:
    """README's "Methodology" section as Markdown: from the line after its heading to the next "## " heading."""
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    match = re.search(r"^## Methodology\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    return match.group(1) if match else ""


def methodology_translation() -> str | None:
    """The section's Traditional Chinese translation (without its header line); None when the file is missing or
    was made from another English text (the sha256 it records is not the current section's), so a stale
    translation is never shown as current."""
    if not METHODOLOGY_ZH.is_file():
        return None
    match = TRANSLATION_HEADER.match(METHODOLOGY_ZH.read_text(encoding="utf-8"))
    if not match or match.group(1) != hashlib.sha256(methodology_section().encode("utf-8")).hexdigest():
        return None
    return match.string[match.end() :]


def methodology_source(lang: str) -> tuple[str, str]:
    """(Markdown, its language tag): the translation on Chinese pages where it is current, else the English section."""
    if lang == "zh" and (translation := methodology_translation()) is not None:
        return translation, "zh-Hant"
    return methodology_section(), "en"


def methodology_html(lang: str = "en") -> Markup:
    """The "Methodology" section in ``lang`` (see ``methodology_source``), as HTML (raw HTML in it is escaped; only
    http/https links stay links)."""
    from markdown_it import MarkdownIt

    text = methodology_source(lang)[0]
    if not text.strip():
        return Markup("")
    html = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    html = re.sub(r'<a href="(?!https?://)[^"]*">(.*?)</a>', r"\1", html)
    html = html.replace("<table>", '<div class="scroll"><table class="data">').replace("</table>", "</table></div>")
    return Markup(html)


def methodology_page(lang: str, release: dict | None, readme: Markup, readme_lang: str = "en") -> str:
    return _render("methodology.html", Page("methodology", "Methodology", "方法"), lang, release, readme=readme, readme_lang=readme_lang)


def render(con: duckdb.DuckDBPyConnection, releases_dir: Path) -> dict[str, str]:
    """Every page's HTML (and every chart's CSV) by path under the site, read from the build database and the releases folder."""
    release = release_info(releases_dir)
    sources = {r[0]: (r[1], r[2]) for r in con.execute("SELECT source_id, title, publisher FROM raw.sources").fetchall()}
    points = chart_rows(con)
    out: dict[str, str] = {f"charts/{cid}.csv": chart_csv(p) for cid, p in points.items()}
    cite = f"{DATASET_TITLE}, {release['version']}" if release else DATASET_TITLE
    readme = {lang: (methodology_html(lang), methodology_source(lang)[1]) for lang in LANGS}
    for lang in LANGS:
        figures: dict[str, list[dict]] = {}
        for p in points.values():
            fig = chart_figure(con, p, lang, sources, cite)
            fig["csv"] = ("" if lang == "zh" else "../") + fig["csv"]
            figures.setdefault(p[0][1], []).append(fig)
        for page in topic_pages():
            out[path_of(page.name, lang)] = table_page(con, page.name, lang, release, figures.get(page.name, [])[:3])
        front = [f for name, table in PUBLISHED.items() if table.on_front_page for f in figures.get(name, [])[:1]]
        out[path_of("index", lang)] = index_page(con, lang, release, front)
        out[path_of("claims", lang)] = claims_page(con, lang, release)
        out[path_of("sources", lang)] = sources_page(con, lang, release)
        out[path_of("dictionary", lang)] = dictionary_page(con, lang, release)
        out[path_of("changelog", lang)] = changelog_page(lang, release)
        out[path_of("methodology", lang)] = methodology_page(lang, release, *readme[lang])
    return out


__all__ = ["render", "ABSTRACT"]
