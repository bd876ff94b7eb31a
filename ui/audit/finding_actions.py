"""What the 倒查 page does with the findings chosen in its table (a mixin of AuditPage): the
current and the selected findings, the chain view, 确认为问题 and 排除… for every selected open
finding at once (confirmation asked once, saying what is final), 恢复, and 帮助.

Each action hands back the `row_version` of the findings as the list showed them; when another
desk changed one since, the store refuses (StaleRecordError, naming who and when) and the page
offers 重新载入, which reads the list again.

Kept apart from the page's layout and its audit run (ui/audit/audit_page.py); the page supplies
the attributes declared below and the signals `recordRequested` and `helpRequested`.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, SignalInstance
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from app.audit import service as audit
from app.concurrency import StaleRecordError
from app.errors import UserError
from app.rectify.service import confirm_findings
from app.store import Store
from ui.audit.chain_view import ChainView
from ui.audit.dismiss_dialog import DismissDialog
from ui.audit.findings_model import FindingsModel
from ui.common.events import Events
from ui.common.messages import confirm, show_user_error
from ui.common.stale_prompt import ask_reload

CONFIRM_WARNING = "确认后列入问题清单，进入整改；已确认的线索不能再排除，只能经整改销号。"


class FindingActions:
    store: Store
    operator: str
    events: Events
    table: QTableView
    model: FindingsModel
    summary: QLabel
    chain_view: ChainView | None
    dismiss_dialog: DismissDialog | None
    recordRequested: SignalInstance
    helpRequested: SignalInstance

    def refresh(self) -> None:  # pragma: no cover - the page's
        raise NotImplementedError

    @property
    def page_widget(self) -> QWidget:
        """The page itself, as the parent of the dialogs it opens."""
        return cast(QWidget, self)

    # --- one finding --------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.finding_id(index.row())

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.table.selectionModel().selectedRows())

    def selected_findings(self) -> list[dict[str, Any]]:
        return [f for f in (self.model.finding(r) for r in self.selected_rows()) if f is not None]

    def selected_open_ids(self) -> list[int]:
        return [int(f["id"]) for f in self.selected_findings() if f["status"] == "open"]

    def selected_open_versions(self) -> dict[int, int]:
        """id → the version the list showed, for every selected open finding."""
        return {int(f["id"]): int(f["row_version"]) for f in self.selected_findings() if f["status"] == "open"}

    def current_finding(self) -> dict[str, Any] | None:
        fid = self.current_id()
        return self.model.finding(self.table.currentIndex().row()) if fid is not None else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def open_chain(self, index: QModelIndex) -> ChainView | None:
        fid = self.model.finding_id(index.row()) if index.isValid() else None
        if fid is None:
            return None
        try:
            view = ChainView(self.store, fid, self.page_widget)
        except UserError as exc:
            show_user_error(self.page_widget, exc)
            return None
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.recordRequested.connect(self.recordRequested)
        view.helpRequested.connect(self.helpRequested)
        view.destroyed.connect(lambda *_: setattr(self, "chain_view", None))
        self.chain_view = view
        view.show()
        return view

    def came_back(self) -> None:
        """Back from correcting a record of the chain: re-read it, and the findings."""
        if self.chain_view is not None:
            self.chain_view.reload()
            self.chain_view.raise_()
        self.refresh()

    def help_current(self) -> None:
        rec = self.current_finding()
        if rec is not None:
            self.helpRequested.emit(str(rec["code"]))

    def dismiss_current(self) -> DismissDialog | None:
        chosen = [f for f in self.selected_findings() if f["status"] == "open"] or (
            [r] if (r := self.current_finding()) is not None else [])
        if not chosen:
            return None
        dialog = DismissDialog(self.store, chosen, self.page_widget, operator=self.operator)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.dismissed.connect(lambda _f: self._status_changed())
        dialog.reloaded.connect(self.refresh)
        self.dismiss_dialog = dialog
        dialog.open()
        return dialog

    def confirm_current(self) -> list[int] | None:
        """确认为问题: every selected open finding becomes a problem on the problem list (整改),
        after one question that says what cannot be undone; all or nothing."""
        versions = self.selected_open_versions()
        ids = list(versions)
        if not ids:
            return None
        what = f"问题线索 #{ids[0]}" if len(ids) == 1 else f"选中的 {len(ids)} 条问题线索"
        if not confirm(self.page_widget, f"将{what}确认为问题？\n\n{CONFIRM_WARNING}", "确认为问题"):
            return None
        try:
            problems = confirm_findings(self.store, ids, operator=self.operator, expected_versions=versions)
        except StaleRecordError as exc:
            self._offer_reload(exc)
            return None
        except UserError as exc:
            show_user_error(self.page_widget, exc)
            return None
        names = "、".join(f"#{i}" for i in ids)
        self.summary.setText(f"已确认问题线索 {names}，列入问题清单（问题编号 {'、'.join(map(str, problems))}）。")
        self._status_changed("problems")
        return problems

    def reopen_current(self) -> None:
        rec = self.current_finding()
        if rec is None:
            return
        try:
            audit.reopen_finding(self.store, int(rec["id"]), operator=self.operator,
                                 expected_version=rec.get("row_version"))
        except StaleRecordError as exc:
            self._offer_reload(exc)
            return
        except UserError as exc:
            show_user_error(self.page_widget, exc)
            return
        self._status_changed()

    def _offer_reload(self, error: StaleRecordError) -> None:
        """Another desk changed a finding first: say who and when; 重新载入 reads the list again
        (nothing was written either way)."""
        if ask_reload(self.page_widget, error):
            self.refresh()

    def _status_changed(self, *also: str) -> None:
        self.refresh()
        self.events.announce("findings", *also, by=self.page_widget)

