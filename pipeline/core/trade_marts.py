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
    col("heading_scope", "text", "What the heading holds besides rare earths, stated with the data.", "Heading scope", "稅號範圍"),
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
)

US_TRADE = Table(
    "us_trade",
    "marts",
    "US trade in rare-earth goods by partner",
    "美國稀土相關貨品貿易(依夥伴國)",
    "US imports for consumption (customs value) and domestic exports (FAS value) of the rare-earth headings by partner, year and period "
    "(full year, or January–April), with the first unit of quantity and, where it is in kilograms, the unit value." + SCOPE_NOTE,
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
        carry(T, "measure", name="value_measure", label_en="Value measure", label_zh="金額項目", description="customs_value (imports) or fas_value (exports)."),
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
        ),
        carry(T, "is_zero", name="is_value_zero", label_en="Value zero?", label_zh="金額為零?"),
        carry(T, "is_missing", name="is_value_missing", label_en="Value missing?", label_zh="金額缺漏?"),
        col("quantity_unit", "text", "Unit of the first quantity of the line the value belongs to (kilograms, number …).", "Quantity unit", "數量單位"),
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
        ),
        carry(T, "source_id"),
        carry(T, "locator", name="value_locator", label_en="Value cell", label_zh="金額位置", description="Sheet!Cell of the value."),
        carry(T, "locator", name="quantity_locator", label_en="Quantity cell", label_zh="數量位置", description="Sheet!Cell of the quantity.", nullable=True),
    ],
)

US_TRADE_PARTNER_SHARES = Table(
    "us_trade_partner_shares",
    "marts",
    "Partner shares of US rare-earth trade (18 selected partners)",
    "美國稀土貿易夥伴國比重(18 個選定夥伴國)",
    "Each partner's share of the value the US traded in a heading with the 18 selected partners, by flow, year and period, and its rank." + SCOPE_NOTE,
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
        ),
        SHARE.with_(lineage=("marts.us_trade.value_usd",)),
        col("partner_rank", "int", "Rank by value among the 18 selected partners (1 = largest).", "Rank", "排名", unit="rank"),
        col("has_missing_value", "bool", "A value cell of the partner is missing.", "Missing value?", "有缺漏?"),
    ],
)

US_TRADE_CONCENTRATION = Table(
    "us_trade_concentration",
    "marts",
    "Concentration of US rare-earth trade across the 18 selected partners",
    "美國稀土貿易集中度(18 個選定夥伴國)",
    "HHI of the partners' value shares among the 18 selected partners, China's share of the selected partners and the largest partner, "
    "by flow, heading, year and period." + SCOPE_NOTE,
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
        col("partners_with_trade", "int", "Selected partners with a value above zero.", "Partners", "有貿易的夥伴國數", unit="count"),
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
        ),
        carry(
            US_TRADE_PARTNER_SHARES,
            "partner_code",
            name="top_partner_code",
            label_en="Largest partner",
            label_zh="最大夥伴國",
            description="Partner with the largest value.",
        ),
    ],
)

US_TRADE_YTD = Table(
    "us_trade_ytd",
    "marts",
    "US rare-earth trade, January–April against a year earlier",
    "美國稀土貿易:1–4 月與上年同期比較",
    "January–April of the latest year with data against January–April of the year before, by flow, heading and partner." + SCOPE_NOTE,
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
