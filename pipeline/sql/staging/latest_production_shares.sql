-- staging.latest_production_shares: country shares of mine production for the latest data year of the
-- most recently published reference edition that lists every producer (its shares add up to the world).
select cs.*
from marts.country_shares cs
join raw.sources s using (source_id)
where cs.metric = 'production' and s.role = 'reference' and cs.denominator_basis = 'sum_of_country_rows'
qualify dense_rank() over (order by cs.data_year desc, s.published_year desc nulls last, cs.source_id) = 1
