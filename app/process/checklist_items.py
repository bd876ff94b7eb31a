"""The review checklist's item for a case's whole-process records (执法全过程记录): when the office's
音像记录事项清单 lists the case, the reviewer checks its full audio/video recording, told what the
records hold. app/review/checklist.py adds these to a case's checklist (section RECORDING_SECTION)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.process.recording_list import LIST_KEY, parse_list
from app.process.records import status_in
from db.models import CaseFile
from db.models_settings import Setting

RECORDING_SECTION = "执法全过程记录"
RECORDING_CODE = "RECORDING_MISSING"


def recording_item_texts(s: Session, case_key: str) -> list[str]:
    """The item's text for the case ([] when the list does not name it)."""
    case = s.scalars(select(CaseFile).where(CaseFile.case_key == case_key)).first()
    if case is None:
        return []
    words = parse_list(s.scalar(select(Setting.value).where(Setting.key == LIST_KEY)))
    st = status_in(s, case, words)
    if not st.listed_for:
        return []
    held = f"已有音像记录：{'、'.join(st.av_stages)}" if st.av_stages else "未见音像记录"
    return [f"音像记录事项清单所列「{st.listed_for}」案件实行全程音像记录（{held}）"]
