"""Validation of a large report normalises each long text once (issue 15, defect 9: NFKC ran up to 12 times over the
same text, so a large report took minutes to check)."""

from __future__ import annotations

import collections
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_files import prose  # noqa: E402


def test_each_long_text_is_normalised_once(example_report, monkeypatch):
    from gkdesk.core.report import LastYear
    from gkdesk.core.rules import validate

    rep = example_report
    rep.overview_intro = prose(30_000, 1)
    for i, sub in enumerate(rep.overview):
        sub.text = prose(20_000, 10 + i)
    rep.section5, rep.section6 = prose(30_000, 2), prose(30_000, 3)
    rep.last_year = LastYear(year=2023, overview=prose(60_000, 4), section5=prose(30_000, 5))
    calls: collections.Counter[str] = collections.Counter()
    checks: collections.Counter[str] = collections.Counter()  # textsim.nfkc's quick check (a text already in NFKC)
    real, real_check = unicodedata.normalize, unicodedata.is_normalized

    def counting(form: str, text: str) -> str:
        if len(text) > 5000:
            calls[text] += 1
        return real(form, text)

    def counting_check(form: str, text: str) -> bool:
        if len(text) > 5000:
            checks[text] += 1
        return real_check(form, text)

    monkeypatch.setattr(unicodedata, "normalize", counting)
    monkeypatch.setattr(unicodedata, "is_normalized", counting_check)
    validate(rep)
    assert calls or checks, "no long text was normalised: the test did not test anything"
    assert max([*calls.values(), *checks.values()]) == 1, (sorted(calls.values()), sorted(checks.values()))
