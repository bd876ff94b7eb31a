"""CLI commands for the paper outputs (CLI.md): `forms --out DIR` and
`report rectification | problem-list | review | notice --out FILE.pdf`.

Every file is written atomically: a refusal (exit 2) leaves no half-written output behind.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say, stderr_progress
from app.errors import UserError

COMMANDS = ("forms", "report")  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("forms", help="导出 Excel 表格：问题清单、整改台账、销号台账、统计表")
    p.add_argument("--out", type=Path, required=True, help="输出文件夹")
    p.add_argument("--as-of", help="填报时间（默认今天）")
    p.add_argument("--unit", help="只导出此执法单位的表格（填报单位为该单位）")
    p.add_argument("--field", help="只导出此执法领域各单位的表格（…执法领域问题清单）")
    p.add_argument("--total", action="store_true", help="统计表加“合计”列（表样本无此列）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_forms)

    p = sub.add_parser("report", help="生成 PDF 报告：整改报告、问题清单、案卷评查表、整改通知书")
    rsub = p.add_subparsers(dest="report_command", metavar="KIND", parser_class=type(p))
    r = rsub.add_parser("rectification", help="整改报告（主要负责人签字、单位盖章）")
    _common(r)
    r.add_argument("--sign", action="store_true", help="用单位签名证书对报告进行电子签名")
    r.set_defaults(handler=cmd_rectification)
    r = rsub.add_parser("problem-list", help="问题清单（附件2，可打印）")
    _common(r)
    r.set_defaults(handler=cmd_problem_list)
    r = rsub.add_parser("review", help="一个案卷的评查表")
    r.add_argument("--case", required=True, dest="case_no", help="案号")
    _common(r)
    r.set_defaults(handler=cmd_review)
    r = rsub.add_parser("notice", help="发给一个单位的整改通知书")
    r.add_argument("--unit", required=True, help="被通知的执法单位")
    _common(r)
    r.set_defaults(handler=cmd_notice)


def _common(r: argparse.ArgumentParser) -> None:
    r.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")
    r.add_argument("--as-of", help="报告日期（默认今天）")
    r.add_argument("--json", action="store_true")


def _as_of(args: argparse.Namespace) -> date | None:
    from app.campaigns.service import to_date

    return to_date(args.as_of, "日期（--as-of）") if args.as_of else None


def _pdf_out(args: argparse.Namespace) -> Path:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"输出文件 {out} 应以 .pdf 结尾。")
    return out


def _done(args: argparse.Namespace, label: str, out: Path, extra: dict[str, Any] | None = None) -> int:
    if args.json:
        emit_json({"path": str(out), "size": out.stat().st_size, **(extra or {})})
    else:
        say(f"已生成{label}：{out}")
    return 0


@contextmanager
def report_store(args: argparse.Namespace) -> Iterator[Any]:
    """The store, with the report font chosen in 设置 applied (a warning on stderr if unusable)."""
    from app.reports.font_setting import apply_report_font

    with cli_store(args) as store:
        warning = apply_report_font(store)
        if warning:
            sys.stderr.write(warning + "\n")
        yield store


def cmd_forms(args: argparse.Namespace) -> int:
    from app.reports import write_forms

    as_of = _as_of(args)
    with report_store(args) as store:
        paths = write_forms(store, args.out, as_of=as_of, unit=args.unit, field=args.field, with_total=args.total,
                            progress=stderr_progress())
    if args.json:
        emit_json({"files": [str(p) for p in paths]})
    else:
        for p in paths:
            say(f"已生成：{p}")
    return 0


def _render(args: argparse.Namespace, label: str, make: Callable[..., Path], *targets: Any,
            issued: bool = False) -> int:
    out, as_of = _pdf_out(args), _as_of(args)
    extra: dict[str, Any] = {}
    with report_store(args) as store:
        if issued:  # a numbered document: its number from the office's sequence goes into the JSON
            make(store, *targets, out, as_of=as_of, progress=stderr_progress(), operator=operator_of(args))
            from app.reports.docnumbers import list_documents

            extra["doc_no"] = next((d["doc_no"] for d in reversed(list_documents(store))
                                    if d["file_name"] == out.name), "")
        else:
            make(store, *targets, out, as_of=as_of, progress=stderr_progress())
    return _done(args, label, out, extra)


def cmd_rectification(args: argparse.Namespace) -> int:
    from app.reports import rectification_report
    from app.reports.output import discard, temp_beside

    if not args.sign:
        return _render(args, "整改报告", rectification_report, issued=True)
    from app.cli.signing import passphrase_for_signing
    from app.signing import sign_pdf

    out, as_of = _pdf_out(args), _as_of(args)
    with report_store(args) as store:
        passphrase = passphrase_for_signing(store)
        unsigned = temp_beside(out)
        try:
            rectification_report(store, unsigned, as_of=as_of, progress=stderr_progress(), operator=operator_of(args))
            info = sign_pdf(store, unsigned, out, passphrase=passphrase, reason="整改报告签发",
                            operator=operator_of(args))
        finally:
            discard(unsigned)
    return _done(args, "整改报告（已签名）", out, {"signed": True, "signer": info.get("signer"),
                                             "sha256": info.get("sha256"), "signed_at": info.get("signed_at")})


def cmd_problem_list(args: argparse.Namespace) -> int:
    from app.reports import problem_list_pdf

    return _render(args, "问题清单", problem_list_pdf)


def cmd_review(args: argparse.Namespace) -> int:
    from app.reports.pdf_review import render_review_sheet, review_sheet_data

    out, as_of = _pdf_out(args), _as_of(args)
    with report_store(args) as store:
        data = review_sheet_data(store, args.case_no, as_of=as_of)
    render_review_sheet(data, out, progress=stderr_progress())
    return _done(args, "案卷评查表", out)


def cmd_notice(args: argparse.Namespace) -> int:
    from app.reports import rectification_notice

    return _render(args, "整改通知书", rectification_notice, args.unit, issued=True)
