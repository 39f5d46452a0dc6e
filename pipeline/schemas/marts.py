"""Pandera models of the marts: the dataset's public contract.

A column that carries a raw column through is declared with ``like(...)``, so it
keeps the raw declaration's description and unit: declared once, never pasted.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.schemas import raw as r

Int = pd.Int64Dtype
Bool = pd.BooleanDtype


def like(model: type[pa.DataFrameModel], column: str, **overrides) -> object:
    """A field with the same description and unit as ``model.column``."""
    col = model.to_schema().columns[column]
    meta = {k: v for k, v in (col.metadata or {}).items() if k == "unit"}
    kwargs = {"description": col.description, "metadata": meta or None, "nullable": col.nullable}
    kwargs.update(overrides)
    return pa.Field(**kwargs)


def new(description: str, unit: str | None = None, nullable: bool = True, lineage: list[str] | None = None, **kw) -> object:
    """A column the mart derives; ``lineage`` names the ``table.column``s it is computed from
    (a raw table by its name, a mart as ``marts.<name>``)."""
    meta = {k: v for k, v in (("unit", unit), ("lineage", lineage)) if v}
    return pa.Field(description=description, metadata=meta or None, nullable=nullable, **kw)


class MartModel(pa.DataFrameModel):
    class Config:
        coerce = True
        strict = True


class CountryShares(MartModel):
    metric: Series[str] = like(r.CountryTonnages, "metric")
    country_code: Series[str] = like(r.Countries, "country_code")
    country_name_en: Series[str] = like(r.Countries, "country_name_en")
    country_name_zh: Series[str] = like(r.Countries, "country_name_zh")
    is_aggregate: Series[Bool] = like(r.Countries, "is_aggregate")
    data_year: Series[Int] = like(r.CountryTonnages, "data_year")
    source_id: Series[str] = like(r.CountryTonnages, "source_id")
    source_edition: Series[str] = like(r.CountryTonnages, "source_edition")
    quantity_t_reo: Series[float] = like(r.CountryTonnages, "quantity_t_reo")
    value_qualifier: Series[str] = like(r.CountryTonnages, "value_qualifier")
    world_t_reo: Series[float] = new("Denominator of share_pct: the sum of every country row (with 'other countries') when the edition lists them all (USGS's world total is that sum rounded) or prints the world total only as a lower bound; otherwise the edition's printed world total.", "t REO", lineage=["country_tonnages.quantity_t_reo"])
    denominator_basis: Series[str] = new("sum_of_country_rows or printed_world_total: which denominator world_t_reo is.", nullable=False)
    share_pct: Series[float] = new("Share of the world computed from the tonnages: 100 × quantity_t_reo / world_t_reo. Empty where the tonnage is not available.", "pct", ge=0, le=100, lineage=["country_tonnages.quantity_t_reo"])
    share_rank: Series[Int] = new("Rank by tonnage within metric, year and edition (1 = largest; ties share a rank; empty for aggregates and unavailable tonnages).", "rank", lineage=["country_tonnages.quantity_t_reo"])
    reported_share_pct: Series[float] = new("Share as the report prints it (for '<0.01%' the bound).", "pct", lineage=["reported_shares.share_pct"])
    reported_share_as_printed: Series[str] = new("Share exactly as the report prints it.", lineage=["reported_shares.share_as_printed"])
    reported_source_id: Series[str] = new("Source of the printed share.")
    is_reported_year_assumed: Series[Bool] = new("True where the report gives no year and the printed share is compared with the latest data year.", nullable=False)
    share_difference_pp: Series[float] = new("Printed share minus computed share, in percentage points.", "pp", lineage=["reported_shares.share_pct", "country_tonnages.quantity_t_reo"])

    class Config:
        unique = ["metric", "country_code", "data_year", "source_id"]
        title = "Country shares of reserves and production"
        description = "Reserves and mine production by country, data year and source edition: tonnes REO, computed world share and rank, beside the share the report prints."


class Concentration(MartModel):
    metric: Series[str] = like(r.CountryTonnages, "metric")
    data_year: Series[Int] = like(r.CountryTonnages, "data_year")
    source_id: Series[str] = like(r.CountryTonnages, "source_id")
    source_edition: Series[str] = like(r.CountryTonnages, "source_edition")
    denominator_basis: Series[str] = new("Which denominator the shares use (see marts.country_shares).", nullable=False)
    country_count: Series[Int] = new("Individual countries with a tonnage in the edition.", "count", nullable=False)
    hhi: Series[float] = new("Herfindahl–Hirschman index: the sum of squared country shares in percent (0–10,000); 'other countries' is left out.", "index", lineage=["marts.country_shares.share_pct"])
    top1_share_pct: Series[float] = new("Share of the largest country.", "pct", lineage=["marts.country_shares.share_pct"])
    top3_share_pct: Series[float] = new("Share of the three largest countries together.", "pct", lineage=["marts.country_shares.share_pct"])
    china_share_pct: Series[float] = new("Share of China.", "pct", lineage=["marts.country_shares.share_pct", "country_groups.country_code"])
    southeast_asia_share_pct: Series[float] = new("Share of Southeast Asia as the report defines it (Myanmar, Thailand, Vietnam, Malaysia), from the countries with a tonnage.", "pct", lineage=["marts.country_shares.share_pct", "country_groups.country_code"])
    us_australia_southeast_asia_share_pct: Series[float] = new("Share of the United States, Australia and Southeast Asia together.", "pct", lineage=["marts.country_shares.share_pct", "country_groups.country_code"])
    rest_of_world_share_pct: Series[float] = new("100 minus China minus the United States, Australia and Southeast Asia.", "pct")

    class Config:
        unique = ["metric", "data_year", "source_id"]
        title = "Concentration of supply"
        description = "How concentrated reserves and production are, per metric, year and source edition: HHI, top-1 and top-3 shares and the report's regional groupings."


class PriceMultipliers(MartModel):
    price_id: Series[str] = like(r.Prices, "price_id")
    price_stage: Series[str] = like(r.Prices, "price_stage")
    stage_order: Series[Int] = new("Order of the stage along the chain (1 = concentrate … 5 = recycled).", "ordinal", nullable=False)
    product_name: Series[str] = like(r.Prices, "product_name")
    element_symbols: Series[str] = like(r.Prices, "element_symbols")
    price_date: Series[pa.Date] = like(r.Prices, "price_date")
    price_year: Series[Int] = like(r.Prices, "price_year")
    price_low: Series[float] = like(r.Prices, "price_low")
    price_high: Series[float] = like(r.Prices, "price_high")
    unit: Series[str] = like(r.Prices, "unit")
    currency: Series[str] = like(r.Prices, "currency")
    price_basis: Series[str] = like(r.Prices, "price_basis")
    market: Series[str] = like(r.Prices, "market")
    price_usd_per_t: Series[float] = new("Price in US dollars per metric ton (midpoint of a range; USD/kg × 1,000); empty for prices in another currency (no exchange rate is curated).", "USD/t", lineage=["prices.price_low", "prices.price_high", "prices.unit"])
    base_price_id: Series[str] = new("The concentrate price of the same source, date and currency that the multiplier divides by.")
    multiplier: Series[float] = new("Price over the concentrate price of the same source, date and currency (midpoints), computed.", "ratio", lineage=["prices.price_low", "prices.price_high"])
    reported_multiplier: Series[float] = like(r.Prices, "reported_multiplier")
    multiplier_as_printed: Series[str] = like(r.Prices, "multiplier_as_printed")
    multiplier_difference: Series[float] = new("Printed multiplier minus computed multiplier.", "ratio", lineage=["prices.reported_multiplier", "prices.price_low", "prices.price_high"])
    value_qualifier: Series[str] = like(r.Prices, "value_qualifier")
    source_id: Series[str] = like(r.Prices, "source_id")
    source_locator: Series[str] = like(r.Prices, "source_locator")

    class Config:
        unique = ["price_id"]
        title = "Price multipliers along the value chain"
        description = "Each value-chain stage's product and price, and its multiple of the concentrate price, computed beside the report's."


class DemandProjections(MartModel):
    series_code: Series[str] = new("Series: total_demand, cleantech_demand, other_demand, magnet_demand, primary_supply, recycled_supply, total_supply; derived: supply_total_derived (primary + recycled), supply_demand_gap (total demand − derived supply).", nullable=False)
    scenario_code: Series[str] = like(r.SupplyDemand, "scenario_code")
    year: Series[Int] = like(r.SupplyDemand, "year")
    quantity_t: Series[float] = like(r.SupplyDemand, "quantity_t", ge=None)
    value_qualifier: Series[str] = like(r.SupplyDemand, "value_qualifier")
    is_derived: Series[Bool] = new("True for rows the pipeline computes from given rows.", nullable=False)
    attributed_to: Series[str] = like(r.SupplyDemand, "attributed_to")
    is_attribution_verified: Series[Bool] = like(r.SupplyDemand, "is_attribution_verified")
    source_id: Series[str] = like(r.SupplyDemand, "source_id")
    cagr_from_year: Series[Int] = new("Previous year given in the same series, scenario and source.", "year")
    cagr_pct: Series[float] = new("Compound annual growth from cagr_from_year to year, in percent per year.", "pct per year", lineage=["supply_demand.quantity_t", "supply_demand.year"])

    class Config:
        unique = ["series_code", "scenario_code", "year", "source_id"]
        title = "Supply and demand projections"
        description = "Rare-earth demand and supply by series, scenario and year (long format), with compound annual growth and the supply–demand gap where both are given."


class AgreementsMart(MartModel):
    agreement_id: Series[str] = like(r.Agreements, "agreement_id")
    partner_country_code: Series[str] = like(r.Agreements, "partner_country_code")
    partner_name_en: Series[str] = like(r.Countries, "country_name_en")
    partner_name_zh: Series[str] = like(r.Countries, "country_name_zh")
    counterparty: Series[str] = like(r.Agreements, "counterparty")
    agreement_date: Series[pa.Date] = new("Date of the agreement from a source other than the report where one exists, else the report's.", nullable=False)
    date_source_id: Series[str] = new("Source of agreement_date.", nullable=False)
    date_note: Series[str] = like(r.Agreements, "date_note")
    report_date: Series[pa.Date] = new("Date as the report prints it.", lineage=["agreements.agreement_date"])
    has_date_conflict: Series[Bool] = new("True where the report's date differs from agreement_date.", nullable=False)
    instrument_type: Series[str] = like(r.Agreements, "instrument_type")
    is_binding: Series[Bool] = like(r.Agreements, "is_binding")
    amount_id: Series[str] = like(r.AgreementAmounts, "amount_id", nullable=True)
    funder: Series[str] = like(r.AgreementAmounts, "funder", nullable=True)
    purpose: Series[str] = like(r.AgreementAmounts, "purpose", nullable=True)
    amount_usd: Series[float] = like(r.AgreementAmounts, "amount_usd")
    amount_qualifier: Series[str] = new("How the source states the amount (see value_qualifier).")
    amount_source_id: Series[str] = new("Source of the amount.")

    class Config:
        unique = ["agreement_id", "amount_id"]
        title = "US bilateral agreements"
        description = "US agreements on rare earths: partner, date, instrument and whether binding, one row per amount named (USD) and what it is for."


class InvestmentsMart(MartModel):
    investment_id: Series[str] = like(r.Investments, "investment_id")
    company_name: Series[str] = like(r.Investments, "company_name")
    value_chain_segment: Series[str] = like(r.Investments, "value_chain_segment")
    funder: Series[str] = like(r.Investments, "funder")
    instrument_type: Series[str] = like(r.Investments, "instrument_type")
    amount_usd: Series[float] = like(r.Investments, "amount_usd")
    value_qualifier: Series[str] = like(r.Investments, "value_qualifier")
    announced_date: Series[pa.Date] = like(r.Investments, "announced_date")
    date_precision: Series[str] = like(r.Investments, "date_precision")
    purpose: Series[str] = like(r.Investments, "purpose")
    source_id: Series[str] = like(r.Investments, "source_id")
    source_type: Series[str] = like(r.Sources, "source_type")
    source_locator: Series[str] = like(r.Investments, "source_locator")

    class Config:
        unique = ["investment_id"]
        title = "Company investments"
        description = "Funding of US rare-earth companies by instrument and funder, with each line's source."


class CapacitiesMart(MartModel):
    capacity_id: Series[str] = like(r.Capacities, "capacity_id")
    company_name: Series[str] = like(r.Capacities, "company_name")
    facility_name: Series[str] = like(r.Capacities, "facility_name")
    product: Series[str] = like(r.Capacities, "product")
    capacity_low: Series[float] = like(r.Capacities, "capacity_low")
    capacity_high: Series[float] = like(r.Capacities, "capacity_high")
    unit: Series[str] = like(r.Capacities, "unit")
    capacity_high_t_per_year: Series[float] = new("capacity_high in metric tons a year (short tons × 0.90718474); empty where the source gives no period.", "t/yr", lineage=["capacities.capacity_high", "capacities.unit"])
    target_year: Series[Int] = like(r.Capacities, "target_year")
    value_qualifier: Series[str] = like(r.Capacities, "value_qualifier")
    source_id: Series[str] = like(r.Capacities, "source_id")
    source_locator: Series[str] = like(r.Capacities, "source_locator")

    class Config:
        unique = ["capacity_id"]
        title = "Capacities and targets"
        description = "Capacities and target years of rare-earth facilities, in metric tons a year where the unit allows."


class LegislationMart(MartModel):
    law_id: Series[str] = like(r.Legislation, "law_id")
    law_name_en: Series[str] = like(r.Legislation, "law_name_en")
    law_name_zh: Series[str] = like(r.Legislation, "law_name_zh")
    bill_number: Series[str] = like(r.Legislation, "bill_number")
    law_year: Series[Int] = like(r.Legislation, "law_year")
    instrument_type: Series[str] = like(r.Legislation, "instrument_type")
    summary_zh: Series[str] = like(r.Legislation, "summary_zh")
    figures_quoted: Series[str] = new("Figures the report gives for the law, quoted (from raw.statements).", lineage=["statements.quote_zh"])
    source_id: Series[str] = like(r.Legislation, "source_id")

    class Config:
        unique = ["law_id"]
        title = "US legislation"
        description = "US laws and bills on rare earths, with the figures the report gives for them."


class ExportControlsMart(MartModel):
    measure_id: Series[str] = like(r.ExportControls, "measure_id")
    authority: Series[str] = like(r.ExportControls, "authority")
    announcement_no: Series[Int] = like(r.ExportControls, "announcement_no")
    measure_name_en: Series[str] = like(r.ExportControls, "measure_name_en")
    measure_name_zh: Series[str] = like(r.ExportControls, "measure_name_zh")
    element_symbol: Series[str] = new("Element the measure covers; empty for a measure that names no element.")
    element_name_en: Series[str] = like(r.Elements, "element_name_en", nullable=True)
    element_name_zh: Series[str] = like(r.Elements, "element_name_zh", nullable=True)
    element_source_ids: Series[str] = new("Sources that list the element under the measure, ';'-separated.")
    announced_date: Series[pa.Date] = new("Announcement date (the issue date where no separate announcement), from sources other than the report.")
    issued_date: Series[pa.Date] = new("Issue date, from sources other than the report.")
    effective_date: Series[pa.Date] = new("Effective date, from sources other than the report.", lineage=["export_control_dates.event_date"])
    effective_de_minimis_date: Series[pa.Date] = new("Effective date of the 0.1 % de minimis rule, where separate.")
    suspended_date: Series[pa.Date] = new("Date the measure was suspended.")
    suspended_until_date: Series[pa.Date] = new("Date the suspension runs until.")
    report_announced_date: Series[pa.Date] = new("Announcement date as the report gives it (first day of the month where only the month is given).")
    report_effective_date: Series[pa.Date] = new("Effective date as the report gives it.", lineage=["export_control_dates.event_date"])
    has_date_conflict: Series[Bool] = new("True where the report's effective date differs from the other sources'.", nullable=False)
    source_id: Series[str] = like(r.ExportControls, "source_id")

    class Config:
        unique = ["measure_id", "element_symbol"]
        title = "China's export controls"
        description = "China's rare-earth export-control measures, one row per element covered, with announcement, issue, effective and suspension dates and the report's dates beside them."


class ElementsMart(MartModel):
    element_symbol: Series[str] = like(r.Elements, "element_symbol")
    atomic_number: Series[Int] = like(r.Elements, "atomic_number")
    element_name_en: Series[str] = like(r.Elements, "element_name_en")
    element_name_zh: Series[str] = like(r.Elements, "element_name_zh")
    is_lanthanide: Series[Bool] = like(r.Elements, "is_lanthanide")
    group_two_way: Series[str] = like(r.Elements, "group_two_way")
    group_three_way: Series[str] = like(r.Elements, "group_three_way")
    magnetic_behaviour: Series[str] = like(r.Elements, "magnetic_behaviour")
    report_ordering_temperature_k: Series[float] = new("Ferromagnetic ordering temperature as the report states it, in kelvin (°C + 273.15).", "K", lineage=["element_properties.value", "element_properties.unit"])
    reference_ordering_temperature_k: Series[float] = new("Curie temperature from the reference source, in kelvin.", "K", lineage=["element_properties.value", "element_properties.unit"])
    is_radioactive: Series[Bool] = like(r.Elements, "is_radioactive")
    export_control_measure_ids: Series[str] = new("Measures that cover the element, ';'-separated (sources other than the report).")
    export_control_status: Series[str] = new("controlled, suspended, announced or not_controlled as of status_as_of_date.", nullable=False, isin=["controlled", "suspended", "announced", "not_controlled"])
    status_as_of_date: Series[pa.Date] = new("The latest issue, effective or suspension date in the official sources: the date the status describes.", nullable=False)

    class Config:
        unique = ["element_symbol"]
        title = "Rare-earth elements"
        description = "The 17 rare-earth elements with names, group, magnetism and export-control status as of a stated date."


class Claims(MartModel):
    claim_id: Series[str] = new("Id of the checked statement: the claim's id and the row it checks.", nullable=False)
    topic: Series[str] = new("Topic of the statement.", nullable=False)
    quote: Series[str] = new("The statement as the source words it (or where it stands).", nullable=False)
    stated_value: Series[str] = new("The value the source states, as text.")
    recomputed_value: Series[str] = new("The value recomputed by the pipeline's query, as text; empty when it cannot be checked.")
    stated_number: Series[float] = new("stated_value as a number, where it is one.", "see unit")
    recomputed_number: Series[float] = new("recomputed_value as a number, where it is one.", "see unit")
    difference: Series[float] = new("stated_number minus recomputed_number.", "see unit")
    comparison: Series[str] = new("How the two are compared: approx, at_least, at_most, less_than or equal.", nullable=False, isin=["approx", "at_least", "at_most", "less_than", "equal"])
    tolerance: Series[float] = new("Largest difference still counted as agreeing, in the claim's unit.", "see unit", nullable=False)
    unit: Series[str] = new("Unit of the values.", nullable=False)
    status: Series[str] = new("agrees, disagrees or cannot be checked.", nullable=False, isin=["agrees", "disagrees", "cannot be checked"])
    explanation: Series[str] = new("One line on what was compared and why the status follows.", nullable=False)
    stated_ref: Series[str] = new("'table:id' of the raw row the stated value is read from.", nullable=False)

    class Config:
        unique = ["claim_id"]
        title = "Fact-check ledger"
        description = "Every quantitative statement in the report, with the stated value, the value recomputed from the data, the tolerance and whether they agree."


MARTS: dict[str, type[MartModel]] = {
    "country_shares": CountryShares,
    "concentration": Concentration,
    "price_multipliers": PriceMultipliers,
    "demand_projections": DemandProjections,
    "agreements": AgreementsMart,
    "investments": InvestmentsMart,
    "capacities": CapacitiesMart,
    "legislation": LegislationMart,
    "export_controls": ExportControlsMart,
    "elements": ElementsMart,
    "claims": Claims,
}
