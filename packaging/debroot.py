"""Debian roots made by debootstrap from Debian's own package registry, cached, and commands run inside them.

- ``base_root``: ``debootstrap --variant=minbase <suite>`` once, kept pristine under the cache folder;
- ``clone``: a working copy of it (hard links are not used: the copies are changed by apt);
- ``run``: a command inside a root (chroot) in a private mount namespace with /proc, /dev and chosen host folders
  bound in, so nothing stays mounted when it ends, optionally without network (``unshare -n``).

Needs root (or fakeroot-free chroot rights), debootstrap and util-linux's unshare. Everything is downloaded from
deb.debian.org (``GKDESK_DEBIAN_MIRROR`` to use another Debian mirror).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

MIRROR = os.environ.get("GKDESK_DEBIAN_MIRROR", "http://deb.debian.org/debian")
STAMP = ".gkdesk-complete"


def say(text: str) -> None:
    print(f">> {text}", flush=True)


def cache_dir() -> Path:
    """Where roots, the built Python and the pip cache are kept between builds (GKDESK_BUILD_CACHE to move it)."""
    base = os.environ.get("GKDESK_BUILD_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gkdesk-build")
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def why_not_possible() -> str | None:
    """None when roots can be made and entered here, else the reason (in Chinese, for skips and errors)."""
    if os.uname().sysname != "Linux":
        return "只能在 Linux 上制作 Debian 根目录"
    if os.geteuid() != 0:
        return "制作和进入 Debian 根目录（debootstrap、chroot）需要 root 权限"
    for tool in ("debootstrap", "unshare", "chroot", "mount"):
        if not shutil.which(tool):
            return f"缺少 {tool}（Debian 上：apt-get install debootstrap）"
    try:
        ok = subprocess.run(["unshare", "--mount", "--fork", "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    return None if ok else "这里不能创建挂载命名空间（unshare --mount），无法进入根目录"


def base_root(suite: str = "bullseye", arch: str = "amd64") -> Path:
    """The pristine minbase root of ``suite`` (made once; about two minutes)."""
    root = cache_dir() / f"{suite}-{arch}-minbase"
    if (root / STAMP).is_file():
        return root
    import fcntl

    with open(cache_dir() / f"{suite}-{arch}-minbase.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two builds starting together: the second waits for the first's root
        if (root / STAMP).is_file():
            return root
        return _debootstrap(root, suite, arch)


def _debootstrap(root: Path, suite: str, arch: str) -> Path:
    part = root.with_name(root.name + ".part")
    if part.exists():
        shutil.rmtree(part)
    say(f"debootstrap {suite}（{arch}）→ {root}（只在第一次需要，约 2 分钟）")
    t0 = time.perf_counter()
    cmd = ["debootstrap", "--variant=minbase", f"--arch={arch}", suite, str(part), MIRROR]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        log = part / "debootstrap" / "debootstrap.log"
        tail = log.read_text(errors="replace")[-3000:] if log.is_file() else proc.stdout[-3000:]
        raise RuntimeError(f"debootstrap {suite} 失败（{proc.returncode}）：{proc.stderr[-2000:]}\n{tail}")
    (part / STAMP).write_text(f"{suite} {arch} {MIRROR}\n", encoding="utf-8")
    if root.exists():
        shutil.rmtree(root)
    part.rename(root)
    say(f"debootstrap 完成（{time.perf_counter() - t0:.0f} 秒）")
    return root


def clone(src: Path, dest: Path) -> Path:
    """A fresh copy of a root (the old copy is removed)."""
    if dest.exists():
        shutil.rmtree(dest)
    subprocess.run(["cp", "-a", str(src), str(dest)], check=True)
    (dest / STAMP).unlink(missing_ok=True)
    return dest


def _resolv(root: Path) -> None:
    """The host's name servers, so apt and pip can reach their registries from inside."""
    target = root / "etc" / "resolv.conf"
    if target.is_symlink() or target.exists():
        target.unlink()
    if Path("/etc/resolv.conf").exists():
        shutil.copyfile("/etc/resolv.conf", target)


def run(root: Path, command: str, *, binds: dict[str, Path] | None = None, env: dict[str, str] | None = None,
        network: bool = True, check: bool = True, capture: bool = False, timeout: float | None = None,
        ) -> subprocess.CompletedProcess:
    """Run ``command`` (a shell line) inside ``root``.

    ``binds`` maps a path inside the root to a host folder bound there for the command's lifetime.
    ``env`` is the whole environment inside (a plain PATH, C.UTF-8 and HOME=/root when not given).
    """
    _resolv(root)
    inner_env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
                 "HOME": "/root", "DEBIAN_FRONTEND": "noninteractive"}
    if env is not None:
        inner_env = env
    mounts = [f"mount -t proc proc {shlex.quote(str(root / 'proc'))}",
              f"mount --rbind /dev {shlex.quote(str(root / 'dev'))}",
              f"mount -t tmpfs tmpfs {shlex.quote(str(root / 'tmp'))}"]
    for inside, host in (binds or {}).items():
        target = root / inside.lstrip("/")
        target.mkdir(parents=True, exist_ok=True)
        mounts.append(f"mount --bind {shlex.quote(str(host))} {shlex.quote(str(target))}")
    env_args = " ".join(shlex.quote(f"{k}={v}") for k, v in inner_env.items())
    script = " && ".join(mounts) + (f" && exec chroot {shlex.quote(str(root))} /usr/bin/env -i {env_args} "
                                    f"/bin/sh -c {shlex.quote(command)}")
    cmd = ["unshare", "--mount", "--fork", *([] if network else ["--net"]), "/bin/sh", "-c", script]
    return subprocess.run(cmd, check=check, text=True, capture_output=capture, timeout=timeout)


def apt_install(root: Path, packages: list[str], *, sources: str | None = None) -> None:
    """apt-get install ``packages`` inside ``root`` (from the suite's own registry; ``sources`` replaces the
    sources.list when given)."""
    if sources is not None:
        (root / "etc" / "apt" / "sources.list").write_text(sources, encoding="utf-8")
    (root / "etc" / "apt" / "apt.conf.d").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "apt" / "apt.conf.d" / "90gkdesk").write_text(
        'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\nAcquire::Retries "3";\n',
        encoding="utf-8")
    say(f"在 {root.name} 中安装：{' '.join(packages)}")
    run(root, "apt-get update -qq && apt-get install -y -qq " + " ".join(shlex.quote(p) for p in packages)
        + " >/tmp/apt.log 2>&1 || { tail -40 /tmp/apt.log; exit 1; }")
