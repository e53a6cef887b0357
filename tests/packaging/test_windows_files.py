"""The Windows installer script and CI workflow (they cannot run here: these check what can be checked on Linux)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "gkdesk.iss"
WORKFLOW = ROOT / "packaging" / "windows" / "build-windows.yml"
GITHUB_WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"

#: messages every Inno Setup 6 language file defines in its [CustomMessages]
INNO_STANDARD_MESSAGES = {"CreateDesktopIcon", "AdditionalIcons", "LaunchProgram", "UninstallProgram"}


@pytest.fixture(scope="module")
def iss_text() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "gkdesk.iss 必须是带 BOM 的 UTF-8，否则 Inno Setup 会按 ANSI 读取中文"
    return raw[3:].decode("utf-8")


def sections(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith(";") or s.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", s)
        if m:
            current = m.group(1)
            out.setdefault(current, [])
        else:
            out.setdefault(current, []).append(s)
    return out


def test_per_user_install_without_admin(iss_text):
    setup = dict(ln.split("=", 1) for ln in sections(iss_text)["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup
    assert setup["DefaultDirName"].startswith("{autopf}")  # = %LOCALAPPDATA%\Programs for a per-user install
    assert setup["ChangesAssociations"] == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])
    assert setup["SetupIconFile"].endswith(r"resources\icons\gkdesk.ico")
    assert setup["MinVersion"] == "10.0.17763"


def test_chinese_language_and_messages(iss_text):
    secs = sections(iss_text)
    assert any("ChineseSimplified.isl" in ln for ln in iss_text.splitlines() if "ChineseMessages" in ln)
    assert secs["Languages"] == ['Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"']
    defined = {ln.split("=", 1)[0].split(".", 1)[1] for ln in secs["CustomMessages"]}
    used = set(re.findall(r"\{cm:(\w+)", iss_text))
    assert used - defined <= INNO_STANDARD_MESSAGES, used - defined - INNO_STANDARD_MESSAGES


def test_association_only_under_hkcu(iss_text):
    reg = sections(iss_text)["Registry"]
    assert reg and all(ln.startswith("Root: HKCU;") for ln in reg)
    joined = "\n".join(reg)
    assert r'Subkey: "Software\Classes\.gkreport"; ValueType: string; ValueName: ""; ValueData: "gkdesk.report"' in joined
    assert r'"""{app}\{#AppExe}"" ""%1"""' in joined  # open command quotes the program and the file
    assert "uninsdeletekey" in joined  # the uninstaller removes the file type again


def test_start_menu_files_and_upgrade(iss_text):
    secs = sections(iss_text)
    assert any(ln.startswith('Name: "{group}\\{#AppName}"') for ln in secs["Icons"])
    assert any("--self-test" in ln and "gkdesk-cli.exe" in ln for ln in secs["Icons"])
    assert any("{uninstallexe}" in ln for ln in secs["Icons"])
    assert secs["Files"] == ['Source: "{#SourceDir}\\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs '
                             'createallsubdirs']
    assert any(r"{app}\_internal" in ln for ln in secs["InstallDelete"])


def test_preprocessor_symbols_are_defined(iss_text):
    defined = set(re.findall(r"#define (\w+)", iss_text))
    used = set(re.findall(r"\{#(\w+)\}", iss_text))
    assert used <= defined, used - defined


def test_workflow_copies_are_identical():
    assert WORKFLOW.read_bytes() == GITHUB_WORKFLOW.read_bytes(), \
        "packaging/windows/build-windows.yml 与 .github/workflows/windows.yml 必须相同"


def test_workflow_steps():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in text
    assert "actions/setup-python@v5" in text and 'python-version: "3.11"' in text
    assert "python packaging/build.py" in text
    assert r"dist\gkdesk\gkdesk-cli.exe --self-test" in text
    assert "ChineseSimplified.isl" in text
    assert "/CURRENTUSER" in text and "unins000.exe" in text
    assert "HKCU:\\Software\\Classes\\.gkreport" in text
    assert "actions/upload-artifact@v4" in text
    assert "\t" not in text


def test_workflow_is_valid_yaml():
    yaml = pytest.importorskip("yaml", reason="PyYAML 未安装，跳过 YAML 语法检查")
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = doc["jobs"]["windows"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout")
    assert any("build.py" in s.get("run", "") for s in steps)
