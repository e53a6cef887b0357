"""文件 → 导入: choose a published report, import it off the GUI thread, show the import log, 导入 or 取消.

The work is ``gkdesk.core.importers`` (Qt-free). Questions to the user are module-level functions so tests can
answer them without a modal loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.importers import ImportLog, ImportResult, import_file, import_text
from gkdesk.core.importers.log import KIND_LABEL, PART_LABEL
from gkdesk.core.issues import Settings
from gkdesk.core.report import Report
from gkdesk.gui.threads import Job

FILE_FILTER = ("可导入的年度报告 (*.txt *.htm *.html *.xhtml *.mht *.mhtml *.xlsx *.xlsm *.docx *.csv);;文本文件 (*.txt *.csv);;"
               "网页 (*.htm *.html *.xhtml *.mht *.mhtml);;Excel 工作簿 (*.xlsx *.xlsm);;Word 文档 (*.docx);;所有文件 (*)")

KIND_BG = {
    "matched": QColor("#e6f4ea"),
    "fuzzy": QColor("#e2eefc"),
    "assumed": QColor("#fcefc4"),
    "missing": QColor("#f9d3d0"),
    "unmapped": QColor("#f9d3d0"),
    "ignored": QColor("#eeeeee"),
    "source": QColor("#ffffff"),
}
KIND_HELP = {
    "matched": "与标准栏目完全一致，已导入",
    "fuzzy": "原文写法与标准栏目略有不同，已按最接近的栏目导入，请核对",
    "assumed": "根据上下文推定，请核对",
    "missing": "原文中没有找到，导入后留空，请补充",
    "unmapped": "原文有这项内容，但对应不到2021年格式的任何栏目，没有导入",
    "ignored": "不属于报告内容（如页码、来源地址），没有导入",
}

CLIPBOARD_HOW = ("在网页或 PDF 阅读器中打开去年的年度报告，按 Ctrl+A 全选、Ctrl+C 复制，"
                 "再点“从剪贴板导入”。也可以选择已保存的网页、Word、Excel 或文本文件。")


# --- questions (monkeypatched in tests) --------------------------------------------------------------
def ask_source_file(parent: QWidget | None) -> str:
    from gkdesk.gui import file_dialogs

    return file_dialogs.open_file(parent, "选择要导入的年度报告文件", FILE_FILTER)


def _import(path: str | None, text: str | None) -> ImportResult:
    """The work of one import (off the GUI thread): a file, or pasted text."""
    return import_file(path) if path is not None else import_text(text or "", "粘贴的文字")


class ImportDialog(QDialog):
    """Shows what an import found and lets the user take it (导入) or not (取消)."""

    imported = Signal(object)  # the ImportResult, once shown

    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings  # the user's validation settings, for the check shown after the import
        self.setWindowTitle("导入年度报告")
        from gkdesk.gui.screen import fit_to_screen

        fit_to_screen(self, (940, 640), parent)
        self.import_result: ImportResult | None = None
        self._worker: Job | None = None
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.btn_paste = QPushButton("从剪贴板导入")
        self.btn_paste.setToolTip(CLIPBOARD_HOW)
        self.btn_paste.clicked.connect(self.paste)
        self.btn_file = QPushButton("从文件导入…")
        self.btn_file.setToolTip("选择已保存的网页（.html）、Word（.docx）、Excel（.xlsx）或文本（.txt）文件")
        self.btn_file.clicked.connect(self.choose_file)
        row.addWidget(self.btn_paste)
        row.addWidget(self.btn_file)
        row.addStretch(1)
        lay.addLayout(row)
        self.source_label = QLabel(CLIPBOARD_HOW)
        self.source_label.setWordWrap(True)
        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.source_label)
        lay.addWidget(self.summary_label)
        legend = QLabel("绿色：已识别　蓝色：近似匹配（请核对）　黄色：推定（请核对）　红色：未找到或无法对应（导入后请补充）")
        legend.setStyleSheet("color: #555;")
        legend.setWordWrap(True)
        lay.addWidget(legend)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["情况", "说明", "原文位置"])
        self.tree.setColumnWidth(0, 300)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        lay.addWidget(self.tree, 1)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("background: #f6f7f9; padding: 6px; border: 1px solid #dde;")
        self.detail.setMinimumHeight(48)
        self.tree.currentItemChanged.connect(self._show_detail)
        lay.addWidget(self.detail)
        self.buttons = QDialogButtonBox()
        self.btn_copy = self.buttons.addButton("复制导入记录", QDialogButtonBox.ButtonRole.ActionRole)
        self.btn_copy.clicked.connect(self.copy_log)
        self.btn_import = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._update_buttons()

    # --- running -----------------------------------------------------------------------------------
    def start_file(self, path: str) -> None:
        from gkdesk.gui import file_dialogs
        from gkdesk.gui import settings as app_settings

        app_settings.remember_folder(file_dialogs.settings_of(self), path)
        self.source_label.setText(f"正在读取“{Path(path).name}”……")
        self._start(path, None)

    def start_text(self, text: str) -> None:
        self.source_label.setText("正在识别粘贴的文字……")
        self._start(None, text)

    def _start(self, path: str | None, text: str | None) -> None:
        if self.is_running():
            return
        self.import_result = None
        self.tree.clear()
        self.summary_label.setText("")
        source = Path(path).name if path else "粘贴的文字"
        if self._worker is not None:
            self._worker.deleteLater()

        def failed(message: str) -> None:
            log = ImportLog(source_name=source)
            log.add("missing", "", f"{message}\n也可以把原文复制成纯文本后用“从剪贴板导入”再试。")
            self._show(ImportResult(None, log))

        self._worker = Job(lambda _progress, _cancelled: _import(path, text), self, what="导入",
                           on_done=self._show, on_failed=failed)
        self._update_buttons()
        self._worker.start()

    def is_running(self) -> bool:
        return self._worker is not None and not self._worker.ended

    def wait(self) -> None:
        if self._worker is not None and self._worker.isRunning():
            self._worker.wait_ended()

    def choose_file(self) -> None:
        path = ask_source_file(self)
        if path:
            self.start_file(path)

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.summary_label.setText("剪贴板中没有文字。请先在网页或 PDF 阅读器中全选并复制报告正文，再点“从剪贴板导入”。")
            self.btn_paste.setFocus()
            return
        self.start_text(text)

    def copy_log(self) -> None:
        if self.import_result is not None:
            QGuiApplication.clipboard().setText(self.import_result.log.to_text())

    # --- showing -----------------------------------------------------------------------------------
    def _show(self, result: ImportResult) -> None:
        self.import_result = result
        log = result.log
        name = log.source_name or "粘贴的文字"
        kind = f"（{log.source_kind}）" if log.source_kind else ""
        if result.report is None:
            self.source_label.setText(f"没有从“{name}”{kind}中找到可以导入的年度报告内容。")
            reasons = [e.text for e in log.entries if e.kind == "missing"]
            self.summary_label.setText("\n".join(reasons) or "原文中没有找到报告标题、六个部分或表格。")
        else:
            r = result.report
            self.source_label.setText(f"从“{name}”{kind}识别出：{r.title}")
            self.summary_label.setText(self._summary(result))
        self._fill_tree(log)
        self.detail.setText("点选一条记录可在这里看到完整说明。")
        self._update_buttons()
        self.imported.emit(result)

    def _summary(self, result: ImportResult) -> str:
        text = f"导入记录：{result.log.summary()}。"
        if result.report is not None and (result.report.source_format or "").startswith("2019"):
            text = ("注意：原文的表格是2019年试行格式，能对应的数字已按2021年格式导入，其余列在“无法对应”中，"
                    "请按2021年格式补齐。\n" + text)
        from gkdesk.core.issues import count_by_severity
        from gkdesk.core.rules import validate

        c = count_by_severity(validate(result.report, self._settings))  # type: ignore[arg-type]
        text += (f"\n导入后校验：{c['error']} 个错误，{c['warning']} 个警告，{c['hint']} 个提示"
                 "（导入后在窗口的问题列表中逐条查看；原文自身的错误也会显示出来）。")
        text += "\n点“导入”后报告作为新的未命名文档打开，请核对后保存。"
        return text

    def _fill_tree(self, log: ImportLog) -> None:
        self.tree.clear()
        for part, label in PART_LABEL.items():
            group = [e for e in log.entries if e.table == part]
            if not group:
                continue
            bad = sum(1 for e in group if e.kind in ("missing", "unmapped"))
            check = sum(1 for e in group if e.kind in ("fuzzy", "assumed"))
            note = []
            if bad:
                note.append(f"{bad} 处未找到或无法对应")
            if check:
                note.append(f"{check} 处请核对")
            top = QTreeWidgetItem([label, "；".join(note) or "全部识别", ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for e in group:
                item = QTreeWidgetItem([KIND_LABEL.get(e.kind, e.kind), e.text, e.where])
                item.setToolTip(0, KIND_HELP.get(e.kind, ""))
                item.setToolTip(1, e.text)
                bg = KIND_BG.get(e.kind)
                if bg is not None:
                    item.setBackground(0, bg)
                top.addChild(item)
            top.setExpanded(bool(bad or check) or part in ("meta", ""))

    def _show_detail(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is None:
            self.detail.setText("")
            return
        if item.parent() is None:
            self.detail.setText(f"{item.text(0)}：{item.text(1)}")
            return
        where = f"（原文{item.text(2)}）" if item.text(2) else ""
        self.detail.setText(f"[{item.text(0)}] {item.text(1)}{where}\n{item.toolTip(0)}")

    def _update_buttons(self) -> None:
        running = self.is_running()
        ok = self.import_result is not None and self.import_result.report is not None
        self.btn_import.setEnabled(ok and not running)
        self.btn_file.setEnabled(not running)
        self.btn_paste.setEnabled(not running)
        self.btn_copy.setEnabled(self.import_result is not None and not running)
        if ok:
            self.btn_import.setDefault(True)

    @property
    def report(self) -> Report | None:
        return self.import_result.report if self.import_result is not None else None

    def accept(self) -> None:
        if self.report is None or self.is_running():
            return
        super().accept()

    def reject(self) -> None:
        self.wait()
        super().reject()


def import_report(parent: QWidget | None, settings: Settings | None = None, start: str = "choose") -> Report | None:
    """导入: the dialog (its first choice: 从剪贴板导入), the log, and the report when the user chooses 导入.

    ``start``: "choose" (the user picks 剪贴板 or a file in the dialog), "clipboard" (import what is copied at once),
    "file" (ask for a file first; no file chosen: nothing happens).
    """
    path = ""
    if start == "file":
        path = ask_source_file(parent)
        if not path:
            return None
    if settings is None:  # the window's validation settings (工具 → 校验设置…)
        doc = getattr(parent, "doc", None)
        settings = getattr(doc, "settings", None) if doc is not None else None
    dlg = ImportDialog(parent, settings=settings)
    if path:
        dlg.start_file(path)
    elif start == "clipboard":
        dlg.paste()
    else:
        dlg.btn_paste.setDefault(True)
        dlg.btn_paste.setFocus()
    accepted = dlg.exec() == QDialog.DialogCode.Accepted
    dlg.wait()
    return dlg.report if accepted else None
