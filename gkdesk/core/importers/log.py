"""The import log: what was taken from where, matched how, assumed, not found — shown to the user in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["matched", "fuzzy", "assumed", "missing", "unmapped", "ignored", "source"]

#: how each kind is named to the user, in the order the log lists them
KIND_LABEL: dict[str, str] = {
    "source": "来源",
    "matched": "已识别",
    "fuzzy": "近似匹配",
    "assumed": "推定",
    "missing": "未找到",
    "unmapped": "无法对应",
    "ignored": "未导入",
}

#: what each part of the report is called in the log
PART_LABEL: dict[str, str] = {
    "meta": "基本信息",  # the window's tab (gui.main_window.BASIC_TAB)
    "s1": "一、总体情况",
    "t2": "二、主动公开政府信息情况（表格）",
    "t3": "三、收到和处理政府信息公开申请情况（表格）",
    "t4": "四、政府信息公开行政复议、行政诉讼情况（表格）",
    "s5": "五、存在的主要问题及改进情况",
    "s6": "六、其他需要报告的事项",
    "": "整体",
}


@dataclass(frozen=True)
class LogEntry:
    """One sentence of the import log and where in the report it belongs."""

    kind: Kind
    table: str  # part of the report: "meta", "s1", "t2", "t3", "t4", "s5", "s6" or "" (whole document)
    text: str  # a complete Chinese sentence
    where: str = ""  # where in the source (e.g. "第12行")


@dataclass
class ImportLog:
    """What an import did, in Chinese sentences, for the clerk to read."""

    source_name: str = ""
    source_kind: str = ""  # e.g. "纯文本（制表符分隔的表格）"
    entries: list[LogEntry] = field(default_factory=list)

    def add(self, kind: Kind, table: str, text: str, where: str = "") -> None:
        self.entries.append(LogEntry(kind, table, text, where))

    def of_kind(self, kind: str) -> list[LogEntry]:
        return [e for e in self.entries if e.kind == kind]

    def of_table(self, table: str) -> list[LogEntry]:
        return [e for e in self.entries if e.table == table]

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in KIND_LABEL}
        for e in self.entries:
            out[e.kind] = out.get(e.kind, 0) + 1
        return out

    @property
    def has_missing(self) -> bool:
        return any(e.kind == "missing" for e in self.entries)

    def summary(self) -> str:
        c = self.counts()
        parts = [f"{KIND_LABEL[k]} {c[k]} 项" for k in ("matched", "fuzzy", "assumed", "missing", "unmapped")
                 if c.get(k)]
        return "；".join(parts) if parts else "没有识别出任何内容"

    def to_text(self) -> str:
        """The whole log as plain Chinese text, grouped by part of the report."""
        lines = [f"导入记录：{self.source_name}" if self.source_name else "导入记录"]
        if self.source_kind:
            lines.append(f"来源类型：{self.source_kind}")
        lines.append(f"汇总：{self.summary()}")
        for part, label in PART_LABEL.items():
            group = [e for e in self.entries if e.table == part]
            if not group:
                continue
            lines.append("")
            lines.append(f"【{label}】")
            for e in group:
                where = f"（{e.where}）" if e.where else ""
                lines.append(f"  [{KIND_LABEL.get(e.kind, e.kind)}] {e.text}{where}")
        return "\n".join(lines)


def short(text: str, n: int = 30) -> str:
    """A source text as quoted in the log: one line, cut after ``n`` characters."""
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"
