"""CLI commands for PDF signatures: signer create / import / show, verify-pdf.

The passphrase comes from CASEAUDIT_SIGNER_PASSPHRASE, or is asked for on a terminal (getpass,
nothing echoed); it is never taken as a command-line argument (it would land in the shell
history and the process list). `passphrase_for_signing` is the same rule for commands that
sign (report … --sign).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from app.cli.common import cli_store, emit_json, operator_of, say
from app.errors import UserError

COMMANDS = ("signer", "verify-pdf")  # the commands register() adds; main registers only the one named


def passphrase_env() -> str:
    """The environment variable that supplies the passphrase to scripts (CLI.md). Imported here,
    not at module level: app.signing loads pyHanko, which the other commands never need."""
    from app.signing.signer import ENV_PASSPHRASE

    return ENV_PASSPHRASE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("signer", help="单位签名证书（创建、导入、查看）")
    ssub = p.add_subparsers(dest="signer_command", metavar="SUBCOMMAND", parser_class=type(p))
    ssub.required = True
    c = ssub.add_parser("create", help="创建自签名的单位签名证书（RSA-2048，有效期 10 年）")
    c.add_argument("--name", required=True, help="证书名称（通常为单位名称），可用中文")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_create)
    i = ssub.add_parser("import", help="导入已有的签名证书（PKCS#12：.p12 / .pfx）")
    i.add_argument("file", type=Path)
    i.add_argument("--json", action="store_true")
    i.set_defaults(handler=cmd_import)
    s = ssub.add_parser("show", help="查看当前签名证书和已登记的证书")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_show)

    v = sub.add_parser("verify-pdf", help="核验 PDF 的签名：已签名、签名后未改动、证书可信")
    v.add_argument("file", type=Path)
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_verify)


def ask_passphrase(prompt: str, *, confirm: bool = False) -> str:
    """The passphrase from the environment, else typed on a terminal; UserError without either."""
    env = os.environ.get(passphrase_env())
    if env:
        return env
    if not sys.stdin.isatty():
        raise UserError(f"需要签名证书的口令，但当前不是交互式终端：请设置环境变量 {passphrase_env()}，"
                        "或在终端中运行本命令以输入口令。")
    first = getpass.getpass(prompt)
    if not first:
        raise UserError("口令不能为空，未作任何改动。")
    if confirm and getpass.getpass("请再次输入口令：") != first:
        raise UserError("两次输入的口令不一致，未作任何改动。")
    return first


def passphrase_for_signing(store: Any) -> str | None:
    """For commands that sign: None when the environment or keyring has the passphrase (or there
    is no signer — signing then says how to make one); otherwise asks on a terminal."""
    from app.signing import passphrase_needed

    if not passphrase_needed(store):
        return None
    return ask_passphrase("请输入签名证书的口令：")


def _say_signer(info: dict[str, Any], verb: str) -> None:
    say(f"{verb}签名证书「{info['name']}」，有效期至 {info['not_after']}。")
    say(f"证书指纹（SHA-256）：{info['fingerprint']}")
    say(f"证书文件：{info['p12_path']}")
    if info.get("replaced"):
        say(f"原签名证书「{info['replaced']}」已停用，仍用于核验以前签发的报告。")
    say(info["notice"])


def cmd_create(args: argparse.Namespace) -> int:
    from app.signing import create_signer

    if not args.name.strip():
        raise UserError("证书名称不能为空。")
    passphrase = ask_passphrase("请为签名证书设置口令：", confirm=True)
    with cli_store(args) as store:
        info = create_signer(store, name=args.name, passphrase=passphrase, operator=operator_of(args))
    if args.json:
        emit_json(info)
    else:
        _say_signer(info, "已创建")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.signing import import_signer

    if not args.file.is_file():
        raise UserError(f"找不到证书文件 {args.file}。")
    passphrase = ask_passphrase(f"请输入证书文件 {args.file.name} 的口令：")
    with cli_store(args) as store:
        info = import_signer(store, args.file, passphrase, operator=operator_of(args))
    if args.json:
        emit_json(info)
    else:
        _say_signer(info, "已导入")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.secrets import keyring_available
    from app.signing import active_signer, list_signers, passphrase_needed

    with cli_store(args) as store:
        active, signers = active_signer(store), list_signers(store)
        needed = passphrase_needed(store)
    if args.json:
        emit_json({"active": active, "signers": signers, "keyring": keyring_available(),
                   "passphrase_needed": needed})
        return 0
    if active is None:
        say("尚未设置签名证书（caseaudit signer create --name 单位名称）。")
        return 0
    say(f"当前签名证书：「{active['name']}」（{active['subject']}），有效期 {active['not_before']} 至 "
        f"{active['not_after']}")
    say(f"证书指纹（SHA-256）：{active['fingerprint']}")
    say("签名时需要输入口令。" if needed else "口令已可用（系统密钥环或环境变量），签名时无需输入。")
    for other in signers:
        if not other["active"]:
            say(f"  已停用：「{other['name']}」 {other['fingerprint']}（仍用于核验以前签发的报告）")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.signing import verify_pdf

    if not args.file.is_file():
        raise UserError(f"找不到文件 {args.file}。")
    with cli_store(args) as store:
        result = verify_pdf(store, args.file)
    if args.json:
        emit_json(result)
    ok = result["signed"] and result["intact"] and result["trusted"]
    if not ok:
        raise UserError(f"{args.file.name}：核验未通过——{'；'.join(result['problems'])}。")
    if not args.json:
        say(f"{args.file.name}：签名有效——由「{result['signer']}」于 {result['signed_at']} 签名，"
            "签名后文件未被改动，签名证书为本单位登记的证书。")
    return 0
