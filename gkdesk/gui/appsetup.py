"""Application-wide setup: names, Chinese Qt dialogs, bundled fonts, icon, and the error dialog hook."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QSize, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from gkdesk.gui import settings as app_settings

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


def _resources() -> Path | None:
    try:
        from gkdesk.paths import resources_dir

        return resources_dir()
    except FileNotFoundError:
        return None


def install_translator(app: QApplication) -> bool:
    """Qt's own buttons and file dialogs in Simplified Chinese: qtbase_zh_CN.qm (ships inside PySide6), then our
    completions of it (resources/translations/gkdesk_qt_zh_CN.qm: “Look in:”, “Files of type:”, 大小 …)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    res = _resources()
    if res is not None:
        folders.insert(0, str(res / "translations"))
    found = False
    for folder in folders:
        translator = QTranslator(app)
        if translator.load("qtbase_zh_CN", folder):
            app.installTranslator(translator)
            found = True
            break
    if res is not None:
        ours = QTranslator(app)
        if ours.load("gkdesk_qt_zh_CN", str(res / "translations")):
            app.installTranslator(ours)  # installed last: looked up first
    return found


def register_fonts() -> list[str]:
    """Register every bundled font so Chinese renders on a machine without CJK fonts; returns the families."""
    res = _resources()
    families: list[str] = []
    if res is None or not (res / "fonts").is_dir():
        return families
    for path in sorted((res / "fonts").rglob("*")):
        if path.suffix.lower() in FONT_SUFFIXES:
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def ensure_cjk_font() -> list[str]:
    """Register the bundled fonts when the machine has no Chinese font of its own (bare Linux).

    Where the system has one (every Windows, any Chinese Linux desktop) Qt uses it and the bundled fonts, which
    exist for that case and for the PDF export, are not loaded into the window at all.
    """
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return []
    return register_fonts()


#: Chinese UI fonts in order of preference, when the default font has no Chinese (the first installed one is named)
_CJK_PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
                  "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN")


def name_cjk_font(app: QApplication) -> str | None:
    """Where the default font draws no Chinese (a bare Linux), name a Chinese font right after it in the
    application font: otherwise Qt searches the installed fonts for every Chinese character of every text it lays
    out, which is most of the time a repaint of the issues or the tables takes (the glyphs come from a Chinese font
    either way). Returns the family named; None where the default font has Chinese (Windows) or none is installed."""
    from PySide6.QtGui import QFontInfo

    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    font = app.font()
    if not chinese or QFontInfo(font).family() in chinese or len(font.families()) > 1:
        return None
    family = next((f for f in _CJK_PREFERRED if f in chinese), chinese[0])
    font.setFamilies([font.family(), family])
    app.setFont(font)
    return family


def app_icon() -> QIcon | None:
    """The window icon from resources/icons/: the PNG sizes (read lazily, their size is in the name)."""
    res = _resources()
    if res is None or not (res / "icons").is_dir():
        return None
    from PySide6.QtGui import QIcon

    icon = QIcon()
    pngs = sorted((res / "icons").glob("*.png"))
    for path in pngs:
        m = re.search(r"-(\d+)\.png$", path.name)
        if m:
            side = int(m.group(1))
            icon.addFile(str(path), QSize(side, side))
        else:
            icon.addFile(str(path))
    if not pngs:
        for path in sorted((res / "icons").glob("*")):
            if path.suffix.lower() in (".svg", ".ico"):
                icon.addFile(str(path))
    return None if icon.isNull() else icon


def make_app(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["gkdesk", *argv])
    app.setOrganizationName(app_settings.ORGANIZATION)
    app.setApplicationName(app_settings.APPLICATION)
    app.setApplicationDisplayName(app_settings.DISPLAY_NAME)
    install_translator(app)
    ensure_cjk_font()
    name_cjk_font(app)
    return app


def install_icon(app: QApplication) -> None:
    """The window icon (set just after the first paint: nothing on screen needs it before)."""
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)


def install_excepthook(handler: Callable[[type[BaseException], BaseException, object], None]) -> None:
    """Unexpected exceptions in slots show a Chinese dialog instead of the window vanishing."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)  # type: ignore[arg-type]
            return
        try:
            handler(exc_type, exc, tb)
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            previous(exc_type, exc, tb)  # type: ignore[arg-type]

    sys.excepthook = hook
