"""The site as readers meet it: every page in both languages at a phone's and a laptop's width,
no sideways scrolling, no console error, no request outside the site, Chinese drawn by a real
CJK font (not missing-glyph boxes), the language switch, the claims filter, the downloads."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import duckdb
import pyarrow.parquet as pq
import pytest
from playwright.sync_api import sync_playwright
from test_site import ARGS, CHROMIUM

from pipeline.core.release import LEGACY_DATABASE, PUBLISHED, ZIP_NAME
from pipeline.core.site import as_written, parse_changelog, source_link

WIDTHS = (390, 1280)

# Draws a CJK string and as many private-use characters (which no font has: they render as the
# missing-glyph box) in the page's font; identical pixels mean the CJK glyphs are boxes too.
TOFU_CHECK = """() => {
  const font = getComputedStyle(document.body).fontFamily;
  function draw(text) {
    const c = document.createElement('canvas'); c.width = 200; c.height = 40;
    const g = c.getContext('2d'); g.font = '24px ' + font; g.fillText(text, 2, 30);
    return Array.from(g.getImageData(0, 0, 200, 40).data).join(',');
  }
  return {cjk: draw('稀土供應'), tofu: draw('\\uE000\\uE001\\uE002\\uE003'), loaded: document.fonts.check('16px "Noto Sans CJK TC"')};
}"""


def site_pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html")) + sorted((site / "en").glob("*.html"))


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_every_page_fits_both_widths_without_errors_or_outside_requests(browser, built):
    site = built / "site"
    pages = site_pages(site)
    assert len(pages) == 2 * len(list(site.glob("*.html"))) and (site / "en" / "index.html").exists()
    errors: list[str] = []
    urls: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: urls.append(r.url))
        for path in pages:
            page.goto(path.as_uri())
            scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert scroll <= client, (path.relative_to(site), width, scroll, client)
            lang = page.get_attribute("html", "lang")
            assert lang == ("en" if path.parent.name == "en" else "zh-Hant"), path
        assert errors == [], errors[:5]
        assert all(u.startswith("file://") for u in urls), [u for u in urls if not u.startswith("file://")][:5]
        context.close()


def test_chinese_is_drawn_by_a_cjk_font_not_boxes(browser, built):
    page = browser.new_page()
    for path in (built / "site" / "index.html", built / "site" / "en" / "claims.html"):
        page.goto(path.as_uri())
        seen = page.evaluate(TOFU_CHECK)
        assert seen["cjk"] != seen["tofu"], f"{path.name}: Chinese glyphs render as missing-glyph boxes (install fonts-noto-cjk)"
        assert seen["loaded"]
    page.close()


def test_every_link_resolves_and_the_switch_reaches_the_same_page(browser, built):
    site = built / "site"
    page = browser.new_page()
    for path in site_pages(site):
        page.goto(path.as_uri())
        for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            scheme = urlparse(link).scheme
            assert scheme in ("file", "http", "https"), (path.name, link)
            if scheme == "file":
                assert Path(unquote(urlparse(link).path)).exists(), (path.name, link)
        switch = page.get_attribute("a.switch", "href")
        other = (path.parent / switch).resolve()
        assert other.name == path.name and other.parent != path.parent and other.exists(), (path, switch)
    page.close()


def test_every_table_page_links_its_csv_xlsx_and_parquet(browser, built):
    site = built / "site"
    version = json.loads((site / "releases" / "latest.json").read_text())["version"]
    page = browser.new_page()
    for name, table in PUBLISHED.items():
        if not table.has_page:
            continue
        for path in (site / f"{name}.html", site / "en" / f"{name}.html"):
            page.goto(path.as_uri())
            links = {Path(unquote(urlparse(u).path)).name for u in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)") if f"/{version}/" in u}
            assert {f"{name}.csv", f"{name}.xlsx", f"{name}.parquet"} <= links, path
    page.close()


def test_topic_pages_open_with_their_question_and_charts_with_data(browser, built):
    site = built / "site"
    page = browser.new_page(java_script_enabled=False)
    for name in ("world_production", "usgs_mine_production", "usgs_concentration", "usgs_prices", "us_trade"):
        for path, lang in ((site / f"{name}.html", "zh"), (site / "en" / f"{name}.html", "en")):
            page.goto(path.as_uri())
            question = page.inner_text("p.question")
            assert question == (PUBLISHED[name].question_zh if lang == "zh" else PUBLISHED[name].question_en)
            figures = page.query_selector_all("figure")
            assert 1 <= len(figures) <= 3, path
            for fig in figures:
                assert fig.query_selector("figcaption b").inner_text() and fig.query_selector("svg[viewBox]")
                data = fig.query_selector("a[download]").get_attribute("href")
                rows = list(csv.DictReader(io.StringIO((path.parent / data).read_text(encoding="utf-8-sig"))))
                assert rows and all(r["y"] for r in rows)
            assert page.query_selector(".scroll table.data")
    page.close()


def test_codes_and_flags_show_as_words(browser, built):
    page = browser.new_page(java_script_enabled=False)
    page.goto((built / "site" / "usgs_mine_production.html").as_uri())
    text = page.inner_text("div.scroll.tall")
    assert "是" in text and "否" in text and "False" not in text and "True" not in text
    page.goto((built / "site" / "en" / "usgs_mine_production.html").as_uri())
    text = page.inner_text("div.scroll.tall")
    assert "yes" in text and "False" not in text
    assert "is_estimated" not in page.inner_text("thead")


def test_claims_page_lists_disagreements_first_and_filters_without_reloading(browser, built):
    page = browser.new_page()
    page.goto((built / "site" / "en" / "claims.html").as_uri())
    statuses = page.eval_on_selector_all("[data-claim]", "els => els.map(e => e.dataset.status)")
    first = [s for s in statuses if s in ("disagrees", "not comparable")]
    assert statuses[: len(first)] == first and "disagrees" in first
    page.evaluate("window.marker = 1")
    page.select_option("#f-status", "agrees")
    visible = page.eval_on_selector_all("[data-claim]", "els => els.filter(e => !e.hidden).map(e => e.dataset.status)")
    assert visible and set(visible) == {"agrees"}
    assert page.evaluate("window.marker") == 1  # the same document: nothing reloaded
    page.select_option("#f-status", "")
    page.fill("#f-text", "printed_share/production:VNM")
    visible = page.eval_on_selector_all("[data-claim]", "els => els.filter(e => !e.hidden).map(e => e.id)")
    assert "printed_share/production:VNM" in visible and len(visible) < len(statuses)
    page.close()
    nojs = browser.new_page(java_script_enabled=False)
    nojs.goto((built / "site" / "claims.html").as_uri())
    assert len(nojs.query_selector_all("[data-claim]")) == len(statuses)  # complete without the script
    assert "不一致" in nojs.inner_text("main")
    nojs.close()


def test_tolerances_print_as_written_and_only_web_urls_become_links():
    assert as_written(0.006) == "0.006" and as_written(0.005) == "0.005" and as_written(500.0) == "500" and as_written(0.05) == "0.05"
    assert 'href="https://example.org/a"' in str(source_link("https://example.org/a"))
    for text in ("javascript:alert(1)", "doi:10.5066/P9", "ftp://x", "https://x.org/<script>"):
        assert source_link(text) == text


def test_changelog_lines_parse_into_added_removed_changed():
    log = parse_changelog(
        "# Changes in 2030.01.02\n\nAgainst 2030.01.01.\n\n## legislation\n\n- added {'law_id': 'a'}\n- removed {'law_id': 'b: c}'}\n"
        "- changed {'law_id': 'reeshore_act_2022'}: law_name_en: REEShore Act → REEShore Act (long); year: 2021 → 2022\n"
    )
    (table,) = log["tables"]
    assert table["added"] == ["law_id = a"] and table["removed"] == ["law_id = b: c}"]
    assert table["changed"] == [
        {"key": "law_id = reeshore_act_2022", "column": "law_name_en", "old": "REEShore Act", "new": "REEShore Act (long)"},
        {"key": "law_id = reeshore_act_2022", "column": "year", "old": "2021", "new": "2022"},
    ]


def test_release_ships_csv_xlsx_zip_and_parquet_with_field_metadata(built):
    import openpyxl

    site = built / "site"
    version = json.loads((site / "releases" / "latest.json").read_text())["version"]
    release = site / "releases" / version
    raw = (release / "country_shares.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "中國".encode() in raw
    wb = openpyxl.load_workbook(release / "country_shares.xlsx", read_only=True)
    assert wb.sheetnames == ["country_shares", "columns"]
    field = pq.read_schema(release / "country_shares.parquet").field("share_pct")
    assert field.metadata[b"unit"] == b"pct" and field.metadata[b"description"]
    with zipfile.ZipFile(release / ZIP_NAME) as zf:
        names = zf.namelist()
        readme = zf.read(f"rare-earths-supply-chain-{version}/README.md").decode()
        assert f"rare-earths-supply-chain-{version}/datapackage.json" in names
        assert any(n.endswith("/warehouse/schema.sql") for n in names) and any(n.endswith("/warehouse/load.sql") for n in names)
    for name in PUBLISHED:
        assert f"`{name}`" in readme and f"rare-earths-supply-chain-{version}/{name}.csv" in names
    assert "licence" in readme.lower() and "cff-version" in readme and "DuckDB 0.10, 1.x and 2.x" in readme
    latest = site / "latest"
    assert (latest / "country_shares.csv").read_bytes() == raw and (latest / ZIP_NAME).is_file()
    # the DuckDB 1.x file (opened by real 1.x packages in test_legacy_warehouse) is in the release and linked from the front page
    con = duckdb.connect(str(release / LEGACY_DATABASE), read_only=True)
    assert con.execute("SELECT count(*) FROM marts.country_shares").fetchall()[0][0] > 0
    assert con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()").fetchall()[0][0] == "v1.0.0+"
    con.close()
    assert f'releases/{version}/{LEGACY_DATABASE}"' in (site / "index.html").read_text(encoding="utf-8")
    assert f"`{LEGACY_DATABASE}`" in readme and "1.0.0 to 1.5.x" in readme


def test_the_warehouse_export_imports_into_duckdb(built, tmp_path):
    import duckdb

    version = json.loads((built / "site" / "releases" / "latest.json").read_text())["version"]
    with zipfile.ZipFile(built / "site" / "releases" / version / ZIP_NAME) as zf:
        zf.extractall(tmp_path)
    folder = tmp_path / f"rare-earths-supply-chain-{version}" / "warehouse"
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(f"IMPORT DATABASE '{folder}'")
    assert con.execute("SELECT count(*) FROM marts.country_shares").fetchall()[0][0] > 0
    con.close()
