"""工具 → 校验设置…: the publication deadlines, the fee-unit thresholds and the repetition threshold, with 恢复默认."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gkdesk.gui.validation_settings import (
    MAX_FEE_THRESHOLD,
    TOWNSHIP,
    ValidationChoices,
    default_validation_choices,
    valid_month_day,
)

if TYPE_CHECKING:
    from gkdesk.core.format import ReportFormat

NOTE_STYLE = "color: #555;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"
NOTE_WIDTH = 520


class MonthDayField(QWidget):
    """[ 1 ]月[ 31 ]日 — two spin boxes, so the date is typed with the keyboard and checked on 确定."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setSuffix(" 月")
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        self.day.setSuffix(" 日")
        for spin, what in ((self.month, "月份"), (self.day, "日")):
            spin.setAccessibleName(f"{name}的{what}")
            spin.setMinimumWidth(78)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFocusProxy(self.month)
        lay.addWidget(QLabel("次年"))
        lay.addWidget(self.month)
        lay.addWidget(self.day)
        lay.addStretch(1)

    def value(self) -> tuple[int, int]:
        return self.month.value(), self.day.value()

    def set_value(self, value: tuple[int, int]) -> None:
        self.month.setValue(value[0])
        self.day.setValue(value[1])

    def problem(self) -> str | None:
        """A Chinese message if the day does not exist (2月30日), else None."""
        month, day = self.value()
        if valid_month_day(month, day):
            return None
        return f"{self.name}“{month}月{day}日”不存在：{month}月没有{day}日。请改为实际存在的日期。"


def _number(suffix: str, low: int, high: int, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setGroupSeparatorShown(True)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setMinimumWidth(150)
    spin.setAccessibleName(name)
    return spin


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(NOTE_STYLE)
    return label


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


class ValidationSettingsDialog(QDialog):
    """Shows ``choices``; ``choices()`` gives what the user set. 确定 is refused while a date does not exist."""

    def __init__(self, fmt: ReportFormat, choices: ValidationChoices, level_key: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("校验设置")
        self._defaults = default_validation_choices(fmt)
        labels = {lv.key: lv.label for lv in fmt.levels}
        level = fmt.level(level_key) if level_key in labels else None
        lay = QVBoxLayout(self)
        lay.addWidget(_note("这些设置用于检查本机的所有报告，保存在本机，下次打开程序时仍然有效。"
                            "如本县（区）对截止日期或收费提醒另有规定，请在此修改。"))

        # 公开截止日期
        box = QGroupBox("公开截止日期")
        form = _form(box)
        self.deadline = MonthDayField("部门和乡镇、街道的截止日期")
        self.government_deadline = MonthDayField("县级以上人民政府的截止日期")
        form.addRow("部门和乡镇、街道(&D)：", self.deadline)
        note = str(fmt.parameters.get("deadline_note") or "")
        if note:
            form.addRow(_note(note))
        form.addRow("县级以上人民政府(&G)：", self.government_deadline)
        form.addRow(_note("县级以上地方人民政府的年度报告由其政府信息公开工作主管部门于3月31日前公开。"))
        lay.addWidget(box)

        # 收费金额
        box = QGroupBox("收费金额疑似按“元”填报的提醒阈值")
        form = _form(box)
        self.fee_township = _number(" 万元", 1, MAX_FEE_THRESHOLD, "乡镇、街道的收费金额提醒阈值")
        self.fee_other = _number(" 万元", 1, MAX_FEE_THRESHOLD, "其他各级机关的收费金额提醒阈值")
        township_label = labels.get(TOWNSHIP, "乡镇、街道")
        form.addRow(f"{township_label}(&T)：", self.fee_township)
        form.addRow("其他各级机关(&O)：", self.fee_other)
        form.addRow(_note("第二部分“行政事业性收费”本年收费金额（单位：万元）达到此数时提醒：可能误按“元”填报。"))
        lay.addWidget(box)

        # 重复率
        box = QGroupBox("与上年度报告的重复率")
        form = _form(box)
        self.duplicate = _number(" %", 1, 100, "重复率提醒阈值")
        form.addRow("重复率超过(&R)：", self.duplicate)
        form.addRow(_note("附上上年度报告后，“总体情况”或第五部分与上年的重复率超过此值时提醒更新内容。"))
        lay.addWidget(box)

        # 核实性审核（与上年相比）
        box = QGroupBox("与上年相比（核实性审核）")
        form = _form(box)
        self.yoy_percent = _number(" %", 1, 1000, "变化幅度提醒阈值")
        self.yoy_min_change = _number(" 件", 0, 100000, "变化数量下限")
        self.correct_points = _number(" 个百分点", 1, 100, "纠正率上升提醒阈值")
        form.addRow("变化幅度超过(&V)：", self.yoy_percent)
        form.addRow("且变化至少(&M)：", self.yoy_min_change)
        form.addRow("纠正率上升超过(&C)：", self.correct_points)
        form.addRow(_note("有上年数字时，新收申请、办理结果、复议诉讼和第二部分数字与上年相比增减超过此幅度"
                          "（100%即翻倍或减半）时提醒核实；确属实际情况的，可在校验结果中标记为已核实并写明原因。"))
        lay.addWidget(box)

        if level is not None:
            deadline_row = "县级以上人民政府" if level.government and level.key != TOWNSHIP else "部门和乡镇、街道"
            fee_row = township_label if level.key == TOWNSHIP else "其他各级机关"
            lay.addWidget(_note(f"当前报告的机关级别是“{level.label}”：截止日期适用“{deadline_row}”，"
                                f"收费金额提醒适用“{fee_row}”。"))

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        lay.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setText("恢复默认(&R)")
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_defaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        for spin in (self.deadline.month, self.deadline.day, self.government_deadline.month,
                     self.government_deadline.day):
            spin.valueChanged.connect(self._clear_error)
        self.set_choices(choices)
        self.deadline.month.setFocus()
        lay.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # wrapped notes get their full height
        for label in self.findChildren(QLabel):
            if label.wordWrap():
                label.setFixedWidth(NOTE_WIDTH)

    # --- values -------------------------------------------------------------------------------------
    def set_choices(self, choices: ValidationChoices) -> None:
        self.deadline.set_value(choices.deadline)
        self.government_deadline.set_value(choices.government_deadline)
        self.fee_township.setValue(choices.fee_township)
        self.fee_other.setValue(choices.fee_other)
        self.duplicate.setValue(choices.duplicate_percent)
        self.yoy_percent.setValue(choices.yoy_percent)
        self.yoy_min_change.setValue(choices.yoy_min_change)
        self.correct_points.setValue(choices.correct_points)
        self._clear_error()

    def choices(self) -> ValidationChoices:
        return ValidationChoices(deadline=self.deadline.value(),
                                 government_deadline=self.government_deadline.value(),
                                 fee_township=self.fee_township.value(), fee_other=self.fee_other.value(),
                                 duplicate_percent=self.duplicate.value(), yoy_percent=self.yoy_percent.value(),
                                 yoy_min_change=self.yoy_min_change.value(),
                                 correct_points=self.correct_points.value())

    def restore_defaults(self) -> None:
        """恢复默认: the spec's values in the fields; saved only with 确定."""
        self.set_choices(self._defaults)

    # --- checking -----------------------------------------------------------------------------------
    def problem(self) -> str | None:
        for field in (self.deadline, self.government_deadline):
            message = field.problem()
            if message:
                field.day.setFocus()
                field.day.selectAll()
                return message
        return None

    def accept(self) -> None:
        for spin in (self.deadline.month, self.deadline.day, self.government_deadline.month,
                     self.government_deadline.day, self.fee_township, self.fee_other, self.duplicate,
                     self.yoy_percent, self.yoy_min_change, self.correct_points):
            spin.interpretText()  # what is still being typed counts
        message = self.problem()
        if message:
            self.error_label.setText(message)
            self.error_label.show()
            return
        super().accept()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()
