"""The gkdesk workbook layout (docs/xlsx-layout.md): the constants the xlsx exporter writes and the importer reads."""

from __future__ import annotations

#: the layout version written into the workbook's keywords; bump it with any change of the fixed layout
LAYOUT_VERSION = 2  # 2: a paragraph too long for one row continues in rows keyed "<key>+"
#: the importer reads layouts up to this version
SUPPORTED_LAYOUT = 2
#: the workbook's ``keywords`` property starts with this on a gkdesk workbook
LAYOUT_KEY = "gkdesk-xlsx-layout="
META_SHEET = "基本信息"
#: the Excel row of a table's layout row 0 (row 1 is the section heading)
GRID_TOP = 2
#: the hidden column A holds the machine key (the string form of a ``Location``)
KEY_COLUMN = 1
#: 基本信息: column B the label, column C the value; narrative sheets: column B the text
LABEL_COLUMN = 2
VALUE_COLUMN = 3
TEXT_COLUMN = 2
#: 基本信息 rows that are not report fields: informative (the derived period sentence) or the format's version
PERIOD_KEY = "period"
FORMAT_KEY = "format_version"


def keywords(report_format: str) -> str:
    return f"{LAYOUT_KEY}{LAYOUT_VERSION};report-format={report_format}"
