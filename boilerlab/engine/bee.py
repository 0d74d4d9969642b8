"""The India BEE heat-loss method over test records (gross, HHV basis) — an international cross-check of the
GB/T 10180 engine; the formulas are in :mod:`boilerlab.physics.bee`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from boilerlab.base.constants import KJ_PER_KCAL
from boilerlab.engine.pipeline import CanonicalFrame
from boilerlab.physics.bee import losses

#: Extra columns :func:`run_bee` reads besides the interchange ones.
SURFACE_COLUMNS = ("surface_temp_c", "surface_area_m2", "wind_speed_m_s")


def run_bee(canonical: CanonicalFrame) -> pd.DataFrame:
    """The BEE method over canonical test records: interchange columns plus :data:`SURFACE_COLUMNS`.

    Uses c/h/o/n/s/moisture ``*_ar_pct``, ``hhv_ar_kj_kg`` (GCV), ``flue_o2_pct``, ``flue_temp_c``,
    ``air_temp_c``, ``air_humidity_g_kg`` and ``fuel_rate_kg_h``. Solid and liquid fuels only.
    Returns the canonical input columns with ``bee_*`` result columns and ``error``.
    """
    data, errors = canonical.frame, canonical.errors.copy()
    col = {name: data[name].to_numpy(dtype=float, na_value=np.nan) for name in data.columns
           if name.endswith(("_pct", "_c", "_kj_kg", "_g_kg", "_kg_h"))}
    extra = {name: pd.to_numeric(data[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
             if name in data.columns else np.full(len(data), np.nan) for name in SURFACE_COLUMNS}
    needed = ("c_ar_pct", "h_ar_pct", "hhv_ar_kj_kg", "flue_o2_pct", "flue_temp_c", "air_temp_c")
    missing = np.logical_or.reduce([np.isnan(col[name]) for name in needed])
    errors.add(missing, "BEE 方法需要元素分析、高位发热量、排烟 O₂ 与温度")
    zero = lambda name: np.nan_to_num(col[name])  # noqa: E731 — blank minor constituents count as 0
    result = losses(col["c_ar_pct"], col["h_ar_pct"], zero("o_ar_pct"), zero("n_ar_pct"), zero("s_ar_pct"),
                    zero("moisture_ar_pct"), col["hhv_ar_kj_kg"] / KJ_PER_KCAL, col["flue_o2_pct"], col["flue_temp_c"],
                    col["air_temp_c"], np.nan_to_num(col["air_humidity_g_kg"]) / 1000.0, col["fuel_rate_kg_h"],
                    extra["surface_temp_c"], extra["surface_area_m2"], extra["wind_speed_m_s"])
    failed = errors.any()
    out = {f"bee_{key}": np.where(failed, np.nan, value) for key, value in result.items()}
    out["error"] = errors.text()
    return pd.DataFrame({**{name: data[name] for name in data.columns}, **extra, **out}, copy=False)
