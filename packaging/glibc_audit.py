"""glibc audit of a Linux bundle: which GLIBC_ / GLIBCXX_ symbol versions every ELF file needs, and by which symbols.

Reads the ELF files directly (dynamic symbols, their version indices and the version-needed records), so it needs no
binutils and gives the same answer as ``objdump -T``. Used by build.py (the build fails over the limit) and the tests.

Rule (issue 11): every file needs at most GLIBC_2.28 (UOS 20) and at most GLIBCXX_3.4.25 (the libstdc++ of gcc 8,
UOS 20's) — unless the bundle carries its own libstdc++.so.6, whose version then decides, and which must itself stay
within the GLIBC limit.

Usage: python packaging/glibc_audit.py BUNDLE [--glibc 2.28] [--glibcxx 3.4.25]
"""

from __future__ import annotations

import argparse
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

Version = tuple[int, ...]

SHT_DYNSYM, SHT_GNU_VERNEED, SHT_GNU_VERSYM = 11, 0x6FFFFFFE, 0x6FFFFFFF


def parse_version(text: str) -> Version:
    return tuple(int(x) for x in text.split("."))


def show(v: Version) -> str:
    return ".".join(str(x) for x in v)


def needed_versions(data: bytes) -> dict[str, set[str]]:
    """'GLIBC_2.28' -> the undefined dynamic symbols bound to that version, for one ELF image ({} if not ELF)."""
    if data[:4] != b"\x7fELF" or data[5] != 1:
        return {}
    is64 = data[4] == 2
    if is64:
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sh_fmt = "<IIQQQQIIQQ"
    else:
        shoff, = struct.unpack_from("<I", data, 0x20)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x2E)
        sh_fmt = "<IIIIIIIIII"
    sections = []
    for i in range(shnum):
        _n, stype, _f, _a, offset, size, link, info, _al, entsize = struct.unpack_from(sh_fmt, data, shoff + i * shentsize)
        sections.append((stype, offset, size, link, info, entsize))

    def cstr(table: int, off: int) -> str:
        start = sections[table][1] + off
        return data[start:data.index(b"\0", start)].decode("ascii", "replace")

    index_to_name: dict[int, str] = {}
    for stype, offset, _size, link, info, _e in sections:
        if stype != SHT_GNU_VERNEED:
            continue
        pos = offset
        for _ in range(info):  # Verneed records
            _ver, cnt, _file, aux, nxt = struct.unpack_from("<HHIII", data, pos)
            apos = pos + aux
            for _ in range(cnt):  # Vernaux records
                _hash, _flags, other, name, anext = struct.unpack_from("<IHHII", data, apos)
                index_to_name[other & 0x7FFF] = cstr(link, name)
                apos += anext
            if not nxt:
                break
            pos += nxt
    if not index_to_name:
        return {}
    out: dict[str, set[str]] = {v: set() for v in index_to_name.values()}
    dynsym = next((s for s in sections if s[0] == SHT_DYNSYM), None)
    versym = next((s for s in sections if s[0] == SHT_GNU_VERSYM), None)
    if dynsym is None or versym is None:
        return out
    _t, sym_off, sym_size, str_link, _i, sym_ent = dynsym
    sym_ent = sym_ent or (24 if is64 else 16)
    for k in range(sym_size // sym_ent):
        pos = sym_off + k * sym_ent
        if is64:
            name, _info, _other, shndx = struct.unpack_from("<IBBH", data, pos)
        else:
            name, = struct.unpack_from("<I", data, pos)
            shndx, = struct.unpack_from("<H", data, pos + 14)
        if shndx != 0:
            continue  # defined here, not needed from elsewhere
        idx, = struct.unpack_from("<H", data, versym[1] + 2 * k)
        ver = index_to_name.get(idx & 0x7FFF)
        if ver:
            out[ver].add(cstr(str_link, name))
    return out


@dataclass
class AuditResult:
    glibc_limit: Version
    glibcxx_limit: Version | None  # None: the bundle carries its own libstdc++ (its version is not limited)
    files: int = 0
    highest: dict[str, tuple[Version, str]] = field(default_factory=dict)  # "GLIBC" -> (version, a file needing it)
    #: (file, "GLIBC_2.29", sorted symbols) over the limits
    violations: list[tuple[str, str, list[str]]] = field(default_factory=list)
    own_libstdcxx: str | None = None

    @property
    def ok(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        parts = [f"{fam}_{show(v)}（{who}）" for fam, (v, who) in sorted(self.highest.items())]
        cxx = (f"自带 libstdc++（{self.own_libstdcxx}），GLIBCXX 不受 3.4.25 限制" if self.own_libstdcxx
               else f"GLIBCXX ≤ {show(self.glibcxx_limit or ())}")
        if self.glibc_limit >= (99,):
            return f"检查了 {self.files} 个 ELF 文件；最高需要：{'，'.join(parts) or '无'}（不设上限）"
        return f"检查了 {self.files} 个 ELF 文件；最高需要：{'，'.join(parts) or '无'}；规则：GLIBC ≤ " \
               f"{show(self.glibc_limit)}，{cxx}"

    def report(self) -> str:
        lines = [self.summary()]
        for f, ver, syms in self.violations:
            more = f" 等 {len(syms)} 个" if len(syms) > 8 else ""
            lines.append(f"  超出：{f} 需要 {ver}：{', '.join(syms[:8])}{more}")
        return "\n".join(lines)


def elf_files(bundle: Path) -> list[Path]:
    out = []
    for p in sorted(bundle.rglob("*")):
        if p.is_file() and not p.is_symlink():
            with open(p, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    out.append(p)
    return out


def audit(bundle: Path, glibc: str = "2.28", glibcxx: str = "3.4.25") -> AuditResult:
    """Check every ELF file under ``bundle`` against the limits."""
    files = elf_files(bundle)
    own = next((p for p in files if p.name.startswith("libstdc++.so")), None)
    result = AuditResult(parse_version(glibc), None if own else parse_version(glibcxx), files=len(files),
                         own_libstdcxx=str(own.relative_to(bundle)) if own else None)
    for f in files:
        rel = str(f.relative_to(bundle))
        for ver, syms in sorted(needed_versions(f.read_bytes()).items()):
            fam, _, num = ver.partition("_")
            if fam not in ("GLIBC", "GLIBCXX") or not num[:1].isdigit():
                continue
            v = parse_version(num)
            if fam not in result.highest or v > result.highest[fam][0]:
                result.highest[fam] = (v, rel)
            limit = result.glibc_limit if fam == "GLIBC" else result.glibcxx_limit
            if limit is not None and v > limit:
                result.violations.append((rel, ver, sorted(syms)))
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="检查程序包里每个 ELF 文件需要的 glibc / libstdc++ 版本")
    p.add_argument("bundle", type=Path)
    p.add_argument("--glibc", default="2.28")
    p.add_argument("--glibcxx", default="3.4.25")
    args = p.parse_args(argv)
    result = audit(args.bundle, args.glibc, args.glibcxx)
    print(result.report())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
