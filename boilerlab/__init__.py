"""boilerlab: boiler energy-efficiency and emissions workbench (calculation library).

Pure, vectorised functions by physical topic — :mod:`~boilerlab.steam`, :mod:`~boilerlab.fuels`,
:mod:`~boilerlab.combustion`, :mod:`~boilerlab.losses`, :mod:`~boilerlab.efficiency`,
:mod:`~boilerlab.grading` — and the batch entry point :func:`evaluate`. No Streamlit, no database.
"""

from boilerlab.batch import ENGINE_VERSION, RESULT_COLUMNS, evaluate

__version__ = ENGINE_VERSION
__all__ = ["evaluate", "RESULT_COLUMNS", "ENGINE_VERSION", "__version__"]
