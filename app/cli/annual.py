"""CLI command for the 统计年报: `annual-report --year Y --out F.xlsx [--pdf F.pdf] [--json]`.

JSON (CLI.md): {"year","due_on","totals":{"decisions","fine_fen","confiscation_fen","hearings",
"legal_reviews","complaints",…,"by_kind":{…}},"units":[{"unit",…}],"not_recorded":[…],
"complaints_source","files":[…]}
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import cli_store, emit_json, say

COMMANDS = ("annual-report",)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("annual-report", help="行政执法统计年报（Excel，可另出 PDF）")
    p.add_argument("--year", type=int, required=True, help="统计年度（如 2023）")
    p.add_argument("--out", type=Path, required=True, help="写出的 Excel 文件（.xlsx）")
    p.add_argument("--pdf", type=Path, help="另写出可打印的 PDF")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_annual)


def cmd_annual(args: argparse.Namespace) -> int:
    from app.errors import UserError
    from app.reports.annual import annual_report
    from app.reports.annual_files import write_annual_pdf, write_annual_xlsx

    if args.out.suffix.lower() != ".xlsx":
        raise UserError(f"统计年报的 Excel 文件应以 .xlsx 结尾：{args.out}")
    if args.pdf is not None and args.pdf.suffix.lower() != ".pdf":
        raise UserError(f"统计年报的 PDF 文件应以 .pdf 结尾：{args.pdf}")
    with cli_store(args) as store:
        report = annual_report(store, args.year)
    files = [write_annual_xlsx(args.out, report)]
    if args.pdf is not None:
        files.append(write_annual_pdf(args.pdf, report))
    if args.json:
        emit_json({**report.to_json(), "files": [str(f) for f in files]})
        return 0
    t = report.totals
    say(f"{report.year}年度统计年报（应于 {report.due_on} 前公开）：处罚决定 {t.decisions} 件，"
        f"罚款 {t.fine_fen / 100:.2f} 元，没收 {t.confiscation_fen / 100:.2f} 元，听证 {t.hearings} 件，"
        f"法制审核 {t.legal_reviews} 件，投诉举报 {t.complaints} 件（办结 {t.complaints_closed}），"
        f"发现问题 {t.problems} 个（整改 {t.problems_rectified}）")
    for f in files:
        say(f"已写出 {f}")
    return 0
