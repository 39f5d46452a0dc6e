-- marts.concentration: per metric x data year x source edition.
-- An edition whose listed countries do not add up to its printed world total (within that total's
-- printed rounding: half a unit of its last non-zero digit) has an incomplete country list: its HHI
-- and top-3 share cannot be computed and are left empty (2020-2021 rest on China alone); its top-1
-- share is kept only where the unlisted remainder is smaller than it.
-- is_country_list_complete says whether the listed countries account for the printed world total.
with shares as (
    select * from marts.country_shares
),
coverage as (
    select metric, data_year, source_id,
        any_value(denominator_basis) as denominator_basis,
        any_value(world_t_reo) as world_t,
        sum(quantity_t_reo) as listed_t,
        any_value(world_t_reo)::bigint::varchar as world_text
    from shares where share_pct is not null
    group by all
),
completeness as (
    select metric, data_year, source_id, listed_t, world_t,
        denominator_basis = 'sum_of_country_rows'
            or abs(world_t - listed_t) <= pow(10, length(world_text) - length(rtrim(world_text, '0'))) / 2 as is_country_list_complete
    from coverage
),
groups as (
    select * from raw.country_groups
),
individual as (
    select * from shares where not is_aggregate and share_pct is not null
),
grouped as (
    select s.metric, s.data_year, s.source_id, g.group_code, sum(s.share_pct) as share_pct
    from shares s join groups g using (country_code)
    group by all
),
final as (
    select i.metric, i.data_year, i.source_id, any_value(i.source_edition) as source_edition,
        any_value(i.denominator_basis) as denominator_basis,
        count(*) as country_count,
        any_value(k.is_country_list_complete) as is_country_list_complete,
        case when any_value(k.is_country_list_complete) then round(sum(i.share_pct * i.share_pct), 1) end as hhi,
        case when any_value(k.is_country_list_complete) or 100 - sum(i.share_pct) < max(i.share_pct) then round(max(i.share_pct), 4) end as top1_share_pct,
        case when any_value(k.is_country_list_complete) then
            round((select sum(x.share_pct) from (select share_pct from individual j
                   where j.metric = i.metric and j.data_year = i.data_year and j.source_id = i.source_id
                   order by share_pct desc limit 3) x), 4) end as top3_share_pct,
        round(any_value(gc.share_pct), 4) as china_share_pct,
        round(any_value(gs.share_pct), 4) as southeast_asia_share_pct,
        round(any_value(gu.share_pct), 4) as us_australia_southeast_asia_share_pct,
        round(100 - coalesce(any_value(gc.share_pct), 0) - coalesce(any_value(gu.share_pct), 0), 4) as rest_of_world_share_pct
    from individual i
    join completeness k on k.metric = i.metric and k.data_year = i.data_year and k.source_id = i.source_id
    left join grouped gc on gc.metric = i.metric and gc.data_year = i.data_year and gc.source_id = i.source_id and gc.group_code = 'china'
    left join grouped gs on gs.metric = i.metric and gs.data_year = i.data_year and gs.source_id = i.source_id and gs.group_code = 'southeast_asia'
    left join grouped gu on gu.metric = i.metric and gu.data_year = i.data_year and gu.source_id = i.source_id and gu.group_code = 'us_australia_southeast_asia'
    group by i.metric, i.data_year, i.source_id
)
select * from final order by metric, data_year, source_id
