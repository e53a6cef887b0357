"""The report's meta data from the page around it: title, 机关名称, 报告年度, 机关级别, 发布日期, the signature."""

from __future__ import annotations

import re
from datetime import date

from gkdesk.core.importers.labels import fold
from gkdesk.core.importers.log import ImportLog, short
from gkdesk.core.importers.source import Document, nfkc
from gkdesk.core.importers.structure import META_LABELS, Structure, parse_title
from gkdesk.core.report import LEVEL_UNDETERMINED, Report

_YEAR_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*"
                          r"((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_YEAR_WORK = re.compile(r"((?:19|20)\d{2})\s*年\s*度?\s*(?:政府信息公开|政务公开)")
#: "发布日期：2024-01-31", "发布时间: 2024-01-31 08:51", and in page furniture "时间:2024-01-31", "日期：2024年1月31日"
_PUBLISHED = (re.compile(r"(?:发布|公开)(?:时间|日期)\s*[:：]?\s*((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})"),
              re.compile(r"(?:^|[\s|｜])(?:时间|日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})"),
              re.compile(r"成文(?:时间|日期)\s*[:：]?\s*((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})"))
#: the opening sentence of the report or of 一、总体情况: "2023年，我镇……"
_YEAR_OPENING = re.compile(r"(?:^|\n)\s*((?:19|20)\d{2})\s*年\s*(?:度\s*)?[，,]")
_DATE_ONLY = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


# --- the meta fields -------------------------------------------------------------------------------------------
def read_meta(doc: Document, st: Structure, report: Report, log: ImportLog) -> bool:
    found = False
    all_text = "\n".join(ln.text for ln in doc.lines)
    org, year = ("", None)
    first = min((h.line for h in st.headings.values()), default=len(doc.lines))
    kv = meta_rows(doc, first)
    if st.title:
        org, year = parse_title(st.title)
        log.add("matched", "meta", f"标题：“{st.title}”", f"第{doc.lines[st.title_line].no}行" if st.title_line is not None
                else "")
        found = True
    if "org" in kv:
        org = kv["org"][0].strip()
        report.meta.org_name = org
        log.add("matched", "meta", f"机关名称：{org}", f"第{kv['org'][1]}行")
    elif org:
        report.meta.org_name = org
        log.add("matched", "meta", f"机关名称：{org}（取自标题）")
    else:
        guess = _org_from_text(all_text[:3000])
        if guess:
            org = guess[0]
            report.meta.org_name = org
            log.add("assumed", "meta", f"机关名称：{org}（原文没有标准标题，取自“{short(guess[1], 40)}”），请核对。")
        else:
            log.add("missing", "meta", "没有找到机关名称（原文没有标准标题），请在“基本信息”中填写。")
    if "year" in kv and kv["year"][0].strip().isdigit():
        year = int(kv["year"][0].strip())
    if year:
        report.meta.year = year
        log.add("matched", "meta", f"报告年度：{year}（取自标题）")
    else:
        y, how = find_year(all_text)
        if y:
            report.meta.year = y
            log.add("assumed", "meta", f"报告年度：{y}（取自{how}）")
        else:
            log.add("missing", "meta", "没有找到报告年度，请在“基本信息”中填写。")
    _level(kv, org, report, log)
    if st.title and fold(st.title) != fold(report.derived_title):
        report.meta.title_override = st.title.strip()
        log.add("assumed", "meta", f"原文标题“{st.title.strip()}”与标准写法“{report.derived_title}”不同，保留原文标题"
                "（校验会按标准写法提示）。")
    furniture = " ".join(doc.lines[i].text for i in st.junk)
    pub = find_publish_date(furniture) or find_publish_date(all_text[:600])
    if pub:
        report.meta.publish_date = pub
        log.add("matched", "meta", f"发布日期：{pub.isoformat()}")
    return found


_ORG_IN_TEXT = (
    re.compile(r"现将(?P<org>[\u4e00-\u9fff（）()]{2,30}?)\s*(?:19|20)\d{2}\s*年度?\s*政府信息公开"),
    re.compile(r"(?:^|\n)\s*(?P<org>[\u4e00-\u9fff（）()]{2,30}?)\s*(?:19|20)\d{2}\s*年度?\s*政府信息公开工作年度报告"),
    re.compile(r"(?:请与|联系单位[:：]?)\s*(?P<org>[\u4e00-\u9fff]{2,30}?(?:局|委员会|委|办公室|办|厅|政府|街道办事处|中心))"
               r"(?:办公室|政务公开办公室)?\s*联系"),
)


def _level(kv: dict[str, tuple[str, int]], org: str, report: Report, log: ImportLog) -> None:
    """机关级别 from the source's own field or the name; otherwise left undetermined for the clerk (never 乡镇 by
    default: the rules for a township differ)."""
    level_label = kv.get("level", ("", 0))[0].strip()
    found = report.format.level_by_label(level_label) if level_label else None
    if found is not None:
        report.meta.level = found.key
        log.add("matched", "meta", f"机关级别：{level_label}")
        return
    lv = guess_level(org) if org else None
    if lv:
        report.meta.level = lv[0]
        log.add("assumed", "meta", f"机关级别：{report.format.level(lv[0]).label}（{lv[1]}），请核对。")
        return
    report.meta.level = LEVEL_UNDETERMINED
    why = f"无法从名称“{org}”判断" if org else "原文没有机关名称，无法判断"
    log.add("missing", "meta", f"机关级别未确定（{why}），请在“基本信息”中选择；选定之前，与机关级别有关的校验"
            "（截止日期、规章制定权、收费金额单位、各级人民政府的监督保障）不做。")


def _org_from_text(text: str) -> tuple[str, str] | None:
    """The unit's name from the body when the source has no title ("现将某某局2023年政府信息公开…", "请与某某局联系")."""
    t = nfkc(text)
    for rx in _ORG_IN_TEXT:
        m = rx.search(t)
        if m and not re.match(r"^(我|本|你|该)", m.group("org")):
            return m.group("org").strip(), m.group(0).strip()
    return None


def signature(body: list[str], report: Report, log: ImportLog, part: str) -> None:
    """The signature under the last section (机关名称, 成文日期) is not narrative: take it off, keep the date."""
    org = fold(report.meta.org_name)
    taken: list[str] = []
    while body:
        last = re.sub(r"\s+", "", nfkc(body[-1]))
        m = _DATE_ONLY.match(last)
        if m:
            try:
                report.meta.written_date = report.meta.written_date or date(*map(int, m.groups()))
            except ValueError:
                break
        elif not (org and len(last) <= 40 and (fold(last) == org or org in fold(last) and not re.search("[。；，]", last))):
            break
        taken.insert(0, body.pop())
    if taken:
        log.add("assumed", part, f"末尾的落款“{' '.join(taken)}”作为落款处理（机关名称、成文日期），没有放进正文。")


# --- parsing ----------------------------------------------------------------------------------------------
def find_year(text: str) -> tuple[int | None, str]:
    """The report year from the statistical period or "2023年政府信息公开工作"; (year, how it was found)."""
    t = nfkc(text)
    m = _YEAR_PERIOD.search(t)
    if m and m.group(1) == m.group(2):
        return int(m.group(1)), f"统计期限“{m.group(0)}”"
    m = _YEAR_WORK.search(t)
    if m:
        return int(m.group(1)), f"正文“{m.group(0)}”"
    m = _YEAR_OPENING.search(t)
    if m:
        return int(m.group(1)), f"开头一句“{m.group(0).strip()}…”"
    return None, ""


def find_publish_date(text: str) -> date | None:
    t = nfkc(text)
    for rx in _PUBLISHED:
        m = rx.search(t)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def guess_level(org: str) -> tuple[str, str] | None:
    """The level key for a name, with the reason; None when the name says nothing reliable."""
    o = org
    if re.search(r"(乡|镇|街道)(人民政府|办事处)?$", o) or re.search(r"(乡|镇)人民政府", o) or o.endswith("街道办事处"):
        return "township", "名称以乡、镇或街道结尾"
    if re.search(r"(国务院|国家)", o) and not re.search(r"(省|市|县|区)", o):
        return "state_council_dept", "名称中有“国家/国务院”"
    if re.search(r"(省|自治区)人民政府$", o) or re.search(r"(省|自治区)人民政府办公厅$", o):
        return "province_gov", "名称为省（自治区）人民政府"
    if re.search(r"(厅|省.*局)$", o):
        return "province_dept", "名称以“厅”结尾或为省级局"
    if re.search(r"(县|旗|区|县级市)人民政府(办公室)?$", o):
        return "county_gov", "名称为县（区）人民政府"
    if re.search(r"市人民政府(办公室|办公厅)?$", o) and not re.search(r"[县区]", o):
        return "city_gov", "名称为市人民政府"
    if re.search(r"(县|旗|区).*(局|委员会|办公室|中心|委|办)$", o):
        return "county_dept", "县（区）的部门"
    if re.search(r"市.*(局|委员会|办公室|中心|委|办)$", o):
        return "city_dept", "市的部门"
    return None


def meta_rows(doc: Document, stop: int) -> dict[str, tuple[str, int]]:
    """"label | value" rows before section 一 (a workbook's cover sheet): meta field -> (value, line number)."""
    out: dict[str, tuple[str, int]] = {}
    for ln in doc.lines[:stop]:
        if ln.cells is None:
            continue
        cells = [c for c in ln.cells if c]
        if len(cells) == 2 and fold(cells[0]) in META_LABELS:
            out.setdefault(META_LABELS[fold(cells[0])], (cells[1], ln.no))
    return out


