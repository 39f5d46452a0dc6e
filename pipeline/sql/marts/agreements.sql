-- marts.agreements: one row per agreement and amount; the report's date beside the other sources'.
with agreements as (
    select * from raw.agreements
),
preferred as (
    -- a source other than the seed report is preferred where one exists
    select * from agreements
    qualify row_number() over (partition by agreement_id order by (source_id in (select source_id from staging.report_sources)), source_id) = 1
),
report as (
    select agreement_id, agreement_date as report_date from agreements where source_id in (select source_id from staging.report_sources)
),
kinds as (
    select agreement_id,
        max(instrument_type) filter (where instrument_type <> 'unspecified') as instrument_type,
        bool_or(is_binding) as is_binding
    from agreements group by agreement_id
),
amounts as (
    select * from raw.agreement_amounts
),
final as (
    select p.agreement_id, p.partner_country_code, c.country_name_en as partner_name_en, c.country_name_zh as partner_name_zh,
        p.counterparty, p.agreement_date, p.source_id as date_source_id, p.date_note, r.report_date,
        (r.report_date is not null and r.report_date <> p.agreement_date) as has_date_conflict,
        coalesce(k.instrument_type, 'unspecified') as instrument_type, k.is_binding,
        a.amount_id, a.funder, a.purpose, a.amount_usd, a.value_qualifier as amount_qualifier, a.source_id as amount_source_id
    from preferred p
    join raw.countries c on c.country_code = p.partner_country_code
    left join report r using (agreement_id)
    left join kinds k using (agreement_id)
    left join amounts a using (agreement_id)
)
select * from final order by agreement_date, agreement_id, amount_source_id nulls first, amount_id
