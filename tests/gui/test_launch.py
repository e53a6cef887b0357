"""Starting the window: --screenshot writes one PNG per tab, arguments are checked, start-up stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from gkdesk.gui.launch import run_gui

ROOT = Path(__file__).resolve().parents[2]


def test_screenshot_one_png_per_tab(qapp, tmp_path, example_path, capsys):
    out = tmp_path / "shots"
    assert run_gui(["--screenshot", str(out), str(example_path)]) == 0
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == ["0-meta.png", "1-s1.png", "2-s2.png", "3-s3.png", "4-s4.png", "5-s5.png", "6-s6.png"]
    for name in names:
        image = QImage(str(out / name))
        assert image.width() >= 1200 and image.height() >= 800
        # not a blank picture: many distinct colours (text, grid, shading)
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 20, name
    printed = capsys.readouterr().out
    assert "6-s6.png" in printed


def test_bad_arguments_are_explained(qapp, tmp_path, capsys):
    assert run_gui(["--screenshot"]) == 2
    assert "用法" in capsys.readouterr().err
    assert run_gui(["a.gkreport", "b.gkreport"]) == 2
    assert run_gui(["--screenshot", str(tmp_path), str(tmp_path / "没有.gkreport")]) == 2
    assert "找不到报告文件" in capsys.readouterr().err


def test_start_does_not_load_heavy_modules(tmp_path):
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'; os.environ['GKDESK_DATA_DIR']=sys.argv[1]\n"
        "from gkdesk.gui.appsetup import make_app\n"
        "from gkdesk.gui.launch import open_main_window\n"
        "app = make_app([])\n"
        "w = open_main_window(sys.argv[2])\n"
        "w.show(); app.processEvents()\n"
        "heavy = [m for m in ('openpyxl', 'reportlab', 'gkdesk.core.importers', 'gkdesk.core.exporters') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
        "w.doc.stack.setClean(); w.close()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(ROOT / "examples" / "qiuqu-township-2024.gkreport")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in proc.stdout, proc.stdout + proc.stderr
    assert (tmp_path / "settings.ini").is_file()  # GKDESK_DATA_DIR keeps settings away from the user's


def test_qt_dialogs_translated(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from gkdesk.gui.appsetup import install_translator

    assert install_translator(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Open)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "").startswith("取消")


def test_bundled_fonts_registered(qapp):
    import pytest

    from gkdesk.gui.appsetup import register_fonts
    from gkdesk.paths import resources_dir

    fonts = [p for p in (resources_dir() / "fonts").glob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc")] \
        if (resources_dir() / "fonts").is_dir() else []
    if not fonts:
        pytest.skip("resources/fonts/ 中还没有字体文件")
    assert register_fonts()


def test_bundled_fonts_used_only_without_system_cjk_font(qapp, monkeypatch):
    from PySide6.QtGui import QFontDatabase

    from gkdesk.gui import appsetup

    calls: list[int] = []
    monkeypatch.setattr(appsetup, "register_fonts", lambda: calls.append(1) or ["Gkdesk Sans"])
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: ["Noto Sans CJK SC"]))
    assert appsetup.ensure_cjk_font() == [] and calls == []
    monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *a: []))
    assert appsetup.ensure_cjk_font() == ["Gkdesk Sans"] and calls == [1]


def test_app_icon_from_resources(qapp):
    from gkdesk.gui.appsetup import app_icon
    from gkdesk.paths import resources_dir

    if not list((resources_dir() / "icons").glob("*.png")):
        import pytest

        pytest.skip("resources/icons/ 中还没有图标")
    icon = app_icon()
    assert icon is not None and not icon.isNull()
    assert not icon.pixmap(64, 64).isNull()


def test_window_says_checking_until_first_check(qtbot, tmp_path, example_path, monkeypatch):
    from gkdesk.gui.launch import open_main_window

    monkeypatch.setenv("GKDESK_DATA_DIR", str(tmp_path))
    window = open_main_window(str(example_path), offer_recovery=False)
    qtbot.addWidget(window)
    assert window.doc.validation_pending
    assert window.counts_label.text() == "正在检查…"
    assert window.issues_panel._empty.text(0) == "正在检查…" and not window.issues_panel._empty.isHidden()
    window.show()  # the first paint starts the check
    qtbot.waitUntil(lambda: not window.doc.validation_pending)
    assert window.counts_label.text().startswith("错误")
    assert window.issues_panel._empty.text(0) != "正在检查…"
    qtbot.waitUntil(lambda: not qapp_icon().isNull())  # set just after the first paint


def test_interface_symbols_exist_in_bundled_fonts():
    """On a machine without fonts of its own, the bundled fonts draw everything, marks included."""
    import pytest

    fonttools = pytest.importorskip("fontTools.ttLib", reason="fonttools 未安装")
    from gkdesk.gui import style
    from gkdesk.paths import resources_dir

    fonts = sorted((resources_dir() / "fonts").glob("*.ttf")) if (resources_dir() / "fonts").is_dir() else []
    if not fonts:
        pytest.skip("resources/fonts/ 中还没有字体文件")
    symbols = "".join(style.SEVERITY_MARK.values()) + "·›…→“”（）：；、／"
    covered: set[int] = set()
    for path in fonts:  # Qt falls back from one registered font to another character by character
        covered |= set(fonttools.TTFont(str(path), lazy=True).getBestCmap())
    assert [ch for ch in symbols if ord(ch) not in covered] == []


def qapp_icon():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().windowIcon()
