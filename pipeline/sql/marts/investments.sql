-- marts.investments: funding lines by company, instrument and funder.
with investments as (
    select * from raw.investments
),
final as (
    select i.investment_id, i.company_name, i.value_chain_segment, i.funder, i.instrument_type,
        i.amount_usd, i.value_qualifier, i.announced_date, i.date_precision, i.purpose,
        i.source_id, s.source_type, i.source_locator
    from investments i join raw.sources s using (source_id)
)
select * from final order by company_name, source_id, investment_id
