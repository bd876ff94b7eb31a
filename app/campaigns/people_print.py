"""The plan's 附件 名单 printed: the leadership group and its office, the working groups and the
units' liaisons, as a PDF (ReportLab, the reports' fonts and page style) and as an Excel form
(openpyxl, the forms' layout). Laid out like reference/000 and 001's 附件:

    组　长：陈双伟　局长
    副组长：赵晓明　副局长
    …
    单位联络员（table: 序号 · 单位 · 姓名 · 职务 · 联系电话）
    办公室联系人：张程程　联系电话：6169675

    people_data(store) → dict · render_people_pdf(data, out) · render_people_xlsx(data, out)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from app.campaigns.people import LIAISON_GROUP, grouped, list_people
from app.campaigns.service import active_campaign, get_campaign
from app.errors import UserError
from app.reports.fonts import FontSet, report_fonts
from app.reports.forms_base import Column, write_form
from app.reports.output import atomic_file
from app.reports.pdf_base import build_pdf, esc, frame_width, grid_table, make_styles
from app.reports.text import clean
from app.store import Store

LIAISON_COLUMNS = ("序号", "单位", "姓名", "职务", "联系电话")
LIAISON_SHARES = (0.09, 0.33, 0.17, 0.2, 0.21)  # of the portrait frame's 156 mm
XLSX_COLUMNS = (Column("序号", 6, True), Column("小组", 18), Column("职务", 12, True), Column("姓名", 12, True),
                Column("单位及职务", 36), Column("联系电话", 16, True))
SPACED = {"组长": "组　长", "成员": "成　员", "主任": "主　任"}  # as the plans print two-character roles


def people_data(store: Store, campaign_id: int | None = None) -> dict[str, Any]:
    """{"campaign": {name, doc_no}, "people": [...], "office": {office_name, contact_person, contact_phone}}."""
    from app.office import office_info

    camp = get_campaign(store, campaign_id) if campaign_id is not None else active_campaign(store)
    if camp is None:
        raise UserError("还没有当前专项活动。请先用 campaign create 创建。")
    people = list_people(store, campaign_id=camp["id"])
    if not people:
        raise UserError(f"专项活动「{camp['name']}」还没有录入人员（campaign people add）。")
    info = office_info(store)
    return {"campaign": {"name": camp["name"], "doc_no": camp["doc_no"]}, "people": people,
            "office": {k: info.get(k, "") for k in ("office_name", "contact_person", "contact_phone")}}


def title_of(data: dict[str, Any]) -> str:
    return f"{clean(data['campaign']['name'])}领导小组及工作人员名单"


def person_line(p: dict[str, Any]) -> str:
    """'组　长：陈双伟　局长' (the post after the name; a unit before the post when there is one)."""
    post = "　".join(x for x in (clean(p.get("unit")), clean(p.get("post"))) if x)
    phone = f"　{clean(p['phone'])}" if p.get("phone") else ""
    return f"{SPACED.get(p['role'], p['role'])}：{clean(p['name'])}{'　' + post if post else ''}{phone}"


def contact_line(data: dict[str, Any]) -> str:
    o = data.get("office") or {}
    if not o.get("contact_person") and not o.get("contact_phone"):
        return ""
    return f"联系人：{clean(o.get('contact_person')) or '—'}　联系电话：{clean(o.get('contact_phone')) or '—'}"


def render_people_pdf(data: dict[str, Any], out: Path, *, fonts: FontSet | None = None) -> Path:
    fonts = fonts or report_fonts()
    st = make_styles(fonts)
    story: list[Flowable] = [Paragraph("附件", st.plain), Paragraph(esc(title_of(data)), st.title)]
    for group, people in grouped(data["people"]):
        story.append(Paragraph(esc(group), st.heading))
        if group == LIAISON_GROUP:
            rows = [[n, clean(p["unit"]), clean(p["name"]), clean(p["post"]), clean(p["phone"])]
                    for n, p in enumerate(people, start=1)]
            widths = [frame_width() * share for share in LIAISON_SHARES]
            story.append(grid_table(LIAISON_COLUMNS, rows, widths, fonts, size=12, center_cols=(0, 2, 4)))
        else:
            story += [Paragraph(esc(person_line(p)), st.plain) for p in people]
        story.append(Spacer(1, 3 * mm))
    contact = contact_line(data)
    if contact:
        office = clean((data.get("office") or {}).get("office_name"))
        story.append(Paragraph(esc(f"{office}　{contact}" if office else contact), st.plain))
    return build_pdf(out, story, fonts, title=title_of(data), est_pages=1 + len(data["people"]) // 25)


def people_rows(data: dict[str, Any]) -> list[list[Any]]:
    return [[n, p["group"], p["role"], p["name"], "　".join(x for x in (p["unit"], p["post"]) if x), p["phone"]]
            for n, p in enumerate(data["people"], start=1)]


def build_people_workbook(data: dict[str, Any]) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名单"
    info = contact_line(data) or f"文号：{clean(data['campaign']['doc_no'])}"
    write_form(ws, title=title_of(data), info_line=info, columns=XLSX_COLUMNS, rows=people_rows(data),
               landscape=False)
    return wb


def render_people_xlsx(data: dict[str, Any], out: Path) -> Path:
    out = Path(out)
    with atomic_file(out) as temp:
        build_people_workbook(data).save(temp)
    return out


def print_people(store: Store, out: Path, *, campaign_id: int | None = None) -> Path:
    """名单 into `out`: an Excel form when it ends in .xlsx, else a PDF."""
    from app.reports.font_setting import apply_report_font

    data = people_data(store, campaign_id)
    if Path(out).suffix.lower() == ".xlsx":
        return render_people_xlsx(data, Path(out))
    apply_report_font(store)
    return render_people_pdf(data, Path(out))
