"""Pandera models of the curated raw tables, one per file in ``raw/``.

The table name is the file name, the Dagster asset is ``raw_<name>`` and the DuckDB
table is ``raw.<name>``. Each column is declared once: type, constraints,
description, unit (``metadata["unit"]``) and what it references
(``metadata["references"]``, checked against the referenced raw table).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.schemas.common import (
    DATE_PRECISIONS,
    METRICS,
    country_code_field,
    element_symbol_field,
    note_field,
    source_id_field,
    source_locator_field,
    value_qualifier_field,
)

Int = pd.Int64Dtype
Bool = pd.BooleanDtype


class RawModel(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = True


class Sources(RawModel):
    source_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Short stable id of the source, used by every raw row.")
    title: Series[str] = pa.Field(description="Title of the source.")
    publisher: Series[str] = pa.Field(description="Who published it; '(quoted)' when read on a page that quotes it.")
    url_or_identifier: Series[str] = pa.Field(description="URL, DOI or another identifier that finds the source.")
    published_date: Series[pa.Date] = pa.Field(nullable=True, description="Publication date, where known.")
    published_year: Series[Int] = pa.Field(nullable=True, ge=1900, le=2100, description="Publication year, where known.", metadata={"unit": "year"})
    accessed_date: Series[pa.Date] = pa.Field(description="Date the figures were read from the source.")
    licence: Series[str] = pa.Field(description="Licence or terms of the source, 'unknown' where not stated.")
    source_type: Series[str] = pa.Field(isin=["primary", "secondary"], description="primary: read in the source itself; secondary: read on a page that quotes it.")
    gathered_in: Series[str] = pa.Field(description="Where in this project the figures were gathered from (the seed report or the reference file).")
    note: Series[str] = note_field()

    class Config:
        unique = ["source_id"]
        title = "Sources"
        description = "Every source the dataset cites, with where it was read and when."


class Countries(RawModel):
    country_code: Series[str] = pa.Field(str_matches=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code; XOT (other countries) and XWL (world) are user-assigned codes.")
    country_name_en: Series[str] = pa.Field(description="English name.")
    country_name_zh: Series[str] = pa.Field(description="Traditional Chinese name, as the report writes it.")
    is_aggregate: Series[Bool] = pa.Field(description="True for rows that stand for several countries (other countries, world).")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["country_code"]
        title = "Countries"
        description = "Countries and aggregates named by any source, with ISO codes and bilingual names."


class CountryGroups(RawModel):
    group_code: Series[str] = pa.Field(description="Id of a regional grouping the report uses.")
    group_name_en: Series[str] = pa.Field(description="English name of the grouping.")
    group_name_zh: Series[str] = pa.Field(description="Traditional Chinese name of the grouping.")
    country_code: Series[str] = country_code_field()
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["group_code", "country_code"]
        title = "Country groupings"
        description = "Membership of the regional groupings the report uses (one row per group and country)."


class Elements(RawModel):
    element_symbol: Series[str] = pa.Field(str_matches=r"^[A-Z][a-z]?$", description="Chemical symbol.")
    atomic_number: Series[Int] = pa.Field(ge=1, le=118, description="Atomic number.", metadata={"unit": "count"})
    atomic_number_source_id: Series[str] = pa.Field(description="Source of the atomic number; resolves in raw.sources.", metadata={"references": "sources.source_id"})
    element_name_en: Series[str] = pa.Field(description="English name.")
    element_name_zh: Series[str] = pa.Field(description="Traditional Chinese name, as the report writes it.")
    is_lanthanide: Series[Bool] = pa.Field(description="True for the 15 lanthanides (La–Lu).")
    group_two_way: Series[str] = pa.Field(isin=["light", "heavy"], description="Light (LREE) or heavy (HREE) as the report's table classifies it.")
    group_three_way: Series[str] = pa.Field(nullable=True, isin=["light", "medium", "heavy"], description="Light, medium or heavy in the three-way split; the report mentions the split without listing members, so empty where no source gives it.")
    magnetic_behaviour: Series[str] = pa.Field(isin=["ferromagnetic", "paramagnetic"], description="Magnetic behaviour as the report states it (ferromagnetic below the ordering temperature in raw.element_properties; the rest paramagnetic under ordinary conditions).")
    is_radioactive: Series[Bool] = pa.Field(description="True where the report calls the element radioactive.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["element_symbol"]
        title = "Rare-earth elements"
        description = "The 17 rare-earth elements: identity, names and the report's classification."


class ElementProperties(RawModel):
    element_symbol: Series[str] = element_symbol_field()
    property_code: Series[str] = pa.Field(isin=["ferromagnetic_ordering_temperature", "crustal_abundance", "crustal_abundance_rank"], description="Which property the value is.")
    value: Series[float] = pa.Field(description="The value in the unit of the row.")
    unit: Series[str] = pa.Field(isin=["K", "degC", "pct", "ppm", "rank"], description="Unit of the value (K, degC, pct of crust by mass, ppm, rank).")
    value_qualifier: Series[str] = value_qualifier_field()
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["element_symbol", "property_code", "unit", "value", "source_id"]
        title = "Element properties"
        description = "Numeric properties of elements, one row per value and source, so disagreeing sources sit side by side."


class CountryTonnages(RawModel):
    metric: Series[str] = pa.Field(isin=METRICS, description="production (mine production in the data year) or reserves.")
    country_code: Series[str] = country_code_field()
    data_year: Series[Int] = pa.Field(ge=1900, le=2100, description="Year the figure describes.", metadata={"unit": "year"})
    source_id: Series[str] = source_id_field()
    source_edition: Series[str] = pa.Field(description="Edition of the source (e.g. MCS 2025), so a later revision sits beside an earlier figure.")
    quantity_t_reo: Series[float] = pa.Field(nullable=True, ge=0, description="Tonnage in metric tons of rare-earth-oxide equivalent; empty when the source prints NA.", metadata={"unit": "t REO"})
    value_qualifier: Series[str] = value_qualifier_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["metric", "country_code", "data_year", "source_id"]
        title = "Reserves and production by country"
        description = "Tonnages by country as each source edition prints them."

    @pa.dataframe_check(description="quantity_t_reo is empty exactly when value_qualifier is not_available")
    def not_available_is_not_zero(cls, df: pd.DataFrame) -> Series[bool]:
        return df["quantity_t_reo"].isna() == (df["value_qualifier"] == "not_available")


class ReportedShares(RawModel):
    metric: Series[str] = pa.Field(isin=METRICS, description="production or reserves.")
    country_code: Series[str] = country_code_field()
    data_year: Series[Int] = pa.Field(nullable=True, ge=1900, le=2100, description="Year the share describes; empty where the source does not say.", metadata={"unit": "year"})
    share_pct: Series[float] = pa.Field(ge=0, le=100, description="Share of the world as printed, in percent (for '<0.01%' the bound 0.01).", metadata={"unit": "pct"})
    share_as_printed: Series[str] = pa.Field(description="The share exactly as printed, including any '<'.")
    value_qualifier: Series[str] = value_qualifier_field()
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["metric", "country_code", "data_year", "source_id"]
        title = "Country shares as printed"
        description = "Shares of world reserves and production exactly as a source prints them."


class Market(RawModel):
    market_metric: Series[str] = pa.Field(isin=["market_size", "compound_annual_growth"], description="market_size (amount_usd) or compound_annual_growth (rate_pct).")
    scope: Series[str] = pa.Field(description="What the market figure covers, as the source describes it.")
    start_year: Series[Int] = pa.Field(ge=1900, le=2100, description="First year of the period (the year itself for a size).", metadata={"unit": "year"})
    end_year: Series[Int] = pa.Field(ge=1900, le=2100, description="Last year of the period.", metadata={"unit": "year"})
    amount_usd: Series[float] = pa.Field(nullable=True, ge=0, description="Market size in US dollars (nominal).", metadata={"unit": "USD"})
    rate_pct: Series[float] = pa.Field(nullable=True, description="Compound annual growth rate in percent per year.", metadata={"unit": "pct per year"})
    value_qualifier: Series[str] = value_qualifier_field()
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["market_metric", "start_year", "end_year", "source_id"]
        title = "Market size and growth"
        description = "Size of the rare-earth market and its growth rate, as each source states them."

    @pa.dataframe_check(description="a market_size row has amount_usd and a compound_annual_growth row has rate_pct")
    def value_matches_metric(cls, df: pd.DataFrame) -> Series[bool]:
        size = df["market_metric"] == "market_size"
        return (size & df["amount_usd"].notna() & df["rate_pct"].isna()) | (~size & df["rate_pct"].notna() & df["amount_usd"].isna())


class SupplyDemand(RawModel):
    series_code: Series[str] = pa.Field(isin=["total_demand", "cleantech_demand", "other_demand", "magnet_demand", "primary_supply", "recycled_supply", "total_supply"], description="Which supply or demand series the value belongs to.")
    scenario_code: Series[str] = pa.Field(isin=["unspecified", "observed", "STEPS", "APS"], description="Scenario: STEPS (stated policies), APS (announced pledges), observed, or unspecified where the source names none.")
    year: Series[Int] = pa.Field(ge=1900, le=2100, description="Year of the value.", metadata={"unit": "year"})
    quantity_t: Series[float] = pa.Field(ge=0, description="Quantity in metric tons (of rare-earth content as the source counts it).", metadata={"unit": "t"})
    value_qualifier: Series[str] = value_qualifier_field()
    attributed_to: Series[str] = pa.Field(description="Who the source says the figure comes from.")
    is_attribution_verified: Series[Bool] = pa.Field(description="False where the figure was not found in the publication it is attributed to.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["series_code", "scenario_code", "year", "source_id"]
        title = "Supply and demand projections"
        description = "Rare-earth supply and demand, observed and projected, by series, scenario and year."


class ValueChain(RawModel):
    stage_code: Series[str] = pa.Field(isin=["upstream", "midstream", "downstream", "recycling"], description="Stage of the value chain.")
    stage_order: Series[Int] = pa.Field(ge=1, description="Order of the stage.", metadata={"unit": "ordinal"})
    stage_name_zh: Series[str] = pa.Field(description="Stage name as the report prints it.")
    stage_name_en: Series[str] = pa.Field(description="Stage name in English.")
    step_order: Series[Int] = pa.Field(ge=1, description="Order of the process step along the chain.", metadata={"unit": "ordinal"})
    step_name_en: Series[str] = pa.Field(description="Process step in English, as the report prints it.")
    step_name_zh: Series[str] = pa.Field(description="Process step in Traditional Chinese, as the report prints it.")
    description_zh: Series[str] = pa.Field(description="What the step does, as the report describes it.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["step_order"]
        title = "Value-chain stages and steps"
        description = "The stages and process steps of the rare-earth value chain."


class Prices(RawModel):
    price_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Stable id of the price observation.")
    price_stage: Series[str] = pa.Field(isin=["concentrate", "oxide", "metal", "magnet", "recycled"], description="Value-chain stage of the product.")
    product_name: Series[str] = pa.Field(description="Product as the source names it.")
    element_symbols: Series[str] = pa.Field(nullable=True, description="Elements the product is priced for, ';'-separated; empty for mixed concentrate.", metadata={"references": "elements.element_symbol", "separator": ";"})
    price_date: Series[pa.Date] = pa.Field(nullable=True, description="Date of the price; empty for an annual average.")
    price_year: Series[Int] = pa.Field(ge=1900, le=2100, description="Year of the price.", metadata={"unit": "year"})
    price_low: Series[float] = pa.Field(ge=0, description="Price, or the low end of a range, in the row's unit.", metadata={"unit": "see unit"})
    price_high: Series[float] = pa.Field(ge=0, description="Price, or the high end of a range, in the row's unit.", metadata={"unit": "see unit"})
    unit: Series[str] = pa.Field(isin=["USD/t", "USD/kg", "CNY/t"], description="Unit of the price as printed.")
    currency: Series[str] = pa.Field(isin=["USD", "CNY"], description="ISO 4217 currency code.")
    price_basis: Series[str] = pa.Field(isin=["average", "range", "annual_average"], description="What kind of price it is.")
    market: Series[str] = pa.Field(nullable=True, description="Market the price is quoted in, where stated.")
    reported_multiplier: Series[float] = pa.Field(nullable=True, gt=0, description="The multiplier against the concentrate as the source prints it.", metadata={"unit": "ratio"})
    multiplier_as_printed: Series[str] = pa.Field(nullable=True, description="The multiplier exactly as printed.")
    value_qualifier: Series[str] = value_qualifier_field()
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["price_id"]
        title = "Prices along the value chain"
        description = "Prices of rare-earth products with date, unit and currency, as each source prints them."

    @pa.dataframe_check(description="price_low is not above price_high")
    def low_not_above_high(cls, df: pd.DataFrame) -> Series[bool]:
        return df["price_low"] <= df["price_high"]

    @pa.dataframe_check(description="the unit's currency is the currency column")
    def unit_matches_currency(cls, df: pd.DataFrame) -> Series[bool]:
        return df["unit"].str.split("/").str[0] == df["currency"]


class ExportControls(RawModel):
    measure_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Stable id of the measure.")
    authority: Series[str] = pa.Field(description="Issuing authority.")
    announcement_no: Series[Int] = pa.Field(nullable=True, ge=1, description="Number of the announcement in its year, where it has one.", metadata={"unit": "count"})
    measure_name_en: Series[str] = pa.Field(description="Name of the measure in English.")
    measure_name_zh: Series[str] = pa.Field(description="Name of the measure in Traditional Chinese.")
    scope_en: Series[str] = pa.Field(description="What the measure covers.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["measure_id"]
        title = "Export-control measures"
        description = "China's rare-earth export-control measures and the suspension of them."


class ExportControlDates(RawModel):
    measure_id: Series[str] = pa.Field(description="Measure the date belongs to; resolves in raw.export_controls.", metadata={"references": "export_controls.measure_id"})
    date_type: Series[str] = pa.Field(isin=["announced", "issued", "effective", "effective_de_minimis", "suspended", "suspended_until", "general_licences_reported"], description="Which date of the measure it is.")
    event_date: Series[pa.Date] = pa.Field(description="The date (first day of the month or year where only that is given; see date_precision).")
    date_precision: Series[str] = pa.Field(isin=DATE_PRECISIONS, description="day, month or year: how much of event_date the source gives.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["measure_id", "date_type", "source_id"]
        title = "Export-control dates"
        description = "Announcement, issue, effective and suspension dates of each measure, one row per source."


class ExportControlElements(RawModel):
    measure_id: Series[str] = pa.Field(description="Measure; resolves in raw.export_controls.", metadata={"references": "export_controls.measure_id"})
    element_symbol: Series[str] = element_symbol_field()
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["measure_id", "element_symbol", "source_id"]
        title = "Elements under export control"
        description = "Which elements each measure covers, one row per element and source."


class Recycling(RawModel):
    technology_code: Series[str] = pa.Field(isin=["hydrogen_decrepitation", "hydro_pyrometallurgy", "advanced_separation"], description="Recycling technology family.")
    technology_name_en: Series[str] = pa.Field(description="Technology in English.")
    technology_name_zh: Series[str] = pa.Field(description="Technology as the report names it.")
    company_name: Series[str] = pa.Field(description="Company or laboratory working on it.")
    location_as_stated: Series[str] = pa.Field(nullable=True, description="Where the report places the company, as printed.")
    country_codes: Series[str] = pa.Field(nullable=True, description="ISO codes of the company's countries, ';'-separated; empty where the report names a region or nothing.", metadata={"references": "countries.country_code", "separator": ";"})
    description_zh: Series[str] = pa.Field(description="What the company does, as the report describes it.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["technology_code", "company_name"]
        title = "Recycling technologies and companies"
        description = "Rare-earth recycling technologies and the companies the report names for each."


class Agreements(RawModel):
    agreement_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Stable id of the agreement.")
    partner_country_code: Series[str] = country_code_field()
    counterparty: Series[str] = pa.Field(description="Who signed on the partner's side.")
    agreement_date: Series[pa.Date] = pa.Field(description="Date of the agreement as the source gives it.")
    date_note: Series[str] = pa.Field(nullable=True, description="Anything the source says about the date.")
    instrument_type: Series[str] = pa.Field(isin=["framework", "mou", "unspecified"], description="Kind of instrument as the source names it (unspecified where it does not).")
    is_binding: Series[Bool] = pa.Field(nullable=True, description="Whether the source calls it binding; empty where it does not say.")
    summary_zh: Series[str] = pa.Field(nullable=True, description="Main content as the report lists it.")
    summary_en: Series[str] = pa.Field(nullable=True, description="Main content in English.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["agreement_id", "source_id"]
        title = "US bilateral agreements"
        description = "US agreements on critical minerals and rare earths, one row per agreement and source."


class AgreementAmounts(RawModel):
    agreement_id: Series[str] = pa.Field(description="Agreement; resolves in raw.agreements.", metadata={"references": "agreements.agreement_id"})
    amount_id: Series[str] = pa.Field(description="Id of the amount within the agreement.")
    funder: Series[str] = pa.Field(description="Who provides the money.")
    purpose: Series[str] = pa.Field(description="What the amount is for.")
    amount: Series[float] = pa.Field(ge=0, description="Amount in the row's currency.", metadata={"unit": "see currency"})
    currency: Series[str] = pa.Field(isin=["USD", "AUD"], description="ISO 4217 currency code of amount.")
    amount_usd: Series[float] = pa.Field(nullable=True, ge=0, description="Amount in US dollars as the source gives it; empty where only another currency is given.", metadata={"unit": "USD"})
    value_qualifier: Series[str] = value_qualifier_field()
    within_months: Series[Int] = pa.Field(nullable=True, ge=0, description="Months within which the amount is to be committed, where stated.", metadata={"unit": "months"})
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["agreement_id", "amount_id"]
        title = "Amounts in US agreements"
        description = "Money named in the US bilateral agreements, one row per amount and source."


class Investments(RawModel):
    investment_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Stable id of the funding line.")
    company_name: Series[str] = pa.Field(description="Company funded.")
    value_chain_segment: Series[str] = pa.Field(isin=["mining_to_magnets", "separation", "magnets", "recycling", "rare_earths_from_coal"], description="Segment of the value chain the funding goes to.")
    funder: Series[str] = pa.Field(description="Who provides the money.")
    instrument_type: Series[str] = pa.Field(isin=["equity", "loan", "grant", "incentive", "matching_fund", "private_capital", "offtake_contract", "total"], description="Funding instrument (total: the whole package).")
    amount: Series[float] = pa.Field(ge=0, description="Amount in the row's currency.", metadata={"unit": "see currency"})
    currency: Series[str] = pa.Field(isin=["USD"], description="ISO 4217 currency code of amount.")
    amount_usd: Series[float] = pa.Field(ge=0, description="Amount in US dollars.", metadata={"unit": "USD"})
    value_qualifier: Series[str] = value_qualifier_field()
    announced_date: Series[pa.Date] = pa.Field(nullable=True, description="Date announced (first day of the year where only the year is given); empty where the source gives none.")
    date_precision: Series[str] = pa.Field(nullable=True, isin=DATE_PRECISIONS, description="day, month or year: how much of announced_date the source gives.")
    purpose: Series[str] = pa.Field(description="What the money is for.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["investment_id"]
        title = "Company investments"
        description = "Funding of US rare-earth companies by instrument and funder, one row per line and source."

    @pa.dataframe_check(description="announced_date and date_precision are both given or both empty")
    def date_has_precision(cls, df: pd.DataFrame) -> Series[bool]:
        return df["announced_date"].isna() == df["date_precision"].isna()


class Capacities(RawModel):
    capacity_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Stable id of the capacity figure.")
    company_name: Series[str] = pa.Field(description="Company.")
    facility_name: Series[str] = pa.Field(description="Facility.")
    product: Series[str] = pa.Field(description="What the facility produces.")
    capacity_low: Series[float] = pa.Field(ge=0, description="Capacity, or the low end of a range.", metadata={"unit": "see unit"})
    capacity_high: Series[float] = pa.Field(ge=0, description="Capacity, or the high end of a range.", metadata={"unit": "see unit"})
    unit: Series[str] = pa.Field(isin=["t_per_year", "short_t_per_year", "t"], description="Unit: metric tons a year, short tons a year, or tonnes with no period stated.")
    target_year: Series[Int] = pa.Field(nullable=True, ge=1900, le=2100, description="Year the capacity is targeted for.", metadata={"unit": "year"})
    value_qualifier: Series[str] = value_qualifier_field()
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["capacity_id"]
        title = "Capacities and targets"
        description = "Production capacities and targets of companies and facilities."

    @pa.dataframe_check(description="capacity_low is not above capacity_high")
    def low_not_above_high(cls, df: pd.DataFrame) -> Series[bool]:
        return df["capacity_low"] <= df["capacity_high"]


class Legislation(RawModel):
    law_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Stable id of the law or bill.")
    law_name_en: Series[str] = pa.Field(description="Name as printed in English.")
    law_name_zh: Series[str] = pa.Field(description="Name as printed in Traditional Chinese.")
    bill_number: Series[str] = pa.Field(nullable=True, description="Bill number (H.R./S.), where printed.")
    law_year: Series[Int] = pa.Field(ge=1900, le=2100, description="Year in the name.", metadata={"unit": "year"})
    instrument_type: Series[str] = pa.Field(isin=["act", "bill", "act_provisions"], description="As the report names it: an act, a numbered bill, or provisions of an act.")
    summary_zh: Series[str] = pa.Field(description="Content as the report summarises it.")
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()

    class Config:
        unique = ["law_id"]
        title = "US legislation"
        description = "US laws and bills on rare earths the report lists."


class Statements(RawModel):
    statement_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Stable id of the statement.")
    topic: Series[str] = pa.Field(description="Topic the statement belongs to.")
    subject_code: Series[str] = pa.Field(nullable=True, description="What the statement is about: a country code, group code, element, measure, agreement, law or company.")
    quote_zh: Series[str] = pa.Field(description="The words of the source, quoted.")
    value: Series[float] = pa.Field(description="The figure stated (the low end for a range).", metadata={"unit": "see unit"})
    value_high: Series[float] = pa.Field(nullable=True, description="High end of a range.", metadata={"unit": "see unit"})
    unit: Series[str] = pa.Field(description="Unit of the value.")
    value_qualifier: Series[str] = value_qualifier_field()
    reference_year: Series[Int] = pa.Field(nullable=True, ge=1900, le=2100, description="Year the statement refers to, where stated or clear.", metadata={"unit": "year"})
    source_id: Series[str] = source_id_field()
    source_locator: Series[str] = source_locator_field()
    note: Series[str] = note_field()

    class Config:
        unique = ["statement_id"]
        title = "Other quantitative statements"
        description = "Every other figure a source states (counts, ratios, shares, years), quoted."

    @pa.dataframe_check(description="a range has value_high and value_high is not below value")
    def range_is_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        is_range = df["value_qualifier"] == "range"
        return (~is_range & df["value_high"].isna()) | (is_range & (df["value_high"] >= df["value"]))


RAW_TABLES: dict[str, type[RawModel]] = {
    "sources": Sources,
    "countries": Countries,
    "country_groups": CountryGroups,
    "elements": Elements,
    "element_properties": ElementProperties,
    "country_tonnages": CountryTonnages,
    "reported_shares": ReportedShares,
    "market": Market,
    "supply_demand": SupplyDemand,
    "value_chain": ValueChain,
    "prices": Prices,
    "export_controls": ExportControls,
    "export_control_dates": ExportControlDates,
    "export_control_elements": ExportControlElements,
    "recycling": Recycling,
    "agreements": Agreements,
    "agreement_amounts": AgreementAmounts,
    "investments": Investments,
    "capacities": Capacities,
    "legislation": Legislation,
    "statements": Statements,
}
