"""The fact-check ledger: run every declared claim and decide its status.

Claims are declared in ``pipeline/sql/claims.toml``, each with the SQL that reads
the stated value and recomputes it. Nothing here types in a number.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipeline.core.sqlgraph import load_claims

STATUSES = ["agrees", "disagrees", "cannot be checked"]


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def judge(stated: object, recomputed: object, comparison: str, tolerance: float) -> str:
    """agrees / disagrees / cannot be checked, from the two values and the rule."""
    if stated is None or recomputed is None or pd.isna(stated) or pd.isna(recomputed):
        return "cannot be checked"
    if comparison == "equal":
        return "agrees" if str(stated) == str(recomputed) else "disagrees"
    s, r = _number(stated), _number(recomputed)
    if s is None or r is None:
        return "cannot be checked"
    ok = {
        "approx": abs(s - r) <= tolerance + 1e-9,
        "at_least": r >= s - tolerance - 1e-9,
        "at_most": r <= s + tolerance + 1e-9,
        "less_than": s < r,
    }[comparison]
    return "agrees" if ok else "disagrees"


def _fmt(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e15 else str(value)
    return str(value)


def explain(status: str, stated: str | None, recomputed: str | None, comparison: str, tolerance: float, unit: str, basis: str, note: str | None) -> str:
    rule = {
        "approx": f"within ±{tolerance:g}",
        "at_least": "at least the stated value",
        "at_most": "at most the stated value",
        "less_than": "the stated value below it",
        "equal": "the same",
    }[comparison]
    if status == "cannot be checked":
        text = f"Cannot be checked: {basis}."
    else:
        text = f"Stated {stated} vs recomputed {recomputed} {unit} ({basis}; expected {rule})."
    return text + (f" Note: {note}." if note else "")


def run_claims(con: duckdb.DuckDBPyConnection, claims: list[dict] | None = None) -> pd.DataFrame:
    rows = []
    for claim in claims or load_claims():
        result = con.execute(claim["sql"]).df()
        for rec in result.to_dict("records"):
            comparison = rec.get("comparison") or claim["comparison"]
            tolerance = float(claim["tolerance"])
            stated = None if pd.isna(rec["stated"]) else rec["stated"]
            recomputed = None if pd.isna(rec["recomputed"]) else rec["recomputed"]
            status = judge(stated, recomputed, comparison, tolerance)
            s_num, r_num = _number(stated), _number(recomputed)
            key = rec.get("key")
            note = rec.get("note")
            rows.append(
                {
                    "claim_id": claim["id"] + (f"/{key}" if key is not None and not pd.isna(key) else ""),
                    "topic": claim["topic"],
                    "quote": rec["quote"],
                    "stated_value": _fmt(stated),
                    "recomputed_value": _fmt(recomputed),
                    "stated_number": s_num,
                    "recomputed_number": r_num,
                    "difference": None if s_num is None or r_num is None or comparison == "equal" else round(s_num - r_num, 6),
                    "comparison": comparison,
                    "tolerance": tolerance,
                    "unit": claim["unit"],
                    "status": status,
                    "explanation": explain(
                        status,
                        _fmt(stated),
                        _fmt(recomputed),
                        comparison,
                        tolerance,
                        claim["unit"],
                        claim["basis"],
                        None if note is None or pd.isna(note) else str(note),
                    ),
                    "stated_ref": rec["stated_ref"],
                }
            )
    return pd.DataFrame(rows)
