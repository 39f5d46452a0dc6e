-- marts.usgs_concentration: how concentrated rare-earth mine production is, by year, from the latest USGS edition of each year.
-- A year whose country list does not account for the world total is flagged, not presented as complete.
with latest as (
    select * from marts.usgs_mine_production_latest where chapter = 'RARE EARTHS' and quantity_t is not null
),
per_year as (
    select year,
        sum(quantity_t) filter (where not is_aggregate) as countries_t,
        sum(quantity_t) filter (where country_code = 'XOT') as other_t,
        max(quantity_t) filter (where country_code = 'XWL') as world_t,
        count(*) filter (where not is_aggregate) as country_count,
        string_agg(distinct edition || case when regexp_full_match(version, '[0-9.]+') then ' v' || version else ' (' || version || ')' end, '; ') as editions
    from latest group by year
),
shares as (
    select l.year, l.country_code, 100 * l.quantity_t / coalesce(p.countries_t + coalesce(p.other_t, 0), p.world_t) as share_pct
    from latest l join per_year p using (year)
    where not l.is_aggregate
),
ranked as (
    select *, row_number() over (partition by year order by share_pct desc, country_code) as rank from shares
),
final as (
    select p.year, p.editions, p.country_count, p.countries_t, p.other_t, p.world_t,
        p.countries_t + coalesce(p.other_t, 0) as denominator_t,
        -- complete when the listed countries and 'other countries' add up to the world total (USGS rounds it)
        p.world_t is not null and abs(p.countries_t + coalesce(p.other_t, 0) - p.world_t) <= 0.02 * p.world_t as is_country_list_complete,
        round(sum(r.share_pct * r.share_pct), 1) as hhi,
        round(max(r.share_pct), 4) as top1_share_pct,
        round(sum(r.share_pct) filter (where r.rank <= 3), 4) as top3_share_pct,
        round(max(r.share_pct) filter (where r.country_code = 'CHN'), 4) as china_share_pct
    from per_year p join ranked r using (year)
    group by all
)
select * from final order by year
