"""汇总 dialog: choose the units' reports (files or folders), consolidate off the GUI thread, list each unit's status,
save the consolidated report and the check summary, and open the result in the window.

The work is ``gkdesk.core.consolidate`` (Qt-free, plain progress hook); this module only turns the hook into signals.
Questions to the user are module-level functions so tests can answer them without a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.consolidate import Consolidation, Validator, consolidate
from gkdesk.core.errors import GkError
from gkdesk.core.format import load_format
from gkdesk.core.issues import Settings
from gkdesk.gui import file_dialogs
from gkdesk.gui.consolidate_results import UNIT_COLUMNS, OptionsBox, ResultsArea, fill_issues, fill_units, result_text
from gkdesk.gui.threads import Job, Progress

__all__ = ["UNIT_COLUMNS", "ConsolidateDialog", "ask_files", "ask_folder", "ask_save_path", "show_error"]


# --- questions (monkeypatched in tests) --------------------------------------------------------------
def ask_files(parent: QWidget, start: str) -> list[str]:
    return file_dialogs.open_files(parent, "选择各单位的报告",
                                   f"各单位的年度报告 (*.gkreport *.xlsx *.html *.htm *.txt);;{file_dialogs.REPORT_FILTER};;"
                                   f"{file_dialogs.ALL_FILES}")


def ask_folder(parent: QWidget, start: str) -> str:
    return file_dialogs.choose_folder(parent, "选择存放各单位报告的文件夹（包括其子文件夹）")


def ask_save_path(parent: QWidget, title: str, default: str, filter_: str) -> str:
    return file_dialogs.save_file(parent, title, Path(default), filter_)


def show_error(parent: QWidget, text: str) -> None:
    QMessageBox.warning(parent, "汇总", text)


class ConsolidateDialog(QDialog):
    """汇总各单位报告. ``open_requested(path)`` asks the window to open the saved consolidated report."""

    open_requested = Signal(str)
    consolidated = Signal(object)  # the Consolidation, once shown
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, validate: Validator | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总各单位的年度报告")
        self.setAcceptDrops(True)
        from gkdesk.gui.screen import fit_to_screen

        fit_to_screen(self, (1100, 800), parent)
        self._validate, self._settings = validate, settings  # the rules with the window's settings by default
        self._worker: Job | None = None  # the job running now
        self._last_job: Job | None = None
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
        box2 = OptionsBox(fmt)
        self.name_edit, self.level_combo = box2.name_edit, box2.level_combo
        self.year_spin, self.allow_dup = box2.year_spin, box2.allow_dup
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
        results = ResultsArea(self.fontMetrics().height() + 8)
        self.units_table, self.issues_table = results.units_table, results.issues_table
        self.issues_label = results.issues_label
        layout.addWidget(results, 1)
        self.units_table.selectionModel().selectionChanged.connect(self._show_unit_issues)

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
            self.units_table.clear_units()
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
                                       validate=self._validate, settings=self._settings)

        def work(progress: Progress, cancelled: Callable[[], bool]) -> Consolidation:
            return consolidate(inputs, progress=progress, cancelled=cancelled, **options)

        self.consolidation = None
        self.saved_report_path = self.saved_summary_path = None
        self.units_table.clear_units()
        self.issues_table.setRowCount(0)
        self.progress.setRange(0, 0)  # busy until the number of files is known
        self.progress_label.setText("正在查找报告文件…")
        self.summary_label.setText("正在汇总，请稍候。")
        self._new_job(work, "汇总", on_progress=self._show_progress, on_done=self._on_done,
                      on_failed=self._on_failed).start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.progress_label.setText("正在停止…")

    def _show_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if self._worker is not None and not self._worker.is_cancelled():
            self.progress_label.setText(f"已读取并校验 {done}/{total}：{name}")

    def _new_job(self, work: Any, what: str, **callbacks: Any) -> Job:
        if self._last_job is not None:  # never deleted from its own end: only when the next one starts
            self._last_job.deleteLater()
        self._worker = self._last_job = Job(work, self, what=what, **callbacks)
        self._update_buttons()
        return self._worker

    def _job_ended(self) -> Job | None:
        worker, self._worker = self._worker, None
        self._update_buttons()
        return worker

    def _on_done(self, result: Consolidation) -> None:
        worker = self._job_ended()
        files_read = worker.progress[1] if worker is not None and worker.progress else 0
        self.consolidation = result
        self._update_buttons()
        self.progress.setRange(0, max(files_read, 1))
        self.progress.setValue(max(files_read, 1))
        self.progress_label.setText("")
        self.summary_label.setText(result_text(result))
        fill_units(self.units_table, result)
        self.consolidated.emit(result)

    def _on_failed(self, message: str) -> None:
        self._job_ended()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_label.setText("")
        self.summary_label.setText(message)
        self.failed.emit(message)

    def is_running(self) -> bool:
        return self._worker is not None

    @Slot()
    def _show_unit_issues(self) -> None:
        rows = {i.row() for i in self.units_table.selectedIndexes()}
        unit = self.consolidation.units[rows.pop()] if self.consolidation is not None and len(rows) == 1 else None
        fill_issues(self.issues_table, self.issues_label, unit)

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
        """Write the check summary workbook off the GUI thread (the dialog stays painted); True when written."""
        if self.consolidation is None or self._worker is not None:
            return False
        self._apply_meta()
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        result = self.consolidation

        def work(_progress: Progress, _cancelled: Callable[[], bool]) -> None:
            from gkdesk.core.consolidate.summary import write_summary

            write_summary(result, Path(path))

        self.progress_label.setText("正在保存校验清单…")
        job = self._new_job(work, "保存校验清单")
        job.start()
        job.wait_ended()
        self._job_ended()
        self.progress_label.setText("")
        if job.error is not None:
            show_error(self, job.error)
            return False
        self.saved_summary_path = path
        self.summary_label.setText(self.summary_label.text() + f"\n校验清单已保存：{path}")
        return True

    def _choose_report_path(self) -> bool:
        path = ask_save_path(self, "保存汇总报告", self.saved_report_path or self._default_path(".gkreport", "汇总"),
                             file_dialogs.REPORT_FILTER)
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
            self._worker.cancel()
            self._worker.wait_ended()
        super().reject()
