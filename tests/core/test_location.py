"""Location: one string form (subsections numbered from 1), parsed back for every kind of place."""

import pytest

from gkdesk.core.format import load_format
from gkdesk.core.location import Location, parse_location

FMT = load_format()

CASES = [
    (Location.whole(), "report"),
    (Location.meta("org_name"), "org_name"),
    (Location.meta("title"), "title"),
    (Location.text("overview_intro"), "overview.intro"),
    (Location.text("section5"), "section5"),
    (Location.overview(), "overview"),
    (Location.subsection(0, "title"), "overview.1.title"),
    (Location.subsection(2, "text"), "overview.3.text"),
    (Location.fee(), "processing_fee_yuan"),
    (Location.table("t3"), "t3"),
    (Location.row_of("t3", "carry_in"), "t3.carry_in"),
    (Location.cell("t3", "new", "total"), "t3.new.total"),
]


@pytest.mark.parametrize(("loc", "text"), CASES)
def test_string_form_round_trips(loc, text):
    assert str(loc) == text
    assert parse_location(text, FMT) == loc


def test_subsection_numbers_from_one():
    loc = parse_location("overview.1.text", FMT)
    assert loc.index == 0 and loc.number == 1
    with pytest.raises(ValueError):
        parse_location("overview.0.text", FMT)


@pytest.mark.parametrize("text", ["t9", "t3.nope", "t3.new.nope", "nothing", "overview.x.title", "t3.new.total.x"])
def test_unknown_places_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="不是报告中的位置"):
        parse_location(text, FMT)


def test_locations_are_values():
    assert {Location.cell("t2", "rules", "issued"), Location.cell("t2", "rules", "issued")} == {
        Location.cell("t2", "rules", "issued")}
    assert Location.cell("t3", "new", "total").table_key == "t3"
    assert Location.subsection(1, "title").is_text and not Location.fee().is_text
