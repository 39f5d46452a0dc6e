"""The Excel writer (pipeline.core.xlsx): what other tools read back from its workbooks."""

from __future__ import annotations

import datetime as dt
import zipfile

import duckdb
import openpyxl
import pandas as pd

from pipeline.core.xlsx import column_letter, write_workbook

DAY = dt.date(2026, 11, 27)


def _table() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        """CREATE TABLE t AS SELECT * FROM (VALUES
        (2, '=SUM(A1)', 1e20, false, NULL, NULL),
        (1, 'a&b<c>', 1.5, true, DATE '2025-01-31', 'x'),
        (3, '中國 稀土' || chr(13) || chr(10) || 'line', 0.1, NULL, DATE '1999-12-31', '  lead'),
        (4, 'ctl' || chr(1) || 'x', -2.5e-7, true, DATE '2030-06-01', '&#13;')
        ) v(id, txt, num, flag, day, other)"""
    )
    return con


def _write(con, path, **kw):
    return write_workbook(
        con,
        "SELECT * FROM t",
        "id",
        path,
        sheet="t",
        notes_sheet="columns",
        notes=[["column", "label"], ["id", "編號"]],
        title="T 標題",
        creator="me",
        day=DAY,
        **kw,
    )


def test_values_types_and_text_read_back_by_openpyxl_and_pandas(tmp_path):
    path = tmp_path / "t.xlsx"
    assert _write(_table(), path) == (4, 4)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["t", "columns"]
    rows = list(wb["t"].iter_rows(values_only=True))
    assert rows[0] == ("id", "txt", "num", "flag", "day", "other")
    assert rows[1] == (1, "a&b<c>", 1.5, True, dt.datetime(2025, 1, 31), "x")  # sorted by id
    assert rows[2] == (2, "=SUM(A1)", 1e20, False, None, None)  # text, never a formula
    assert rows[3] == (3, "中國 稀土\r\nline", 0.1, None, dt.datetime(1999, 12, 31), "  lead")
    assert rows[4] == (4, "ctl\ufffdx", -2.5e-7, True, dt.datetime(2030, 6, 1), "&#13;")  # XML cannot hold U+0001
    assert wb["t"]["B3"].data_type == "s"
    assert list(wb["columns"].iter_rows(values_only=True)) == [("column", "label"), ("id", "編號")]
    assert wb.properties.title == "T 標題" and wb.properties.created == dt.datetime(2026, 11, 27)
    frame = pd.read_excel(path)
    assert list(frame["id"]) == [1, 2, 3, 4] and frame["num"].dtype == "float64" and frame["day"].dtype.kind == "M"


def test_bytes_depend_only_on_the_data(tmp_path):
    con = _table()
    _write(con, tmp_path / "a.xlsx")
    _write(con, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    con.execute("UPDATE t SET num = 2.5 WHERE id = 1")
    _write(con, tmp_path / "c.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() != (tmp_path / "c.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 11, 27, 0, 0, 0)}


def test_rows_beyond_the_cap_are_left_out_and_counted(tmp_path):
    path = tmp_path / "t.xlsx"
    assert _write(_table(), path, max_rows=2) == (2, 4)
    rows = list(openpyxl.load_workbook(path)["t"].iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["id", 1, 2]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]
