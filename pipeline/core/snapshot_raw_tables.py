"""Raw tables read from ``raw/snapshots/<publisher>/`` by publisher-format readers (not from a curated CSV).

Each is loaded into ``raw.<name>`` like a curated table and validated against this declaration;
the snapshot folder is verified (size and SHA-256 of every file) before anything is read.
"""

from __future__ import annotations

from pipeline.core.declare import Table, col
from pipeline.core.fields import codes, country_code

USGS_OBSERVATIONS = Table(
    "usgs_observations",
    "raw",
    "USGS observations, every edition",
    "美國地質調查局觀測值(各版)",
    "Every value of the USGS rare-earth files in raw/snapshots/usgs/ — Mineral Commodity Summaries data releases 2022–2024 and 2026 "
    "(rare earths, heavy rare earths, yttrium, scandium), Data Series 140 (1900–2020) and Minerals Yearbook 2022 table 8 — once, "
    "with the publisher's flags as columns and the file and cell it stands in. MCS 2026 version 1.3 corrections are later-version rows "
    "of the same edition. MCS 2025 has no data-release file here: its figures are in raw.country_tonnages.",
    key=("file", "locator", "country_code", "statistic", "year", "version"),
    snapshot="usgs",
    columns=[
        col(
            "source_id",
            "text",
            "Source (the edition's data release); resolves in raw.sources.",
            "Source",
            "來源",
            references="sources.source_id",
            is_source_ref=True,
            format="code",
        ),
        col(
            "series",
            "text",
            "USGS series: MCS (Mineral Commodity Summaries), DS140 (historical statistics), MYB (Minerals Yearbook).",
            "Series",
            "系列",
            values=codes("MCS", "DS140", "MYB"),
            format="code",
        ),
        col("edition", "text", "Edition, e.g. MCS 2024.", "Edition", "版次"),
        col("version", "text", "Version of the edition's data release (1.0, 1.3 …).", "Version", "版本", format="code"),
        col("chapter", "text", "Chapter as the file names it (RARE EARTHS, RARE EARTHS (Heavy), YTTRIUM, SCANDIUM …).", "Chapter", "章節"),
        col("table_name", "text", "Table of the chapter the value stands in.", "Table", "表"),
        col("country_as_printed", "text", "Country or aggregate as printed, footnote markers removed.", "Country as printed", "國名(原文)", nullable=True),
        country_code(),
        col(
            "statistic",
            "text",
            "What the value measures (controlled vocabulary of the USGS reader).",
            "Statistic",
            "統計項目",
            values=codes(
                "mine_production",
                "reserves",
                "production",
                "production_primary",
                "production_compounds_metals",
                "imports",
                "exports",
                "apparent_consumption",
                "net_import_reliance_pct",
                "import_source_share_pct",
                "price",
                "employment",
                "capacity",
                "unit_value_usd_per_t",
                "unit_value_1998_usd_per_t",
                "world_production",
            ),
            format="code",
        ),
        col("statistic_as_printed", "text", "The column or row label as printed.", "Statistic as printed", "統計項目(原文)"),
        col("detail", "text", "Detail of the statistic as printed (price product, measure detail, period).", "Detail", "細項", nullable=True),
        col("unit", "text", "Unit of the value.", "Unit", "單位", format="code"),
        col("year", "int", "Year the value describes.", "Year", "年份", unit="year", ge=1900, le=2100, format="year"),
        col(
            "value", "float", "The value; empty where the publisher prints NA, W or a range.", "Value", "數值", unit="see unit", nullable=True, format="number2"
        ),
        col("value_as_printed", "text", "The cell exactly as printed.", "As printed", "原文數值", nullable=True),
        col("is_estimated", "bool", "The publisher marks the value as estimated.", "Estimated?", "估計值?", format="bool"),
        col("is_reported", "bool", "The publisher marks the value as reported.", "Reported?", "申報值?", format="bool"),
        col("is_rounded", "bool", "The publisher says the value is rounded.", "Rounded?", "四捨五入?", format="bool"),
        col("is_withheld", "bool", "Withheld (W) to avoid disclosing company proprietary data.", "Withheld?", "保密?", format="bool"),
        col("is_not_available", "bool", "Not available (NA, or XX not applicable).", "Not available?", "無資料?", format="bool"),
        col("is_zero_marker", "bool", "Printed as -- or — (none, zero).", "Zero marker?", "零值符號?", format="bool"),
        col("is_lower_bound", "bool", "Printed with > (more than).", "Lower bound?", "下限?", format="bool"),
        col("is_net_exporter", "bool", "Printed E (net exporter) in net import reliance.", "Net exporter?", "淨出口?", format="bool"),
        col("note", "text", "The publisher's footnote or note text for the value, and any reader note.", "Note", "附註", nullable=True),
        col("file", "text", "Snapshot file the value is read from.", "File", "檔案"),
        col("locator", "text", "Where in the file: CSV line and column, or Sheet!Cell.", "Locator", "位置"),
    ],
)

USITC_TRADE = Table(
    "usitc_trade",
    "raw",
    "US trade by partner and HTS heading (USITC DataWeb)",
    "美國各夥伴國、HTS 稅號貿易(USITC DataWeb)",
    "Every non-empty data cell of the two USITC DataWeb workbooks in raw/snapshots/usitc/: US imports for consumption and US domestic "
    "exports, HTS 4-digit headings, 18 selected partner countries (the query has no World row), annual 1993–2025 and January–April "
    "year to date, customs or FAS value and first and second units of quantity, one row per cell with its sheet and cell. Zero, "
    "missing and withheld stay distinct; second quantities stay separate rows. The query, as its 'Query Parameters' sheet records it "
    "(and each snapshot's .meta.json holds in full): trade flows Imports For Consumption and Domestic Exports; classification HTS items "
    "aggregated to 4 digits, 25 headings; years 1993–2026, full years and year to date (January–April); partners Australia, Brazil, "
    "Canada, Chile, China, Democratic Republic of the Congo, Estonia, France, Germany, Hong Kong, India, Japan, Malaysia, "
    "Myanmar (Burma), Russia, South Africa, South Korea, Vietnam, broken out, no World row; downloaded 2026-07-10.",
    key=("source_id", "locator"),
    snapshot="usitc",
    columns=[
        col(
            "source_id",
            "text",
            "Source (the DataWeb query); resolves in raw.sources.",
            "Source",
            "來源",
            references="sources.source_id",
            is_source_ref=True,
            format="code",
        ),
        col("flow", "text", "Trade flow.", "Flow", "貿易流向", values=codes("imports_for_consumption", "domestic_exports"), format="code"),
        col("partner_as_printed", "text", "Partner country as printed.", "Partner as printed", "夥伴國(原文)"),
        country_code(name="partner_code", en="Partner", zh="夥伴國代碼"),
        col("hts_heading", "text", "HTS 4-digit heading.", "HTS heading", "HTS 稅號", str_matches=r"^\d{4}$", format="code"),
        col("heading_description", "text", "Heading description as printed.", "Heading", "稅號說明"),
        col("year", "int", "Year.", "Year", "年份", unit="year", ge=1990, le=2100, format="year"),
        col("period", "text", "full_year, or jan_apr (January–April, year to date).", "Period", "期間", values=codes("full_year", "jan_apr"), format="code"),
        col(
            "measure",
            "text",
            "What the cell measures: customs value (imports), FAS value (exports), first or second unit of quantity, "
            "or the count of suppressed records behind a quantity.",
            "Measure",
            "衡量項目",
            values=codes(
                "customs_value", "fas_value", "first_unit_quantity", "second_unit_quantity", "first_unit_quantity_suppressed", "second_unit_quantity_suppressed"
            ),
            format="code",
        ),
        col("unit", "text", "Unit as the sheet states it (value rows: USD, with the quantity unit of their line).", "Unit", "單位"),
        col("value", "float", "The value; empty where missing or withheld.", "Value", "數值", unit="see unit", nullable=True, format="number0"),
        col("value_as_printed", "text", "The cell as printed.", "As printed", "原文數值", nullable=True),
        col("is_zero", "bool", "Printed 0.", "Zero?", "為零?", format="bool"),
        col("is_missing", "bool", "Missing: not collected, or a full year not over when downloaded.", "Missing?", "缺漏?", format="bool"),
        col("is_withheld", "bool", "Part or all of the quantity withheld (suppressed records).", "Withheld?", "保密?", format="bool"),
        col("file", "text", "Workbook the cell is read from.", "File", "檔案"),
        col("sheet", "text", "Sheet.", "Sheet", "工作表"),
        col("locator", "text", "Sheet!Cell.", "Locator", "位置"),
    ],
)

SNAPSHOT_TABLES: dict[str, Table] = {t.name: t for t in (USGS_OBSERVATIONS, USITC_TRADE)}
