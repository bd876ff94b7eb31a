"""The lists the plans ask the office to publish (reference/002: 修订并公开本机关的行政执法人员清单),
written from the registers as Excel:

 * 执法人员清单: name, unit, field, certificate number and validity, status — enforcement officers
   only (辅助人员 hold no certificate), and never an ID number: the roster does not hold one and
   nothing here reads one;
 * 执法主体名录: each unit with its 统一社会信用代码 and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.reports.table_data import DATE, NUMBER, TEXT, TableColumn, TableData
from app.reports.table_xlsx import write_table_xlsx
from app.store import Store
from db.models import Officer, Unit

OFFICER_COLUMNS = (TableColumn("序号", NUMBER), TableColumn("姓名"), TableColumn("执法单位"), TableColumn("执法领域"),
                   TableColumn("执法证号"), TableColumn("有效期起", DATE), TableColumn("有效期至", DATE),
                   TableColumn("证件状态"))
UNIT_COLUMNS = (TableColumn("序号", NUMBER), TableColumn("执法主体名称"), TableColumn("统一社会信用代码"),
                TableColumn("执法领域", TEXT))
AUXILIARY = "辅助人员"
LISTS = ("officers", "units")


def officer_rows(store: Store) -> list[dict[str, Any]]:
    stmt = (select(Officer.name, Unit.name, Officer.field, Unit.field, Officer.cert_no, Officer.valid_from,
                   Officer.valid_to, Officer.status)
            .outerjoin(Unit, Unit.id == Officer.unit_id)
            .where(Officer.kind != AUXILIARY).order_by(Unit.name, Officer.name, Officer.id))
    with store.session() as s:
        return [{"name": n, "unit": u or "", "field": f or uf or "", "cert_no": c or "", "valid_from": vf,
                 "valid_to": vt, "status": st} for n, u, f, uf, c, vf, vt, st in s.execute(stmt)]


def unit_rows(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [{"name": n, "credit_code": c, "field": f}
                for n, c, f in s.execute(select(Unit.name, Unit.credit_code, Unit.field).order_by(Unit.name))]


def _numbered(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    return [[i, *r] for i, r in enumerate(rows, start=1)]


def write_officer_list(store: Store, out: Path | str, *, office: str = "") -> int:
    rows = officer_rows(store)
    table = TableData(f"{office}行政执法人员清单".strip(), OFFICER_COLUMNS,
                      _numbered([r["name"], r["unit"], r["field"], r["cert_no"], r["valid_from"], r["valid_to"],
                                 r["status"]] for r in rows), subtitle=f"共 {len(rows)} 人", count=len(rows))
    return write_table_xlsx(out, table, sheet="执法人员清单")


def write_unit_list(store: Store, out: Path | str, *, office: str = "") -> int:
    rows = unit_rows(store)
    table = TableData(f"{office}行政执法主体名录".strip(), UNIT_COLUMNS,
                      _numbered([r["name"], r["credit_code"], r["field"]] for r in rows),
                      subtitle=f"共 {len(rows)} 个执法主体", count=len(rows))
    return write_table_xlsx(out, table, sheet="执法主体名录")
