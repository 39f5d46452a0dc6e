-- marts.usgs_mine_production: mine production by country and year as every USGS edition and version prints it, side by side.
with production as (
    select * from staging.usgs_country_values where statistic = 'mine_production'
),
final as (
    select p.chapter, p.country_code, c.country_name_en, c.country_name_zh, c.is_aggregate, p.year,
        p.source_id, p.series, p.edition, p.version, p.edition_rank,
        p.quantity_t, p.unit, p.value_as_printed, p.is_estimated, p.is_rounded, p.is_withheld, p.is_not_available,
        p.is_zero_marker, p.is_lower_bound,
        p.edition_rank = max(p.edition_rank) over (partition by p.chapter, p.country_code, p.year) as is_latest,
        p.note, p.file, p.locator
    from production p join raw.countries c using (country_code)
)
select * from final order by chapter, year, country_code, edition_rank
