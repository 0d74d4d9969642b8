"""Command line: ``python -m boilerlab evaluate IN.(csv|xlsx) -o OUT.(csv|xlsx)``.

Exit codes: 0 when the file was evaluated (rows with errors included: see their ``error``
column), 2 when the file is refused (unreadable, or none of the interchange columns).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boilerlab.batch import Q2_METHODS, evaluate
from boilerlab.bee import evaluate_bee
from boilerlab.records import NoUsableColumnsError
from boilerlab.reference import ReferenceDataError, load_reference
from boilerlab.tables import UnreadableFileError, read_table, write_table

EXIT_OK, EXIT_REFUSED = 0, 2


def _evaluate_command(args: argparse.Namespace) -> int:
    try:
        frame = read_table(args.input)
        reference = load_reference(args.reference)
        if args.method == "bee":
            result = evaluate_bee(frame)
        else:
            result = evaluate(frame, reference=reference, q2_method=args.q2_method)
    except (UnreadableFileError, NoUsableColumnsError, ReferenceDataError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    output = Path(args.output)
    try:
        write_table(result, output)
    except (OSError, ValueError) as exc:
        print(f"错误 / error: 无法写出 / cannot write {output}: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    failed = int((result["error"] != "").sum())
    print(f"已计算 {len(result)} 行, 其中 {failed} 行有错误 → {output} / evaluated {len(result)} rows, "
          f"{failed} with errors → {output}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m boilerlab", description="boilerlab 锅炉能效计算 / boiler efficiency")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_parser = commands.add_parser("evaluate", help="计算测试记录文件 / evaluate a test-record file")
    evaluate_parser.add_argument("input", help="输入 .csv 或 .xlsx / input file")
    evaluate_parser.add_argument("-o", "--output", required=True, help="输出 .csv 或 .xlsx / output file")
    evaluate_parser.add_argument("--q2-method", choices=Q2_METHODS, default="enthalpy",
                                 help="enthalpy: 详细测试 (default); simple: 简单测试 m、n 法")
    evaluate_parser.add_argument("--method", choices=("gbt10180", "bee"), default="gbt10180",
                                 help="gbt10180: GB/T 10180 正平衡 + 反平衡 (default); bee: India BEE heat-loss "
                                      "method on the gross basis, as an international cross-check")
    evaluate_parser.add_argument("--reference", default=None, help="参考数据目录 / reference-table folder")
    evaluate_parser.set_defaults(handler=_evaluate_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
