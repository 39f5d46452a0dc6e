-- marts.chart_series: every point of every chart on the site, long format, so each chart's data can be downloaded.
with latest as (
    select * from staging.latest_production_shares
),
production_share as (
    select 'production_share' as chart_id, 'country_shares' as page, 'bar' as chart_kind,
        'Share of world mine production, ' || data_year || ' (' || source_edition || ')' as title_en,
        data_year || ' 年各國稀土礦場產量佔比(' || source_edition || ')' as title_zh,
        'pct' as unit, 'share' as series_id, 'Share of world production' as series_en, '佔全球產量' as series_zh,
        country_name_en as category_en, country_name_zh as category_zh, null::bigint as x, share_pct as y,
        row_number() over (order by share_pct desc, country_code) as point_order, source_id
    from latest where not is_aggregate and share_pct is not null
),
price_ladder as (
    select 'price_ladder', 'price_multipliers', 'bar',
        'Value-chain price ladder in the report, ' || coalesce(strftime(price_date, '%Y-%m-%d'), price_year::varchar) || ' (USD/t)',
        '報告中的價值鏈價格階梯,' || coalesce(strftime(price_date, '%Y-%m-%d'), price_year::varchar) || '(美元/公噸)',
        'USD/t', 'price', 'Price', '價格', product_name, product_name, null::bigint, price_usd_per_t,
        stage_order, source_id
    from marts.price_multipliers
    where source_id in (select source_id from staging.report_sources) and price_usd_per_t is not null
        and price_date = (select max(price_date) from marts.price_multipliers
                          where source_id in (select source_id from staging.report_sources) and base_price_id is not null)
),
demand as (
    select 'demand_supply', 'demand_projections', 'line',
        'Rare-earth demand against supply, as the report gives it (t)', '稀土供需:報告所載(公噸)',
        't', series_code,
        case series_code when 'total_demand' then 'Total demand' when 'supply_total_derived' then 'Supply (primary + recycled)'
                         when 'cleantech_demand' then 'Clean-tech demand' else 'Other demand' end,
        case series_code when 'total_demand' then '總需求' when 'supply_total_derived' then '供給(初級 + 回收)'
                         when 'cleantech_demand' then '潔淨科技需求' else '其他需求' end,
        null, null, year, quantity_t, year, source_id
    from marts.demand_projections
    where scenario_code = 'unspecified' and source_id in (select source_id from staging.report_sources)
        and series_code in ('total_demand', 'supply_total_derived', 'cleantech_demand', 'other_demand')
),
final as (
    select * from production_share union all select * from price_ladder union all select * from demand
)
select * from final order by chart_id, series_id, point_order
