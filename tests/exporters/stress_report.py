"""A stress report for the PDF layout: a long narrative, 12 subsections, every cell a 4–7-digit figure, text heavy
with punctuation, quotes, brackets, dashes, ellipses, percentages, digits and stray spaces (seeded, deterministic)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from gkdesk.core.report import Report, Subsection

PHRASES = [
    "本机关坚持以公开为常态、不公开为例外",
    "认真贯彻落实《中华人民共和国政府信息公开条例》（国务院令第711号）",
    "全年主动公开政府信息{n}条",
    "其中“放管服”改革、“三安全一稳定”等重点领域信息{n}条",
    "依申请公开办理时限平均为{d}个工作日",
    "按时办结率达{p}%",
    "网站访问量{n}人次——同比增长{p}%",
    "政务新媒体发布信息{n}条……",
    "召开新闻发布会{d}场（次）",
    "收到申请 {n} 件",
    "行政复议{d}件、行政诉讼{d}件",
    "进一步规范《政府信息公开指南》和《政府信息公开目录》",
    "推动“互联网+政务服务”【示范】建设",
    "落实〔2021〕30号文件要求",
    "开展“政府开放日”活动{d}次",
    "回应社会关切{n}次：包括‘办事难’‘办事慢’等问题",
    "2024 年 12 月 31 日前完成整改",
]
ENDS = ["，", "，", "；", "。", "。", "、", "：", "！", "？", "……", "——"]


def _sentence(rng: random.Random, k: int) -> str:
    parts = []
    for _ in range(k):
        p = rng.choice(PHRASES).format(n=rng.randint(1000, 9_999_999), d=rng.randint(2, 99), p=rng.randint(10, 99))
        parts.append(p + rng.choice(ENDS))
    text = "".join(parts)
    while text and text[-1] in "，、：；—":
        text = text[:-1]
    return text if text.endswith(("。", "！", "？", "……")) else text + "。"


def stress_report(seed: int = 12) -> Report:
    rng = random.Random(seed)
    rep = Report.new("某某省某某市某某区人民政府某某街道办事处", year=2024)
    rep.meta.written_date = date(2025, 1, 20)
    rep.overview_intro = "\n".join(_sentence(rng, rng.randint(6, 12)) for _ in range(3))
    topics = ["主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障", "重点领域公开", "政策解读",
              "回应关切", "公开目录", "公开指南", "培训考核", "社会评议"]
    nums = "一二三四五六七八九十"
    rep.overview = []
    for i, topic in enumerate(topics, start=1):
        label = nums[i - 1] if i <= 10 else "十" + nums[i - 11]
        text = "\n".join(_sentence(rng, rng.randint(4, 14)) for _ in range(rng.randint(1, 3)))
        rep.overview.append(Subsection(f"（{label}）{topic}方面：", text))
    rep.section5 = "\n".join(_sentence(rng, rng.randint(5, 12)) for _ in range(4))
    rep.section6 = "\n".join(_sentence(rng, rng.randint(3, 9)) for _ in range(3)) + \
        "\n本年度收取信息处理费1234.56元。"
    # every width from 4 to 7 digits; in 表三 the 21 result rows get 4–5 digits so that even the 总计 of 总计
    # stays within the 8 digits its column is made for
    n = 0
    for tkey, tdef in rep.format.tables.items():
        for row, col in tdef.input_cells():
            if tdef.cell_type(row) == "decimal":
                rep.set_raw(tkey, row, col, Decimal(rng.choice(["1234.5", "12345.67", "123456.7"])))
                continue
            k = 4 + n % 4
            if tkey == "t3" and row not in ("new", "carry_in", "carry_out"):
                k = 4 + n % 2
            rep.set_raw(tkey, row, col, rng.randint(10 ** (k - 1), 10 ** k - 1) if k < 7 else 1_000_000 + n)
            n += 1
    return rep
