-- marts.export_controls: one row per measure and element covered (or one row for a measure without elements).
with measures as (
    select * from raw.export_controls
),
dates as (
    select * from raw.export_control_dates
),
official as (
    -- dates from a source other than the seed report
    select measure_id,
        min(event_date) filter (where date_type = 'announced') as announced_date,
        min(event_date) filter (where date_type = 'issued') as issued_date,
        min(event_date) filter (where date_type = 'effective') as effective_date,
        min(event_date) filter (where date_type = 'effective_de_minimis') as effective_de_minimis_date,
        min(event_date) filter (where date_type = 'suspended') as suspended_date,
        min(event_date) filter (where date_type = 'suspended_until') as suspended_until_date
    from dates where source_id not in (select source_id from staging.report_sources) group by measure_id
),
report as (
    select measure_id,
        min(event_date) filter (where date_type in ('announced', 'issued')) as report_announced_date,
        min(event_date) filter (where date_type = 'effective') as report_effective_date
    from dates where source_id in (select source_id from staging.report_sources) group by measure_id
),
elements as (
    select measure_id, element_symbol, string_agg(source_id, ';' order by source_id) as element_source_ids
    from raw.export_control_elements group by all
),
final as (
    select m.measure_id, m.authority, m.announcement_no, m.measure_name_en, m.measure_name_zh,
        e.element_symbol, el.element_name_en, el.element_name_zh, e.element_source_ids,
        coalesce(o.announced_date, o.issued_date) as announced_date, o.issued_date, o.effective_date,
        o.effective_de_minimis_date, o.suspended_date, o.suspended_until_date,
        r.report_announced_date, r.report_effective_date,
        (r.report_effective_date is not null and o.effective_date is not null
            and r.report_effective_date <> o.effective_date) as has_date_conflict,
        m.source_id
    from measures m
    left join official o using (measure_id)
    left join report r using (measure_id)
    left join elements e using (measure_id)
    left join raw.elements el using (element_symbol)
)
select * from final order by coalesce(announced_date, issued_date, report_announced_date) nulls first, measure_id, element_symbol
