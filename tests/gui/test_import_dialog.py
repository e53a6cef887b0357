"""文件 → 导入: the import runs off the GUI thread, the log is shown by part, 导入 returns the report, 取消 nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from gkdesk.gui import import_dialog as idlg
from gkdesk.gui.import_dialog import ImportDialog


@pytest.fixture
def dialog(qtbot):
    dlg = ImportDialog(None)
    qtbot.addWidget(dlg)
    return dlg


def _run(qtbot, dlg: ImportDialog, path) -> None:
    with qtbot.waitSignal(dlg.imported, timeout=20000):
        dlg.start_file(str(path))
    qtbot.waitUntil(lambda: not dlg.is_running(), timeout=20000)


def _tree_texts(dlg: ImportDialog) -> dict[str, list[str]]:
    out = {}
    for i in range(dlg.tree.topLevelItemCount()):
        top = dlg.tree.topLevelItem(i)
        out[top.text(0)] = [f"{top.child(k).text(0)}|{top.child(k).text(1)}" for k in range(top.childCount())]
    return out


def test_township_import_shows_log_and_returns_report(qtbot, dialog, samples_dir, example_report):
    _run(qtbot, dialog, samples_dir / "qiuqu-township-2024.txt")
    assert dialog.report is not None
    assert dialog.report.tables == example_report.tables
    assert "秋渠乡2024年政府信息公开工作年度报告" in dialog.source_label.text()
    assert "导入记录：" in dialog.summary_label.text()
    tree = _tree_texts(dialog)
    assert "基本信息" in tree and "三、收到和处理政府信息公开申请情况（表格）" in tree
    assert any(t.startswith("已识别|“（七）总计”") for t in tree["三、收到和处理政府信息公开申请情况（表格）"])
    assert dialog.btn_import.isEnabled()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_excerpt_shows_what_is_missing(qtbot, dialog, samples_dir):
    src = sorted((samples_dir / "published").glob("05_*"))[0]
    _run(qtbot, dialog, src)
    tree = _tree_texts(dialog)
    t3 = tree["三、收到和处理政府信息公开申请情况（表格）"]
    assert any(t.startswith("未找到|没有找到以下") for t in t3)
    top = next(dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())
               if dialog.tree.topLevelItem(i).text(0).startswith("三、"))
    assert top.isExpanded() and "未找到" in top.text(1)
    assert dialog.btn_import.isEnabled()  # partial imports are allowed


def test_2019_layout_is_announced(qtbot, dialog, samples_dir):
    _run(qtbot, dialog, sorted((samples_dir / "published").glob("10_*"))[0])
    assert "2019年试行格式" in dialog.summary_label.text()
    assert any(t.startswith("无法对应|") for t in _tree_texts(dialog)["二、主动公开政府信息情况（表格）"])


def test_nothing_usable_disables_import(qtbot, dialog, tmp_path):
    src = tmp_path / "空.txt"
    src.write_bytes(b"")
    _run(qtbot, dialog, src)
    assert dialog.report is None
    assert not dialog.btn_import.isEnabled()
    assert "没有" in dialog.source_label.text() and "空文件" in dialog.summary_label.text()
    dialog.accept()  # 导入 does nothing without a report
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_paste_from_clipboard(qtbot, dialog, samples_dir):
    QGuiApplication.clipboard().setText((samples_dir / "qiuqu-township-2024.txt").read_text(encoding="utf-8"))
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.paste()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20000)
    assert dialog.report is not None and dialog.report.meta.org_name == "秋渠乡"
    dialog.copy_log()
    assert QGuiApplication.clipboard().text().startswith("导入记录：粘贴的文字")


def test_empty_clipboard_says_what_to_do(dialog):
    QGuiApplication.clipboard().setText("")
    dialog.paste()
    assert "剪贴板中没有文字" in dialog.summary_label.text()


def test_import_report_returns_the_report_on_import(qtbot, monkeypatch, samples_dir):
    monkeypatch.setattr(idlg, "ask_source_file", lambda parent: str(samples_dir / "qiuqu-township-2024.txt"))

    def press_import():
        from PySide6.QtWidgets import QApplication

        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible())
        qtbot.waitUntil(lambda: dlg.btn_import.isEnabled(), timeout=20000)
        dlg.btn_import.click()

    QTimer.singleShot(0, press_import)
    rep = idlg.import_report(None, start="file")
    assert rep is not None and rep.meta.org_name == "秋渠乡"


def test_import_report_cancelled(qtbot, monkeypatch, samples_dir):
    monkeypatch.setattr(idlg, "ask_source_file", lambda parent: str(samples_dir / "qiuqu-township-2024.txt"))

    def press_cancel():
        from PySide6.QtWidgets import QApplication

        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog) and w.isVisible())
        dlg.btn_cancel.click()

    QTimer.singleShot(0, press_cancel)
    assert idlg.import_report(None, start="file") is None


def test_no_file_chosen(monkeypatch):
    monkeypatch.setattr(idlg, "ask_source_file", lambda parent: "")
    assert idlg.import_report(None, start="file") is None


def test_selecting_an_entry_shows_it_in_full(qtbot, dialog, samples_dir):
    _run(qtbot, dialog, sorted((samples_dir / "published").glob("05_*"))[0])
    top = next(dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())
               if dialog.tree.topLevelItem(i).text(0).startswith("三、"))
    item = next(top.child(k) for k in range(top.childCount()) if top.child(k).text(1).startswith("没有找到以下"))
    dialog.tree.setCurrentItem(item)
    assert "四、结转下年度继续办理" in dialog.detail.text() and "导入后留空" in dialog.detail.text()
