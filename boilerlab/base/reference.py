"""Reference tables with provenance, loaded once into one read-only object.

Every constant the standards leave UNCONFIRMED (GB 24500 grades, m/n coefficients, the q5 table,
method constants, the fuel library …) lives in ``data/reference/*.csv``, one row per value with its
``source_document``, ``edition``, ``clause``, ``status`` and ``note``. ``manifest.csv`` lists the
tables with an edition label; the version stamped on results is that label plus the first eight
hex digits of the file's SHA-256, so an edited table is always told apart from the shipped one.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

import pandas as pd

from boilerlab.base.locations import REFERENCE_DIRECTORY
from boilerlab.base.vocabulary import codes

#: Where the shipped tables live; ``BOILERLAB_REFERENCE_DIR`` points elsewhere (e.g. an edited copy).
DEFAULT_DIRECTORY = REFERENCE_DIRECTORY

PROVENANCE_COLUMNS = ("source_document", "edition", "clause", "status", "note")
STATUSES = codes("reference_status")


class ReferenceDataError(ValueError):
    """A reference table is missing, malformed or lacks a requested key."""


@dataclass(frozen=True)
class ReferenceData:
    """All reference tables, read-only, with their versions."""

    directory: Path
    tables: Mapping[str, pd.DataFrame]
    versions: Mapping[str, str]
    constants: Mapping[str, float] = field(default_factory=dict)
    #: Views made from the tables (a lookup built once, not on every call); the tables never change after loading.
    _derived: dict = field(default_factory=dict, compare=False, repr=False)

    def derived(self, key: str, make: Callable[["ReferenceData"], Any]) -> Any:
        """``make(self)``, made at the first call for ``key`` and kept: callers must not change what it returns.

        Examples
        --------
        >>> ref = load_reference()
        >>> ref.derived("rows of q5", lambda r: len(r.tables["q5_rated_loss"])) == len(ref.tables["q5_rated_loss"])
        True
        """
        if key not in self._derived:
            self._derived[key] = make(self)
        return self._derived[key]

    def table(self, name: str) -> pd.DataFrame:
        """A copy of table ``name``; a ``KeyError`` lists the valid names."""
        try:
            return self.tables[name].copy()
        except KeyError:
            raise KeyError(f"unknown reference table {name!r}; valid: {sorted(self.tables)}") from None

    def file_cells(self, name: str) -> pd.DataFrame:
        """Table ``name`` as its file writes it: every cell the file's own text, a blank "" (an editor shows these,
        never a parsed number or "None", and a table saved from them keeps every untouched cell's text).

        Raises
        ------
        ReferenceDataError
            The file changed since these tables were loaded (its digest is not the version's): load them again.

        Examples
        --------
        >>> cells = load_reference().file_cells("q5_rated_loss")
        >>> all(isinstance(text, str) for text in cells.to_numpy().ravel())  # no NaN, no parsed number
        True
        """
        manifest = pd.read_csv(self.directory / "manifest.csv", encoding="utf-8", dtype=str).set_index("table")
        content = (self.directory / manifest.at[name, "file"]).read_bytes()
        if hashlib.sha256(content).hexdigest()[:8] != self.versions[name].rsplit("+", 1)[-1]:
            raise ReferenceDataError(f"{name} 已在载入后被修改, 请重新载入 / {name} changed since it was loaded")
        return pd.read_csv(io.BytesIO(content), encoding="utf-8", dtype=str, keep_default_na=False)

    def constant(self, key: str) -> float:
        """A value of ``method_constants``; a ``KeyError`` lists the valid keys."""
        try:
            return self.constants[key]
        except KeyError:
            raise KeyError(f"unknown method constant {key!r}; valid: {sorted(self.constants)}") from None

    def version_stamp(self) -> str:
        """``table=version`` pairs, as stamped on every result row and report."""
        return "; ".join(f"{name}={version}" for name, version in sorted(self.versions.items()))

    def unconfirmed(self, name: str) -> bool:
        """Whether any row of table ``name`` is still UNCONFIRMED."""
        frame = self.tables[name]
        return bool("status" in frame and (frame["status"] == "UNCONFIRMED").any())


def _read_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise ReferenceDataError(f"参考数据表缺失 / reference table missing: {path}")
    frame = pd.read_csv(path, encoding="utf-8")
    missing = [c for c in PROVENANCE_COLUMNS if c not in frame.columns]
    if missing:
        raise ReferenceDataError(f"{path.name}: 缺少出处列 / provenance columns missing: {missing}")
    statuses = frame["status"].dropna()
    wrong = sorted(set(statuses) - set(STATUSES))
    if wrong:
        raise ReferenceDataError(f"{path.name}: status 取值无效 / invalid status {wrong}; valid: {list(STATUSES)}")
    return frame


def load_reference(directory: str | os.PathLike | None = None) -> ReferenceData:
    """Load every table named in ``manifest.csv``.

    Parameters
    ----------
    directory : path, optional
        Folder holding ``manifest.csv`` and the tables. Default: ``BOILERLAB_REFERENCE_DIR`` or the
        shipped ``data/reference``.
    """
    folder = Path(directory or os.environ.get("BOILERLAB_REFERENCE_DIR") or DEFAULT_DIRECTORY).resolve()
    # the files' sizes and modification times are part of the cache key: an edited table is reloaded
    signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.csv")))
    return _load(folder, signature)


@lru_cache(maxsize=8)
def _load(folder: Path, signature: tuple) -> ReferenceData:
    manifest_path = folder / "manifest.csv"
    if not manifest_path.is_file():
        raise ReferenceDataError(f"参考数据清单缺失 / reference manifest missing: {manifest_path}")
    manifest = pd.read_csv(manifest_path, encoding="utf-8", dtype=str)
    tables: dict[str, pd.DataFrame] = {}
    versions: dict[str, str] = {}
    for row in manifest.itertuples(index=False):
        path = folder / row.file
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8] if path.is_file() else ""
        tables[row.table] = _read_table(path)
        versions[row.table] = f"{row.version}+{digest}"
    constants_frame = tables.get("method_constants")
    constants = {}
    if constants_frame is not None:
        constants = {str(k): float(v) for k, v in zip(constants_frame["key"], constants_frame["value"])}
    return ReferenceData(
        directory=folder,
        tables=MappingProxyType(tables),
        versions=MappingProxyType(versions),
        constants=MappingProxyType(constants),
    )
