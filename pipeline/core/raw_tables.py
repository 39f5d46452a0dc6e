"""The curated raw tables, one per file in ``raw/``: each column declared once.

The table name is the file name, the Dagster asset is ``raw_<name>`` and the DuckDB
table is ``raw.<name>``. See ``pipeline.core.declare`` for what a declaration holds.
"""

from __future__ import annotations

import pandas as pd

from pipeline.core.declare import RowRule, Table, col, vocab
from pipeline.core.fields import (
    DATE_PRECISIONS,
    METRICS,
    NOTE,
    SOURCE_ID,
    SOURCE_LOCATOR,
    VALUE_QUALIFIER,
    codes,
    country_code,
    element_symbol,
)

def _value_matches_metric(df: pd.DataFrame) -> pd.Series:
    size = df["market_metric"] == "market_size"
    return (size & df["amount_usd"].notna() & df["rate_pct"].isna()) | (~size & df["rate_pct"].notna() & df["amount_usd"].isna())


def _range_is_ordered(df: pd.DataFrame) -> pd.Series:
    is_range = df["value_qualifier"] == "range"
    return (~is_range & df["value_high"].isna()) | (is_range & (df["value_high"] >= df["value"]))


SOURCES = Table(
    'sources', "raw", 'Sources', '資料來源',
    'Every source the dataset cites, with where it was read and when.',
    key=('source_id',),
    columns=[
        SOURCE_ID,
        col('title', 'text', 'Title of the source.', 'Title', '標題', format='text'),
        col('publisher', 'text', "Who published it; '(quoted)' when read on a page that quotes it.", 'Publisher', '出版者', format='text'),
        col('url_or_identifier', 'text', 'URL, DOI or another identifier that finds the source.', 'URL or identifier', '網址或識別碼', format='text'),
        col('published_date', 'date', 'Publication date, where known.', 'Published date', '出版日期', nullable=True, format='date'),
        col('published_year', 'int', 'Publication year, where known.', 'Published year', '出版年份', unit='year', nullable=True, ge=1900, le=2100, format='year'),
        col('accessed_date', 'date', 'Date the figures were read from the source.', 'Accessed date', '讀取日期', format='date'),
        col('licence', 'text', "Licence or terms of the source, 'unknown' where not stated.", 'Licence', '授權', format='text'),
        col('source_type', 'text', 'primary: read in the source itself; secondary: read on a page that quotes it.', 'Source type', '來源類型', values=codes('primary', 'secondary'), format='code'),
        col('role', 'text', "The source's part in the dataset: the report under review, whose statements the ledger checks, or a reference source it is checked against.", 'Role', '角色', values=vocab(report=('report under review', '受檢報告'), reference=('reference source', '參考來源')), format='code'),
        col('gathered_in', 'text', 'Where in this project the figures were gathered from (the seed report or the reference file).', 'Gathered in', '蒐集出處', format='text'),
        NOTE,
    ],
)

COUNTRIES = Table(
    'countries', "raw", 'Countries', '國家與地區',
    'Countries and aggregates named by any source, with ISO codes and bilingual names.',
    key=('country_code',),
    columns=[
        col('country_code', 'text', 'ISO 3166-1 alpha-3 code; XOT (other countries) and XWL (world) are user-assigned codes.', 'Country code', '國家代碼', str_matches='^[A-Z]{3}$', format='code'),
        col('country_name_en', 'text', 'English name.', 'Country name', '國家(英文)', format='text'),
        col('country_name_zh', 'text', 'Traditional Chinese name, as the report writes it.', 'Country name (Chinese)', '國家', format='text'),
        col('is_aggregate', 'bool', 'True for rows that stand for several countries (other countries, world).', 'Is aggregate?', '是否為合計', format='bool'),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

COUNTRY_GROUPS = Table(
    'country_groups', "raw", 'Country groupings', '國家群組',
    'Membership of the regional groupings the report uses (one row per group and country).',
    key=('group_code', 'country_code'),
    columns=[
        col('group_code', 'text', 'Id of a regional grouping the report uses.', 'Group code', '群組代碼', format='code'),
        col('group_name_en', 'text', 'English name of the grouping.', 'Group name', '群組(英文)', format='text'),
        col('group_name_zh', 'text', 'Traditional Chinese name of the grouping.', 'Group name (Chinese)', '群組', format='text'),
        country_code(),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

ELEMENTS = Table(
    'elements', "raw", 'Rare-earth elements', '稀土元素',
    "The 17 rare-earth elements: identity, names and the report's classification.",
    key=('element_symbol',),
    columns=[
        col('element_symbol', 'text', 'Chemical symbol.', 'Element symbol', '元素符號', str_matches='^[A-Z][a-z]?$', format='code'),
        col('atomic_number', 'int', 'Atomic number.', 'Atomic number', '原子序', unit='count', ge=1, le=118, format='integer'),
        col('atomic_number_source_id', 'text', 'Source of the atomic number; resolves in raw.sources.', 'Atomic number source ID', '原子序來源', references='sources.source_id', is_source_ref=True, format='code'),
        col('element_name_en', 'text', 'English name.', 'Element name', '元素(英文)', format='text'),
        col('element_name_zh', 'text', 'Traditional Chinese name, as the report writes it.', 'Element name (Chinese)', '元素', format='text'),
        col('is_lanthanide', 'bool', 'True for the 15 lanthanides (La–Lu).', 'Is lanthanide?', '是否為鑭系', format='bool'),
        col('group_two_way', 'text', "Light (LREE) or heavy (HREE) as the report's table classifies it.", 'Group two way', '輕/重稀土', values=codes('light', 'heavy'), format='text'),
        col('group_three_way', 'text', 'Light, medium or heavy in the three-way split; the report mentions the split without listing members, so empty where no source gives it.', 'Group three way', '三分類', nullable=True, values=codes('light', 'medium', 'heavy'), format='text'),
        col('magnetic_behaviour', 'text', 'Magnetic behaviour as the report states it (ferromagnetic below the ordering temperature in raw.element_properties; the rest paramagnetic under ordinary conditions).', 'Magnetic behaviour', '磁性', values=codes('ferromagnetic', 'paramagnetic'), format='text'),
        col('is_radioactive', 'bool', 'True where the report calls the element radioactive.', 'Is radioactive?', '是否具放射性', format='bool'),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

ELEMENT_PROPERTIES = Table(
    'element_properties', "raw", 'Element properties', '元素性質',
    'Numeric properties of elements, one row per value and source, so disagreeing sources sit side by side.',
    key=('element_symbol', 'property_code', 'unit', 'value', 'source_id'),
    columns=[
        element_symbol(),
        col('property_code', 'text', 'Which property the value is.', 'Property code', '性質', values=codes('ferromagnetic_ordering_temperature', 'crustal_abundance', 'crustal_abundance_rank'), format='code'),
        col('value', 'float', 'The value in the unit of the row.', 'Value', '數值', format='number4'),
        col('unit', 'text', 'Unit of the value (K, degC, pct of crust by mass, ppm, rank).', 'Unit', '單位', values=codes('K', 'degC', 'pct', 'ppm', 'rank'), format='code'),
        VALUE_QUALIFIER,
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
)

COUNTRY_TONNAGES = Table(
    'country_tonnages', "raw", 'Reserves and production by country', '各國儲量與產量',
    'Tonnages by country as each source edition prints them.',
    key=('metric', 'country_code', 'data_year', 'source_id'),
    columns=[
        col('metric', 'text', 'production (mine production in the data year) or reserves.', 'Metric', '指標', values=METRICS, format='code'),
        country_code(),
        col('data_year', 'int', 'Year the figure describes.', 'Data year', '資料年份', unit='year', ge=1900, le=2100, format='year'),
        SOURCE_ID,
        col('source_edition', 'text', 'Edition of the source (e.g. MCS 2025), so a later revision sits beside an earlier figure.', 'Source edition', '來源版次', format='text'),
        col('quantity_t_reo', 'float', 'Tonnage in metric tons of rare-earth-oxide equivalent; empty when the source prints NA.', 'Quantity (t REO)', '數量(公噸 REO)', unit='t REO', nullable=True, ge=0, format='number0'),
        VALUE_QUALIFIER,
        SOURCE_LOCATOR,
        NOTE,
    ],
    rules=(RowRule("not_available_is_not_zero", "quantity_t_reo is empty exactly when value_qualifier is not_available", lambda df: df["quantity_t_reo"].isna() == (df["value_qualifier"] == "not_available")),),
)

REPORTED_SHARES = Table(
    'reported_shares', "raw", 'Country shares as printed', '各國佔比(原文)',
    'Shares of world reserves and production exactly as a source prints them.',
    key=('metric', 'country_code', 'data_year', 'source_id'),
    columns=[
        col('metric', 'text', 'production or reserves.', 'Metric', '指標', values=METRICS, format='code'),
        country_code(),
        col('data_year', 'int', 'Year the share describes; empty where the source does not say.', 'Data year', '資料年份', unit='year', nullable=True, ge=1900, le=2100, format='year'),
        col('share_pct', 'float', "Share of the world as printed, in percent (for '<0.01%' the bound 0.01).", 'Share (%)', '佔比(計算,%)', unit='pct', ge=0, le=100, format='number2'),
        col('share_as_printed', 'text', "The share exactly as printed, including any '<'.", 'Share as printed', '佔比(原文)', format='text'),
        VALUE_QUALIFIER,
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

MARKET = Table(
    'market', "raw", 'Market size and growth', '市場規模與成長',
    'Size of the rare-earth market and its growth rate, as each source states them.',
    key=('market_metric', 'start_year', 'end_year', 'source_id'),
    columns=[
        col('market_metric', 'text', 'market_size (amount_usd) or compound_annual_growth (rate_pct).', 'Market metric', '市場指標', values=codes('market_size', 'compound_annual_growth'), format='text'),
        col('scope', 'text', 'What the market figure covers, as the source describes it.', 'Scope', '範圍', format='text'),
        col('start_year', 'int', 'First year of the period (the year itself for a size).', 'Start year', '起始年', unit='year', ge=1900, le=2100, format='year'),
        col('end_year', 'int', 'Last year of the period.', 'End year', '結束年', unit='year', ge=1900, le=2100, format='year'),
        col('amount_usd', 'float', 'Market size in US dollars (nominal).', 'Amount (USD)', '金額(美元)', unit='USD', nullable=True, ge=0, format='number0'),
        col('rate_pct', 'float', 'Compound annual growth rate in percent per year.', 'Rate (%)', '成長率(%)', unit='pct per year', nullable=True, format='number2'),
        VALUE_QUALIFIER,
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
    rules=(RowRule("value_matches_metric", "a market_size row has amount_usd and a compound_annual_growth row has rate_pct", _value_matches_metric),),
)

SUPPLY_DEMAND = Table(
    'supply_demand', "raw", 'Supply and demand projections', '供需預測',
    'Rare-earth supply and demand, observed and projected, by series, scenario and year.',
    key=('series_code', 'scenario_code', 'year', 'source_id'),
    columns=[
        col('series_code', 'text', 'Which supply or demand series the value belongs to.', 'Series code', '序列', values=codes('total_demand', 'cleantech_demand', 'other_demand', 'magnet_demand', 'primary_supply', 'recycled_supply', 'total_supply'), format='code'),
        col('scenario_code', 'text', 'Scenario: STEPS (stated policies), APS (announced pledges), observed, or unspecified where the source names none.', 'Scenario code', '情境', values=codes('unspecified', 'observed', 'STEPS', 'APS'), format='code'),
        col('year', 'int', 'Year of the value.', 'Year', '年份', unit='year', ge=1900, le=2100, format='year'),
        col('quantity_t', 'float', 'Quantity in metric tons (of rare-earth content as the source counts it).', 'Quantity (t)', '數量(公噸)', unit='t', ge=0, format='number0'),
        VALUE_QUALIFIER,
        col('attributed_to', 'text', 'Who the source says the figure comes from.', 'Attributed to', '出處歸屬', format='text'),
        col('is_attribution_verified', 'bool', 'False where the figure was not found in the publication it is attributed to.', 'Is attribution verified?', '出處是否已核實', format='bool'),
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
)

VALUE_CHAIN = Table(
    'value_chain', "raw", 'Value-chain stages and steps', '價值鏈階段與步驟',
    'The stages and process steps of the rare-earth value chain.',
    key=('step_order',),
    columns=[
        col('stage_code', 'text', 'Stage of the value chain.', 'Stage code', '階段代碼', values=codes('upstream', 'midstream', 'downstream', 'recycling'), format='code'),
        col('stage_order', 'int', 'Order of the stage.', 'Stage order', '階段順序', unit='ordinal', ge=1, format='integer'),
        col('stage_name_zh', 'text', 'Stage name as the report prints it.', 'Stage name (Chinese)', '階段', format='text'),
        col('stage_name_en', 'text', 'Stage name in English.', 'Stage name', '階段(英文)', format='text'),
        col('step_order', 'int', 'Order of the process step along the chain.', 'Step order', '步驟順序', unit='ordinal', ge=1, format='integer'),
        col('step_name_en', 'text', 'Process step in English, as the report prints it.', 'Step name', '步驟(英文)', format='text'),
        col('step_name_zh', 'text', 'Process step in Traditional Chinese, as the report prints it.', 'Step name (Chinese)', '步驟', format='text'),
        col('description_zh', 'text', 'What the step does, as the report describes it.', 'Description (Chinese)', '說明', format='text'),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

PRICES = Table(
    'prices', "raw", 'Prices along the value chain', '價值鏈價格',
    'Prices of rare-earth products with date, unit and currency, as each source prints them.',
    key=('price_id',),
    columns=[
        col('price_id', 'text', 'Stable id of the price observation.', 'Price ID', '價格代碼', str_matches='^[a-z0-9_]+$', format='code'),
        col('price_stage', 'text', 'Value-chain stage of the product.', 'Price stage', '價值鏈階段', values=codes('concentrate', 'oxide', 'metal', 'magnet', 'recycled'), format='code'),
        col('product_name', 'text', 'Product as the source names it.', 'Product name', '產品', format='text'),
        col('element_symbols', 'text', "Elements the product is priced for, ';'-separated; empty for mixed concentrate.", 'Element symbols', '元素符號', nullable=True, references='elements.element_symbol', separator=';', format='code'),
        col('price_date', 'date', 'Date of the price; empty for an annual average.', 'Price date', '價格日期', nullable=True, format='date'),
        col('price_year', 'int', 'Year of the price.', 'Price year', '價格年份', unit='year', ge=1900, le=2100, format='year'),
        col('price_low', 'float', "Price, or the low end of a range, in the row's unit.", 'Price low', '價格下限', unit='see unit', ge=0, format='number2'),
        col('price_high', 'float', "Price, or the high end of a range, in the row's unit.", 'Price high', '價格上限', unit='see unit', ge=0, format='number2'),
        col('unit', 'text', 'Unit of the price as printed.', 'Unit', '單位', values=codes('USD/t', 'USD/kg', 'CNY/t'), format='code'),
        col('currency', 'text', 'ISO 4217 currency code.', 'Currency', '幣別', values=codes('USD', 'CNY'), format='code'),
        col('price_basis', 'text', 'What kind of price it is.', 'Price basis', '價格基礎', values=codes('average', 'range', 'annual_average'), format='code'),
        col('market', 'text', 'Market the price is quoted in, where stated.', 'Market', '市場', nullable=True, format='text'),
        col('reported_multiplier', 'float', 'The multiplier against the concentrate as the source prints it.', 'Reported multiplier', '倍率(報告)', unit='ratio', nullable=True, gt=0, format='number2'),
        col('multiplier_as_printed', 'text', 'The multiplier exactly as printed.', 'Multiplier as printed', '倍率(原文)', nullable=True, format='text'),
        VALUE_QUALIFIER,
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
    rules=(
        RowRule("low_not_above_high", "price_low is not above price_high", lambda df: df["price_low"] <= df["price_high"]),
        RowRule("unit_matches_currency", "the unit's currency is the currency column", lambda df: df["unit"].str.split("/").str[0] == df["currency"]),
    ),
)

EXPORT_CONTROLS = Table(
    'export_controls', "raw", 'Export-control measures', '中國出口管制',
    "China's rare-earth export-control measures and the suspension of them.",
    key=('measure_id',),
    columns=[
        col('measure_id', 'text', 'Stable id of the measure.', 'Measure ID', '措施代碼', str_matches='^[a-z0-9_]+$', format='code'),
        col('authority', 'text', 'Issuing authority.', 'Authority', '發布機關', format='text'),
        col('announcement_no', 'int', 'Number of the announcement in its year, where it has one.', 'Announcement no.', '公告號', unit='count', nullable=True, ge=1, format='code'),
        col('measure_name_en', 'text', 'Name of the measure in English.', 'Measure name', '措施(英文)', format='text'),
        col('measure_name_zh', 'text', 'Name of the measure in Traditional Chinese.', 'Measure name (Chinese)', '措施', format='text'),
        col('scope_en', 'text', 'What the measure covers.', 'Scope', '範圍(英文)', format='text'),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

EXPORT_CONTROL_DATES = Table(
    'export_control_dates', "raw", 'Export-control dates', '出口管制日期',
    'Announcement, issue, effective and suspension dates of each measure, one row per source.',
    key=('measure_id', 'date_type', 'source_id'),
    columns=[
        col('measure_id', 'text', 'Measure the date belongs to; resolves in raw.export_controls.', 'Measure ID', '措施代碼', references='export_controls.measure_id', format='code'),
        col('date_type', 'text', 'Which date of the measure it is.', 'Date type', '日期類型', values=codes('announced', 'issued', 'effective', 'effective_de_minimis', 'suspended', 'suspended_until', 'general_licences_reported'), format='text'),
        col('event_date', 'date', 'The date (first day of the month or year where only that is given; see date_precision).', 'Event date', '日期', format='date'),
        col('date_precision', 'text', 'day, month or year: how much of event_date the source gives.', 'Date precision', '日期精度', values=DATE_PRECISIONS, format='code'),
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
)

EXPORT_CONTROL_ELEMENTS = Table(
    'export_control_elements', "raw", 'Elements under export control', '受出口管制元素',
    'Which elements each measure covers, one row per element and source.',
    key=('measure_id', 'element_symbol', 'source_id'),
    columns=[
        col('measure_id', 'text', 'Measure; resolves in raw.export_controls.', 'Measure ID', '措施代碼', references='export_controls.measure_id', format='code'),
        element_symbol(),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

RECYCLING = Table(
    'recycling', "raw", 'Recycling technologies and companies', '回收技術與企業',
    'Rare-earth recycling technologies and the companies the report names for each.',
    key=('technology_code', 'company_name'),
    columns=[
        col('technology_code', 'text', 'Recycling technology family.', 'Technology code', '技術代碼', values=codes('hydrogen_decrepitation', 'hydro_pyrometallurgy', 'advanced_separation'), format='code'),
        col('technology_name_en', 'text', 'Technology in English.', 'Technology name', '技術(英文)', format='text'),
        col('technology_name_zh', 'text', 'Technology as the report names it.', 'Technology name (Chinese)', '技術', format='text'),
        col('company_name', 'text', 'Company or laboratory working on it.', 'Company name', '公司', format='text'),
        col('location_as_stated', 'text', 'Where the report places the company, as printed.', 'Location as stated', '地點(原文)', nullable=True, format='text'),
        col('country_codes', 'text', "ISO codes of the company's countries, ';'-separated; empty where the report names a region or nothing.", 'Country codes', '國家代碼', nullable=True, references='countries.country_code', separator=';', format='code'),
        col('description_zh', 'text', 'What the company does, as the report describes it.', 'Description (Chinese)', '說明', format='text'),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

AGREEMENTS = Table(
    'agreements', "raw", 'US bilateral agreements', '美國雙邊協議',
    'US agreements on critical minerals and rare earths, one row per agreement and source.',
    key=('agreement_id', 'source_id'),
    columns=[
        col('agreement_id', 'text', 'Stable id of the agreement.', 'Agreement ID', '協議代碼', str_matches='^[a-z0-9_]+$', format='code'),
        col('partner_country_code', 'text', 'ISO 3166-1 alpha-3 country code (XOT = other countries, XWL = world); resolves in raw.countries.', 'Partner country code', '合作國代碼', str_length=(3, 3), references='countries.country_code', format='code'),
        col('counterparty', 'text', "Who signed on the partner's side.", 'Counterparty', '簽署對象', format='text'),
        col('agreement_date', 'date', 'Date of the agreement as the source gives it.', 'Agreement date', '協議日期', format='date'),
        col('date_note', 'text', 'Anything the source says about the date.', 'Date note', '日期說明', nullable=True, format='text'),
        col('instrument_type', 'text', 'Kind of instrument as the source names it (unspecified where it does not).', 'Instrument type', '工具類型', values=codes('framework', 'mou', 'unspecified'), format='code'),
        col('is_binding', 'bool', 'Whether the source calls it binding; empty where it does not say.', 'Is binding?', '是否具約束力', nullable=True, format='bool'),
        col('summary_zh', 'text', 'Main content as the report lists it.', 'Summary (Chinese)', '內容', nullable=True, format='text'),
        col('summary_en', 'text', 'Main content in English.', 'Summary', '內容(英文)', nullable=True, format='text'),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

AGREEMENT_AMOUNTS = Table(
    'agreement_amounts', "raw", 'Amounts in US agreements', '美國協議金額',
    'Money named in the US bilateral agreements, one row per amount and source.',
    key=('agreement_id', 'amount_id'),
    columns=[
        col('agreement_id', 'text', 'Agreement; resolves in raw.agreements.', 'Agreement ID', '協議代碼', references='agreements.agreement_id', format='code'),
        col('amount_id', 'text', 'Id of the amount within the agreement.', 'Amount ID', '金額代碼', format='code'),
        col('funder', 'text', 'Who provides the money.', 'Funder', '出資方', format='text'),
        col('purpose', 'text', 'What the amount is for.', 'Purpose', '用途', format='text'),
        col('amount', 'float', "Amount in the row's currency.", 'Amount', '金額', unit='see currency', ge=0, format='number0'),
        col('currency', 'text', 'ISO 4217 currency code of amount.', 'Currency', '幣別', values=codes('USD', 'AUD'), format='code'),
        col('amount_usd', 'float', 'Amount in US dollars as the source gives it; empty where only another currency is given.', 'Amount (USD)', '金額(美元)', unit='USD', nullable=True, ge=0, format='number0'),
        VALUE_QUALIFIER,
        col('within_months', 'int', 'Months within which the amount is to be committed, where stated.', 'Within months', '期限(月)', unit='months', nullable=True, ge=0, format='integer'),
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
)

INVESTMENTS = Table(
    'investments', "raw", 'Company investments', '企業投資',
    'Funding of US rare-earth companies by instrument and funder, one row per line and source.',
    key=('investment_id',),
    columns=[
        col('investment_id', 'text', 'Stable id of the funding line.', 'Investment ID', '投資代碼', str_matches='^[a-z0-9_]+$', format='code'),
        col('company_name', 'text', 'Company funded.', 'Company name', '公司', format='text'),
        col('value_chain_segment', 'text', 'Segment of the value chain the funding goes to.', 'Value chain segment', '價值鏈環節', values=codes('mining_to_magnets', 'separation', 'magnets', 'recycling', 'rare_earths_from_coal'), format='text'),
        col('funder', 'text', 'Who provides the money.', 'Funder', '出資方', format='text'),
        col('instrument_type', 'text', 'Funding instrument (total: the whole package).', 'Instrument type', '工具類型', values=codes('equity', 'loan', 'grant', 'incentive', 'matching_fund', 'private_capital', 'offtake_contract', 'total'), format='code'),
        col('amount', 'float', "Amount in the row's currency.", 'Amount', '金額', unit='see currency', ge=0, format='number0'),
        col('currency', 'text', 'ISO 4217 currency code of amount.', 'Currency', '幣別', values=codes('USD'), format='code'),
        col('amount_usd', 'float', 'Amount in US dollars.', 'Amount (USD)', '金額(美元)', unit='USD', ge=0, format='number0'),
        VALUE_QUALIFIER,
        col('announced_date', 'date', 'Date announced (first day of the year where only the year is given); empty where the source gives none.', 'Announced date', '宣布日期', nullable=True, format='date'),
        col('date_precision', 'text', 'day, month or year: how much of announced_date the source gives.', 'Date precision', '日期精度', nullable=True, values=DATE_PRECISIONS, format='code'),
        col('purpose', 'text', 'What the money is for.', 'Purpose', '用途', format='text'),
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
    rules=(RowRule("date_has_precision", "announced_date and date_precision are both given or both empty", lambda df: df["announced_date"].isna() == df["date_precision"].isna()),),
)

CAPACITIES = Table(
    'capacities', "raw", 'Capacities and targets', '產能與目標',
    'Production capacities and targets of companies and facilities.',
    key=('capacity_id',),
    columns=[
        col('capacity_id', 'text', 'Stable id of the capacity figure.', 'Capacity ID', '產能代碼', str_matches='^[a-z0-9_]+$', format='code'),
        col('company_name', 'text', 'Company.', 'Company name', '公司', format='text'),
        col('facility_name', 'text', 'Facility.', 'Facility name', '設施', format='text'),
        col('product', 'text', 'What the facility produces.', 'Product', '產品', format='text'),
        col('capacity_low', 'float', 'Capacity, or the low end of a range.', 'Capacity low', '產能下限', unit='see unit', ge=0, format='number0'),
        col('capacity_high', 'float', 'Capacity, or the high end of a range.', 'Capacity high', '產能上限', unit='see unit', ge=0, format='number0'),
        col('unit', 'text', 'Unit: metric tons a year, short tons a year, or tonnes with no period stated.', 'Unit', '單位', values=codes('t_per_year', 'short_t_per_year', 't'), format='code'),
        col('target_year', 'int', 'Year the capacity is targeted for.', 'Target year', '目標年', unit='year', nullable=True, ge=1900, le=2100, format='year'),
        VALUE_QUALIFIER,
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
    rules=(RowRule("low_not_above_high", "capacity_low is not above capacity_high", lambda df: df["capacity_low"] <= df["capacity_high"]),),
)

LEGISLATION = Table(
    'legislation', "raw", 'US legislation', '美國立法',
    'US laws and bills on rare earths the report lists.',
    key=('law_id',),
    columns=[
        col('law_id', 'text', 'Stable id of the law or bill.', 'Law ID', '法案代碼', str_matches='^[a-z0-9_]+$', format='code'),
        col('law_name_en', 'text', 'Name as printed in English.', 'Law name', '法案(英文)', format='text'),
        col('law_name_zh', 'text', 'Name as printed in Traditional Chinese.', 'Law name (Chinese)', '法案', format='text'),
        col('bill_number', 'text', 'Bill number (H.R./S.), where printed.', 'Bill number', '法案編號', nullable=True, format='text'),
        col('law_year', 'int', 'Year in the name.', 'Law year', '年份', unit='year', ge=1900, le=2100, format='year'),
        col('instrument_type', 'text', 'As the report names it: an act, a numbered bill, or provisions of an act.', 'Instrument type', '工具類型', values=codes('act', 'bill', 'act_provisions'), format='code'),
        col('summary_zh', 'text', 'Content as the report summarises it.', 'Summary (Chinese)', '內容', format='text'),
        SOURCE_ID,
        SOURCE_LOCATOR,
    ],
)

STATEMENTS = Table(
    'statements', "raw", 'Other quantitative statements', '其他數量陳述',
    'Every other figure a source states (counts, ratios, shares, years), quoted.',
    key=('statement_id',),
    columns=[
        col('statement_id', 'text', 'Stable id of the statement.', 'Statement ID', '陳述代碼', str_matches='^[a-z0-9_]+$', format='code'),
        col('topic', 'text', 'Topic the statement belongs to.', 'Topic', '主題', format='code'),
        col('subject_code', 'text', 'What the statement is about: a country code, group code, element, measure, agreement, law or company.', 'Subject code', '對象代碼', nullable=True, format='code'),
        col('quote_zh', 'text', 'The words of the source, quoted.', 'Quote (Chinese)', '原文', format='text'),
        col('value', 'float', 'The figure stated (the low end for a range).', 'Value', '數值', unit='see unit', format='number4'),
        col('value_high', 'float', 'High end of a range.', 'Value high', '數值上限', unit='see unit', nullable=True, format='number4'),
        col('unit', 'text', 'Unit of the value.', 'Unit', '單位', format='code'),
        VALUE_QUALIFIER,
        col('reference_year', 'int', 'Year the statement refers to, where stated or clear.', 'Reference year', '參考年份', unit='year', nullable=True, ge=1900, le=2100, format='year'),
        SOURCE_ID,
        SOURCE_LOCATOR,
        NOTE,
    ],
    rules=(RowRule("range_is_ordered", "a range has value_high and value_high is not below value", _range_is_ordered),),
)


COUNTRY_NAMES = Table(
    'country_names', "raw", 'Country names as publishers print them', '出版者所用國名',
    "Every country or aggregate name a publisher's file prints, mapped to its ISO 3166-1 alpha-3 code or a declared aggregate code (XOT, XWL); "
    "the readers of the USGS and USITC files map names only through this table.",
    key=('publisher', 'name_as_printed'),
    columns=[
        col('publisher', 'text', 'Whose spelling it is.', 'Publisher', '出版者', values=codes('USGS', 'USITC'), format='code'),
        col('name_as_printed', 'text', 'The name exactly as the publisher prints it (surrounding spaces and footnote markers removed).', 'Name as printed', '原文國名'),
        country_code(),
        NOTE,
    ],
)

RAW_TABLES: dict[str, Table] = {t.name: t for t in (SOURCES, COUNTRIES, COUNTRY_NAMES, COUNTRY_GROUPS, ELEMENTS, ELEMENT_PROPERTIES, COUNTRY_TONNAGES, REPORTED_SHARES, MARKET, SUPPLY_DEMAND, VALUE_CHAIN, PRICES, EXPORT_CONTROLS, EXPORT_CONTROL_DATES, EXPORT_CONTROL_ELEMENTS, RECYCLING, AGREEMENTS, AGREEMENT_AMOUNTS, INVESTMENTS, CAPACITIES, LEGISLATION, STATEMENTS)}
