"""A reproducible demo district shaped like Minhang (闵行区), Shanghai: units, boilers, tests, fuel use.

Everything here is SYNTHETIC. The towns (街镇), the market-supervision offices and the road names are
Minhang's; the unit names, credit codes, boiler makers, device codes, registration numbers, test records
and fuel use are invented from word lists and random draws, and any likeness to a real unit is chance.
The credit codes are well-formed (GB 32100-2015 check digit, GB 11714 check digit of the organisation
code inside), not registered ones.

``generate_demo(seed)`` returns five frames in the import formats (column names are the interface):

* ``units``    — 重点单位: 1,050 units, exactly 150 of them district-level (区级重点单位, office
  特种设备监督管理所); the others belong to their town's 市场监督管理所;
* ``boilers``  — the registered boilers of about 40 % of the units (mostly natural gas; coal only retired);
* ``tests``    — thermal-performance test records 2021–2024 of the in-use boilers in the interchange
  columns of ``shared/spec/test-record.md``, which :func:`boilerlab.evaluate` computes without row errors;
* ``fuel_use`` — monthly fuel or electricity use 2021-01 … 2024-12 of the in-use boilers;
* ``unit_events`` — complaints found true, accidents, refusals of inspection and ignored 停用 decisions of
  October 2022 to September 2024, the credit record's facts that no inspection holds.

How the test data are made: each boiler has a "true" efficiency (by fuel, condensing or not, age); a
test draws η₁ around it, sets the output from the rated capacity and a load, and derives the fuel rate
(or electric power) from η₁ with IF97 enthalpies (``boilerlab.physics.steam``). The flue-gas temperature is
chosen so that the heat-loss method lands near the same efficiency: q₂ per kelvin follows a
Siegert-type fit A/(21 − O₂) + B of this engine's enthalpy-method q₂, q₅ is the engine's rated table
corrected to the test load, q₃ and q₄ are estimated the usual way. Small boilers carry a large table
q₅, so their η₂ falls a few points below η₁, as in real field tests.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from boilerlab.physics import steam
from boilerlab.base.vocabulary import COLUMNS, label
from boilerlab.physics.losses import rated_surface_loss
from boilerlab.standards.credit_code import CREDIT_CODE_CHARS, credit_code_check_digit

DEFAULT_SEED = 2024

# --- administrative frame ------------------------------------------------------------------------

DISTRICT_CODE = "310112"  # 闵行区
DISTRICT_OFFICE = "特种设备监督管理所"
TOWNS = ("江川路街道", "古美路街道", "新虹街道", "浦锦街道", "莘庄镇", "七宝镇", "颛桥镇", "华漕镇", "虹桥镇",
         "梅陇镇", "吴泾镇", "马桥镇", "浦江镇", "莘庄工业区")
#: relative number of key units per town (bigger towns, more units)
TOWN_WEIGHTS = (5, 5, 3, 4, 10, 10, 7, 6, 7, 9, 6, 6, 10, 8)
#: factories cluster in the industrial towns
FACTORY_TOWN_WEIGHTS = (2, 1, 1, 2, 6, 4, 8, 6, 3, 5, 9, 10, 10, 16)
#: a few roads per town (for the synthetic addresses)
TOWN_ROADS = {
    "江川路街道": ("江川路", "沧源路", "华宁路", "鹤庆路"), "古美路街道": ("古美路", "平阳路", "万源路", "虹莘路"),
    "新虹街道": ("申长路", "申虹路", "甬虹路", "润虹路"), "浦锦街道": ("浦锦路", "浦星公路", "芦恒路", "永德路"),
    "莘庄镇": ("莘松路", "沪闵路", "莘东路", "都市路"), "七宝镇": ("七莘路", "漕宝路", "沪松公路", "新镇路"),
    "颛桥镇": ("都市路", "颛兴路", "北松公路", "银都路"), "华漕镇": ("华翔路", "北翟路", "纪翟路", "繁兴路"),
    "虹桥镇": ("吴中路", "虹梅路", "宜山路", "虹井路"), "梅陇镇": ("莲花南路", "龙吴路", "沪闵路", "虹梅南路"),
    "吴泾镇": ("龙吴路", "剑川路", "紫秀路", "沧源路"), "马桥镇": ("北松公路", "元江路", "银都路", "景东路"),
    "浦江镇": ("浦星公路", "陈行公路", "联航路", "江月路"), "莘庄工业区": ("申富路", "春东路", "金都路", "中春路"),
}

N_UNITS = 1050
N_DISTRICT_KEY = 150
BOILER_OWNER_SHARE = 0.40

PLACE_CATEGORIES = ("school", "kindergarten", "hospital", "station", "mall", "hotel", "factory", "office", "other")
CATEGORY_SHARES = (0.15, 0.09, 0.06, 0.03, 0.08, 0.11, 0.28, 0.12, 0.08)
#: how likely a unit of the category owns registered boilers, and is a district-level key unit (relative)
OWNS_BOILERS = {"school": 0.6, "kindergarten": 0.3, "hospital": 3.0, "station": 0.6, "mall": 0.8, "hotel": 2.0,
                "factory": 1.4, "office": 0.5, "other": 0.7}
DISTRICT_KEY_WEIGHT = {"school": 0.8, "kindergarten": 0.3, "hospital": 4.0, "station": 3.0, "mall": 2.5,
                       "hotel": 2.0, "factory": 1.0, "office": 1.0, "other": 0.5}
#: public institutions (事业单位, credit code 12…) among schools, kindergartens and hospitals
PUBLIC_SHARE = {"school": 0.8, "kindergarten": 0.75, "hospital": 0.6}

NAME_WORDS = ("申莘", "闵欣", "虹瑞", "宝华", "泰和", "昌盛", "永安", "恒丰", "嘉禾", "兴业", "鼎新", "瑞丰", "康泰",
              "海纳", "浦辉", "明德", "博远", "天合", "华新", "东晟", "润达", "顺昌", "新源", "宏图", "景秀", "福临",
              "安和", "长青", "立信", "凯旋", "聚鑫", "弘毅", "益民", "信达", "万隆", "春晖", "启航", "宏远", "莘源",
              "金虹", "七星", "银都", "春申", "古美", "梅岭", "江川", "颛溪", "浦锦", "紫竹", "闵锦", "沪星", "星辉",
              "德润", "富盈", "瑞康", "晨光", "联航", "云锦", "合川", "龙吴")
NAME_PATTERNS = {
    "school": ("上海市闵行区{w}中学", "上海市闵行区{w}小学", "上海市闵行区{w}实验学校", "上海{w}{v}双语学校"),
    "kindergarten": ("上海市闵行区{w}幼儿园", "上海市闵行区{w}{v}幼儿园"),
    "hospital": ("上海市闵行区{w}医院", "上海{w}{v}医院有限公司", "上海{w}康复医院有限公司", "上海{w}{v}护理院有限公司"),
    "station": ("上海{w}{v}客运站管理有限公司", "上海{w}交通枢纽运营管理有限公司", "上海{w}{v}公交停车场有限公司"),
    "mall": ("上海{w}{v}广场有限公司", "上海{w}购物中心有限公司", "上海{w}{v}商业管理有限公司"),
    "hotel": ("上海{w}{v}酒店有限公司", "上海{w}大酒店有限公司", "上海{w}{v}宾馆有限公司", "上海{w}度假酒店有限公司"),
    "factory": ("上海{w}{v}{i}有限公司", "上海{w}{i}股份有限公司", "上海{w}{i}有限公司"),
    "office": ("上海{w}{v}大厦物业管理有限公司", "上海{w}科技园发展有限公司", "上海{w}{v}商务楼宇管理有限公司"),
    "other": ("上海{w}{v}洗涤服务有限公司", "上海{w}养老院", "上海{w}{v}体育中心有限公司", "上海{w}{v}浴室有限公司"),
}
INDUSTRIES = ("食品", "制药", "印染", "精密机械", "汽车零部件", "化工", "纺织", "包装材料", "电子", "新材料", "生物科技",
              "橡胶制品", "涂料", "饮料", "乳业", "酿造")

# --- GB 32100-2015 unified social credit code ----------------------------------------------------

CREDIT_CHARSET = CREDIT_CODE_CHARS  # 31 characters: no I, O, S, V, Z (GB 32100-2015)
#: GB 11714-1997 organisation code (positions 9–17 of the credit code): 8 characters and a check digit
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_LETTERS = "ABCDEFGHJKLMNPQRTUWXY"  # letters that are also valid in a credit code
#: registration authority + category: 91 enterprise (工商), 12 public institution (机构编制), 52 social organisation (民政)
PREFIX_COMPANY, PREFIX_PUBLIC, PREFIX_SOCIAL = "91", "12", "52"


def _org_code_check_digit(code8: str) -> str:
    """GB 11714-1997: c₉ = 11 − (Σ value·w mod 11); 10 → 'X', 11 → '0' (letters A…Z are 10…35)."""
    total = sum(int(c, 36) * w for c, w in zip(code8, ORG_WEIGHTS))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def _credit_code(rng: np.random.Generator, prefix: str) -> str:
    """A well-formed Minhang credit code: prefix, 310112, organisation code with its check digit, check digit."""
    if prefix == PREFIX_COMPANY and rng.random() < 0.55:  # registered since 2015: organisation code 'MA1…'
        body = "MA1" + "".join(rng.choice(list(CREDIT_CHARSET[:10] + ORG_LETTERS), 5))
    else:  # a legacy numeric organisation code
        lead = {PREFIX_COMPANY: ("13", "60", "63", "70", "74", "75"), PREFIX_PUBLIC: ("42", "45"),
                PREFIX_SOCIAL: ("50", "51")}[prefix]
        body = str(rng.choice(lead)) + "".join(str(d) for d in rng.integers(0, 10, 6))
    code17 = prefix + DISTRICT_CODE + body + _org_code_check_digit(body)
    return code17 + credit_code_check_digit(code17)


def office_of(town: str) -> str:
    """The town's market-supervision office: the town name without 镇/街道 + 市场监督管理所."""
    for suffix in ("街道", "镇"):
        if town.endswith(suffix):
            town = town[: -len(suffix)]
    return town + "市场监督管理所"


# --- boilers ---------------------------------------------------------------------------------------

KIND_CODES = {"steam": "11", "hot_water": "12", "organic_heat_carrier": "13"}  # TSG 设备品种 (1100/1200/1300)
STEAM_T_H = (0.5, 1.0, 2.0, 4.0, 6.0, 10.0, 15.0, 20.0)
STEAM_T_H_WEIGHTS = (0.10, 0.24, 0.25, 0.18, 0.10, 0.07, 0.03, 0.03)
HOT_WATER_MW = (0.35, 0.7, 1.4, 2.1, 2.8, 4.2, 7.0)
HOT_WATER_MW_WEIGHTS = (0.07, 0.20, 0.25, 0.15, 0.16, 0.11, 0.06)
CARRIER_MW = (0.7, 1.4, 2.8, 4.2)
#: boiler kind by place category: steam, hot water, organic heat carrier
KIND_SHARES = {"school": (0.15, 0.85, 0.0), "kindergarten": (0.05, 0.95, 0.0), "hospital": (0.5, 0.5, 0.0),
               "station": (0.05, 0.95, 0.0), "mall": (0.05, 0.95, 0.0), "hotel": (0.35, 0.65, 0.0),
               "factory": (0.72, 0.16, 0.12), "office": (0.05, 0.95, 0.0), "other": (0.45, 0.55, 0.0)}
#: fuel shares of the register: natural gas ~80 %, electric ~8 %, coal (all retired) ~5 %
FUELS = ("natural_gas", "electric", "bituminous", "diesel", "lpg", "biomass")
FUEL_SHARES = (0.80, 0.08, 0.05, 0.03, 0.02, 0.02)
#: install years by fuel (inclusive): coal before the 2013–2017 coal-boiler phase-out
INSTALL_YEARS = {"natural_gas": (2003, 2023), "electric": (2010, 2023), "bituminous": (2003, 2011),
                 "diesel": (2003, 2016), "lpg": (2005, 2017), "biomass": (2009, 2016)}
CONDENSING_SHARE = 0.35  # of gas hot-water boilers installed from 2018 on
LOW_NOX_FROM = pd.Timestamp("2018-07-01")  # DB31/387-2018: new gas boilers low-NOx from implementation
LOW_NOX_RETROFIT_SHARE = 0.92  # in-use gas boilers retrofitted in the 2018–2020 campaign
MAKERS = {
    "gas": ("上海闵浦锅炉制造有限公司", "江苏华阳锅炉有限公司", "浙江恒热锅炉股份有限公司", "河南中锅锅炉有限公司",
            "山东泰岳热能设备有限公司", "安徽皖热锅炉有限公司", "湖北华中锅炉有限公司"),
    "condensing": ("上海德能冷凝设备有限公司", "江苏华阳锅炉有限公司", "浙江恒热锅炉股份有限公司"),
    "electric": ("江苏远东电锅炉有限公司", "上海申电热能设备有限公司"),
    "biomass": ("无锡新蓝生物质锅炉有限公司", "河南中锅锅炉有限公司"),
    "coal": ("湖北华中锅炉有限公司", "河南中锅锅炉有限公司", "山东泰岳热能设备有限公司"),
    "carrier": ("上海宝热导热油炉有限公司", "江苏华阳锅炉有限公司"),
}
#: JB/T 1626-style fuel letters for the model
MODEL_FUEL = {"natural_gas": "Q", "lpg": "Q", "diesel": "Y", "biomass": "M", "bituminous": "AII"}
STATUS_IN_USE, STATUS_IDLE, STATUS_RETIRED = "在用", "停用", "报废"

# --- tests -----------------------------------------------------------------------------------------

TEST_YEARS = (2021, 2022, 2023, 2024)
TEST_PER_YEAR = 0.55  # chance that an in-use boiler is tested in a given year (at least once in total)
#: the boiler's "true" efficiency [%]: mean, spread, clip range (η₁, net basis)
EFFICIENCY = {"natural_gas": (93.9, 1.5, 88.0, 96.0), "condensing": (100.3, 1.9, 96.0, 104.0),
              "lpg": (92.0, 1.5, 88.0, 95.5), "diesel": (90.6, 1.2, 86.0, 92.0), "biomass": (82.3, 1.8, 78.0, 86.0),
              "electric": (97.4, 0.9, 95.0, 99.0)}
AGEING_PER_YEAR = 0.08  # percentage points lost per year of age beyond 8 years
#: small boilers (≤ 1 t/h, ≤ 0.7 MW) are less efficient, large ones (≥ 6 t/h, ≥ 4.2 MW) more [percentage points]
SMALL_BOILER_PENALTY, LARGE_BOILER_BONUS = 1.2, 0.4
TEST_SCATTER = 0.7  # η₁ scatter between tests of one boiler [percentage points]
METHOD_GAP = (0.4, 0.8)
TEST_LOAD = (0.7, 1.0)  # test output over rated output (GB/T 10180 tests near rated load)
FLUE_FLOOR_SCATTER = 15.0  # a flue temperature below the fuel's floor lands up to this much above it [K]  # η₁ − η₂ aimed at: mean and spread [percentage points]
#: net heating values of the test fuels (supplier/lab values): mean and spread
GAS_LHV_KJ_NM3 = {"natural_gas": (35900.0, 200.0), "lpg": (105000.0, 800.0)}
LIQUID_SOLID_LHV_KJ_KG = {"diesel": (42652.0, 150.0), "biomass": (11891.0, 250.0)}
#: q₂ per kelvin of flue-gas temperature rise: A/(21 − O₂) + B, fitted to this engine's enthalpy method
SIEGERT = {"natural_gas": (0.744, 0.0069), "lpg": (0.73, 0.0056), "diesel": (0.734, 0.0055),
           "biomass": (0.72, 0.0136)}
#: condensing gas boilers below the dew point: q₂ ≈ Q2_40C + slope·(t − 40) + O₂ shift (same fit)
CONDENSING_Q2 = (-6.1, 0.41, 0.25)
FLUE_TEMP_RANGE = {"natural_gas": (85.0, 220.0), "condensing": (38.0, 58.0), "lpg": (90.0, 220.0),
                   "diesel": (110.0, 250.0), "biomass": (120.0, 260.0)}
FLUE_O2_RANGE = {"natural_gas": (2.0, 7.0), "lpg": (2.5, 6.0), "diesel": (3.0, 6.0), "biomass": (7.0, 11.0)}
FLUE_CO_PPM = {"natural_gas": (0.0, 60.0), "lpg": (0.0, 60.0), "diesel": (10.0, 80.0), "biomass": (300.0, 1500.0)}
#: Shanghai monthly means (Jan…Dec): air [°C], absolute humidity [g/kg], barometric pressure [kPa]
MONTH_AIR_C = (4.8, 6.6, 10.5, 15.8, 21.0, 24.8, 29.0, 28.7, 24.8, 19.8, 14.2, 7.8)
MONTH_HUMIDITY_G_KG = (3.8, 4.5, 6.0, 8.5, 12.0, 16.5, 20.5, 20.0, 16.0, 11.0, 7.5, 4.5)
MONTH_BARO_KPA = (102.6, 102.4, 102.0, 101.5, 101.1, 100.7, 100.5, 100.6, 101.2, 101.8, 102.3, 102.6)
BOILER_ROOM_WARMER_C = (3.0, 10.0)
#: ash balance of grate-fired biomass: slag share, slag and fly-ash combustibles [%]
BIOMASS_SLAG_SHARE = (75.0, 90.0)
BIOMASS_SLAG_COMBUSTIBLE = (4.0, 12.0)
BIOMASS_FLYASH_COMBUSTIBLE = (8.0, 25.0)
BIOMASS_ASH_AR_PCT = 5.89  # the fuel library's biomass (used for the q₄ estimate)
Q4_CARBON_KJ_KG = 32866.0  # heat value of unburnt carbon in the q₄ estimate
REFERENCE_O2 = {"natural_gas": 3.5, "lpg": 3.5, "diesel": 3.5, "biomass": 9.0}
NOX_LIMIT_SHANGHAI = {"natural_gas": 50.0, "lpg": 50.0, "diesel": 80.0, "biomass": 150.0}  # at reference O₂
LOW_NOX_EXCEEDS = 0.05  # share of tests of low-NOx gas burners that read above the limit (drifted tuning)

# --- fuel use --------------------------------------------------------------------------------------

FIRST_MONTH, LAST_MONTH = "2021-01", "2024-12"
HOURS_PER_DAY = {"school": 8, "kindergarten": 8, "hospital": 20, "station": 16, "mall": 12, "hotel": 18,
                 "factory": 14, "office": 10, "other": 10}
SEASON_HOT_WATER = (1.0, 0.92, 0.72, 0.45, 0.3, 0.25, 0.22, 0.22, 0.28, 0.42, 0.68, 0.95)
SEASON_STEAM = (1.08, 0.8, 1.0, 1.0, 0.95, 0.92, 0.9, 0.9, 0.95, 1.0, 1.04, 1.08)  # Feb: Spring Festival
SCHOOL_HOLIDAY = {2: 0.5, 7: 0.3, 8: 0.3}
LOCKDOWN_MONTHS = ("2022-04", "2022-05")  # Shanghai 2022: most units closed, hospitals ran on
LOCKDOWN_FACTOR = 0.35
MEAN_LOAD = (0.35, 0.65)  # average load while running, per boiler
SEASONAL_EFFICIENCY = 0.97  # operating efficiency relative to the test efficiency
FUEL_USE_UNITS = {"natural_gas": ("10^4 Nm3", 1e-4), "lpg": ("t", 1e-3), "diesel": ("t", 1e-3),
                  "biomass": ("t", 1e-3), "electric": ("kWh", 1.0)}
#: heating values for fuel use per Nm³ (gas) or kg (LPG counted by mass as delivered, NCV 50.179 GJ/t)
FUEL_USE_LHV_KJ = {"natural_gas": 35900.0, "lpg": 50179.0, "diesel": 42652.0, "biomass": 11891.0, "electric": 3600.0}


def generate_demo(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The demo district: keys ``'units'``, ``'boilers'``, ``'tests'``, ``'fuel_use'`` (see the module docstring) and
    ``'unit_events'`` (the credit events of :func:`_unit_events`).

    The same seed gives identical frames.
    """
    rng = np.random.default_rng(seed)
    units = _units(rng)
    boilers = _boilers(rng, units)
    units = _mark_district_key(rng, units, boilers)
    efficiency = _base_efficiency(rng, boilers)
    tests = _tests(rng, boilers, efficiency)
    fuel_use = _fuel_use(rng, boilers, units, efficiency)
    events = _unit_events(np.random.default_rng(seed + EVENTS_SEED_OFFSET), units)
    return {"units": units, "boilers": boilers, "tests": tests, "fuel_use": fuel_use, "unit_events": events}


#: The unit events draw from a generator of their own, so that adding them changed none of the other frames.
EVENTS_SEED_OFFSET = 15
#: Per kind of event: the share of units with one in the two years to the demo's status date, and what the record
#: says; and the events' period.
EVENT_SHARES = {"complaint_verified": (0.06, "群众举报锅炉房无人值守、超压运行, 经核查属实"),
                "accident": (0.006, "锅炉房发生设备事故, 已按规定报告"),
                "inspection_refused": (0.004, "拒绝检查人员进入锅炉房检查"),
                "stop_order_ignored": (0.003, "责令停用后仍继续使用锅炉")}
EVENT_PERIOD = (date(2022, 10, 1), date(2024, 9, 30))
RESPONSIBLE_SHARE = 0.5  # accidents for which the unit bears responsibility


def _unit_events(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    """Complaints found true, accidents, refusals of inspection and 停用 decisions not carried out, dated within
    EVENT_PERIOD: the facts of the credit record no inspection holds (issue 15)."""
    days = (EVENT_PERIOD[1] - EVENT_PERIOD[0]).days
    rows = []
    for kind, (share, text) in EVENT_SHARES.items():
        chosen = np.flatnonzero(rng.random(len(units)) < share)
        for number, position in enumerate(chosen, 1):
            happened = EVENT_PERIOD[0] + timedelta(days=int(rng.integers(0, days + 1)))
            responsible = kind == "accident" and rng.random() < RESPONSIBLE_SHARE
            rows.append({"credit_code": units["credit_code"].iat[position],
                         "event_kind": label("unit_event_kind", kind),  # as a clerk writes it
                         "event_date": happened.isoformat(), "responsible": "是" if responsible else "否",
                         "reference_no": f"闵市监信〔{happened.year}〕{number:04d}号",
                         "description": text})
    return pd.DataFrame(rows, columns=["credit_code", "event_kind", "event_date", "responsible", "reference_no",
                                       "description"]).sort_values(["event_date", "credit_code"], ignore_index=True)



# --- units -----------------------------------------------------------------------------------------

def _between(rng: np.random.Generator, bounds: np.ndarray) -> np.ndarray:
    """Uniform draws between per-row bounds (columns low, high); NaN bounds give NaN."""
    return bounds[:, 0] + (bounds[:, 1] - bounds[:, 0]) * rng.random(len(bounds))


def _weights(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values / values.sum()


def _unit_name(rng: np.random.Generator, category: str, taken: set[str]) -> str:
    while True:
        words = rng.choice(NAME_WORDS, 2, replace=False)
        pattern = str(rng.choice(NAME_PATTERNS[category]))
        name = pattern.format(w=words[0], v=words[1], i=rng.choice(INDUSTRIES))
        if name not in taken:
            taken.add(name)
            return name


def _credit_prefix(rng: np.random.Generator, category: str) -> str:
    if category in PUBLIC_SHARE and rng.random() < PUBLIC_SHARE[category]:
        return PREFIX_PUBLIC
    if category in ("school", "kindergarten"):
        return PREFIX_SOCIAL  # a private school is a 民办非企业 (社会服务机构)
    return PREFIX_COMPANY


def _units(rng: np.random.Generator) -> pd.DataFrame:
    category = rng.choice(PLACE_CATEGORIES, N_UNITS, p=_weights(CATEGORY_SHARES))
    town = np.where(category == "factory", rng.choice(TOWNS, N_UNITS, p=_weights(FACTORY_TOWN_WEIGHTS)),
                    rng.choice(TOWNS, N_UNITS, p=_weights(TOWN_WEIGHTS)))
    names, codes, addresses = [], [], []
    taken_names: set[str] = set()
    taken_codes: set[str] = set()
    for cat, t in zip(category, town):
        names.append(_unit_name(rng, str(cat), taken_names))
        code = _credit_code(rng, _credit_prefix(rng, str(cat)))
        while code in taken_codes:
            code = _credit_code(rng, _credit_prefix(rng, str(cat)))
        taken_codes.add(code)
        codes.append(code)
        addresses.append(f"上海市闵行区{rng.choice(TOWN_ROADS[str(t)])}{int(rng.integers(1, 3000))}号")
    return pd.DataFrame({
        "unit_name": names, "credit_code": codes, "address": addresses, "town": town.astype(object),
        "office": [office_of(str(t)) for t in town], "key_unit": True, "district_key": False,
        "place_category": category.astype(object)})


def _mark_district_key(rng: np.random.Generator, units: pd.DataFrame, boilers: pd.DataFrame) -> pd.DataFrame:
    """Exactly N_DISTRICT_KEY district-level key units, drawn by category and weighted towards boiler owners."""
    owners = units["credit_code"].isin(boilers["credit_code"]).to_numpy()
    weight = units["place_category"].map(DISTRICT_KEY_WEIGHT).to_numpy(float) * np.where(owners, 3.0, 1.0)
    chosen = rng.choice(len(units), N_DISTRICT_KEY, replace=False, p=_weights(weight))
    units = units.copy()
    units.loc[chosen, "district_key"] = True
    units.loc[chosen, "office"] = DISTRICT_OFFICE
    return units


# --- boilers ---------------------------------------------------------------------------------------

def _random_dates(rng: np.random.Generator, first_year: np.ndarray, last_year: np.ndarray) -> pd.DatetimeIndex:
    start = pd.to_datetime(first_year.astype(str) + "-01-01").to_numpy("datetime64[D]")
    end = pd.to_datetime(last_year.astype(str) + "-12-31").to_numpy("datetime64[D]")
    span = (end - start).astype(int)
    return pd.DatetimeIndex(start + np.floor(rng.random(len(span)) * (span + 1)).astype("timedelta64[D]"))


def _boilers(rng: np.random.Generator, units: pd.DataFrame) -> pd.DataFrame:
    category = units["place_category"].to_numpy(str)
    n_owners = round(BOILER_OWNER_SHARE * len(units))
    owners = np.sort(rng.choice(len(units), n_owners, replace=False,
                                p=_weights([OWNS_BOILERS[c] for c in category])))
    big = np.isin(category[owners], ("hospital", "factory", "hotel"))
    per_owner = np.where(big, rng.choice([1, 2, 3, 4], n_owners, p=[0.68, 0.24, 0.06, 0.02]),
                         rng.choice([1, 2], n_owners, p=[0.92, 0.08]))
    owner = np.repeat(owners, per_owner)
    n = len(owner)
    cat = category[owner]

    shares = np.array([KIND_SHARES[c] for c in cat])
    kind_index = (rng.random(n)[:, None] > np.cumsum(shares, axis=1)).sum(axis=1)
    kind = np.array(list(KIND_CODES))[np.minimum(kind_index, 2)]
    fuel = rng.choice(FUELS, n, p=_weights(FUEL_SHARES))
    fuel = np.where((fuel == "biomass") & (kind != "steam"), "natural_gas", fuel)  # biomass: small steam boilers
    fuel = np.where((fuel == "bituminous") & (kind == "organic_heat_carrier"), "natural_gas", fuel)
    fuel = np.where((kind == "organic_heat_carrier") & ~np.isin(fuel, ("natural_gas", "diesel")), "natural_gas", fuel)

    steam_t_h = rng.choice(STEAM_T_H, n, p=_weights(STEAM_T_H_WEIGHTS))
    water_mw = rng.choice(HOT_WATER_MW, n, p=_weights(HOT_WATER_MW_WEIGHTS))
    small = (fuel == "electric") | (fuel == "biomass")  # electric and biomass boilers are small
    steam_t_h = np.where(small, rng.choice(STEAM_T_H[:4], n, p=_weights((0.25, 0.35, 0.3, 0.1))), steam_t_h)
    water_mw = np.where(small, rng.choice(HOT_WATER_MW[:4], n, p=_weights((0.2, 0.4, 0.3, 0.1))), water_mw)
    water_mw = np.where(kind == "organic_heat_carrier", rng.choice(CARRIER_MW, n), water_mw)
    is_steam = kind == "steam"
    cap_t_h = np.where(is_steam, steam_t_h, np.nan)
    cap_mw = np.where(is_steam, np.nan, water_mw)
    pressure = np.where(is_steam, np.select([steam_t_h <= 1, steam_t_h <= 6], [rng.choice([0.7, 1.0], n),
                                                                               rng.choice([1.0, 1.25], n)],
                                            rng.choice([1.25, 1.6], n)),
                        np.where(kind == "organic_heat_carrier", 0.8, rng.choice([0.7, 1.0, 1.25], n, p=[0.4, 0.45, 0.15])))

    first = np.array([INSTALL_YEARS[f][0] for f in fuel])
    last = np.array([INSTALL_YEARS[f][1] for f in fuel])
    # more installations in the coal-to-gas years: draw twice and keep the later year for gas
    year_a, year_b = rng.integers(first, last + 1), rng.integers(first, last + 1)
    year = np.where(fuel == "natural_gas", np.maximum(year_a, year_b), year_a)
    install = _random_dates(rng, year, year)
    registration = install + pd.to_timedelta(rng.integers(14, 60, n), unit="D")

    gas = np.isin(fuel, ("natural_gas", "lpg"))
    condensing = (fuel == "natural_gas") & (kind == "hot_water") & (install.year >= 2018) & (rng.random(n) < CONDENSING_SHARE)
    status = np.full(n, STATUS_IN_USE, dtype=object)
    old = install.year < 2008
    draw = rng.random(n)
    status[old & (draw < 0.3)] = STATUS_RETIRED
    status[old & (draw >= 0.3) & (draw < 0.4)] = STATUS_IDLE
    status[~old & (draw < 0.06)] = STATUS_IDLE
    status[fuel == "bituminous"] = STATUS_RETIRED
    retrofit = rng.random(n) < np.where(status == STATUS_IN_USE, LOW_NOX_RETROFIT_SHARE, 0.3)
    low_nox = gas & ((install >= LOW_NOX_FROM) | retrofit)
    low_nox |= (fuel == "diesel") & (rng.random(n) < 0.4)

    combustion = np.select([fuel == "electric", np.isin(fuel, ("biomass", "bituminous"))], ["", "grate"], "chamber")
    maker_group = np.select([fuel == "electric", condensing, fuel == "biomass", fuel == "bituminous",
                             kind == "organic_heat_carrier"], ["electric", "condensing", "biomass", "coal", "carrier"], "gas")
    maker = np.array([rng.choice(MAKERS[g]) for g in maker_group], dtype=object)
    made = np.where(rng.random(n) < 0.3, install.year - 1, install.year)
    frame = pd.DataFrame({
        "credit_code": units["credit_code"].to_numpy()[owner], "boiler_kind": kind, "fuel_kind": fuel,
        "combustion": combustion, "condensing": condensing, "rated_capacity_t_h": cap_t_h,
        "rated_capacity_mw": cap_mw, "rated_pressure_mpa_g": pressure, "manufacturer": maker,
        "model": [_model(k, f, t, m, p, c) for k, f, t, m, p, c in zip(kind, fuel, cap_t_h, cap_mw, pressure, condensing)],
        "made_year": made, "install_date": install, "registration_date": registration, "status": status,
        "low_nox": low_nox})
    frame["product_no"] = [f"{y}-{int(rng.integers(1, 9999)):04d}" for y in made]
    # device code: variety (1100/1200/1300) + district + year of manufacture + serial; registration number in
    # the order of registration
    frame["device_code"] = (frame["boiler_kind"].map(KIND_CODES) + "00" + DISTRICT_CODE + frame["made_year"].astype(str)
                            + (frame.groupby(["boiler_kind", "made_year"]).cumcount() + 1).map("{:04d}".format))
    order = frame["registration_date"].rank(method="first").astype(int)
    frame["registration_no"] = ("锅" + frame["boiler_kind"].map(KIND_CODES) + "沪M" + order.map("{:05d}".format)
                                + "(" + (frame["registration_date"].dt.year % 100).map("{:02d}".format) + ")")
    columns = ["device_code", "registration_no", "credit_code", "boiler_kind", "fuel_kind", "combustion", "condensing",
               "rated_capacity_t_h", "rated_capacity_mw", "rated_pressure_mpa_g", "manufacturer", "model", "product_no",
               "install_date", "registration_date", "status", "low_nox"]
    return frame[columns]


def _model(kind: str, fuel: str, t_h: float, mw: float, pressure: float, condensing: bool) -> str:
    """A JB/T 1626-style model: WNS4-1.25-Q, WNS2.8-1.0/95/70-Q, DZL2-1.25-M, WDR1-0.7, YQW-1400Q."""
    if kind == "organic_heat_carrier":
        return f"YQW-{int(mw * 1000)}{MODEL_FUEL[fuel]}"
    size = f"{t_h:g}" if kind == "steam" else f"{mw:g}"
    if fuel == "electric":
        return f"WDR{size}-{_mpa(pressure)}" if kind == "steam" else f"CLDR{size}-{_mpa(pressure)}/85/60"
    frame = "DZL" if fuel in ("biomass", "bituminous") else "WNS"
    temps = "" if kind == "steam" else ("/80/60" if condensing else "/95/70")
    return f"{frame}{size}-{_mpa(pressure)}{temps}-{MODEL_FUEL[fuel]}{'N' if condensing else ''}"


def _mpa(pressure: float) -> str:
    """Pressure as a model writes it: 0.7, 1.0, 1.25."""
    return f"{pressure:.2f}".rstrip("0").rstrip(".") if pressure % 1 else f"{pressure:.1f}"


# --- tests -----------------------------------------------------------------------------------------

def _base_efficiency(rng: np.random.Generator, boilers: pd.DataFrame) -> np.ndarray:
    """The boiler's true η₁ [%] by fuel (condensing separately), lower with age."""
    fuel = boilers["fuel_kind"].to_numpy(str)
    group = np.where(boilers["condensing"].to_numpy(bool), "condensing", fuel)
    age = 2022 - boilers["install_date"].dt.year.to_numpy()
    t_h, mw = boilers["rated_capacity_t_h"].to_numpy(), boilers["rated_capacity_mw"].to_numpy()
    size = np.where((t_h <= 1.0) | (mw <= 0.7), -SMALL_BOILER_PENALTY, np.where((t_h >= 6) | (mw >= 4.2),
                                                                             LARGE_BOILER_BONUS, 0.0))
    size = np.where(group == "electric", 0.0, size)
    eta = np.full(len(boilers), np.nan)
    for key, (mean, spread, low, high) in EFFICIENCY.items():
        rows = group == key
        eta[rows] = np.clip(rng.normal(mean, spread, rows.sum()) + size[rows] - AGEING_PER_YEAR * np.maximum(age[rows] - 8, 0),
                            low, high)
    return eta


def _test_schedule(rng: np.random.Generator, in_use: pd.DataFrame) -> pd.DataFrame:
    """Which in-use boiler is tested when: about one test per boiler every year or two, after installation."""
    rows = []
    for index, install in zip(in_use.index, in_use["install_date"]):
        earliest = install + pd.Timedelta(days=30)
        years = [y for y in TEST_YEARS if pd.Timestamp(f"{y}-12-20") > earliest]
        picked = [y for y in years if rng.random() < TEST_PER_YEAR] or [years[int(rng.integers(len(years)))]]
        for year in picked:
            start = max(pd.Timestamp(f"{year}-01-04"), earliest)
            day = start + pd.Timedelta(days=int(rng.integers(0, (pd.Timestamp(f"{year}-12-20") - start).days + 1)))
            if day.day_of_week >= 5:  # tests are done on working days: the Friday before, else the Monday after
                friday = day - pd.Timedelta(days=day.day_of_week - 4)
                day = friday if friday >= start else day + pd.Timedelta(days=7 - day.day_of_week)
            rows.append((index, day))
    schedule = pd.DataFrame(rows, columns=["boiler", "test_date"]).sort_values(["test_date", "boiler"], kind="stable")
    return schedule.reset_index(drop=True)


def _tests(rng: np.random.Generator, boilers: pd.DataFrame, base: np.ndarray) -> pd.DataFrame:
    """Test records of the in-use boilers; ``base`` is each boiler's true η₁ [%]."""
    in_use = boilers[boilers["status"] == STATUS_IN_USE]
    schedule = _test_schedule(rng, in_use)
    b = boilers.loc[schedule["boiler"]].reset_index(drop=True)
    base = base[schedule["boiler"].to_numpy()]
    n = len(b)
    fuel = b["fuel_kind"].to_numpy(str)
    kind = b["boiler_kind"].to_numpy(str)
    condensing = b["condensing"].to_numpy(bool)
    month = schedule["test_date"].dt.month.to_numpy() - 1
    is_steam, is_water, is_carrier = kind == "steam", kind == "hot_water", kind == "organic_heat_carrier"
    electric, gas = fuel == "electric", np.isin(fuel, ("natural_gas", "lpg"))
    nan = np.full(n, np.nan)

    group = np.where(condensing, "condensing", fuel)
    limits = np.array([EFFICIENCY[g][2:] for g in group])
    eta1 = np.clip(base + rng.normal(0, TEST_SCATTER, n), limits[:, 0], limits[:, 1])

    # conditions of the day
    air = np.round(np.take(MONTH_AIR_C, month) + rng.uniform(*BOILER_ROOM_WARMER_C, n), 1)
    humidity = np.round(np.take(MONTH_HUMIDITY_G_KG, month) * rng.uniform(0.85, 1.15, n), 1)
    baro = np.round(np.take(MONTH_BARO_KPA, month) + rng.normal(0, 0.3, n), 1)
    load = rng.uniform(*TEST_LOAD, n)
    o2_range = np.array([FLUE_O2_RANGE.get(f, (np.nan, np.nan)) for f in fuel])
    o2 = np.round(_between(rng, o2_range), 1)

    # flue side first (a condensing boiler's return water must be colder than its exhaust)
    eta2_target = eta1 - rng.normal(*METHOD_GAP, n)
    rated_q5 = np.where(is_steam, rated_surface_loss(np.nan_to_num(b["rated_capacity_t_h"].to_numpy(), nan=1.0), "t/h"),
                        rated_surface_loss(np.nan_to_num(b["rated_capacity_mw"].to_numpy(), nan=0.7), "MW"))
    q5 = rated_q5 / load
    co_range = np.array([FLUE_CO_PPM.get(f, (np.nan, np.nan)) for f in fuel])
    co = np.round(_between(rng, co_range))
    alpha = 21.0 / (21.0 - o2)
    q3 = 3.2 * alpha * co / 1e4
    biomass = fuel == "biomass"
    slag_share = np.where(biomass, np.round(rng.uniform(*BIOMASS_SLAG_SHARE, n), 1), nan)
    slag_c = np.where(biomass, np.round(rng.uniform(*BIOMASS_SLAG_COMBUSTIBLE, n), 1), nan)
    fly_c = np.where(biomass, np.round(rng.uniform(*BIOMASS_FLYASH_COMBUSTIBLE, n), 1), nan)
    lhv_solid = np.array([LIQUID_SOLID_LHV_KJ_KG.get(f, (np.nan, 0.0)) for f in fuel])
    lhv_kg = np.round(rng.normal(lhv_solid[:, 0], lhv_solid[:, 1]))
    q4 = np.where(biomass, Q4_CARBON_KJ_KG * BIOMASS_ASH_AR_PCT / 100.0 * (
        slag_share / 100.0 * slag_c / (100.0 - slag_c) + (100.0 - slag_share) / 100.0 * fly_c / (100.0 - fly_c))
        / lhv_kg * 100.0, 0.0)
    q2_needed = 100.0 - eta2_target - q3 - q4 - q5 - np.where(biomass, 0.25, 0.0)  # q₆ of biomass ≈ 0.25 %
    siegert = np.array([SIEGERT.get(f, (np.nan, np.nan)) for f in fuel])
    flue = air + q2_needed / (siegert[:, 0] / (21.0 - o2) + siegert[:, 1])
    q2_40c, slope, o2_shift = CONDENSING_Q2
    flue = np.where(condensing, 40.0 + (q2_needed - q2_40c - o2_shift * (o2 - 4.0)) / slope, flue)
    flue_range = np.array([FLUE_TEMP_RANGE.get(g, (np.nan, np.nan)) for g in group])
    floor = flue_range[:, 0] + np.where(condensing, 0.0, FLUE_FLOOR_SCATTER * rng.random(n))
    flue = np.round(np.clip(flue, floor, flue_range[:, 1]), 1)

    # useful heat
    p_abs = lambda gauge: gauge + baro / 1000.0  # noqa: E731
    rated_pressure = b["rated_pressure_mpa_g"].to_numpy(float)
    steam_p = np.where(is_steam, np.round(rated_pressure * rng.uniform(0.55, 0.85, n), 2), nan)
    steam_flow = np.where(is_steam, np.round(b["rated_capacity_t_h"].to_numpy() * 1000.0 * load, -1), nan)
    deaerated = is_steam & (b["rated_capacity_t_h"].to_numpy() >= 4) & (rng.random(n) < 0.5)
    feedwater = np.where(is_steam, np.round(np.where(deaerated, rng.uniform(102.0, 104.0, n),
                                                     rng.uniform(20.0, 75.0, n)), 1), nan)
    wet = is_steam & (rng.random(n) < 0.5)
    steam_humidity = np.where(wet, np.round(rng.uniform(0.5, 3.0, n), 1), nan)
    heat = np.full(n, np.nan)
    if is_steam.any():
        p = p_abs(steam_p)[is_steam]
        h_dry, h_liquid = steam.saturated_steam_enthalpy(p), steam.saturated_water_enthalpy(p)
        h_delivered = h_dry - np.nan_to_num(steam_humidity[is_steam]) / 100.0 * (h_dry - h_liquid)
        h_feed = steam.water_enthalpy(p, feedwater[is_steam])
        heat[is_steam] = steam_flow[is_steam] * (h_delivered - h_feed) / 3600.0

    water_p = np.where(is_water, np.round(rated_pressure * rng.uniform(0.4, 0.7, n), 2), nan)
    delta_t = np.where(is_carrier, rng.uniform(15.0, 30.0, n), rng.uniform(15.0, 25.0, n))
    return_t = np.select([condensing, is_carrier], [np.maximum(flue - rng.uniform(4.0, 10.0, n), 25.0),
                                                    rng.uniform(220.0, 270.0, n)], rng.uniform(50.0, 70.0, n))
    return_t = np.where(is_steam, nan, np.round(return_t, 1))
    supply_t = np.where(is_steam, nan, np.round(return_t + delta_t, 1))
    cp = np.where(is_carrier, np.round(rng.uniform(2.4, 2.7, n), 2), nan)
    heat_target = np.nan_to_num(b["rated_capacity_mw"].to_numpy()) * 1000.0 * load
    water_flow = np.full(n, np.nan)
    if is_water.any():
        p = p_abs(water_p)[is_water]
        dh = steam.water_enthalpy(p, supply_t[is_water]) - steam.water_enthalpy(p, return_t[is_water])
        water_flow[is_water] = np.round(heat_target[is_water] * 3600.0 / dh, -1)
        heat[is_water] = water_flow[is_water] * dh / 3600.0
    if is_carrier.any():
        dh = cp[is_carrier] * (supply_t[is_carrier] - return_t[is_carrier])
        water_flow[is_carrier] = np.round(heat_target[is_carrier] * 3600.0 / dh, -1)
        heat[is_carrier] = water_flow[is_carrier] * dh / 3600.0

    # fuel input from η₁
    gas_lhv = np.array([GAS_LHV_KJ_NM3.get(f, (np.nan, 0.0)) for f in fuel])
    lhv_nm3 = np.round(rng.normal(gas_lhv[:, 0], gas_lhv[:, 1]))
    fuel_input_kj_h = heat * 3600.0 / (eta1 / 100.0)
    rate_nm3 = np.where(gas, np.round(fuel_input_kj_h / lhv_nm3, 1), nan)
    rate_kg = np.where(~gas & ~electric, np.round(fuel_input_kj_h / lhv_kg, 1), nan)
    power = np.where(electric, np.round(heat / (eta1 / 100.0), 1), nan)

    # emissions, read at the analyser's O₂ and converted back from a value at the reference O₂
    combustible = ~electric
    emission_o2 = np.where(combustible, np.round(o2 + rng.uniform(0.0, 0.5, n), 1), nan)
    reference_o2 = np.array([REFERENCE_O2.get(f, np.nan) for f in fuel])
    limit = np.array([NOX_LIMIT_SHANGHAI.get(f, np.nan) for f in fuel])
    low_nox = b["low_nox"].to_numpy(bool)
    nox_ref = np.select(
        [gas & low_nox & (rng.random(n) < LOW_NOX_EXCEEDS), gas & low_nox, gas],
        [rng.uniform(1.02, 1.5, n) * limit, rng.uniform(0.4, 0.96, n) * limit, rng.uniform(1.4, 2.8, n) * limit],
        np.where(fuel == "diesel", rng.uniform(0.55, 1.2, n), rng.uniform(0.45, 1.12, n)) * limit)
    to_measured = (21.0 - emission_o2) / (21.0 - reference_o2)
    nox = np.round(nox_ref * to_measured, 1)
    so2 = np.round(np.select([gas, fuel == "diesel"], [rng.uniform(0.0, 5.0, n), rng.uniform(1.0, 10.0, n)],
                             rng.uniform(5.0, 40.0, n)) * to_measured, 1)
    pm = np.round(np.select([gas, fuel == "diesel"], [rng.uniform(0.5, 4.0, n), rng.uniform(2.0, 10.0, n)],
                            rng.uniform(5.0, 25.0, n)) * to_measured, 1)

    year = schedule["test_date"].dt.year.to_numpy()
    serial = pd.Series(year).groupby(year).cumcount().to_numpy() + 1
    values = {
        "test_id": [f"T{y}-{s:05d}" for y, s in zip(year, serial)],
        "boiler_id": b["device_code"].to_numpy(), "test_date": schedule["test_date"].to_numpy(),
        "boiler_kind": kind.astype(object), "fuel_kind": fuel.astype(object),
        "combustion": b["combustion"].to_numpy(), "condensing": condensing,
        "rated_capacity_t_h": b["rated_capacity_t_h"].to_numpy(), "rated_capacity_mw": b["rated_capacity_mw"].to_numpy(),
        "barometric_kpa": baro,
        "lhv_ar_kj_kg": np.where(~gas & ~electric, lhv_kg, nan), "lhv_kj_nm3": np.where(gas, lhv_nm3, nan),
        "fuel_rate_kg_h": rate_kg, "fuel_rate_nm3_h": rate_nm3, "electric_power_kw": power,
        "steam_flow_kg_h": steam_flow, "steam_pressure_mpa_g": steam_p, "steam_humidity_pct": steam_humidity,
        "feedwater_temp_c": feedwater, "water_flow_kg_h": water_flow, "supply_temp_c": supply_t,
        "return_temp_c": return_t, "water_pressure_mpa_g": water_p, "carrier_cp_kj_kg_k": cp,
        "flue_temp_c": np.where(combustible, flue, nan), "air_temp_c": air,
        "air_humidity_g_kg": np.where(combustible, humidity, nan), "flue_o2_pct": np.where(combustible, o2, nan),
        "flue_co_ppm": np.where(combustible, co, nan),
        "slag_combustible_pct": slag_c, "flyash_combustible_pct": fly_c, "slag_share_pct": slag_share,
        "flyash_share_pct": np.where(biomass, 100.0 - slag_share, nan),
        "nox_mg_m3": np.where(combustible, nox, nan), "so2_mg_m3": np.where(combustible, so2, nan),
        "pm_mg_m3": np.where(combustible, pm, nan), "emission_o2_pct": emission_o2,
        "install_date": b["install_date"].to_numpy(), "jurisdiction": "shanghai",
    }
    tests = pd.DataFrame({c.name: values.get(c.name, nan) for c in COLUMNS if c.name != "key_region"})
    tests["combustion"] = tests["combustion"].replace("", None)  # electric boilers: blank
    return tests


# --- fuel use ----------------------------------------------------------------------------------------

def _fuel_use(rng: np.random.Generator, boilers: pd.DataFrame, units: pd.DataFrame,
              base: np.ndarray) -> pd.DataFrame:
    """Monthly use of each in-use boiler from the month after installation (at the earliest 2021-01)."""
    in_use_rows = (boilers["status"] == STATUS_IN_USE).to_numpy()
    months = pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M")
    in_use = boilers[boilers["status"] == STATUS_IN_USE].reset_index(drop=True)
    category = in_use["credit_code"].map(units.set_index("credit_code")["place_category"]).to_numpy(str)
    fuel = in_use["fuel_kind"].to_numpy(str)
    kind = in_use["boiler_kind"].to_numpy(str)
    rated_kw = np.where(kind == "steam", in_use["rated_capacity_t_h"].to_numpy() * 700.0,
                        in_use["rated_capacity_mw"].to_numpy() * 1000.0)
    eta = base[in_use_rows] / 100.0 * SEASONAL_EFFICIENCY
    mean_load = rng.uniform(*MEAN_LOAD, len(in_use))
    first = (in_use["install_date"].dt.to_period("M") + 1).clip(lower=months[0])

    grid = pd.DataFrame({"boiler": np.repeat(np.arange(len(in_use)), len(months)),
                         "period": np.tile(months, len(in_use))})
    grid = grid[grid["period"].to_numpy() >= first.to_numpy()[grid["boiler"]]].reset_index(drop=True)
    i = grid["boiler"].to_numpy()
    month_no = grid["period"].dt.month.to_numpy()
    month_text = grid["period"].astype(str).to_numpy()
    season = np.where(kind[i] == "steam", np.take(SEASON_STEAM, month_no - 1), np.take(SEASON_HOT_WATER, month_no - 1))
    season = season * np.where(category[i] == "school", pd.Series(month_no).map(SCHOOL_HOLIDAY).fillna(1.0).to_numpy(), 1.0)
    lockdown = np.isin(month_text, LOCKDOWN_MONTHS) & (category[i] != "hospital")
    season = season * np.where(lockdown, LOCKDOWN_FACTOR, 1.0)
    hours = grid["period"].dt.days_in_month.to_numpy() * np.array([HOURS_PER_DAY[c] for c in category])[i]
    heat_kwh = rated_kw[i] * mean_load[i] * hours * season * rng.normal(1.0, 0.08, len(grid)).clip(0.7, 1.3)
    lhv = np.array([FUEL_USE_LHV_KJ[f] for f in fuel])[i]
    factor = np.array([FUEL_USE_UNITS[f][1] for f in fuel])[i]
    quantity = heat_kwh * 3600.0 / eta[i] / lhv * factor
    decimals = np.where(fuel[i] == "electric", 0, np.where(fuel[i] == "natural_gas", 4, 3))
    return pd.DataFrame({
        "boiler_id": in_use["device_code"].to_numpy()[i], "month": month_text.astype(object),
        "fuel_kind": fuel[i].astype(object), "quantity": [round(q, d) for q, d in zip(quantity, decimals)],
        "unit": np.array([FUEL_USE_UNITS[f][0] for f in fuel], dtype=object)[i]})
