"""The 统计年报 written out: one row per unit and a 合计 row, as Excel and as a printable PDF.

Columns: 执法单位 · 处罚决定 · one column per penalty kind that occurs in the year (the law's
order) · 罚款（元） · 没收（元） · 听证 · 法制审核 · 复议/诉讼/纠错 · 投诉举报 受理/办结 · 问题 发现/整改.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.audit.law.penalties import KINDS
from app.reports.annual import TOTAL, AnnualReport, Tally
from app.reports.table_data import FEN, NUMBER, TEXT, TableColumn, TableData
from app.reports.table_pdf import write_table_pdf
from app.reports.table_xlsx import write_table_xlsx

TAIL: tuple[tuple[str, str, str], ...] = (
    ("fine_fen", "罚款金额（元）", FEN), ("confiscation_fen", "没收金额（元）", FEN),
    ("hearings", "举行听证", NUMBER), ("legal_reviews", "法制审核", NUMBER),
    ("reconsidered", "被申请复议", NUMBER), ("litigated", "被提起诉讼", NUMBER), ("corrected", "被纠错", NUMBER),
    ("complaints", "受理投诉举报", NUMBER), ("complaints_closed", "办结投诉举报", NUMBER),
    ("problems", "发现问题", NUMBER), ("problems_rectified", "整改问题", NUMBER),
)


def _kinds(report: AnnualReport) -> list[str]:
    return [k for k in KINDS if report.totals.by_kind.get(k)]


def _row(name: str, t: Tally, kinds: list[str]) -> list[Any]:
    return [name, t.decisions, *(t.by_kind.get(k, 0) for k in kinds), *(getattr(t, f) for f, _h, _k in TAIL)]


def annual_table(report: AnnualReport) -> TableData:
    kinds = _kinds(report)
    columns = [TableColumn("执法单位", TEXT), TableColumn("处罚决定", NUMBER),
               *(TableColumn(k, NUMBER) for k in kinds), *(TableColumn(h, kind) for _f, h, kind in TAIL)]
    rows = [_row(name, t, kinds) for name, t in report.units.items()] + [_row(TOTAL, report.totals, kinds)]
    subtitle = (f"统计年度：{report.year}年1月1日至12月31日（以作出处罚决定日期计）；"
                f"应于{report.due_on.year}年1月31日前公开，并报本级人民政府和上级主管部门。"
                f"复议、诉讼、纠错情况登记簿尚未记载，计为0；投诉举报：{report.complaints_source}。")
    return TableData(f"{report.year}年度行政执法统计年报", columns, rows, subtitle=subtitle, count=len(rows))


def write_annual_xlsx(out: Path | str, report: AnnualReport) -> Path:
    write_table_xlsx(out, annual_table(report), sheet="统计年报")
    return Path(out)


def write_annual_pdf(out: Path | str, report: AnnualReport, *, font_file: Path | str | None = None) -> Path:
    write_table_pdf(out, annual_table(report), font_file=font_file)
    return Path(out)
