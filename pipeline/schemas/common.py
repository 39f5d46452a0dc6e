"""Vocabularies and column declarations shared by several tables.

A column that means the same thing in two tables is declared here once, so its
description and unit cannot drift apart between them.
"""

from __future__ import annotations

import pandera.pandas as pa

VALUE_QUALIFIERS = [
    "exact",  # printed as a plain figure
    "approximate",  # printed with 約 / about / ~
    "estimate",  # the source calls it an estimate
    "rounded",  # a total the source rounded
    "lower_bound",  # printed as "more than" / ">" / 以上 / 超過
    "upper_bound",  # printed as "less than" / "<" / 以下 / 不到 / up to
    "range",  # printed as a range low–high
    "quota",  # a production quota, not measured output
    "not_available",  # the source prints NA: not available, which is not zero
]

METRICS = ["production", "reserves"]
DATE_PRECISIONS = ["day", "month", "year"]


def source_id_field() -> object:
    return pa.Field(
        description="Id of the source the row is read from; resolves in raw.sources.",
        metadata={"references": "sources.source_id"},
    )


def source_locator_field() -> object:
    return pa.Field(description="Where in the source the value stands: table, section, page or quoted words.")


def value_qualifier_field() -> object:
    return pa.Field(
        isin=VALUE_QUALIFIERS,
        description="How the source states the value: " + ", ".join(VALUE_QUALIFIERS) + ".",
    )


def note_field() -> object:
    return pa.Field(nullable=True, description="Curator's note on the row (free text).")


def country_code_field(**kw) -> object:
    return pa.Field(
        str_length={"min_value": 3, "max_value": 3},
        description="ISO 3166-1 alpha-3 country code (XOT = other countries, XWL = world); resolves in raw.countries.",
        metadata={"references": "countries.country_code"},
        **kw,
    )


def element_symbol_field() -> object:
    return pa.Field(
        description="Chemical symbol of a rare-earth element; resolves in raw.elements.",
        metadata={"references": "elements.element_symbol"},
    )
