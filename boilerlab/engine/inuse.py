"""Step 3b: the in-use criterion of an operating test and the role of its GB 24500 grade (product or reference)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boilerlab.base.reference import ReferenceData
from boilerlab.engine.rows import blank_where
from boilerlab.standards.inuse import VERDICT_CATEGORIES, inuse_criterion, verdict_codes


def inuse_results(data: pd.DataFrame, governing: np.ndarray, limit_pct: np.ndarray, failed: np.ndarray, q2_method: str,
                  ref: ReferenceData, governing_u95: Any = np.nan) -> dict[str, Any]:
    """``inuse_criterion_pct``, ``inuse_verdict``, ``inuse_basis`` and ``gb24500_grade_role`` of every row.

    A blank test type is read as the operating test the method implies (``simple`` with ``--q2-method simple``,
    else ``detailed``), and the basis says so. A ``product`` test (定型/验收) has no in-use criterion: its GB 24500
    grade is the product grade.
    """
    n = len(data)
    given = data["test_type"].array if "test_type" in data else pd.Categorical([None] * n)
    codes = np.asarray(given.codes)
    assumed = "simple" if q2_method == "simple" else "detailed"
    named = np.append(np.asarray(given.categories, dtype=object), assumed)  # code −1 (blank) → the last entry
    test_type = named[np.where(codes < 0, len(named) - 1, codes)]
    criterion, share = inuse_criterion(limit_pct, test_type, ref)
    criterion = np.where(failed, np.nan, criterion)
    verdict = verdict_codes(governing, criterion, governing_u95, higher_is_better=True)
    table = ref.tables["inuse_criteria"].set_index("test_type")
    texts = []
    for kind in ("detailed", "simple"):
        row = table.loc[kind]
        pending = ", 参考数据待核实" if row["status"] == "UNCONFIRMED" else ""
        text = (f"{row['name_cn']}: GB 24500-2020 能效限定值的 {float(row['limit_share_pct']):g} % "
                f"({row['source_document']}{pending})")
        texts += [text, f"{text}; 测试类型未填, 按{row['name_cn']}判定"]
    kind = np.select([test_type == "detailed", test_type == "simple"], [0, 1], -1)
    basis = pd.Categorical.from_codes(np.where(kind < 0, -1, 2 * kind + (codes < 0)), categories=texts)
    no_criterion = np.isnan(criterion)
    role = pd.Categorical.from_codes((test_type != "product").astype(np.int8), categories=["product", "reference"])
    return {
        "gb24500_grade_role": blank_where(role, failed),
        "inuse_criterion_pct": criterion,
        "inuse_verdict": pd.Categorical.from_codes(verdict, categories=list(VERDICT_CATEGORIES)),
        "inuse_basis": blank_where(basis, no_criterion),
    }
