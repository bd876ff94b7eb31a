"""Several records written together, one changed by another desk between the check and the write
(the ORM's version check fails at flush): a clear refusal in Chinese, never a raw SQLAlchemy error."""

from __future__ import annotations

import pytest
from sqlalchemy.orm.exc import StaleDataError

from app.concurrency import StaleBatchError, StaleRecordError, refuse_stale
from app.records import service


def test_a_batch_whose_version_check_fails_is_refused_in_chinese(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StaleBatchError, match="有记录刚被另一位用户修改，本次修改未保存"), \
            refuse_stale(store, "问题线索", "findings", None):
        raise StaleDataError("UPDATE statement on table 'findings' expected to update 2 row(s); 1 were matched.")


def test_one_record_names_who_changed_it(store) -> None:  # type: ignore[no-untyped-def]
    uid = service.save(store, "units", {"name": "浑河管理处"}, operator="甲")
    with pytest.raises(StaleRecordError, match="已被 甲 于"), refuse_stale(store, "执法单位", "units", uid):
        raise StaleDataError("UPDATE statement on table 'units' expected to update 1 row(s); 0 were matched.")
