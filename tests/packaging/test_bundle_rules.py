"""What the bundle keeps of Qt, the library pruning, the ELF reader and the Windows version resource."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import bundle_rules as br
import pytest


@pytest.mark.parametrize(("dest", "kept"), [
    # Linux wheel layout
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqico.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qt_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qt_help_zh_CN.qm", False),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt/lib/libicudata.so.73", True),
    ("libQt6Pdf.so.6", False),
    ("libdbus-1.so.3", False),
    ("libglib-2.0.so.0", True),
    # Windows wheel layout (backslashes as PyInstaller gives them there)
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\imageformats\\qsvg.dll", True),
    ("PySide6\\translations\\qtbase_zh_CN.qm", True),
    ("PySide6\\translations\\qtbase_ja.qm", False),
    ("PySide6\\Qt6Network.dll", False),
    ("PySide6\\Qt6Widgets.dll", True),
    ("PySide6\\opengl32sw.dll", False),
    # our own files are always kept
    ("resources/formats/gov-annual-2021.json", True),
    ("resources/fonts/GkdeskSerif-Regular.ttf", True),
    ("examples/qiuqu-township-2024.gkreport", True),
])
def test_keep(dest, kept):
    assert br.keep(dest) is kept


def test_plugin_names():
    assert br.plugin_name("libqxcb.so") == "xcb"
    assert br.plugin_name("qwindowsvistastyle.dll") == "windowsvistastyle"
    assert br.plugin_name("libqsvgicon.so") == "svgicon"
    assert br.plugin_name("libcomposeplatforminputcontextplugin.so") == "composeplatforminputcontextplugin"


def test_filter_toc_keeps_order_and_entries():
    toc = [("a/x.json", "/src/x", "DATA"), ("PySide6/Qt/translations/qtbase_fr.qm", "/s", "DATA"),
           ("PySide6/Qt/translations/qtbase_zh_CN.qm", "/s2", "DATA")]
    assert br.filter_toc(toc) == [toc[0], toc[2]]


def test_excluded_modules_keep_what_the_app_needs():
    # shiboken breaks without logging (tech notes); exporters need xml and zipfile; validation needs decimal
    for needed in ("logging", "xml", "zipfile", "decimal", "json", "email", "PySide6.QtWidgets", "zlib", "mmap",
                   "marshal", "struct"):
        assert needed not in br.EXCLUDE_MODULES
    # the PDF has its own writer: no module of gkdesk imports Pillow (or reportlab, which needed it)
    import gkdesk

    root = Path(gkdesk.__file__).parent
    imports = re.compile(r"^\s*(?:import|from)\s+(?:PIL|reportlab)\b", re.M)
    assert [p for p in root.rglob("*.py") if imports.search(p.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize(("text", "nums"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2", (1, 2, 0, 0)), ("2.0.0rc1", (2, 0, 0, 0)), ("3.4.5.6.7", (3, 4, 5, 6)),
    ("1.0.0+local.7", (1, 0, 0, 0)), ("dev", (0, 0, 0, 0)),
])
def test_version_tuple(text, nums):
    assert br.version_tuple(text) == nums


def test_windows_version_resource():
    if sys.platform != "win32":
        pytest.skip("PyInstaller 的版本资源模块只能在 Windows 上加载；由 Windows CI 检查")
    pytest.importorskip("PyInstaller", reason="PyInstaller 未安装（pip install pyinstaller）")
    info = br.version_info("0.1.0", "gkdesk")
    text = str(info)
    assert "filevers=(0, 1, 0, 0)" in text
    assert "政府信息公开工作年度报告" in text
    assert "gkdesk.exe" in text and "080404B0" in text


def test_elf_needed_reads_a_real_program(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("ELF 只在 Linux 上")
    names = br.elf_needed(shutil.which("true") or "/bin/true")
    assert "libc.so.6" in names
    text = tmp_path / "x.txt"
    text.write_text("hello")
    assert br.elf_needed(str(text)) == []
    assert br.elf_needed(str(tmp_path / "missing.so")) == []


def test_prune_keeps_what_kept_binaries_need():
    graph = {
        "/s/plat": ["libQt6Gui.so.6", "libxcb-cursor.so.0"],
        "/s/gui": ["libglib-2.0.so.0"],
        "/s/glib": ["libpcre2-8.so.0"],
        "/s/pcre": [],
        "/s/cursor": [],
        "/s/gtk": ["libcairo.so.2"],
        "/s/cairo": [],
        "/s/py": [],
    }
    toc = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/plat", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/gui", "BINARY"),
        ("libglib-2.0.so.0", "/s/glib", "BINARY"),
        ("libpcre2-8.so.0", "/s/pcre", "BINARY"),
        ("libxcb-cursor.so.0", "/s/cursor", "BINARY"),
        ("libgtk-3.so.0", "/s/gtk", "BINARY"),  # was there for the GTK theme plugin that was left out
        ("libcairo.so.2", "/s/cairo", "BINARY"),
        ("libpython3.11.so.1.0", "/s/py", "BINARY"),  # loaded by the boot loader, never linked to
    ]
    kept, dropped = br.prune_unreachable(toc, needed=lambda src: graph[src])
    assert sorted(dropped) == ["libcairo.so.2", "libgtk-3.so.0"]
    assert [e[0] for e in kept] == [e[0] for e in toc if e[0] not in dropped]


def test_optional_lxml_left_out_unless_a_dependency_needs_it():
    assert "lxml" in br.excluded_modules(["openpyxl>=3.1", "PySide6-Essentials>=6.6,!=6.12.0"])
    assert "lxml" not in br.excluded_modules(["openpyxl>=3.1", "python-docx>=1.1"])
    assert "lxml" not in br.excluded_modules(["python_docx"])
    assert "lxml" not in br.excluded_modules(["lxml>=5"])
    assert set(br.EXCLUDE_MODULES) <= set(br.excluded_modules([]))
