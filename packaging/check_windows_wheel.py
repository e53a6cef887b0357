"""Check packaging/bundle_rules.py against a Windows PySide6-Essentials wheel, from Linux (before a Windows build).

Follows the DLL imports from QtCore/QtGui/QtWidgets and every plugin the rules keep, and reports a Qt DLL that is
needed but left out. Needs ``pefile`` (pip install pefile).
Usage: pip download PySide6-Essentials==<ver> --platform win_amd64 --only-binary=:all: --no-deps -d wheels
       python packaging/check_windows_wheel.py wheels/pyside6_essentials-<ver>-cp310-abi3-win_amd64.whl
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bundle_rules  # noqa: E402


def pe_imports(path: Path) -> list[str]:
    import pefile

    pe = pefile.PE(str(path), fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
    names = [e.dll.decode("ascii", "replace") for e in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]
    pe.close()
    return names


def check(pyside: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """(files of the package the app needs, (file, Qt DLL it imports that the rules leave out))."""
    roots = [pyside / f"{m}.pyd" for m in ("QtCore", "QtGui", "QtWidgets")]
    roots += [p for p in sorted((pyside / "plugins").rglob("*.dll"))
              if bundle_rules.keep("PySide6\\" + str(p.relative_to(pyside)).replace("/", "\\"))]
    present = {p.name.lower(): p for p in pyside.rglob("*") if p.is_file()}
    seen: set[str] = set()
    problems: list[tuple[str, str]] = []
    todo = list(roots)
    while todo:
        path = todo.pop()
        if path.name.lower() in seen:
            continue
        seen.add(path.name.lower())
        for dll in pe_imports(path):
            target = present.get(dll.lower())
            if target is None:
                continue  # a Windows system DLL
            if not bundle_rules.keep(f"PySide6\\{dll}"):
                problems.append((path.name, dll))
            todo.append(target)
    return sorted(seen), problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(argv[0]) as whl:
            whl.extractall(tmp, [n for n in whl.namelist() if n.startswith("PySide6/")])
        needed, problems = check(Path(tmp) / "PySide6")
    print("需要的文件：" + ", ".join(needed))
    for who, dll in problems:
        print(f"问题：{who} 需要 {dll}，但打包规则去掉了它")
    print("没有问题。" if not problems else f"{len(problems)} 个问题。")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
