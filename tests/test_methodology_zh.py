"""The methodology page in Chinese: README's "Methodology" section is translated in
docs/methodology.zh-Hant.md, which records the sha256 of the English text it translates.
The Chinese page shows the translation only while that hash is the current section's;
otherwise it falls back to the English section, so a stale translation is never shown."""

from __future__ import annotations

import hashlib
import re

import pytest

from pipeline.core import site
from pipeline.core.site import METHODOLOGY_ZH, TRANSLATION_HEADER, methodology_html, methodology_page, methodology_section, methodology_source

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
CODE = re.compile(r"`([^`]+)`")
WORD = re.compile(r"[A-Za-z]{2,}")
# a heading: a Markdown heading line, or a paragraph that opens with a bold run-in ("**Editions.** …")
HEADING = re.compile(r"^(?:#+ (.+)|\*\*(.+?)\*\*)", re.M)


def translation() -> str:
    """The translation's Markdown, without its header line."""
    text = METHODOLOGY_ZH.read_text(encoding="utf-8")
    header = TRANSLATION_HEADER.match(text)
    assert header, f"{METHODOLOGY_ZH}: the first line must be the translation header ({TRANSLATION_HEADER.pattern})"
    return text[header.end() :]


def headings(md: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in HEADING.finditer(md)]


def table_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("|")]


def units(md: str) -> list[str]:
    """The section's pieces of prose in order: each paragraph, each list item and each table cell."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", md.strip()):
        if block.startswith("|"):
            for row in block.splitlines():
                if not re.fullmatch(r"[|\-: ]+", row):
                    out.extend(cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|")))
        else:
            out.extend(item for item in re.split(r"\n(?=\d+\. )", block))
    return out


def test_the_translation_records_the_current_english_section():
    text = METHODOLOGY_ZH.read_text(encoding="utf-8")
    header = TRANSLATION_HEADER.match(text)
    assert header, f"{METHODOLOGY_ZH}: the first line must be the translation header ({TRANSLATION_HEADER.pattern})"
    current = hashlib.sha256(methodology_section().encode("utf-8")).hexdigest()
    assert header.group(1) == current, (
        "README.md's '## Methodology' section changed since docs/methodology.zh-Hant.md translated it "
        "(the Chinese methodology page now falls back to English): revise the translation to say what the "
        f"section now says, then record sha256 {current} in its first line."
    )


def test_the_translation_keeps_the_structure_numbers_and_identifiers():
    en, zh = methodology_section(), translation()
    assert len(headings(en)) == len(headings(zh)), (headings(en), headings(zh))
    assert len(table_rows(en)) == len(table_rows(zh))
    assert len(re.findall(r"^\d+\. ", en, re.M)) == len(re.findall(r"^\d+\. ", zh, re.M))
    assert not set(NUMBER.findall(en)) - set(NUMBER.findall(zh)), "numbers of the English section missing from the translation"
    assert not set(CODE.findall(en)) - set(CODE.findall(zh)), "backticked identifiers of the English section missing from the translation"
    assert len(CODE.findall(zh)) >= len(CODE.findall(en))


def test_every_piece_of_english_prose_is_translated():
    en, zh = units(methodology_section()), units(translation())
    assert len(en) == len(zh), "the translation has a different number of paragraphs, list items or table cells"
    for english, chinese in zip(en, zh, strict=True):
        if WORD.search(CODE.sub("", english)):
            assert CJK.search(chinese), f"not translated: {chinese!r} (for {english!r})"
    assert all(CJK.search(h) for h in headings(translation())), headings(translation())


def readme_div(path) -> tuple[str, str]:
    """(the lang attribute, the content) of the page's README section."""
    page = path.read_text(encoding="utf-8")
    match = re.search(r'<div class="readme" lang="([^"]+)">(.*)</main>', page, flags=re.S)
    assert match, path
    return match.group(1), match.group(2)


def test_the_chinese_methodology_page_shows_the_translation(built):
    lang, zh = readme_div(built / "site" / "methodology.html")
    assert lang == "zh-Hant"
    for phrase in ("五種判定,依下列順序決定。", "容許誤差依印出的精度而定", "推定的整理內容會加以標示。"):
        assert phrase in zh, phrase
    assert "Five verdicts, decided in this order." not in zh
    assert "(英文)" not in (built / "site" / "methodology.html").read_text(encoding="utf-8")
    lang, en = readme_div(built / "site" / "en" / "methodology.html")
    assert lang == "en"
    assert "Five verdicts, decided in this order." in en and "Tolerance follows the printed precision" in en
    assert "五種判定" not in en


@pytest.mark.parametrize("stale", ["readme_changed", "translation_missing"])
def test_a_stale_or_missing_translation_falls_back_to_english(stale, tmp_path, monkeypatch):
    if stale == "readme_changed":
        readme = tmp_path / "README.md"
        text = site.README.read_text(encoding="utf-8")
        readme.write_text(text.replace("**Editions.**", "A rule added after the translation.\n\n**Editions.**", 1), encoding="utf-8")
        monkeypatch.setattr(site, "README", readme)
    else:
        monkeypatch.setattr(site, "METHODOLOGY_ZH", tmp_path / "missing.md")
    assert methodology_source("zh")[1] == "en"
    zh = methodology_html("zh")
    assert zh == methodology_html("en") and "Five verdicts, decided in this order." in zh and "五種判定" not in zh
    if stale == "readme_changed":
        assert "A rule added after the translation." in zh
    page = methodology_page("zh", None, zh, methodology_source("zh")[1])
    assert '<div class="readme" lang="en">' in page and "(英文)" in page
