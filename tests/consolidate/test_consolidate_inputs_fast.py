"""Listing a province's folder (issue 16): each file's key and the summary's file column are found without resolving
every path again, and must be exactly what resolving each path gives — also with links, hidden and nested folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gkdesk.core.consolidate.inputs import collect_inputs, collect_keyed, path_key
from gkdesk.core.consolidate.model import SKIPPED, UnitResult
from gkdesk.core.consolidate.summary import display_paths


def reference_collect(inputs, exclude=()):
    """``collect_inputs`` as it was (os.walk, every path resolved), verbatim in substance."""
    from gkdesk.core.consolidate.inputs import importable_suffixes

    other_types = set(importable_suffixes()) - {".gkreport"}
    excluded = {path_key(Path(p)) for p in exclude}
    out = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found, others = [], []
            for folder, dirs, names in os.walk(path, onerror=lambda e, found=found: found.append(("error", e.filename))):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    p = Path(folder, n)
                    if n.startswith(".") or path_key(p) in excluded:
                        continue
                    if p.suffix.lower() == ".gkreport":
                        found.append(p)
                    elif p.suffix.lower() in other_types:
                        others.append(p)
            if others:
                found.append(("others", len(others)))
            if not any(isinstance(f, Path) for f in found):
                found.insert(0, ("empty", str(path)))
            out.extend(found)
        elif path_key(path) in excluded:
            out.append(("excluded", str(path)))
        else:
            out.append(path)
    return out


def _shape(entries):
    """Entries comparable with the reference's: paths as they are, skipped inputs by their kind."""
    out = []
    for e in entries:
        if isinstance(e, Path):
            out.append(e)
        elif "其他格式" in e.reason:
            out.append(("others", int(e.reason.split("还有 ")[1].split(" ")[0])))
        elif "没有找到" in e.reason:
            out.append(("empty", str(e.path)))
        elif "要保存" in e.reason:
            out.append(("excluded", str(e.path)))
        else:
            out.append(("error", str(e.path)))
    return out


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "各单位"
    (root / "乙县" / "丙镇").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "甲县").mkdir()
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    for p in [root / "a.gkreport", root / "B.GKREPORT", root / "乙县" / "c.gkreport", root / "乙县" / "丙镇" / "d.gkreport",
              root / ".hidden" / "e.gkreport", root / ".f.gkreport", root / "notes.xlsx", root / "甲县" / "g.gkreport",
              elsewhere / "target.gkreport", elsewhere / "other.gkreport"]:
        p.write_text("{}", encoding="utf-8")
    os.symlink(elsewhere / "target.gkreport", root / "link.gkreport")  # a link to a file: its target's key
    os.symlink(elsewhere, root / "链接文件夹")  # a link to a folder: listed, not entered
    os.symlink(root / "missing.gkreport", root / "broken.gkreport")
    return root


def test_keys_and_entries_are_what_resolving_every_path_gives(tree, tmp_path):
    exclude = [tmp_path / "别处" / "target.gkreport", tree / "甲县" / "g.gkreport"]
    inputs = [tree, tree / "a.gkreport", tmp_path / "别处" / "other.gkreport", tmp_path / "别处" / "target.gkreport",
              tree / "乙县" / ".." / "a.gkreport"]
    keyed = collect_keyed(inputs, exclude)
    assert _shape(e for e, _ in keyed) == reference_collect(inputs, exclude)
    assert [e for e, _ in keyed] == collect_inputs(inputs, exclude)
    for entry, key in keyed:
        if isinstance(entry, Path):
            assert key == path_key(entry), entry
    names = [e.name for e, _ in keyed if isinstance(e, Path)]
    assert "link.gkreport" not in names  # its target is excluded: the link names the same file
    assert names.count("a.gkreport") == 3 and "d.gkreport" in names and "broken.gkreport" in names


def test_an_unreadable_folder_is_named(tree):
    if os.geteuid() == 0:
        pytest.skip("以 root 运行，无法读取的文件夹仍可读取")
    (tree / "乙县").chmod(0)
    try:
        keyed = collect_keyed([tree])
    finally:
        (tree / "乙县").chmod(0o755)
    assert any(isinstance(e, UnitResult) and e.status == SKIPPED and "无法打开文件夹" in e.reason for e, _ in keyed)


def reference_display(paths):
    try:
        absolute = [p.resolve() for p in paths]
        base = Path(os.path.commonpath([p.parent for p in absolute]))
        return [str(p.relative_to(base)) for p in absolute]
    except (ValueError, OSError, RuntimeError):
        return [str(p) for p in paths]


def test_display_paths_are_what_resolving_every_path_gives(tree, tmp_path, monkeypatch):
    paths = [e for e in collect_inputs([tree]) if isinstance(e, Path)]
    cases = [paths, paths + [tree], [tree, tree / "乙县"], [tree / "a.gkreport"], [Path("/")],
             [tree / "乙县" / ".." / "a.gkreport", tree / "link.gkreport", tmp_path / "别处" / "other.gkreport"]]
    monkeypatch.chdir(tree)
    cases.append([Path("a.gkreport"), Path("乙县/c.gkreport"), Path("link.gkreport")])
    for case in cases:
        assert display_paths(case) == reference_display(case), case


def test_display_paths_from_the_listing_keys_are_what_resolving_every_path_gives(tree, tmp_path, monkeypatch):
    """The consolidation hands the summary each listed file's key (its resolved path where keys keep the case):
    the 文件 column is the same as resolving every path again."""
    monkeypatch.chdir(tree)
    inputs = [tree, Path("a.gkreport"), Path("乙县/c.gkreport"), Path("link.gkreport"), tree / "乙县" / ".." / "a.gkreport"]
    keyed = collect_keyed(inputs)
    paths = [e if isinstance(e, Path) else e.path for e, _ in keyed]
    known = [key if isinstance(e, Path) else None for e, key in keyed]
    assert None in known and len(set(known) - {None}) > 5  # the folder's note (notes.xlsx) is not a file read
    if os.path.normcase("Aa") == "Aa":
        assert display_paths(paths, known) == display_paths(paths) == reference_display(paths)
    assert display_paths(paths, known[:-1]) == display_paths(paths)  # not aligned with the paths: not used


def test_a_folder_of_report_files_is_listed_without_loading_the_importer(tmp_path):
    """The importer's package (~30 ms to load) is loaded only when a folder holds a file of another type."""
    import subprocess
    import sys

    for i in range(3):
        (tmp_path / f"u{i}.gkreport").write_text("{}", encoding="utf-8")
    code = ("import sys; from gkdesk.core.consolidate.inputs import collect_keyed; "
            "n = len(collect_keyed([sys.argv[1]])); print(n, 'gkdesk.core.importers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["3", "False"]
    (tmp_path / "说明.docx").write_text("x", encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["4", "True"]  # the three reports, and the folder's note naming the other file
