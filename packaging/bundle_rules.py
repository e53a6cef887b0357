"""What the PyInstaller bundle keeps of Qt (plugins, libraries, translations) and its Windows version resource.

Imported by gkdesk.spec at build time and by the tests; plain Python, no PyInstaller import at module level.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: plugin folder -> plugin names kept (normalised: no lib/q prefix, no suffix). Folders not listed are left out.
KEEP_PLUGINS: dict[str, set[str]] = {
    # offscreen: --self-test and headless use; xcb: X11 (and XWayland, which UOS/Kylin/GNOME all offer);
    # windows: the Windows platform. Wayland is left out on purpose: Qt then uses XWayland, which always works.
    "platforms": {"offscreen", "xcb", "windows", "minimal"},
    # the desktop portal gives native file dialogs on sandboxed/modern desktops; the GTK3 theme is left out because
    # it would drag the build machine's whole GTK stack into the bundle.
    "platformthemes": {"xdgdesktopportal"},
    # input methods: Chinese users type through IBus (and fcitx's IBus front end); compose keeps dead keys working
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "imageformats": {"svg", "ico"},
    "iconengines": {"svgicon"},
    # Windows look: the native style (Windows 10) and the Windows 11 style
    "styles": {"windowsvistastyle", "modernwindowsstyle"},
}

#: Qt translation catalogues kept (Chinese only: qt_zh_CN loads qtbase_zh_CN)
KEEP_TRANSLATIONS = re.compile(r"^qt(base)?_zh_CN\.qm$")

#: Qt libraries nothing we keep links to; left out even when a hook collected them
DROP_QT_LIBS = re.compile(
    r"Qt6(Network|Qml\w*|Quick\w*|Pdf\w*|Wayland\w*|WlShell\w*|EglFS\w*|EglFs\w*|VirtualKeyboard\w*|"
    r"OpenGL\w*|Designer\w*|Test|Sql|Xml|Concurrent|Help|UiTools|Lottie\w*|Labs\w*)\b",
)

#: Python modules the app never imports at run time (size, and no test/build tooling in a user's bundle)
EXCLUDE_MODULES: list[str] = [
    "tkinter", "_tkinter", "turtle", "turtledemo", "idlelib", "lib2to3", "pydoc_data", "test", "ensurepip",
    "venv", "distutils", "setuptools", "pkg_resources", "pip", "PyInstaller", "pytest", "_pytest", "pytestqt",
    "hypothesis", "mypy", "ruff", "IPython", "numpy", "matplotlib",
    # Pillow: nothing uses it since the PDF has its own writer (openpyxl imports it only to embed pictures, which
    # gkdesk's workbooks have none of, and runs without it)
    "PIL",
    # gkdesk never opens a network connection (urllib and http.client import ssl only if it is there)
    "ssl", "_ssl", "readline",
    # hashlib falls back to its built-in md5/sha1/sha2 without OpenSSL's _hashlib (saves libcrypto, 4.6 MB)
    "_hashlib",
    # East-Asian codecs other than the mainland ones (GBK/GB18030 stay): an unknown encoding is reported, not a crash
    "_codecs_jp", "_codecs_kr", "_codecs_iso2022", "_codecs_hk", "_codecs_tw",
    # PySide6 modules gkdesk does not use
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtUiTools", "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtDBus",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets",
]


#: importable but optional for a library we need (openpyxl uses lxml when it is installed): left out of the bundle
#: unless one of the listed projects is a run-time dependency in pyproject.toml (python-docx needs lxml)
OPTIONAL_EXTRAS: dict[str, tuple[str, ...]] = {"lxml": ("lxml", "python-docx")}


def excluded_modules(dependencies: Iterable[str]) -> list[str]:
    """EXCLUDE_MODULES plus the optional extras that no run-time dependency (pyproject.toml) asks for."""
    names = {re.split(r"[\s<>=!~;\[(]", d.strip(), maxsplit=1)[0].lower().replace("_", "-") for d in dependencies}
    return EXCLUDE_MODULES + [mod for mod, wanted_by in OPTIONAL_EXTRAS.items() if not names & set(wanted_by)]


#: libraries taken from the user's system instead of the bundle: every Linux desktop has them, and D-Bus must match
#: the system's (the bundled copy would also bring libsystemd, libgcrypt, liblz4... ~5 MB)
#: libpng16: Debian 11's copy needs pow@GLIBC_2.29 (too new for UOS 20's glibc 2.28); every desktop has its own
SYSTEM_LIBS: set[str] = {"libdbus-1.so.3", "libpng16.so.16"}


def _norm(path: str) -> str:
    return path.replace("\\", "/")


def plugin_name(filename: str) -> str:
    """'libqxcb.so' -> 'xcb', 'qwindowsvistastyle.dll' -> 'windowsvistastyle', 'libqsvgicon.so' -> 'svgicon'."""
    stem = filename.split(".")[0]
    if stem.startswith("lib"):
        stem = stem[3:]
    if stem.startswith("q") and not stem.startswith(("qt", "qml")):
        stem = stem[1:]
    return stem


def keep(dest: str) -> bool:
    """Whether a collected file (its destination path inside the bundle) stays in the bundle."""
    parts = _norm(dest).split("/")
    name = parts[-1]
    in_pyside = parts[0] == "PySide6"
    if in_pyside and "plugins" in parts[:-2]:
        i = parts.index("plugins")
        if len(parts) == i + 3:
            return plugin_name(name) in KEEP_PLUGINS.get(parts[i + 1], set())
    if in_pyside and "translations" in parts[:-1] and name.endswith(".qm"):
        return bool(KEEP_TRANSLATIONS.match(name))
    if (in_pyside or name.startswith(("libQt6", "Qt6"))) and DROP_QT_LIBS.search(name):
        return False
    if "/" not in _norm(dest) and name in SYSTEM_LIBS:
        return False
    # Qt's software OpenGL for Windows (20 MB): widgets never need OpenGL
    return name.lower() != "opengl32sw.dll"


def filter_toc(toc: Iterable[tuple]) -> list[tuple]:
    """The entries of a PyInstaller TOC (dest, src, typecode) that ``keep`` allows."""
    return [entry for entry in toc if keep(entry[0])]


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); a suffix like '0.2.0rc1' keeps its numeric start."""
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    nums = [int(n) for n in match.group(0).split(".")][:4] if match else []
    while len(nums) < 4:
        nums.append(0)
    return tuple(nums[:4])  # type: ignore[return-value]


def version_info(version: str, exe_name: str):
    """The Windows version resource (file properties 'Details' tab) built from gkdesk.__version__."""
    from PyInstaller.utils.win32.versioninfo import (
        FixedFileInfo,
        StringFileInfo,
        StringStruct,
        StringTable,
        VarFileInfo,
        VarStruct,
        VSVersionInfo,
    )

    nums = version_tuple(version)
    strings = [
        StringStruct("CompanyName", "gkdesk"),
        StringStruct("FileDescription", "政府信息公开工作年度报告 编写、校验与发布工具"),
        StringStruct("FileVersion", version),
        StringStruct("InternalName", exe_name),
        StringStruct("LegalCopyright", "MIT License"),
        StringStruct("OriginalFilename", f"{exe_name}.exe"),
        StringStruct("ProductName", "gkdesk 政务公开年报"),
        StringStruct("ProductVersion", version),
    ]
    return VSVersionInfo(
        ffi=FixedFileInfo(filevers=nums, prodvers=nums, mask=0x3F, flags=0x0, OS=0x40004, fileType=0x1,
                          subtype=0x0, date=(0, 0)),
        kids=[
            StringFileInfo([StringTable("080404B0", strings)]),  # zh-CN, Unicode
            VarFileInfo([VarStruct("Translation", [0x0804, 1200])]),
        ],
    )


# --- pruning libraries that only dropped plugins needed (Linux) --------------------------------------------------
def elf_needed(path: str) -> list[str]:
    """The DT_NEEDED names of an ELF shared object or executable ([] for anything else)."""
    import struct

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or data[5] != 1:  # little-endian only (x86_64, aarch64, loongarch64)
        return []
    is64 = data[4] == 2
    if is64:
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    else:
        shoff, = struct.unpack_from("<I", data, 0x20)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x2E)
    sections = []
    for i in range(shnum):
        off = shoff + i * shentsize
        if is64:
            _name, stype, _flags, _addr, offset, size, link = struct.unpack_from("<IIQQQQI", data, off)
        else:
            _name, stype, _flags, _addr, offset, size, link = struct.unpack_from("<IIIIIII", data, off)
        sections.append((stype, offset, size, link))
    names = []
    for stype, offset, size, link in sections:
        if stype != 6:  # SHT_DYNAMIC
            continue
        str_off = sections[link][1]
        entsize = 16 if is64 else 8
        for pos in range(offset, offset + size, entsize):
            tag, val = struct.unpack_from("<qQ" if is64 else "<iI", data, pos)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", str_off + val)
                names.append(data[str_off + val:end].decode("ascii", "replace"))
    return names


def _is_dependency_lib(entry: tuple) -> bool:
    """A shared library PyInstaller collected because something linked to it (top level of the bundle)."""
    dest = _norm(entry[0])
    return "/" not in dest and ".so" in dest and not dest.startswith("libpython")


def prune_unreachable(binaries: list[tuple], needed=elf_needed) -> tuple[list[tuple], list[str]]:
    """Drop top-level libraries no kept binary links to (directly or not). Returns (kept entries, dropped names).

    PyInstaller collects the link-time dependencies of every plugin before ``keep`` removes plugins, so a left-out
    plugin (GTK3 theme, Wayland, networking) would still bring its libraries along without this step.
    """
    by_name: dict[str, str] = {}
    for entry in binaries:
        by_name.setdefault(_norm(entry[0]).split("/")[-1], entry[1])
    reached: set[str] = set()
    todo = [_norm(e[0]).split("/")[-1] for e in binaries if not _is_dependency_lib(e)]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        src = by_name.get(name)
        if src:
            todo.extend(n for n in needed(src) if n in by_name and n not in reached)
    kept, dropped = [], []
    for entry in binaries:
        if _is_dependency_lib(entry) and _norm(entry[0]) not in reached:
            dropped.append(_norm(entry[0]))
        else:
            kept.append(entry)
    return kept, dropped
