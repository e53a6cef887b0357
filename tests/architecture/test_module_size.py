"""No module over 400 lines: one concept per module (architecture.md)."""

from import_graph import modules

LIMIT = 400


def test_no_module_over_400_lines():
    too_long = {name: n for name, path in modules().items()
                if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT}
    assert not too_long, f"modules over {LIMIT} lines: {too_long}"
