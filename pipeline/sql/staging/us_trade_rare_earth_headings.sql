-- staging.us_trade_rare_earth_headings: the HTS headings that carry rare earths, each with what else it holds.
-- 2805 also holds alkali and alkaline-earth metals; 8505 holds every kind of magnet and electromagnet.
select distinct hts_heading, heading_description,
    case hts_heading
        when '2805' then 'HTS 2805: alkali and alkaline-earth metals as well as rare-earth metals, scandium and yttrium — not rare earths alone'
        when '2846' then 'HTS 2846: rare-earth metal, yttrium and scandium compounds'
        when '8505' then 'HTS 8505: every kind of electromagnet and permanent magnet, rare-earth magnets among them — not rare-earth magnets alone'
    end as heading_scope
from raw.usitc_trade
where hts_heading in ('2805', '2846', '8505')
