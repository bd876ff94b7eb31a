"""The built-in 使用手册: the workflow chapters and one entry per finding code, read from
resources/help/ (Markdown), and the 关于 text (version, store path, the licences of the parts
the program ships with).

    manual_topics() → [Topic]            chapters of manual.md, in order ("# Title" each)
    code_help(code) → CodeHelp           what it means, the rule the program applies, how to fix it
    code_markdown(code) → str            the entry as the help window shows it
    about_markdown(store_path) → str

The rule of an entry is CODES' own (app/audit/codes.py), never copied into the help, so the help
and the findings cite the same text. A test checks that every code in CODES has an entry.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app import __version__
from app.audit.codes import CODES
from app.errors import UserError

HEADING = re.compile(r"^# (?P<title>.+?)\s*$", re.MULTILINE)
CODE_HEADING = re.compile(r"^## (?P<code>[A-Z_]+)\s*$", re.MULTILINE)
CODES_TOPIC = "问题类型说明"

# The parts shipped inside the program and their licences (the fonts' texts are in resources/fonts).
BUNDLED_PARTS = (
    ("Qt 6 / PySide6", "GNU LGPL v3", "界面"),
    ("SQLAlchemy", "MIT", "数据库访问"),
    ("ReportLab", "BSD", "PDF 报告"),
    ("openpyxl", "MIT", "Excel 表格"),
    ("python-calamine", "MIT", "读取 Excel/WPS 表格"),
    ("pyHanko", "MIT", "PDF 签名"),
    ("cryptography", "Apache-2.0 / BSD", "数据包签名"),
    ("keyring", "MIT", "口令保管"),
    ("platformdirs", "MIT", "数据文件夹"),
    ("pypdfium2 / PDFium", "Apache-2.0 / BSD", "PDF 预览"),
)


@dataclass(frozen=True)
class Topic:
    title: str
    markdown: str


@dataclass(frozen=True)
class CodeHelp:
    code: str
    name: str
    stage: str
    rule: str
    meaning: str
    fix: str


def resources_dir() -> Path:
    """`resources/` beside the packages, or inside the PyInstaller bundle when frozen (as
    app/reports/fonts.py finds it; not imported from there, which would load ReportLab)."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) / "resources" if frozen else Path(__file__).resolve().parents[1] / "resources"


def help_dir() -> Path:
    return resources_dir() / "help"


@lru_cache(maxsize=1)
def manual_topics() -> tuple[Topic, ...]:
    """The chapters of manual.md, then the chapter listing every finding code."""
    text = (help_dir() / "manual.md").read_text(encoding="utf-8")
    heads = list(HEADING.finditer(text))
    topics = [Topic(h["title"], text[h.start():heads[i + 1].start() if i + 1 < len(heads) else len(text)].strip())
              for i, h in enumerate(heads)]
    index = "\n".join(f"- **{c}** {CODES[c][1]}（{CODES[c][0]}）" for c in CODES)
    topics.append(Topic(CODES_TOPIC, f"# {CODES_TOPIC}\n\n倒查和评查发现的每一类问题，在左侧目录中各有一条说明"
                                     f"（含义、依据、如何整改）：\n\n{index}"))
    return tuple(topics)


@lru_cache(maxsize=1)
def _code_texts() -> dict[str, dict[str, str]]:
    text = (help_dir() / "codes.md").read_text(encoding="utf-8")
    heads = list(CODE_HEADING.finditer(text))
    out: dict[str, dict[str, str]] = {}
    for i, h in enumerate(heads):
        body = text[h.end():heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        fields: dict[str, str] = {}
        for line in body.strip().splitlines():
            label, sep, value = line.partition("：")
            if sep and label in ("含义", "整改"):
                fields[label] = value.strip()
        out[h["code"]] = fields
    return out


def documented_codes() -> set[str]:
    """The codes codes.md has an entry for (含义 and 整改 both written)."""
    return {c for c, f in _code_texts().items() if f.get("含义") and f.get("整改")}


def code_help(code: str) -> CodeHelp:
    if code not in CODES:
        raise UserError(f"未知的问题代码「{code}」。")
    stage, name, rule = CODES[code]
    texts = _code_texts().get(code, {})
    return CodeHelp(code, name, stage, rule, texts.get("含义", ""), texts.get("整改", ""))


def code_markdown(code: str) -> str:
    h = code_help(code)
    return (f"# {h.name}\n\n`{h.code}`　环节：{h.stage}\n\n## 含义\n\n{h.meaning}\n\n## 依据\n\n{h.rule}\n\n"
            f"## 如何整改\n\n{h.fix}\n\n## 在本程序中\n\n在「倒查」页选中线索，「查看链条」核对收据、台账、案卷三者，"
            "记录有误的直接打开记录改正后再次倒查；核实属实的「确认为问题」，列入问题清单整改；"
            "不属于问题的「排除…」并写明理由。")


def licence_files() -> list[Path]:
    return sorted((resources_dir() / "fonts").glob("*LICENSE*"))


def about_markdown(store_path: Path | str) -> str:
    parts = "\n".join(f"| {name} | {licence} | {use} |" for name, licence, use in BUNDLED_PARTS)
    fonts = "\n".join(f"- `{p.name}`" for p in licence_files())
    return (f"# 执法案卷倒查工作台（CaseAudit）\n\n版本 **{__version__}**\n\n罚没款收据 → 处罚台账 → 处罚案卷 倒查。\n\n"
            f"**数据库**：`{store_path}`\n\n## 随程序提供的组件\n\n| 组件 | 许可 | 用途 |\n|---|---|---|\n{parts}\n"
            f"| 文泉驿微米黑 wqy-microhei | Apache-2.0 / GPL-3（字体例外） | 界面与报告字体 |\n"
            f"| AR PL UMing | Arphic Public License | 公文正文字体 |\n\n"
            f"字体的许可全文随程序提供（resources/fonts）：\n\n{fonts}\n\n"
            "Qt 与 PySide6 以 LGPL v3 提供，可替换为兼容版本；各组件的许可全文见其发行包。")
