"""Every citation in the code resolves inside the repository, in docs/references.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KEY = re.compile(r"(?<![\w\]])\[([A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)\]")  # not an index such as values[PRESENT]
#: Bracketed words that are not citations: a status printed inside limit texts, and units after a parameter.
NOT_KEYS = {"UNCONFIRMED", "MW", "GJ", "TJ", "K"}
#: Citations of the bureau's working notes, which are not in the repository.
NOTES = re.compile(r"standards\.md|emissions-and-carbon|validation-cases|stack-notes|peer-notes|\[[SE]\d+(, ?[SE]\d+)*\]")


def _keys_in_bibliography() -> set[str]:
    text = (ROOT / "docs" / "references.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| ([A-Z][A-Z0-9-]+) \|", text, flags=re.M))


def _sources() -> list[Path]:
    return sorted((ROOT / "boilerlab").rglob("*.py"))


def test_every_cited_key_is_in_the_bibliography():
    keys = _keys_in_bibliography()
    assert {"GBT10180", "GB24500", "GB13271", "IAPWS-IF97", "ISO6976"} <= keys
    unknown = {f"{path.relative_to(ROOT)}: [{key}]" for path in _sources()
               for key in KEY.findall(path.read_text(encoding="utf-8")) if key not in keys | NOT_KEYS}
    assert not unknown, sorted(unknown)


def test_the_code_cites_no_file_outside_the_repository():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}" for path in _sources()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if NOTES.search(line)]
    assert not found, "\n".join(found)


def test_the_physics_and_standards_modules_cite_their_sources():
    """Each module of the physics and standards layers cites at least one bibliography key."""
    keys = _keys_in_bibliography()
    for layer in ("physics", "standards"):
        for path in sorted((ROOT / "boilerlab" / layer).glob("[a-z]*.py")):
            cited = set(KEY.findall(path.read_text(encoding="utf-8"))) & keys
            assert cited, f"{path.relative_to(ROOT)} cites no source of docs/references.md"
