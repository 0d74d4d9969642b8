"""Physical constants and conventions used throughout boilerlab.

Internal units (as the Chinese standards write them): heat in kJ, fuel quantities per kg or per
normal m³ (Nm³, 0 °C and 101.325 kPa), temperatures in °C, steam pressures in MPa absolute, shares
and losses in %. Conversions to SI happen only at the CoolProp boundary (``boilerlab.physics.steam``).
"""

#: Zero of the Celsius scale. [K]
T0_K = 273.15

#: Standard atmosphere, the default barometric pressure. [kPa]
STANDARD_ATMOSPHERE_KPA = 101.325

#: Molar volume of an ideal gas at 0 °C and 101.325 kPa: R·T/p = 8.314462618 × 273.15 / 101.325. [Nm³/kmol]
MOLAR_VOLUME_NM3_KMOL = 22.414

#: International-table kilocalorie. [kJ/kcal]
KJ_PER_KCAL = 4.1868

#: O₂ share of dry air used by the standards' stoichiometry (N₂ "atmospheric nitrogen" includes argon). [%]
AIR_O2_PCT = 21.0

#: Density of dry air at 0 °C and 101.325 kPa (GB/T 10184-style constant in V_H₂O). [kg/Nm³]
AIR_DENSITY_KG_NM3 = 1.293

#: Normal volume of one kg of water vapour as the standards round it (22.4/18 = 1.244 → 1.24, the
#: coefficient of V_H₂O in GB/T 10184-2015 and GB/T 10180 practice). [Nm³/kg]
WATER_VAPOUR_NM3_PER_KG = 1.24

#: Default humidity of the combustion air when none is measured (GB/T 10184 practice d_k = 10 g/kg). [g/kg]
DEFAULT_AIR_HUMIDITY_G_KG = 10.0
