-- marts.usgs_reserves: reserves by country as every USGS edition prints them; bounds and "not available" kept as such.
with reserves as (
    select * from staging.usgs_country_values where statistic = 'reserves'
),
final as (
    select r.chapter, r.country_code, c.country_name_en, c.country_name_zh, c.is_aggregate, r.year,
        r.source_id, r.series, r.edition, r.version, r.edition_rank,
        r.quantity_t, r.unit, r.value_as_printed, r.is_estimated, r.is_rounded, r.is_not_available, r.is_lower_bound,
        r.note, r.file, r.locator
    from reserves r join raw.countries c using (country_code)
)
select * from final order by chapter, year, country_code, edition_rank
