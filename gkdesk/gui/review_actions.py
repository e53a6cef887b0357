"""The window's 核实 and bound-figure commands: 标记为已核实 / 重新打开 (panel), 插入表格数字 (Ctrl+F9, as Word's
field key), 取消引用, 绑定正文中的数字, 导出审核说明; and the subtle mark on bound figures in the text fields."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPlainTextEdit, QTextEdit

from gkdesk.core import bindings as bnd
from gkdesk.core.explain import ExplanationError, can_explain, explain, with_explanation, without
from gkdesk.core.issues import Issue
from gkdesk.core.review_edits import SetAllBindings, SetExplanations, insert_figure, unbind

if TYPE_CHECKING:
    from gkdesk.gui.main_window import MainWindow

#: the mark of a bound figure: a pale blue ground and a dotted underline, quiet enough for long texts
MARK_BG = QColor("#d9e7f9")
MARK_LINE = QColor("#3b6fb6")


def mark_bound(widget: QPlainTextEdit, report: object, field_id: str) -> None:
    """Show the field's bound figures with the mark (extra selections: the text itself is not changed)."""
    spans = bnd.of_field(report, field_id) if getattr(report, "bindings", None) else []  # type: ignore[arg-type]
    sels = []
    fmt = QTextCharFormat()
    fmt.setBackground(MARK_BG)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(MARK_LINE)
    fmt.setToolTip("引用表格的数字，随表格自动更新")
    for b in spans:
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(widget.document())
        cur.setPosition(b.start)
        cur.setPosition(b.end, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        sel.format = fmt
        sels.append(sel)
    widget.setExtraSelections(sels)


class ReviewActions:
    """Installed on the main window just after its first paint (or when one of its commands is first used): the
    panel's 核实 menu, the marks on bound figures, and the commands behind the menu actions ``menus`` made."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        # the menu actions (with their shortcuts) exist from the start; they call this object's methods
        self.act_insert = window.act_insert_figure
        self.act_unbind = window.act_unbind
        self.act_bind = window.act_bind
        self.act_notes = window.act_notes
        self.act_explain = QAction("标记为已核实…", window)
        self.act_explain.triggered.connect(lambda: self.explain_issue(self.current_issue()))
        self.act_reopen = QAction("重新打开", window)
        self.act_reopen.triggered.connect(lambda: self.reopen_issue(self.current_issue()))
        tree = window.issues_panel.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._panel_menu)
        window.doc.changed.connect(lambda _touches: self.remark())
        window.tabs.currentChanged.connect(lambda _i: self.remark())
        self.remark()  # text pages built before this was installed

    def remark(self) -> None:
        """Mark the bound figures in every text field built so far (a handful of widgets: cheap)."""
        report = self.w.doc.report
        for tab in self.w.text_tabs.built_values():
            for fid, widget in tab.field_widgets().items():  # type: ignore[attr-defined]
                if isinstance(widget, QPlainTextEdit) and bnd.is_text_field(report, fid):
                    mark_bound(widget, report, fid)

    # --- 已核实 ------------------------------------------------------------------------------------
    def current_issue(self) -> Issue | None:
        return self.w.issues_panel.current_issue()

    def _panel_menu(self, pos: QPoint) -> None:
        tree = self.w.issues_panel.tree
        item = tree.itemAt(pos)
        if item is None:
            return
        tree.setCurrentItem(item)
        issue = self.current_issue()
        if issue is None:
            return
        menu = QMenu(tree)
        explained = self.w.issues_panel.is_explained(issue)
        if explained:
            menu.addAction(self.act_reopen)
            menu.addAction("修改核实说明…", lambda: self.explain_issue(issue))
        else:
            menu.addAction(self.act_explain)
            self.act_explain.setEnabled(can_explain(issue))
            if not can_explain(issue):
                self.act_explain.setText("标记为已核实…（错误必须改正）")
            else:
                self.act_explain.setText("标记为已核实…")
        menu.addAction("复制问题文字", lambda: QApplication.clipboard().setText(issue.message))
        menu.exec(tree.viewport().mapToGlobal(pos))

    def explain_issue(self, issue: Issue | None) -> bool:
        from gkdesk.gui.review_dialogs import ExplainDialog

        doc = self.w.doc
        if issue is None:
            return False
        if not can_explain(issue):
            QMessageBox.information(self.w, "不能标记为已核实",
                                    "这是错误（强制性审核），必须改正，不能以说明代替。只有警告和提示可以标记为已核实。")
            return False
        old = next((e.note for e in doc.report.explanations if e.matches(issue)), "")
        dlg = ExplainDialog(issue, doc.report, old, self.w)
        if dlg.exec() != ExplainDialog.DialogCode.Accepted:
            return False
        try:
            new = explain(issue, dlg.text(), date.today())
        except ExplanationError as exc:
            QMessageBox.warning(self.w, "无法标记为已核实", str(exc))
            return False
        doc.apply(SetExplanations(with_explanation(doc.report.explanations, new), "标记为已核实"))
        self.w.show_message(f"已标记为已核实：{issue.message[:30]}…（可撤销）")
        return True

    def reopen_issue(self, issue: Issue | None) -> None:
        if issue is None:
            return
        doc = self.w.doc
        doc.apply(SetExplanations(without(doc.report.explanations, issue), "重新打开"))
        self.w.show_message("已重新打开该问题（可撤销）。")

    # --- bound figures ----------------------------------------------------------------------------
    def _text_target(self) -> tuple[QPlainTextEdit, str] | None:
        widget = QApplication.focusWidget()
        field_id = getattr(widget, "field_id", None)
        if isinstance(widget, QPlainTextEdit) and isinstance(field_id, str) and \
                bnd.is_text_field(self.w.doc.report, field_id):
            return widget, field_id
        return None

    def insert_figure(self) -> None:
        from gkdesk.gui.review_dialogs import FigurePicker

        target = self._text_target()
        if target is None:
            QMessageBox.information(self.w, "插入表格数字",
                                    "请先在正文（一、五、六部分的文字）中点一下要插入数字的位置，再按 Ctrl+F9。")
            return
        widget, field_id = target
        pos = widget.textCursor().position()
        dlg = FigurePicker(self.w.doc.report, self.w)
        if dlg.exec() != FigurePicker.DialogCode.Accepted or dlg.chosen() is None:
            return
        try:
            edit = insert_figure(self.w.doc.report, field_id, pos, dlg.chosen())  # type: ignore[arg-type]
        except bnd.BindingError as exc:
            QMessageBox.warning(self.w, "无法插入", str(exc))
            return
        self.w.doc.end_merge()
        self.w.doc.apply(edit)
        inserted = next(b for b in edit.bindings if b.start == pos)
        widget.setFocus()
        cur = widget.textCursor()
        cur.setPosition(min(inserted.end, len(widget.toPlainText())))  # after the figure, to go on typing
        widget.setTextCursor(cur)

    def unbind(self) -> None:
        target = self._text_target()
        if target is None:
            return
        widget, field_id = target
        edit = unbind(self.w.doc.report, field_id, widget.textCursor().position())
        if edit is None:
            self.w.show_message("光标处没有引用表格的数字。")
            return
        self.w.doc.apply(edit)
        self.w.show_message("已取消引用，该数字改为普通文字（可撤销）。")

    def bind_literals(self) -> None:
        from gkdesk.core.bindliterals import bind, propose  # reads the text as the rules do: loaded when asked for
        from gkdesk.gui.review_dialogs import BindDialog

        doc = self.w.doc
        proposals = propose(doc.report)
        if not proposals:
            QMessageBox.information(self.w, "绑定正文中的数字",
                                    "正文中没有找到与表格一致、且未绑定的数字。"
                                    "与表格不一致的数字请按校验结果（TXT-NUM）核对后修改。")
            return
        dlg = BindDialog(doc.report, proposals, self.w)
        if dlg.exec() != BindDialog.DialogCode.Accepted or not dlg.chosen():
            return
        chosen = dlg.chosen()
        doc.apply(SetAllBindings(bind(doc.report, chosen), "绑定正文中的数字"))
        self.w.show_message(f"已绑定 {len(chosen)} 处数字，今后随表格自动更新（可一步撤销）。")

    # --- 审核说明 ----------------------------------------------------------------------------------
    def export_notes(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from gkdesk.core.errors import GkError
        from gkdesk.core.exporters.notes import export_notes

        doc = self.w.doc
        base = (doc.path.parent if doc.path else None)
        name = f"{doc.report.title}审核说明.pdf"
        path, _ = QFileDialog.getSaveFileName(self.w, "导出审核说明", str(base / name) if base else name,
                                              "PDF 文件 (*.pdf);;Excel 工作簿 (*.xlsx)")
        if not path:
            return
        try:
            export_notes(doc.report, Path(path), doc.settings)
        except GkError as exc:
            QMessageBox.warning(self.w, "无法导出审核说明", str(exc))
            return
        self.w.show_message(f"已导出审核说明：{path}")
