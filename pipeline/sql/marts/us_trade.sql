-- marts.us_trade: US imports and domestic exports of the rare-earth headings by partner, year and period:
-- value, first unit of quantity and unit value. The partners are the 18 the query selected (no World row).
with cells as (
    select t.*, h.heading_scope,
        -- the quantity unit of the line a value belongs to ("USD (value for: kilograms)" -> kilograms)
        coalesce(nullif(regexp_extract(t.unit, '^USD \(value for: (.*)\)$', 1), ''), t.unit) as line_unit
    from raw.usitc_trade t join staging.us_trade_rare_earth_headings h using (hts_heading, heading_description)
),
value_cells as (
    select * from cells where measure in ('customs_value', 'fas_value')
),
quantity_cells as (
    select * from cells where measure = 'first_unit_quantity'
),
final as (
    select v.flow, v.hts_heading, v.heading_description, v.heading_scope, v.partner_code, c.country_name_en as partner_name_en,
        c.country_name_zh as partner_name_zh, v.year, v.period, v.measure as value_measure, v.value as value_usd,
        v.is_zero as is_value_zero, v.is_missing as is_value_missing,
        v.line_unit as quantity_unit, q.value as quantity, q.is_zero as is_quantity_zero, q.is_missing as is_quantity_missing,
        q.is_withheld as is_quantity_withheld,
        case when v.line_unit = 'kilograms' and q.value > 0 and not q.is_withheld then round(v.value / q.value, 4) end as unit_value_usd_per_kg,
        v.source_id, v.locator as value_locator, q.locator as quantity_locator
    from value_cells v
    join raw.countries c on c.country_code = v.partner_code
    left join quantity_cells q on q.flow = v.flow and q.hts_heading = v.hts_heading and q.partner_code = v.partner_code
        and q.year = v.year and q.period = v.period and q.line_unit = v.line_unit
)
select * from final order by flow, hts_heading, partner_code, year, period, quantity_unit
