"""The plain-Chinese name and “这项检查什么” of every validation rule (resources/help/rules.json), for the 校验结果
panel's rows and tooltips and the guide's rules page; no Qt here, so the panel loads without the help window."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path


def help_dir() -> Path | None:
    try:
        from gkdesk.paths import resources_dir

        folder = resources_dir() / "help"
    except FileNotFoundError:
        return None
    return folder if folder.is_dir() else None


@cache
def rule_texts() -> dict[str, dict[str, str]]:
    """rule code -> {"name", "what", "fix"} in plain Chinese (empty when the help folder is missing)."""
    folder = help_dir()
    if folder is None or not (folder / "rules.json").is_file():
        return {}
    data = json.loads((folder / "rules.json").read_text(encoding="utf-8"))
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.get("rules", {}).items()}


def rule_name(code: str) -> str:
    return rule_texts().get(code, {}).get("name", "")


def rule_explanation(code: str) -> str:
    """'这项检查：…\\n怎样改正：…\\n（规则代码 T3-ROW-SUM）' for the issue's tooltip."""
    info = rule_texts().get(code)
    lines = []
    if info:
        lines.append(f"这项检查：{info.get('what', '')}")
        if info.get("fix"):
            lines.append(f"怎样改正：{info['fix']}")
    lines.append(f"（规则代码 {code}）")
    return "\n".join(lines)
