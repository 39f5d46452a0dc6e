"""Hostile and broken input: each case is accepted and rendered safely, or rejected clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_raw_validation import RAW, validate_file

from pipeline.core.ingest import MAX_FILE_BYTES, read_csv_table
from pipeline.core.raw_tables import RAW_TABLES
from pipeline.core.validation import validate_raw

HEADER = "law_id,law_name_en,law_name_zh,bill_number,law_year,instrument_type,summary_zh,source_id,source_locator"
ROW = "energy_act_2020,Energy Act of 2020,能源法案,,2020,act,將稀土列為關鍵礦物,seed_report,美國立法政策 table"


def legislation(tmp_path: Path, content: bytes) -> list:
    path = tmp_path / "legislation.csv"
    path.write_bytes(content)
    return validate_raw(read_csv_table("legislation", path), RAW_TABLES["legislation"], {"sources.source_id": {"seed_report"}}).failures


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1:A2)"])
def test_formula_injection_is_rejected(tmp_path, cell):
    row = ROW.replace("Energy Act of 2020", cell.replace('"', '""').join('""'))
    [failure] = legislation(tmp_path, f"{HEADER}\n{row}\n".encode())
    assert (failure.line, failure.column, failure.value) == (2, "law_name_en", cell)
    assert "formula injection" in failure.rule


def test_negative_numbers_are_not_formulas(tmp_path):
    from pipeline.core.validation import _is_number

    assert _is_number("-2.5") and not _is_number("-2+3")


def test_embedded_newlines_and_quotes_are_accepted_and_lines_stay_right(tmp_path):
    multi = ROW.replace("將稀土列為關鍵礦物", '"第一行\n第二行 ""引號"""')
    second = ROW.replace("energy_act_2020", "x_2020").replace("2020,act", "1800,act")  # law_year out of range
    failures = legislation(tmp_path, f"{HEADER}\n{multi}\n{second}\n".encode())
    assert [(f.line, f.column) for f in failures] == [(4, "law_year")]  # the multi-line record took lines 2-3


def test_big_file_is_rejected(tmp_path):
    big = (f"{HEADER}\n" + (ROW + "\n") * (MAX_FILE_BYTES // len(ROW.encode()) + 10)).encode()
    assert len(big) > MAX_FILE_BYTES
    [failure] = legislation(tmp_path, big)
    assert "larger than" in failure.rule and failure.file == "raw/legislation.csv"


def test_fifty_megabyte_file_is_rejected_quickly(tmp_path):
    path = tmp_path / "legislation.csv"
    with open(path, "wb") as fh:
        fh.write(f"{HEADER}\n".encode())
        fh.truncate(50 * 1024 * 1024)
    [failure] = validate_raw(read_csv_table("legislation", path), RAW_TABLES["legislation"]).failures
    assert "larger than" in failure.rule


def test_empty_file_is_rejected(tmp_path):
    [failure] = legislation(tmp_path, b"")
    assert "file is empty" in failure.rule


def test_header_only_file_is_rejected(tmp_path):
    [failure] = legislation(tmp_path, f"{HEADER}\n".encode())
    assert failure.rule == "table has no data rows"


def test_byte_order_mark_and_crlf_are_accepted(tmp_path):
    assert legislation(tmp_path, b"\xef\xbb\xbf" + f"{HEADER}\r\n{ROW}\r\n".encode()) == []


def test_big5_text_is_rejected_as_not_utf8(tmp_path):
    failures = legislation(tmp_path, f"{HEADER}\n".encode() + ROW.encode("big5", errors="replace") + b"\n")
    assert failures and {f.rule for f in failures} == {"file must be UTF-8 encoded (save it as UTF-8)"}
    assert {f.line for f in failures} == {2}


def test_duplicated_column_names_are_rejected(tmp_path):
    header = HEADER.replace("bill_number", "law_name_en")
    [failure] = legislation(tmp_path, f"{header}\n{ROW}\n".encode())
    assert (failure.line, failure.column) == (1, "law_name_en") and "more than once" in failure.rule


def test_row_with_too_many_fields_is_rejected(tmp_path):
    [failure] = legislation(tmp_path, f"{HEADER}\n{ROW},extra\n".encode())
    assert failure.line == 2 and "needs double quotes" in failure.rule


def test_html_in_text_is_accepted_by_validation(raw_copy):
    path = raw_copy / "legislation.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Energy Act of 2020,", "Energy Act of 2020 <script>alert(1)</script>,"), encoding="utf-8")
    assert validate_file("legislation", raw_copy).failures == []  # accepted; the site escapes it (test_site)


# -- files judged before they are read -----------------------------------------------------------


def test_a_symlink_is_refused_without_reading_its_target(tmp_path):
    link = tmp_path / "legislation.csv"
    link.symlink_to("/etc/passwd")
    [failure] = validate_raw(read_csv_table("legislation", link), RAW_TABLES["legislation"]).failures
    assert "symbolic link" in failure.rule and failure.value is None and "root" not in str(failure)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "legislation.csv"
    os.mkfifo(fifo)
    [failure] = validate_raw(read_csv_table("legislation", fifo), RAW_TABLES["legislation"]).failures
    assert "not a regular file" in failure.rule


def test_size_is_judged_from_metadata_before_reading(tmp_path, monkeypatch):
    from pipeline.core import ingest

    big = tmp_path / "legislation.csv"
    with open(big, "wb") as fh:
        fh.truncate(2 * 1024**3)  # 2 GiB, sparse
    monkeypatch.setattr(ingest, "read_regular_file", lambda *a: pytest.fail("the file was read"))
    [failure] = validate_raw(read_csv_table("legislation", big), RAW_TABLES["legislation"]).failures
    assert "larger than" in failure.rule and failure.value == f"{2 * 1024**3} bytes"


def test_unknown_files_in_raw_are_named(tmp_path, raw_copy):
    from pipeline.core.build import inventory_failures

    (raw_copy / "notes.txt").write_text("x")
    (raw_copy / "documents" / "link.md").symlink_to("/etc/hostname")
    failures = {(f.file, f.rule.split(":")[0]) for f in inventory_failures(raw_copy)}
    assert failures == {("raw/notes.txt", "unknown file in raw/"), ("raw/documents/link.md", "only regular files are kept in raw/documents/")}
    assert inventory_failures(RAW) == []


def test_a_header_of_a_hundred_thousand_columns_is_one_failure(tmp_path):
    header = ",".join(f"c{i}" for i in range(100_000))
    failures = legislation(tmp_path, f"{header}\n{','.join('x' for _ in range(100_000))}\n".encode())
    assert len(failures) == 1 and "more than 200 columns" in failures[0].rule


# -- strict numbers and text that stays text ---------------------------------------------------------


@pytest.mark.parametrize(
    "cell,rule",
    [
        ("99999999999999999999", "within 64 bits"),
        ("٢٠٢٠", "ASCII digits only"),
        ("2_020", "ASCII digits only"),
        (" 2020", "ASCII digits only"),
        ("2020 ", "ASCII digits only"),
    ],
)
def test_whole_numbers_are_parsed_strictly(tmp_path, cell, rule):
    row = ROW.replace(",2020,act,", f',"{cell}",act,')
    [failure] = legislation(tmp_path, f"{HEADER}\n{row}\n".encode())
    assert (failure.line, failure.column, failure.value) == (2, "law_year", cell) and rule in failure.rule


@pytest.mark.parametrize("cell", ["1_000", "١٠٠", " 5", "inf", "nan", "1e400"])
def test_decimal_numbers_are_parsed_strictly(tmp_path, cell):
    from pipeline.core.validation import _parse

    with pytest.raises(ValueError):
        _parse(cell, "float")


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\u202e", "\u2066", "\u200f"])
def test_control_and_bidi_override_characters_are_refused(tmp_path, char):
    row = ROW.replace("Energy Act of 2020", f"Energy{char}Act")
    [failure] = legislation(tmp_path, f"{HEADER}\n{row}\n".encode())
    assert failure.column == "law_name_en" and "control or bidirectional-override" in failure.rule and f"U+{ord(char):04X}" in failure.rule


def test_changelog_values_cannot_start_a_line_or_a_section():
    from pipeline.core.release import _fmt

    forged = "x\n## sources\n- added {'source_id': 'fake'}"
    assert "\n" not in _fmt(forged) and _fmt(forged).startswith("x\\n## ")


def test_arithmetic_that_overflows_stops_the_build(tmp_path, raw_copy):
    from conftest import run_refresh

    path = raw_copy / "country_tonnages.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("production,CHN,2024,usgs_mcs_2025,MCS 2025,270000", "production,CHN,2024,usgs_mcs_2025,MCS 2025,1.7e308")
    text = text.replace("production,USA,2024,usgs_mcs_2025,MCS 2025,45000", "production,USA,2024,usgs_mcs_2025,MCS 2025,1.7e308")
    path.write_text(text, encoding="utf-8")
    result = run_refresh(tmp_path, raw_copy)
    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed and e.severity.value == "ERROR"]
    messages = "\n".join(e.metadata["messages"].value for e in failed if "messages" in e.metadata)
    assert any(e.asset_key.to_user_string() == "country_shares" for e in failed)
    assert "must be a finite number after arithmetic" in messages
    assert not (tmp_path / "warehouse" / "rare_earths.duckdb").exists()
