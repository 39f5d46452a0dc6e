-- marts.headline_figures: the figures the front page shows, each computed here so a reader can reproduce it.
with latest as (
    select * from staging.latest_production_shares
),
edition as (
    select distinct source_id, source_edition, data_year from latest
),
report_metal as (
    select * from marts.price_multipliers
    where price_stage = 'metal' and multiplier is not null
        and source_id in (select source_id from staging.report_sources)
    qualify row_number() over (order by price_date desc nulls last, price_id) = 1
),
final as (
    select 'china_production_share' as figure_id, 1 as figure_order,
        'China''s share of world mine production, ' || l.data_year as label_en,
        '中國 ' || l.data_year || ' 年礦場產量佔比' as label_zh,
        l.share_pct as value, 'pct' as unit, 'number1' as display_format,
        l.source_edition as basis, l.source_edition || ' 版' as basis_zh, l.source_id
    from latest l where l.country_code = 'CHN'
    union all
    select 'production_hhi', 2,
        'Concentration of mine production (HHI), ' || c.data_year,
        c.data_year || ' 年產量集中度(HHI)',
        c.hhi, 'index', 'number0', c.source_edition, c.source_edition || ' 版', c.source_id
    from marts.concentration c join edition e using (source_id, data_year)
    where c.metric = 'production'
    union all
    select 'report_metal_multiplier', 3,
        'Metal over concentrate price in the report (' || coalesce(strftime(price_date, '%Y-%m-%d'), price_year::varchar) || ')',
        '報告:金屬對精礦價格倍率(' || coalesce(strftime(price_date, '%Y-%m-%d'), price_year::varchar) || ')',
        multiplier, 'ratio', 'number1', product_name, '報告價格表品名「' || product_name || '」', source_id
    from report_metal
    union all
    select 'report_claims_disagreeing', 4,
        'Report figures that disagree with the data', '報告陳述與資料不一致',
        count(*) filter (where status = 'disagrees'), 'count', 'integer',
        count(*) || ' statements checked', '共查核 ' || count(*) || ' 項陳述', null
    from marts.claims
)
select * from final order by figure_order
