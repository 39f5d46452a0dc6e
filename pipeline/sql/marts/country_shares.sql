-- marts.country_shares: one row per metric x country x data year x source edition.
with tonnages as (
    select * from raw.country_tonnages
),
countries as (
    select country_code, country_name_en, country_name_zh, is_aggregate from raw.countries
),
reported as (
    select * from raw.reported_shares
),
edition_has_other as (
    -- an edition that lists "other countries" lists every producer: its rows add up to the world;
    -- where the world total is only a lower bound, the listed rows are the best denominator there is
    select metric, data_year, source_id,
        bool_or(country_code = 'XOT') or bool_or(country_code = 'XWL' and value_qualifier = 'lower_bound') as is_complete
    from tonnages group by all
),
denominators as (
    select t.metric, t.data_year, t.source_id,
        case when e.is_complete
             then sum(t.quantity_t_reo) filter (where t.country_code <> 'XWL')
             else max(t.quantity_t_reo) filter (where t.country_code = 'XWL') end as world_t_reo,
        case when e.is_complete then 'sum_of_country_rows' else 'printed_world_total' end as denominator_basis
    from tonnages t join edition_has_other e using (metric, data_year, source_id)
    group by t.metric, t.data_year, t.source_id, e.is_complete
),
latest_year as (
    select metric, max(data_year) as data_year from tonnages group by metric
),
reported_keyed as (
    select r.*, coalesce(r.data_year, l.data_year) as matched_year, r.data_year is null as is_reported_year_assumed
    from reported r join latest_year l using (metric)
),
shares as (
    select t.metric, t.country_code, c.country_name_en, c.country_name_zh, c.is_aggregate,
        t.data_year, t.source_id, t.source_edition, t.quantity_t_reo, t.value_qualifier,
        d.world_t_reo, d.denominator_basis,
        100 * t.quantity_t_reo / d.world_t_reo as share_pct
    from tonnages t
    join countries c using (country_code)
    join denominators d using (metric, data_year, source_id)
    where t.country_code <> 'XWL'
),
final as (
    select s.metric, s.country_code, s.country_name_en, s.country_name_zh, s.is_aggregate,
        s.data_year, s.source_id, s.source_edition, s.quantity_t_reo, s.value_qualifier,
        s.world_t_reo, s.denominator_basis,
        round(s.share_pct, 4) as share_pct,
        case when not s.is_aggregate and s.quantity_t_reo is not null
             then rank() over (partition by s.metric, s.data_year, s.source_id, (not s.is_aggregate and s.quantity_t_reo is not null)
                               order by s.quantity_t_reo desc) end as share_rank,
        r.share_pct as reported_share_pct,
        r.share_as_printed as reported_share_as_printed,
        r.source_id as reported_source_id,
        coalesce(r.is_reported_year_assumed, false) as is_reported_year_assumed,
        round(r.share_pct - s.share_pct, 4) as share_difference_pp
    from shares s
    left join reported_keyed r
        on r.metric = s.metric and r.country_code = s.country_code and r.matched_year = s.data_year
        and s.denominator_basis = 'sum_of_country_rows'
)
select * from final
order by metric, data_year, source_id, share_rank nulls last, country_code
