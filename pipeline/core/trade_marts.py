"""Declarations of the US trade marts (their SQL: ``pipeline/sql/marts/us_trade*.sql``).

The headings: HTS 2805 (alkali and alkaline-earth metals as well as rare-earth metals), 2846 (rare-earth compounds),
8505 (every kind of magnet and electromagnet). The partners: the 18 the DataWeb query selected — the query has no
World row, so every share here is a share of those 18 partners, never of all US trade.
"""

from __future__ import annotations

from pipeline.core import raw_tables as R
from pipeline.core.declare import Compact, Table, carry, col

T = R.RAW_TABLES["usitc_trade"]
SCOPE_NOTE = (
    " Headings: HTS 2805 (also alkali and alkaline-earth metals), 2846 (rare-earth compounds), 8505 (every kind of magnet and "
    "electromagnet). Partners: the 18 selected partners of the DataWeb query; it has no World row, so no share of all US trade can be computed."
)
SCOPE_NOTE_ZH = (
    "稅號:HTS 2805(亦含鹼金屬與鹼土金屬)、2846(稀土化合物)、8505(各類磁鐵與電磁鐵)。"
    "夥伴國:DataWeb 查詢選定的 18 個夥伴國;查詢中沒有「全球」列,因此無法計算佔美國全部貿易的比重。"
)
IMPORTS_BY_PARTNER = Compact(
    "SELECT partner_name_en AS name_en, partner_name_zh AS name_zh, year, round(sum(value_usd) / 1e6, 1) AS v FROM marts.us_trade "
    "WHERE flow = 'imports_for_consumption' AND period = 'full_year' AND value_usd IS NOT NULL GROUP BY ALL",
    "Partner (imports, USD m)",
    "夥伴國(進口,百萬美元)",
    pivot_on="year",
    values="v",
    keep=6,
    limit=25,
)
HEADING = [
    carry(T, "hts_heading"),
    col(
        "heading_scope",
        "text",
        "What the heading holds besides rare earths, stated with the data.",
        "Heading scope",
        "稅號範圍",
        description_zh="該稅號除稀土之外還包含的項目,隨資料說明。",
    ),
]
PARTNER = [
    carry(T, "partner_code"),
    carry(R.COUNTRIES, "country_name_en", name="partner_name_en", label_en="Partner", label_zh="夥伴國(英文)"),
    carry(R.COUNTRIES, "country_name_zh", name="partner_name_zh", label_en="Partner (Chinese)", label_zh="夥伴國"),
]
SHARE = col(
    "share_of_selected_partners_pct",
    "float",
    "Partner's share of the value traded with the 18 selected partners (not of all US trade).",
    "Share of the 18 selected partners (%)",
    "佔 18 個選定夥伴國比重(%)",
    unit="pct",
    nullable=True,
    ge=0,
    le=100,
    lineage=("usitc_trade.value",),
    description_zh="該夥伴在與 18 個選定夥伴國貿易總值中的佔比(並非佔美國全部貿易)。",
)

US_TRADE = Table(
    "us_trade",
    "marts",
    "US trade in rare-earth goods by partner",
    "美國稀土相關貨品貿易(依夥伴國)",
    "US imports for consumption (customs value) and domestic exports (FAS value) of the rare-earth headings by partner, year and period "
    "(full year, or January–April), with the first unit of quantity and, where it is in kilograms, the unit value." + SCOPE_NOTE,
    description_zh="美國稀土相關稅號的消費性進口(海關價值)與本國產品出口(FAS 價值),依夥伴國、年份與期間(全年,或 1–4 月)列出,附第一數量單位,並在其以公斤計時附單位價值。"
    + SCOPE_NOTE_ZH,
    compact=IMPORTS_BY_PARTNER,
    key=("flow", "hts_heading", "partner_code", "year", "period", "quantity_unit"),
    question_en="Where do US rare-earth compounds, metals and magnets come from?",
    question_zh="美國的稀土化合物、金屬與磁體從哪裡來?",
    columns=[
        carry(T, "flow"),
        *HEADING[:1],
        carry(T, "heading_description"),
        *HEADING[1:],
        *PARTNER,
        carry(T, "year"),
        carry(T, "period"),
        carry(
            T,
            "measure",
            name="value_measure",
            label_en="Value measure",
            label_zh="金額項目",
            description="customs_value (imports) or fas_value (exports).",
            description_zh="customs_value(進口)或 fas_value(出口)。",
        ),
        col(
            "value_usd",
            "float",
            "Customs value (imports) or FAS value (exports), US dollars.",
            "Value (USD)",
            "金額(美元)",
            unit="USD",
            nullable=True,
            format="number0",
            lineage=("usitc_trade.value",),
            description_zh="海關價值(進口)或 FAS 價值(出口),單位為美元。",
        ),
        carry(T, "is_zero", name="is_value_zero", label_en="Value zero?", label_zh="金額為零?"),
        carry(T, "is_missing", name="is_value_missing", label_en="Value missing?", label_zh="金額缺漏?"),
        col(
            "quantity_unit",
            "text",
            "Unit of the first quantity of the line the value belongs to (kilograms, number …).",
            "Quantity unit",
            "數量單位",
            description_zh="該數值所在行的第一數量單位(公斤、個數 …)。",
        ),
        col(
            "quantity",
            "float",
            "First unit of quantity.",
            "Quantity",
            "數量",
            unit="see quantity_unit",
            nullable=True,
            format="number0",
            lineage=("usitc_trade.value",),
            description_zh="第一數量單位。",
        ),
        carry(T, "is_zero", name="is_quantity_zero", label_en="Quantity zero?", label_zh="數量為零?", nullable=True),
        carry(T, "is_missing", name="is_quantity_missing", label_en="Quantity missing?", label_zh="數量缺漏?", nullable=True),
        carry(T, "is_withheld", name="is_quantity_withheld", label_en="Quantity withheld?", label_zh="數量保密?", nullable=True),
        col(
            "unit_value_usd_per_kg",
            "float",
            "Value over quantity where the quantity is in kilograms and none of it is withheld.",
            "Unit value (USD/kg)",
            "單價(美元/公斤)",
            unit="USD/kg",
            nullable=True,
            lineage=("usitc_trade.value",),
            description_zh="數量以公斤計且無任何部分保密不公開時,金額除以數量所得的單位價值。",
        ),
        carry(T, "source_id"),
        carry(
            T,
            "locator",
            name="value_locator",
            label_en="Value cell",
            label_zh="金額位置",
            description="Sheet!Cell of the value.",
            description_zh="金額的 工作表!儲存格(Sheet!Cell)。",
        ),
        carry(
            T,
            "locator",
            name="quantity_locator",
            label_en="Quantity cell",
            label_zh="數量位置",
            description="Sheet!Cell of the quantity.",
            nullable=True,
            description_zh="數量的 工作表!儲存格(Sheet!Cell)。",
        ),
    ],
)

US_TRADE_PARTNER_SHARES = Table(
    "us_trade_partner_shares",
    "marts",
    "Partner shares of US rare-earth trade (18 selected partners)",
    "美國稀土貿易夥伴國比重(18 個選定夥伴國)",
    "Each partner's share of the value the US traded in a heading with the 18 selected partners, by flow, year and period, and its rank." + SCOPE_NOTE,
    description_zh="美國與 18 個選定夥伴國在某一稅號的貿易金額中,各夥伴國的佔比及排名,依流向、年份與期間列出。" + SCOPE_NOTE_ZH,
    compact=IMPORTS_BY_PARTNER,
    key=("flow", "hts_heading", "partner_code", "year", "period"),
    columns=[
        carry(US_TRADE, "flow"),
        carry(US_TRADE, "hts_heading"),
        carry(US_TRADE, "heading_scope"),
        carry(US_TRADE, "partner_code"),
        carry(US_TRADE, "partner_name_en"),
        carry(US_TRADE, "partner_name_zh"),
        carry(US_TRADE, "year"),
        carry(US_TRADE, "period"),
        carry(US_TRADE, "value_usd"),
        col(
            "selected_partners_value_usd",
            "float",
            "Value traded with all 18 selected partners together.",
            "18 selected partners (USD)",
            "18 個選定夥伴國合計(美元)",
            unit="USD",
            nullable=True,
            format="number0",
            lineage=("marts.us_trade.value_usd",),
            description_zh="與全部 18 個選定夥伴國貿易的合計金額。",
        ),
        SHARE.with_(lineage=("marts.us_trade.value_usd",)),
        col(
            "partner_rank",
            "int",
            "Rank by value among the 18 selected partners (1 = largest).",
            "Rank",
            "排名",
            unit="rank",
            description_zh="在 18 個選定夥伴國中依金額的排名(1 = 最大)。",
        ),
        col("has_missing_value", "bool", "A value cell of the partner is missing.", "Missing value?", "有缺漏?", description_zh="該夥伴有金額儲存格缺漏。"),
    ],
)

US_TRADE_CONCENTRATION = Table(
    "us_trade_concentration",
    "marts",
    "Concentration of US rare-earth trade across the 18 selected partners",
    "美國稀土貿易集中度(18 個選定夥伴國)",
    "HHI of the partners' value shares among the 18 selected partners, China's share of the selected partners and the largest partner, "
    "by flow, heading, year and period." + SCOPE_NOTE,
    description_zh="18 個選定夥伴國金額佔比的 HHI、中國在選定夥伴國中的佔比,以及最大夥伴國,依流向、稅號、年份與期間列出。" + SCOPE_NOTE_ZH,
    compact=IMPORTS_BY_PARTNER,
    key=("flow", "hts_heading", "year", "period"),
    question_en="How dependent is the US on China for rare-earth compounds and magnets?",
    question_zh="美國的稀土化合物與磁體有多依賴中國?",
    columns=[
        carry(US_TRADE_PARTNER_SHARES, "flow"),
        carry(US_TRADE_PARTNER_SHARES, "hts_heading"),
        carry(US_TRADE_PARTNER_SHARES, "heading_scope"),
        carry(US_TRADE_PARTNER_SHARES, "year"),
        carry(US_TRADE_PARTNER_SHARES, "period"),
        col(
            "partners_with_trade",
            "int",
            "Selected partners with a value above zero.",
            "Partners",
            "有貿易的夥伴國數",
            unit="count",
            description_zh="金額大於零的選定夥伴國數。",
        ),
        carry(US_TRADE_PARTNER_SHARES, "selected_partners_value_usd"),
        col(
            "hhi_selected_partners",
            "float",
            "Herfindahl–Hirschman index of the shares of the 18 selected partners (0–10,000).",
            "HHI (18 selected partners)",
            "赫芬達爾指數(18 個選定夥伴國)",
            unit="index",
            nullable=True,
            ge=0,
            le=10000,
            format="number0",
            lineage=("marts.us_trade_partner_shares.share_of_selected_partners_pct",),
            description_zh="18 個選定夥伴國佔比的赫芬達爾–赫希曼指數(0–10,000)。",
        ),
        col(
            "china_share_of_selected_partners_pct",
            "float",
            "China's share of the value traded with the 18 selected partners.",
            "China's share of the 18 selected partners (%)",
            "中國佔 18 個選定夥伴國比重(%)",
            unit="pct",
            nullable=True,
            ge=0,
            le=100,
            lineage=("marts.us_trade_partner_shares.share_of_selected_partners_pct",),
            description_zh="中國在與 18 個選定夥伴國貿易總值中的佔比。",
        ),
        carry(
            US_TRADE_PARTNER_SHARES,
            "partner_code",
            name="top_partner_code",
            label_en="Largest partner",
            label_zh="最大夥伴國",
            description="Partner with the largest value.",
            description_zh="金額最大的夥伴國。",
        ),
    ],
)

US_TRADE_YTD = Table(
    "us_trade_ytd",
    "marts",
    "US rare-earth trade, January–April against a year earlier",
    "美國稀土貿易:1–4 月與上年同期比較",
    "January–April of the latest year with data against January–April of the year before, by flow, heading and partner." + SCOPE_NOTE,
    description_zh="最新有資料年份的 1–4 月與前一年 1–4 月的比較,依流向、稅號與夥伴國列出。" + SCOPE_NOTE_ZH,
    compact=IMPORTS_BY_PARTNER,
    key=("flow", "hts_heading", "partner_code", "year"),
    columns=[
        carry(US_TRADE_PARTNER_SHARES, "flow"),
        carry(US_TRADE_PARTNER_SHARES, "hts_heading"),
        carry(US_TRADE_PARTNER_SHARES, "heading_scope"),
        carry(US_TRADE_PARTNER_SHARES, "partner_code"),
        carry(US_TRADE_PARTNER_SHARES, "partner_name_en"),
        carry(US_TRADE_PARTNER_SHARES, "partner_name_zh"),
        carry(US_TRADE_PARTNER_SHARES, "year"),
        carry(US_TRADE_PARTNER_SHARES, "value_usd"),
        carry(US_TRADE_PARTNER_SHARES, "year", name="previous_year", label_en="Previous year", label_zh="上年", nullable=True, checks=()),
        carry(
            US_TRADE_PARTNER_SHARES,
            "value_usd",
            name="previous_value_usd",
            label_en="Previous value (USD)",
            label_zh="上年同期金額(美元)",
            description="January–April value of the year before.",
            description_zh="前一年 1–4 月的金額。",
        ),
        col(
            "change_usd",
            "float",
            "Change in value.",
            "Change (USD)",
            "變動(美元)",
            unit="USD",
            nullable=True,
            format="number0",
            lineage=("marts.us_trade_partner_shares.value_usd",),
            description_zh="金額的變動。",
        ),
        col(
            "change_pct",
            "float",
            "Change as a percentage of the previous value.",
            "Change (%)",
            "變動(%)",
            unit="pct",
            nullable=True,
            lineage=("marts.us_trade_partner_shares.value_usd",),
            description_zh="變動量佔前期數值的百分比。",
        ),
        carry(US_TRADE_PARTNER_SHARES, "share_of_selected_partners_pct"),
        carry(
            US_TRADE_PARTNER_SHARES,
            "share_of_selected_partners_pct",
            name="previous_share_of_selected_partners_pct",
            label_en="Previous share of the 18 selected partners (%)",
            label_zh="上年同期佔 18 個選定夥伴國比重(%)",
        ),
    ],
)

TRADE_MARTS = {t.name: t for t in (US_TRADE, US_TRADE_PARTNER_SHARES, US_TRADE_CONCENTRATION, US_TRADE_YTD)}
