"""Screenshots of the real window on a real X screen (Xvfb + a window manager), for docs/screenshots/.

    Xvfb :5 -screen 0 1366x768x24 & DISPLAY=:5 openbox &
    DISPLAY=:5 QT_QPA_PLATFORM=xcb python scripts/gui_screenshots.py docs/screenshots/1366x768

Every tab of the example report, then the main dialogs (新建, 导入 after a clipboard import, 汇总 after a run,
校验设置, 使用指南, the file dialog), each captured from the whole screen with ImageMagick's ``import``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkdesk.gui.appsetup import make_app  # noqa: E402
from gkdesk.gui.main_window import MainWindow  # noqa: E402

EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"
SAMPLE_TEXT = ROOT.parent / "shared" / "samples" / "qiuqu-township-2024.txt"


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def shoot(app: QApplication, path: Path) -> None:
    settle(app)
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    print(path)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = make_app([])
    tmp = Path(tempfile.mkdtemp(prefix="gkdesk-shots-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, recovery_dir=tmp / "recovery")
    window.open_path(EXAMPLE, ask=False)
    window.show()
    settle(app, 1.5)
    for i, key in enumerate(window.tab_keys):
        window.tabs.setCurrentIndex(i)
        shoot(app, out / f"{i}-{key}.png")

    def dialog_shot(name: str, dlg: QWidget) -> None:
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        shoot(app, out / f"dialog-{name}.png")
        dlg.close()

    from gkdesk.core.format import load_format
    from gkdesk.gui.consolidate_dialog import ConsolidateDialog
    from gkdesk.gui.dialogs import NewReportDialog
    from gkdesk.gui.file_dialogs import make_dialog
    from gkdesk.gui.import_dialog import ImportDialog
    from gkdesk.gui.settings_dialog import ValidationSettingsDialog
    from gkdesk.gui.validation_settings import load_validation_choices

    window.tabs.setCurrentIndex(window.tab_keys.index("s3"))
    dialog_shot("new", NewReportDialog(window))
    importer = ImportDialog(window)
    if SAMPLE_TEXT.is_file():
        QApplication.clipboard().setText(SAMPLE_TEXT.read_text(encoding="utf-8"))
        importer.paste()
        deadline = time.monotonic() + 60
        while importer.import_result is None and time.monotonic() < deadline:
            settle(app, 0.2)
    dialog_shot("import", importer)
    units = tmp / "各单位"
    units.mkdir()
    for name in ("甲镇", "乙镇", "丙乡"):
        shutil.copy(EXAMPLE, units / f"{name}.gkreport")
    consolidate = ConsolidateDialog(window, validate=window.validate_with_settings)
    consolidate.add_inputs([str(units)])
    consolidate.name_edit.setText("某某县人民政府")
    consolidate.show()
    consolidate.start()
    deadline = time.monotonic() + 60
    while consolidate.is_running() and time.monotonic() < deadline:
        settle(app, 0.2)
    dialog_shot("consolidate", consolidate)
    fmt = load_format()
    dialog_shot("settings", ValidationSettingsDialog(fmt, load_validation_choices(settings, fmt),
                                                     level_key="township", parent=window))
    dialog_shot("help", window.show_help())
    files = make_dialog(window, "打开年度报告", str(ROOT / "examples"), "gkdesk 年度报告 (*.gkreport);;所有文件 (*)")
    files.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog_shot("file", files)
    # a calm start: a new report shows 待填, not a wall of red
    from gkdesk.core.report import Report

    window._replace_document(Report.new("某某镇人民政府", "township", 2025), calm=True)
    window.tabs.setCurrentIndex(window.tab_keys.index("s3"))
    shoot(app, out / "calm-start.png")
    window.doc.stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
