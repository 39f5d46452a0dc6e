-- marts.usgs_prices: annual average prices by product and year as each USGS edition prints them, in USD/kg and USD/t.
with prices as (
    select upper(o.chapter) as chapter, o.detail as product_as_printed,
        coalesce(regexp_extract(lower(o.detail),
            '(neodymium-praseodymium \(ndpr\) oxide|cerium oxide|dysprosium oxide|europium oxide|lanthanum oxide|mischmetal|neodymium oxide|'
            'terbium oxide|praseodymium oxide|samarium oxide|gadolinium oxide|holmium oxide|erbium oxide|ytterbium oxide|lutetium oxide|'
            'scandium oxide|scandium metal|scandium-aluminum alloy|yttrium metal|y2o3)', 1), lower(o.detail)) as product_key,
        o.year, o.source_id, o.edition, o.version, o.value as price_usd_per_kg, o.unit, o.value_as_printed,
        o.is_estimated, o.is_not_available, o.note, o.file, o.locator
    from raw.usgs_observations o
    where o.statistic = 'price' and o.unit = 'USD/kg'
),
final as (
    select chapter, replace(replace(product_key, 'y2o3', 'yttrium oxide'), 'neodymium-praseodymium (ndpr) oxide', 'NdPr oxide') as product,
        product_as_printed, year, source_id, edition, version, price_usd_per_kg, price_usd_per_kg * 1000 as price_usd_per_t,
        value_as_printed, is_estimated, is_not_available, note, file, locator
    from prices
)
select * from final order by chapter, product, year, edition, version
