"""Import templates: Chinese headers with units and one example row per kind."""

from __future__ import annotations

import pandas as pd

from boilerlab.base.vocabulary import COLUMNS as TEST_COLUMNS
from boilerlab.base.vocabulary import FIELDS

#: The example row of the test-record template: a 1.4 MW gas hot-water boiler.
TEST_EXAMPLE = {"test_id": "T2024-0001", "boiler_id": "11003101122020000001", "test_date": "2024-11-20",
                "boiler_kind": "hot_water", "fuel_kind": "natural_gas", "combustion": "chamber", "condensing": "false",
                "rated_capacity_mw": 1.4, "barometric_kpa": 101.3, "lhv_kj_nm3": 35600, "fuel_rate_nm3_h": 120,
                "water_flow_kg_h": 36000, "supply_temp_c": 80, "return_temp_c": 55, "water_pressure_mpa_g": 0.4,
                "flue_temp_c": 95, "air_temp_c": 15, "air_humidity_g_kg": 8, "flue_o2_pct": 3.5, "flue_co_ppm": 12,
                "nox_mg_m3": 35, "emission_o2_pct": 3.5, "install_date": "2020-09-01", "jurisdiction": "shanghai"}



def template(kind: str) -> pd.DataFrame:
    """The import template of ``kind``: Chinese headers with units, and one example row."""
    if kind == "tests":
        headers = {c.name: f"{c.name_cn}({c.unit})" if c.unit else c.name_cn for c in TEST_COLUMNS}
        example = {c.name: TEST_EXAMPLE.get(c.name) for c in TEST_COLUMNS}
        return pd.DataFrame([example]).rename(columns=headers)
    examples = {
        "units": {"unit_name": "上海示例酒店有限公司", "credit_code": "91350100M000100Y43", "address": "莘庄镇示例路1号",
                  "town": "莘庄镇", "office": "莘庄市场监督管理所", "key_unit": "是", "district_key": "否",
                  "place_category": "hotel"},
        "boilers": {"device_code": "11003101122020000001", "registration_no": "锅沪M00001",
                    "credit_code": "91350100M000100Y43", "boiler_kind": "hot_water", "fuel_kind": "natural_gas",
                    "combustion": "chamber", "condensing": "是", "rated_capacity_mw": 1.4, "rated_pressure_mpa_g": 0.7,
                    "manufacturer": "示例锅炉有限公司", "model": "WNS1.4-0.7/95/70-Q", "product_no": "2020-001",
                    "install_date": "2020-09-01", "registration_date": "2020-10-15", "status": "在用", "low_nox": "是"},
        "fuel-use": {"boiler_id": "11003101122020000001", "month": "2024-01", "fuel_kind": "natural_gas",
                     "quantity": 1.25, "unit": "10^4 Nm3"},
        "unit-events": {"credit_code": "91350100M000100Y43", "event_kind": "投诉举报属实", "event_date": "2024-05-20",
                        "responsible": "否", "reference_no": "闵市监投〔2024〕0123号",
                        "description": "举报锅炉房无人值守, 经核查属实"},
        "vehicles": {"device_code": "51103101122021000001", "registration_no": "车11沪M00001(21)",
                     "credit_code": "91350100M000100Y43", "vehicle_kind": "叉车", "power_type": "柴油",
                     "engine_maker": "示例动力有限公司", "engine_model": "A490BPG", "rated_power_kw": 45,
                     "manufacture_date": "2021-03-05", "registration_date": "2021-04-20", "emission_stage": "国三",
                     "env_code": "沪F12345678", "status": "在用"},
    }
    fields = FIELDS[kind]
    return pd.DataFrame([{f.header: examples[kind].get(f.name) for f in fields}])
