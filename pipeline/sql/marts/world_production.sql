-- marts.world_production: world mine production of rare earths, 1900 onward: Data Series 140, then every
-- edition's world total; where several give a year, every row, each with its source.
with ds140 as (
    select o.year, o.source_id, o.series, o.edition, o.version, o.value as quantity_t, o.value_as_printed,
        o.is_estimated, o.is_rounded, o.is_lower_bound, o.note, o.file, o.locator
    from raw.usgs_observations o
    where o.statistic = 'world_production'
),
totals as (
    select year, source_id, series, edition, version, quantity_t, value_as_printed, is_estimated, is_rounded, is_lower_bound,
        note, file, locator
    from staging.usgs_country_values
    where statistic = 'mine_production' and chapter = 'RARE EARTHS' and country_code = 'XWL'
),
all_rows as (
    select * from ds140 union all select * from totals
),
final as (
    select a.*, e.edition_rank, e.edition_rank = max(e.edition_rank) over (partition by a.year) as is_latest
    from all_rows a join staging.usgs_editions e using (source_id, edition, version)
)
select year, source_id, series, edition, version, quantity_t, value_as_printed, is_estimated, is_rounded, is_lower_bound,
    is_latest, note, file, locator
from final order by year, edition_rank
