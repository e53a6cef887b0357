"""The 汇总 dialog: files and folders in, work off the GUI thread with progress, unit statuses, save, open, cancel."""

from __future__ import annotations

import random
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "consolidate"))

from consolidate_helpers import fake_validate, make_unit, save_units  # noqa: E402

from gkdesk.core import storage  # noqa: E402
from gkdesk.gui import consolidate_dialog as cd  # noqa: E402
from gkdesk.gui.consolidate_dialog import UNIT_COLUMNS, ConsolidateDialog  # noqa: E402


@pytest.fixture
def units_dir(tmp_path):
    rng = random.Random(3)
    reps = [make_unit(rng, "甲镇"), make_unit(rng, "有错乙镇"), make_unit(rng, "甲镇"), make_unit(rng, "丙乡", year=2023)]
    save_units(tmp_path / "各单位", reps)
    (tmp_path / "各单位" / "坏文件.gkreport").write_text("{", encoding="utf-8")
    return tmp_path / "各单位"


@pytest.fixture
def dialog(qtbot):
    dlg = ConsolidateDialog(None, validate=fake_validate)
    qtbot.addWidget(dlg)
    return dlg


@pytest.fixture
def errors(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(cd, "show_error", lambda parent, text: shown.append(text))
    return shown


def run(qtbot, dlg):
    with qtbot.waitSignal(dlg.consolidated, timeout=20000) as blocker:
        qtbot.mouseClick(dlg.start_button, cd.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.is_running())
    return blocker.args[0]


def cell(dlg, row, name):
    return dlg.units_table.text(row, UNIT_COLUMNS.index(name))


def test_folder_is_consolidated_and_every_unit_shown_with_status(qtbot, dialog, units_dir):
    assert not dialog.start_button.isEnabled() and not dialog.open_button.isEnabled()
    dialog.add_inputs([str(units_dir)])
    dialog.name_edit.setText("某某县人民政府")
    assert dialog.start_button.isEnabled()
    result = run(qtbot, dialog)
    assert dialog.units_table.rowCount() == 5 == len(result.units)
    rows = {cell(dialog, r, "文件"): r for r in range(5)}
    assert cell(dialog, rows["unit001.gkreport"], "状态") == "有错误"
    assert cell(dialog, rows["unit000.gkreport"], "状态") == "重复（已计入）"
    assert cell(dialog, rows["unit002.gkreport"], "状态") == "重复（未计入）"
    assert cell(dialog, rows["unit003.gkreport"], "状态") == "跳过"
    assert "2023" in cell(dialog, rows["unit003.gkreport"], "说明")
    assert cell(dialog, rows["坏文件.gkreport"], "状态") == "跳过"
    assert "损坏" in cell(dialog, rows["坏文件.gkreport"], "说明")
    assert cell(dialog, rows["unit001.gkreport"], "错误") == "1"
    assert "2 个单位计入 2024 年度汇总" in dialog.summary_label.text()
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.save_report_button.isEnabled() and dialog.save_summary_button.isEnabled()
    assert dialog.open_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_progress_shows_files_read(qtbot, dialog, units_dir):
    dialog.add_inputs([str(units_dir)])
    dialog.start()
    assert dialog.is_running() and dialog.cancel_button.isEnabled() and not dialog.start_button.isEnabled()
    assert not dialog.add_files_button.isEnabled() and not dialog.input_list.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=20000)
    assert dialog.progress.maximum() == 5 and dialog.progress.value() == 5 and dialog.progress_label.text() == ""
    assert dialog.add_files_button.isEnabled() and dialog.start_button.isEnabled()


def test_many_files_do_not_crash_the_window(qtbot, tmp_path):
    """Regression: a per-file Python signal crashed PySide6 6.12.0 on Python 3.11 after a few hundred files."""
    rng = random.Random(4)
    save_units(tmp_path, [make_unit(rng, f"第{i}乡") for i in range(700)])
    dlg = ConsolidateDialog(None, validate=fake_validate)
    qtbot.addWidget(dlg)
    dlg.add_inputs([str(tmp_path)])
    result = run(qtbot, dlg)
    assert len(result.included) == 700 and dlg.units_table.rowCount() == 700
    assert dlg.progress.value() == 700


def test_save_both_then_open_emits_the_saved_path(qtbot, dialog, units_dir, tmp_path):
    dialog.add_inputs([str(units_dir)])
    run(qtbot, dialog)
    dialog.name_edit.setText("某某县人民政府")  # typed after consolidating: still goes into the saved report
    assert dialog.save_report_to(str(tmp_path / "汇总"))
    assert dialog.save_summary_to(str(tmp_path / "清单"))
    assert (tmp_path / "清单.xlsx").is_file()
    assert storage.load(tmp_path / "汇总.gkreport").meta.org_name == "某某县人民政府"
    with qtbot.waitSignal(dialog.open_requested) as blocker:
        qtbot.mouseClick(dialog.open_button, cd.Qt.MouseButton.LeftButton)
    assert blocker.args == [str(tmp_path / "汇总.gkreport")]
    assert dialog.result() == ConsolidateDialog.DialogCode.Accepted
    assert not (tmp_path / "汇总.gkreport.bak").exists()  # nothing changed since saving: not written again


def test_open_without_saving_asks_where_to_save(qtbot, dialog, units_dir, tmp_path, monkeypatch):
    dialog.add_inputs([str(units_dir)])
    run(qtbot, dialog)
    asked: list[str] = []

    def answer(parent, title, default, filter_):
        asked.append(default)
        return str(tmp_path / "结果.gkreport")

    monkeypatch.setattr(cd, "ask_save_path", answer)
    with qtbot.waitSignal(dialog.open_requested) as blocker:
        dialog.open_result()
    assert blocker.args == [str(tmp_path / "结果.gkreport")] and (tmp_path / "结果.gkreport").is_file()
    assert asked[0].endswith("汇总2024年政府信息公开工作年度报告（汇总）.gkreport")


def test_open_cancelled_in_the_save_question_does_nothing(qtbot, dialog, units_dir, monkeypatch):
    dialog.add_inputs([str(units_dir)])
    run(qtbot, dialog)
    monkeypatch.setattr(cd, "ask_save_path", lambda *a: "")
    with qtbot.assertNotEmitted(dialog.open_requested):
        dialog.open_result()
    assert dialog.isVisible() is False and dialog.result() == 0 and dialog.saved_report_path is None


def test_no_inputs_says_what_to_do(dialog, errors):
    dialog.start()
    assert errors and "添加文件" in errors[0] and not dialog.is_running()


def test_nothing_usable_cannot_be_saved_or_opened(qtbot, dialog, tmp_path):
    (tmp_path / "空").mkdir()
    dialog.add_inputs([str(tmp_path / "空")])
    result = run(qtbot, dialog)
    assert result.exit_code == 2 and "没有可以汇总的报告" in dialog.summary_label.text()
    assert not dialog.save_report_button.isEnabled() and not dialog.open_button.isEnabled()
    assert dialog.save_summary_button.isEnabled()  # the list of reasons can still be saved


def test_save_error_is_shown_in_chinese_and_nothing_marked_saved(qtbot, dialog, units_dir, tmp_path, errors):
    dialog.add_inputs([str(units_dir)])
    run(qtbot, dialog)
    assert not dialog.save_summary_to(str(tmp_path / "拔出的U盘" / "清单.xlsx"))
    assert errors and "不存在" in errors[0] and dialog.saved_summary_path is None


def test_changing_inputs_or_year_discards_the_stale_result(qtbot, dialog, units_dir, tmp_path):
    dialog.add_inputs([str(units_dir)])
    run(qtbot, dialog)
    dialog.year_spin.setValue(2023)
    assert dialog.consolidation is None and dialog.units_table.rowCount() == 0 and "重新点击" in dialog.summary_label.text()
    assert not dialog.open_button.isEnabled()
    result = run(qtbot, dialog)
    assert result.year == 2023 and [u.name for u in result.included] == ["丙乡"]
    dialog.add_inputs([str(tmp_path)])
    assert dialog.consolidation is None and dialog.input_list.count() == 2
    dialog.input_list.item(1).setSelected(True)
    dialog.remove_button.click()
    assert dialog.inputs() == [str(units_dir)]


def test_cancel_stops_the_work_without_result(qtbot, units_dir):
    started, go = threading.Event(), threading.Event()

    def slow_validate(report):
        started.set()
        go.wait(10)
        return []

    dlg = ConsolidateDialog(None, validate=slow_validate)
    qtbot.addWidget(dlg)
    dlg.add_inputs([str(units_dir)])
    with qtbot.waitSignal(dlg.failed, timeout=20000) as blocker:
        dlg.start()
        qtbot.waitUntil(started.is_set)
        assert dlg.cancel_button.isEnabled() and not dlg.start_button.isEnabled()
        qtbot.mouseClick(dlg.cancel_button, cd.Qt.MouseButton.LeftButton)
        go.set()
    assert "已取消" in blocker.args[0]
    qtbot.waitUntil(lambda: not dlg.is_running())
    assert dlg.consolidation is None and dlg.start_button.isEnabled() and not dlg.open_button.isEnabled()


def test_real_validation_marks_the_example_report(qtbot, example_path, tmp_path):
    dlg = ConsolidateDialog(None)
    qtbot.addWidget(dlg)
    dlg.add_inputs([str(example_path)])
    result = run(qtbot, dlg)
    unit = result.units[0]
    assert unit.included and unit.name == "秋渠乡"
    assert cell(dlg, 0, "状态") == ("有错误" if unit.has_errors else "正常")
    assert cell(dlg, 0, "警告") == str(unit.counts["warning"])


def test_qt_binding_keeps_reference_counts(qapp):
    """PySide6-Essentials 6.12.0 drops a reference to None on every void call (and to True on every emit); on
    Python 3.11 the window then aborts with "none_dealloc" after a few thousand calls — e.g. listing 700 units.
    pyproject excludes that version; this catches an environment that still has it (or a new release with it)."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(300):
        label.setText("x")
    import PySide6

    assert sys.getrefcount(None) >= before - 20, (
        f"PySide6 {PySide6.__version__} 在每次调用后丢失对 None 的引用，程序会在几千次调用后崩溃。"
        "请安装其他版本：pip install 'PySide6-Essentials!=6.12.0'")


def test_dropping_files_and_folders_adds_them_once(dialog, units_dir):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(units_dir)), QUrl.fromLocalFile(str(units_dir / "unit000.gkreport")),
                  QUrl("https://example.invalid/x.gkreport")])
    event = QDropEvent(QPointF(5, 5), cd.Qt.DropAction.CopyAction, mime, cd.Qt.MouseButton.NoButton,
                       cd.Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(event)
    dialog.dropEvent(event)
    assert dialog.inputs() == [str(units_dir), str(units_dir / "unit000.gkreport")]
    assert dialog.start_button.isEnabled()


def test_selecting_a_unit_lists_its_issues(qtbot, dialog, units_dir):
    dialog.add_inputs([str(units_dir)])
    run(qtbot, dialog)
    rows = {cell(dialog, r, "文件"): r for r in range(dialog.units_table.rowCount())}
    dialog.units_table.selectRow(rows["unit001.gkreport"])
    assert "有错乙镇：错误 1 个" in dialog.issues_label.text()
    assert dialog.issues_table.rowCount() == 1
    assert [dialog.issues_table.item(0, c).text() for c in range(4)] == [
        "错误", "TEST-ERR", "有错乙镇的表格有错误", "三、表 → 一、本年新收政府信息公开申请数量 → 自然人"]
    dialog.units_table.selectRow(rows["坏文件.gkreport"])
    assert "未能读取" in dialog.issues_label.text() and "损坏" in dialog.issues_label.text()
    assert dialog.issues_table.rowCount() == 0
    dialog.units_table.selectRow(rows["unit002.gkreport"])
    assert "重复（未计入）" in dialog.issues_label.text()


def test_name_typed_after_saving_is_saved_before_opening(qtbot, dialog, units_dir, tmp_path):
    dialog.add_inputs([str(units_dir)])
    run(qtbot, dialog)
    assert dialog.save_report_to(str(tmp_path / "汇总.gkreport"))
    assert not (tmp_path / "汇总.gkreport.bak").exists()
    dialog.name_edit.setText("某某区人民政府")
    with qtbot.waitSignal(dialog.open_requested):
        dialog.open_result()
    assert storage.load(tmp_path / "汇总.gkreport").meta.org_name == "某某区人民政府"
