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
world_production as (
    select 'world_production', 'world_production', 'line',
        'World mine production of rare earths since ' || min(year) over () || ' (t REO)', min(year) over () || ' 年以來全球稀土礦場產量(公噸稀土氧化物)',
        't', 'world', 'World', '全球', null, null, year, quantity_t, year, source_id
    from marts.world_production
    where is_latest and quantity_t is not null
),
top_producers as (
    select country_code from marts.usgs_mine_production_latest
    where not is_aggregate and quantity_t is not null
        and year = (select max(year) from marts.usgs_mine_production_latest where not is_aggregate)
    order by quantity_t desc, country_code limit 5
),
production_by_country as (
    select 'production_by_country', 'usgs_mine_production', 'line',
        'Mine production by country, largest five producers (t REO, latest edition for each year)',
        '各國礦場產量:前五大生產國(公噸稀土氧化物,每年取最新版次)',
        't', country_code, country_name_en, country_name_zh, null, null, year, quantity_t, year, source_id
    from marts.usgs_mine_production_latest
    where country_code in (select country_code from top_producers) and quantity_t is not null
),
china_revisions as (
    select 'china_by_edition', 'usgs_mine_production', 'line',
        'China''s mine production as each edition printed it (t REO): revisions show as separate points',
        '各版次所載中國礦場產量(公噸稀土氧化物):修訂值以不同點呈現',
        't', edition, edition, edition, null, null, year, quantity_t, year, source_id
    from marts.usgs_mine_production
    where country_code = 'CHN' and quantity_t is not null
),
concentration_over_time as (
    select 'concentration_over_time', 'usgs_concentration', 'line',
        'Concentration of world mine production: China''s share and the top three''s share (%)',
        '全球礦場產量集中度:中國佔比與前三大佔比(%)',
        'pct', s.series_id, s.series_en, s.series_zh, null, null, c.year, s.y, c.year, src.source_id
    from marts.usgs_concentration c
    join (select year, arg_max(source_id, quantity_t) as source_id from marts.usgs_mine_production_latest
          where quantity_t is not null group by year) src using (year),
        lateral (select 'china' as series_id, 'China' as series_en, '中國' as series_zh, c.china_share_pct as y
                 union all select 'top3', 'Top three countries', '前三大國', c.top3_share_pct) s
    where s.y is not null
),
prices_by_year as (
    select 'prices_by_year', 'usgs_prices', 'line',
        'Rare-earth oxide prices by year (USD/kg, newest edition for each year)',
        '稀土氧化物年均價格(美元/公斤,每年取最新版次)',
        'USD/kg', product, product, product, null, null, year,
        arg_max(price_usd_per_kg, edition), year, arg_max(source_id, edition)
    from marts.usgs_prices
    where price_usd_per_kg is not null and product in ('NdPr oxide', 'neodymium oxide', 'dysprosium oxide', 'terbium oxide')
    group by product, year
),
top_partners as (
    select partner_code from marts.us_trade
    where flow = 'imports_for_consumption' and period = 'full_year' and value_usd is not null
    group by partner_code order by sum(value_usd) desc, partner_code limit 5
),
imports_by_partner as (
    select 'imports_by_partner', 'us_trade', 'line',
        'US imports for consumption of rare-earth compounds, metals and magnets (HTS 2805, 2846, 8505), largest five partners (million USD)',
        '美國稀土化合物、金屬與磁體進口(HTS 2805、2846、8505),前五大夥伴國(百萬美元)',
        'USD m', partner_code, any_value(partner_name_en), any_value(partner_name_zh), null, null, year,
        round(sum(value_usd) / 1e6, 3), year, any_value(source_id)
    from marts.us_trade
    where flow = 'imports_for_consumption' and period = 'full_year' and value_usd is not null
        and partner_code in (select partner_code from top_partners)
    group by partner_code, year
),
final as (
    select * from production_share union all select * from price_ladder union all select * from demand
    union all select * from world_production union all select * from production_by_country union all select * from china_revisions
    union all select * from concentration_over_time union all select * from prices_by_year union all select * from imports_by_partner
)
select * from final order by chart_id, series_id, point_order
