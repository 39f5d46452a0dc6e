-- marts.demand_projections: long format, with derived supply totals, gaps and growth rates.
with given as (
    select series_code, scenario_code, year, quantity_t, value_qualifier, false as is_derived,
        attributed_to, is_attribution_verified, source_id
    from raw.supply_demand
),
supply_sum as (
    select 'supply_total_derived' as series_code, p.scenario_code, p.year, p.quantity_t + r.quantity_t as quantity_t,
        'exact' as value_qualifier, true as is_derived, p.attributed_to, p.is_attribution_verified, p.source_id
    from given p join given r
        on r.series_code = 'recycled_supply' and r.scenario_code = p.scenario_code and r.year = p.year and r.source_id = p.source_id
    where p.series_code = 'primary_supply'
),
gap as (
    select 'supply_demand_gap' as series_code, d.scenario_code, d.year, d.quantity_t - s.quantity_t as quantity_t,
        'exact' as value_qualifier, true as is_derived, d.attributed_to, d.is_attribution_verified, d.source_id
    from given d join supply_sum s
        on s.scenario_code = d.scenario_code and s.year = d.year and s.source_id = d.source_id
    where d.series_code = 'total_demand'
),
all_rows as (
    select * from given union all select * from supply_sum union all select * from gap
),
final as (
    select *,
        lag(year) over w as cagr_from_year,
        case when lag(quantity_t) over w > 0 and quantity_t > 0
             then round(100 * (pow(quantity_t / lag(quantity_t) over w, 1.0 / (year - lag(year) over w)) - 1), 4) end as cagr_pct
    from all_rows
    window w as (partition by series_code, scenario_code, source_id order by year)
)
select * from final order by series_code, scenario_code, source_id, year
