-- staging.report_sources: the source(s) whose role is the report under review (raw.sources.role),
-- so marts and claims say "the report" instead of naming its id.
select source_id from raw.sources where role = 'report'
