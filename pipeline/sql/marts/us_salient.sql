-- marts.us_salient: US salient statistics (production, trade, consumption, net import reliance, prices excluded, employment)
-- as every MCS edition prints them, with each value's flags.
select upper(o.chapter) as chapter, o.statistic, o.statistic_as_printed, coalesce(o.detail, '') as detail, o.year,
    o.source_id, o.edition, o.version, o.value, o.unit, o.value_as_printed, o.is_estimated, o.is_withheld, o.is_not_available,
    o.is_zero_marker, o.is_lower_bound, o.is_net_exporter, o.note, o.file, o.locator
from raw.usgs_observations o
where o.table_name ilike 'salient%' and o.statistic <> 'price'
order by chapter, statistic, detail, year, edition, version
