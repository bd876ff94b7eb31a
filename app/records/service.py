"""Register use cases: count, page, get, validate, save, delete, summary.

Each function opens one short session and returns plain dicts; the window's table model and
the CLI's `list` both page through here, with sorting and filtering done in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from app.accounts.actor import check
from app.concurrency import check_version, refuse_stale, version_of
from app.domain.numbers import normalise_case_no, normalise_receipt_no, split_receipt_no
from app.errors import UserError, ValidationError
from app.records import counts, sort_keys
from app.records.columns import REGISTERS, Register
from app.records.convert import parse_texts
from app.records.fields import KIND_LABELS, REGISTER_FIELDS
from app.records.filters import ColumnFilter, filter_clause
from app.store import Store
from db import changelog
from db.models import CaseFile, CaseOfficer, LedgerEntry, Officer, Receipt, Unit, table_of

KINDS = tuple(REGISTER_FIELDS)
Filters = Sequence[ColumnFilter]


def _register(kind: str) -> Register:
    if kind not in REGISTERS:
        raise UserError(f"未知的登记簿「{kind}」，应为 cases、ledger、receipts、officers、units 之一。")
    return REGISTERS[kind]


def _searchable(kind: str) -> list[str]:
    return [f.name for f in REGISTER_FIELDS[kind] if f.searchable]


def count(store: Store, kind: str, search: str = "", filters: Filters = ()) -> int:
    """How many records match `search` and `filters` (all of them for none): `SELECT count(*)`."""
    reg = _register(kind)
    stmt = _where(reg, select(func.count()).select_from(reg.model), search, filters)
    with store.session() as s:
        return int(s.scalar(stmt) or 0)


def page(store: Store, kind: str, *, search: str = "", sort: str | None = None, descending: bool = False,
         offset: int = 0, limit: int = 200, filters: Filters = ()) -> list[dict[str, Any]]:
    """One page of records as dicts (keys: id + the register's field names)."""
    reg = _register(kind)
    stmt = _where(reg, reg.base_select(*_row_columns(kind)), search, filters)
    if sort_keys.python_sorted(reg, sort):  # a small table's text column without a key column
        chosen = ids(store, kind, search=search, sort=sort, descending=descending, filters=filters)
        return [r for r in rows(store, kind, chosen[max(0, offset):max(0, offset) + max(0, limit)]) if r]
    stmt = _ordered(reg, stmt, sort, descending).offset(max(0, offset)).limit(max(0, limit))
    with store.session() as s:
        return _dicts(s, kind, s.execute(stmt).all())


def ids(store: Store, kind: str, *, search: str = "", sort: str | None = None,
        descending: bool = False, filters: Filters = ()) -> list[int]:
    """The ids of every record matching `search` and `filters`, in display order: one scan of the
    register, after which any page is `rows(ids[a:b])` — primary-key look-ups, no OFFSET re-scans.

    A text column sorts as a clerk reads it (app/records/sort_keys.py: 第2号 before 第10号, names
    by pinyin) through its stored key column, on any engine; a text column of a small table
    without one (a unit's field) is read in id order and sorted by the same key in Python.
    Amounts and dates sort as values (integer fen, dates)."""
    reg = _register(kind)
    with store.session() as s:
        if sort_keys.python_sorted(reg, sort):
            col = reg.column(sort or "")
            stmt = _where(reg, reg.base_select(reg.model.id, col, join_unit=reg.sorts_by_unit(sort)), search, filters)
            pairs = list(s.execute(stmt.order_by(reg.model.id)).all())
            pairs.sort(key=lambda p: sort_keys.sort_key(p[1]), reverse=descending)  # stable: ties by id
            return [int(p[0]) for p in pairs]
        stmt = _where(reg, reg.base_select(reg.model.id, join_unit=reg.sorts_by_unit(sort)), search, filters)
        return list(s.scalars(_ordered(reg, stmt, sort, descending)))


def _where(reg: Register, stmt: Any, search: str, filters: Filters) -> Any:
    clause = reg.search_clause(search, _searchable(reg.kind))
    if clause is not None:
        stmt = stmt.where(clause)
    for flt in filters:
        c = filter_clause(reg, flt)
        if c is not None:
            stmt = stmt.where(c)
    return stmt


def rows(store: Store, kind: str, record_ids: list[int]) -> list[dict[str, Any] | None]:
    """The records with these ids, in the same order; None for an id no longer in the store."""
    reg = _register(kind)
    if not record_ids:
        return []
    stmt = reg.base_select(*_row_columns(kind)).where(reg.model.id.in_(record_ids))
    with store.session() as s:
        by_id = {d["id"]: d for d in _dicts(s, kind, s.execute(stmt).all())}
    return [by_id.get(i) for i in record_ids]


def _ordered(reg: Any, stmt: Any, sort: str | None, descending: bool) -> Any:
    """ORDER BY the sort column (its stored key for text), then id; by id without a sort."""
    order_col = sort_keys.key_column(reg, sort)
    if order_col is None:
        order_col = reg.column(sort) if sort else None
    if order_col is not None:
        return stmt.order_by(order_col.desc() if descending else order_col.asc(), reg.model.id)
    return stmt.order_by(reg.model.id.desc() if descending else reg.model.id)


def _row_columns(kind: str) -> list[Any]:
    """Plain columns (no ORM objects) labelled and ordered as the dicts `_to_dict` makes: id,
    each field (the unit's name for `unit`, a NULL placeholder for the officers, filled in by
    `_dicts`), then the extras the table model shows."""
    reg = _register(kind)
    table = reg.model.__table__
    cols: list[Any] = [table.c.id]
    for f in REGISTER_FIELDS[kind]:
        if f.name == "unit":
            cols.append(func.coalesce(Unit.name, "").label("unit"))
        elif f.name in table.c:
            cols.append(table.c[f.name])
        else:
            cols.append(null().label(f.name))
    if kind == "ledger":
        cols.append(table.c.source_row.label("row"))
    if kind == "receipts":
        cols.append(table.c.voided)
    cols.append(table.c.row_version)  # what the window's delete hands back (app/concurrency.py)
    return cols


def _dicts(s: Session, kind: str, result_rows: Any) -> list[dict[str, Any]]:
    """Result rows of `_row_columns` → the dicts `_to_dict` makes from ORM objects."""
    if not result_rows:
        return []
    names = result_rows[0]._fields
    out = [dict(zip(names, r, strict=True)) for r in result_rows]
    if kind == "cases":
        officers = _officers_for(s, [d["id"] for d in out])
        for d in out:
            d["officers"] = officers.get(d["id"], [])
    elif kind == "receipts":
        for d in out:
            d["voided"] = bool(d["voided"])
    return out


def get(store: Store, kind: str, record_id: int) -> dict[str, Any]:
    return get_for_edit(store, kind, record_id)[0]


def get_for_edit(store: Store, kind: str, record_id: int) -> tuple[dict[str, Any], int]:
    """The record as `get` gives it and its version, read together: the version a form hands
    back to `save(expected_version=…)` so a save over another desk's newer one is refused."""
    reg = _register(kind)
    with store.session() as s:
        obj = s.get(reg.model, record_id)
        if obj is None:
            raise UserError(f"找不到{KIND_LABELS[kind]}记录（编号 {record_id}），可能已被删除。")
        unit = obj.unit.name if reg.has_unit and obj.unit else None
        officers = _officers_for(s, [obj.id]) if kind == "cases" else {}
        # the row's version too, as a register page's row carries it (`_row_columns`); the change
        # log's snapshots (`_to_dict`) leave it out
        return {**_to_dict(kind, obj, unit, officers), "row_version": version_of(obj)}, version_of(obj)


def validate(kind: str, texts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Parse form texts: (values, errors by field, warnings by field)."""
    _register(kind)
    return parse_texts(kind, texts)


def save(store: Store, kind: str, values: dict[str, Any], record_id: int | None = None,
         operator: str = "", expected_version: int | None = None) -> int:
    """Create or update one record; returns its id. Raises ValidationError naming the fields.
    `expected_version`: the version the form loaded (`get_for_edit`); when another desk has saved
    the record since, StaleRecordError (app/concurrency.py) and nothing is written."""
    reg = _register(kind)
    parsed, errors, _warnings = parse_texts(kind, values)
    if errors:
        raise ValidationError("记录有误，未保存：" + "；".join(errors.values()), errors)
    actor = check(store, "records.edit")
    operator = actor.name if actor else operator
    with refuse_stale(store, KIND_LABELS[kind], reg.model.__tablename__, record_id), store.writing() as s:
        obj = s.get(reg.model, record_id) if record_id is not None else reg.model()
        if obj is None:
            raise UserError(f"找不到{KIND_LABELS[kind]}记录（编号 {record_id}），可能已被删除。")
        if record_id is not None:
            check_version(s, obj, expected_version, KIND_LABELS[kind])
        loaded = version_of(obj)
        before = _to_dict(kind, obj, obj.unit.name if reg.has_unit and obj.unit else None,
                          _officers_for(s, [obj.id])) if record_id is not None else None
        _apply(s, kind, obj, parsed)
        _check_unique(s, kind, obj)
        if record_id is None:
            s.add(obj)
        s.flush()
        if kind == "cases":
            _replace_officers(s, obj, parsed.get("officers") or [])
        if record_id is not None and version_of(obj) == loaded:
            _touch(obj)
            s.flush()
        after = {k: v for k, v in parsed.items()}
        changelog.append(s, operator=operator, action="update" if before else "create",
                         table_name=reg.model.__tablename__, record_id=obj.id, before=before, after=after)
        return int(obj.id)


def _touch(obj: Any) -> None:
    """A form's save is an edit: its version moves even when only a case's officers (another
    table) changed, so a second desk's save over it is refused too."""
    first = next(c.key for c in obj.__table__.columns if not c.primary_key and c.key != "row_version")
    flag_modified(obj, first)


def delete(store: Store, kind: str, record_id: int, operator: str = "",
           expected_version: int | None = None) -> None:
    """Delete one record. `expected_version`: the version the window showed (a row's
    `row_version`); when another desk has saved the record since, StaleRecordError and nothing
    is deleted — the clerk confirmed deleting what they saw, not the other desk's edit."""
    actor = check(store, "records.edit")
    operator = actor.name if actor else operator
    reg = _register(kind)
    with refuse_stale(store, KIND_LABELS[kind], reg.model.__tablename__, record_id), store.writing() as s:
        obj = s.get(reg.model, record_id)
        if obj is None:
            raise UserError(f"找不到{KIND_LABELS[kind]}记录（编号 {record_id}），可能已被删除。")
        check_version(s, obj, expected_version, KIND_LABELS[kind])
        if kind == "units" and _unit_in_use(s, record_id):
            raise UserError(f"执法单位「{obj.name}」下还有案卷、台账、收据或人员，不能删除。")
        before = _to_dict(kind, obj, obj.unit.name if reg.has_unit and obj.unit else None,
                          _officers_for(s, [obj.id]) if kind == "cases" else {})
        s.delete(obj)
        changelog.append(s, operator=operator, action="delete", table_name=reg.model.__tablename__,
                         record_id=record_id, before=before)


def summary(store: Store) -> dict[str, int]:
    """Counts for the status bar and `caseaudit summary` (app/records/counts.py)."""
    return counts.summary(store)


def is_empty(store: Store) -> bool:
    """No officers, cases, ledger rows or receipts: four `LIMIT 1` look-ups, no counting."""
    return not first_filled(store)


def first_filled(store: Store, kinds: tuple[str, ...] = ("cases", "ledger", "receipts", "officers")) -> str | None:
    """The first of `kinds` holding any record, or None — cheap enough for a window's constructor."""
    with store.session() as s:
        for kind in kinds:
            model = REGISTERS[kind].model
            if s.scalar(select(model.id).limit(1)) is not None:
                return kind
    return None


def _officers_for(s: Session, case_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    out: dict[int, list[dict[str, str]]] = {}
    ids = [i for i in case_ids if i is not None]
    if not ids:
        return out
    stmt = (select(CaseOfficer.case_id, CaseOfficer.name, CaseOfficer.cert_no)
            .where(CaseOfficer.case_id.in_(ids)).order_by(CaseOfficer.case_id, CaseOfficer.position))
    for case_id, name, cert_no in s.execute(stmt):
        out.setdefault(case_id, []).append({"name": name, "cert_no": cert_no})
    return out


def _to_dict(kind: str, obj: Any, unit: str | None, officers: dict[int, list[dict[str, str]]]) -> dict[str, Any]:
    d: dict[str, Any] = {"id": obj.id}
    for f in REGISTER_FIELDS[kind]:
        if f.name == "unit":
            d["unit"] = unit or ""
        elif f.name == "officers":
            d["officers"] = officers.get(obj.id, [])
        else:
            d[f.name] = getattr(obj, f.name, None)
    if kind == "ledger":
        d["row"] = obj.source_row
    if kind == "receipts":
        d["voided"] = bool(obj.voided)
    return d


def _unit_id(s: Session, name: str) -> int | None:
    name = name.strip()
    if not name:
        return None
    unit = s.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        unit = Unit(name=name, field="")
        s.add(unit)
        s.flush()
    return unit.id


def _apply(s: Session, kind: str, obj: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "unit":
            obj.unit_id = _unit_id(s, value or "")
        elif name == "officers":
            continue
        elif name == "cert_no" and kind == "officers":
            obj.cert_no = value or None
        else:
            setattr(obj, name, value)
    if kind in ("cases", "ledger", "receipts"):
        obj.case_key = normalise_case_no(obj.case_no or "")
    if kind in ("ledger", "receipts"):
        obj.receipt_key = normalise_receipt_no(obj.receipt_no or "")
    if kind == "receipts":
        obj.series, obj.number, _width = split_receipt_no(obj.receipt_key)


def _check_unique(s: Session, kind: str, obj: Any) -> None:
    checks = {
        "cases": (CaseFile.case_key, "case_no", "案号"),
        "officers": (Officer.cert_no, "cert_no", "执法证号"),
        "units": (Unit.name, "name", "单位名称"),
    }
    if kind not in checks:
        return
    col, field_name, label = checks[kind]
    value = getattr(obj, col.key)
    if not value:
        return
    clash = s.scalar(select(col.class_.id).where(col == value, col.class_.id != (obj.id or -1)))
    if clash is not None:
        raise ValidationError(f"{label}「{value}」已存在，未保存。", {field_name: f"{label}已存在（记录 {clash}）"})


def _replace_officers(s: Session, case: CaseFile, officers: list[dict[str, str]]) -> None:
    s.execute(table_of(CaseOfficer).delete().where(CaseOfficer.case_id == case.id))
    for i, o in enumerate(officers):
        s.add(CaseOfficer(case_id=case.id, position=i, name=o["name"], cert_no=o.get("cert_no", "")))
    s.flush()


def _unit_in_use(s: Session, unit_id: int) -> bool:
    return any(s.scalar(select(m.id).where(m.unit_id == unit_id).limit(1)) is not None
               for m in (CaseFile, LedgerEntry, Receipt, Officer))
