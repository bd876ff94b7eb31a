"""「上报材料包」 on the 报告 page and the 上级汇总 page: export from the page (the zip verifies),
a tampered copy gets the red verdict naming the member, the bureau imports the package and shows
the office's own figures, a replay is refused with the table unchanged, a new key asks a person
(拒绝 changes nothing, 接受 imports), the change-log check, and the table model under qtmodeltester."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt

from app.exchange import verify_package
from app.store import Store, open_store
from tests.exchange.helpers import export_first_package
from tests.ui.rectify_helpers import installed

AS_OF = date(2024, 6, 30)
PASSPHRASE = "数据包口令-2024"
OFFICE = "沈阳市某某区综合行政执法局"


@pytest.fixture(autouse=True)
def _passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEAUDIT_SIGNER_PASSPHRASE", PASSPHRASE)


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An audited demo office with its findings confirmed, a few measures and close-outs."""
    from app.audit.service import run_audit
    from app.demo import load_demo
    from app.office import set_office_info
    from app.rectify.service import add_disposition, close_problem, confirm_findings, set_measure

    folder = tmp_path_factory.mktemp("ui-office")
    evidence = folder / "整改佐证.pdf"
    evidence.write_bytes("%PDF-1.4 整改情况说明\n".encode() * 40)
    path = folder / "store" / "office.sqlite"
    path.parent.mkdir()
    store = open_store(path)
    try:
        load_demo(store, size=60)
        run_audit(store, as_of=AS_OF)
        set_office_info(store, office_name=OFFICE, principal_leader="李局长")
        ids = confirm_findings(store, None, operator="测试")
        for n, pid in enumerate(ids[:6]):
            set_measure(store, pid, measure="补正案卷", dept="法制科", owner="王五",
                        deadline=date(2024, 5, 1) if n % 2 else date(2030, 1, 1), operator="测试")
        for pid in ids[:3]:
            close_problem(store, pid, evidence=evidence, approver="李局长", on=date(2024, 4, 20))
        add_disposition(store, ids[0], kind="诫勉谈话", people_handled=1, sanctions=1, on=date(2024, 4, 3))
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def package_template(office_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ui-package")
    return export_first_package(office_template.parent, office_template.name, folder / "材料包-1.zip",
                                passphrase=PASSPHRASE, as_of=AS_OF)


@pytest.fixture
def office_store(office_template: Path, tmp_path: Path) -> Iterator[Store]:
    from app.store import open_store_for_gui

    shutil.copytree(office_template.parent, tmp_path / "office")
    store = open_store_for_gui(tmp_path / "office" / "office.sqlite")
    yield store
    store.close()


def _window(qtbot, store: Store, key: str):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow(store, operator="测试员")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w, w.show_page(key)


@pytest.fixture
def reports(qtbot, office_store, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    _w, page = _window(qtbot, office_store, "reports")
    panel = page.package_panel
    monkeypatch.setattr(panel, "ask_save_path", lambda _title, name, _kind="zip": tmp_path / name)
    return panel


@pytest.fixture
def bureau_page(qtbot, gui_store):  # type: ignore[no-untyped-def]
    _w, page = _window(qtbot, gui_store, "bureau")
    return page


def wait(qtbot, task) -> None:  # type: ignore[no-untyped-def]
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=60_000)


def flip_byte(src: Path, dst: Path, member: str) -> Path:
    """A copy of the zip with one byte of `member`'s content changed (the zip itself stays sound)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                i = len(data) // 2
                data = data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]
            zout.writestr(info, data)
    return dst


# --- 报告 page --------------------------------------------------------------------------------------
def test_export_from_the_page_verifies_and_a_tampered_copy_is_named(qtbot, reports, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert reports.title() == "上报材料包" and not reports.unmasked_box.isChecked()
    qtbot.mouseClick(reports.export_button, Qt.MouseButton.LeftButton)
    wait(qtbot, reports.task)
    assert reports.task.error is None, reports.task.error
    result = reports.task.result
    path = Path(result["path"])
    assert path.parent == tmp_path and path.name == f"材料包-{OFFICE}-{date.today().isoformat()}.zip"
    vp = verify_package(path)
    assert vp.sequence == 1 and vp.office_name == OFFICE and vp.manifest["masked"] is True
    text = reports.result_label.text()
    assert "第 1 号材料包" in text and "data.json" in text and "整改报告未签名" in text

    task = reports.verify(path)
    wait(qtbot, task)
    verdict = reports.verdict_label.text()
    assert f"✓ 材料包完整、未被改动、签名有效（单位：{OFFICE}，第 1 号）" in verdict
    assert "2e7d32" in reports.verdict_label.styleSheet()

    bad = flip_byte(path, tmp_path / "改动过.zip", "data.json")
    task = reports.verify(bad)
    wait(qtbot, task)
    verdict = reports.verdict_label.text()
    assert "✗ 核验失败：data.json — SHA-256 哈希：" in verdict and "内容被改动" in verdict
    assert "c62828" in reports.verdict_label.styleSheet()
    assert reports.verify_button.isEnabled()


def test_unmasked_export_and_sequence_two(qtbot, reports) -> None:  # type: ignore[no-untyped-def]
    wait(qtbot, reports.export())
    reports.unmasked_box.setChecked(True)
    task = reports.export(reports.task.result and Path(reports.task.result["path"]).with_name("第二号.zip"))
    wait(qtbot, task)
    assert task.error is None, task.error
    assert task.result["sequence"] == 2 and task.result["masked"] is False
    assert "含完整证件号码" in reports.result_label.text()


def test_no_keyring_asks_for_the_key_passphrase(qtbot, reports, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app import secrets
    from tests.ui.ui_helpers import type_text
    from ui.signing.signing_dialogs import PassphraseDialog

    wait(qtbot, reports.export())  # the key is made with PASSPHRASE
    monkeypatch.delenv("CASEAUDIT_SIGNER_PASSPHRASE")
    for _backend in installed(fail.Keyring()):
        assert reports.export() is None
        ask_twice(qtbot, reports, secrets.UNAVAILABLE_MESSAGE, PassphraseDialog, type_text)


def ask_twice(qtbot, reports, reason, cls, type_text) -> None:  # type: ignore[no-untyped-def]
    """A wrong passphrase is shown in the dialog, which stays open; the right one exports."""
    dialog = reports.dialog
    assert isinstance(dialog, cls) and dialog.isVisible()
    assert dialog.explanation.text() == reason
    type_text(qtbot, dialog.passphrase, "wrong-one")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=30_000)
    assert "口令不正确" in dialog.error.text() and dialog.isVisible()
    dialog.passphrase.clear()
    type_text(qtbot, dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait(qtbot, reports.task)
    assert reports.task.error is None and reports.task.result["sequence"] == 2
    qtbot.waitUntil(lambda: reports.dialog is None)


def test_log_verify_and_publication(qtbot, reports, office_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from openpyxl import load_workbook

    task = reports.verify_log()
    wait(qtbot, task)
    n = task.result["entries"]
    assert n > 0 and reports.verdict_label.text() == f"✓ 变更日志完整（{n} 条）"

    task = reports.publication(period=(date(2019, 1, 1), date(2024, 12, 31)))
    wait(qtbot, task)
    assert task.error is None, task.error
    out = Path(task.result["path"])
    assert out.name == "行政处罚公示-2019-01-01至2024-12-31.xlsx"
    assert load_workbook(out).active.max_row == task.result["rows"] + 2

    con = sqlite3.connect(office_store.path)  # someone edits the log behind the program's back
    con.execute("UPDATE change_log SET operator = '他人' WHERE id = 2")
    con.commit()
    con.close()
    task = reports.verify_log()
    wait(qtbot, task)
    assert "✗ 变更日志核验未通过" in reports.verdict_label.text() and "记录编号 2（" in reports.verdict_label.text()
    assert "c62828" in reports.verdict_label.styleSheet()


# --- 上级汇总 page ----------------------------------------------------------------------------------
def office_rows(page) -> list[list[str]]:  # type: ignore[no-untyped-def]
    m = page.offices_model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_bureau_is_in_the_navigation_after_reports(qtbot, bureau_page) -> None:  # type: ignore[no-untyped-def]
    nav = bureau_page.window().nav
    labels = [nav.item(i).text() for i in range(nav.count())]
    assert labels[labels.index("报告") + 1] == "上级汇总"
    assert bureau_page.offices_model.rowCount() == 0 and "尚未导入" in bureau_page.totals_label.text()


def test_import_shows_the_office_and_a_replay_is_refused(qtbot, bureau_page, package_template, office_template,
                                                         tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.rectify.service import statistics

    package = shutil.copy(package_template, tmp_path / "材料包.zip")
    task = bureau_page.import_file(Path(package))
    wait(qtbot, task)
    assert task.error is None, task.error
    assert "✓ 已导入" in bureau_page.status_label.text() and OFFICE in bureau_page.status_label.text()
    office = open_store(office_template)
    try:
        total = statistics(office)["total"]
        rows_by_cat = statistics(office)["rows"]
    finally:
        office.close()
    (row,) = office_rows(bureau_page)
    assert row[0] == OFFICE and row[1] == "1"
    assert (int(row[2]), int(row[3])) == (total["found"], total["rectified"]) and total["rectified"] == 3
    assert (int(row[5]), int(row[6])) == (total["people_handled"], total["sanctions"])
    cm = bureau_page.category_model
    cats = [cm.index(r, 0).data() for r in range(cm.rowCount())]
    assert cats[:-1] == [r["category"] for r in rows_by_cat] and cats[-1] == "合计"
    assert int(cm.index(cm.rowCount() - 1, 1).data()) == total["found"]
    assert bureau_page.scope_box.count() == 2

    before = office_rows(bureau_page)
    task = bureau_page.import_file(Path(package))
    wait(qtbot, task)
    text = bureau_page.status_label.text()
    assert text.startswith("✗ 未导入") and "manifest.json — 重放" in text
    assert "c62828" in bureau_page.status_label.styleSheet()
    assert office_rows(bureau_page) == before
    assert bureau_page.dialog is None


def test_a_new_key_asks_a_person(qtbot, bureau_page, gui_store, package_template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tests.exchange.helpers import forge, snapshot
    from ui.exchange.new_key_dialog import NewKeyDialog, grouped

    package = Path(shutil.copy(package_template, tmp_path / "材料包-1.zip"))
    wait(qtbot, bureau_page.import_file(package))
    first = verify_package(package)

    def next_package(m: dict) -> None:
        m["sequence"] = 2
        m["previous_package_sha256"] = first.manifest_sha256

    p2 = forge(package, tmp_path / "材料包-2.zip", Ed25519PrivateKey.generate(), next_package)
    new_fp = verify_package(p2).fingerprint
    before_rows, before = office_rows(bureau_page), snapshot(gui_store.path)

    wait(qtbot, bureau_page.import_file(p2))
    dialog = bureau_page.dialog
    assert isinstance(dialog, NewKeyDialog) and dialog.isVisible()
    assert "manifest.sig — 签名密钥" in bureau_page.status_label.text()
    assert dialog.pinned_label.text() == grouped(first.fingerprint)
    assert dialog.new_label.text() == grouped(new_fp)
    assert dialog.new_label.text().split("\n")[0].split(" ")[0] == new_fp[:4].upper()
    assert OFFICE in dialog.title_label.text()
    assert "核实" in dialog.warning.text()
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bureau_page.dialog is None)
    assert "已拒绝新密钥" in bureau_page.status_label.text()
    assert office_rows(bureau_page) == before_rows and snapshot(gui_store.path) == before

    wait(qtbot, bureau_page.import_file(p2))
    dialog = bureau_page.dialog
    assert isinstance(dialog, NewKeyDialog)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bureau_page.task is not None and bureau_page.task.done and
                    "第 2 号" in bureau_page.status_label.text(), timeout=60_000)
    assert bureau_page.task.error is None
    (row,) = office_rows(bureau_page)
    assert row[1] == "2"


def test_summary_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from ui.exchange.bureau_page import CATEGORY_COLUMNS, OFFICE_COLUMNS, SummaryModel

    model = SummaryModel(OFFICE_COLUMNS)
    model.set_rows([{"name": "甲单位", "sequence": 3, "problems": 10, "rectified": 4, "overdue": 1,
                     "people_handled": 2, "sanctions": 1}, {"name": "乙单位", "sequence": 1}])
    qtmodeltester.check(model)
    cats = SummaryModel(CATEGORY_COLUMNS)
    cats.set_rows([{"category": "执法不规范", "found": 2, "rectified": 1, "people_handled": 0, "sanctions": 0},
                   {"category": "合计", "_total": True, "found": 2, "rectified": 1, "people_handled": 0,
                    "sanctions": 0}])
    qtmodeltester.check(cats)


def test_a_new_office_under_a_known_name_asks_a_person(qtbot, bureau_page, gui_store, package_template,
                                                       tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A first package from another office id that carries an already-registered office's name is
    not summed in silently: the page offers NewOfficeDialog; 拒绝 leaves the store as it was, 登记
    records the new office and imports the package as its own row."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tests.exchange.helpers import forge, snapshot
    from ui.exchange.new_key_dialog import NewOfficeDialog

    package = Path(shutil.copy(package_template, tmp_path / "材料包-1.zip"))
    wait(qtbot, bureau_page.import_file(package))
    first_id = verify_package(package).manifest["office"]["office_id"]

    def other_office(m: dict) -> None:
        m["office"]["office_id"] = "office-elsewhere"

    impostor = forge(package, tmp_path / "材料包-同名.zip", Ed25519PrivateKey.generate(), other_office)
    before_rows, before = office_rows(bureau_page), snapshot(gui_store.path)
    wait(qtbot, bureau_page.import_file(impostor))
    dialog = bureau_page.dialog
    assert isinstance(dialog, NewOfficeDialog) and dialog.isVisible()
    assert "发送单位" in bureau_page.status_label.text()
    assert first_id in dialog.pinned_label.text() and OFFICE in dialog.title_label.text()
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bureau_page.dialog is None)
    assert "未登记新单位" in bureau_page.status_label.text()
    assert office_rows(bureau_page) == before_rows and snapshot(gui_store.path) == before

    wait(qtbot, bureau_page.import_file(impostor))
    dialog = bureau_page.dialog
    assert isinstance(dialog, NewOfficeDialog)
    dialog.operator.clear()
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "确认人" in dialog.error.text()  # no name, no registration
    dialog.operator.setText("王科长")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bureau_page.task is not None and bureau_page.task.done and
                    "✓ 已导入" in bureau_page.status_label.text(), timeout=60_000)
    assert len(office_rows(bureau_page)) == 2
