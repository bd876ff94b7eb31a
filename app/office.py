"""The office's own details (填报单位, 负责人 …), kept in the store's `settings` table.

    office_info(store) -> {"office_name", "office_unit", "office_id", "principal_leader", "doc_prefix",
                           "contact_person", "contact_phone"}
    set_office_info(store, operator=..., office_name=..., ...)

`office_id` is a stable identifier of this office's store: a UUID4 made the first time it is
read, never changed afterwards (packages sent to the bureau name their sender by it).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_settings import Setting

FIELDS = ("office_name", "office_unit", "office_id", "principal_leader", "doc_prefix", "contact_person",
          "contact_phone")
# 联系人 / 联系电话: printed where the forms and the plan's 附件 carry them (e.g. 县专项整治办联系人).
EDITABLE = ("office_name", "office_unit", "principal_leader", "doc_prefix", "contact_person", "contact_phone")
LABELS = {"office_name": "单位名称", "office_unit": "内设机构", "office_id": "单位标识",
          "principal_leader": "主要负责人", "doc_prefix": "文号前缀", "contact_person": "联系人",
          "contact_phone": "联系电话"}
PREFIX = "office."
REQUIRED_FOR_DOCUMENTS = ("office_name", "principal_leader")  # 发文机关署名, 签发人 of an official document


class OfficeDetailsMissingError(UserError):
    """An official document refused because the office's details lack what it must carry;
    `missing` names the fields (the window offers the office details dialog to fill them)."""

    def __init__(self, message: str, missing: list[str]) -> None:
        super().__init__(message)
        self.missing = missing


def require_office_details(info: dict[str, str], document: str) -> None:
    """Refuse `document` while the office name or the principal leader is empty: an official
    document without its issuing office (发文机关署名) or its 签发人 cannot be sent."""
    missing = [f for f in REQUIRED_FOR_DOCUMENTS if not (info.get(f) or "").strip()]
    if missing:
        names = "、".join(LABELS[f] for f in missing)
        raise OfficeDetailsMissingError(
            f"不能生成{document}：本单位信息中的{names}尚未填写（公文须有发文机关署名和签发人）。"
            "请先在「设置 → 单位信息」或「报告 → 修改单位信息…」中填写，未生成任何文件。", missing)


def _read(s: Session) -> dict[str, str]:
    rows = s.scalars(select(Setting).where(Setting.key.in_([PREFIX + f for f in FIELDS]))).all()
    values = {r.key[len(PREFIX):]: r.value for r in rows}
    return {f: values.get(f, "") for f in FIELDS}


def _ensure_id(s: Session, info: dict[str, str], operator: str) -> None:
    if info["office_id"]:
        return
    info["office_id"] = str(uuid.uuid4())
    s.add(Setting(key=PREFIX + "office_id", value=info["office_id"]))
    s.flush()
    changelog.append(s, operator=operator, action="create", table_name="settings", record_id=None,
                     after={"key": PREFIX + "office_id", "value": info["office_id"]})


def office_info(store: Store) -> dict[str, str]:
    """The office's details; the stable `office_id` is generated (and stored) on first read."""
    with store.session() as s:
        info = _read(s)
    if info["office_id"]:
        return info
    with store.writing() as s:
        info = _read(s)
        _ensure_id(s, info, "")
        return info


def set_office_info(store: Store, *, operator: str = "", **fields: Any) -> dict[str, str]:
    """Change some of office_name, office_unit, principal_leader, doc_prefix (None = unchanged)."""
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise UserError(f"单位信息没有这些可修改的项目：{'、'.join(unknown)}"
                        f"（可修改：{'、'.join(LABELS[f] for f in EDITABLE)}）。")
    changes = {k: str(v).strip() for k, v in fields.items() if v is not None}
    if "office_name" in changes and not changes["office_name"]:
        raise UserError("单位名称不能为空。")
    actor = check(store, "settings.write")  # under login the office's details are a 管理员's settings
    operator = actor.name if actor else operator
    with store.writing() as s:
        info = _read(s)
        _ensure_id(s, info, operator)
        for key, value in changes.items():
            if info[key] == value:
                continue
            row = s.get(Setting, PREFIX + key)
            before = {"key": PREFIX + key, "value": row.value} if row is not None else None
            if row is None:
                s.add(Setting(key=PREFIX + key, value=value))
            else:
                row.value = value
            s.flush()
            changelog.append(s, operator=operator, action="update" if before else "create", table_name="settings",
                             record_id=None, before=before, after={"key": PREFIX + key, "value": value})
            info[key] = value
        return info
