"""The one vocabulary: every column and every code has a Chinese label, a unit and decimals; nothing else spells one."""

import ast
import logging
import re
from pathlib import Path

import pandas as pd
import pytest

from boilerlab import evaluate
from boilerlab.base import vocabulary as v
from boilerlab.base.reference import load_reference
from boilerlab.engine.pipeline import RESULT_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Code lists whose labels are symbols or units, the same in Chinese text.
SYMBOL_LISTS = {"fuel_use_unit", "fuel_basis_unit", "pollutant", "pollutant_short"}  # chemical symbols and units
ALL_COLUMNS = (*v.COLUMNS, *v.RESULTS, *v.FRAME_COLUMNS, *(c for cs in v.CONTEXTS.values() for c in cs))


@pytest.mark.parametrize("column", ALL_COLUMNS, ids=lambda c: c.name)
def test_every_column_has_a_chinese_name_a_declared_unit_and_decimals(column):
    assert CJK.search(column.name_cn), f"{column.name}: {column.name_cn!r} is not Chinese"
    assert isinstance(column.unit, str)
    if column.kind == "float":
        assert isinstance(column.decimals, int) and 0 <= column.decimals <= 4, column.name
    else:
        assert column.decimals is None, column.name


@pytest.mark.parametrize("column", (*v.COLUMNS, *v.RESULTS), ids=lambda c: c.name)
def test_every_input_and_result_column_says_what_it_means(column):
    assert CJK.search(column.meaning), f"{column.name} has no meaning"


def test_the_result_columns_are_exactly_the_engines():
    assert [c.name for c in v.RESULTS] == list(RESULT_COLUMNS)


@pytest.mark.parametrize("field", [f for fields in v.FIELDS.values() for f in fields] + list(v.APPLICATION_FIELDS),
                         ids=lambda f: f.name)
def test_every_import_and_application_field_has_a_chinese_name(field):
    assert CJK.search(field.name_cn) and "(" not in field.name_cn  # the unit is its own attribute


def test_every_column_of_every_reference_table_has_its_own_chinese_name():
    """The 参数库 shows the reference files under Chinese column names (issue 13's rule: nothing a person reads in
    English): every column of every shipped table has one in the "reference" context, and no two columns of one table
    share it (a download's headers must tell them apart)."""
    from tests.language import foreign_text

    for name, table in load_reference().tables.items():
        headers = [v.heading(column, "reference") for column in table.columns]
        unnamed = [column for column, header in zip(table.columns, headers) if header == column]
        assert not unnamed, f"{name}: {unnamed}"
        assert not foreign_text(" ".join(headers)), (name, foreign_text(" ".join(headers)))
        assert len(set(headers)) == len(headers), (name, headers)
    # names a general column has elsewhere, said as the reference table means them
    assert [v.heading(c, "reference") for c in ("jurisdiction", "factor", "value")] == ["适用地区", "监测因子编码", "取值"]


@pytest.mark.parametrize("name", sorted(v.CODE_LISTS))
def test_every_code_has_a_label(name):
    codes = v.CODE_LISTS[name]
    assert len({c.code for c in codes}) == len(codes), f"{name}: a code appears twice"
    for code in codes:
        assert code.label and (CJK.search(code.label) or name in SYMBOL_LISTS), f"{name}.{code.code}: {code.label!r}"


def test_every_coded_column_names_a_known_code_list():
    assert set(v.COLUMN_CODES.values()) <= set(v.CODE_LISTS)
    assert {lst for ctx in v.CONTEXT_CODES.values() for lst in ctx.values()} - {None} <= set(v.CODE_LISTS)


def test_a_stored_test_in_an_audit_row_reads_without_its_whole_inputs_and_results():
    # as an import audits a test record: the inputs and results (whole records, once stored as their Python text)
    # are named, not printed; a database id says it is one; a change reads old → new
    detail = {"values": {"test_id": "T1", "boiler_id": 116, "inputs": "{'fuel_kind': 'natural_gas'}",
                         "results": {"eta_indirect_pct": 90.1}, "test_date": "2024-03-05"}}
    text = v.audit_detail_text(detail)
    assert text == ("记录内容: 测试编号 T1, 锅炉 (数据库编号) 116, 测试输入数据 (完整内容见该测试记录; 审计记录中原样保存), "
                    "计算结果 (完整内容见该测试记录; 审计记录中原样保存), 测试日期 2024-03-05")
    assert v.audit_detail_text({"changes": {"fuel_kind": ["natural_gas", "diesel"]}}) == "修改内容: 燃料种类 天然气 → 柴油"
    # a new test's audit row keeps the digests of its inputs and results (boilerlab.db.imports)
    digest = {"values": {"test_id": "T1", "inputs": {"sha256": "ab" * 32}}}
    assert v.audit_detail_text(digest) == ("记录内容: 测试编号 T1, 测试输入数据 (完整内容见该测试记录; 审计记录保存其 SHA-256 摘要 "
                                           "abababababababab…)")


def test_an_inspection_s_unit_in_an_audit_row_is_its_credit_code_not_a_fuel_unit():
    # the key "unit" is a fuel's unit of measure in a fuel-use record, the inspected unit's credit code in an inspection
    assert v.audit_detail_text({"unit": "91310112MA1MCTBH2U", "values": {"unit": "m3"}}) == (
        f"使用单位: 91310112MA1MCTBH2U; 记录内容: 单位 {v.label('fuel_use_unit', 'm3')}")


def test_every_fuel_of_the_fuel_library_has_its_label_here():
    fuels = load_reference().table("fuels")
    names = fuels[fuels["property"] == "name_cn"].set_index("fuel_kind")["value"]
    assert set(names.index) == set(v.codes("fuel_kind"))
    assert {kind: v.label("fuel_kind", kind) for kind in names.index} == names.to_dict()


def test_every_code_evaluate_writes_has_a_label(caplog):
    """Every text code the engine writes on the demo's tests and the validation cases is labelled."""
    from boilerlab.demo.district import generate_demo

    frames = [generate_demo()["tests"], *(pd.read_csv(p) for p in (ROOT / "tests" / "data").glob("*.csv"))]
    result = pd.concat([evaluate(frame) for frame in frames] + [evaluate(frames[0].head(50), q2_method="simple")])
    with caplog.at_level(logging.WARNING, logger="boilerlab.base.vocabulary"):
        for column in (c for c in result.columns if c in v.COLUMN_CODES):
            for value in result[column].dropna().astype(str).unique():
                if value:
                    v.label(column, value)
    assert not caplog.records, [r.getMessage() for r in caplog.records]


def test_codes_defined_in_the_rules_come_from_the_vocabulary():
    from boilerlab.analysis.potential import MEASURES
    from boilerlab.base.reference import STATUSES
    from boilerlab.intake.rows import KINDS
    from boilerlab.standards import admission, campaign_rules

    assert MEASURES == v.codes("saving_measure") and STATUSES == v.codes("reference_status")
    assert KINDS == v.codes("import_kind") and campaign_rules.FINDING_STATES == v.codes("finding_status")
    assert (admission.APPROVED, admission.REJECTED, admission.INCOMPLETE) == v.codes("admission_decision")


def test_aliases_read_a_code_and_a_label_names_it():
    assert v.code_of("boiler_kind", "导热油炉") == "organic_heat_carrier"
    assert v.code_of("fuel_kind", "天然气") == "natural_gas" and v.code_of("fuel_kind", "煤气") is None
    assert v.label("gb24500_grade", "below") == "未达能效限定值" and v.label("fuel_kind", None) == "—"
    assert v.label("co2_method", "electricity_factors SH-local-2022 (x)") == "电力排放因子 SH-local-2022 (x)"
    assert v.true_words("condensing")[-2:] == ("冷凝", "冷凝式") and "冷凝" not in v.true_words("key_region")


def test_display_frame_shows_labels_words_and_decimals():
    frame = pd.DataFrame({"fuel_kind": ["natural_gas", None], "nox_compliant": [True, False],
                          "eta_direct_pct": [86.021096, 90.0], "district_key": [True, False]})
    shown = v.display_frame(frame)
    assert list(shown.columns) == ["燃料种类", "NOx 判定", "正平衡热效率 η₁ [%]", "区级重点"]
    assert shown.iloc[0].tolist() == ["天然气", "达标", 86.02, "是"]
    assert pd.isna(shown.iloc[1, 0]) and shown.iloc[1, 1] == "超标"
    findings = v.display_frame(pd.DataFrame({"status": ["整改中"]}), context="findings")
    assert findings.iloc[0, 0] == "整改中"


# --- nothing outside the vocabulary spells a label ------------------------------------------------------------------

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$|^below$|^n/a$|^[123]$")
#: Dicts of identifiers to Chinese text that are data, not labels: the templates' example rows.
DATA_DICTS = {("boilerlab/intake/templates.py", "examples")}


def _label_dicts(path: Path) -> list[str]:
    """Dict literals mapping identifiers (codes, column names) to Chinese text, and rename(columns={…}) to Chinese."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                for child in ast.walk(node.value):
                    names[id(child)] = getattr(target, "id", "")
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        pairs = [(k.value, val) for k, val in zip(node.keys, node.values)
                 if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        labelled = [key for key, val in pairs if IDENTIFIER.match(key) and isinstance(val, ast.Constant)
                    and isinstance(val.value, str) and CJK.search(val.value)]
        if labelled and (str(path.relative_to(ROOT)), names.get(id(node), "")) not in DATA_DICTS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} labels {labelled[:4]}")
    return found


def test_no_module_outside_the_vocabulary_defines_a_label():
    files = [p for p in sorted((ROOT / "boilerlab").rglob("*.py")) if "vocabulary" not in p.parts]
    files += [ROOT / "app.py", ROOT / "ui.py", *sorted((ROOT / "pages").glob("*.py"))]
    found = [hit for path in files for hit in _label_dicts(path)]
    assert not found, "\n".join(found)


def test_the_label_check_finds_a_label_dict(tmp_path):
    page = ROOT / "pages" / "_probe_label.py"
    try:
        page.write_text('SHOWN = {"fuel_kind": "燃料"}\n', encoding="utf-8")
        assert _label_dicts(page) == ["pages/_probe_label.py:1 labels ['fuel_kind']"]
    finally:
        page.unlink()
