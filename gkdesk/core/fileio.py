"""Atomic file writing and Chinese messages for file-system errors (used by the report file and the exports)."""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable
from pathlib import Path

from gkdesk.core.errors import SaveError

TYPE_CHECKING = False  # typing is not imported at run time: a cold command line start (issue 16.5)
if TYPE_CHECKING:
    from typing import BinaryIO


def describe_os_error(exc: OSError, path: Path, *, writing: bool = True) -> str:
    """A Chinese sentence saying what went wrong with ``path`` and what to do."""
    name = str(path)
    code = exc.errno
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM, errno.EROFS):
        if writing and path.exists():
            return (f"无法写入“{name}”：文件被占用或没有写入权限。如果它正在 WPS、Excel 或其他程序中打开，"
                    f"请先关闭它再试；或者另存到其他位置（例如“文档”文件夹）。")
        if writing:
            return f"无法在“{path.parent}”中创建文件：该文件夹没有写入权限或是只读的。请另存到其他文件夹（例如“文档”）。"
        return f"无法读取“{name}”：没有读取权限。请把文件复制到“文档”等文件夹后再打开。"
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return f"磁盘空间不足，无法保存“{name}”。原文件没有改动。请清理磁盘或另存到其他磁盘（如U盘）后再试。"
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        if writing:
            return f"文件夹“{path.parent}”不存在（可能是U盘已拔出或网络盘已断开）。请选择其他保存位置。"
        return f"找不到文件“{name}”。它可能已被移动、改名或删除。"
    if isinstance(exc, IsADirectoryError):
        return f"“{name}”是一个文件夹，不是文件。请选择一个文件。"
    if code == errno.ENAMETOOLONG:
        return f"文件名或路径太长：“{name}”。请换一个短一些的文件名或文件夹。"
    verb = "保存" if writing else "读取"
    return f"{verb}“{name}”时出错：{exc.strerror or exc}。请检查该位置后重试。"


def fingerprint(path: Path) -> str | None:
    """Content hash of a file on disk (None if it does not exist): detects changes made by someone else."""
    import hashlib  # loaded when first needed (OpenSSL takes a few ms to load)

    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except FileNotFoundError:
        return None


def atomic_write(path: Path, writer: Callable[[BinaryIO], object], *, backup_suffix: str | None = None) -> None:
    """Write ``path`` through a temporary file in the same folder: flush, fsync, then replace.

    Either the new file is complete on disk or the old one is untouched; a partial file is never left behind.
    With ``backup_suffix`` the previous version is kept beside it (e.g. ``report.gkreport.bak``).
    Raises SaveError with a Chinese message.
    """
    path = Path(path)
    tmp_name: str | None = None
    try:
        import tempfile  # only when saving (tempfile imports shutil, random …)

        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        _lock(fd)  # held until closed: a temporary file that is not locked belongs to a save that was killed
        remove_stale_temps(path)
        with os.fdopen(fd, "wb") as fh:
            writer(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if os.name != "nt":
            os.chmod(tmp_name, 0o644)
        if backup_suffix and path.exists():
            backup = path.with_name(path.name + backup_suffix)
            with open(path, "rb") as src:
                data = src.read()
            atomic_write(backup, lambda fh: fh.write(data))
        _check_replaceable(path)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_dir(path.parent)
    except SaveError:
        raise
    except OSError as exc:
        raise SaveError(describe_os_error(exc, path)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: an open file cannot be deleted, which protects it as well
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def stale_temps(path: Path) -> list[Path]:
    """This program's temporary files for ``path`` (``.name.xxxxxxxx.tmp``) left by saves that did not finish."""
    pattern = re.compile(r"\." + re.escape(path.name) + r"\.[a-z0-9_]{8}\.tmp")
    try:
        with os.scandir(path.parent) as it:
            return [Path(e.path) for e in it if pattern.fullmatch(e.name) and e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def remove_stale_temps(path: Path) -> int:
    """Delete the temporary files of earlier saves of ``path`` that were killed (a save in progress holds a lock on
    its own, so it is left alone). Returns how many were removed; never fails the save."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: a file open in another save cannot be deleted
        fcntl = None  # type: ignore[assignment]
    removed = 0
    for tmp in stale_temps(path):
        if fcntl is None:  # pragma: no cover
            with contextlib.suppress(OSError):
                os.unlink(tmp)
                removed += 1
            continue
        try:
            fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while another save is writing it
            os.unlink(tmp)
            removed += 1
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _check_replaceable(path: Path) -> None:
    """A file locked by another program (WPS/Excel on Windows) cannot be replaced: find out before replacing."""
    if not path.exists():
        return
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    if not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "read-only", str(path))
    if os.name == "nt":  # pragma: no cover - Windows only
        with open(path, "r+b"):
            pass


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
