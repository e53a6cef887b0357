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
        layout.setContentsMargins(24, 12, 24, 12)
        title = QLabel(tdef.title)
        title.setStyleSheet("font-size: 15pt; font-weight: bold; margin: 4px 0 6px 0;")
        layout.addWidget(title)
        computed = "蓝灰色格子为自动计算的合计；" if tdef.computed else ""
        hint = QLabel(f"白色格子直接输入数字（半角、全角均可），Tab、回车和方向键移动；{computed}"
                      "空白表示未填，没有数据请填 0。可从 WPS/Excel 复制一块数字后粘贴（Ctrl+V）。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        row = QHBoxLayout()
        row.addWidget(self.view, 1)
        row.addStretch(0)
        layout.addLayout(row, 1)
        self.view.setMaximumWidth(self.view.preferred_width())
        self.view.setMaximumHeight(self.view.preferred_height())
        layout.addStretch(0)
