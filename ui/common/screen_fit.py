"""Windows and dialogs that fit the screen they open on: never larger than its available area
(a 1366×768 laptop at 100–150 % scaling leaves about 910×512 to 1366×728 logical pixels),
centred on it, and back at their last size and place when that still fits.

`fit_to_screen(widget, preferred)` is the one rule; the main window calls it, and `ScreenFitter`
(installed on the application by ui/app.py) applies it to every dialog when it is first shown,
so a dialog written without thought for small screens still keeps its buttons on screen. The
same filter lets Tab leave a multi-line text box (Ctrl+Tab types a tab instead), as it does in
a form of single-line boxes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QDialog, QFrame, QLayout, QPlainTextEdit, QScrollArea, QTextEdit, QVBoxLayout, QWidget

from ui.common.ui_settings import load_bytes, save_bytes

FRAME = QSize(16, 40)  # room for the window frame and title bar the window manager adds
_FITTED = "_screen_fitted"


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The screen area the widget is (or will be) on, less the task bar."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def geometry_key(widget: QWidget) -> str:
    return f"geometry/{widget.objectName() or type(widget).__name__}"


def fit_to_screen(widget: QWidget, preferred: QSize | None = None, *, remember: bool = True) -> QSize:
    """Size `widget` to `preferred` (default: its size hint) or the screen, whichever is smaller,
    centred on the screen; its last remembered geometry wins when it fits. Returns the size."""
    area = available_geometry(widget)
    room = QSize(max(200, area.width() - FRAME.width()), max(150, area.height() - FRAME.height()))
    if remember and _restore(widget, area):
        return widget.size()
    want = preferred if preferred is not None else widget.sizeHint()
    layout = widget.layout()
    if layout is not None:
        layout.activate()  # the minimum its contents ask for is known only now
    minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    if minimum.width() > room.width() or minimum.height() > room.height():
        # The contents ask for more than the screen has: they scroll or squeeze, the window does not grow.
        if layout is not None:
            layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        widget.setMinimumSize(minimum.boundedTo(room))
    size = want.boundedTo(room).expandedTo(widget.minimumSize())
    widget.resize(size)
    widget.move(area.x() + max(0, (area.width() - size.width() - FRAME.width()) // 2),
                area.y() + max(0, (area.height() - size.height() - FRAME.height()) // 2))
    return size


def _restore(widget: QWidget, area: QRect) -> bool:
    state = load_bytes(geometry_key(widget))
    if state is None:
        return False
    before = widget.geometry()
    if not widget.restoreGeometry(state):
        return False
    if area.contains(widget.frameGeometry()) and widget.width() <= area.width() and widget.height() <= area.height():
        return True
    widget.setGeometry(before)  # saved on a bigger screen: fit afresh
    return False


def remember_geometry(widget: QWidget) -> None:
    save_bytes(geometry_key(widget), widget.saveGeometry())


class ScreenFitter(QObject):
    """Application-wide: fits each dialog to the screen on its first show and remembers its
    geometry when it closes; Tab in a multi-line text box moves the focus, Ctrl+Tab types a tab."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(obj, QDialog) and obj.isWindow() and not obj.property(_FITTED):
            obj.setProperty(_FITTED, True)
            fit_to_screen(obj, obj.size().expandedTo(obj.sizeHint()))
        elif kind == QEvent.Type.Hide and isinstance(obj, QDialog) and obj.isWindow() and obj.property(_FITTED):
            remember_geometry(obj)
        elif kind == QEvent.Type.KeyPress and isinstance(obj, QPlainTextEdit | QTextEdit) and isinstance(event, QKeyEvent):
            return self._tab(obj, event)
        return False

    @staticmethod
    def _tab(edit: QPlainTextEdit | QTextEdit, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Tab and mods & Qt.KeyboardModifier.ControlModifier:
            if not edit.isReadOnly():
                edit.insertPlainText("\t")
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not mods & Qt.KeyboardModifier.ControlModifier:
            move_focus(edit, forward=key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier)
            return True
        return False


def move_focus(widget: QWidget, forward: bool = True) -> QWidget | None:
    """Give the focus to the next (or previous) widget in the tab chain that takes Tab focus."""
    w: QWidget | None = widget
    for _step in range(500):  # the chain is a ring; stop after going round once
        w = w.nextInFocusChain() if w is not None and forward else w.previousInFocusChain() if w else None
        if w is None or w is widget:
            return None
        if (w.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus and w.isVisible() \
                and w.isEnabled() and w.window() is widget.window():
            w.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
            return w
    return None


_fitter: ScreenFitter | None = None


def install(app: QObject) -> ScreenFitter:
    """Install the one fitter on the application (idempotent)."""
    global _fitter
    if _fitter is None:
        _fitter = ScreenFitter(app)
        app.installEventFilter(_fitter)
    return _fitter


class FittingScroll(QScrollArea):
    """A scroll area that asks for its contents' full size (so a dialog opens big enough on a
    large screen) but scrolls them when the screen is smaller — the buttons kept outside it stay
    visible."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fittingScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(content)

    def sizeHint(self) -> QSize:
        content = self.widget()
        hint = content.sizeHint() if content is not None else QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, hint.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 80)


def scrolling(*parts: QWidget | QLayout) -> FittingScroll:
    """Put widgets and layouts (a dialog's tall content) into one scrolling area."""
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part)
    column.addStretch(1)
    return FittingScroll(content)
