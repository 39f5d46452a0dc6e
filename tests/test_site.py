"""Every page opened in headless Chromium: no console errors, no failed or external requests,
every link resolves, the tables show the expected numbers, curated HTML is shown as text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import sync_playwright

from pipeline.core.release import PUBLISHED
from pipeline.core.site import render

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def visit(browser, path: Path, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors, failed, urls, dialogs = [], [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("request", lambda r: urls.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    text = page.inner_text("body")
    context.close()
    return {"errors": errors, "failed": failed, "urls": urls, "links": links, "text": text, "dialogs": dialogs}


def test_every_page_loads_cleanly_and_every_link_resolves(browser, built):
    site = built / "site"
    pages = sorted(site.glob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "claims.html", "dictionary.html", "sources.html", "changelog.html", "country_shares.html"}
    for path in pages:
        seen = visit(browser, path)
        assert seen["errors"] == [] and seen["failed"] == [], path.name
        assert all(u.startswith("file://") for u in seen["urls"]), (path.name, seen["urls"])
        for link in seen["links"]:
            target = Path(unquote(urlparse(link).path))
            if urlparse(link).scheme in ("http", "https"):  # a source's own URL: linked, never requested
                continue
            assert urlparse(link).scheme == "file" and target.exists(), (path.name, link)


def test_index_links_every_download_of_the_latest_release(browser, built):
    site = built / "site"
    version = json.loads((site / "releases" / "latest.json").read_text())["version"]
    seen = visit(browser, site / "index.html")
    linked = {Path(unquote(urlparse(u).path)).name for u in seen["links"] if f"/releases/{version}/" in u}
    assert linked == {p.name for p in (site / "releases" / version).iterdir()}
    assert "cff-version" in seen["text"]


def test_tables_show_the_expected_numbers_without_javascript(browser, built):
    site = built / "site"
    shares = visit(browser, site / "country_shares.html", javascript=False)["text"]
    assert "68.54" in shares and "270,000" in shares and "393,950" in shares
    prices = visit(browser, site / "price_multipliers.html", javascript=False)["text"]
    assert "88,018.29" in prices and "14.64" in prices
    claims = visit(browser, site / "en" / "claims.html", javascript=False)["text"]
    assert "disagrees" in claims and "printed_share/production:VNM" in claims


def test_disagreeing_values_carry_footnotes(browser, built):
    text = visit(browser, built / "site" / "country_shares.html", javascript=False)["text"]
    assert "查核不一致 — printed_share/production:VNM" in text  # labelled in the page's language
    text = visit(browser, built / "site" / "en" / "country_shares.html", javascript=False)["text"]
    assert "Disagrees — printed_share/production:VNM" in text
    text = visit(browser, built / "site" / "export_controls.html", javascript=False)["text"]
    assert "export_control_date/mofcom_2025_57:effective" in text


def test_pages_are_bilingual_and_every_published_column_has_a_chinese_label():
    import re

    for table in PUBLISHED.values():
        for c in table.columns:
            assert c.label_en and c.label_zh and c.label_zh != c.name, (table.name, c.name)
            assert re.search(r"[\u4e00-\u9fff]", c.label_zh), (table.name, c.name, c.label_zh)


def test_every_table_and_column_has_a_chinese_description_and_the_chinese_pages_show_it(built):
    import html
    import re

    from pipeline.core.declare import carry
    from pipeline.core.marts import MARTS
    from pipeline.core.raw_tables import RAW_TABLES

    cjk = re.compile(r"[\u4e00-\u9fff]")
    for table in (*RAW_TABLES.values(), *MARTS.values()):
        assert table.description_zh and cjk.search(table.description_zh), table.name
        for c in table.columns:
            assert c.description_zh and cjk.search(c.description_zh), (table.name, c.name)
    # a column given a new description does not keep the translation of the old one
    assert carry(RAW_TABLES["sources"], "title", description="Another title.").description_zh is None
    assert carry(RAW_TABLES["sources"], "title").description_zh == RAW_TABLES["sources"].column("title").description_zh

    site = built / "site"
    shown = [n for n in PUBLISHED if (site / f"{n}.html").is_file()]
    assert len(shown) >= 20
    for name in shown:
        table = PUBLISHED[name]
        zh = html.unescape((site / f"{name}.html").read_text(encoding="utf-8"))
        en = html.unescape((site / "en" / f"{name}.html").read_text(encoding="utf-8"))
        assert table.description_zh in zh and table.description not in zh, name
        assert table.description in en and table.description_zh not in en, name
        if name not in ("claims", "sources"):  # the full table's headers carry each column's description
            for c in table.columns:
                assert f'title="{c.description_zh}"' in zh and f'title="{c.description}"' in en, (name, c.name)
    dictionary = html.unescape((site / "dictionary.html").read_text(encoding="utf-8"))
    country_code = RAW_TABLES["countries"].column("country_code")
    assert country_code.description_zh in dictionary and country_code.description not in dictionary


def test_curated_html_is_shown_as_text(browser, built, tmp_path):
    import duckdb

    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built / "warehouse" / "rare_earths.duckdb", copy)
    con = duckdb.connect(str(copy))
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    con.execute("UPDATE raw.sources SET title = ? WHERE source_id = 'seed_report'", [hostile])
    con.execute("UPDATE marts.legislation SET summary_zh = ? WHERE law_id = 'energy_act_2020'", [hostile])
    shutil.copytree(built / "site" / "releases", tmp_path / "releases")
    for name, html in render(con, tmp_path / "releases").items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(html, encoding="utf-8")
    con.close()
    for name in ("sources.html", "legislation.html"):
        html = (tmp_path / name).read_text(encoding="utf-8")
        assert "<script>" not in html and "&lt;script&gt;" in html
        seen = visit(browser, tmp_path / name)
        assert seen["dialogs"] == [] and hostile in seen["text"]


def test_the_site_is_swapped_in_whole(built, tmp_path):
    import os

    from pipeline.core.atomic import swap_dir
    from pipeline.core.publish import _stage_site
    from pipeline.core.release import verify_checksums

    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    before_inode = os.stat(site).st_ino
    staged = _stage_site(site)
    for page in staged.glob("*.html"):
        html = page.read_text(encoding="utf-8").replace("</main>", "<p>v2</p></main>")
        page.unlink()  # a hard link to the live page: replace it, never write through it
        page.write_text(html, encoding="utf-8")
    assert not any("<p>v2</p>" in p.read_text(encoding="utf-8") for p in site.glob("*.html"))
    swap_dir(staged, site)
    assert os.stat(site).st_ino != before_inode  # the folder itself was exchanged, not edited page by page
    assert all("<p>v2</p>" in p.read_text(encoding="utf-8") for p in site.glob("*.html"))
    assert not list(tmp_path.glob(".site.tmp-*"))
    for release in (p for p in (site / "releases").iterdir() if p.is_dir()):
        assert verify_checksums(release) == []
    # the releases are hard links: the original files were not written through
    for release in (p for p in (built / "site" / "releases").iterdir() if p.is_dir()):
        assert verify_checksums(release) == []


def test_charts_are_well_formed_svg_with_escaped_text():
    import xml.etree.ElementTree as ET

    from pipeline.core.charts import bar_chart, line_chart

    bars = bar_chart("t <x>", [("中國 China", 68.54), ("<script>", 1.5)], "%")
    root = ET.fromstring(bars)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>" in texts and "68.54 %" in texts and "<script>" not in bars
    rects = [float(r.get("x")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert all(x > 6.6 * len("<script>") for x in rects)  # the longest label fits left of the bars
    lines = ET.fromstring(line_chart("d", {"demand": [(2021, 78000), (2040, 150000)]}, "t"))
    assert len(list(lines.iter("{http://www.w3.org/2000/svg}circle"))) == 2
