"""What the bureau package carries of the process registers (app/exchange/data.py `process`):
the 三项制度 task table with status and overdue flags, the 音像记录事项清单, the listed cases still
without 音像 records, and the count of whole-process records."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.process.recording_list import recording_list
from app.process.records import list_records, listed_cases
from app.process.tasks import list_tasks
from app.store import Store

TASK_FIELDS = ("seq", "main_task", "sub_task", "breakdown", "units", "due_text", "due_on", "status", "completed_on",
               "overdue")


def process_data(store: Store, as_of: date) -> dict[str, Any]:
    return {"tasks": [{k: t[k] for k in TASK_FIELDS} for t in list_tasks(store, as_of=as_of)],
            "recording_list": recording_list(store),
            "recording_missing": [st.case_no for st in listed_cases(store, missing_only=True)],
            "records": len(list_records(store))}
