-- marts.price_multipliers: each price against the concentrate of the same source, date and currency.
with prices as (
    select *, (price_low + price_high) / 2 as price_mid,
        case price_stage when 'concentrate' then 1 when 'oxide' then 2 when 'metal' then 3
                         when 'magnet' then 4 when 'recycled' then 5 end as stage_order
    from raw.prices
),
base as (
    select price_id as base_price_id, source_id, price_date, price_year, currency, price_mid as base_price_mid
    from prices where price_stage = 'concentrate'
),
final as (
    select p.price_id, p.price_stage, p.stage_order, p.product_name, p.element_symbols,
        p.price_date, p.price_year, p.price_low, p.price_high, p.unit, p.currency, p.price_basis, p.market,
        case p.unit when 'USD/t' then p.price_mid when 'USD/kg' then p.price_mid * 1000 end as price_usd_per_t,
        b.base_price_id,
        round(p.price_mid / b.base_price_mid, 4) as multiplier,
        p.reported_multiplier, p.multiplier_as_printed,
        round(p.reported_multiplier - p.price_mid / b.base_price_mid, 4) as multiplier_difference,
        p.value_qualifier, p.source_id, p.source_locator
    from prices p
    left join base b
        on b.source_id = p.source_id and b.currency = p.currency and b.price_year = p.price_year
        and b.price_date is not distinct from p.price_date
)
select * from final order by source_id, price_date nulls last, price_year, stage_order, price_id
