"""Read a curated CSV into a frame of text cells, keeping the CSV line of every row.

Nothing is typed or corrected here: the reader records what is in the file and
every problem with its shape (encoding, header, field counts). Typing and rules
are in ``pipeline.validation``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

MAX_COLUMNS = 200  # the widest declared table has a few dozen
MAX_FILE_BYTES = 32 * 1024 * 1024  # curated tables are small; a 50 MB file is a mistake (the 1000x benchmark is ~6 MB)


@dataclass(frozen=True)
class Failure:
    """One broken rule at one place in a raw file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line is not None else "")
        col = f" column '{self.column}'" if self.column else ""
        val = f" value {self.value!r}" if self.value is not None else ""
        return f"{where}:{col}{val}: {self.rule}"


@dataclass
class RawFrame:
    """What a raw CSV holds: text cells indexed by CSV line, and shape problems."""

    table: str
    file: str
    frame: pd.DataFrame  # all cells str or None; index = CSV line of the row
    header: list[str]
    sha256: str
    problems: list[Failure] = field(default_factory=list)


def _undecodable_lines(data: bytes) -> list[tuple[int, bytes]]:
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad.append((number, line[max(exc.start - 8, 0) : exc.end + 8]))
    return bad


def judge_file(path: Path, name: str, max_bytes: int) -> Failure | None:
    """Judge a file from its metadata before reading a byte: it must be a regular file (not a
    symbolic link, FIFO, device or folder) no larger than ``max_bytes``."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return Failure(name, None, None, None, "file is missing")
    if stat.S_ISLNK(st.st_mode):
        return Failure(name, None, None, None, "file is a symbolic link: only regular files in raw/ are read")
    if not stat.S_ISREG(st.st_mode):
        return Failure(name, None, None, None, "not a regular file (a FIFO, device or folder): only regular files in raw/ are read")
    if st.st_size > max_bytes:
        return Failure(name, None, None, f"{st.st_size} bytes", f"file is larger than {max_bytes} bytes (the limit for this kind of input)")
    return None


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """Read a file judged by :func:`judge_file`, refusing a file swapped for a link or special file meanwhile."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise OSError(f"{path} grew beyond {max_bytes} bytes while being read")
    return data


def read_csv_table(table: str, path: Path, display_name: str | None = None, max_bytes: int = MAX_FILE_BYTES, max_columns: int = MAX_COLUMNS) -> RawFrame:
    name = display_name or f"raw/{path.name}"
    judged = judge_file(path, name, max_bytes)
    if judged is not None:
        return RawFrame(table, name, pd.DataFrame(), [], "", [judged])
    try:
        data = read_regular_file(path, max_bytes)
    except OSError as exc:
        return RawFrame(table, name, pd.DataFrame(), [], "", [Failure(name, None, None, None, f"file cannot be read safely: {exc.strerror or exc}")])
    digest = hashlib.sha256(data).hexdigest()
    problems: list[Failure] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is accepted and dropped
    for line, snippet in _undecodable_lines(data):
        problems.append(Failure(name, line, None, repr(snippet), "file must be UTF-8 encoded (save it as UTF-8)"))
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        problems.append(Failure(name, 1, None, None, "file is empty: it needs a header line and at least one row"))
        return RawFrame(table, name, pd.DataFrame(), [], digest, problems)

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.append(Failure(name, 1, None, None, f"header is not valid CSV: {exc}"))
        return RawFrame(table, name, pd.DataFrame(), [], digest, problems)
    if len(header) > max_columns:
        problems.append(Failure(name, 1, None, f"{len(header)} columns", f"header has more than {max_columns} columns: not a table of this dataset"))
        return RawFrame(table, name, pd.DataFrame(), [], digest, problems)
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Failure(name, 1, column, column, "column names must be unique: this one appears more than once"))
        seen.add(column)

    rows: list[list[str | None]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Failure(name, start, None, None, f"row is not valid CSV: {exc}"))
            break
        if record:  # a blank line is not a row
            if len(record) != len(header):
                problems.append(
                    Failure(
                        name,
                        start,
                        None,
                        ",".join(record)[:80],
                        f"row has {len(record)} fields but the header has {len(header)} (a text cell with a comma needs double quotes)",
                    )
                )
            else:
                rows.append([cell if cell != "" else None for cell in record])
                lines.append(start)
        start = reader.line_num + 1

    if len(seen) != len(header):
        frame = pd.DataFrame(index=pd.Index(lines, name="line"))
    else:
        frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype=object)
    return RawFrame(table, name, frame, header, digest, problems)
