"""Declarations of the USGS marts (their SQL: ``pipeline/sql/marts/<name>.sql``).

Columns carried from ``raw.usgs_observations`` inherit its declaration whole.
"""

from __future__ import annotations

from pipeline.core import raw_tables as R
from pipeline.core.declare import Audit, Compact, Table, carry, col

OBS = R.RAW_TABLES["usgs_observations"]


def o(column: str, **changes):
    return carry(OBS, column, **changes)


CHAPTER = o(
    "chapter",
    description="Chapter, upper-cased (RARE EARTHS, RARE EARTHS (HEAVY), YTTRIUM, SCANDIUM).",
    description_zh="章名,轉為大寫(RARE EARTHS、RARE EARTHS (HEAVY)、YTTRIUM、SCANDIUM)。",
)
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
    description_zh="該版次與版本在 USGS 來源中的出版順序(1 = 最早;較新的版本排在其版次之後)。",
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
    description_zh="所印的噸數,單位見 unit 欄(氧化物當量公噸);版次印 NA 或 W 時留空。",
)
PROVENANCE = [
    o("note"),
    o(
        "file",
        description="File the value is read from (a snapshot, or raw/country_tonnages.csv for MCS 2025).",
        description_zh="數值讀自的檔案(快照檔,或 MCS 2025 的 raw/country_tonnages.csv)。",
    ),
    o(
        "locator",
        description="Where in the file: CSV line and column, Sheet!Cell, or the curated row's locator.",
        description_zh="在檔案中的位置:CSV 的行與欄、工作表!儲存格(Sheet!Cell),或整理資料列的位置。",
    ),
]
IS_LATEST = col(
    "is_latest",
    "bool",
    "True for the value of the most recently published edition and version that prints this country and year.",
    "Latest?",
    "最新?",
    description_zh="印出該國家與年份的版次與版本中,最近出版者的數值為真。",
)

USGS_MINE_PRODUCTION = Table(
    "usgs_mine_production",
    "marts",
    "Mine production by country, every USGS edition",
    "各國礦場產量(美國地質調查局各版)",
    "Rare-earth mine production by country and year as every USGS edition and version prints it, side by side — MCS 2022–2026 "
    "(2025 as curated from the reference file), the Minerals Yearbook 2022 and MCS 2026 v1.3 — with the publisher's flags, the "
    "file and cell of every value, and which edition is the latest for each country and year.",
    description_zh="USGS 各版次與版本所印的各國各年稀土礦場產量,並列呈現——MCS 2022–2026(2025 年版整理自參考檔案)、《礦產年鑑》2022 及 MCS 2026 v1.3——附發布者的標記、每個數值所在的檔案與儲存格,並標明各國各年以哪一版次為最新。",
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
    description_zh="每個章、國家與年份一個數值:取印出該數值的 USGS 版次與版本中最近出版者(即 marts.usgs_mine_production 中 is_latest 的列)。",
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
    description_zh="USGS 各版次所印的各國稀土儲量。界限值(>)與「無資料」維持原狀:記為 is_lower_bound 與 is_not_available,絕不杜撰數字。年份為該版次的最新資料年份(儲量本身不帶年份)。",
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
    description_zh="礦場產量或儲量的國家–年份數值,凡在 USGS 某版次(或版本)與下一個印出該數值的版次之間有所變動者皆列出:舊值、新值、變動量及兩個版次,並附兩者所在的儲存格。",
    key=("statistic", "chapter", "country_code", "year", "new_edition", "new_version"),
    columns=[
        o("statistic"),
        CHAPTER,
        carry(R.COUNTRIES, "country_code"),
        carry(R.COUNTRIES, "country_name_en"),
        carry(R.COUNTRIES, "country_name_zh"),
        o("year"),
        o(
            "edition",
            name="old_edition",
            label_en="Old edition",
            label_zh="原版次",
            description="The earlier edition that printed the value.",
            description_zh="印出該數值的較早版次。",
        ),
        o(
            "version",
            name="old_version",
            label_en="Old version",
            label_zh="原版本",
            description="Version of the earlier edition.",
            description_zh="較早版次的版本。",
        ),
        o(
            "source_id",
            name="old_source_id",
            label_en="Old source",
            label_zh="原來源",
            description="Source of the earlier value.",
            description_zh="較早數值的來源。",
        ),
        QUANTITY.with_(
            name="old_quantity_t",
            label_en="Old value (t)",
            label_zh="原數值(公噸)",
            description="The earlier edition's value.",
            description_zh="較早版次的數值。",
        ),
        o("value_as_printed", name="old_value_as_printed", label_en="Old value as printed", label_zh="原數值(原文)"),
        o(
            "edition",
            name="new_edition",
            label_en="New edition",
            label_zh="新版次",
            description="The edition that revised the value.",
            description_zh="修訂該數值的版次。",
        ),
        o(
            "version",
            name="new_version",
            label_en="New version",
            label_zh="新版本",
            description="Version of the revising edition.",
            description_zh="修訂版次的版本。",
        ),
        o(
            "source_id",
            name="new_source_id",
            label_en="New source",
            label_zh="新來源",
            description="Source of the revised value.",
            description_zh="修訂後數值的來源。",
        ),
        QUANTITY.with_(
            name="new_quantity_t",
            label_en="New value (t)",
            label_zh="新數值(公噸)",
            description="The revising edition's value.",
            description_zh="修訂版次的數值。",
        ),
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
            description_zh="新值減舊值。",
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
            description_zh="變動量佔舊值的百分比。",
        ),
        col("old_locator", "text", "File and cell of the old value.", "Old cell", "原位置", description_zh="舊值所在的檔案與儲存格。"),
        col("new_locator", "text", "File and cell of the new value.", "New cell", "新位置", description_zh="新值所在的檔案與儲存格。"),
    ],
)

WORLD_PRODUCTION = Table(
    "world_production",
    "marts",
    "World mine production since 1900",
    "1900 年以來全球礦場產量",
    "World mine production of rare earths (t REO) from Data Series 140 (1900–2020) and every USGS edition's world total; where several "
    "sources give a year, every row is kept with its source, and is_latest marks the most recently published one.",
    description_zh="全球稀土礦場產量(t REO),取自 Data Series 140(1900–2020)及 USGS 各版次的全球總量;同一年份有多個來源時,每列連同其來源皆保留,並以 is_latest 標示最近出版者。",
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
        IS_LATEST.with_(
            description="True for the most recently published source that gives the year.", description_zh="提供該年份數值的來源中,最近出版者為真。"
        ),
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
    description_zh="美國的產量、進口、出口、表觀消費量、淨進口依賴度(附其界限或淨出口國標記)與就業人數,依 MCS 各版次「重要統計」(salient statistics)表所印(價格見 marts.usgs_prices)。",
    key=("chapter", "statistic", "statistic_as_printed", "detail", "year", "source_id", "version"),
    columns=[
        CHAPTER,
        o("statistic"),
        o("statistic_as_printed"),
        o(
            "detail",
            nullable=False,
            description="Detail of the statistic as printed; empty text where none.",
            description_zh="所印的統計細項;無細項時為空字串。",
        ),
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
    description_zh="USGS 各版次所印的稀土產品逐年年平均價格(USD/kg),並附 USD/t 以便與價值鏈價格比較;涵蓋輕、重稀土章節以及釔與鈧。",
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
        col(
            "product",
            "text",
            "Product, normalised across editions (e.g. NdPr oxide, dysprosium oxide).",
            "Product",
            "產品",
            description_zh="產品名稱,跨版次統一(例如 NdPr oxide、dysprosium oxide)。",
        ),
        o(
            "detail",
            name="product_as_printed",
            nullable=False,
            label_en="Product as printed",
            label_zh="產品(原文)",
            description="The product and its specification exactly as the edition prints them.",
            description_zh="該版次所印的原樣產品名稱與規格。",
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
            description_zh="所印的年平均價格。",
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
            description_zh="同一價格,以每公噸美元表示(× 1,000)。",
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
    description_zh="稀土礦場產量逐年的 HHI、第一大與前三大佔比及中國佔比,取自每年最新的 USGS 版次(marts.usgs_mine_production_latest)。佔比以所列國家加上「其他國家」為分母;所列國家加總與印出的全球總量不符(差距超過 2 %)的年份,標記為 is_country_list_complete = false,並非完整樣貌。",
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
        col("editions", "text", "Editions and versions the year's values come from.", "Editions", "版次", description_zh="該年數值所出自的版次與版本。"),
        col("country_count", "int", "Countries with a tonnage.", "Countries", "國家數", unit="count", description_zh="有噸數的國家數。"),
        col(
            "countries_t",
            "float",
            "Sum of the listed countries.",
            "Listed countries (t)",
            "列名國家合計(公噸)",
            unit="t REO",
            nullable=True,
            format="number0",
            description_zh="所列國家的合計。",
        ),
        col(
            "other_t",
            "float",
            "'Other countries' as printed.",
            "Other countries (t)",
            "其他國家(公噸)",
            unit="t REO",
            nullable=True,
            format="number0",
            description_zh="所印的「其他國家」數值。",
        ),
        col(
            "world_t",
            "float",
            "World total as printed (rounded by USGS).",
            "World total (t)",
            "全球合計(公噸)",
            unit="t REO",
            nullable=True,
            format="number0",
            description_zh="所印的全球總量(經 USGS 四捨五入)。",
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
            description_zh="佔比的分母:所列國家加上其他國家。",
        ),
        col(
            "is_country_list_complete",
            "bool",
            "True when the listed countries and 'other countries' add up to the printed world total within 2 %.",
            "Complete list?",
            "國家清單完整?",
            description_zh="所列國家與「其他國家」合計與印出的全球總量相差在 2 % 以內時為真。",
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
            description_zh="各國佔比(百分比)的赫芬達爾–赫希曼指數(0–10,000);不計「其他國家」。",
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
            description_zh="最大生產國的佔比。",
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
            description_zh="前三大生產國的佔比。",
        ),
        col(
            "china_share_pct",
            "float",
            "China's share.",
            "China share (%)",
            "中國佔比(%)",
            unit="pct",
            nullable=True,
            ge=0,
            le=100,
            format="number2",
            description_zh="中國的佔比。",
        ),
    ],
)

USGS_MARTS = {
    t.name: t
    for t in (USGS_MINE_PRODUCTION, USGS_MINE_PRODUCTION_LATEST, USGS_RESERVES, USGS_REVISIONS, WORLD_PRODUCTION, US_SALIENT, USGS_PRICES, USGS_CONCENTRATION)
}
