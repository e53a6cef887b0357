"""The report format as data: loads ``resources/formats/*.json`` (built and checked by ``gkdesk.core.format_build``,
kept between runs by ``gkdesk.core.format_cache``).

Everything that draws or checks a table (editors, exporters, importers, rules) reads it from here; no label,
key or merge is written anywhere else. The classes live in ``gkdesk.core.format_types`` (imported from here).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from gkdesk.core.errors import FormatDefinitionError
from gkdesk.core.format_types import (  # noqa: F401 - the format's classes and constants are imported from here
    CURRENT_VERSION,
    FEE,
    INTRO_FIELD,
    META_TYPES,
    RESERVED,
    CellType,
    ComputedDef,
    FeeDef,
    GridCell,
    KeyTotal,
    Layout,
    Level,
    MetaFieldDef,
    MetaType,
    ReportFormat,
    RowDef,
    Section,
    TableDef,
)
from gkdesk.paths import resource


def load_format_file(path: Path, data: bytes | None = None) -> ReportFormat:
    """Load and check one format description (``data``: the file's bytes when already read); raise
    FormatDefinitionError when it is inconsistent. (The builder is imported only when it is needed: a run that finds
    the built format in its cache does not read its code; see core/format_build.py.)"""
    from gkdesk.core.format_build import build

    return build(path, data)


def format_path(version: str) -> Path:
    return resource("formats", f"gov-annual-{version}.json")


def load_format(version: str = CURRENT_VERSION) -> ReportFormat:
    """The bundled format of that version (cached: the description never changes while running)."""
    return _load_format(version)  # one cache entry whether or not the version is named (it was built twice)


@cache
def _load_format(version: str) -> ReportFormat:
    from gkdesk.core import format_cache

    path = format_path(version)
    try:
        data = path.read_bytes()
    except OSError:
        data = None
    if data is None:
        raise FormatDefinitionError(f"没有 {version} 年版的报告格式描述（{path.name}）。请重新安装 gkdesk。")
    fmt = format_cache.load(version, data)  # built by an earlier run from the same file and code (format_cache.py)
    if fmt is None:
        fmt = load_format_file(path, data)
        format_cache.store(version, data, fmt)
    return fmt


load_format.cache_clear = _load_format.cache_clear  # type: ignore[attr-defined]
