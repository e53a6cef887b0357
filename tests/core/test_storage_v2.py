"""File version 2: locations in the one string form; version-1 files (subsections from 0) are migrated on loading."""

import json

from gkdesk.core import storage
from gkdesk.core.location import parse_location


def test_version_1_bindings_and_explanations_are_renumbered(example_report):
    rep = example_report
    rep.overview[1].text = "受理申请21件。"
    doc = storage.report_to_dict(rep)
    doc["version"] = 1
    doc["bindings"] = [{"field": "overview.1.text", "start": 4, "end": 6, "ref": "t3.new.total"}]
    doc["explanations"] = [{"rule": "TXT-DUP", "location": "field:overview_intro", "basis": "b", "note": "n",
                            "date": None},
                           {"rule": "TXT-NUM", "location": "field:overview.0.text", "basis": "b", "note": "n",
                            "date": None}]
    back = storage.report_from_dict(json.loads(json.dumps(doc)))
    assert [b.field for b in back.bindings] == ["overview.2.text"]
    assert [e.location for e in back.explanations] == ["field:overview.intro", "field:overview.1.text"]
    assert parse_location(back.bindings[0].field).index == 1


def test_saved_files_are_version_2_and_round_trip(example_report):
    doc = storage.report_to_dict(example_report)
    assert doc["version"] == storage.FILE_VERSION == 2
    assert storage.report_to_dict(storage.report_from_dict(doc))["meta"] == doc["meta"]
