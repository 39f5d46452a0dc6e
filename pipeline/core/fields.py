"""Columns and vocabularies that mean the same thing in several tables, declared once."""

from __future__ import annotations

from pipeline.core.declare import Vocabulary, col, vocab


def codes(*values: str) -> Vocabulary:
    """Allowed values whose labels are the codes themselves (no translation curated yet)."""
    return Vocabulary({v: (v.replace("_", " "), v.replace("_", " ")) for v in values})


VALUE_QUALIFIERS = vocab(
    exact=("exact", "確切值"),  # printed as a plain figure
    approximate=("approximate", "約略值"),  # printed with 約 / about / ~
    estimate=("estimate", "估計值"),  # the source calls it an estimate
    rounded=("rounded total", "四捨五入合計"),  # a total the source rounded
    lower_bound=("lower bound", "下限"),  # "more than" / ">" / 以上 / 超過
    upper_bound=("upper bound", "上限"),  # "less than" / "<" / 以下 / 不到 / up to
    range=("range", "區間"),  # printed as a range low–high
    quota=("quota", "配額"),  # a production quota, not measured output
    not_available=("not available", "無資料"),  # the source prints NA: not available, which is not zero
)

METRICS = vocab(production=("mine production", "礦場產量"), reserves=("reserves", "儲量"))
DATE_PRECISIONS = vocab(day=("day", "日"), month=("month", "月"), year=("year", "年"))

SOURCE_ID = col(
    "source_id",
    "text",
    "Id of the source the row is read from; resolves in raw.sources.",
    "Source",
    "來源",
    references="sources.source_id",
    is_source_ref=True,
    format="code",
)
SOURCE_LOCATOR = col("source_locator", "text", "Where in the source the value stands: table, section, page or quoted words.", "Where in the source", "來源位置")
VALUE_QUALIFIER = col(
    "value_qualifier",
    "text",
    "How the source states the value: " + ", ".join(VALUE_QUALIFIERS.codes) + ".",
    "As stated",
    "數值註記",
    values=VALUE_QUALIFIERS,
    format="code",
)
NOTE = col("note", "text", "Curator's note on the row (free text).", "Note", "備註", nullable=True)


def country_code(**kw) -> object:
    return col(
        kw.pop("name", "country_code"),
        "text",
        "ISO 3166-1 alpha-3 country code (XOT = other countries, XWL = world); resolves in raw.countries.",
        kw.pop("en", "Country code"),
        kw.pop("zh", "國家代碼"),
        str_length=(3, 3),
        references="countries.country_code",
        format="code",
        **kw,
    )


def element_symbol(**kw) -> object:
    return col(
        "element_symbol",
        "text",
        "Chemical symbol of a rare-earth element; resolves in raw.elements.",
        "Element",
        "元素符號",
        references="elements.element_symbol",
        format="code",
        **kw,
    )


IS_INFERRED = col(
    "is_inferred",
    "bool",
    "True where part of the row (its type, year, date, qualifier or classification) is the curator's reading, not the source's own words; "
    "inference_note says which part and why.",
    "Is inferred?",
    "是否為推定",
    format="bool",
)
INFERENCE_NOTE = col(
    "inference_note",
    "text",
    "What the curator inferred in the row and from what (e.g. a year added to a date printed without one); empty where nothing is inferred.",
    "Inference note",
    "推定說明",
    nullable=True,
    format="text",
)
VALUE_AS_PRINTED = col(
    "value_as_printed",
    "text",
    "The figure exactly as the source prints it (digits, separators, 約/超過, 億/萬), from which the ledger reads its printed precision; "
    "empty for rows not checked as a report figure.",
    "Value as printed",
    "原文數值",
    nullable=True,
    format="text",
)


def inference_is_explained(df) -> object:
    """Row rule: an inferred row says why, and a row that is not inferred has no inference note."""
    return df["is_inferred"].fillna(False).astype(bool) == df["inference_note"].notna()
