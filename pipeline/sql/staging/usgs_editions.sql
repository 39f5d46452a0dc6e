-- staging.usgs_editions: every USGS edition and version, in publication order (edition_rank 1 = oldest).
with editions as (
    select distinct o.source_id, o.series, o.edition, o.version from raw.usgs_observations o
    union
    -- MCS 2025 has no data-release file here: its curated figures (raw.country_tonnages) stand in for it
    select distinct t.source_id, 'MCS', t.source_edition, '1.0' from raw.country_tonnages t
    join raw.sources s using (source_id)
    where s.publisher = 'U.S. Geological Survey' and t.source_edition not in (select edition from raw.usgs_observations)
),
dated as (
    select e.*, s.published_date, s.published_year,
        coalesce(s.published_date, make_date(s.published_year, 12, 31)) as sort_date
    from editions e join raw.sources s using (source_id)
)
select *, row_number() over (order by sort_date, edition, try_cast(version as double) nulls first, version) as edition_rank
from dated
