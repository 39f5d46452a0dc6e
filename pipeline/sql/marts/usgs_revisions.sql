-- marts.usgs_revisions: every country-year value that changed between one USGS edition (or version) and the next that prints it.
with values_ as (
    select * from staging.usgs_country_values
),
paired as (
    select *,
        lag(edition) over w as old_edition, lag(version) over w as old_version, lag(source_id) over w as old_source_id,
        lag(quantity_t) over w as old_quantity_t, lag(value_as_printed) over w as old_value_as_printed,
        lag(is_not_available) over w as old_is_not_available, lag(is_lower_bound) over w as old_is_lower_bound,
        lag(locator) over w as old_locator, lag(file) over w as old_file
    from values_
    window w as (partition by chapter, statistic, country_code, year order by edition_rank)
),
final as (
    select p.statistic, p.chapter, p.country_code, c.country_name_en, c.country_name_zh, p.year,
        p.old_edition, p.old_version, p.old_source_id, p.old_quantity_t, p.old_value_as_printed,
        p.edition as new_edition, p.version as new_version, p.source_id as new_source_id, p.quantity_t as new_quantity_t,
        p.value_as_printed as new_value_as_printed,
        p.quantity_t - p.old_quantity_t as change_t,
        case when p.old_quantity_t > 0 then round(100 * (p.quantity_t - p.old_quantity_t) / p.old_quantity_t, 2) end as change_pct,
        p.old_file || ' [' || p.old_locator || ']' as old_locator, p.file || ' [' || p.locator || ']' as new_locator
    from paired p join raw.countries c using (country_code)
    where p.old_edition is not null
        and (p.quantity_t is distinct from p.old_quantity_t or p.is_lower_bound is distinct from p.old_is_lower_bound)
)
select * from final order by statistic, chapter, year, country_code, new_edition, new_version
