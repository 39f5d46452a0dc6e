"""Columns and vocabularies that mean the same thing in several tables, declared once."""

from __future__ import annotations

from pipeline.core.declare import Vocabulary, col, vocab


def codes(*values: str) -> Vocabulary:
    """Allowed values whose labels are the codes themselves (no translation curated yet)."""
    return Vocabulary({v: (v.replace("_", " "), v.replace("_", " ")) for v in values})


def coded(labels_zh: dict[str, str]) -> Vocabulary:
    """Allowed values with a Chinese label each; the English label is the code itself, as in :func:`codes`."""
    return Vocabulary({v: (v.replace("_", " "), zh) for v, zh in labels_zh.items()})


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
    description_zh="該列資料讀自的來源代碼;對應 raw.sources。",
)
SOURCE_LOCATOR = col(
    "source_locator",
    "text",
    "Where in the source the value stands: table, section, page or quoted words.",
    "Where in the source",
    "來源位置",
    description_zh="數值在來源中的位置:表格、章節、頁碼或引述的文字。",
)
VALUE_QUALIFIER = col(
    "value_qualifier",
    "text",
    "How the source states the value: " + ", ".join(VALUE_QUALIFIERS.codes) + ".",
    "As stated",
    "數值註記",
    values=VALUE_QUALIFIERS,
    format="code",
    description_zh="來源陳述數值的方式:" + "、".join(f"{c}({VALUE_QUALIFIERS.label(c, 'zh')})" for c in VALUE_QUALIFIERS.codes) + "。",
)
NOTE = col("note", "text", "Curator's note on the row (free text).", "Note", "備註", nullable=True, description_zh="整理者對該列的備註(自由文字)。")


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
        description_zh="ISO 3166-1 alpha-3 國家代碼(XOT = 其他國家,XWL = 全球);對應 raw.countries。",
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
        description_zh="稀土元素的化學符號;對應 raw.elements。",
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
    description_zh="該列有部分內容(類型、年份、日期、數值註記或分類)出自整理者的判讀,而非來源原文時為真;inference_note 說明是哪一部分及理由。",
)
INFERENCE_NOTE = col(
    "inference_note",
    "text",
    "What the curator inferred in the row and from what (e.g. a year added to a date printed without one); empty where nothing is inferred.",
    "Inference note",
    "推定說明",
    nullable=True,
    format="text",
    description_zh="整理者在該列推定了什麼、依據為何(例如為原文未印年份的日期補上年份);未作任何推定時留空。",
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
    description_zh="來源印出的原樣數字(含位數、分隔符號、約/超過、億/萬),查核帳本據此判讀其印出精度;未作為報告數字查核的列留空。",
)


def inference_is_explained(df) -> object:
    """Row rule: an inferred row says why, and a row that is not inferred has no inference note."""
    return df["is_inferred"].fillna(False).astype(bool) == df["inference_note"].notna()


# Units as the data writes them (column declarations, the ledger's and charts' unit columns) -> how a
# page shows them, in English and Traditional Chinese. The data keeps the code; only pages translate.
UNITS: dict[str, tuple[str, str]] = {
    "K": ("K", "K"),
    "USD": ("USD", "美元"),
    "USD bn": ("USD bn", "十億美元"),
    "USD m": ("USD m", "百萬美元"),
    "USD/kg": ("USD/kg", "美元/公斤"),
    "USD_per_kg": ("USD/kg", "美元/公斤"),
    "USD/t": ("USD/t", "美元/公噸"),
    "count": ("count", "項"),
    "date": ("date", "日期"),
    "index": ("index", "指數"),
    "layers": ("layers", "層"),
    "month": ("month", "月"),
    "months": ("months", "個月"),
    "nm": ("nm", "奈米"),
    "pct": ("%", "%"),
    "pct per year": ("% per year", "每年 %"),
    "pp": ("percentage points", "百分點"),
    "ppm": ("ppm", "ppm"),
    "rank": ("rank", "名次"),
    "ratio": ("ratio", "倍數"),
    "t": ("t", "公噸"),
    "t (no period printed)": ("t (no period printed)", "公噸(未印出期間)"),
    "t REO": ("t REO", "公噸(稀土氧化物當量)"),
    "t/yr": ("t/yr", "公噸/年"),
    "t_per_t": ("t/t", "公噸/公噸"),
    "year": ("year", "年"),
    "years": ("years", "年"),
    "see currency": ("see currency", "見幣別欄"),
    "see quantity_unit": ("see quantity unit", "見數量單位欄"),
    "see unit": ("see unit", "見單位欄"),
    "ordinal": ("ordinal", "序數"),
}


def unit_label(code: str | None, lang: str) -> str:
    """A unit as a page in ``lang`` ('zh' or 'en') shows it; a code with no label shows as written."""
    if not code:
        return ""
    en, zh = UNITS.get(code, (code, code))
    return zh if lang == "zh" else en
