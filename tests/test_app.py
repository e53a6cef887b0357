"""``gkdesk.app.run``, the program: the exit status is the command's, and a check ends without Python's teardown
(issue 16.5) only when nothing is lost by it: its output complete, every other exit handler run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "qiuqu-township-2024.gkreport"

#: a process that runs the program on ``args`` and writes FAST when it ends through ``os._exit`` (before Python's
#: teardown), with the status given
_WITNESS = """
import os, sys
{before}
_exit = os._exit
def witness(status):
    os.write(1, b"FAST %d\\n" % status)
    _exit(status)
os._exit = witness
sys.argv = ["gkdesk", *{args!r}]
from gkdesk.app import run
run()
"""


def _program(tmp_path: Path, *args: str, before: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GKDESK_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", _WITNESS.format(before=before, args=list(args))], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120)


def test_a_check_ends_without_teardown_and_loses_nothing(tmp_path):
    done = _program(tmp_path, "check", str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    # the whole report, to its last line, through a pipe (block-buffered: flushed before the end)
    assert done.stdout.startswith("秋渠乡2024年政府信息公开工作年度报告")
    assert done.stdout.endswith("共 0 个错误，3 个警告，3 个提示。\nFAST 0\n")  # then the end, before Python's teardown
    # the exit handlers before it ran: the code cache of this first run was written
    assert list((tmp_path / "cache").glob("code-check-*.bin"))


def test_the_exit_status_is_the_checks(tmp_path):
    bad = tmp_path / "bad.gkreport"
    bad.write_text('{"schema_version": 1, "tables": []}', encoding="utf-8")
    done = _program(tmp_path, "check", str(bad))
    assert done.returncode == 2 and "错误" in done.stderr and done.stdout.endswith("FAST 2\n")
    missing = _program(tmp_path, "check", str(tmp_path / "nowhere.gkreport"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr


def test_an_exit_handler_registered_before_keeps_the_usual_end(tmp_path):
    # someone's handler (a sitecustomize, an embedding program) would be skipped: the usual end, handler and all
    done = _program(tmp_path, "check", str(EXAMPLE), before="import atexit; atexit.register(print, 'EARLIER')")
    assert done.returncode == 0, done.stderr
    assert "EARLIER" in done.stdout and "FAST" not in done.stdout and "共 0 个错误" in done.stdout


def test_other_commands_and_failed_arguments_end_as_usual(tmp_path):
    # a command that writes files ends as usual (only check is cut short)
    out = tmp_path / "out.xlsx"
    done = _program(tmp_path, "export", str(EXAMPLE), "--xlsx", str(out))
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 0 and "FAST" not in done.stdout
    # argparse refuses an option (it raises SystemExit: main() does not return): the usual end, status 2
    bad = _program(tmp_path, "check", str(EXAMPLE), "--no-such-option")
    assert bad.returncode == 2 and "FAST" not in bad.stdout


def test_in_process_callers_keep_their_collector(example_path):
    import gc

    from gkdesk.app import main

    assert gc.isenabled()
    assert main(["check", str(example_path)]) == 0
    assert gc.isenabled()  # main() without ending=True gives the collector back
