"""The demo district's in-plant vehicles (场(厂)内专用机动车辆, mostly forklifts): about 1,500 over its units,
reproducible from a seed, in the import columns of ``boilerlab import vehicles``.

Everything here is SYNTHETIC. The shares are set to look like a district's register, not taken from one: about
half the forklifts electric, the rest diesel, LPG, petrol or natural gas; manufacture dates from 2008 on, more
of them recent; the nameplate stage recorded for most internal-combustion vehicles, a few below what their
manufacture date required, a few registered after stage IV with stage III, and some in use without their
environmental registration code.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from boilerlab.base.vocabulary import label

#: How many vehicles, and the generator offset that keeps the other demo frames as they were.
COUNT = 1_500
SEED_OFFSET = 17
POWER_SHARES = {"electric": 0.48, "diesel": 0.32, "lpg": 0.12, "gasoline": 0.05, "natural_gas": 0.03}
KIND_SHARES = {"forklift": 0.94, "sightseeing_car": 0.05, "sightseeing_train": 0.01}
STATUS_SHARES = {"在用": 0.90, "停用": 0.06, "报废": 0.04}
ENGINES = {"diesel": (("新柴动力", "A490BPG"), ("全柴动力", "4C2-50V32"), ("玉柴机器", "YCD4J22G"),
                      ("潍柴动力", "WP4.1G"), ("久保田", "V2403")),
           "lpg": (("日产", "K25"), ("华菱动力", "GQ4Y"), ("丰田", "4Y")),
           "gasoline": (("日产", "K21"), ("丰田", "4Y")),
           "natural_gas": (("华菱动力", "GQ4Y-NG"),)}
POWER_KW = {"diesel": (30, 75), "lpg": (30, 50), "gasoline": (30, 45), "natural_gas": (30, 45), "electric": (8, 40)}
#: Shares among internal-combustion vehicles: nameplate stage not recorded; recorded one stage below what the
#: manufacture date required; in use without the environmental registration code.
NO_PLATE_SHARE, LOW_STAGE_SHARE, NO_CODE_SHARE = 0.18, 0.04, 0.12
#: The stages a diesel engine made on a date had to meet (the demo's own copy of ``vehicle_stages.csv``, so that
#: the demo's nameplates are plausible; the checks read the reference table).
DIESEL_STAGES = ((date(2008, 10, 1), 1), (date(2010, 10, 1), 2), (date(2016, 4, 1), 3), (date(2022, 12, 1), 4))


def _stage(made: date, power_type: str) -> int:
    """The stage a diesel engine made on ``made`` had to meet; the other engines' nameplates read the same way."""
    return max([stage for start, stage in DIESEL_STAGES if made >= start] or [1])


def demo_vehicles(units: pd.DataFrame, seed: int = 2024) -> pd.DataFrame:
    """About :data:`COUNT` vehicles over ``units`` (``credit_code``), reproducible from ``seed``."""
    rng = np.random.default_rng(seed + SEED_OFFSET)
    owners = units["credit_code"].to_numpy()
    # many units own none or one; a logistics-heavy few own a few dozen
    weights = rng.lognormal(0.0, 1.2, len(owners))
    chosen = rng.choice(owners, COUNT, p=weights / weights.sum())
    powers = rng.choice(list(POWER_SHARES), COUNT, p=list(POWER_SHARES.values()))
    kinds = rng.choice(list(KIND_SHARES), COUNT, p=list(KIND_SHARES.values()))
    statuses = rng.choice(list(STATUS_SHARES), COUNT, p=list(STATUS_SHARES.values()))
    first, last = date(2008, 1, 1), date(2024, 9, 15)
    span = (last - first).days
    rows = []
    for number in range(COUNT):
        power, kind = str(powers[number]), str(kinds[number])
        if kind != "forklift" and power not in ("electric", "gasoline"):
            power = "electric" if rng.random() < 0.7 else "gasoline"  # sightseeing cars: mostly electric
        made = first + timedelta(days=int(span * rng.random() ** 0.7))  # more of them recent
        registered = made + timedelta(days=int(rng.integers(20, 240)))
        if registered > date(2024, 9, 30):  # registered by the demo's status date, never before it was made
            registered = max(made, date(2024, 9, 30) - timedelta(days=int(rng.integers(0, 30))))
        low, high = POWER_KW[power]
        combustion = power != "electric"
        stage = None
        if combustion and rng.random() >= NO_PLATE_SHARE:
            stage = _stage(made, power)
            if rng.random() < LOW_STAGE_SHARE and stage > 1:
                stage -= 1  # an engine older than the machine, or a nameplate that says so
        if combustion and power == "diesel" and registered >= date(2022, 12, 1) and rng.random() < 0.15:
            made = date(2022, int(rng.integers(6, 12)), 1)  # stage-III stock sold after stage IV began
            stage = 3
        maker, model = ENGINES[power][int(rng.integers(len(ENGINES[power])))] if combustion else (None, None)
        code = None
        if combustion and rng.random() >= NO_CODE_SHARE:
            code = f"沪{'F' if power == 'diesel' else 'Q'}{int(rng.integers(10**7, 10**8))}"
        rows.append({"device_code": f"5110310112{made.year}{number + 1:06d}",
                     "registration_no": f"车11沪M{number + 1:05d}({registered.year % 100:02d})",
                     "credit_code": chosen[number], "vehicle_kind": label("vehicle_kind", kind),
                     "power_type": label("power_type", power), "engine_maker": maker, "engine_model": model,
                     "rated_power_kw": round(float(rng.uniform(low, high)), 1),
                     "manufacture_date": made.isoformat(), "registration_date": registered.isoformat(),
                     "emission_stage": label("emission_stage", str(stage)) if stage else None,
                     "env_code": code, "status": str(statuses[number])})
    return pd.DataFrame(rows)
