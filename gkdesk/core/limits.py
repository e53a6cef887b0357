"""Limits on what gkdesk reads, as data, and the readers that enforce them while reading.

A clerk opens files that colleagues e-mail and that web pages or other tools write; any of them may be broken or
hostile. Every limit below is counted while the data is read (never taken from ``st_size``, which a FIFO, a device or
a growing file can misstate), and going over one raises ``LimitError`` with a Chinese message that names the limit
and the file. The values are far above any real annual report (a report is about 30 000 characters; its tables have
fewer than 200 cells) and low enough that reading up to them stays within seconds and a few hundred MB
(see tests/core/test_limits_fuzz.py and the figures in docs/limits.md).
"""

from __future__ import annotations

import _thread  # threading itself is not needed for one lock (a cold command line start, issue 16.5)
import errno
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from gkdesk.core.errors import GkError
from gkdesk.core.record import Frozen, replace

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    import zipfile  # only named in annotations: the archives are opened by the importers
    from typing import Any

MB = 1024 * 1024


class Limit(Frozen):
    """One bound on what a file may hold, with the words a message uses for it."""

    key: str
    value: int
    what: str  # "文件大小", in a sentence "……超过了上限（16 MB）"
    unit: str  # "字节" values are shown in MB
    advice: str

    _fields = ("key", "value", "what", "unit", "advice")

    def __init__(self, key: str, value: int, what: str, unit: str, advice: str) -> None:
        self.__dict__.update(key=key, value=value, what=what, unit=unit, advice=advice)

    def shown(self) -> str:
        if self.unit == "字节":
            return f"{self.value // MB} MB" if self.value >= MB else f"{self.value // 1024} KB"
        if self.value >= 10_000 and self.value % 10_000 == 0:
            return f"{self.value // 10_000} 万{self.unit}"
        return f"{self.value} {self.unit}"

    def message(self, name: str) -> str:
        return f"“{name}”的{self.what}超过了 gkdesk 的上限（{self.shown()}），没有读取。{self.advice}"


_NOT_A_REPORT = "这不像是一份政府信息公开年度报告；如确是报告，请检查文件是否损坏，或复制正文后用“从剪贴板导入”。"

#: every limit, by key
LIMITS: dict[str, Limit] = {lim.key: lim for lim in (
    Limit("report_bytes", 8 * MB, "文件大小", "字节",
          "正常的报告文件不到 1 MB。请打开同一文件夹中的备份文件（.bak）。"),
    Limit("import_bytes", 16 * MB, "文件大小", "字节", _NOT_A_REPORT),
    Limit("import_chars", 500_000, "文字长度", "字", _NOT_A_REPORT),
    Limit("import_lines", 20_000, "行数", "行", _NOT_A_REPORT),
    Limit("table_cells", 20_000, "表格单元格数（合并单元格展开后）", "个", _NOT_A_REPORT),
    Limit("archive_member_bytes", 16 * MB, "压缩包内单个部件解压后的大小", "字节",
          "该文件可能是“压缩炸弹”或已损坏。请在 Excel、WPS 或 Word 中打开后另存，再导入。"),
    Limit("archive_total_bytes", 32 * MB, "压缩包解压后的总大小", "字节",
          "该文件可能是“压缩炸弹”或已损坏。请在 Excel、WPS 或 Word 中打开后另存，再导入。"),
    Limit("xml_elements", 500_000, "XML 元素数", "个",
          "请在 Word 或 WPS 中打开后另存，或复制正文后用“从剪贴板导入”。"),
    Limit("archive_members", 5_000, "压缩包内的部件数", "个",
          "请在 Excel、WPS 或 Word 中打开后另存，再导入。"),
    Limit("nesting_depth", 64, "嵌套层数（网页表格或单个文件网页的分段）", "层", _NOT_A_REPORT),
    Limit("field_chars", 100_000, "单个文字栏目的长度", "字",
          "请把过长的内容缩短（一份年报全文通常不到 5 万字）。"),
    Limit("short_field_chars", 2_000, "小标题等短栏目的长度", "字", "请改短后再保存。"),
    Limit("name_chars", 200, "机关名称或报告标题的长度", "字", "请改短后再保存（标题须能排在 PDF 的一页之内）。"),
    Limit("cell_text_chars", 200, "表格单元格中文字的长度", "字", "表格单元格只应填写数字。"),
    Limit("overview_chars", 300_000, "“总体情况”全文的长度", "字",
          "请把过长的内容缩短（一份年报全文通常不到 5 万字）。"),
    Limit("subsections", 200, "“总体情况”的小标题数", "个", "请合并小标题。"),
)}

#: the largest count a cell may hold (exclusive) and the fee's decimals
MAX_COUNT = 10**12
FEE_DECIMALS = 4


def limit(key: str) -> Limit:
    return LIMITS[key]


class LimitError(GkError):
    """Reading stopped at a limit; ``str()`` names the limit and the file."""

    def __init__(self, key: str, name: str) -> None:
        super().__init__(LIMITS[key].message(name))
        self.limit = LIMITS[key]


class NotRegularFileError(GkError):
    """A FIFO, a device, a socket or a folder where a file was expected."""


#: the limits a recovery copy may exceed: the lengths a clerk can type or paste in the window before saving
#: (saving then names the field to shorten); never the limits on what importers read from foreign files
TYPED_LENGTHS = ("report_bytes", "field_chars", "short_field_chars", "name_chars", "overview_chars", "subsections")
_relax_lock = _thread.allocate_lock()  # the same lock as threading.Lock()


@contextmanager
def typed_lengths_relaxed(factor: int = 8) -> Iterator[None]:
    """While our own recovery copy is read (once, at start, before any other reading): the ``TYPED_LENGTHS`` limits
    ``factor`` times higher, so that work typed past a length limit (which ``save`` refuses until it is shortened)
    is not lost in a crash. Still bounded: 8 × 8 MB at most. Not for files from elsewhere."""
    with _relax_lock:
        saved = {k: LIMITS[k] for k in TYPED_LENGTHS}
        try:
            for k, lim in saved.items():
                LIMITS[k] = replace(lim, value=lim.value * factor)
            yield
        finally:
            LIMITS.update(saved)


def check(key: str, amount: int, name: str) -> None:
    """Raise LimitError when ``amount`` is over the limit ``key``."""
    if amount > LIMITS[key].value:
        raise LimitError(key, name)


# --- files ---------------------------------------------------------------------------------------------------------
def read_regular_file(path: str | os.PathLike[str], key: str, *, name: str | None = None) -> bytes:
    """The bytes of a regular file, at most ``LIMITS[key]``; counted while reading.

    A FIFO, a device (/dev/zero), a socket or a folder is refused without reading (it is opened non-blocking, so a
    FIFO with no writer does not hang); a symbolic-link loop gives a Chinese message. Raises NotRegularFileError,
    LimitError, or OSError for the caller to describe (``fileio.describe_os_error``).
    """
    if not isinstance(path, Path):
        path = Path(path)
    name = name or path.name
    cap = LIMITS[key].value
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotRegularFileError(f"“{name}”是一个循环的快捷方式（符号链接最终指向它自己），没有可读取的文件。"
                                      "请选择真正的文件。") from None
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):  # a socket
            raise _not_regular(name) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise _not_regular(name)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(4 * MB, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise LimitError(key, name)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _not_regular(name: str) -> NotRegularFileError:
    return NotRegularFileError(f"“{name}”不是普通文件（是管道、设备或其他特殊文件），gkdesk 只读取普通文件。"
                               "请选择保存在磁盘上的报告或表格文件。")


# --- archives (xlsx, docx) -----------------------------------------------------------------------------------------
class ArchiveBudget:
    """Counts decompressed bytes over all members of one archive (``archive_total_bytes``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.total = 0

    def add(self, n: int) -> None:
        self.total += n
        check("archive_total_bytes", self.total, self.name)


def _counted_chunks(z: zipfile.ZipFile, member: str | zipfile.ZipInfo, budget: ArchiveBudget) -> Iterator[bytes]:
    """A member decompressed in 1 MB chunks, counted against the member and archive limits as they come (the sizes
    in the archive's directory may lie)."""
    cap = LIMITS["archive_member_bytes"].value
    size = 0
    with z.open(member) as fh:
        while chunk := fh.read(1 * MB):
            size += len(chunk)
            if size > cap:
                raise LimitError("archive_member_bytes", budget.name)
            budget.add(len(chunk))
            yield chunk


def read_member(z: zipfile.ZipFile, member: str, budget: ArchiveBudget) -> bytes:
    """One member decompressed, counted while decompressing."""
    return b"".join(_counted_chunks(z, member, budget))


_SHEET_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def check_archive(z: zipfile.ZipFile, name: str) -> None:
    """Decompress every member to count what it really holds, without keeping it; raise LimitError over
    ``archive_members``, ``archive_member_bytes``, ``archive_total_bytes`` or, for a workbook's sheets,
    ``table_cells`` (openpyxl keeps every cell in memory)."""
    infos = z.infolist()
    check("archive_members", len(infos), name)
    budget = ArchiveBudget(name)
    cells = 0
    for info in infos:
        if info.is_dir():
            continue
        sheet = info.filename.startswith("xl/worksheets/")
        for chunk in _counted_chunks(z, info, budget):
            if sheet:
                cells += len(_SHEET_CELL.findall(chunk))
                check("table_cells", cells, name)


# --- text ----------------------------------------------------------------------------------------------------------
#: characters that UTF-8 or XML cannot carry, or that have no place in a report's text: control characters other
#: than TAB and LF, lone surrogates, U+FFFE and U+FFFF
BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def bad_chars(text: str) -> int:
    """How many characters of ``text`` a report cannot hold."""
    if BAD_CHARS.search(text) is None:
        return 0
    return len(BAD_CHARS.findall(text))


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without the characters a report cannot hold (CR LF and a lone CR become LF first); and how many were
    removed. Callers add a note saying so (``cleaned_note``): text is never cleaned silently."""
    if BAD_CHARS.search(text) is None:
        return text, 0
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = BAD_CHARS.sub("", text)
    return out, len(text) - len(out)


def cleaned_note(where: str, removed: int) -> str:
    return (f"{where}中有 {removed} 个无法保存的字符（控制字符、代理项或 U+FFFE/U+FFFF，多来自网页或其他程序），"
            "已删去。请核对该处文字。")


# --- numbers -------------------------------------------------------------------------------------------------------
def number_in_range(d: Decimal) -> bool:
    """A finite number below ``MAX_COUNT`` in size with at most 28 significant digits: what cells, sums and every
    export can hold exactly. Checked before any conversion (``int(Decimal("1e999999999"))`` would not return)."""
    if not d.is_finite():
        return False
    if d.is_zero():
        return True
    return d.adjusted() < 12 and len(d.as_tuple().digits) <= 28


def decimals(d: Decimal) -> int:
    """Decimal places of a finite number, trailing zeros not counted (``1.50`` has 1)."""
    if d.is_zero():
        return 0
    t = d.as_tuple()
    exp = int(t.exponent)
    zeros = len(t.digits) - len(bytes(t.digits).rstrip(b"\0"))
    return max(0, -(exp + zeros))


def clean_report(report: Any) -> list[str]:
    """Make an imported or pasted ``report`` savable: remove from every text the characters it cannot hold, keep a
    figure that no cell can hold exactly (too large, too many decimals) as the text it was, for validation to name,
    and drop such a fee. One Chinese note per change, for the import log or the status bar."""
    notes: list[str] = []

    def fix(text: str, where: str) -> str:
        out, removed = clean_text(text)
        if removed:
            notes.append(cleaned_note(where, removed))
        return out

    m = report.meta
    m.org_name = fix(m.org_name, "机关名称")
    if m.title_override:
        m.title_override = fix(m.title_override, "标题")
    name_cap = LIMITS["name_chars"].value
    if len(m.org_name) > name_cap:
        m.org_name = ""
        notes.append(f"识别出的机关名称超过 {name_cap} 字，不像是机关名称，没有导入，请在“基本信息”中填写。")
    if m.title_override and len(m.title_override) > name_cap:
        m.title_override = None
        notes.append(f"识别出的标题超过 {name_cap} 字，不像是标题，没有导入；标题按机关名称和年度生成。")
    report.overview_intro = fix(report.overview_intro, "总体情况开头")
    for i, sub in enumerate(report.overview, 1):
        sub.title = fix(sub.title, f"总体情况第{i}个小标题")
        sub.text = fix(sub.text, f"总体情况第{i}小节")
    report.section5 = fix(report.section5, "五、存在的主要问题及改进情况")
    report.section6 = fix(report.section6, "六、其他需要报告的事项")
    for grid in (report.tables, report.stated):
        for tkey, rows in grid.items():
            for rkey, cols in rows.items():
                for ckey, v in cols.items():
                    where = f"表格 {tkey} 的单元格 {rkey}/{ckey}"
                    if isinstance(v, str):
                        v = cols[ckey] = fix(v, where)
                        cap = LIMITS["cell_text_chars"].value
                        if len(v) > cap:
                            cols[ckey] = v[:cap - 1] + "…"
                            notes.append(f"{where}中是一段 {len(v)} 字的文字而不是数字，只保留了开头 {cap} 字，请核对。")
                    elif isinstance(v, (int, Decimal)) and not _holdable(v, report, tkey, rkey):
                        cols[ckey] = str(v) if len(str(v)) <= 40 else str(v)[:40] + "…"
                        notes.append(f"{where}的数字“{cols[ckey]}”超出范围或小数位过多，按原文保留为文字，请核对。")
    fee = report.processing_fee_yuan
    if fee is not None and not (number_in_range(fee) and decimals(fee) <= FEE_DECIMALS):
        report.processing_fee_yuan = None
        notes.append(f"信息处理费“{str(fee)[:40]}”超出范围或小数位过多，没有导入，请核对后填写。")
    return notes


def _holdable(v: int | Decimal, report: Any, tkey: str, rkey: str) -> bool:
    if isinstance(v, int):
        return abs(v) < MAX_COUNT
    if not number_in_range(v):
        return False
    try:
        kind = report.format.table(tkey).cell_type(rkey)
    except KeyError:
        return True
    return kind != "decimal" or decimals(v) <= FEE_DECIMALS
