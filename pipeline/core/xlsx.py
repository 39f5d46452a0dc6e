"""Excel workbooks written from DuckDB: the sheet's XML is built by SQL, a batch of rows at a time.

A workbook (``.xlsx``) is a zip of XML parts. The data sheet's rows are produced by one
query (each row's ``<row>`` element as text, cells typed from the column's DuckDB type)
and streamed into the zip entry (deflate level 1: a quarter of level 6's time for ~15 % more
bytes); Python only joins and compresses batches, so the cost
per row stays close to DuckDB's own CSV writer and memory does not grow with rows.

- text is an inline string (``t="inlineStr"``): never a formula, whatever it starts with;
  ``&``, ``<`` and ``>`` escaped, characters XML cannot hold replaced by U+FFFD;
- whole numbers and finite decimals are numbers, ``true``/``false`` booleans, dates
  Excel dates shown as ``yyyy-mm-dd``; anything else is written as its text;
- the header row is bold and frozen;
- a second sheet can hold notes (the columns' labels, units and descriptions).

Every timestamp is the release day and the parts are written in a fixed order with fixed
zip attributes, so the bytes depend only on the data.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb

EXCEL_MAX_DATA_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included
_BATCH_ROWS = 50_000
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT")
_DECIMAL = ("DOUBLE", "FLOAT", "REAL")
_XML_INVALID = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x{FFFE}\\x{FFFF}]"  # RE2 syntax


def zip_entry(name: str, day: dt.date, level: int = 6, stored: bool = False) -> zipfile.ZipInfo:
    """A zip entry whose header depends only on its name, the day and its compression: fixed time
    (the day at midnight), mode 0644, Unix; deflated at ``level`` unless ``stored``. Used by the
    workbooks and the release zip, so both are byte-for-byte reproducible."""
    entry = zipfile.ZipInfo(name, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    entry._compresslevel = level  # Python 3.11's name (3.13 also reads it)
    entry.external_attr = 0o644 << 16
    entry.create_system = 3
    return entry


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text_xml(text: str) -> str:
    cleaned = "".join(ch if ch in "\t\n\r" or (ord(ch) >= 32 and ch not in "\ufffe\uffff") else "\ufffd" for ch in text)
    return escape(cleaned).replace("\r", "&#13;")


def _sql_text(expr: str) -> str:
    inner = f"regexp_replace({expr}, '{_XML_INVALID}', '\ufffd', 'g')"
    for old, new in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;")):
        inner = f"replace({inner}, '{old}', '{new}')"
    return inner


def _cell_sql(name: str, duck_type: str, letter: str) -> str:
    """SQL for one cell of a row: '' when the value is NULL."""
    c = '"' + name.replace('"', '""') + '"'
    ref = f"'<c r=\"{letter}' || __r || '\""
    base = duck_type.split("(")[0].upper()
    text = f'{ref} t="inlineStr"><is><t xml:space="preserve">\' || {{}} || \'</t></is></c>\''
    if base in _NUMERIC:
        cell = f"{ref}><v>' || CAST({c} AS VARCHAR) || '</v></c>'"
    elif base in _DECIMAL or base == "DECIMAL":
        cell = f"CASE WHEN isfinite(CAST({c} AS DOUBLE)) THEN {ref}><v>' || CAST(CAST({c} AS DOUBLE) AS VARCHAR) || '</v></c>' ELSE {text.format(f'CAST({c} AS VARCHAR)')} END"
    elif base == "BOOLEAN":
        cell = f"{ref} t=\"b\"><v>' || CASE WHEN {c} THEN '1' ELSE '0' END || '</v></c>'"
    elif base == "DATE":
        cell = f"{ref} s=\"1\"><v>' || CAST(date_diff('day', DATE '1899-12-30', {c}) AS VARCHAR) || '</v></c>'"
    elif base == "VARCHAR":
        cell = text.format(_sql_text(c))
    else:
        cell = text.format(_sql_text(f"CAST({c} AS VARCHAR)"))
    return f"CASE WHEN {c} IS NULL THEN '' ELSE {cell} END"


def _inline_row(number: int, values: Sequence[object], style: int | None = None) -> str:
    cells = []
    for i, value in enumerate(values):
        if value is None or value == "":
            continue
        s = f' s="{style}"' if style is not None else ""
        cells.append(f'<c r="{column_letter(i)}{number}" t="inlineStr"{s}><is><t xml:space="preserve">{_text_xml(str(value))}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{views}<sheetData>'
)
_FROZEN = '<sheetViews><sheetView workbookViewId="0"{tab}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
_SHEET_TAIL = "</sheetData></worksheet>"

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _package_parts(sheets: Sequence[str], title: str, creator: str, stamp: str) -> list[tuple[str, str]]:
    n = len(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}"
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    sheet_entries = "".join(f'<sheet name="{escape(s)}" sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(sheets, start=1))
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheet_entries}</sheets></workbook>'
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>'
    )
    return [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/styles.xml", _STYLES),
    ]


def write_workbook(
    con: duckdb.DuckDBPyConnection,
    query: str,
    order_by: str,
    path: Path,
    *,
    sheet: str,
    notes_sheet: str,
    notes: Sequence[Sequence[object]],
    title: str,
    creator: str,
    day: dt.date,
    max_rows: int = EXCEL_MAX_DATA_ROWS,
) -> tuple[int, int]:
    """Write the rows of ``query`` (sorted by ``order_by``) as the first sheet, ``notes`` as the second.
    Returns (rows written, rows in the query); at most ``max_rows`` data rows are written."""
    described = con.execute(f"DESCRIBE {query}").fetchall()
    names = [r[0] for r in described]
    types = [r[1] for r in described]
    total = con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0]
    shown = min(total, max_rows)
    cells = " || ".join(_cell_sql(n, t, column_letter(i)) for i, (n, t) in enumerate(zip(names, types))) or "''"
    rows_sql = (
        f"SELECT '<row r=\"' || __r || '\">' || {cells} || '</row>' AS x FROM "
        f"(SELECT *, row_number() OVER (ORDER BY {order_by}) + 1 AS __r FROM ({query})) WHERE __r <= {shown + 1} ORDER BY __r"
    )
    stamp = f"{day.isoformat()}T00:00:00Z"

    def info(name: str, level: int = 6) -> zipfile.ZipInfo:
        return zip_entry(name, day, level)

    sheet_name = sheet[:31]
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, text in _package_parts([sheet_name, notes_sheet[:31]], title, creator, stamp):
            zf.writestr(info(name), text.encode("utf-8"))
        with zf.open(info("xl/worksheets/sheet1.xml", level=1), "w", force_zip64=shown > 200_000) as out:
            out.write(_SHEET_HEAD.format(views=_FROZEN.format(tab=' tabSelected="1"')).encode("utf-8"))
            out.write(_inline_row(1, names, style=2).encode("utf-8"))
            reader = con.sql(rows_sql).to_arrow_reader(_BATCH_ROWS)
            for batch in reader:
                out.write("".join(batch.column(0).to_pylist()).encode("utf-8"))
            out.write(_SHEET_TAIL.encode("utf-8"))
        note_rows = [_inline_row(i, row, style=2 if i == 1 else None) for i, row in enumerate(notes, start=1)]
        zf.writestr(info("xl/worksheets/sheet2.xml"), (_SHEET_HEAD.format(views=_FROZEN.format(tab="")) + "".join(note_rows) + _SHEET_TAIL).encode("utf-8"))
    tmp.replace(path)
    return shown, total
