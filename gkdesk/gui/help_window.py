"""帮助 → 使用指南 (F1): the built-in Chinese guide from resources/help/, opened at the page of the current tab;
and the rules page (the rules' names and explanations come from gui/rule_texts)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QTextBrowser, QWidget

from gkdesk.gui import screen
from gkdesk.gui.rule_texts import help_dir, rule_explanation, rule_name, rule_texts

__all__ = ["PAGES", "HelpWindow", "help_dir", "rule_explanation", "rule_name", "rule_texts", "rules_page"]

#: the guide's pages: file stem -> title (the tab keys of the window are the stems)
PAGES = {"index": "使用指南", "meta": "基本信息", "s1": "一、总体情况", "s2": "二、主动公开", "s3": "三、申请情况",
         "s4": "四、复议诉讼", "s5": "五、问题及改进", "s6": "六、其他事项", "rules": "校验规则说明"}


def rules_page() -> str:
    parts = ['<html><body><p><a href="index.html">使用指南</a> › 校验规则说明</p><h1>校验规则说明</h1>',
             "<p>“校验结果”面板中的每条问题都来自下面的一条检查。鼠标停在一条问题上，也能看到它的说明。"
             "● 错误应当改正；▲ 警告请核实；○ 提示供参考。</p>"]
    for code, info in rule_texts().items():
        parts.append(f'<h3><a name="{escape(code)}"></a>{escape(info.get("name", code))}</h3>'
                     f"<p>{escape(info.get('what', ''))}</p>"
                     + (f"<p><i>怎样改正：</i>{escape(info['fix'])}</p>" if info.get("fix") else "")
                     + f'<p style="color:#777">规则代码：{escape(code)}</p>')
    parts.append("</body></html>")
    return "".join(parts)


class HelpWindow(QDialog):
    """The guide: a list of pages and the page (links between pages work; nothing is fetched from the network)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用指南")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setModal(False)
        layout = QHBoxLayout(self)
        self.pages = QListWidget()
        self.pages.setMaximumWidth(170)
        for key, title in PAGES.items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.pages.addItem(item)
        layout.addWidget(self.pages)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        layout.addWidget(self.browser, 1)
        self.pages.currentItemChanged.connect(
            lambda item, _old: item is not None and self.show_page(item.data(Qt.ItemDataRole.UserRole)))
        self.page = ""
        screen.fit_to_screen(self, (900, 660), parent)

    def show_page(self, key: str, anchor: str = "") -> None:
        """Show the page for a tab key ('meta', 's3' …), 'index' or 'rules' (optionally at a rule's anchor)."""
        if key not in PAGES:
            key = "index"
        if key == self.page and not anchor:
            return
        if key == self.page == "rules":
            self.browser.scrollToAnchor(anchor)
            return
        self.page = key
        folder = help_dir()
        if key == "rules":
            self.browser.setHtml(rules_page())
        elif folder is not None and (folder / f"{key}.html").is_file():
            self.browser.setSearchPaths([str(folder)])
            self.browser.setHtml((folder / f"{key}.html").read_text(encoding="utf-8"))
        else:
            self.browser.setHtml("<p>找不到使用指南文件（resources/help）。请重新安装 gkdesk。</p>")
        if anchor:
            self.browser.scrollToAnchor(anchor)
        for i in range(self.pages.count()):
            item = self.pages.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key and self.pages.currentRow() != i:
                self.pages.blockSignals(True)
                self.pages.setCurrentRow(i)
                self.pages.blockSignals(False)
        self.setWindowTitle(f"使用指南 — {PAGES[key]}")

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            return  # the guide is offline: no web links are followed
        stem = Path(url.path()).stem if url.path() else self.page
        self.show_page(stem, url.fragment())
