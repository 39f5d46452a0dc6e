-- marts.us_trade_partner_shares: each partner's share of the value traded with the 18 selected partners —
-- never a share of all US trade (the query has no World row) — by flow, heading, year and period.
with by_partner as (
    select flow, hts_heading, heading_scope, partner_code, partner_name_en, partner_name_zh, year, period,
        sum(value_usd) as value_usd, bool_or(is_value_missing) as has_missing_value
    from marts.us_trade group by all
),
totals as (
    select flow, hts_heading, year, period, sum(value_usd) as selected_partners_value_usd
    from by_partner group by all
),
final as (
    select b.flow, b.hts_heading, b.heading_scope, b.partner_code, b.partner_name_en, b.partner_name_zh, b.year, b.period,
        b.value_usd, t.selected_partners_value_usd,
        case when t.selected_partners_value_usd > 0 then round(100 * b.value_usd / t.selected_partners_value_usd, 4) end
            as share_of_selected_partners_pct,
        rank() over (partition by b.flow, b.hts_heading, b.year, b.period order by b.value_usd desc nulls last) as partner_rank,
        b.has_missing_value
    from by_partner b join totals t using (flow, hts_heading, year, period)
)
select * from final order by flow, hts_heading, year, period, partner_rank, partner_code
