"""The main window: the pages on the left (ui/pages.py), the chosen page on the right, counts below.

The window owns the one events object (ui/common/events.py) and hands it to every page; the
status-bar counts and the welcome panel follow it like a page does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from app.demo import load_demo
from app.records import service
from app.records.fields import KIND_LABELS
from app.store import Store
from ui.common import screen_fit, worker
from ui.common.events import EVERYTHING, Events
from ui.common.nav_delegate import SHORTCUT_ROLE, NavDelegate, page_shortcut
from ui.common.page_stack import PageStack
from ui.common.screen_fit import fit_to_screen, remember_geometry
from ui.common.store_watch import StoreWatch
from ui.common.table_view import SheetBehaviour, current_sheet
from ui.imports.import_wizard import ImportWizard
from ui.pages import PAGES, REGISTER_KEYS, PageContext, position
from ui.registers.register_page import RegisterPage
from ui.system.store_label import store_name, store_where
from ui.system.welcome import WelcomePanel
from ui.system.window_actions import connect_page, install_window_actions

APP_TITLE = "执法案卷倒查工作台"
STATUS_KINDS = ("cases", "ledger", "receipts", "officers")
PREFERRED_SIZE = QSize(1280, 800)  # on a smaller screen, the screen (ui/common/screen_fit.py)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, operator: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.store = store
        self.operator = operator
        self.events = Events(self)
        self.pages: dict[str, QWidget] = {}  # built on first use
        self.tools_menu: QMenu | None = None
        self.calendar_dialog: QWidget | None = None
        self.wizard: ImportWizard | None = None
        self.demo_task: worker.Task | None = None
        # Only the file (a server store: its address without the password): Qt appends the
        # application's display name, APP_TITLE (ui/app.py).
        self.setWindowTitle(store_name(store))

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        for i, spec in enumerate(PAGES):
            self.nav.addItem(spec.title)
            item = self.nav.item(i)
            hint = page_shortcut(i)
            item.setData(SHORTCUT_ROLE, hint)
            item.setToolTip(f"{spec.title}（{hint}）" if hint else spec.title)
        self.nav.setItemDelegate(NavDelegate(self.nav))
        width = max(self.nav.fontMetrics().horizontalAdvance(KIND_LABELS[k]) for k in REGISTER_KEYS)
        hint_width = self.nav.fontMetrics().horizontalAdvance("Alt+Shift+0")
        self.nav.setFixedWidth(width + hint_width + 40)
        self.nav.setSpacing(2)
        self.stack = PageStack()
        self.welcome = WelcomePanel(store_name(store))
        self.welcome.demoRequested.connect(self.load_demo)
        self.welcome.importRequested.connect(lambda: self.open_import(None))
        self.stack.addWidget(self.welcome)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(6, 6, 6, 0)
        row.addWidget(self.nav)
        # A page wider or taller than a small screen scrolls inside the window (the window itself
        # never outgrows the screen, ui/common/screen_fit.py).
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setWidget(self.stack)
        row.addWidget(self.page_scroll, 1)
        self.setCentralWidget(central)

        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.statusBar().addWidget(self.counts_label, 1)
        path_label = QLabel(store_where(store))
        path_label.setObjectName("storePath")
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path_label.setToolTip(store_where(store))
        path_label.setMinimumWidth(40)  # a long path is cut on a small screen, never widens the window
        path_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addPermanentWidget(path_label)

        self._build_menus()
        self.events.changed.connect(self._store_changed)
        # other desks' writes reach the open pages within seconds (ui/common/store_watch.py)
        self.store_watch = StoreWatch(self.store, self.events, self)
        self.store_watch.waiting.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.nav.currentRowChanged.connect(self._nav_changed)
        # Only "is anything there?" before the first paint; the status-bar counts (a count(*)
        # per table) follow right after it (paintEvent).
        if service.first_filled(self.store, STATUS_KINDS) is not None:
            self.nav.setCurrentRow(0)
        else:
            self.stack.setCurrentWidget(self.welcome)
            self.welcome.demo_button.setFocus()  # not the list, which would select 案卷 on focus
        app = QApplication.instance()
        if app is not None:
            screen_fit.install(app)  # every dialog fits the screen too
        fit_to_screen(self, PREFERRED_SIZE)
        self._counts_due = True  # see paintEvent

    # --- building -----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.file_menu = file_menu
        self.import_action = QAction("导入…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self.open_import(self.current_kind()))
        file_menu.addAction(self.import_action)
        file_menu.addSeparator()
        quit_action = QAction("退出", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self._build_tools_menu()
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.help_menu = help_menu
        about = QAction("关于", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)
        install_window_actions(self)  # 打开/新建数据库, 最近打开, 导入记录, 撤销, 使用手册, 操作记录

        self.find_action = QAction("查找", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(self.focus_search)
        self.new_action = QAction("新增", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(self.new_record)
        self.refresh_action = QAction("刷新", self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.triggered.connect(self.refresh_page)
        self.export_action = QAction("导出Excel…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_table)
        self.print_action = QAction("打印预览…", self)
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.triggered.connect(self.print_table)
        for action in (self.find_action, self.new_action, self.refresh_action, self.export_action, self.print_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        for i, spec in enumerate(PAGES):
            hint = page_shortcut(i)
            if hint:
                go = QAction(spec.title, self)
                go.setShortcut(QKeySequence(hint))
                go.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                go.triggered.connect(lambda _c=False, key=spec.key: self.show_page(key))
                self.addAction(go)
        file_menu.insertAction(quit_action, self.export_action)
        file_menu.insertAction(quit_action, self.print_action)
        file_menu.insertSeparator(quit_action)

    def _build_tools_menu(self) -> None:
        menu = self.menuBar().addMenu("工具(&T)")
        sample = QAction("抽查…", self)
        sample.setObjectName("sampleAction")
        sample.triggered.connect(self.open_sample)
        menu.addAction(sample)
        calendar = QAction("节假日数据…", self)
        calendar.setObjectName("calendarAction")
        calendar.triggered.connect(self.open_calendar)
        menu.addAction(calendar)
        self.tools_menu = menu

    # --- pages --------------------------------------------------------------------------------
    def page(self, key: str) -> Any:
        """The page `key` of ui/pages.py, built on first use (Any: each page has its own type)."""
        if key not in self.pages:
            page = PAGES[position(key)].build(PageContext(self.store, self.events, self.operator, self))
            if isinstance(page, RegisterPage):
                page.importRequested.connect(self.open_import)
            connect_page(self, page)  # a finding's record to correct, a help entry
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.stack.setCurrentWidget(self.page(PAGES[row].key))

    def show_page(self, key: str) -> Any:
        self.nav.setCurrentRow(position(key))
        return self.page(key)

    def show_kind(self, kind: str) -> RegisterPage:
        page = self.show_page(kind)
        assert isinstance(page, RegisterPage), kind
        return page

    def current_page(self) -> RegisterPage | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, RegisterPage) else None

    def current_kind(self) -> str | None:
        page = self.current_page()
        return page.kind if page is not None and page.kind != "units" else None

    # --- actions ------------------------------------------------------------------------------
    def refresh_page(self) -> None:
        """F5: the page re-reads the store (every page that shows stored data has refresh())."""
        page = self.stack.currentWidget()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        self.update_counts()

    def current_sheet(self) -> SheetBehaviour | None:
        return current_sheet(self.stack.currentWidget())

    def export_table(self) -> Any:
        """Ctrl+E: 导出Excel of the page's table (the focused one when it has several)."""
        sheet = self.current_sheet()
        return sheet.export_xlsx() if sheet is not None else None

    def print_table(self) -> Any:
        """Ctrl+P: print preview of the page's table."""
        sheet = self.current_sheet()
        return sheet.print_preview() if sheet is not None else None

    def focus_search(self) -> None:
        page = self.current_page() or self.show_kind("cases")
        page.focus_search()

    def new_record(self) -> None:
        page = self.current_page() or self.show_kind("cases")
        page.new_record()

    def update_counts(self) -> dict[str, int]:
        counts = service.summary(self.store)
        self.counts_label.setText(" · ".join(f"{KIND_LABELS[k]} {counts.get(k, 0):,}" for k in STATUS_KINDS))
        return counts

    def _store_changed(self, what: str) -> None:
        """The status-bar counts follow the registers; the welcome panel gives way to data."""
        if what != EVERYTHING and what not in STATUS_KINDS:
            return
        counts = self.update_counts()
        if self.stack.currentWidget() is self.welcome and any(counts.get(k) for k in STATUS_KINDS):
            self.show_kind(self._first_filled(counts))

    @staticmethod
    def _first_filled(counts: dict[str, int]) -> str:
        return next((k for k in STATUS_KINDS if counts.get(k)), "cases")

    def load_demo(self) -> worker.Task:
        self.welcome.demo_button.setEnabled(False)

        def work(progress: worker.ProgressFn, cancel: worker.CancelFn) -> dict[str, int]:
            return load_demo(self.store, progress=progress, cancel=cancel, operator=self.operator)

        def failed(_exc: BaseException) -> bool:
            self.welcome.demo_button.setEnabled(True)
            return False

        self.demo_task = worker.run_task(self, "正在载入演示数据…", work,
                                         on_success=lambda _counts: self.events.announce(EVERYTHING),
                                         on_failure=failed)
        return self.demo_task

    def open_import(self, kind: str | None = None) -> ImportWizard:
        if self.wizard is not None:
            self.wizard.raise_()
            return self.wizard
        wizard = ImportWizard(self.store, kind, self, operator=self.operator)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._imported)
        wizard.destroyed.connect(self._wizard_gone)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _wizard_gone(self, *_args: Any) -> None:
        self.wizard = None

    def _imported(self, kind: str) -> None:
        self.events.announce(kind, "units")  # an import adds the units its rows name
        self.show_kind(kind)

    def open_sample(self) -> QWidget:
        """工具 → 抽查…: the audit page's sample dialog (the page is built if it was not)."""
        dialog: QWidget = self.page("audit").open_sample()
        return dialog

    def open_calendar(self) -> QWidget:
        from ui.audit.calendar_dialog import CalendarDialog

        dialog = CalendarDialog(self.store, self, operator=self.operator)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _year: self.events.announce("calendar"))
        self.calendar_dialog = dialog
        dialog.open()
        return dialog

    def show_about(self) -> QWidget:
        from ui.system.about_dialog import AboutDialog  # version, store, licences (app/help.py)

        dialog = AboutDialog(store_where(self.store), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def paintEvent(self, event: QPaintEvent) -> None:
        """After the first paint, fill in the status-bar counts (they wait; the window does not)."""
        super().paintEvent(event)
        if self._counts_due:
            self._counts_due = False
            QTimer.singleShot(0, self, self.update_counts)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Long work still running is cancelled (it writes nothing) before the store closes; the
        window's size and place are remembered for the next start."""
        remember_geometry(self)
        self.store_watch.stop()
        worker.cancel_all()
        worker.pool().waitForDone(15_000)
        super().closeEvent(event)
