"""汇总: many units' reports → one report whose tables are the cell-by-cell sums, plus each unit's status and issues.

``inputs`` finds and reads the units' files, ``sums`` adds them as they come, ``engine`` decides what is included,
``summary`` writes the check summary workbook (汇总校验清单.xlsx). Nothing here imports Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

from gkdesk.core.consolidate.engine import ProgressHook, consolidate
from gkdesk.core.consolidate.inputs import Validator, collect_inputs, importable_suffixes, read_unit
from gkdesk.core.consolidate.model import (
    DUPLICATE,
    OK,
    REPORT_SUFFIX,
    SKIPPED,
    CellGap,
    Consolidation,
    ConsolidationCancelled,
    UnitResult,
    key_total_cells,
    name_key,
)
from gkdesk.core.consolidate.sums import sum_reports


def save_outputs(result: Consolidation, report_path: str | os.PathLike[str],
                 summary_path: str | os.PathLike[str] | None = None) -> None:
    """Save the consolidated report (atomically, with backup) and, if asked, the check summary workbook."""
    from gkdesk.core import storage

    storage.save(result.report, Path(report_path))
    if summary_path is not None:
        from gkdesk.core.consolidate.summary import write_summary

        write_summary(result, Path(summary_path))


__all__ = [
    "DUPLICATE", "OK", "REPORT_SUFFIX", "SKIPPED", "CellGap", "Consolidation", "ConsolidationCancelled",
    "ProgressHook", "UnitResult", "Validator", "collect_inputs", "consolidate", "importable_suffixes", "key_total_cells", "name_key",
    "read_unit", "save_outputs", "sum_reports",
]
