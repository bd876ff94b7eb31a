"""Whole-process records: by stage and kind, files kept by SHA-256, refusals in Chinese, the
音像记录事项清单 as a setting, RECORDING_MISSING and the checklist item, bulk attach from a folder."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.audit.service import run_audit
from app.errors import UserError
from app.process.bulk_attach import attach_folder
from app.process.checklist_items import recording_item_texts
from app.process.recording_list import DEFAULT_LIST, recording_list, set_recording_list
from app.process.records import RecordInput, add_record, list_records, recording_status
from db.models_audit import Finding
from tests.process.helpers import add_case

STOP = "长水罚〔2023〕第7号"
FINE_ONLY = "长水罚〔2023〕第8号"


def _codes(store, code: str = "RECORDING_MISSING") -> list[str]:
    with store.session() as s:
        return sorted(s.scalars(select(Finding.case_key).where(Finding.code == code)))


def test_a_stop_business_case_without_av_records_is_a_finding_and_with_them_is_not(store, tmp_path: Path) -> None:
    add_case(store, STOP, penalty="责令停产停业", decided_on=date(2023, 4, 1))
    add_case(store, FINE_ONLY, penalty="罚款5000元", decided_on=date(2023, 4, 1))
    add_record(store, RecordInput(STOP, "调查取证", "文字", "2023-03-05", "张三"))  # 文字 alone is not enough
    run_audit(store, as_of=date(2023, 6, 1), all_records=True)
    assert _codes(store) == ["长水罚〔2023〕第7号"]
    with store.session() as s:
        f = s.scalars(select(Finding).where(Finding.code == "RECORDING_MISSING")).one()
        assert "国办发〔2018〕118号" in f.rule and "责令停产停业" in f.message
    clip = tmp_path / "现场.mp4"
    clip.write_bytes(b"video-bytes")
    add_record(store, RecordInput(STOP, "执行", "音像", "2023-04-10", "李四"), file=clip)
    run_audit(store, as_of=date(2023, 6, 2), all_records=True)
    with store.session() as s:
        open_ = s.scalars(select(Finding.case_key).where(Finding.code == "RECORDING_MISSING",
                                                         Finding.status == "open")).all()
    assert open_ == []


def test_the_file_is_kept_by_sha256_and_listed(store, tmp_path: Path) -> None:
    add_case(store, STOP, penalty="责令停产停业")
    f = tmp_path / "a.mp4"
    f.write_bytes(b"abc")
    r = add_record(store, RecordInput("长水罚[2023]第007号", "立案", "音像", date(2023, 3, 1), "张三"), file=f)
    assert r["sha256"] == hashlib.sha256(b"abc").hexdigest() and r["case_no"] == STOP
    assert (store.path.parent / r["stored_path"]).read_bytes() == b"abc"
    assert [x["id"] for x in list_records(store, STOP)] == [r["id"]]
    st = recording_status(store, STOP)
    assert st.listed_for == "责令停产停业" and st.av_stages == ["立案"] and not st.missing


@pytest.mark.parametrize(("given", "words"), [
    (RecordInput(STOP, "归档", "文字"), "不在"),
    (RecordInput(STOP, "立案", "照片"), "文字 或 音像"),
    (RecordInput("长水罚〔2023〕第99号", "立案", "文字"), "没有案号"),
    (RecordInput(STOP, "立案", "文字", "2023-02-01"), "早于立案日期"),
    (RecordInput(STOP, "立案", "文字", "2999-01-01"), "晚于今天"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(store, given: RecordInput, words: str) -> None:
    add_case(store, STOP, penalty="责令停产停业")
    with pytest.raises(UserError, match=words):
        add_record(store, given)
    assert list_records(store) == []


def test_the_recording_list_is_an_office_setting(store) -> None:
    assert recording_list(store) == list(DEFAULT_LIST)
    add_case(store, STOP, penalty="罚款1000元", cause="违法取水，现场查封扣押设备")
    assert recording_status(store, STOP).listed_for == "查封扣押"
    assert set_recording_list(store, ["强制拆除", " ", "强制拆除"]) == ["强制拆除"]
    assert recording_status(store, STOP).listed_for == ""
    run_audit(store, as_of=date(2023, 6, 1), all_records=True)
    assert _codes(store) == []


def test_the_checklist_item_says_what_the_records_hold(store) -> None:
    add_case(store, STOP, penalty="责令停产停业")
    add_case(store, FINE_ONLY, penalty="罚款")
    with store.session() as s:
        assert recording_item_texts(s, FINE_ONLY) == []
        [text] = recording_item_texts(s, STOP)
    assert "责令停产停业" in text and "未见音像记录" in text


def test_bulk_attach_names_cases_by_file_name_and_refuses_unmatched_files(store, tmp_path: Path) -> None:
    add_case(store, STOP, penalty="责令停产停业")
    add_case(store, FINE_ONLY, penalty="罚款")
    folder = tmp_path / "音像"
    folder.mkdir()
    (folder / "长水罚〔2023〕第7号_询问.mp4").write_bytes(b"one")
    (folder / "长水罚(2023)第08号.mp4").write_bytes(b"two")
    (folder / "无关文件.mp4").write_bytes(b"three")
    with pytest.raises(UserError, match="无关文件.mp4"):
        attach_folder(store, folder, stage="调查取证", kind="音像", on="2023-03-05", by="张三")
    assert list_records(store) == []
    result = attach_folder(store, folder, stage="调查取证", kind="音像", on="2023-03-05", by="张三",
                           skip_unmatched=True)
    assert result.unmatched == ["无关文件.mp4"]
    assert sorted(r["case_no"] for r in result.attached) == sorted([STOP, FINE_ONLY])
    assert recording_status(store, STOP).av_stages == ["调查取证"]
