-- marts.elements: the 17 elements with export-control status as of the latest date the official sources speak to.
with elements as (
    select * from raw.elements
),
as_of as (
    select max(event_date) as status_as_of_date from raw.export_control_dates
    where source_id not in (select source_id from staging.report_sources) and date_type in ('issued', 'effective', 'suspended')
),
controls as (
    select e.element_symbol, x.measure_id, x.effective_date, x.suspended_date, x.suspended_until_date
    from (select distinct measure_id, element_symbol from raw.export_control_elements) e
    join marts.export_controls x using (measure_id, element_symbol)
    where x.source_id not in (select source_id from staging.report_sources)
),
status as (
    select c.element_symbol,
        string_agg(c.measure_id, ';' order by c.measure_id) as export_control_measure_ids,
        case
            when bool_or(c.effective_date <= a.status_as_of_date
                         and (c.suspended_date is null or c.suspended_date > a.status_as_of_date)) then 'controlled'
            when bool_or(c.suspended_date <= a.status_as_of_date) then 'suspended'
            else 'announced'
        end as export_control_status
    from controls c cross join as_of a group by c.element_symbol
),
temperatures as (
    select element_symbol,
        max(case unit when 'K' then value when 'degC' then value + 273.15 end) filter (where source_id in (select source_id from staging.report_sources)) as report_ordering_temperature_k,
        max(case unit when 'K' then value when 'degC' then value + 273.15 end) filter (where source_id not in (select source_id from staging.report_sources)) as reference_ordering_temperature_k
    from raw.element_properties where property_code = 'ferromagnetic_ordering_temperature' group by element_symbol
),
final as (
    select e.element_symbol, e.atomic_number, e.element_name_en, e.element_name_zh, e.is_lanthanide,
        e.group_two_way, e.group_three_way, e.magnetic_behaviour,
        t.report_ordering_temperature_k, t.reference_ordering_temperature_k, e.is_radioactive,
        s.export_control_measure_ids, coalesce(s.export_control_status, 'not_controlled') as export_control_status,
        a.status_as_of_date
    from elements e cross join as_of a
    left join status s using (element_symbol)
    left join temperatures t using (element_symbol)
)
select * from final order by atomic_number
