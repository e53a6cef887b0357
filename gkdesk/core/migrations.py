"""Steps that bring an older .gkreport document (a parsed dict) up to the current file version."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import Any


def field_v2(fid: Any) -> Any:
    """A version-1 field id in the one string form of a Location: subsections numbered from 1, overview.intro,
    processing_fee_yuan."""
    if not isinstance(fid, str):
        return fid
    if fid == "overview_intro":
        return "overview.intro"
    if fid == "processing_fee":
        return "processing_fee_yuan"
    parts = fid.split(".")
    if len(parts) == 3 and parts[0] == "overview" and parts[1].isdigit():
        return f"overview.{int(parts[1]) + 1}.{parts[2]}"
    return fid


def migrate_1_to_2(doc: dict[str, Any]) -> dict[str, Any]:
    for b in doc.get("bindings") or []:
        if isinstance(b, dict):
            b["field"] = field_v2(b.get("field"))
    for e in doc.get("explanations") or []:
        if isinstance(e, dict) and isinstance(e.get("location"), str) and e["location"].startswith("field:"):
            e["location"] = "field:" + field_v2(e["location"][len("field:"):])
    return doc

