"""Realistic, seeded unit reports for the 汇总 benchmark (bench_consolidate.py).

A unit is a 乡/镇/街道 of its own (a unique two-character name, e.g. “青石镇人民政府”) whose tables are filled and
balanced (the consolidation tests' ``make_unit``), and whose narrative is its own, as each township writes one:
一、总体情况 has an intro of 2–4 sentences and the five usual subsections of 3–9 sentences each (about 1,000–3,000
characters in all), 五 has 2–3 problems and 2–3 measures, 六 one or two sentences. The sentences are the real
reports' (examples/qiuqu-township-2024.gkreport and ../shared/samples, read with gkdesk's importer, grouped by the
subsection they came from), drawn per unit in a seeded order, with the source's place names replaced by the
unit's name, its years by the report year and its counts (条, 次, 篇, …) by the unit's own random figures, so
nearly every text and most sentences differ between units. Each subsection's text also states the unit's own
figures in the words the rules read (申请 received, carried in, answered and carried over; 规范性文件 issued,
repealed, in force), true to its tables; sentences of the sources that state such figures (“…1852件”) are left
out, as they would contradict the unit's tables. Every 50th unit (i % 50 == 7) carries an error in T3, as now.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from common import ROOT

_CHARS = ("青石白云龙泉金山桃花柳河新安平阳东风红旗长岭梨树枫林马场高桥黄土杨柳双庙三里五道七星八里九龙"
          "十里石门凤凰上下中和兴隆福寿永宁太平仁义礼智信德顺利宝丰茂盛源清水秀峰华光明月星辰春夏秋冬")
_SUFFIX = ("镇", "乡", "镇", "街道")
#: place names of the sources (a unit's text names itself, never them)
_PLACES = re.compile(r"淮安市人民政府办公室|淮安市|淮安|秋渠乡|秋渠|阿巴嘎旗自然资源局|阿巴嘎旗|四川省自然资源厅|四川省|龙岗区|"
                     r"汉阳区|武汉市|那勒克镇|夜郎镇|太平镇|桐梓县|区政府办公室|市政府|区政府|镇政府|(?:我|本)(?:市|镇|乡|办|局|单位)")
_YEAR = re.compile(r"20\d\d(?=\s*年)")
_COUNT = re.compile(r"\d+(?=\s*(?:余)?(?:条|次|篇|期|场|个|项|人次|万人次|份|批|家|期次|余))")
_FIGURE = re.compile(r"\d\s*[件起]")  # a figure the rules compare with the tables
_SENT = re.compile(r"[^。；！？!?;]+[。；！？!?;]?")
_LEADS = ("{short}", "{year}年，{short}", "同时，{short}", "此外，{short}", "全年{short}", "{short}还")
_KINDS = (("主动",), ("申请",), ("管理",), ("平台",), ("监督", "保障"))


def _sentences(text: str) -> list[str]:
    out = []
    for s in _SENT.findall(" ".join((text or "").split())):
        s = s.strip()
        if len(s) >= 12 and not _FIGURE.search(s):
            out.append(s if s[-1] in "。；！？!?;" else s + "。")
    return out


def _kind(title: str) -> int:
    return next((i for i, words in enumerate(_KINDS) if any(w in title for w in words)), 0)


def sentence_pools() -> dict[str, list[str]]:
    """Sentences of the real reports, by where they stand: intro, sub0..sub4, problems, measures, fee."""
    from gkdesk.core import storage
    from gkdesk.core.importers import import_file

    reports = [storage.load(ROOT / "examples" / "qiuqu-township-2024.gkreport")]
    samples = ROOT.parent / "shared" / "samples"
    for p in sorted(samples.rglob("*.txt")) if samples.is_dir() else ():
        got = import_file(p).report
        if got is not None:
            reports.append(got)
    pools: dict[str, list[str]] = {k: [] for k in ("intro", "problems", "measures", "fee",
                                                   *(f"sub{i}" for i in range(5)))}
    for rep in reports:
        pools["intro"] += _sentences(rep.overview_intro)
        for sub in rep.overview:
            pools[f"sub{_kind(sub.title)}"] += _sentences(sub.text)
        at_measures = False
        for s in _sentences(rep.section5):
            at_measures = at_measures or any(w in s for w in ("改进", "下一步", "措施", "将"))
            pools["measures" if at_measures else "problems"].append(s)
        pools["fee"] += [s for s in _sentences(rep.section6) if "未收取" in s]
    return {k: sorted(set(v)) for k, v in pools.items()}


def unit_name(i: int) -> tuple[str, str]:
    """(short name, org name) of unit i, unique for i < len(_CHARS) ** 2 * 4."""
    n = len(_CHARS)
    short = _CHARS[i % n] + _CHARS[(i // n) % n] + _SUFFIX[(i // (n * n)) % len(_SUFFIX)]
    return short, short + ("办事处" if short.endswith("街道") else "人民政府")


def _weave(rng: random.Random, pool: list[str], k: int, short: str, year: int, more: list[str] = (),
           length: int = 0) -> str:
    """k sentences of pool (then of more, until the text has ``length`` characters), made the unit's own."""
    picked = rng.sample(pool, min(k, len(pool))) if pool else []
    rest = rng.sample(more, len(more)) if more else []
    while rest and sum(map(len, picked)) < length:
        picked.append(rest.pop())
    out = []
    for s in picked:
        s = _PLACES.sub(short, s)
        s = _YEAR.sub(str(year), s)
        s = _COUNT.sub(lambda m: str(rng.randint(1, 60 if len(m.group()) < 3 else 3000)), s)
        if short not in s and rng.random() < 0.7:  # the unit names itself in most sentences
            s = rng.choice(_LEADS).format(short=short, year=year) + s
        out.append(s)
    return "".join(out)


def make_realistic_unit(rng: random.Random, i: int, pools: dict[str, list[str]], year: int = 2024):
    """Unit i: balanced tables, its own narrative (see the module docstring); i % 50 == 7 has an error in T3."""
    from consolidate_helpers import make_unit

    from gkdesk.core.format import load_format

    short, org = unit_name(i)
    rep = make_unit(rng, org, year=year, big=40)
    cols = [c for c in load_format().table("t3").columns if c != "total"]
    t3 = {r: sum(rep.raw("t3", r, c) or 0 for c in cols)
          for r in ("new", "carry_in", "carry_out")}
    done = t3["new"] + t3["carry_in"] - t3["carry_out"]
    issued, repealed, valid = (rep.raw("t2", "normative", c) for c in ("issued", "repealed", "valid"))
    own = {
        0: f"{year}年，{short}全年制发规范性文件{issued}件，废止规范性文件{repealed}件，现行有效规范性文件{valid}件。",
        1: f"{year}年，{short}新收政府信息公开申请{t3['new']}件，上年度结转{t3['carry_in']}件，"
           f"办结{done}件，{t3['carry_out']}件申请结转下一年度继续办理。",
    }
    rep.overview_intro = _weave(rng, pools["intro"], rng.randint(2, 4), short, year)
    length = rng.randint(1000, 3000) - len(rep.overview_intro)
    general = [s for k in range(5) for s in pools[f"sub{k}"]]
    for sub in rep.overview:
        kind = _kind(sub.title)
        sub.text = _weave(rng, pools[f"sub{kind}"], rng.randint(2, 5), short, year, general,
                          length // len(rep.overview) - len(own.get(kind, "")))
        if kind in own:
            sub.text = own[kind] + sub.text
    rep.section5 = ("问题：" + _weave(rng, pools["problems"], rng.randint(2, 3), short, year) + "\n改进措施："
                    + _weave(rng, pools["measures"], rng.randint(2, 3), short, year))
    rep.section6 = (f"{year}年，{short}未收取信息处理费。" if rng.random() < 0.5
                    else _weave(rng, pools["fee"], 1, short, year) or "本年度未收取信息处理费。")
    if i % 50 == 7:  # a few units with an error, as in real life
        rep.set_raw("t3", "carry_out", "natural", 99)
    return rep


def write_units(folder: Path, n: int, seed: int = 2024) -> None:
    """n unit files unitNNNNN.gkreport in folder, the same for the same n and seed."""
    from gkdesk.core import storage

    pools = sentence_pools()
    rng = random.Random(seed)
    for i in range(n):
        (folder / f"unit{i:05d}.gkreport").write_bytes(storage.dumps(make_realistic_unit(rng, i, pools)))
