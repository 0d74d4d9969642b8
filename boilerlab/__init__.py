"""boilerlab: the boiler energy-efficiency and emissions workbench of 闵行区市场监督管理局.

The package is laid out in layers, each a folder that imports only the ones below it (README, "How the code
is laid out"): ``base`` · ``physics`` · ``standards`` · ``engine`` · ``intake`` · ``db`` · ``analysis`` ·
``documents`` · ``demo``, with the command line (``boilerlab.cli``) on top. :func:`evaluate` is the front door
for test records: the intake's canonical frame, then the engine.
"""

from boilerlab.engine.pipeline import ENGINE_VERSION, RESULT_COLUMNS
from boilerlab.intake.evaluate import evaluate

__version__ = ENGINE_VERSION
__all__ = ["evaluate", "RESULT_COLUMNS", "ENGINE_VERSION", "__version__"]
