-- marts.usgs_mine_production_latest: one value per chapter, country and year: the most recently published edition and version.
select chapter, country_code, country_name_en, country_name_zh, is_aggregate, year, source_id, series, edition, version,
    quantity_t, unit, value_as_printed, is_estimated, is_rounded, is_withheld, is_not_available, is_zero_marker, is_lower_bound,
    note, file, locator
from marts.usgs_mine_production
where is_latest
order by chapter, year, country_code
