"""A table section tab: the section heading and the official table (二's four blocks are one grid)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gkdesk.gui.document import Document
from gkdesk.gui.table_model import TableModel
from gkdesk.gui.table_view import ReportTableView


class TableTab(QWidget):
    def __init__(self, doc: Document, table_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tdef = doc.report.format.table(table_key)
        self.model = TableModel(doc, table_key, self)
        self.view = ReportTableView(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(4)
        title = QLabel(tdef.title)
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        computed = "蓝灰色格子是自动计算的合计；" if tdef.computed else ""
        self.hint = QLabel(f"输入数字后按 Tab 或回车到下一个要填的格子；{computed}空白表示未填，没有数据请填 0。"
                           "可从 WPS/Excel 复制一块数字后粘贴（Ctrl+V）。F1 查看说明。")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addStretch(0)
        layout.addLayout(row, 1)
        layout.addStretch(0)
