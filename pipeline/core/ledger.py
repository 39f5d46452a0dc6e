"""The fact-check ledger: run every declared claim and decide its status.

Claims are declared in ``pipeline/sql/claims.toml``, each with the SQL that reads
the stated value and recomputes it. Nothing here types in a number.

The rules (README, "Methodology"):

- ``not comparable``: the two sides are not the same quantity, event or definition;
  the SQL says why (column ``not_comparable``). Checked first: no other verdict is
  reached on unlike things.
- ``cannot be checked``: nothing in the data gives the other side.
- ``not independent``: the only other side was curated from the same document
  (column ``not_independent`` says which table and why).
- ``agrees`` / ``disagrees``: by the comparison kind. Bounds are strict where the
  words are and carry no tolerance; ``approx`` allows half a unit of the last printed
  digit, in the unit of the row (``printed`` text or ``precision``), never a number
  shared across rows of different units.

Every text a reader sees is given twice, in English and in Traditional Chinese: ``rule`` and
``rule_zh``, ``explanation`` and ``explanation_zh`` are written here from the same facts and
numbers; ``basis``, ``review_note``, ``not_comparable``, ``not_independent`` and ``note`` come
from the claim or its SQL with a ``_zh`` companion beside each, and a claim that gives one
without the other stops the build (``run_claims``), as a disagreement without a review note does.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from pipeline.core.fields import unit_label
from pipeline.core.sqlgraph import load_claims

STATUSES = ["agrees", "disagrees", "not comparable", "not independent", "cannot be checked"]

# comparison kind -> the rule in words (r: recomputed, s: stated, t: tolerance)
COMPARISONS = {
    "approx": "|r − s| ≤ t",  # a figure: agrees with values that round to it
    "more_than": "r > s",  # 超過 / 以上 / more than / above: strict
    "at_least": "r ≥ s",  # 至少 / at least
    "under": "r < s",  # 不到 / < / under / less than: strict
    "at_most": "r ≤ s",  # 最多 / up to / at most
    "almost": "s − t ≤ r ≤ s",  # 幾乎 / almost: just below the figure, within its precision
    "equal": "same text",  # dates and ids
}
COMPARISONS_ZH = {**COMPARISONS, "equal": "文字相同"}
# comparison kind -> its name in Traditional Chinese (the labels of marts.claims.comparison)
COMPARISON_LABELS_ZH = {"approx": "約等於", "more_than": "超過", "at_least": "至少", "under": "低於", "at_most": "至多", "almost": "將近", "equal": "相同"}
BOUNDS = {"more_than", "at_least", "under", "at_most"}
EPS = 1e-9  # floating-point slack only, relative to the size of the numbers

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_APPROX = re.compile(r"約|大約|左右|近|about|approximately|around|~|≈", re.IGNORECASE)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number(value: object) -> float | None:
    if _missing(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def printed_precision(printed: str) -> tuple[float, float] | None:
    """(the figure as printed, the unit of its last significant digit), or None without a figure.

    '11.7' -> (11.7, 0.1); '68.54%' -> (68.54, 0.01); '42,520' -> (42520, 1). Trailing zeros of a
    whole number are significant unless the text marks the figure as approximate (約, about, ~):
    '約 6,000' -> (6000, 1000), '約 42,500' -> (42500, 100), '6,000' -> (6000, 1).
    """
    if _missing(printed):
        return None
    match = _NUMBER.search(str(printed))
    if not match:
        return None
    token = match.group(0).replace(",", "")
    figure = float(token)
    if "." in token:
        return figure, 10.0 ** -len(token.split(".")[1])
    if _APPROX.search(str(printed)) and figure != 0:
        zeros = len(token) - len(token.rstrip("0"))
        return figure, 10.0**zeros
    return figure, 1.0


def _unit_of_last_digit(value: object, printed: object) -> float | None:
    """The unit of the last printed digit of ``printed``, in the unit of ``value`` (by the ratio value / figure)."""
    parsed = printed_precision(printed) if not _missing(printed) else None
    if parsed is None:
        return None
    figure, digit = parsed
    v = _number(value)
    return digit if (v is None or figure == 0 or v == 0) else digit * abs(v / figure)


def tolerance_for(
    stated: object,
    printed: object = None,
    precision: object = None,
    recomputed_precision: object = None,
    default_precision: object = None,
    recomputed: object = None,
    recomputed_printed: object = None,
) -> tuple[float, float | None]:
    """(tolerance, precision) in the stated value's unit: half a unit of the last printed digit.

    The unit of the last printed digit is, in order: ``precision`` (given by the claim's SQL, in
    the row's unit), else read from ``printed`` and converted to the row's unit by the ratio
    stated / printed figure (so '30 億' read as USD 3 bn gives 0.1 bn), else the claim's
    ``default_precision`` (for figures printed in words, e.g. 一年). Where the other side is itself
    a printed, rounded figure (``recomputed_precision`` or ``recomputed_printed``), half of its
    unit is added: two rounded figures agree when the intervals they stand for overlap.
    """
    return _tolerance_parts(stated, printed, precision, recomputed_precision, default_precision, recomputed, recomputed_printed)[:2]


def _tolerance_parts(
    stated, printed, precision, recomputed_precision, default_precision, recomputed, recomputed_printed
) -> tuple[float, float | None, float | None, str, str]:
    """(tolerance, precision, the other side's precision, where the precision comes from in English, the same in Chinese)."""
    unit, source, source_zh = _number(precision), "given by the claim's query", "由查核項目的查詢給定"
    if unit is None:
        unit, source, source_zh = _unit_of_last_digit(stated, printed), f"read from the printed '{printed}'", f"讀自印出的「{printed}」"
    if unit is None:
        unit, source, source_zh = _number(default_precision), "the claim's precision for a figure printed in words", "為查核項目對以文字印出之數字所設的精度"
    other = _number(recomputed_precision)
    if other is None:
        other = _unit_of_last_digit(recomputed, recomputed_printed)
    if unit is None and other is None:
        return 0.0, None, None, "", ""
    return (unit or 0.0) / 2 + (other or 0.0) / 2, unit, other, source, source_zh


_WORDS = (
    ("more_than", re.compile(r"超過|逾|more than|above|over|>", re.IGNORECASE)),
    ("at_least", re.compile(r"至少|以上|不少於|at least|≥", re.IGNORECASE)),
    ("under", re.compile(r"不到|未滿|少於|低於|less than|under|below|<", re.IGNORECASE)),
    ("at_most", re.compile(r"以下|以內|內|最多|不超過|up to|at most|within|≤", re.IGNORECASE)),
)


def bound_from_words(printed: object) -> str | None:
    """The bound the printed words set, strict where they are: 超過 / more than -> more_than (r > s),
    以上 / 至少 / at least -> at_least (r ≥ s), 不到 / under / < -> under (r < s), 以下 / up to / within -> at_most (r ≤ s)."""
    if _missing(printed):
        return None
    text = str(printed)
    if re.search(r"不超過", text):
        return "at_most"
    for kind, pattern in _WORDS:
        if pattern.search(text):
            return kind
    return None


def judge(stated: object, recomputed: object, comparison: str, tolerance: float = 0.0, not_comparable: object = None, not_independent: object = None) -> str:
    """The status of one checked statement (see the module docstring for the order of the rules)."""
    if comparison not in COMPARISONS:
        raise ValueError(f"unknown comparison {comparison!r}")
    if not _missing(not_comparable) and str(not_comparable).strip():
        return "not comparable"
    if _missing(stated) or _missing(recomputed):
        return "cannot be checked"
    if not _missing(not_independent) and str(not_independent).strip():
        return "not independent"
    if comparison == "equal":
        return "agrees" if str(stated) == str(recomputed) else "disagrees"
    s, r = _number(stated), _number(recomputed)
    if s is None or r is None:
        return "cannot be checked"
    slack = EPS * max(1.0, abs(s), abs(r))
    t = 0.0 if comparison in BOUNDS else float(tolerance)
    ok = {
        "approx": abs(r - s) <= t + slack,
        "more_than": r > s + slack,
        "at_least": r >= s - slack,
        "under": r < s - slack,
        "at_most": r <= s + slack,
        "almost": s - t - slack <= r <= s + slack,
    }[comparison]
    return "agrees" if ok else "disagrees"


# The words of a rule and of an explanation, per language: one implementation, two vocabularies.
_PHRASES = {
    "en": {
        "head": "{comparison}: {rule}",
        "tolerance": ", t = {t}",
        "precision": "half of {p}, the unit of the last printed digit ({source})",
        "other": "plus half of {o}, the last printed digit of the other side",
        "parts": " ({parts})",
        "sep": "; ",
        "cannot be checked": "Cannot be checked: {basis}.",
        "not comparable": "Not comparable: {reason}.",
        "not independent": "Not independent: {reason}.",
        "compared": "Stated {stated} {unit} vs recomputed {recomputed} {recomputed_unit} ({basis}; {rule}).",
    },
    "zh": {
        "head": "{comparison}({label}):{rule}",
        "tolerance": ",t = {t}",
        "precision": "取最後一位印出數字的單位 {p} 的一半,該單位{source}",
        "other": "再加上另一方最後一位印出數字的單位 {o} 的一半",
        "parts": "({parts})",
        "sep": ";",
        "cannot be checked": "無從查核:{basis}。",
        "not comparable": "無法比較:{reason}。",
        "not independent": "非獨立來源:{reason}。",
        "compared": "陳述值 {stated} {unit},重算值 {recomputed} {recomputed_unit}({basis};{rule})。",
    },
}


def _rule(lang: str, comparison: str, tolerance: float, precision: float | None, source: str, other: float | None) -> str:
    w = _PHRASES[lang]
    rules = COMPARISONS_ZH if lang == "zh" else COMPARISONS
    text = w["head"].format(comparison=comparison, label=COMPARISON_LABELS_ZH[comparison], rule=rules[comparison])
    if comparison in ("approx", "almost"):
        text += w["tolerance"].format(t=f"{tolerance:g}")
        parts = []
        if precision is not None:
            parts.append(w["precision"].format(p=f"{precision:g}", source=source))
        if other is not None:
            parts.append(w["other"].format(o=f"{other:g}"))
        if parts:
            text += w["parts"].format(parts=w["sep"].join(parts))
    return text


def rule_text(comparison: str, tolerance: float, precision: float | None, source: str = "", other: float | None = None) -> str:
    """The rule applied, in words a reader can check."""
    return _rule("en", comparison, tolerance, precision, source, other)


def rule_text_zh(comparison: str, tolerance: float, precision: float | None, source_zh: str = "", other: float | None = None) -> str:
    """``rule_text`` in Traditional Chinese: the same rule, tolerance and figures."""
    return _rule("zh", comparison, tolerance, precision, source_zh, other)


def _fmt(value: object) -> str | None:
    if _missing(value):
        return None
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else str(value)
    return str(value)


def _text(value: object) -> str | None:
    return None if _missing(value) or not str(value).strip() else str(value)


def _explain(lang: str, status: str, stated, recomputed, unit: str, recomputed_unit: str, rule: str, basis: str, reason: str | None) -> str:
    w = _PHRASES[lang]
    if status in ("cannot be checked", "not comparable", "not independent"):
        return w[status].format(basis=basis, reason=reason)
    return w["compared"].format(
        stated=stated, recomputed=recomputed, unit=unit_label(unit, lang), recomputed_unit=unit_label(recomputed_unit, lang), basis=basis, rule=rule
    )


def explain(status: str, stated: str | None, recomputed: str | None, unit: str, recomputed_unit: str, rule: str, basis: str, reason: str | None) -> str:
    return _explain("en", status, stated, recomputed, unit, recomputed_unit, rule, basis, reason)


def explain_zh(
    status: str, stated: str | None, recomputed: str | None, unit: str, recomputed_unit: str, rule_zh: str, basis_zh: str, reason_zh: str | None
) -> str:
    """``explain`` in Traditional Chinese: the same sides, units and rule."""
    return _explain("zh", status, stated, recomputed, unit, recomputed_unit, rule_zh, basis_zh.rstrip("。"), (reason_zh or "").rstrip("。"))


# the texts a claim's SQL may give, each with its Traditional Chinese companion `<name>_zh`
TRANSLATED = ("review_note", "basis", "not_comparable", "not_independent", "note")


def _texts(get, claim_id: str) -> dict[str, tuple[str | None, str | None]]:
    """{name: (English, Chinese)} of the row's optional texts; one given without the other is an error naming both."""
    out = {}
    for name in TRANSLATED:
        en, zh = _text(get(name)), _text(get(f"{name}_zh"))
        if en and not zh:
            raise ValueError(f"claim {claim_id} gives {name} without {name}_zh: every English text needs its Traditional Chinese companion")
        if zh and not en:
            raise ValueError(f"claim {claim_id} gives {name}_zh without {name}: every Chinese text translates an English one")
        out[name] = (en, zh)
    return out


def run_claims(con: duckdb.DuckDBPyConnection, claims: list[dict] | None = None) -> pd.DataFrame:
    rows = []
    for claim in claims or load_claims():
        if not _text(claim.get("basis_zh")):
            raise ValueError(f"claim {claim['id']} has basis without basis_zh: every English text needs its Traditional Chinese companion")
        result = con.execute(claim["sql"]).df()
        for rec in result.to_dict("records"):
            get = rec.get
            comparison = _text(get("comparison")) or claim["comparison"]
            stated = None if _missing(rec["stated"]) else rec["stated"]
            recomputed = None if _missing(rec["recomputed"]) else rec["recomputed"]
            printed = _text(get("printed"))
            if comparison == "from_words":
                comparison = bound_from_words(printed) or "approx"
            tolerance, precision, other, source, source_zh = _tolerance_parts(
                stated, printed, get("precision"), get("recomputed_precision"), claim.get("precision"), recomputed, get("recomputed_printed")
            )
            if comparison in BOUNDS or comparison == "equal":
                tolerance = 0.0
            key = get("key")
            claim_id = claim["id"] + (f"/{key}" if not _missing(key) else "")
            texts = _texts(get, claim_id)
            (not_comparable, not_comparable_zh), (not_independent, not_independent_zh) = texts["not_comparable"], texts["not_independent"]
            status = judge(stated, recomputed, comparison, tolerance, not_comparable, not_independent)
            s_num, r_num = _number(stated), _number(recomputed)
            review_note, review_note_zh = texts["review_note"]
            if status in ("disagrees", "not comparable") and not review_note:
                raise ValueError(f"claim {claim_id} is '{status}' without a review_note naming both sides")
            unit = _text(get("unit")) or claim["unit"]
            recomputed_unit = _text(get("recomputed_unit")) or unit
            basis = texts["basis"][0] or claim["basis"]
            basis_zh = texts["basis"][1] or claim["basis_zh"]
            rule = rule_text(comparison, tolerance, precision, source, other)
            rule_zh = rule_text_zh(comparison, tolerance, precision, source_zh, other)
            note, note_zh = texts["note"]
            explanation = explain(status, _fmt(stated), _fmt(recomputed), unit, recomputed_unit, rule, basis, not_comparable or not_independent)
            explanation_zh = explain_zh(
                status, _fmt(stated), _fmt(recomputed), unit, recomputed_unit, rule_zh, basis_zh, not_comparable_zh or not_independent_zh
            )
            rows.append(
                {
                    "claim_id": claim_id,
                    "topic": claim["topic"],
                    "quote": rec["quote"],
                    "stated_value": _fmt(stated),
                    "recomputed_value": _fmt(recomputed),
                    "stated_number": s_num,
                    "recomputed_number": r_num,
                    "difference": None if s_num is None or r_num is None or comparison == "equal" else round(s_num - r_num, 6),
                    "comparison": comparison,
                    "tolerance": tolerance,
                    "precision": precision,
                    "unit": unit,
                    "recomputed_unit": recomputed_unit,
                    "status": status,
                    "rule": rule,
                    "rule_zh": rule_zh,
                    "basis": basis,
                    "basis_zh": basis_zh,
                    "review_note": review_note,
                    "review_note_zh": review_note_zh,
                    "explanation": explanation + (f" Note: {note}." if note else ""),
                    "explanation_zh": explanation_zh + (f"附註:{note_zh.rstrip('。')}。" if note_zh else ""),
                    "stated_ref": rec["stated_ref"],
                }
            )
    return pd.DataFrame(rows)
