"""The detail form of one record, built from the field registry: add and edit.

Fields are typed as text (dates too — clerks type 2019年3月5日 or 2019.3.5); 保存 runs the
same parser the import uses. Errors appear in red beside their field and the record is not
saved; warnings (a wrong ID check digit…) appear in orange and may be saved after a look.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.concurrency import StaleRecordError
from app.errors import UserError, ValidationError
from app.records import service
from app.records.fields import KIND_LABELS, OFFICER_STATUSES, REGISTER_FIELDS, STAFF_KINDS, Field, FieldType
from app.store import Store
from ui.common.discard import DiscardGuard
from ui.common.formatting import form_text
from ui.common.messages import show_user_error
from ui.common.stale_prompt import ask_reload, kept_note

ERROR_COLOR = "#c62828"
WARNING_COLOR = "#e65100"
TWO_COLUMNS_FROM = 10  # registers with more fields are laid out in two columns

CHOICES: dict[FieldType, tuple[str, ...]] = {
    FieldType.BOOL: ("否", "是"),
    FieldType.STATUS: OFFICER_STATUSES,
    FieldType.STAFF_KIND: STAFF_KINDS,
    FieldType.COLLECTION: ("银行代收", "当场收缴"),
}
PLACEHOLDERS: dict[FieldType, str] = {
    FieldType.DATE: "如 2019-03-05 或 2019年3月5日",
    FieldType.FEN: "元，如 5000 或 5,000.00",
    FieldType.OFFICERS: "如 张三(21010012345)、李四(21010012346)",
    FieldType.ID: "身份证号或统一社会信用代码",
    FieldType.RECEIPT_REMARK: "作废的票据填“作废”",
}


class RecordForm(DiscardGuard):
    """新增/编辑 one record of `kind`. Emits `saved(record_id)` after a successful save; Esc with
    unsaved edits asks before discarding them (ui/common/discard.py)."""

    saved = Signal(int)

    def __init__(self, store: Store, kind: str, record_id: int | None = None, parent: QWidget | None = None,
                 operator: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("recordForm")
        self.store = store
        self.kind = kind
        self.record_id = record_id
        self.operator = operator
        self.fields: tuple[Field, ...] = REGISTER_FIELDS[kind]
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        self.messages: dict[str, QLabel] = {}
        self.errors: dict[str, str] = {}
        self.warnings: dict[str, str] = {}
        self._warnings_seen: dict[str, str] = {}
        self.saved_id: int | None = None
        self.loaded_version: int | None = None  # the record's version when loaded: another desk's save refuses ours

        columns = 2 if len(self.fields) > TWO_COLUMNS_FROM else 1
        per_column = -(-len(self.fields) // columns)
        row_layout = QHBoxLayout()
        row_layout.setSpacing(24)
        for col in range(columns):
            grid = QGridLayout()
            grid.setHorizontalSpacing(10)
            grid.setVerticalSpacing(4)
            chunk = self.fields[col * per_column:(col + 1) * per_column]
            for row, f in enumerate(chunk):
                self._add_field(grid, row, f)
            grid.setColumnStretch(1, 1)
            grid.setColumnMinimumWidth(1, 300)
            grid.setRowStretch(len(chunk), 1)
            row_layout.addLayout(grid, 1)

        body = QWidget()
        body.setLayout(row_layout)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button: QPushButton = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.try_save)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        what = KIND_LABELS[kind]
        if record_id is None:
            self.setWindowTitle(f"新增{what}")
        else:
            self._load(record_id)
        hint = row_layout.sizeHint()
        self.resize(min(1100, hint.width() + 60), min(780, hint.height() + 150))
        self.remember_state()

    def form_state(self) -> object:
        return self.texts()

    def _add_field(self, grid: QGridLayout, row: int, f: Field) -> None:
        label = QLabel(f.label + ("＊" if f.required else ""))
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 4, 0, 0)
        editor = self._make_editor(f)
        label.setBuddy(editor)
        message = QLabel()
        message.setObjectName(f"message_{f.name}")
        message.setWordWrap(True)
        message.hide()
        cell = QVBoxLayout()
        cell.setSpacing(1)
        cell.addWidget(editor)
        cell.addWidget(message)
        grid.addWidget(label, row, 0)
        grid.addLayout(cell, row, 1)
        self.editors[f.name] = editor
        self.messages[f.name] = message

    # --- building -----------------------------------------------------------------------------
    def _make_editor(self, f: Field) -> QLineEdit | QComboBox:
        choices = CHOICES.get(f.type)
        if choices is not None:
            combo = QComboBox()
            combo.addItems(list(choices))
            combo.setObjectName(f"editor_{f.name}")
            combo.currentTextChanged.connect(lambda _t, name=f.name: self._check_field(name))
            return combo
        edit = QLineEdit()
        edit.setObjectName(f"editor_{f.name}")
        edit.setPlaceholderText(PLACEHOLDERS.get(f.type, ""))
        if f.name == "unit":
            edit.setCompleter(QCompleter(self._unit_names(), edit))
        edit.editingFinished.connect(lambda name=f.name: self._check_field(name))
        return edit

    def _unit_names(self) -> list[str]:
        return [str(u["name"]) for u in service.page(self.store, "units", sort="name", limit=1000)]

    def _load(self, record_id: int) -> None:
        rec, self.loaded_version = service.get_for_edit(self.store, self.kind, record_id)
        for f in self.fields:
            self.set_text(f.name, form_text(f, rec.get(f.name)))
        first = self.fields[0]
        self.setWindowTitle(f"编辑{KIND_LABELS[self.kind]} — {form_text(first, rec.get(first.name))}")

    # --- reading and writing the widgets ------------------------------------------------------
    def editor(self, name: str) -> QLineEdit | QComboBox:
        return self.editors[name]

    def text(self, name: str) -> str:
        w = self.editors[name]
        return w.currentText() if isinstance(w, QComboBox) else w.text()

    def set_text(self, name: str, text: str) -> None:
        w = self.editors[name]
        if isinstance(w, QComboBox):
            i = w.findText(text)
            if i < 0:
                w.addItem(text)
                i = w.count() - 1
            w.setCurrentIndex(i)
        else:
            w.setText(text)
            w.setCursorPosition(0)

    def texts(self) -> dict[str, str]:
        return {f.name: self.text(f.name) for f in self.fields}

    # --- validation and saving ----------------------------------------------------------------
    def _check_field(self, name: str) -> None:
        """Live feedback when a field is left: its own error or warning only."""
        _values, errors, warnings = service.validate(self.kind, self.texts())
        required_empty = errors.get(name) if not self.text(name).strip() else None
        self._show_one(name, None if required_empty else errors.get(name), warnings.get(name))
        if warnings.get(name):
            self._warnings_seen[name] = warnings[name]

    def _show_one(self, name: str, error: str | None, warning: str | None) -> None:
        label = self.messages[name]
        editor = self.editors[name]
        if error:
            label.setText(error)
            label.setStyleSheet(f"color: {ERROR_COLOR};")
            editor.setStyleSheet(f"border: 1px solid {ERROR_COLOR};")
            label.show()
        elif warning:
            label.setText("注意：" + warning)
            label.setStyleSheet(f"color: {WARNING_COLOR};")
            editor.setStyleSheet(f"border: 1px solid {WARNING_COLOR};")
            label.show()
        else:
            label.clear()
            label.hide()
            editor.setStyleSheet("")

    def show_problems(self, errors: dict[str, str], warnings: dict[str, str]) -> None:
        self.errors, self.warnings = dict(errors), dict(warnings)
        for f in self.fields:
            self._show_one(f.name, errors.get(f.name), warnings.get(f.name))

    def try_save(self) -> bool:
        """保存: refuse on errors; show new warnings once; then save through the service."""
        texts = self.texts()
        _values, errors, warnings = service.validate(self.kind, texts)
        self.show_problems(errors, warnings)
        if errors:
            self._say(f"有 {len(errors)} 处错误（红色标出），未保存。", ERROR_COLOR)
            self._focus(next(iter(errors)))
            return False
        unseen = {k: v for k, v in warnings.items() if self._warnings_seen.get(k) != v}
        if unseen:
            self._warnings_seen.update(warnings)
            self._say(f"有 {len(warnings)} 处提醒（橙色标出）。核对无误后请再点「仍然保存」。", WARNING_COLOR)
            self.save_button.setText("仍然保存")
            self._focus(next(iter(unseen)))
            return False
        try:
            self.saved_id = service.save(self.store, self.kind, texts, record_id=self.record_id,
                                         operator=self.operator, expected_version=self.loaded_version)
        except StaleRecordError as exc:
            self._stale(exc, texts)
            return False
        except ValidationError as exc:
            self.show_problems(exc.fields, warnings)
            self._say(exc.message, ERROR_COLOR)
            if exc.fields:
                self._focus(next(iter(exc.fields)))
            return False
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.remember_state()  # saved: nothing left to discard
        self.saved.emit(self.saved_id)
        self.accept()
        return True

    def _stale(self, exc: StaleRecordError, typed: dict[str, str]) -> None:
        """Another desk saved this record first: nothing was written. 重新载入 shows the stored
        record, naming what the clerk had typed that differs from it; 取消 keeps the typed
        values in the form (a later save is refused again until the record is reloaded)."""
        self._say(exc.message, ERROR_COLOR)
        if self.record_id is None or not ask_reload(self, exc):
            return
        self._load(self.record_id)
        labels = {f.name: f.label for f in self.fields}
        note = kept_note(typed, self.texts(), labels)
        self.show_problems({}, {})
        self._say("已重新载入最新内容。" + (f"您刚才填写的（未保存）：{note}" if note else ""), WARNING_COLOR)

    def _say(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};")

    def _focus(self, name: str) -> None:
        if name in self.editors:
            self.editors[name].setFocus()

    def field_message(self, name: str) -> str:
        return self.messages[name].text()
