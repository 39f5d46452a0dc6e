"""Declarations of the USGS marts (their SQL: ``pipeline/sql/marts/<name>.sql``).

Columns carried from ``raw.usgs_observations`` inherit its declaration whole.
"""

from __future__ import annotations

from pipeline.core import raw_tables as R
from pipeline.core.declare import Audit, Compact, Table, carry, col

OBS = R.RAW_TABLES["usgs_observations"]


def o(column: str, **changes):
    return carry(OBS, column, **changes)


CHAPTER = o("chapter", description="Chapter, upper-cased (RARE EARTHS, RARE EARTHS (HEAVY), YTTRIUM, SCANDIUM).")
COUNTRY = [carry(R.COUNTRIES, "country_code"), carry(R.COUNTRIES, "country_name_en"), carry(R.COUNTRIES, "country_name_zh"), carry(R.COUNTRIES, "is_aggregate")]
EDITION = [o("source_id"), o("series"), o("edition"), o("version")]
EDITION_RANK = col(
    "edition_rank",
    "int",
    "Publication order of the edition and version among the USGS sources (1 = oldest; a later version ranks after its edition).",
    "Edition order",
    "版次順序",
    unit="ordinal",
    ge=1,
)
QUANTITY = col(
    "quantity_t",
    "float",
    "Tonnage as printed, in the unit column (metric tons of oxide equivalent); empty where the edition prints NA or W.",
    "Quantity (t)",
    "數量(公噸)",
    unit="see unit",
    nullable=True,
    format="number0",
    lineage=("usgs_observations.value",),
)
PROVENANCE = [
    o("note"),
    o("file", description="File the value is read from (a snapshot, or raw/country_tonnages.csv for MCS 2025)."),
    o("locator", description="Where in the file: CSV line and column, Sheet!Cell, or the curated row's locator."),
]
IS_LATEST = col(
    "is_latest", "bool", "True for the value of the most recently published edition and version that prints this country and year.", "Latest?", "最新?"
)

USGS_MINE_PRODUCTION = Table(
    "usgs_mine_production",
    "marts",
    "Mine production by country, every USGS edition",
    "各國礦場產量(美國地質調查局各版)",
    "Rare-earth mine production by country and year as every USGS edition and version prints it, side by side — MCS 2022–2026 "
    "(2025 as curated from the reference file), the Minerals Yearbook 2022 and MCS 2026 v1.3 — with the publisher's flags, the "
    "file and cell of every value, and which edition is the latest for each country and year.",
    compact=Compact(
        "SELECT country_name_en AS name_en, country_name_zh AS name_zh, year, quantity_t FROM marts.usgs_mine_production_latest "
        "WHERE chapter = 'RARE EARTHS' AND quantity_t IS NOT NULL",
        "Country (t REO)",
        "國家(公噸)",
        pivot_on="year",
        values="quantity_t",
        keep=8,
    ),
    key=("chapter", "country_code", "year", "source_id", "version"),
    question_en="Who mined how much rare earth, year by year, and how did USGS revise it?",
    question_zh="各國每年開採多少稀土?美國地質調查局如何修訂?",
    columns=[
        CHAPTER,
        *COUNTRY,
        o("year"),
        *EDITION,
        EDITION_RANK,
        QUANTITY,
        o("unit"),
        o("value_as_printed"),
        o("is_estimated"),
        o("is_rounded"),
        o("is_withheld"),
        o("is_not_available"),
        o("is_zero_marker"),
        o("is_lower_bound"),
        IS_LATEST,
        *PROVENANCE,
    ],
)

USGS_MINE_PRODUCTION_LATEST = Table(
    "usgs_mine_production_latest",
    "marts",
    "Mine production by country, latest edition",
    "各國礦場產量(最新版)",
    "One value per chapter, country and year: the most recently published USGS edition and version that prints it (marts.usgs_mine_production where is_latest).",
    compact=Compact(
        "SELECT country_name_en AS name_en, country_name_zh AS name_zh, year, quantity_t FROM marts.usgs_mine_production_latest "
        "WHERE chapter = 'RARE EARTHS' AND quantity_t IS NOT NULL",
        "Country (t REO)",
        "國家(公噸)",
        pivot_on="year",
        values="quantity_t",
        keep=8,
    ),
    key=("chapter", "country_code", "year"),
    columns=[carry(USGS_MINE_PRODUCTION, c.name) for c in USGS_MINE_PRODUCTION.columns if c.name not in ("edition_rank", "is_latest")],
)

USGS_RESERVES = Table(
    "usgs_reserves",
    "marts",
    "Reserves by country, every USGS edition",
    "各國儲量(美國地質調查局各版)",
    "Rare-earth reserves by country as every USGS edition prints them. A bound (>) and 'not available' stay what they are: "
    "is_lower_bound and is_not_available, never a number made up. The year is the edition's latest data year (reserves carry no year of their own).",
    compact=Compact(
        "SELECT country_name_en AS name_en, country_name_zh AS name_zh, edition, quantity_t FROM marts.usgs_reserves WHERE quantity_t IS NOT NULL",
        "Country (t REO)",
        "國家(公噸)",
        pivot_on="edition",
        values="quantity_t",
        keep=4,
    ),
    key=("chapter", "country_code", "year", "source_id", "version"),
    columns=[
        CHAPTER,
        *COUNTRY,
        o("year"),
        *EDITION,
        EDITION_RANK,
        QUANTITY,
        o("unit"),
        o("value_as_printed"),
        o("is_estimated"),
        o("is_rounded"),
        o("is_not_available"),
        o("is_lower_bound"),
        *PROVENANCE,
    ],
)

USGS_REVISIONS = Table(
    "usgs_revisions",
    "marts",
    "USGS revisions between editions",
    "美國地質調查局版次間修訂",
    "Every country-year value of mine production or reserves that changed from one USGS edition (or version) to the next that prints it: "
    "the old value, the new value, the change and both editions, with both cells.",
    key=("statistic", "chapter", "country_code", "year", "new_edition", "new_version"),
    columns=[
        o("statistic"),
        CHAPTER,
        carry(R.COUNTRIES, "country_code"),
        carry(R.COUNTRIES, "country_name_en"),
        carry(R.COUNTRIES, "country_name_zh"),
        o("year"),
        o("edition", name="old_edition", label_en="Old edition", label_zh="原版次", description="The earlier edition that printed the value."),
        o("version", name="old_version", label_en="Old version", label_zh="原版本", description="Version of the earlier edition."),
        o("source_id", name="old_source_id", label_en="Old source", label_zh="原來源", description="Source of the earlier value."),
        QUANTITY.with_(name="old_quantity_t", label_en="Old value (t)", label_zh="原數值(公噸)", description="The earlier edition's value."),
        o("value_as_printed", name="old_value_as_printed", label_en="Old value as printed", label_zh="原數值(原文)"),
        o("edition", name="new_edition", label_en="New edition", label_zh="新版次", description="The edition that revised the value."),
        o("version", name="new_version", label_en="New version", label_zh="新版本", description="Version of the revising edition."),
        o("source_id", name="new_source_id", label_en="New source", label_zh="新來源", description="Source of the revised value."),
        QUANTITY.with_(name="new_quantity_t", label_en="New value (t)", label_zh="新數值(公噸)", description="The revising edition's value."),
        o("value_as_printed", name="new_value_as_printed", label_en="New value as printed", label_zh="新數值(原文)"),
        col(
            "change_t",
            "float",
            "New value minus old value.",
            "Change (t)",
            "變動(公噸)",
            unit="see unit",
            nullable=True,
            format="number0",
            lineage=("usgs_observations.value",),
        ),
        col(
            "change_pct",
            "float",
            "Change as a percentage of the old value.",
            "Change (%)",
            "變動(%)",
            unit="pct",
            nullable=True,
            format="number1",
            lineage=("usgs_observations.value",),
        ),
        col("old_locator", "text", "File and cell of the old value.", "Old cell", "原位置"),
        col("new_locator", "text", "File and cell of the new value.", "New cell", "新位置"),
    ],
)

WORLD_PRODUCTION = Table(
    "world_production",
    "marts",
    "World mine production since 1900",
    "1900 年以來全球礦場產量",
    "World mine production of rare earths (t REO) from Data Series 140 (1900–2020) and every USGS edition's world total; where several "
    "sources give a year, every row is kept with its source, and is_latest marks the most recently published one.",
    compact=Compact("SELECT year, quantity_t, edition FROM marts.world_production WHERE is_latest ORDER BY year DESC LIMIT 15", "", ""),
    on_front_page=True,
    key=("year", "source_id", "version"),
    question_en="How much rare earth has the world mined each year since 1900?",
    question_zh="1900 年以來全球每年開採多少稀土?",
    columns=[
        o("year"),
        *EDITION,
        QUANTITY,
        o("value_as_printed"),
        o("is_estimated"),
        o("is_rounded"),
        o("is_lower_bound"),
        IS_LATEST.with_(description="True for the most recently published source that gives the year."),
        *PROVENANCE,
    ],
)

US_SALIENT = Table(
    "us_salient",
    "marts",
    "US salient statistics",
    "美國重要統計",
    "United States production, imports, exports, apparent consumption, net import reliance (with its bound or net-exporter flag) and "
    "employment, as every MCS edition's salient-statistics table prints them (prices are in marts.usgs_prices).",
    key=("chapter", "statistic", "statistic_as_printed", "detail", "year", "source_id", "version"),
    columns=[
        CHAPTER,
        o("statistic"),
        o("statistic_as_printed"),
        o("detail", nullable=False, description="Detail of the statistic as printed; empty text where none."),
        o("year"),
        o("source_id"),
        o("edition"),
        o("version"),
        o("value"),
        o("unit"),
        o("value_as_printed"),
        o("is_estimated"),
        o("is_withheld"),
        o("is_not_available"),
        o("is_zero_marker"),
        o("is_lower_bound"),
        o("is_net_exporter"),
        *PROVENANCE,
    ],
)

USGS_PRICES = Table(
    "usgs_prices",
    "marts",
    "Annual prices, every USGS edition",
    "年均價格(美國地質調查局各版)",
    "Annual average prices of rare-earth products by year as each USGS edition prints them (USD/kg), with USD/t for comparison with the "
    "value-chain prices; light and heavy chapters, yttrium and scandium.",
    compact=Compact(
        "SELECT product AS name_en, product AS name_zh, year, arg_max(price_usd_per_kg, edition) AS v FROM marts.usgs_prices "
        "WHERE price_usd_per_kg IS NOT NULL GROUP BY ALL",
        "Product (USD/kg)",
        "產品(美元/公斤)",
        pivot_on="year",
        values="v",
        keep=6,
    ),
    key=("chapter", "product_as_printed", "year", "source_id", "version"),
    question_en="What did rare-earth oxides cost, year by year?",
    question_zh="稀土氧化物每年價格為何?",
    columns=[
        CHAPTER,
        col("product", "text", "Product, normalised across editions (e.g. NdPr oxide, dysprosium oxide).", "Product", "產品"),
        o(
            "detail",
            name="product_as_printed",
            nullable=False,
            label_en="Product as printed",
            label_zh="產品(原文)",
            description="The product and its specification exactly as the edition prints them.",
        ),
        o("year"),
        o("source_id"),
        o("edition"),
        o("version"),
        col(
            "price_usd_per_kg",
            "float",
            "Annual average price as printed.",
            "Price (USD/kg)",
            "價格(美元/公斤)",
            unit="USD/kg",
            nullable=True,
            lineage=("usgs_observations.value",),
        ),
        col(
            "price_usd_per_t",
            "float",
            "The same price in US dollars per metric ton (× 1,000).",
            "Price (USD/t)",
            "價格(美元/公噸)",
            unit="USD/t",
            nullable=True,
            format="number0",
            lineage=("usgs_observations.value",),
        ),
        o("value_as_printed"),
        o("is_estimated"),
        o("is_not_available"),
        *PROVENANCE,
    ],
)

USGS_CONCENTRATION = Table(
    "usgs_concentration",
    "marts",
    "Concentration of mine production, by year",
    "礦場產量集中度(逐年)",
    "HHI, top-1 and top-3 shares and China's share of rare-earth mine production by year, from the latest USGS edition of each year "
    "(marts.usgs_mine_production_latest). Shares divide by the listed countries plus 'other countries'; a year whose list does not "
    "add up to the printed world total (within 2 %) is flagged is_country_list_complete = false and is not a complete picture.",
    compact=Compact("SELECT year, china_share_pct, top3_share_pct, hhi, editions FROM marts.usgs_concentration ORDER BY year DESC", "", ""),
    key=("year",),
    question_en="How concentrated is rare-earth mining, and is China's share falling?",
    question_zh="稀土開採集中度如何?中國佔比是否下降?",
    audits=(
        Audit(
            "incomplete_years_flagged",
            "Warns with every year whose country list does not add up to the world total.",
            "SELECT year, countries_t, other_t, world_t FROM marts.usgs_concentration WHERE NOT is_country_list_complete",
            blocking=False,
        ),
    ),
    columns=[
        carry(USGS_MINE_PRODUCTION_LATEST, "year"),
        col("editions", "text", "Editions and versions the year's values come from.", "Editions", "版次"),
        col("country_count", "int", "Countries with a tonnage.", "Countries", "國家數", unit="count"),
        col(
            "countries_t", "float", "Sum of the listed countries.", "Listed countries (t)", "列名國家合計(公噸)", unit="t REO", nullable=True, format="number0"
        ),
        col("other_t", "float", "'Other countries' as printed.", "Other countries (t)", "其他國家(公噸)", unit="t REO", nullable=True, format="number0"),
        col(
            "world_t", "float", "World total as printed (rounded by USGS).", "World total (t)", "全球合計(公噸)", unit="t REO", nullable=True, format="number0"
        ),
        col(
            "denominator_t",
            "float",
            "Denominator of the shares: listed countries plus other countries.",
            "Denominator (t)",
            "分母(公噸)",
            unit="t REO",
            nullable=True,
            format="number0",
        ),
        col(
            "is_country_list_complete",
            "bool",
            "True when the listed countries and 'other countries' add up to the printed world total within 2 %.",
            "Complete list?",
            "國家清單完整?",
        ),
        col(
            "hhi",
            "float",
            "Herfindahl–Hirschman index of the country shares in percent (0–10,000); 'other countries' left out.",
            "HHI",
            "赫芬達爾指數",
            unit="index",
            nullable=True,
            ge=0,
            le=10000,
            format="number0",
            lineage=("marts.usgs_mine_production_latest.quantity_t",),
        ),
        col(
            "top1_share_pct",
            "float",
            "Share of the largest producer.",
            "Top 1 share (%)",
            "最大國佔比(%)",
            unit="pct",
            nullable=True,
            ge=0,
            le=100,
            format="number2",
        ),
        col(
            "top3_share_pct",
            "float",
            "Share of the three largest producers.",
            "Top 3 share (%)",
            "前三國佔比(%)",
            unit="pct",
            nullable=True,
            ge=0,
            le=100,
            format="number2",
        ),
        col("china_share_pct", "float", "China's share.", "China share (%)", "中國佔比(%)", unit="pct", nullable=True, ge=0, le=100, format="number2"),
    ],
)

USGS_MARTS = {
    t.name: t
    for t in (USGS_MINE_PRODUCTION, USGS_MINE_PRODUCTION_LATEST, USGS_RESERVES, USGS_REVISIONS, WORLD_PRODUCTION, US_SALIENT, USGS_PRICES, USGS_CONCENTRATION)
}
