"""The self-test's Qt steps: the runtime (icons, translations, fonts) and the main window with the example."""

from __future__ import annotations

import os
import sys

from gkdesk.selftest.steps import Context, StepFailed, missing_module


def _ensure_qt_app(ctx: Context):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gkdesk"])
    ctx.qt_app = app
    return app


def step_qt(ctx: Context) -> str:
    try:
        _ensure_qt_app(ctx)
    except ImportError as exc:
        raise StepFailed(f"无法加载 Qt（PySide6）：{exc}") from exc
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QFontDatabase, QIcon, QImage

    from gkdesk.paths import resource

    icon = QIcon(str(resource("icons", "gkdesk.svg")))
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise StepFailed("无法显示程序图标（SVG 图标插件缺失）。")
    if QImage(str(resource("icons", "gkdesk.ico"))).isNull():
        raise StepFailed("无法读取 ICO 图标（图像格式插件缺失）。")
    translator = QTranslator()
    tr_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_zh_CN", tr_dir):
        raise StepFailed(f"找不到 Qt 的中文翻译 qtbase_zh_CN.qm（在 {tr_dir}），对话框按钮会显示英文。")
    cancel = translator.translate("QPlatformTheme", "Cancel")
    if cancel != "取消":
        raise StepFailed(f"Qt 中文翻译不完整：Cancel 被翻译为“{cancel}”。")
    fonts_dir = resource("fonts")
    added = 0
    if fonts_dir.is_dir():
        for f in sorted(fonts_dir.iterdir()):
            if f.suffix.lower() in (".ttf", ".otf", ".ttc") and QFontDatabase.addApplicationFont(str(f)) >= 0:
                added += 1
    cjk = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not cjk:
        raise StepFailed("没有可显示中文的字体：界面中的汉字会显示为方框。请重新安装 gkdesk（它自带中文字体）。")
    platform_name = ctx.qt_app.platformName()  # type: ignore[attr-defined,union-attr]
    return f"平台 {platform_name}，图标、中文翻译正常，自带字体 {added} 个，中文字体 {len(cjk)} 种"


def step_window(ctx: Context) -> str:
    try:
        _ensure_qt_app(ctx)
        from gkdesk.gui.appsetup import make_app
        from gkdesk.gui.launch import open_main_window
    except ImportError as exc:
        raise missing_module(exc, "图形界面", "gkdesk.gui.launch") from exc
    from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QSettings, QTimer

    from gkdesk.paths import example_report

    loop = QEventLoop()

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                QTimer.singleShot(0, loop.quit)
            return False

    timer = QElapsedTimer()
    timer.start()
    app = make_app([])
    # the user's own settings and crash-recovery folder are left alone: both go to the temporary folder
    settings = QSettings(str(ctx.workdir / "自检-设置.ini"), QSettings.Format.IniFormat)
    window = open_main_window(str(example_report()), settings, ctx.workdir / "自检-恢复", offer_recovery=False)
    watch = PaintWatch()
    app.installEventFilter(watch)
    try:
        window.show()
        if not watch.painted:
            QTimer.singleShot(15000, loop.quit)
            loop.exec()
        ms = timer.elapsed()
        if not watch.painted:
            raise StepFailed("主窗口 15 秒内没有显示出来。")
        title = window.windowTitle()
        if "秋渠乡" not in title and "qiuqu" not in title:
            raise StepFailed(f"主窗口没有打开示例报告（标题为“{title}”）。")
        grab = window.grab()
        if grab.isNull() or grab.width() < 300:
            raise StepFailed("主窗口画面为空。")
        settle = QElapsedTimer()  # the window sets its icon just after the first paint
        settle.start()
        while app.windowIcon().isNull() and settle.elapsed() < 3000:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if app.windowIcon().isNull():
            raise StepFailed("程序图标没有加载。")
    finally:
        app.removeEventFilter(watch)
        stack = getattr(getattr(window, "doc", None), "stack", None)
        if stack is not None:
            stack.setClean()  # closing must not ask about unsaved changes
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"打开示例并显示用时 {ms} 毫秒，窗口 {grab.width()}×{grab.height()}"
