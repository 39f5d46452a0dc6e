-- marts.us_trade_concentration: concentration of US trade in each rare-earth heading across the 18 selected
-- partners (HHI of their value shares) and China's share of the selected partners, by flow and year.
select flow, hts_heading, any_value(heading_scope) as heading_scope, year, period,
    count(*) filter (where value_usd > 0) as partners_with_trade,
    any_value(selected_partners_value_usd) as selected_partners_value_usd,
    round(sum(share_of_selected_partners_pct * share_of_selected_partners_pct), 1) as hhi_selected_partners,
    round(max(share_of_selected_partners_pct) filter (where partner_code = 'CHN'), 4) as china_share_of_selected_partners_pct,
    arg_max(partner_code, value_usd) as top_partner_code
from marts.us_trade_partner_shares
where selected_partners_value_usd > 0
group by flow, hts_heading, year, period
order by flow, hts_heading, year, period
