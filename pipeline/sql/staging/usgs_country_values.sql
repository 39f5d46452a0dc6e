-- staging.usgs_country_values: mine production and reserves by country from every USGS edition:
-- the snapshot files, plus MCS 2025 as curated in raw.country_tonnages (no data-release file here).
with observed as (
    select upper(o.chapter) as chapter, o.statistic, o.country_code, o.year, o.source_id, o.series, o.edition, o.version,
        o.value as quantity_t, o.unit, o.value_as_printed, o.is_estimated, o.is_rounded, o.is_withheld, o.is_not_available,
        o.is_zero_marker, o.is_lower_bound, o.note, o.file, o.locator
    from raw.usgs_observations o
    where o.statistic in ('mine_production', 'reserves') and o.table_name not ilike 'salient%'
),
curated as (
    select 'RARE EARTHS', case t.metric when 'production' then 'mine_production' else 'reserves' end, t.country_code, t.data_year,
        t.source_id, 'MCS', t.source_edition, '1.0', t.quantity_t_reo, 't REO', t.quantity_t_reo::varchar,
        t.value_qualifier = 'estimate', t.value_qualifier = 'rounded', false, t.value_qualifier = 'not_available',
        false, t.value_qualifier = 'lower_bound', t.note, 'raw/country_tonnages.csv', t.source_locator
    from raw.country_tonnages t
    join staging.usgs_editions e on e.source_id = t.source_id and e.edition = t.source_edition
    where t.source_edition not in (select edition from raw.usgs_observations)
)
select v.*, e.edition_rank
from (select * from observed union all select * from curated) v
join staging.usgs_editions e using (source_id, edition, version)
