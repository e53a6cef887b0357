"""Import speed: the full city report (target < 50 ms, issue 16 item 5), the township text, our own workbook; references in the same run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import EXAMPLE, ROOT, median_seconds

SAMPLES = ROOT.parent / "shared" / "samples"




def _cold_import(path: Path):
    from gkdesk.core.importers import import_file
    from gkdesk.core.importers.labels import bigrams, fold

    def run():
        fold.cache_clear()  # no label memory carried over from the previous run
        bigrams.cache_clear()
        result = import_file(path)
        assert result.report is not None
    return run


def run() -> list[dict]:
    from gkdesk.core import storage
    from gkdesk.core.importers import import_file

    rows: list[dict] = []
    example_bytes = EXAMPLE.read_bytes()
    city = SAMPLES / "published" / "01_huaian_city_2024.txt"
    township = SAMPLES / "qiuqu-township-2024.txt"
    import_file(township)  # import the modules once, as the app has when the user imports

    def reference_for(path: Path):
        def ref():
            path.read_bytes()
            storage.loads(example_bytes)
        return ref

    if city.is_file():
        ref = median_seconds(reference_for(city)) * 1000
        v = median_seconds(_cold_import(city)) * 1000
        rows.append({"what": "导入市级全文（PDF版式文本，11 KB）", "value": v, "unit": "ms",
                     "reference": "读同一文件+storage.loads(示例)", "ref_value": ref, "target": "< 50 ms",
                     "ok": v < 50})
    if township.is_file():
        ref = median_seconds(reference_for(township)) * 1000
        v = median_seconds(_cold_import(township)) * 1000
        rows.append({"what": "导入乡镇全文（制表符文本）", "value": v, "unit": "ms",
                     "reference": "读同一文件+storage.loads(示例)", "ref_value": ref, "target": "< 500 ms",
                     "ok": v < 500})
    try:
        from gkdesk.core.exporters.xlsx import export_xlsx
    except ImportError:
        return rows
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "example.xlsx"
        export_xlsx(storage.load(EXAMPLE), path)
        ref = median_seconds(lambda: load_workbook(path, data_only=True)) * 1000
        v = median_seconds(_cold_import(path)) * 1000
        rows.append({"what": "导入 gkdesk 导出的工作簿（精确还原）", "value": v, "unit": "ms",
                     "reference": "openpyxl 打开同一工作簿", "ref_value": ref, "target": "ratio <= 2",
                     "ok": v <= 2 * ref})
    return rows
