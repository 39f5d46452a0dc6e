-- marts.legislation: US laws and bills with the figures the report gives for them.
with laws as (
    select * from raw.legislation
),
figures as (
    select subject_code as law_id,
        string_agg(quote_zh, ' / ' order by statement_id) as figures_quoted
    from raw.statements where topic = 'legislation' and subject_code is not null group by subject_code
),
final as (
    select l.law_id, l.law_name_en, l.law_name_zh, l.bill_number, l.law_year, l.instrument_type,
        l.summary_zh, f.figures_quoted, l.source_id
    from laws l left join figures f using (law_id)
)
select * from final order by law_year, law_id
