"""The marts: the dataset's public contract. Each mart is defined in two places —
its SQL (``pipeline/sql/marts/<name>.sql``) and its declaration here.

A column that carries a raw column through is declared with ``carry(...)`` and
inherits that column's whole declaration (rules, allowed values, references,
labels, format); a column the mart derives is declared with ``col(...)`` and
names the columns it is computed from in ``lineage``.
"""

from __future__ import annotations

from pipeline.core import raw_tables as R
from pipeline.core.declare import Audit, ClaimMark, Table, carry, col
from pipeline.core.fields import VALUE_QUALIFIERS, codes

COUNTRY_SHARES = Table(
    'country_shares', "marts", 'Country shares of reserves and production', '各國儲量與產量佔比',
    'Reserves and mine production by country, data year and source edition: tonnes REO, computed world share and rank, beside the share the report prints.',
    key=('metric', 'country_code', 'data_year', 'source_id'),
    columns=[
        carry(R.COUNTRY_TONNAGES, 'metric'),
        carry(R.COUNTRIES, 'country_code'),
        carry(R.COUNTRIES, 'country_name_en'),
        carry(R.COUNTRIES, 'country_name_zh'),
        carry(R.COUNTRIES, 'is_aggregate'),
        carry(R.COUNTRY_TONNAGES, 'data_year'),
        carry(R.COUNTRY_TONNAGES, 'source_id'),
        carry(R.COUNTRY_TONNAGES, 'source_edition'),
        carry(R.COUNTRY_TONNAGES, 'quantity_t_reo'),
        carry(R.COUNTRY_TONNAGES, 'value_qualifier'),
        col('world_t_reo', 'float', "Denominator of share_pct: the sum of every country row (with 'other countries') when the edition lists them all (USGS's world total is that sum rounded) or prints the world total only as a lower bound; otherwise the edition's printed world total.", 'World (t REO)', '全球合計(公噸 REO)', unit='t REO', nullable=True, lineage=('country_tonnages.quantity_t_reo',), format='number0'),
        col('denominator_basis', 'text', 'sum_of_country_rows or printed_world_total: which denominator world_t_reo is.', 'Denominator basis', '分母基準', format='code'),
        col('share_pct', 'float', 'Share of the world computed from the tonnages: 100 × quantity_t_reo / world_t_reo. Empty where the tonnage is not available.', 'Share (%)', '佔比(計算,%)', unit='pct', nullable=True, ge=0, le=100, lineage=('country_tonnages.quantity_t_reo',), format='number2'),
        col('share_rank', 'int', 'Rank by tonnage within metric, year and edition (1 = largest; ties share a rank; empty for aggregates and unavailable tonnages).', 'Share rank', '排名', unit='rank', nullable=True, lineage=('country_tonnages.quantity_t_reo',), format='integer'),
        col('reported_share_pct', 'float', "Share as the report prints it (for '<0.01%' the bound).", 'Reported share (%)', '佔比(報告,%)', unit='pct', nullable=True, lineage=('reported_shares.share_pct',), format='number2'),
        col('reported_share_as_printed', 'text', 'Share exactly as the report prints it.', 'Reported share as printed', '佔比(原文)', nullable=True, lineage=('reported_shares.share_as_printed',), format='text'),
        col('reported_source_id', 'text', 'Source of the printed share.', 'Reported source ID', '佔比來源', nullable=True, is_source_ref=True, format='code'),
        col('is_reported_year_assumed', 'bool', 'True where the report gives no year and the printed share is compared with the latest data year.', 'Is reported year assumed?', '年份是否為推定', format='bool'),
        col('share_difference_pp', 'float', 'Printed share minus computed share, in percentage points.', 'Share difference (pp)', '佔比差異(百分點)', unit='pp', nullable=True, lineage=('reported_shares.share_pct', 'country_tonnages.quantity_t_reo'), format='number2'),
    ],
    audits=(Audit("printed_shares_add_up", "Warns where a printed share table does not add up to 100 % (±0.1).",
                  "SELECT metric, sum(reported_share_pct) AS printed_total FROM marts.country_shares WHERE reported_share_pct IS NOT NULL "
                  "GROUP BY metric HAVING abs(sum(reported_share_pct) - 100) > 0.1", blocking=False),),
    claim_marks=(ClaimMark("reported_shares", ("metric", "country_code"), "reported_share_pct", only_where_present="reported_source_id"),),
)

CONCENTRATION = Table(
    'concentration', "marts", 'Concentration of supply', '供應集中度',
    "How concentrated reserves and production are, per metric, year and source edition: HHI, top-1 and top-3 shares and the report's regional groupings.",
    key=('metric', 'data_year', 'source_id'),
    columns=[
        col('metric', 'text', 'production (mine production in the data year) or reserves.', 'Metric', '指標', format='code'),
        col('data_year', 'int', 'Year the figure describes.', 'Data year', '資料年份', unit='year', format='year'),
        carry(R.COUNTRY_GROUPS, 'source_id'),
        col('source_edition', 'text', 'Edition of the source (e.g. MCS 2025), so a later revision sits beside an earlier figure.', 'Source edition', '來源版次', format='text'),
        col('denominator_basis', 'text', 'Which denominator the shares use (see marts.country_shares).', 'Denominator basis', '分母基準', format='code'),
        col('country_count', 'int', 'Individual countries with a tonnage in the edition.', 'Country count', '國家數', unit='count', format='integer'),
        col('hhi', 'float', "Herfindahl–Hirschman index: the sum of squared country shares in percent (0–10,000); 'other countries' is left out.", 'HHI', '赫芬達爾指數', unit='index', nullable=True, lineage=('marts.country_shares.share_pct',), format='number2'),
        col('top1_share_pct', 'float', 'Share of the largest country.', 'Top 1 share (%)', '最大國佔比(%)', unit='pct', nullable=True, lineage=('marts.country_shares.share_pct',), format='number2'),
        col('top3_share_pct', 'float', 'Share of the three largest countries together.', 'Top 3 share (%)', '前三國佔比(%)', unit='pct', nullable=True, lineage=('marts.country_shares.share_pct',), format='number2'),
        col('china_share_pct', 'float', 'Share of China.', 'China share (%)', '中國佔比(%)', unit='pct', nullable=True, lineage=('marts.country_shares.share_pct', 'country_groups.country_code'), format='number2'),
        col('southeast_asia_share_pct', 'float', 'Share of Southeast Asia as the report defines it (Myanmar, Thailand, Vietnam, Malaysia), from the countries with a tonnage.', 'Southeast Asia share (%)', '東南亞佔比(%)', unit='pct', nullable=True, lineage=('marts.country_shares.share_pct', 'country_groups.country_code'), format='number2'),
        col('us_australia_southeast_asia_share_pct', 'float', 'Share of the United States, Australia and Southeast Asia together.', 'US, Australia and Southeast Asia share (%)', '美澳東南亞佔比(%)', unit='pct', nullable=True, lineage=('marts.country_shares.share_pct', 'country_groups.country_code'), format='number2'),
        col('rest_of_world_share_pct', 'float', '100 minus China minus the United States, Australia and Southeast Asia.', 'Rest of world share (%)', '其他地區佔比(%)', unit='pct', nullable=True, format='number2'),
    ],
)

PRICE_MULTIPLIERS = Table(
    'price_multipliers', "marts", 'Price multipliers along the value chain', '價值鏈價格倍率',
    "Each value-chain stage's product and price, and its multiple of the concentrate price, computed beside the report's.",
    key=('price_id',),
    columns=[
        carry(R.PRICES, 'price_id'),
        carry(R.PRICES, 'price_stage'),
        col('stage_order', 'int', 'Order of the stage along the chain (1 = concentrate … 5 = recycled).', 'Stage order', '階段順序', unit='ordinal', format='integer'),
        carry(R.PRICES, 'product_name'),
        carry(R.PRICES, 'element_symbols'),
        carry(R.PRICES, 'price_date'),
        carry(R.PRICES, 'price_year'),
        carry(R.PRICES, 'price_low'),
        carry(R.PRICES, 'price_high'),
        carry(R.PRICES, 'unit'),
        carry(R.PRICES, 'currency'),
        carry(R.PRICES, 'price_basis'),
        carry(R.PRICES, 'market'),
        col('price_usd_per_t', 'float', 'Price in US dollars per metric ton (midpoint of a range; USD/kg × 1,000); empty for prices in another currency (no exchange rate is curated).', 'Price (USD/t)', '價格(美元/公噸)', unit='USD/t', nullable=True, lineage=('prices.price_low', 'prices.price_high', 'prices.unit'), format='number2'),
        col('base_price_id', 'text', 'The concentrate price of the same source, date and currency that the multiplier divides by.', 'Base price ID', '基準價格代碼', nullable=True, format='code'),
        col('multiplier', 'float', 'Price over the concentrate price of the same source, date and currency (midpoints), computed.', 'Multiplier', '價格倍率(計算)', unit='ratio', nullable=True, lineage=('prices.price_low', 'prices.price_high'), format='number2'),
        carry(R.PRICES, 'reported_multiplier'),
        carry(R.PRICES, 'multiplier_as_printed'),
        col('multiplier_difference', 'float', 'Printed multiplier minus computed multiplier.', 'Multiplier difference', '倍率差異', unit='ratio', nullable=True, lineage=('prices.reported_multiplier', 'prices.price_low', 'prices.price_high'), format='number2'),
        carry(R.PRICES, 'value_qualifier'),
        carry(R.PRICES, 'source_id'),
        carry(R.PRICES, 'source_locator'),
    ],
    audits=(Audit("multiplier_has_base", "Every multiplier has its base concentrate price; every printed multiplier is recomputed.",
                  "SELECT price_id, multiplier, base_price_id, reported_multiplier FROM marts.price_multipliers "
                  "WHERE (multiplier IS NOT NULL AND base_price_id IS NULL) OR (reported_multiplier IS NOT NULL AND multiplier IS NULL)"),),
    claim_marks=(ClaimMark("prices", ("price_id",), "reported_multiplier"),),
)

DEMAND_PROJECTIONS = Table(
    'demand_projections', "marts", 'Supply and demand projections', '供需預測',
    'Rare-earth demand and supply by series, scenario and year (long format), with compound annual growth and the supply–demand gap where both are given.',
    key=('series_code', 'scenario_code', 'year', 'source_id'),
    columns=[
        col('series_code', 'text', 'Series: total_demand, cleantech_demand, other_demand, magnet_demand, primary_supply, recycled_supply, total_supply; derived: supply_total_derived (primary + recycled), supply_demand_gap (total demand − derived supply).', 'Series code', '序列', format='code'),
        carry(R.SUPPLY_DEMAND, 'scenario_code'),
        carry(R.SUPPLY_DEMAND, 'year'),
        carry(R.SUPPLY_DEMAND, 'quantity_t', checks=(), description='Quantity in metric tons (of rare-earth content as the source counts it); negative only for a supply–demand gap with supply above demand.'),
        carry(R.SUPPLY_DEMAND, 'value_qualifier'),
        col('is_derived', 'bool', 'True for rows the pipeline computes from given rows.', 'Is derived?', '是否為推算', format='bool'),
        carry(R.SUPPLY_DEMAND, 'attributed_to'),
        carry(R.SUPPLY_DEMAND, 'is_attribution_verified'),
        carry(R.SUPPLY_DEMAND, 'source_id'),
        col('cagr_from_year', 'int', 'Previous year given in the same series, scenario and source.', 'CAGR from year', '成長起始年', unit='year', nullable=True, format='year'),
        col('cagr_pct', 'float', 'Compound annual growth from cagr_from_year to year, in percent per year.', 'CAGR (%)', '年複合成長率(%)', unit='pct per year', nullable=True, lineage=('supply_demand.quantity_t', 'supply_demand.year'), format='number2'),
    ],
    claim_marks=(ClaimMark("supply_demand", ("series_code", "year"), "quantity_t", only_report_rows=True),),
)

AGREEMENTS = Table(
    'agreements', "marts", 'US bilateral agreements', '美國雙邊協議',
    'US agreements on rare earths: partner, date, instrument and whether binding, one row per amount named (USD) and what it is for.',
    key=('agreement_id', 'amount_id'),
    columns=[
        carry(R.AGREEMENTS, 'agreement_id'),
        carry(R.AGREEMENTS, 'partner_country_code'),
        carry(R.COUNTRIES, 'country_name_en', name='partner_name_en', label_en='Partner', label_zh='合作國(英文)'),
        carry(R.COUNTRIES, 'country_name_zh', name='partner_name_zh', label_en='Partner (Chinese)', label_zh='合作國'),
        carry(R.AGREEMENTS, 'counterparty'),
        col('agreement_date', 'date', "Date of the agreement from a source other than the report where one exists, else the report's.", 'Agreement date', '協議日期', format='date'),
        col('date_source_id', 'text', 'Source of agreement_date.', 'Date source ID', '日期來源', is_source_ref=True, format='code'),
        carry(R.AGREEMENTS, 'date_note'),
        col('report_date', 'date', 'Date as the report prints it.', 'Report date', '報告所載日期', nullable=True, lineage=('agreements.agreement_date',), format='date'),
        col('has_date_conflict', 'bool', "True where the report's date differs from agreement_date.", 'Has date conflict?', '日期是否不一致', format='bool'),
        carry(R.AGREEMENTS, 'instrument_type'),
        carry(R.AGREEMENTS, 'is_binding'),
        carry(R.AGREEMENT_AMOUNTS, 'amount_id', nullable=True),
        carry(R.AGREEMENT_AMOUNTS, 'funder', nullable=True),
        carry(R.AGREEMENT_AMOUNTS, 'purpose', nullable=True),
        carry(R.AGREEMENT_AMOUNTS, 'amount_usd'),
        carry(R.AGREEMENT_AMOUNTS, 'value_qualifier', name='amount_qualifier', description='How the source states the amount: ' + ', '.join(VALUE_QUALIFIERS.codes) + '.', label_en='Amount as stated', label_zh='金額註記', nullable=True),
        col('amount_source_id', 'text', 'Source of the amount.', 'Amount source ID', '金額來源', nullable=True, is_source_ref=True, format='code'),
    ],
    audits=(Audit("dates_agree", "Warns where the report's agreement date differs from the other source's.",
                  "SELECT DISTINCT agreement_id, agreement_date, report_date, date_note FROM marts.agreements WHERE has_date_conflict", blocking=False),),
    claim_marks=(ClaimMark("agreements", ("agreement_id",), "report_date"), ClaimMark("agreement_amounts", ("amount_id",), "amount_usd")),
)

INVESTMENTS = Table(
    'investments', "marts", 'Company investments', '企業投資',
    "Funding of US rare-earth companies by instrument and funder, with each line's source.",
    key=('investment_id',),
    columns=[
        carry(R.INVESTMENTS, 'investment_id'),
        carry(R.INVESTMENTS, 'company_name'),
        carry(R.INVESTMENTS, 'value_chain_segment'),
        carry(R.INVESTMENTS, 'funder'),
        carry(R.INVESTMENTS, 'instrument_type'),
        carry(R.INVESTMENTS, 'amount_usd'),
        carry(R.INVESTMENTS, 'value_qualifier'),
        carry(R.INVESTMENTS, 'announced_date'),
        carry(R.INVESTMENTS, 'date_precision'),
        carry(R.INVESTMENTS, 'purpose'),
        carry(R.INVESTMENTS, 'source_id'),
        carry(R.SOURCES, 'source_type'),
        carry(R.INVESTMENTS, 'source_locator'),
    ],
    claim_marks=(ClaimMark("investments", ("investment_id",), "amount_usd"),),
)

CAPACITIES = Table(
    'capacities', "marts", 'Capacities and targets', '產能與目標',
    'Capacities and target years of rare-earth facilities, in metric tons a year where the unit allows.',
    key=('capacity_id',),
    columns=[
        carry(R.CAPACITIES, 'capacity_id'),
        carry(R.CAPACITIES, 'company_name'),
        carry(R.CAPACITIES, 'facility_name'),
        carry(R.CAPACITIES, 'product'),
        carry(R.CAPACITIES, 'capacity_low'),
        carry(R.CAPACITIES, 'capacity_high'),
        carry(R.CAPACITIES, 'unit'),
        col('capacity_high_t_per_year', 'float', 'capacity_high in metric tons a year (short tons × 0.90718474); empty where the source gives no period.', 'Capacity high (t/yr)', '產能上限(公噸/年)', unit='t/yr', nullable=True, lineage=('capacities.capacity_high', 'capacities.unit'), format='number0'),
        carry(R.CAPACITIES, 'target_year'),
        carry(R.CAPACITIES, 'value_qualifier'),
        carry(R.CAPACITIES, 'source_id'),
        carry(R.CAPACITIES, 'source_locator'),
    ],
    claim_marks=(ClaimMark("capacities", ("capacity_id",), "capacity_high"),),
)

LEGISLATION = Table(
    'legislation', "marts", 'US legislation', '美國立法',
    'US laws and bills on rare earths, with the figures the report gives for them.',
    key=('law_id',),
    columns=[
        carry(R.LEGISLATION, 'law_id'),
        carry(R.LEGISLATION, 'law_name_en'),
        carry(R.LEGISLATION, 'law_name_zh'),
        carry(R.LEGISLATION, 'bill_number'),
        carry(R.LEGISLATION, 'law_year'),
        carry(R.LEGISLATION, 'instrument_type'),
        carry(R.LEGISLATION, 'summary_zh'),
        col('figures_quoted', 'text', 'Figures the report gives for the law, quoted (from raw.statements).', 'Figures quoted', '引述數字', nullable=True, lineage=('statements.quote_zh',), format='text'),
        carry(R.LEGISLATION, 'source_id'),
    ],
)

EXPORT_CONTROLS = Table(
    'export_controls', "marts", "China's export controls", '中國出口管制',
    "China's rare-earth export-control measures, one row per element covered, with announcement, issue, effective and suspension dates and the report's dates beside them.",
    key=('measure_id', 'element_symbol'),
    columns=[
        carry(R.EXPORT_CONTROLS, 'measure_id'),
        carry(R.EXPORT_CONTROLS, 'authority'),
        carry(R.EXPORT_CONTROLS, 'announcement_no'),
        carry(R.EXPORT_CONTROLS, 'measure_name_en'),
        carry(R.EXPORT_CONTROLS, 'measure_name_zh'),
        col('element_symbol', 'text', 'Element the measure covers; empty for a measure that names no element.', 'Element symbol', '元素符號', nullable=True, format='code'),
        carry(R.ELEMENTS, 'element_name_en', nullable=True),
        carry(R.ELEMENTS, 'element_name_zh', nullable=True),
        col('element_source_ids', 'text', "Sources that list the element under the measure, ';'-separated.", 'Element source IDs', '元素來源', nullable=True, is_source_ref=True, format='code'),
        col('announced_date', 'date', 'Announcement date (the issue date where no separate announcement), from sources other than the report.', 'Announced date', '宣布日期', nullable=True, format='date'),
        col('issued_date', 'date', 'Issue date, from sources other than the report.', 'Issued date', '發布日期', nullable=True, format='date'),
        col('effective_date', 'date', 'Effective date, from sources other than the report.', 'Effective date', '生效日期', nullable=True, lineage=('export_control_dates.event_date',), format='date'),
        col('effective_de_minimis_date', 'date', 'Effective date of the 0.1 % de minimis rule, where separate.', 'Effective de minimis date', '0.1% 門檻生效日', nullable=True, format='date'),
        col('suspended_date', 'date', 'Date the measure was suspended.', 'Suspended date', '暫停日期', nullable=True, format='date'),
        col('suspended_until_date', 'date', 'Date the suspension runs until.', 'Suspended until date', '暫停至', nullable=True, format='date'),
        col('report_announced_date', 'date', 'Announcement date as the report gives it (first day of the month where only the month is given).', 'Report announced date', '報告所載宣布日', nullable=True, format='date'),
        col('report_effective_date', 'date', 'Effective date as the report gives it.', 'Report effective date', '報告所載生效日', nullable=True, lineage=('export_control_dates.event_date',), format='date'),
        col('has_date_conflict', 'bool', "True where the report's effective date differs from the other sources'.", 'Has date conflict?', '日期是否不一致', format='bool'),
        carry(R.EXPORT_CONTROLS, 'source_id'),
    ],
    audits=(Audit("elements_known", "Every element under export control is one of the 17 in raw.elements.",
                  "SELECT measure_id, element_symbol FROM marts.export_controls WHERE element_symbol IS NOT NULL AND element_name_en IS NULL"),),
    claim_marks=(ClaimMark("export_control_dates", ("measure_id",), "report_effective_date"),),
)

ELEMENTS = Table(
    'elements', "marts", 'Rare-earth elements', '稀土元素',
    'The 17 rare-earth elements with names, group, magnetism and export-control status as of a stated date.',
    key=('element_symbol',),
    columns=[
        carry(R.ELEMENTS, 'element_symbol'),
        carry(R.ELEMENTS, 'atomic_number'),
        carry(R.ELEMENTS, 'element_name_en'),
        carry(R.ELEMENTS, 'element_name_zh'),
        carry(R.ELEMENTS, 'is_lanthanide'),
        carry(R.ELEMENTS, 'group_two_way'),
        carry(R.ELEMENTS, 'group_three_way'),
        carry(R.ELEMENTS, 'magnetic_behaviour'),
        col('report_ordering_temperature_k', 'float', 'Ferromagnetic ordering temperature as the report states it, in kelvin (°C + 273.15).', 'Report ordering temperature (K)', '報告所載有序溫度(K)', unit='K', nullable=True, lineage=('element_properties.value', 'element_properties.unit'), format='number0'),
        col('reference_ordering_temperature_k', 'float', 'Curie temperature from the reference source, in kelvin.', 'Reference ordering temperature (K)', '參考居禮溫度(K)', unit='K', nullable=True, lineage=('element_properties.value', 'element_properties.unit'), format='number0'),
        carry(R.ELEMENTS, 'is_radioactive'),
        col('export_control_measure_ids', 'text', "Measures that cover the element, ';'-separated (sources other than the report).", 'Export control measure IDs', '出口管制措施', nullable=True, format='code'),
        col('export_control_status', 'text', 'controlled, suspended, announced or not_controlled as of status_as_of_date.', 'Export control status', '出口管制狀態', values=codes('controlled', 'suspended', 'announced', 'not_controlled'), format='text'),
        col('status_as_of_date', 'date', 'The latest issue, effective or suspension date in the official sources: the date the status describes.', 'Status as of date', '狀態基準日', format='date'),
    ],
    audits=(Audit("seventeen_elements", "The elements mart holds exactly the 17 rare-earth elements.",
                  "SELECT count(*) AS elements FROM marts.elements HAVING count(*) <> 17"),),
    claim_marks=(ClaimMark("element_properties", ("element_symbol",), "report_ordering_temperature_k"),),
)

CLAIMS = Table(
    'claims', "marts", 'Fact-check ledger', '報告事實查核',
    'Every quantitative statement in the report, with the stated value, the value recomputed from the data, the tolerance and whether they agree.',
    key=('claim_id',),
    columns=[
        col('claim_id', 'text', "Id of the checked statement: the claim's id and the row it checks.", 'Claim ID', '陳述代碼', format='code'),
        col('topic', 'text', 'Topic of the statement.', 'Topic', '主題', format='code'),
        col('quote', 'text', 'The statement as the source words it (or where it stands).', 'Quote', '原文', format='text'),
        col('stated_value', 'text', 'The value the source states, as text.', 'Stated value', '陳述值', nullable=True, format='text'),
        col('recomputed_value', 'text', "The value recomputed by the pipeline's query, as text; empty when it cannot be checked.", 'Recomputed value', '重算值', nullable=True, format='text'),
        col('stated_number', 'float', 'stated_value as a number, where it is one.', 'Stated number', '陳述數值', unit='see unit', nullable=True, format='number2'),
        col('recomputed_number', 'float', 'recomputed_value as a number, where it is one.', 'Recomputed number', '重算數值', unit='see unit', nullable=True, format='number2'),
        col('difference', 'float', 'stated_number minus recomputed_number.', 'Difference', '差異', unit='see unit', nullable=True, format='number2'),
        col('comparison', 'text', 'How the two are compared: approx, at_least, at_most, less_than or equal.', 'Comparison', '比較方式', values=codes('approx', 'at_least', 'at_most', 'less_than', 'equal'), format='code'),
        col('tolerance', 'float', "Largest difference still counted as agreeing, in the claim's unit.", 'Tolerance', '容許誤差', unit='see unit', format='number4'),
        col('unit', 'text', 'Unit of the values.', 'Unit', '單位', format='code'),
        col('status', 'text', 'agrees, disagrees or cannot be checked.', 'Status', '狀態', values=codes('agrees', 'disagrees', 'cannot be checked'), format='code'),
        col('explanation', 'text', 'One line on what was compared and why the status follows.', 'Explanation', '說明', format='text'),
        col('stated_ref', 'text', "'table:id' of the raw row the stated value is read from.", 'Stated ref', '陳述出處', format='text'),
    ],
    audits=(Audit("sources_agree", "Warns with every claim whose stated value disagrees with the recomputed one.",
                  "SELECT claim_id, stated_value, recomputed_value, explanation FROM marts.claims WHERE status = 'disagrees'", blocking=False),),
)


HEADLINE_FIGURES = Table(
    "headline_figures", "marts", "Headline figures", "重點數字",
    "The figures the front page shows, each computed by this mart's SQL from the other marts, with the edition or source it rests on.",
    has_page=False,
    key=("figure_id",),
    columns=(
        col("figure_id", "text", "Stable id of the figure.", "Figure", "數字代碼", format="code"),
        col("figure_order", "int", "Order on the page.", "Order", "順序", unit="ordinal", ge=1),
        col("label_en", "text", "What the figure is, in English.", "Label", "說明(英文)"),
        col("label_zh", "text", "What the figure is, in Traditional Chinese.", "Label (Chinese)", "說明"),
        col("value", "float", "The figure, in its unit.", "Value", "數值", unit="see unit", nullable=True, format="number2",
            lineage=("marts.country_shares.share_pct", "marts.concentration.hhi", "marts.price_multipliers.multiplier", "marts.claims.status")),
        col("unit", "text", "Unit of the value.", "Unit", "單位", values=codes("pct", "index", "ratio", "count"), format="code"),
        col("display_format", "text", "How the site prints the value (number0, number1, integer).", "Display format", "顯示格式",
            values=codes("number0", "number1", "number2", "integer"), format="code"),
        col("basis", "text", "The edition, product or count the figure rests on.", "Basis", "依據"),
        col("source_id", "text", "Source of the figure; empty where it is computed from the whole ledger.", "Source", "來源",
            nullable=True, references="sources.source_id", is_source_ref=True, format="code"),
    ),
)

CHART_SERIES = Table(
    "chart_series", "marts", "Chart data", "圖表資料",
    "Every point of every chart on the site, in long format: which chart and page it belongs to, its series, category or year, and value.",
    has_page=False,
    key=("chart_id", "series_id", "point_order"),
    columns=(
        col("chart_id", "text", "Stable id of the chart.", "Chart", "圖表代碼", format="code"),
        col("page", "text", "The mart whose page shows the chart.", "Page", "頁面", format="code"),
        col("chart_kind", "text", "bar (categories) or line (values over years).", "Kind", "圖表類型", values=codes("bar", "line"), format="code"),
        col("title_en", "text", "Chart title in English.", "Title", "標題(英文)"),
        col("title_zh", "text", "Chart title in Traditional Chinese.", "Title (Chinese)", "標題"),
        col("unit", "text", "Unit of the values.", "Unit", "單位", format="code"),
        col("series_id", "text", "Id of the series within the chart.", "Series", "序列代碼", format="code"),
        col("series_en", "text", "Series name in English.", "Series name", "序列(英文)"),
        col("series_zh", "text", "Series name in Traditional Chinese.", "Series name (Chinese)", "序列"),
        col("category_en", "text", "Category of a bar chart, in English.", "Category", "類別(英文)", nullable=True),
        col("category_zh", "text", "Category of a bar chart, in Traditional Chinese.", "Category (Chinese)", "類別", nullable=True),
        col("x", "int", "Year of a line chart's point.", "Year", "年份", unit="year", nullable=True, format="year"),
        col("y", "float", "The value plotted.", "Value", "數值", unit="see unit", format="number2",
            lineage=("marts.country_shares.share_pct", "marts.price_multipliers.price_usd_per_t", "marts.demand_projections.quantity_t")),
        col("point_order", "int", "Order of the point within its series.", "Order", "順序", unit="ordinal", ge=1),
        col("source_id", "text", "Source of the point.", "Source", "來源", references="sources.source_id", is_source_ref=True, format="code"),
    ),
)

MARTS: dict[str, Table] = {t.name: t for t in (COUNTRY_SHARES, CONCENTRATION, PRICE_MULTIPLIERS, DEMAND_PROJECTIONS, AGREEMENTS, INVESTMENTS, CAPACITIES, LEGISLATION, EXPORT_CONTROLS, ELEMENTS, CLAIMS, HEADLINE_FIGURES, CHART_SERIES)}
