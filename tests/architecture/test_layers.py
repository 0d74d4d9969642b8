"""The house rules: the import contract, pages without SQL or physics, and an installed package that works
from any directory."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DISPLAY_FILES = sorted([ROOT / "app.py", ROOT / "ui.py", *(ROOT / "pages").glob("*.py")])
#: What a page or the Streamlit glue may not import: the database's internals, physics and the engine's steps.
FORBIDDEN_FOR_DISPLAY = ("sqlalchemy", "alembic", "psycopg", "boilerlab.db.models", "boilerlab.db.session",
                         "boilerlab.physics", "boilerlab.engine")


def test_the_import_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    # --no-cache: a cache left by an earlier run can miss a module added since and report a false break
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def _forbidden(name: str) -> bool:
    return any(name == module or name.startswith(module + ".") for module in FORBIDDEN_FOR_DISPLAY)


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


@pytest.mark.parametrize("path", DISPLAY_FILES, ids=lambda p: p.name)
def test_pages_import_no_sql_and_no_physics(path):
    bad = [name for name in _imports(path) if _forbidden(name)]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", DISPLAY_FILES, ids=lambda p: p.name)
def test_pages_hold_no_sql_text(path):
    text = path.read_text(encoding="utf-8").upper()
    for keyword in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM"):
        assert keyword not in text, f"{path.name} holds SQL ({keyword.strip()})"


def test_the_import_check_sees_a_forbidden_import(tmp_path):
    """The page check itself: a page importing the models is caught."""
    page = tmp_path / "9_bad.py"
    page.write_text("from boilerlab.db.models import Unit\nimport ui\n", encoding="utf-8")
    assert [n for n in _imports(page) if _forbidden(n)] == ["boilerlab.db.models",
                                                                                  "boilerlab.db.models.Unit"]


def test_the_console_script_evaluates_from_outside_the_repository(tmp_path):
    script = Path(sys.executable).with_name("boilerlab")
    assert script.exists(), "make install installs the package editable, with its `boilerlab` command"
    source = tmp_path / "tests.csv"
    shutil.copy(ROOT / "tests" / "data" / "validation_gbt10180.csv", source)
    result = subprocess.run([str(script), "evaluate", "tests.csv", "-o", "out.csv"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    import pandas as pd

    out = pd.read_csv(tmp_path / "out.csv")
    # IF97 Table 5 points 1 and 3 as return and supply water: 3600 kg/h × 860.210966 kJ/kg / 3600 (tests/data/README.md)
    assert out.set_index("test_id").at["if97-region1", "heat_output_kw"] == pytest.approx(860.210966, rel=1e-9)


def test_python_dash_m_and_import_work_from_any_directory(tmp_path):
    code = ("import boilerlab, pathlib; from boilerlab.base.reference import load_reference; "
            "from boilerlab.db.session import alembic_config; "
            "print(len(load_reference().tables)); "
            "print(pathlib.Path(alembic_config('sqlite://').get_main_option('script_location')).is_dir())")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    tables, migrations = result.stdout.split()
    assert int(tables) >= 10 and migrations == "True"
    help_text = subprocess.run([sys.executable, "-m", "boilerlab", "--help"], cwd=tmp_path, capture_output=True,
                               text=True)
    assert help_text.returncode == 0 and "evaluate" in help_text.stdout
