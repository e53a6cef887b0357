"""Issue locations in the words of the report, as the panel and the 汇总 summary show them."""

from gkdesk.core.format import load_format
from gkdesk.core.issues import Issue
from gkdesk.core.locations import describe_location

FMT = load_format()


def test_cells():
    issue = Issue("X", "error", "m", table="t3", row="deny_secret", column="natural")
    assert describe_location(issue, FMT) == "三、表 → 1.属于国家秘密 → 自然人"
    assert describe_location(issue, FMT, full_row_label=True) == \
        "三、表 → 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 → 自然人"
    assert describe_location(Issue("X", "error", "m", table="t4", row="lit_direct", column="total"), FMT) == \
        "四、表 → 未经复议直接起诉 → 总计"
    assert describe_location(Issue("X", "error", "m", table="t9"), FMT) == "t9"


def test_fields_and_unknowns():
    assert describe_location(Issue("X", "error", "m", field="org_name"), FMT) == "机关全称"
    assert describe_location(Issue("X", "error", "m", field="overview.2.text"), FMT) == "一、总体情况 第2小节正文"
    assert describe_location(Issue("X", "error", "m", field="section5"), FMT) == "五、存在的主要问题及改进情况"
    assert describe_location(Issue("X", "error", "m", field="processing_fee_yuan"), FMT) == "六、信息处理费（元）"
    assert describe_location(Issue("X", "hint", "m"), FMT) == "整份报告"
