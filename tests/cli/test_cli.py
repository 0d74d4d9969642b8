"""`python -m boilerlab evaluate` end to end: the validation cases from CSV files, encodings, XLSX, exit codes."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from boilerlab.cli import main
from boilerlab.intake.files import read_table

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]
KBTU_H_IN_KW = 1.05505585262e3 / 3600.0


def cli(*args):
    return main([str(a) for a in args])


def test_validation_cases_end_to_end_from_csv(tmp_path):
    out = tmp_path / "out.csv"
    assert cli("evaluate", DATA / "validation_gbt10180.csv", "-o", out) == 0
    result = read_table(out).set_index("test_id")
    number = lambda case, column: float(result.loc[case, column])  # noqa: E731

    # IF97 Table 5 points 1 and 3 [T] (3 MPa; 300 K and 500 K): Q1 = 3600 kg/h × (975.542239 − 115.331273) kJ/kg
    # / 3600 = 860.210966 kW. Region-1 forward equation via CoolProp IF97 at rel 1e-8 (§1.6); the CSV round trip
    # writes full float precision.
    assert number("if97-region1", "heat_output_kw") == pytest.approx(975.542239 - 115.331273, rel=1e-8)
    # η₁ = 860.210966·3600/(100 Nm³/h · 36000 kJ/Nm³)·100
    assert number("if97-region1", "eta_direct_pct") == pytest.approx(86.0210966, rel=1e-8)

    # BEE direct, IF97 variant (§2.2) [C]: 80.39 % on the GCV (gross) basis, ±0.01 point (2-decimal value)
    assert number("bee-direct-if97", "eta_direct_gross_pct") == pytest.approx(80.39, abs=0.01)
    # Q1 = 8000·(664.01 − 85.21) kcal/h = 8000·578.80·4.1868/3600 kW; ±0.01 kcal/kg of rounding on the enthalpies
    assert number("bee-direct-if97", "heat_output_kw") == pytest.approx(8000 * 578.80 * 4.1868 / 3600, abs=0.2)

    # DOE SSMT variant A (§4) [C]: boiler energy 17213.1 kBtu/h (±0.2 from input rounding), and with the fuel
    # rate chosen for a 21224.6 kBtu/h fuel energy the direct efficiency is the printed 81.1 % combustion efficiency
    assert number("ssmt-variant-a", "heat_output_kw") / KBTU_H_IN_KW == pytest.approx(17213.1, abs=0.2)
    assert number("ssmt-variant-a", "eta_direct_pct") == pytest.approx(81.1, abs=0.001)
    assert (result["error"].fillna("") == "").all()


def test_bee_oil_case_end_to_end(tmp_path):
    # validation-cases §3.3 [C]: each loss to 1e-3 points; η 84.24 printed to 2 decimals (84.236 unrounded) → 0.005
    out = tmp_path / "bee.csv"
    assert cli("evaluate", DATA / "validation_bee.csv", "-o", out, "--method", "bee") == 0
    row = read_table(out).iloc[0]
    expected = {"bee_theoretical_air": (13.92, 5e-3), "bee_excess_air": (54.41, 5e-3), "bee_actual_air": (21.494, 5e-4),
                "bee_dry_flue_gas": (21.408, 5e-4), "bee_l1": (7.878, 1e-3), "bee_l2": (7.085, 1e-3),
                "bee_l3": (0.0328, 1e-4), "bee_l4": (0.387, 1e-3), "bee_l6": (0.381, 1e-3),
                "bee_efficiency": (84.24, 5e-3)}
    for column, (value, tolerance) in expected.items():
        assert float(row[column]) == pytest.approx(value, abs=tolerance), column
    # flux 1304.5 W/m² with T = t + 273; boilerlab uses 273.15, which adds ≈ 0.6 W/m² (§3.3 note)
    assert float(row["bee_surface_flux"]) == pytest.approx(1304.5 + 0.6, abs=0.1)


def chinese_table():
    return pd.DataFrame({
        "测试编号": ["t1", "t2"], "锅炉类别": ["热水锅炉", "热水锅炉"], "燃料种类": ["天然气", "天然气"],
        "燃烧方式": ["室燃", "室燃"], "额定热功率(MW)": [2.8, 2.8], "燃气消耗量(Nm3/h)": [280, 280],
        "循环水流量(t/h)": [86, 86], "出水温度(°C)": [85, 85], "回水温度(°C)": [60, 60], "排烟温度": [130, 150],
        "冷空气温度": [15, 15], "排烟氧含量": [4.0, 4.0]})


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings_give_the_same_result(tmp_path, encoding):
    source = tmp_path / f"in-{encoding}.csv"
    chinese_table().to_csv(source, index=False, encoding=encoding)
    out = tmp_path / "out.csv"
    assert cli("evaluate", source, "-o", out) == 0
    result = read_table(out)
    assert list(result["test_id"]) == ["t1", "t2"]
    assert (result["water_flow_kg_h"].astype(float) == 86000).all()   # t/h header converted
    eta = result["eta_indirect_pct"].astype(float)
    assert eta.notna().all() and eta[1] < eta[0]                       # hotter flue gas, lower η₂


def test_xlsx_in_and_out(tmp_path):
    source = tmp_path / "in.xlsx"
    chinese_table().to_excel(source, index=False)
    out = tmp_path / "out.xlsx"
    assert cli("evaluate", source, "-o", out) == 0
    result = pd.read_excel(out, engine="openpyxl")  # read back with another library than the writer
    csv_out = tmp_path / "out.csv"
    chinese_table().to_csv(tmp_path / "in.csv", index=False)
    cli("evaluate", tmp_path / "in.csv", "-o", csv_out)
    np.testing.assert_allclose(result["eta_direct_pct"], read_table(csv_out)["eta_direct_pct"].astype(float),
                               rtol=1e-12)


def test_a_bad_row_does_not_stop_the_file(tmp_path, capsys):
    table = chinese_table()
    table["排烟氧含量"] = ["4.0", "二十"]
    source = tmp_path / "in.csv"
    table.to_csv(source, index=False)
    assert cli("evaluate", source, "-o", tmp_path / "out.csv") == 0
    result = read_table(tmp_path / "out.csv")
    assert pd.isna(result.loc[0, "error"]) and "排烟氧含量 的值 '二十' 不是数值, 有效范围 [0, 21) %" in result.loc[1, "error"]
    assert "1 with errors" in capsys.readouterr().out


@pytest.mark.parametrize("name, content, message", [
    ("broken.xlsx", b"not a zip file at all", "不是有效的 xlsx 文件"),
    ("data.json", b"{}", "不支持的文件类型 '.json', 请用 .csv 或 .xlsx"),
    ("empty.csv", b"", "文件为空"),
    ("nothing.csv", "名称,数量\n甲,1\n".encode("utf-8"), "表中没有可识别的测试记录列 (表头: 名称, 数量)"),
    ("latin.csv", "test_id,boiler_kind\n\xe9\xff\n".encode("latin-1") + bytes([0x81, 0x20]), "无法按 UTF-8 或 GBK 解码"),
])
def test_refused_files_exit_2_with_a_clear_message(tmp_path, capsys, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    assert cli("evaluate", source, "-o", tmp_path / "out.csv") == 2
    assert message in capsys.readouterr().err


def test_missing_file_and_bad_output_extension_exit_2(tmp_path, capsys):
    assert cli("evaluate", tmp_path / "absent.csv", "-o", tmp_path / "out.csv") == 2
    assert "无法读取文件" in capsys.readouterr().err
    assert cli("evaluate", DATA / "validation_gbt10180.csv", "-o", tmp_path / "out.txt") == 2
    assert "输出文件须为 .csv 或 .xlsx" in capsys.readouterr().err


def test_module_entry_point_runs(tmp_path):
    # the documented command, in a real subprocess
    out = tmp_path / "out.csv"
    done = subprocess.run([sys.executable, "-m", "boilerlab", "evaluate", str(DATA / "validation_gbt10180.csv"),
                           "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "evaluated 3 rows, 0 with errors" in done.stdout
    assert out.exists()


def test_results_never_carry_live_formulas(tmp_path):
    table = chinese_table()
    table["测试编号"] = ["=1+2", "@SUM(A1)"]
    source = tmp_path / "in.csv"
    table.to_csv(source, index=False)
    for name in ("out.xlsx", "out.csv"):
        assert cli("evaluate", source, "-o", tmp_path / name) == 0
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index("test_id") + 1)
    assert cell.value == "'=1+2" and cell.data_type != "f"
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[2].startswith("'@SUM(A1)")


def test_evaluate_says_where_it_found_the_header(tmp_path, capsys):
    source = tmp_path / "titled.csv"
    rows = pd.read_csv(DATA / "validation_gbt10180.csv")
    source.write_text("闵行区锅炉能效测试记录表\n" + rows.to_csv(index=False), encoding="utf-8")
    assert cli("evaluate", source, "-o", tmp_path / "out.csv") == 0
    assert "表头在第 2 行" in capsys.readouterr().err
    assert pd.read_csv(tmp_path / "out.csv")["test_id"].tolist() == rows["test_id"].tolist()
