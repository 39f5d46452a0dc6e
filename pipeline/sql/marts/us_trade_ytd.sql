-- marts.us_trade_ytd: January–April of the latest year against January–April of the year before, by flow, heading and partner.
with ytd as (
    select * from marts.us_trade_partner_shares where period = 'jan_apr'
),
latest as (
    select max(year) as year from ytd where value_usd > 0
),
final as (
    select c.flow, c.hts_heading, c.heading_scope, c.partner_code, c.partner_name_en, c.partner_name_zh,
        c.year, c.value_usd, p.year as previous_year, p.value_usd as previous_value_usd,
        c.value_usd - p.value_usd as change_usd,
        case when p.value_usd > 0 then round(100 * (c.value_usd - p.value_usd) / p.value_usd, 2) end as change_pct,
        c.share_of_selected_partners_pct, p.share_of_selected_partners_pct as previous_share_of_selected_partners_pct
    from ytd c
    join latest l on c.year = l.year
    left join ytd p on p.flow = c.flow and p.hts_heading = c.hts_heading and p.partner_code = c.partner_code and p.year = c.year - 1
)
select * from final order by flow, hts_heading, value_usd desc nulls last, partner_code
