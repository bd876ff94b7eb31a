"""CLI for the exchange with the supervising bureau and the publication list (CLI.md):

    package export --out FILE.zip [--unmasked] [--json]   package verify FILE.zip [--json]
    package import FILE.zip [--json]                       bureau summary [--json]
    bureau accept-key OFFICE_ID FINGERPRINT                log verify [--json]
    bureau accept-office OFFICE_ID FINGERPRINT             (package verify --db BUREAU: against that store)
    publication export --out FILE.xlsx [--from DATE] [--to DATE] [--format list|credit] [--json]

A refused package exits 2 naming the member and the check (with --json the document still
comes, with "ok": false and the error). Passphrases come from CASEAUDIT_SIGNER_PASSPHRASE, the
keyring, or a terminal prompt — never from the command line.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say, stderr_progress
from app.cli.signing import passphrase_env
from app.errors import UserError

COMMANDS = ("package", "bureau", "log", "publication")  # the commands register() adds; main registers only the one named


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("package", help="与上级主管部门交换的数据包：导出、核验、导入")
    psub = p.add_subparsers(dest="package_command", metavar="SUBCOMMAND", parser_class=type(p))
    psub.required = True
    e = psub.add_parser("export", help="导出数据包（表格、报告、数据、签名清单）")
    e.add_argument("--out", type=Path, required=True, help="输出的 .zip 文件")
    e.add_argument("--unmasked", action="store_true", help="不遮蔽身份证号码（默认遮蔽）")
    e.add_argument("--json", action="store_true")
    e.set_defaults(handler=cmd_export)
    v = psub.add_parser("verify", help="核验数据包（任何一项不通过即退出码 2）")
    v.add_argument("file", type=Path)
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_verify)
    i = psub.add_parser("import", help="上级主管部门：核验并导入下级单位的数据包")
    i.add_argument("file", type=Path)
    i.add_argument("--json", action="store_true")
    i.set_defaults(handler=cmd_import)

    b = sub.add_parser("bureau", help="上级主管部门：汇总各单位数据、接受单位新密钥")
    bsub = b.add_subparsers(dest="bureau_command", metavar="SUBCOMMAND", parser_class=type(b))
    bsub.required = True
    s = bsub.add_parser("summary", help="各单位问题、整改、逾期、处理人数汇总")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_summary)
    a = bsub.add_parser("accept-key", help="确认接受某单位更换后的签名密钥")
    a.add_argument("office_id")
    a.add_argument("fingerprint")
    a.add_argument("--json", action="store_true")
    a.set_defaults(handler=cmd_accept_key)
    ao = bsub.add_parser("accept-office", help="确认登记与已登记单位同名的新单位（标识与密钥指纹）")
    ao.add_argument("office_id")
    ao.add_argument("fingerprint")
    ao.add_argument("--json", action="store_true")
    ao.set_defaults(handler=cmd_accept_office)

    lg = sub.add_parser("log", help="变更日志")
    lsub = lg.add_subparsers(dest="log_command", metavar="SUBCOMMAND", parser_class=type(lg))
    lsub.required = True
    lv = lsub.add_parser("verify", help="核验变更日志的哈希链，指出第一条被改动的记录")
    lv.add_argument("--json", action="store_true")
    lv.set_defaults(handler=cmd_log_verify)
    from app.cli.history import register_log  # log list · log revert-last (the 操作记录)

    register_log(lsub)

    pub = sub.add_parser("publication", help="行政处罚公示清单")
    pubsub = pub.add_subparsers(dest="publication_command", metavar="SUBCOMMAND", parser_class=type(pub))
    pubsub.required = True
    pe = pubsub.add_parser("export", help="导出公示清单（list：自然人姓名隐去名字，删除证件号、住址、电话、账号；"
                                          "credit：双公示报送格式，含个人信息）")
    pe.add_argument("--out", type=Path, required=True, help="输出的 .xlsx 文件")
    pe.add_argument("--from", dest="date_from", help="决定日期自（含）")
    pe.add_argument("--to", dest="date_to", help="决定日期至（含）")
    pe.add_argument("--format", choices=("list", "credit"), default="list",
                    help="list（默认）：对外公示用的遮蔽清单；credit：2021年双公示行政处罚30列格式，供向信用平台报送——"
                         "该文件含自然人姓名和证件号码等个人信息，不得对外公开，文件仅本人可读")
    pe.add_argument("--json", action="store_true")
    pe.set_defaults(handler=cmd_publication)


def _ask(prompt: str, *, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise UserError(f"导出数据包需要数据包签名密钥的口令，但当前不是交互式终端：请设置环境变量 {passphrase_env()}，"
                        "或在终端中运行本命令以输入口令。")
    first = getpass.getpass(prompt)
    if not first:
        raise UserError("口令不能为空，未作任何改动。")
    if confirm and getpass.getpass("请再次输入口令：") != first:
        raise UserError("两次输入的口令不一致，未作任何改动。")
    return first


def cmd_export(args: argparse.Namespace) -> int:
    from app.exchange import export_package, key_passphrase_needed, office_key
    from app.signing import active_signer, passphrase_needed

    with cli_store(args) as store:
        passphrase = None
        if key_passphrase_needed(store):
            new = office_key(store) is None
            passphrase = _ask("请设置数据包签名密钥的口令：" if new else "请输入数据包签名密钥的口令：", confirm=new)
        sign_passphrase = None
        if active_signer(store) is not None and passphrase_needed(store) and sys.stdin.isatty():
            sign_passphrase = getpass.getpass("请输入签名证书的口令（直接回车则报告不签名）：") or None
        result = export_package(store, args.out, passphrase=passphrase, sign_passphrase=sign_passphrase,
                                unmasked=args.unmasked, operator=operator_of(args), progress=stderr_progress())
    if args.json:
        emit_json(result)
    else:
        say(f"已导出数据包：{result['path']}（第 {result['sequence']} 号，{len(result['members'])} 个文件）")
        say(f"清单 SHA-256：{result['manifest_sha256']}")
        say(result["report_note"])
        if not result["masked"]:
            say("注意：本数据包未遮蔽身份证号码。")
    return 0


def _refused(args: argparse.Namespace, exc: Any, extra: dict[str, Any] | None = None) -> int:
    sys.stderr.write(exc.message + "\n")
    if args.json:
        emit_json({"ok": False, **(extra or {}), "error": exc.to_json()})
    return 2


def cmd_verify(args: argparse.Namespace) -> int:
    from app.exchange import PackageRejected, verify_against, verify_package

    try:
        if args.db is None:
            vp = verify_package(args.file, keep=frozenset())
        else:  # against that store, as `package import` would check it (nothing is written)
            with cli_store(args) as store:
                vp = verify_against(store, args.file)
    except PackageRejected as exc:
        return _refused(args, exc, {"office": None, "sequence": None, "members": None})
    if args.json:
        emit_json(vp.to_json())
    else:
        say(f"数据包核验通过：{args.file}")
        say(f"发送单位：{vp.office_name}（{vp.office_id}），第 {vp.sequence} 号，{len(vp.manifest['members'])} 个文件")
        say(f"签名密钥指纹：{vp.fingerprint}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.exchange import PackageRejected, import_package

    with cli_store(args) as store:
        try:
            result = import_package(store, args.file, operator=operator_of(args))
        except PackageRejected as exc:
            return _refused(args, exc)
    if args.json:
        emit_json({"ok": True, **result, "error": None})
    else:
        say(f"已导入「{result['office_name']}」第 {result['sequence']} 号数据包（{result['problems']} 个问题）。")
        if result["first_import"]:
            say(f"首次导入该单位的数据包，已登记其签名密钥指纹：{result['key_fingerprint']}")
        if result["missing_before"]:
            say(f"注意：此前有 {result['missing_before']} 个数据包未导入。")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from app.exchange import bureau_summary

    with cli_store(args) as store:
        result = bureau_summary(store)
    if args.json:
        emit_json(result)
        return 0
    if not result["offices"]:
        say("尚未导入任何单位的数据包。")
        return 0
    say("单位\t问题数\t已整改\t逾期\t处理人数\t处分人数")
    for o in result["offices"]:
        say(f"{o['name'] or o['office_id']}\t{o['problems']}\t{o['rectified']}\t{o['overdue']}\t"
            f"{o['people_handled']}\t{o['sanctions']}")
    t = result["total"]
    say(f"合计（{t['offices']} 个单位）\t{t['problems']}\t{t['rectified']}\t{t['overdue']}\t{t['people_handled']}\t"
        f"{t['sanctions']}")
    return 0


def cmd_accept_key(args: argparse.Namespace) -> int:
    from app.exchange import accept_new_key

    with cli_store(args) as store:
        result = accept_new_key(store, args.office_id, args.fingerprint, operator_of(args))
    if args.json:
        emit_json(result)
    elif result["changed"]:
        say(f"已接受单位「{result['name']}」的新签名密钥：{result['pinned_fingerprint']}")
    else:
        say("该密钥已是该单位登记的密钥，无需更改。")
    return 0


def cmd_accept_office(args: argparse.Namespace) -> int:
    from app.exchange import accept_new_office

    with cli_store(args) as store:
        result = accept_new_office(store, args.office_id, args.fingerprint, operator_of(args))
    if args.json:
        emit_json(result)
    else:
        say(f"已登记新单位（标识 {result['office_id']}），其签名密钥指纹：{result['pinned_fingerprint']}")
    return 0


def cmd_log_verify(args: argparse.Namespace) -> int:
    from app.exchange import verify_log

    with cli_store(args) as store:
        result = verify_log(store)
    if not result["ok"]:
        sys.stderr.write(result["message"] + "\n")
    if args.json:
        emit_json({k: result[k] for k in ("ok", "entries", "first_bad", "head")})
    elif result["ok"]:
        say(f"变更日志完整：共 {result['entries']} 条，链头哈希 {result['head'] or '（空）'}")
    return 0 if result["ok"] else 2


def cmd_publication(args: argparse.Namespace) -> int:
    from app.campaigns.service import to_date
    from app.publication import export_publication

    date_from = to_date(args.date_from, "起始日期（--from）") if args.date_from else None
    date_to = to_date(args.date_to, "截止日期（--to）") if args.date_to else None
    with cli_store(args) as store:
        result = export_publication(store, args.out, date_from=date_from, date_to=date_to, format=args.format)
    if args.json:
        emit_json(result)
    elif args.format == "credit":
        say(f"已导出双公示报送文件（2021年行政处罚30列格式）：{result['path']}（{result['rows']} 条处罚决定）")
        say(f"注意：{result['note']}")
        for warning in result["warnings"]:
            say(f"  提醒 {warning}")
    else:
        say(f"已导出公示清单：{result['path']}（{result['rows']} 条处罚决定）")
        if result["calendar_fallback_years"]:
            years = "、".join(str(y) for y in result["calendar_fallback_years"])
            say(f"注意：{years} 年没有节假日数据，公示截止日期按周一至周五为工作日推算。")
    return 0
