"""Issue 10: a meta field added to a copy of the format description, with no Python change, is found in the 基本信息
tab, the saved file, the xlsx export, the issue navigation, and — with ``"print": true`` — as a “标签：值” line under
the title of the PDF, the Word file and the web page."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest

from gkdesk.core import format as format_mod
from gkdesk.core import storage
from gkdesk.core.location import Location
from gkdesk.core.report import Report
from gkdesk.paths import resource

FIELD = {"key": "contact", "label": "联系人", "type": "text", "required": True, "print": True,
         "placeholder": "例如：张三"}


@pytest.fixture
def extra_format(tmp_path, monkeypatch):
    from gkdesk.core.rules.context import format_info

    raw = json.loads(resource("formats", "gov-annual-2021.json").read_text(encoding="utf-8"))
    raw["meta_fields"].insert(1, FIELD)
    path = tmp_path / "gov-annual-2021.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(format_mod, "format_path", lambda version: path)
    format_mod.load_format.cache_clear()
    format_info.cache_clear()
    yield
    format_mod.load_format.cache_clear()
    format_info.cache_clear()


def test_extra_meta_field_everywhere(extra_format, qtbot, tmp_path, example_path):
    from gkdesk.core.exporters.pdf import export_pdf
    from gkdesk.core.exporters.xlsx import export_xlsx
    from gkdesk.core.importers.workbook import import_workbook
    from gkdesk.gui.main_window import MainWindow

    report = storage.load(example_path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.doc.set_report(report)
    window.doc.revalidate()
    # validation names it (required) and the issue navigates to its box in 基本信息
    issue = next(i for i in window.doc.issues if i.location == Location.meta("contact"))
    assert issue.field == "contact" and "联系人" in issue.message
    window.goto_issue(issue)
    box = window.meta_tab.extra_fields["contact"]
    assert window.tabs.currentWidget() is not None and window.tab_key_for(issue) == "meta"
    assert window.field_widget("contact") is box
    # typing in the box is one undoable edit
    box.setText("张三")
    box.textEdited.emit("张三")  # what typing emits
    qtbot.waitUntil(lambda: window.doc.report.meta.extra.get("contact") == "张三")
    assert not any(i.location == Location.meta("contact") for i in window.doc.issues)
    rep: Report = window.doc.report
    window.doc.stack.setClean()  # closing the window must not ask to save
    # the saved file
    saved = tmp_path / "r.gkreport"
    storage.save(rep, saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["meta"]["contact"] == "张三"
    assert storage.load(saved).meta.extra == {"contact": "张三"}
    # the xlsx (and back)
    xlsx = tmp_path / "r.xlsx"
    export_xlsx(rep, xlsx)
    back = import_workbook(xlsx.read_bytes(), "r.xlsx").report
    assert back is not None and back.meta.extra.get("contact") == "张三"
    # printed under the title: PDF (read back by pdftotext), Word, web page
    from gkdesk.core.exporters.docx import export_docx
    from gkdesk.core.exporters.html import export_html

    docx = tmp_path / "r.docx"
    export_docx(rep, docx)
    body = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
    assert "联系人：张三" in body
    assert body.index("联系人：张三") < body.index(rep.format.sections[0].heading)
    html = tmp_path / "r.html"
    export_html(rep, html)
    page = html.read_text(encoding="utf-8")
    assert '<p class="meta">联系人：张三</p>' in page and page.index("联系人：张三") < page.index("<h2>")
    pdf = tmp_path / "r.pdf"
    export_pdf(rep, pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        at = next(i for i, ln in enumerate(lines) if "联系人" in ln)
        assert lines[at].replace(" ", "") == "联系人：张三"
        assert "年度报告" in "".join(lines[:at])  # the title above it
    # an empty field prints nothing
    rep.meta.extra.pop("contact")
    export_html(rep, html)
    assert "联系人" not in html.read_text(encoding="utf-8")


def test_no_printed_fields_in_the_shipped_format(example_path):
    """The shipped format prints no extra line: the example's exports have none (printed_meta is empty)."""
    from gkdesk.core.exporters.common import printed_meta

    assert printed_meta(storage.load(example_path)) == []


def test_undo_of_an_added_field_goes_to_its_box(extra_format, qtbot, example_path):
    """Undo and redo of a SetField on an added field select the 基本信息 tab and say what changed."""
    from gkdesk.core.edits import SetField
    from gkdesk.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.doc.set_report(storage.load(example_path))
    window.doc.apply(SetField(Location.meta("contact"), "张三", "修改基本信息"))
    window.select_section("s3")
    window.act_undo.trigger()
    assert window.doc.report.meta.extra.get("contact") is None
    assert window.tabs.currentIndex() == window.tab_keys.index("meta")
    assert window.statusBar().currentMessage().startswith("已撤销") and "联系人" in window.statusBar().currentMessage()
    window.doc.stack.setClean()
