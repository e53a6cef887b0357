"""Saves killed mid-write (SIGKILL, 50 times) leave the old or the new file and a valid .bak; the temporary files
they leave behind are removed by the next save of the same file (issue 15, defect 10)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gkdesk.core import fileio, storage

ROOT = Path(__file__).resolve().parents[2]

_CHILD = r"""
import sys
from gkdesk.core import storage
from gkdesk.core.report import Subsection
rep = storage.load(sys.argv[1])
big = "本机关全年主动公开政府信息，依申请公开办理情况良好。" * 1400  # 8 of them: just under the overview limit
rep.overview = [Subsection(f"（{i}）小标题", big) for i in range(8)]
n = 0
while True:
    n += 1
    rep.section6 = f"第{n}次保存"
    print("saving", flush=True)
    storage.save(rep, sys.argv[2])
"""


def _load_ok(path: Path) -> bool:
    try:
        storage.load(path)
    except Exception:  # noqa: BLE001 - the assertion below names the file
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_fifty_killed_saves_leave_a_valid_file_and_no_stray_temporary_files(tmp_path, example_path):
    target = tmp_path / "报告.gkreport"
    storage.save(storage.load(example_path), target)
    rng = random.Random(15)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    strays = 0
    for i in range(50):
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(example_path), str(target)],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout is not None
        for _ in range(rng.randint(1, 3)):  # kill at a different point of a save each time
            child.stdout.readline()
        if i % 2:  # every other time: while the temporary file is being written
            deadline = time.monotonic() + 20
            while not fileio.stale_temps(target) and time.monotonic() < deadline and child.poll() is None:
                os.sched_yield()
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert _load_ok(target), "被中断的保存留下了损坏的报告文件"
        backup = target.with_name(target.name + storage.BACKUP_SUFFIX)
        assert not backup.exists() or _load_ok(backup), "被中断的保存留下了损坏的备份文件"
        strays = max(strays, len(fileio.stale_temps(target)) + len(fileio.stale_temps(backup)))
    assert strays > 0, "no kill landed inside a write: the test did not test anything"
    storage.save(storage.load(target), target)
    backup = target.with_name(target.name + storage.BACKUP_SUFFIX)
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left == [], f"下一次保存后仍有临时文件：{left}"
    assert _load_ok(target) and _load_ok(backup)


def test_next_save_removes_stale_temporary_files_but_not_others(tmp_path, example_report):
    target = tmp_path / "a.gkreport"
    stale = [tmp_path / ".a.gkreport.abcd1234.tmp", tmp_path / ".a.gkreport.bak.zz_x9y8w.tmp"]
    others = [tmp_path / ".b.gkreport.abcd1234.tmp", tmp_path / "a.gkreport.abcd1234.tmp", tmp_path / "notes.tmp"]
    for p in stale + others:
        p.write_bytes(b"partial")
    storage.save(example_report, target)
    storage.save(example_report, target)  # the second save also writes the .bak
    assert [p for p in stale if p.exists()] == []
    assert all(p.exists() for p in others)


@pytest.mark.skipif(os.name == "nt", reason="flock")
def test_a_temporary_file_being_written_by_another_save_is_left_alone(tmp_path, example_report):
    import fcntl

    target = tmp_path / "a.gkreport"
    busy = tmp_path / ".a.gkreport.busy0001.tmp"
    busy.write_bytes(b"in progress")
    with open(busy, "rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        storage.save(example_report, target)
        assert busy.exists()
    storage.save(example_report, target)
    assert not busy.exists()
