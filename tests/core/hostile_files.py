"""Hostile and worst-case input files for the limits tests and benchmarks/bench_limits.py (issue 15).

``make(case, folder)`` writes one input and returns (path, entry) where entry is "check" (the loader and the
validation, as ``gkdesk check``) or "import" (``gkdesk import``). ``measure(path, entry)`` runs it in a fresh
process and returns wall seconds, peak resident memory (MB) and the outcome ("report", "refused" or "crash").
"""

from __future__ import annotations

import base64
import io
import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"
MB = 1024 * 1024
#: how far the bombs inflate (MB): far over every archive limit; the issue's bombs reached 1.2 and 7.5 GB, which
#: would take minutes just to write here
BOMB_MB = 64

_WORDS = ("本机关", "主动公开", "政府信息", "依申请公开", "行政复议", "行政诉讼", "答复", "件", "年度", "办理",
          "规范性文件", "公开平台", "政务新媒体", "培训", "考核", "条", "。", "，", "；")


def prose(n_chars: int, seed: int = 0) -> str:
    """``n_chars`` of report-like Chinese text with figures, sentences and line breaks."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < n_chars:
        piece = rng.choice(_WORDS) if rng.random() < 0.85 else str(rng.randint(0, 5000))
        if rng.random() < 0.01:
            piece += "\n"
        out.append(piece)
        size += len(piece)
    return "".join(out)[:n_chars]


def _report_doc() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _zip_stream(path: Path, members: dict[str, list[bytes] | tuple[bytes, bytes, bytes, int]]) -> None:
    """A zip written member by member; (head, filler, tail, times) writes filler ``times`` times between head and
    tail without holding it in memory (a compression bomb)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, parts in members.items():
            with z.open(name, "w", force_zip64=True) as fh:
                if isinstance(parts, tuple):
                    head, filler, tail, times = parts
                    fh.write(head)
                    for _ in range(times):
                        fh.write(filler)
                    fh.write(tail)
                else:
                    for part in parts:
                        fh.write(part)


def _sample_text() -> str:
    shared = ROOT.parent / "shared" / "samples" / "qiuqu-township-2024.txt"
    if shared.is_file():
        return shared.read_text(encoding="utf-8")
    from gkdesk.core import storage

    rep = storage.load(EXAMPLE)
    return "\n".join([rep.title, rep.overview_text(), rep.section5, rep.section6])


def make(case: str, folder: Path) -> tuple[Path, str]:  # noqa: C901 - one branch per case
    folder.mkdir(parents=True, exist_ok=True)
    from gkdesk.core.limits import LIMITS

    if case == "report-at-caps":  # every text field at its limit, last year's text as long: the largest check
        doc = _report_doc()
        field = LIMITS["field_chars"].value
        n_subs = LIMITS["overview_chars"].value // field - 1
        doc["overview"]["intro"] = prose(field - 10, 1)
        doc["overview"]["subsections"] = [{"title": f"（{i}）小标题", "text": prose(field - 20, i + 2)}
                                          for i in range(n_subs)]
        doc["section5"] = prose(field, 90)
        doc["section6"] = prose(field, 91)
        doc["last_year"] = {"year": 2023, "carry_out": {}, "t2_valid": {},
                            "overview": prose(LIMITS["overview_chars"].value - 100, 92),
                            "section5": prose(field, 93), "from_file": True}
        path = folder / "at-caps.gkreport"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        return path, "check"
    if case == "report-junk-at-cap":  # an unknown key holding millions of small JSON values, just under the cap
        doc = _report_doc()
        n = (LIMITS["report_bytes"].value - 200_000) // 3
        doc["junk"] = [[]] * (n // 2)
        path = folder / "junk.gkreport"
        path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return path, "check"
    if case == "report-200mb":
        path = folder / "huge.gkreport"
        with open(path, "wb") as fh:
            fh.write(b'{"format": "gkdesk.report", "version": 1, "section5": "')
            chunk = ("很长的文字" * 100_000).encode()
            while fh.tell() < 200 * MB:
                fh.write(chunk)
            fh.write(b'"}')
        return path, "check"
    if case == "text-at-cap":  # the sample report, then narrative lines up to both the character and line limits
        base = _sample_text()
        n_lines = LIMITS["import_lines"].value - base.count("\n") - 100
        width = (LIMITS["import_chars"].value - len(base)) // n_lines - 1
        text = base.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n" + "\n".join(
            prose(width, i).replace("\n", "") for i in range(n_lines)), 1)
        path = folder / "long.txt"
        path.write_text(text, encoding="utf-8")
        return path, "import"
    if case == "text-49mb":
        path = folder / "49mb.txt"
        base = _sample_text().encode()
        path.write_bytes(base * (49 * MB // len(base)))
        return path, "import"
    if case == "csv-at-cap":  # rows up to the line limit
        rows = LIMITS["import_lines"].value - 10
        path = folder / "rows.csv"
        path.write_text("".join(f"第{i}行,{i},{i % 7},{i % 3}\n" for i in range(rows)), encoding="utf-8")
        return path, "import"
    if case == "csv-400k-rows":
        path = folder / "400k.csv"
        path.write_text("".join(f"{i},{i % 7},{i % 3}\n" for i in range(400_000)), encoding="utf-8")
        return path, "import"
    if case == "html-cells-at-cap":
        cells = LIMITS["table_cells"].value - 2000
        rows = "".join("<tr>" + "<td>7</td>" * 9 + "</tr>" for _ in range(cells // 10))
        path = folder / "cells.html"
        path.write_text(f"<html><body><p>一、总体情况</p><table>{rows}</table></body></html>", encoding="utf-8")
        return path, "import"
    if case == "html-text-at-cap":  # the sample as paragraphs, then paragraphs up to both limits
        base = _sample_text()
        n_lines = LIMITS["import_lines"].value - base.count("\n") - 100
        width = (LIMITS["import_chars"].value - 2 * len(base)) // n_lines - 8
        lines = base.split("\n") + [prose(width, i).replace("\n", "") for i in range(n_lines)]
        path = folder / "text.html"
        path.write_text("<html><body>" + "".join(f"<p>{ln}</p>" for ln in lines) + "</body></html>", encoding="utf-8")
        return path, "import"
    if case == "html-45mb":
        path = folder / "45mb.html"
        base = "<p>本机关主动公开政府信息 12 条。</p><div><span>x</span></div>"
        path.write_text("<html><body>" + base * (45 * MB // len(base.encode())) + "</body></html>", encoding="utf-8")
        return path, "import"
    if case == "html-spans":  # defect 6: rowspan=100 colspan=100 (the 3.8 MB is over the character limit)
        cell = '<td rowspan="100" colspan="100">1</td>'
        body = "<tr>" + cell * 100 + "</tr>"
        path = folder / "spans.html"
        path.write_text("<html><body><table>" + body * (LIMITS["import_chars"].value // len(body) - 10) + "</table></body></html>")
        return path, "import"
    if case == "mht-at-cap":  # a base64 web page just under the byte limit
        html = "<html><body>" + "<p>本机关主动公开政府信息。</p>" * 1_000_000 + "</body></html>"
        raw = base64.encodebytes(html.encode())[: LIMITS["import_bytes"].value - 2000]
        path = folder / "page.mht"
        path.write_bytes(b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
                         b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                         + raw + b"\r\n--B--\r\n")
        return path, "import"
    if case == "mht-nested":  # defect 7: parts nested 5000 deep
        parts = [b"MIME-Version: 1.0\r\n"]
        depth = 5000
        for i in range(depth):
            parts.append(f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'.encode())
        parts.append(b"Content-Type: text/html\r\n\r\n<html><body><p>x</p></body></html>\r\n")
        for i in reversed(range(depth)):
            parts.append(f"--b{i}--\r\n".encode())
        path = folder / "nested.mht"
        path.write_bytes(b"".join(parts))
        return path, "import"
    if case == "xlsx-at-cap":  # a plain workbook with cells up to the limit
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        n_rows = (LIMITS["table_cells"].value - 1000) // 10
        for i in range(n_rows):
            ws.append([f"第{i}行"] + [i % 10] * 9)
        path = folder / "cells.xlsx"
        wb.save(path)
        return path, "import"
    if case == "xlsx-bomb":  # defect 5: a sheet of zeros that inflates far beyond the limit
        from openpyxl import Workbook

        buf = io.BytesIO()
        Workbook().save(buf)
        with zipfile.ZipFile(buf) as z:
            members = {n: z.read(n) for n in z.namelist()}
        sheet = members.pop("xl/worksheets/sheet1.xml")
        head, tail = sheet.split(b"<sheetData></sheetData>")
        path = folder / "bomb.xlsx"
        _zip_stream(path, {**{n: [d] for n, d in members.items()},
                           "xl/worksheets/sheet1.xml": (head + b"<sheetData>", b" " * MB, b"</sheetData>" + tail, BOMB_MB)})
        return path, "import"
    if case == "docx-at-cap":  # paragraphs and elements just under their limits
        n = LIMITS["import_lines"].value - 100
        runs = (LIMITS["xml_elements"].value - 1000) // n // 6
        para = "<w:p>" + "<w:r><w:t>本机关主动公开政府信息。</w:t></w:r>" * runs + "</w:p>"
        xml = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
               f'main"><w:body>{para * n}</w:body></w:document>')
        path = folder / "long.docx"
        path.write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": xml.encode()}))
        return path, "import"
    if case == "docx-bomb":  # defect 5: a small file that inflates far beyond the limits
        head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                b'main"><w:body><w:p><w:r><w:t>')
        path = folder / "bomb.docx"
        _zip_stream(path, {"word/document.xml": (head, b"0" * MB, b"</w:t></w:r></w:p></w:body></w:document>", BOMB_MB)})
        return path, "import"
    raise ValueError(case)


#: every case, in the order the benchmark reports them
CASES = ("report-at-caps", "report-junk-at-cap", "report-200mb", "text-at-cap", "text-49mb", "csv-at-cap",
         "csv-400k-rows", "html-cells-at-cap", "html-text-at-cap", "html-45mb", "html-spans", "mht-at-cap",
         "mht-nested", "xlsx-at-cap", "xlsx-bomb", "docx-at-cap", "docx-bomb")

_RUNNER = r"""
import json, resource, sys, time
from pathlib import Path
path, entry = Path(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
outcome = "report"
try:
    if entry == "check":
        from gkdesk.core import storage
        from gkdesk.core.errors import ReportFileError
        from gkdesk.core.rules import validate
        try:
            validate(storage.load(path))
        except ReportFileError as exc:
            outcome = "refused: " + str(exc)[:60]
    else:
        from gkdesk.core.importers import import_file
        result = import_file(path)
        if result.report is None:
            outcome = "refused: " + next((e.text for e in result.log.entries if e.kind == "missing"), "")[:60]
except BaseException as exc:
    outcome = "crash " + type(exc).__name__
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")]  # this process only (not its parent)
peak = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": time.perf_counter() - t0, "outcome": outcome, "peak_mb": peak}))
"""


def measure(path: Path, entry: str, timeout: float = 120) -> dict:
    """Run one input in a fresh process: seconds, peak_mb (resident, the whole process), outcome."""
    env_path = str(ROOT)
    t0 = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-c", _RUNNER, str(path), entry], capture_output=True, text=True,
                             timeout=timeout, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - t0, "outcome": "timeout", "peak_mb": float("nan")}
    if out.returncode != 0 or not out.stdout.strip():
        return {"seconds": time.perf_counter() - t0, "outcome": f"died {out.returncode}: {out.stderr[-300:]}",
                "peak_mb": float("nan")}
    return json.loads(out.stdout.strip().splitlines()[-1])
