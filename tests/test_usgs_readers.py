"""USGS snapshots, country names and format-faithful readers (no Dagster involved)."""

from __future__ import annotations

import csv
import hashlib
import http.server
import json
import shutil
import threading
import zipfile
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from pipeline.core.countries import CountryNameError, check_mapping, map_name
from pipeline.core.readers.usgs import (
    COLUMNS,
    RE_CHAPTERS_2026,
    ReaderError,
    mcs2026_version_corrections,
    read_ds140,
    read_mcs2026,
    read_mcs_salient,
    read_mcs_world,
    read_myb_table8,
    read_usgs_file,
    to_table,
)
from pipeline.core.snapshots import SnapshotError, add_snapshot, verify_snapshots

ROOT = Path(__file__).resolve().parent.parent
SNAP = ROOT / "raw" / "snapshots" / "usgs"
pytestmark = pytest.mark.filterwarnings("ignore:Print area cannot be set:UserWarning")

MCS_CSVS = sorted(SNAP.glob("mcs202[234]/*.csv"))
XLSX_DS140 = SNAP / "ds140" / "ds140-rare-earths-2020.xlsx"
XLSX_MYB = SNAP / "myb2022" / "myb1-2022-raree-adv.xlsx"
MCS2026 = SNAP / "mcs2026" / "MCS2026_Commodities_Data.csv"
HISTORY = SNAP / "mcs2026" / "MCS2026_version_history.txt"


def by_locator(observations, **match):
    hits = [o for o in observations if all(o[k] == v for k, v in match.items())]
    assert len(hits) == 1, (match, len(hits))
    return hits[0]


# ---- independent counts: a plain scan of each file, no reader logic ----------------------------------------------


def scan_mcs_csv(path: Path) -> int:
    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    header = [h.strip() for h in next(csv.reader([lines[0]]))]
    if path.name.endswith("_world.csv"):
        data_cols = [i for i, h in enumerate(header) if h.startswith("Prod_t") or h == "Reserves_t"]
    else:
        data_cols = [i for i, h in enumerate(header) if h and i >= 3]
    return sum(1 for row in csv.reader(lines[1:]) for i in data_cols if i < len(row) and row[i].strip())


def scan_mcs2026(path: Path) -> int:
    with open(path, encoding="cp1252", newline="") as fh:
        return sum(1 for row in csv.reader(fh) if row and row[0] in RE_CHAPTERS_2026 and row[8].strip())


def scan_ds140(path: Path) -> int:
    ws = openpyxl.load_workbook(path, read_only=True, data_only=True)["Rare earths"]
    return sum(sum(v is not None for v in row[1:]) for row in ws.iter_rows(values_only=True) if row and isinstance(row[0], int))


def scan_myb_t8(path: Path) -> int:
    ws = openpyxl.load_workbook(path, read_only=True, data_only=True)["T8"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Country"))
    year_cols = [j for j, v in enumerate(rows[head]) if isinstance(v, int)]
    count = 0
    for r in rows[head + 1 :]:
        count += sum(r[j] is not None for j in year_cols)
        if r[0] == "Total":
            return count
    raise AssertionError("no Total row")


@pytest.mark.parametrize("path", MCS_CSVS, ids=lambda p: p.name)
def test_mcs_csv_reads_every_value(path):
    observations = read_usgs_file(path)
    assert len(observations) == scan_mcs_csv(path) > 0
    assert all(list(o) == COLUMNS for o in observations)
    assert all(o["country_code"] for o in observations)


def test_mcs2026_reads_every_rare_earth_value():
    observations = read_mcs2026(MCS2026)
    assert len(observations) == scan_mcs2026(MCS2026) > 0
    assert {o["chapter"] for o in observations} == set(RE_CHAPTERS_2026)
    assert to_table(observations).num_rows == len(observations)


def test_ds140_reads_every_value():
    observations = read_ds140(XLSX_DS140)
    assert len(observations) == scan_ds140(XLSX_DS140) > 0
    assert {o["year"] for o in observations} == set(range(1900, 2021))


def test_myb_table8_reads_every_value():
    observations = read_myb_table8(XLSX_MYB)
    assert len(observations) == scan_myb_t8(XLSX_MYB) > 0
    assert {o["year"] for o in observations} == set(range(2018, 2023))


# ---- flags on known cells ------------------------------------------------------------------------------------------


def test_mcs_markers_on_known_cells():
    world23 = read_mcs_world(SNAP / "mcs2023" / "mcs2023-raree_world.csv")
    na = by_locator(world23, country_as_printed="Burma", statistic="reserves")
    assert na["value"] is None and na["is_not_available"] and na["value_as_printed"] == "NA"
    china = by_locator(world23, country_code="CHN", year=2022, statistic="mine_production")
    assert china["is_estimated"] and china["value"] == 210000 and china["statistic_as_printed"] == "Prod_t_est_2022"
    assert not by_locator(world23, country_code="CHN", year=2021, statistic="mine_production")["is_estimated"]
    # "Estimated in 2021 also." in Prod_notes
    assert by_locator(world23, country_code="AUS", year=2021, statistic="mine_production")["is_estimated"]
    assert by_locator(world23, country_as_printed="World total (rounded)", year=2022, statistic="mine_production")["is_rounded"]

    sal23 = read_mcs_salient(SNAP / "mcs2023" / "mcs2023-raree_salient.csv")
    bound = by_locator(sal23, year=2021, statistic_as_printed="NIR_Compounds-Metals_pct")
    assert bound["value"] == 95 and bound["is_lower_bound"] and bound["value_as_printed"] == ">95"
    exporter = by_locator(sal23, year=2022, statistic_as_printed="NIR_Concentrate_pct")
    assert exporter["value"] is None and exporter["is_net_exporter"]

    sal24 = read_mcs_salient(SNAP / "mcs2024" / "mcs2024-raree_salient.csv")
    thousands = by_locator(sal24, year=2021, statistic="apparent_consumption")
    assert thousands["value"] == 7900 and thousands["value_as_printed"] == "7,900"

    sal22 = read_mcs_salient(SNAP / "mcs2022" / "mcs2022-raree_salient.csv")
    xx = by_locator(sal22, year=2017, statistic_as_printed="NIR_Concentrate_t")
    assert xx["value"] is None and xx["is_not_available"] and "not applicable" in xx["note"]


def test_mcs2026_markers_on_known_cells():
    obs = read_mcs2026(MCS2026)
    dash = by_locator(obs, country_code="CAN", year=2024, statistic="mine_production")
    assert dash["value"] is None and dash["is_zero_marker"] and dash["value_as_printed"] == "—"
    world = by_locator(obs, country_code="XWL", statistic="reserves", chapter="RARE EARTHS")
    assert world["value"] == 85_000_000 and world["is_lower_bound"] and world["is_rounded"]
    assert by_locator(obs, country_code="USA", year=2024, statistic="mine_production", table_name="World Mine Production and Reserves")["is_reported"]
    assert by_locator(obs, country_code="AUS", year=2025, statistic="mine_production")["is_estimated"]
    shifted = by_locator(obs, chapter="YTTRIUM", country_code="XWL")
    assert shifted["value"] is None and "10000 to 15000" in shifted["note"] and "shifted" in shifted["note"]
    assert by_locator(obs, chapter="SCANDIUM", year=2021, statistic="price", value_as_printed="890–1,000")["value"] is None
    share = by_locator(obs, chapter="RARE EARTHS", country_code="EST", statistic="import_source_share_pct")
    assert share["year"] == 2024 and "2021–24" in share["detail"] and share["value"] == 5


def test_xlsx_markers_on_known_cells():
    ds = read_ds140(XLSX_DS140)
    withheld = by_locator(ds, locator="Rare earths!B62")
    assert withheld["year"] == 1956 and withheld["value"] is None and withheld["is_withheld"]
    assert by_locator(ds, locator="Rare earths!H126")["value"] == 243000
    myb = read_myb_table8(XLSX_MYB)
    burundi = by_locator(myb, country_code="BDI", year=2018)
    assert burundi["is_estimated"] and burundi["value"] == 620 and "T8!D10" in burundi["locator"]
    assert by_locator(myb, country_code="BDI", year=2022)["is_zero_marker"]
    australia = by_locator(myb, country_code="AUS", year=2019)
    assert australia["country_as_printed"] == "Australiae" and australia["is_estimated"]
    us = by_locator(myb, country_code="USA", year=2022)
    assert not us["is_estimated"] and us["is_reported"] and "bastnaesite" in us["note"]
    assert "revised" in by_locator(myb, country_code="XWL", year=2021)["note"]


def test_version_corrections_parsed_from_history(tmp_path):
    fixes = mcs2026_version_corrections(HISTORY, MCS2026)
    brazil = by_locator(fixes, country_code="BRA")
    assert brazil["version"] == "1.3" and brazil["value"] == 11_000_000 and brazil["statistic"] == "reserves"
    world = by_locator(fixes, country_code="XWL")
    assert world["value"] == 75_000_000 and world["is_lower_bound"]
    old = by_locator(read_mcs2026(MCS2026), country_code="BRA", statistic="reserves")
    assert old["value"] == 21_000_000 and old["version"] == "1.0"
    # the numbers come from the text: change the text, the result follows
    text = HISTORY.read_text(encoding="utf-8").replace('to "11,000,000"', 'to "12,000,000"')
    (tmp_path / HISTORY.name).write_text(text, encoding="utf-8")
    assert by_locator(mcs2026_version_corrections(tmp_path / HISTORY.name, MCS2026), country_code="BRA")["value"] == 12_000_000
    wrong = text.replace('from "21,000,000"', 'from "20,000,000"')
    (tmp_path / HISTORY.name).write_text(wrong, encoding="utf-8")
    with pytest.raises(ReaderError, match="20,000,000"):
        mcs2026_version_corrections(tmp_path / HISTORY.name, MCS2026)


# ---- failures ------------------------------------------------------------------------------------------------------


def test_unknown_markers_raise_with_all_failures(tmp_path):
    src = SNAP / "mcs2023" / "mcs2023-raree_salient.csv"
    data = src.read_bytes()
    assert data.count(b",>95,") == 2
    bad = tmp_path / src.name
    bad.write_bytes(data.replace(b",>95,", b",~95,", 1).replace(b",11000,", b",11000x,", 1))
    with pytest.raises(ReaderError) as info:
        read_mcs_salient(bad)
    failures = info.value.failures
    assert {(f.file, f.value) for f in failures} == {(src.name, "~95"), (src.name, "11000x")}
    tilde = next(f for f in failures if f.value == "~95")
    assert tilde.line == 5 and tilde.column == "NIR_Compounds-Metals_pct"
    assert "~95" in str(info.value)


def test_unknown_cell_in_xlsx_names_the_cells(tmp_path):
    # edit the shared string "W" inside the package (re-saving with openpyxl would drop cached formula values)
    bad = tmp_path / XLSX_DS140.name
    with zipfile.ZipFile(XLSX_DS140) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                assert data.count(b"<t>W</t>") == 1
                data = data.replace(b"<t>W</t>", b"<t>W?</t>")
            zout.writestr(item, data)
    with pytest.raises(ReaderError) as info:
        read_ds140(bad)
    found = {(f.file, f.line, f.column, f.value) for f in info.value.failures}
    assert found == {(XLSX_DS140.name, 62, "Rare earths!B62", "W?"), (XLSX_DS140.name, 68, "Rare earths!B68", "W?")}


def test_unmapped_country_fails_naming_it(tmp_path):
    src = SNAP / "mcs2022" / "mcs2022-raree_world.csv"
    bad = tmp_path / src.name
    bad.write_bytes(src.read_bytes().replace(b"MCS2022,Burundi,", b"MCS2022,Atlantis,"))
    with pytest.raises(ReaderError) as info:
        read_mcs_world(bad)
    [failure] = info.value.failures
    assert failure.value == "Atlantis" and failure.line == 6 and "Atlantis" in failure.rule
    with pytest.raises(CountryNameError, match="Atlantis"):
        map_name("USGS", "Atlantis")
    assert map_name("USGS", " Burma ") == "MMR"


def test_country_mapping_is_consistent():
    assert check_mapping() == []


# ---- snapshots -----------------------------------------------------------------------------------------------------


def test_snapshots_verify_and_match_manifest():
    assert verify_snapshots(SNAP) == []
    for meta_path in SNAP.rglob("*.meta.json"):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for key in (
            "publisher",
            "title",
            "identifier",
            "series",
            "edition",
            "version",
            "retrieved_date",
            "licence",
            "obtained_from",
            "sha256",
            "size_bytes",
            "source_id",
            "note",
        ):
            assert key in meta, (meta_path.name, key)
        assert meta["publication_date"] is not None or meta["note"]


def test_verify_catches_changed_truncated_and_unknown_files(tmp_path):
    root = tmp_path / "usgs"
    shutil.copytree(SNAP, root)
    flipped = root / "mcs2022" / "mcs2022-raree_world.csv"
    data = bytearray(flipped.read_bytes())
    data[100] ^= 0x01
    flipped.write_bytes(bytes(data))
    truncated = root / "mcs2023" / "mcs2023-raree_salient.csv"
    truncated.write_bytes(truncated.read_bytes()[:-10])
    (root / "mcs2024" / "stray.csv").write_text("x\n")
    failures = {f.file: f for f in verify_snapshots(root)}
    assert set(failures) == {"mcs2022/mcs2022-raree_world.csv", "mcs2023/mcs2023-raree_salient.csv", "mcs2024/stray.csv"}
    for name, path in (("mcs2022/mcs2022-raree_world.csv", flipped), ("mcs2023/mcs2023-raree_salient.csv", truncated)):
        expected = json.loads(path.with_name(path.name + ".meta.json").read_text())["sha256"]
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        assert expected in failures[name].rule and actual in failures[name].rule
    assert "size" in failures["mcs2023/mcs2023-raree_salient.csv"].rule
    assert "unknown file" in failures["mcs2024/stray.csv"].rule


def test_verify_refuses_symlinks(tmp_path):
    (tmp_path / "a.csv").symlink_to(MCS2026)
    assert [f.file for f in verify_snapshots(tmp_path)] == ["a.csv"]


KW = {
    "publisher": "U.S. Geological Survey",
    "publisher_slug": "usgs",
    "series": "MCS",
    "edition": "MCS 2099",
    "source_id": "usgs_mcs_2099_data",
    "title": "test",
    "identifier": "doi:10.0/x",
    "retrieved_date": "2026-11-27",
}


def test_add_snapshot_local_file(tmp_path):
    src = tmp_path / "in" / "data.csv"
    src.parent.mkdir()
    src.write_bytes(b"a,b\r\n1,2\r\n")
    dest = tmp_path / "snap"
    target = add_snapshot(str(src), dest, **KW)
    assert target == dest / "usgs" / "mcs2099" / "data.csv" and target.read_bytes() == src.read_bytes()
    meta = json.loads((target.parent / "data.csv.meta.json").read_text())
    assert meta["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest() and meta["size_bytes"] == 10
    assert meta["licence"] == "public domain (US federal government work)" and meta["version"] == "1.0"
    assert verify_snapshots(dest) == []
    src.write_bytes(b"changed")
    with pytest.raises(SnapshotError, match="refusing to overwrite"):
        add_snapshot(str(src), dest, **KW)
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    with pytest.raises(SnapshotError):
        add_snapshot(str(src), dest, **{**KW, "edition_slug": "../x"})
    with pytest.raises(SnapshotError, match="http"):
        add_snapshot("file:///etc/hostname", dest, **KW)
    assert sorted(p.name for p in (dest / "usgs" / "mcs2099").iterdir()) == ["data.csv", "data.csv.meta.json"]


def test_add_snapshot_over_http(tmp_path):
    served = tmp_path / "www"
    served.mkdir()
    payload = b"\xef\xbb\xbfSource,Country\r\nMCS2099,Burma\r\n" * 1000
    (served / "mcs2099-raree_world.csv").write_bytes(payload)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/mcs2099-raree_world.csv"
        target = add_snapshot(url, tmp_path / "snap", **KW)
        with pytest.raises(SnapshotError):
            add_snapshot(f"http://127.0.0.1:{server.server_address[1]}/missing.csv", tmp_path / "snap2", **KW)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert target.read_bytes() == payload
    meta = json.loads(target.with_name(target.name + ".meta.json").read_text())
    assert meta["sha256"] == hashlib.sha256(payload).hexdigest() and meta["obtained_from"] == url
    assert [p for p in (tmp_path / "snap2").rglob("*") if p.is_file()] == []  # no partial file left behind
