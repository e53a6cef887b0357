"""汇总 dialog: choose the units' reports (files or folders), consolidate off the GUI thread, list each unit's status,
save the consolidated report and the check summary, and open the result in the window.

The work is ``gkdesk.core.consolidate`` (Qt-free, plain progress hook); this module only turns the hook into signals.
Questions to the user are module-level functions so tests can answer them without a modal loop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.consolidate import SKIPPED, Consolidation, Validator, consolidate
from gkdesk.core.errors import GkError
from gkdesk.core.format import load_format
from gkdesk.core.issues import SEVERITY_LABEL
from gkdesk.core.locations import describe_location
from gkdesk.gui.style import SEVERITY_BG
from gkdesk.gui.threads import PythonThread

UNIT_COLUMNS = ["序号", "文件", "机关名称", "年度", "错误", "警告", "状态", "说明"]
ISSUE_COLUMNS = ["严重程度", "规则", "问题说明", "位置"]
SKIPPED_BG = QColor("#e2e3e5")


# --- questions (monkeypatched in tests) --------------------------------------------------------------
def ask_files(parent: QWidget, start: str) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(parent, "选择各单位的报告", start,
                                            "年度报告 (*.gkreport *.xlsx *.html *.htm *.txt);;gkdesk 报告 (*.gkreport);;所有文件 (*)")
    return files


def ask_folder(parent: QWidget, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, "选择存放各单位报告的文件夹（包括其子文件夹）", start)


def ask_save_path(parent: QWidget, title: str, default: str, filter_: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, default, filter_)
    return path


def show_error(parent: QWidget, text: str) -> None:
    QMessageBox.warning(parent, "汇总", text)


class _Worker(PythonThread):
    """Runs ``consolidate`` in its own thread. It never touches widgets and emits no Python signal: it records its
    progress and outcome in attributes, the dialog polls the progress with a timer and reads the outcome on Qt's own
    ``finished`` signal. (PySide6 6.12.0 loses a reference to ``True`` on every Python-side ``emit()``; on Python 3.11
    a few hundred emits abort the program, so a per-file signal would crash on a large folder.)
    """

    def __init__(self, job: Callable[[Callable[[int, int, str], None], Callable[[], bool]], Consolidation],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._job = job
        self.cancel_event = threading.Event()
        self.progress: tuple[int, int, str] | None = None  # replaced whole (atomic under the GIL)
        self.result: Consolidation | None = None
        self.error: str | None = None

    def _record(self, done: int, total: int, name: str) -> None:
        self.progress = (done, total, name)

    def work(self) -> None:
        try:
            self.result = self._job(self._record, self.cancel_event.is_set)
        except GkError as exc:  # ConsolidationCancelled included
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of vanishing; the inputs are untouched
            self.error = f"汇总时出现意外错误（{type(exc).__name__}：{exc}）。各单位的文件没有改动，请重试或联系技术支持。"


class ConsolidateDialog(QDialog):
    """汇总各单位报告. ``open_requested(path)`` asks the window to open the saved consolidated report."""

    open_requested = Signal(str)
    consolidated = Signal(object)  # the Consolidation, once shown
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, validate: Validator | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总各单位的年度报告")
        self.setAcceptDrops(True)
        self.resize(1000, 800)
        self._validate = validate
        self._worker: _Worker | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(80)
        self._poll.timeout.connect(self._show_progress)
        self.consolidation: Consolidation | None = None
        self.saved_report_path: str | None = None
        self.saved_summary_path: str | None = None
        fmt = load_format()
        layout = QVBoxLayout(self)

        # 1. inputs
        box1 = QGroupBox("第一步：选择各单位的报告（.gkreport 文件，或存放它们的文件夹；也可以把文件拖到这里）")
        l1 = QVBoxLayout(box1)
        self.input_list = QListWidget()
        self.input_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.input_list.setMaximumHeight(72)
        l1.addWidget(self.input_list)
        row = QHBoxLayout()
        self.add_files_button = QPushButton("添加文件…")
        self.add_folder_button = QPushButton("添加文件夹…")
        self.remove_button = QPushButton("移除所选")
        self.clear_button = QPushButton("全部清除")
        for b in (self.add_files_button, self.add_folder_button, self.remove_button, self.clear_button):
            row.addWidget(b)
        row.addStretch(1)
        l1.addLayout(row)
        layout.addWidget(box1)

        # 2. the consolidating body
        box2 = QGroupBox("第二步：汇总机关")
        form = QFormLayout(box2)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例如：某某县人民政府（可稍后在汇总报告中填写）")
        self.level_combo = QComboBox()
        for lv in fmt.levels:
            self.level_combo.addItem(lv.label, lv.key)
        self.level_combo.setCurrentIndex(max(0, self.level_combo.findData("county_gov")))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(fmt.applies_from_year - 1, 2099)
        self.year_spin.setSpecialValueText("自动（按多数单位的报告年度）")
        self.year_spin.setValue(self.year_spin.minimum())
        self.year_spin.setSuffix(" 年")
        self.allow_dup = QCheckBox("同一单位（机关名称和年度相同）有多份报告时，全部计入（默认只计入第一份）")
        form.addRow("机关名称：", self.name_edit)
        form.addRow("机关级别：", self.level_combo)
        form.addRow("汇总年度：", self.year_spin)
        form.addRow("", self.allow_dup)
        layout.addWidget(box2)

        # 3. run
        row = QHBoxLayout()
        self.start_button = QPushButton("开始汇总")
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton("停止")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress.setValue(0)
        self.progress_label = QLabel("")
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        layout.addWidget(self.progress_label)

        # results
        self.summary_label = QLabel("选好报告后，点击“开始汇总”。")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)
        self.units_table = QTableWidget(0, len(UNIT_COLUMNS))
        self.units_table.setHorizontalHeaderLabels(UNIT_COLUMNS)
        self.units_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.units_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.units_table.verticalHeader().setVisible(False)
        row_height = self.fontMetrics().height() + 8
        self.units_table.verticalHeader().setDefaultSectionSize(row_height)
        self.units_table.setWordWrap(False)
        header = self.units_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.issues_table = QTableWidget(0, len(ISSUE_COLUMNS))
        self.issues_table.setHorizontalHeaderLabels(ISSUE_COLUMNS)
        self.issues_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issues_table.verticalHeader().setVisible(False)
        self.issues_table.verticalHeader().setDefaultSectionSize(row_height)
        self.issues_table.horizontalHeader().setStretchLastSection(True)
        self.issues_label = QLabel("选中上表中的一个单位，这里列出它的问题。")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.issues_label)
        lower_layout.addWidget(self.issues_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.units_table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([320, 140])
        layout.addWidget(splitter, 1)
        self.units_table.itemSelectionChanged.connect(self._show_unit_issues)

        row = QHBoxLayout()
        self.save_report_button = QPushButton("保存汇总报告…")
        self.save_summary_button = QPushButton("保存校验清单（Excel）…")
        self.open_button = QPushButton("打开汇总报告")
        self.close_button = QPushButton("关闭")
        for b in (self.save_report_button, self.save_summary_button, self.open_button):
            b.setEnabled(False)
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.close_button)
        layout.addLayout(row)

        self.add_files_button.clicked.connect(self._choose_files)
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.remove_button.clicked.connect(self._remove_selected)
        self.clear_button.clicked.connect(self._clear_inputs)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_report_button.clicked.connect(self._choose_report_path)
        self.save_summary_button.clicked.connect(self._choose_summary_path)
        self.open_button.clicked.connect(self.open_result)
        self.close_button.clicked.connect(self.reject)
        self.year_spin.valueChanged.connect(self._options_changed)
        self.allow_dup.toggled.connect(self._options_changed)
        self._update_buttons()

    # --- inputs ---------------------------------------------------------------------------------------
    def inputs(self) -> list[str]:
        return [self.input_list.item(i).text() for i in range(self.input_list.count())]

    def add_inputs(self, paths: list[str]) -> None:
        present = set(self.inputs())
        for p in paths:
            if p and p not in present:
                self.input_list.addItem(str(p))
                present.add(p)
        self._invalidate()

    def _start_dir(self) -> str:
        items = self.inputs()
        return str(Path(items[-1]).parent) if items else str(Path.home())

    def _choose_files(self) -> None:
        self.add_inputs(ask_files(self, self._start_dir()))

    def _choose_folder(self) -> None:
        folder = ask_folder(self, self._start_dir())
        if folder:
            self.add_inputs([folder])

    def _remove_selected(self) -> None:
        for item in self.input_list.selectedItems():
            self.input_list.takeItem(self.input_list.row(item))
        self._invalidate()

    def _clear_inputs(self) -> None:
        self.input_list.clear()
        self._invalidate()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_inputs(paths)
            event.acceptProposedAction()

    def _options_changed(self) -> None:
        if self.consolidation is not None:
            self._invalidate("汇总年度或重复报告的设置已改变，请重新点击“开始汇总”。")

    def _invalidate(self, message: str | None = None) -> None:
        if self._worker is not None:
            return
        if self.consolidation is not None or message:
            self.consolidation = None
            self.saved_report_path = self.saved_summary_path = None
            self.units_table.setRowCount(0)
            self.issues_table.setRowCount(0)
            self.progress.setValue(0)
            self.summary_label.setText(message or "所选报告已改变，请重新点击“开始汇总”。")
        self._update_buttons()

    # --- running --------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._worker is not None:
            return
        inputs = self.inputs()
        if not inputs:
            show_error(self, "还没有选择任何报告。请点击“添加文件…”或“添加文件夹…”，选择各单位报送的报告。")
            return
        year = self.year_spin.value() if self.year_spin.value() != self.year_spin.minimum() else None
        options: dict[str, Any] = dict(org_name=self.name_edit.text(), level=self.level_combo.currentData(),
                                       year=year, allow_duplicates=self.allow_dup.isChecked(),
                                       validate=self._validate)

        def job(progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]) -> Consolidation:
            return consolidate(inputs, progress=progress, cancelled=cancelled, **options)

        self.consolidation = None
        self.saved_report_path = self.saved_summary_path = None
        self.units_table.setRowCount(0)
        self.issues_table.setRowCount(0)
        self.progress.setRange(0, 0)  # busy until the number of files is known
        self.progress_label.setText("正在查找报告文件…")
        self.summary_label.setText("正在汇总，请稍候。")
        worker = _Worker(job, self)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        self._update_buttons()
        worker.start()
        self._poll.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()
            self.progress_label.setText("正在停止…")

    @Slot()
    def _show_progress(self) -> None:
        state = self._worker.progress if self._worker is not None else None
        if state is None:
            return
        done, total, name = state
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if self._worker is not None and not self._worker.cancel_event.is_set():
            self.progress_label.setText(f"已读取并校验 {done}/{total}：{name}")

    def _on_done(self, result: Consolidation, files_read: int) -> None:
        self.consolidation = result
        self.progress.setRange(0, max(files_read, 1))
        self.progress.setValue(max(files_read, 1))
        self.progress_label.setText("")
        self._show_result(result)
        self.consolidated.emit(result)

    def _on_failed(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_label.setText("")
        self.summary_label.setText(message)
        self.failed.emit(message)

    @Slot()
    def _on_finished(self) -> None:
        self._poll.stop()
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.deleteLater()
            if worker.result is not None:
                self.consolidation = worker.result
        self._update_buttons()
        if worker is None:
            return
        if worker.result is not None:
            self._on_done(worker.result, worker.progress[1] if worker.progress else 0)
        else:
            self._on_failed(worker.error or "汇总没有完成。请重试。")

    def is_running(self) -> bool:
        return self._worker is not None

    def _show_result(self, result: Consolidation) -> None:
        lines = [result.summary_line()] + [f"提示：{n}" for n in result.notes]
        if not result.included:
            lines.append("没有可以汇总的报告，请查看下表“说明”一栏的原因。")
        elif result.flagged:
            lines.append("标为“有错误”“跳过”或“重复”的单位请逐一核实；可保存校验清单发给各单位修改。")
        self.summary_label.setText("\n".join(lines))
        table = self.units_table
        table.setRowCount(len(result.units))
        for r, u in enumerate(result.units):
            rep = u.report
            counts = u.counts
            values = [str(r + 1), u.path.name, u.name, str(rep.meta.year or "") if rep else "",
                      str(counts["error"]) if rep else "", str(counts["warning"]) if rep else "",
                      u.status_label, u.note]
            bg = (SKIPPED_BG if u.status == SKIPPED or not u.included else
                  SEVERITY_BG["error"] if u.has_errors else SEVERITY_BG["warning"] if u.status != "ok" else None)
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(str(u.path) if c == 1 else text)
                if c in (0, 3, 4, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if bg is not None and c == UNIT_COLUMNS.index("状态"):
                    item.setBackground(bg)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        for c, cap in ((1, 220), (2, 220), (6, 160)):
            table.setColumnWidth(c, min(table.columnWidth(c), cap))

    @Slot()
    def _show_unit_issues(self) -> None:
        """The selected unit's issues (or why it was skipped), so the user sees what 有错误 means."""
        table = self.issues_table
        table.setRowCount(0)
        rows = {i.row() for i in self.units_table.selectedIndexes()}
        if self.consolidation is None or len(rows) != 1:
            self.issues_label.setText("选中上表中的一个单位，这里列出它的问题。")
            return
        unit = self.consolidation.units[rows.pop()]
        who = unit.name or unit.path.name
        if unit.report is None:
            self.issues_label.setText(f"{who}：未能读取。{unit.reason}")
            return
        counts = unit.counts
        self.issues_label.setText(f"{who}：错误 {counts['error']} 个，警告 {counts['warning']} 个，"
                                  f"提示 {counts['hint']} 个。" + (f"（{unit.status_text}）" if unit.status != "ok" else ""))
        fmt = unit.report.format
        table.setRowCount(len(unit.issues))
        for r, issue in enumerate(unit.issues):
            values = [SEVERITY_LABEL.get(issue.severity, issue.severity), issue.rule, issue.message,
                      describe_location(issue, fmt, full_row_label=True)]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 0 and issue.severity in SEVERITY_BG:
                    item.setBackground(SEVERITY_BG[issue.severity])
                table.setItem(r, c, item)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(1)
        table.setColumnWidth(2, 560)

    # --- saving and opening ---------------------------------------------------------------------------
    def _apply_meta(self) -> None:
        """The name and level may be typed after consolidating: they only change the result's meta."""
        if self.consolidation is not None:
            self.consolidation.report.meta.org_name = self.name_edit.text().strip()
            self.consolidation.report.meta.level = self.level_combo.currentData()

    def _default_path(self, suffix: str, what: str) -> str:
        items = self.inputs()
        base = Path(items[0]) if items else Path.home()
        folder = base.parent if base.exists() else Path.home()
        name = self.name_edit.text().strip() or "汇总"
        year = self.consolidation.year if self.consolidation is not None and self.consolidation.year else ""
        return str(folder / f"{name}{year}年政府信息公开工作年度报告（{what}）{suffix}")

    def save_report_to(self, path: str) -> bool:
        if self.consolidation is None or not self.consolidation.included:
            return False
        from gkdesk.core import storage

        self._apply_meta()
        if not path.lower().endswith(".gkreport"):
            path += ".gkreport"
        try:
            storage.save(self.consolidation.report, Path(path))
        except GkError as exc:
            show_error(self, str(exc))
            return False
        self.saved_report_path = path
        self.summary_label.setText(self.summary_label.text() + f"\n汇总报告已保存：{path}")
        return True

    def save_summary_to(self, path: str) -> bool:
        if self.consolidation is None:
            return False
        from gkdesk.core.consolidate_summary import write_summary

        self._apply_meta()
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_summary(self.consolidation, Path(path))
        except GkError as exc:
            QGuiApplication.restoreOverrideCursor()
            show_error(self, str(exc))
            return False
        QGuiApplication.restoreOverrideCursor()
        self.saved_summary_path = path
        self.summary_label.setText(self.summary_label.text() + f"\n校验清单已保存：{path}")
        return True

    def _choose_report_path(self) -> bool:
        path = ask_save_path(self, "保存汇总报告", self.saved_report_path or self._default_path(".gkreport", "汇总"),
                             "gkdesk 报告 (*.gkreport)")
        return bool(path) and self.save_report_to(path)

    def _choose_summary_path(self) -> bool:
        path = ask_save_path(self, "保存校验清单", self.saved_summary_path or self._default_path(".xlsx", "汇总校验清单"),
                             "Excel 工作簿 (*.xlsx)")
        return bool(path) and self.save_summary_to(path)

    def open_result(self) -> None:
        """Save first if needed, then ask the window to open the consolidated report and close the dialog."""
        if self.consolidation is None or not self.consolidation.included:
            return
        if self.saved_report_path is None and not self._choose_report_path():
            return
        if self.saved_report_path is None:
            return
        meta = self.consolidation.report.meta
        typed = (self.name_edit.text().strip(), self.level_combo.currentData())
        # the name or level may have been changed after saving: the opened file must say what the user sees
        if (meta.org_name, meta.level) != typed and not self.save_report_to(self.saved_report_path):
            return
        self.open_requested.emit(self.saved_report_path)
        self.accept()

    def _update_buttons(self) -> None:
        running = self._worker is not None
        has = self.consolidation is not None
        usable = has and bool(self.consolidation and self.consolidation.included)
        for w in (self.add_files_button, self.add_folder_button, self.remove_button, self.clear_button,
                  self.input_list, self.year_spin, self.allow_dup, self.level_combo):
            w.setEnabled(not running)
        self.start_button.setEnabled(not running and self.input_list.count() > 0)
        self.cancel_button.setEnabled(running)
        self.save_report_button.setEnabled(usable and not running)
        self.save_summary_button.setEnabled(has and not running)
        self.open_button.setEnabled(usable and not running)

    def reject(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()
            self._worker.wait()
        super().reject()
