-- marts.capacities: capacities and target years, with metric tons a year where the unit allows.
with capacities as (
    select * from raw.capacities
),
final as (
    select capacity_id, company_name, facility_name, product, capacity_low, capacity_high, unit,
        case unit when 't_per_year' then capacity_high
                  when 'short_t_per_year' then round(capacity_high * 0.90718474, 1) end as capacity_high_t_per_year,
        target_year, value_qualifier, source_id, source_locator
    from capacities
)
select * from final order by company_name, target_year nulls last, capacity_id
