"""Small dialogs of the window: 新建 (机关名称, 级别, 年度), the unsaved-changes prompt, restore offer, errors.

Each question is a module-level function so tests can answer it (monkeypatch) without a modal loop.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gkdesk.core.format import load_format


class NewReportDialog(QDialog):
    """Asks what every report needs first: 机关名称, 级别, 年度."""

    def __init__(self, parent: QWidget | None = None, year: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建年度报告")
        fmt = load_format()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请填写本机关的基本信息（以后可在“基本信息”页修改）。"))
        form = QFormLayout()
        self.org_name = QLineEdit()
        self.org_name.setPlaceholderText("例如：某某县某某镇人民政府")
        self.org_name.setMinimumWidth(320)
        self.level = QComboBox()
        for lv in fmt.levels:
            self.level.addItem(lv.label, lv.key)
        self.level.setCurrentIndex(max(0, self.level.findData("township")))
        self.year = QSpinBox()
        self.year.setRange(fmt.applies_from_year, 2099)
        self.year.setValue(year or max(fmt.applies_from_year, date.today().year - 1))
        self.year.setSuffix(" 年")
        form.addRow("机关全称：", self.org_name)
        form.addRow("机关级别：", self.level)
        form.addRow("报告年度：", self.year)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a8251b;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if not self.org_name.text().strip():
            self.error.setText("请填写机关全称（例如“某某县某某镇人民政府”）。")
            self.org_name.setFocus()
            return
        super().accept()

    def values(self) -> tuple[str, str, int]:
        return self.org_name.text().strip(), str(self.level.currentData()), self.year.value()


def ask_new_report(parent: QWidget | None) -> tuple[str, str, int] | None:
    dlg = NewReportDialog(parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return dlg.values()


def ask_unsaved(parent: QWidget | None, name: str) -> str:
    """'save', 'discard' or 'cancel'."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("尚未保存")
    box.setText(f"“{name}”有尚未保存的修改。")
    box.setInformativeText("是否先保存？选择“不保存”将丢失这些修改。")
    save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"


def ask_restore(parent: QWidget | None, title: str, saved_at: str, original: str | None) -> str:
    """After a crash: 'restore', 'discard' or 'later'."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("恢复未保存的工作")
    box.setText(f"上次程序没有正常关闭，自动保存了“{title}”未保存的修改（{saved_at}）。")
    where = f"原文件：{original}" if original else "该报告尚未保存过。"
    box.setInformativeText(f"{where}\n是否恢复？恢复后请检查内容并保存。")
    restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(later)
    box.exec()
    clicked = box.clickedButton()
    return "restore" if clicked is restore else "discard" if clicked is discard else "later"


def ask_save_as_after_conflict(parent: QWidget | None, message: str) -> bool:
    """The file changed on disk: offer 另存为 (True) or cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("文件已被修改")
    box.setText(message)
    save_as = box.addButton("另存为…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is save_as


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.critical(parent, title, message)


def show_info(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.information(parent, title, message)
