"""Cases and units written straight into a test store, for the process registers' tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from app.domain.numbers import normalise_case_no
from app.store import Store
from db.models import CaseFile, Unit


def unit_id(store: Store, name: str, *, field: str = "", credit_code: str = "") -> int:
    with store.writing() as s:
        u = s.scalars(select(Unit).where(Unit.name == name)).first()
        if u is None:
            u = Unit(name=name, field=field, credit_code=credit_code)
            s.add(u)
            s.flush()
        return u.id


def add_case(store: Store, case_no: str, *, unit: str = "水政监察支队", **values: Any) -> int:
    uid = unit_id(store, unit)
    values.setdefault("filed_on", date(2023, 3, 1))
    with store.writing() as s:
        c = CaseFile(case_no=case_no, case_key=normalise_case_no(case_no), unit_id=uid, **values)
        s.add(c)
        s.flush()
        return c.id
