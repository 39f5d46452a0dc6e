"""Hostile and broken input: each case is accepted and rendered safely, or rejected clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_raw_validation import validate_file

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
