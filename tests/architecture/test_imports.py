"""The package's import graph has no cycle (imports inside functions included), and the core never imports the
window or the command line."""

from import_graph import cycles, graph, modules


def test_graph_sees_every_module_and_known_edges():
    g = graph()
    assert set(g) == set(modules()) and len(g) > 60
    assert "gkdesk.core.report" in g["gkdesk.core.storage"]  # a module-level import
    assert "gkdesk.core.consolidate.summary" in g["gkdesk.core.consolidate"]  # an import inside a function


def test_no_import_cycle():
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_core_does_not_import_gui_or_cli():
    bad = {(m, t) for m, targets in graph().items() if m.startswith("gkdesk.core")
           for t in targets if t.startswith(("gkdesk.gui", "gkdesk.cli", "gkdesk.app", "gkdesk.selftest"))}
    assert not bad, bad


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_for_annotations_only_are_not_edges(tmp_path):
    from import_graph import imports_of

    src = tmp_path / "m.py"
    src.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from a import b\nelse:\n    import c\n"
                   "def f():\n    import d\n", encoding="utf-8")
    assert imports_of("m", src, {"a", "a.b", "c", "d"}) == {"c", "d"}
