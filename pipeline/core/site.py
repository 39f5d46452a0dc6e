"""The static site, rendered from the build database and the release folder.

The renderer renders: every figure, chart point and table row it shows is read from
a mart (``marts.headline_figures`` and ``marts.chart_series`` hold the front page's
figures and every chart's data). Page markup comes from Jinja2 templates with
autoescaping; tables are great-tables HTML (which escapes cell text); charts are
SVG with every text escaped. Pages are self-contained: inline CSS and SVG, no
script, no external request.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import great_tables as gt
import polars as pl
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from pipeline.core import charts
from pipeline.core.declare import Table
from pipeline.core.release import PUBLISHED, latest, published_versions

MAX_PAGE_ROWS = 200  # a page shows at most this many rows; the release's files have them all
TEMPLATES = Path(__file__).with_name("templates")

CSS = """
body{font-family:"Noto Sans CJK TC","Noto Sans",sans-serif;margin:0;color:#222;line-height:1.5}
header{background:#1f3b57;color:#fff;padding:12px 24px}header a{color:#fff;margin-right:12px;font-size:14px}
main{padding:16px 24px;max-width:1400px}h1{font-size:24px}h2{font-size:19px;margin-top:28px}
.figures{display:flex;flex-wrap:wrap;gap:12px}.figure{border:1px solid #ccd;padding:10px 14px;min-width:200px}
.figure b{display:block;font-size:22px}pre{background:#f4f4f4;padding:10px;overflow:auto;white-space:pre-wrap}
table.downloads td{padding:2px 10px}.scroll{overflow-x:auto}
"""

_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


@dataclass(frozen=True)
class Page:
    name: str
    title_en: str
    title_zh: str


def _pages() -> list[Page]:
    marts = [Page(n, t.title_en, t.title_zh) for n, t in PUBLISHED.items() if t.has_page and t.layer == "marts" and n != "claims"]
    return [
        Page("index", "Home", "首頁"),
        *marts,
        Page("claims", "Claims", "事實查核"),
        Page("dictionary", "Dictionary", "資料字典"),
        Page("sources", "Sources", "來源"),
        Page("changelog", "Changelog", "變更"),
    ]


def _render(template: str, page: Page, **context) -> str:
    nav = [
        {
            "href": f"{p.name}.html",
            "label": p.title_zh if p.name not in ("index", "claims", "dictionary", "sources", "changelog") else f"{p.title_zh} {p.title_en}",
        }
        for p in _pages()
    ]
    return _ENV.get_template(template).render(css=CSS, nav=nav, title_en=page.title_en, title_zh=page.title_zh, **context)


def label(table: Table | None, column: str) -> str:
    if table is None:
        return column
    c = table.column(column)
    return f"{c.label_zh} · {c.label_en}"


def query_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    """A query's result as a Polars frame, through Arrow (no pandas)."""
    return pl.from_arrow(con.sql(sql).to_arrow_table())


def _display(value: object, fmt: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    if fmt == "integer":
        return f"{int(value):,}"
    if fmt.startswith("number"):
        return f"{float(value):,.{int(fmt[-1])}f}"
    return str(value)


def gt_table(
    name: str,
    frame: pl.DataFrame,
    table: Table | None,
    title_en: str,
    title_zh: str,
    subtitle: str,
    note: str,
    footnotes: list[tuple[str, str, list[int]]] = (),
    max_rows: int = MAX_PAGE_ROWS,
) -> str:
    """A great-tables table of a Polars frame (great-tables renders Polars several times faster than pandas)."""
    if frame.height > max_rows:
        subtitle += f" — first {max_rows:,} rows shown; the downloads have every row"
        footnotes = [(t, c, [r for r in rows if r < max_rows]) for t, c, rows in footnotes if any(r < max_rows for r in rows)]
    frame = frame.head(max_rows)
    formats = {c.name: c.format for c in table.columns} if table is not None else {}
    text_columns = [c for c in frame.columns if formats.get(c, "text") in ("date", "bool", "text", "code") or frame.schema[c] == pl.Utf8]
    frame = frame.with_columns([pl.col(c).cast(pl.Utf8) for c in text_columns])
    out = gt.GT(frame, id=f"t_{name}").tab_header(title=f"{title_zh} · {title_en}", subtitle=subtitle)
    out = out.cols_label(**{c: label(table, c) for c in frame.columns})
    for c in frame.columns:
        fmt = formats.get(c)
        if fmt and fmt.startswith("number"):
            out = out.fmt_number(columns=c, decimals=int(fmt[-1]), use_seps=True)
        elif fmt == "integer":
            out = out.fmt_integer(columns=c, use_seps=True)
    out = out.sub_missing(missing_text="—").tab_source_note(note)
    for text, column, rows in footnotes:
        out = out.tab_footnote(footnote=text, locations=gt.loc.body(columns=column, rows=rows))
    return f'<div class="scroll">{out.as_raw_html()}</div>'


def source_note(con: duckdb.DuckDBPyConnection, table: Table, frame: pl.DataFrame) -> str:
    ids = sorted({s for c in table.source_columns() for v in frame[c.name].drop_nulls().to_list() for s in str(v).split(";")})
    if not ids:
        return "來源 Sources: see the sources page."
    rows = con.execute(
        "SELECT source_id, title, publisher FROM raw.sources WHERE source_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY source_id", [ids]
    ).fetchall()
    return "來源 Sources: " + "; ".join(f"{title} — {publisher} [{sid}]" for sid, title, publisher in rows)


def claim_footnotes(con: duckdb.DuckDBPyConnection, table: Table, frame: pl.DataFrame) -> list[tuple[str, str, list[int]]]:
    """(footnote, column, row positions) for every disagreeing claim about a raw row this mart shows."""
    if not table.claim_marks:
        return []
    report = [s for (s,) in con.execute("SELECT source_id FROM raw.sources WHERE role = 'report'").fetchall()]
    claims = con.execute("SELECT claim_id, explanation, stated_ref FROM marts.claims WHERE status = 'disagrees' ORDER BY claim_id").fetchall()
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
                notes.append((f"查核不一致 Disagrees — {claim_id}: {explanation}", mark.column, rows))
    return notes


def chart_svgs(con: duckdb.DuckDBPyConnection, page: str) -> list[Markup]:
    """Every chart of ``marts.chart_series`` that belongs on ``page``, as SVG."""
    rows = con.execute(
        "SELECT chart_id, chart_kind, title_en, title_zh, unit, series_id, series_en, series_zh, category_en, category_zh, x, y "
        "FROM marts.chart_series WHERE page = ? ORDER BY chart_id, series_id, point_order",
        [page],
    ).fetchall()
    out, charts_by_id = [], {}
    for r in rows:
        charts_by_id.setdefault(r[0], []).append(r)
    for points in charts_by_id.values():
        _, kind, title_en, title_zh, unit = points[0][:5]
        title = f"{title_zh} · {title_en}"
        if kind == "bar":
            svg = charts.bar_chart(title, [(f"{p[9]} {p[8]}" if p[9] != p[8] else p[8], float(p[11])) for p in points], unit)
        else:
            series: dict[str, list[tuple[int, float]]] = {}
            for p in points:
                series.setdefault(f"{p[7]} {p[6]}", []).append((int(p[10]), float(p[11])))
            svg = charts.line_chart(title, series, unit)
        out.append(Markup(svg))
    return out


def table_page(con: duckdb.DuckDBPyConnection, name: str) -> str:
    table = PUBLISHED[name]
    frame = query_frame(con, f"SELECT * FROM {table.qualified} LIMIT {MAX_PAGE_ROWS + 1}")
    total = con.execute(f"SELECT count(*) FROM {table.qualified}").fetchall()[0][0]
    html = gt_table(
        name,
        frame,
        table,
        table.title_en,
        table.title_zh,
        f"{table.qualified} — {total} rows / 列",
        source_note(con, table, frame),
        claim_footnotes(con, table, frame),
    )
    return _render(
        "table_page.html", Page(name, table.title_en, table.title_zh), description=table.description, charts=chart_svgs(con, name), table_html=Markup(html)
    )


def index_page(con: duckdb.DuckDBPyConnection, releases_dir: Path) -> str:
    figures = [
        {"label_en": r[0], "label_zh": r[1], "display": _display_figure(r[2], r[3], r[4]), "basis": r[5]}
        for r in con.execute("SELECT label_en, label_zh, value, unit, display_format, basis FROM marts.headline_figures ORDER BY figure_order").fetchall()
    ]
    release = None
    info = latest(releases_dir)
    if info:
        version = info["version"]
        folder = releases_dir / version
        release = {
            "version": version,
            "files": [{"name": p.name, "size": p.stat().st_size} for p in sorted(folder.iterdir())],
            "citation": (folder / "CITATION.cff").read_text(encoding="utf-8"),
            "earlier": [v for v in reversed(published_versions(releases_dir)) if v != version],
        }
    return _render(
        "index.html",
        Page("index", "Rare-earth supply-chain dataset", "稀土供應鏈資料集"),
        figures=figures,
        charts=chart_svgs(con, "country_shares")[:1],
        release=release,
    )


def _display_figure(value: float | None, unit: str, fmt: str) -> str:
    text = _display(value, fmt)
    return {"pct": f"{text} %", "ratio": f"×{text}"}.get(unit, text)


def render(con: duckdb.DuckDBPyConnection, releases_dir: Path) -> dict[str, str]:
    """Every page's HTML by file name, read from the build database and the releases folder."""
    pages = {f"{p.name}.html": table_page(con, p.name) for p in _pages() if p.name in PUBLISHED}
    pages["index.html"] = index_page(con, releases_dir)
    sources = PUBLISHED["sources"]
    frame = query_frame(con, "SELECT * FROM raw.sources ORDER BY source_id")
    pages["sources.html"] = _render(
        "table_page.html",
        Page("sources", sources.title_en, sources.title_zh),
        description=sources.description,
        charts=[],
        table_html=Markup(gt_table("sources", frame, sources, "Sources", "資料來源", f"{frame.height} sources / 個來源", "raw/sources.csv", max_rows=10_000)),
    )
    dictionary = query_frame(con, "SELECT table_schema, table_name, column_name, label_zh, label_en, data_type, unit, description FROM meta.data_dictionary")
    pages["dictionary.html"] = _render(
        "table_page.html",
        Page("dictionary", "Data dictionary", "資料字典"),
        description="Every column of every table, from its one declaration (pipeline/core/raw_tables.py, pipeline/core/marts.py).",
        charts=[],
        table_html=Markup(
            gt_table(
                "dictionary",
                dictionary,
                None,
                "Data dictionary",
                "資料字典",
                f"{dictionary.height} columns / 個欄位",
                "Derived from the column declarations.",
                max_rows=10_000,
            )
        ),
    )
    info = latest(releases_dir)
    log = (releases_dir / info["version"] / "CHANGELOG.md").read_text(encoding="utf-8") if info else "No release yet."
    pages["changelog.html"] = _render("changelog.html", Page("changelog", "Changelog", "版本變更"), changelog=log)
    return pages
