"""Every table model passes Qt's model tester, and shows the official layout with computed cells read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gkdesk.gui.document import Document
from gkdesk.gui.table_model import TableModel


@pytest.mark.parametrize("table", ["t2", "t3", "t4"])
def test_qtmodeltester(qtmodeltester, example_report, table):
    doc = Document(example_report)
    model = TableModel(doc, table)
    qtmodeltester.check(model, force_py=True)
    # the tester stays connected: edits, undo, a refused value and a new document are checked as they happen
    first = model.value_cells()[0]
    idx = model.index(first.row, first.col)
    assert model.setData(idx, "7")
    assert not model.setData(idx, "七件")
    doc.stack.undo()
    doc.set_report(example_report.copy())
    qtmodeltester.check(model, force_py=True)


def test_layout_labels_come_from_the_format(example_report):
    doc = Document(example_report)
    model = TableModel(doc, "t3")
    layout = model.tdef.layout
    assert model.rowCount() == layout.n_rows and model.columnCount() == layout.n_cols
    texts = {model.data(model.index(c.row, c.col)) for c in layout.cells if c.text}
    assert "申请人情况" in texts and "三、本年度办理结果" in texts and "（七）总计" in texts
    spans = {(c.row, c.col, c.rowspan, c.colspan) for c in model.spans()}
    assert any(rs > 1 for _, _, rs, _ in spans) and any(cs > 1 for _, _, _, cs in spans)


def test_computed_cells_read_only_shaded_and_right(example_report):
    doc = Document(example_report)
    model = TableModel(doc, "t3")
    total = model.index_of("new", "total")
    assert not model.flags(total) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index_of("new", "natural")) & Qt.ItemFlag.ItemIsEditable
    shade = model.data(total, Qt.ItemDataRole.BackgroundRole).color()
    plain = model.data(model.index_of("new", "natural"), Qt.ItemDataRole.BackgroundRole).color()
    assert shade != plain
    assert not model.setData(total, "5")
    assert model.setData(model.index_of("new", "natural"), "7")
    expected = sum(doc.report.number("t3", "new", c) for c in
                   ("natural", "commercial", "research", "public_interest", "legal_service", "other"))
    assert model.data(total) == str(expected)
    assert model.data(model.index_of("total", "total")) == str(doc.report.value("t3", "total", "total"))
    assert "自动计算" in model.data(total, Qt.ItemDataRole.ToolTipRole)


def test_label_cells_not_editable(example_report):
    model = TableModel(Document(example_report), "t4")
    header = model.index(0, 0)
    assert model.data(header) == "行政复议"
    assert not model.flags(header) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(header, "1")
