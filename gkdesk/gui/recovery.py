"""Recovery copies: the unsaved report written every minute to the user's data folder, offered after a crash."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import QLockFile

from gkdesk.core import storage
from gkdesk.core.fileio import atomic_write
from gkdesk.core.report import Report


@dataclass
class Recovered:
    """A recovery copy left by a session that did not end normally."""

    report_path: Path
    info_path: Path
    lock_path: Path
    original: Path | None
    original_fingerprint: str | None
    title: str
    saved_at: str

    def load(self) -> Report:
        """The copy as the window held it. Work typed past a length limit was still written here (saving refuses
        it until shortened); it is restored too, and saving then names what to shorten."""
        from gkdesk.core.limits import typed_lengths_relaxed

        with typed_lengths_relaxed():
            return storage.load(self.report_path)

    def discard(self) -> None:
        for p in (self.report_path, self.info_path, self.lock_path):
            with contextlib.suppress(OSError):
                p.unlink()


class RecoveryStore:
    """This session's recovery copy (never the user's own file) and the copies crashed sessions left."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.session = os.urandom(6).hex()
        self._lock: QLockFile | None = None

    @property
    def report_path(self) -> Path:
        return self.folder / f"{self.session}.gkreport"

    @property
    def info_path(self) -> Path:
        return self.folder / f"{self.session}.json"

    def _ensure_lock(self) -> None:
        if self._lock is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = QLockFile(str(self.folder / f"{self.session}.lock"))
            self._lock.setStaleLockTime(0)
            self._lock.tryLock(0)

    def write(self, report: Report, original: Path | None, original_fingerprint: str | None) -> Path:
        """Write the recovery copy atomically (SaveError when the data folder cannot be written)."""
        self._ensure_lock()
        data = storage.dumps(report)
        atomic_write(self.report_path, partial(_write_all, data))
        info = {"original": str(original) if original else None, "original_fingerprint": original_fingerprint,
                "title": report.title, "saved_at": datetime.now().strftime("%Y-%m-%d %H:%M")}
        payload = json.dumps(info, ensure_ascii=False).encode("utf-8")
        atomic_write(self.info_path, partial(_write_all, payload))
        return self.report_path

    def remove(self) -> None:
        """The work is saved (or deliberately discarded): no copy is needed any more."""
        for p in (self.report_path, self.info_path):
            with contextlib.suppress(OSError):
                p.unlink()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def orphans(self) -> list[Recovered]:
        """Copies of sessions that are no longer running (their lock is free or stale), newest first."""
        if not self.folder.is_dir():
            return []
        found: list[Recovered] = []
        for info_path in self.folder.glob("*.json"):
            session = info_path.stem
            if session == self.session:
                continue
            report_path = info_path.with_suffix(".gkreport")
            lock_path = info_path.with_suffix(".lock")
            lock = QLockFile(str(lock_path))
            lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
            if not lock.tryLock(0):  # another running window owns it
                continue
            lock.unlock()
            if not report_path.is_file():
                info_path.unlink(missing_ok=True)
                continue
            try:
                info = json.loads(info_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                info = {}
            original = info.get("original")
            found.append(Recovered(report_path, info_path, lock_path, Path(original) if original else None,
                                   info.get("original_fingerprint"), str(info.get("title") or "未命名报告"),
                                   str(info.get("saved_at") or "")))
        found.sort(key=lambda r: r.saved_at, reverse=True)
        return found


def _write_all(data: bytes, fh: BinaryIO) -> None:
    fh.write(data)
